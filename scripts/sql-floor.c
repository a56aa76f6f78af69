/* The command-line floors' SQL run by the SQLite Radar bundles (scripts/bench-report).
 *
 * Why: a floor is "sqlite3 (a process too) running the same SQL". The system's sqlite3
 * can be older than the SQLite compiled into Radar (Debian 12: 3.40) and then cannot open
 * what Radar writes (the search index's `contentless_delete`, 3.43+). bench-report
 * compiles this file with the amalgamation of the libsqlite3-sys crate Radar links, so
 * the floor runs the same engine version, and uses it where the system's sqlite3 fails.
 *
 * Usage: sql-floor DB SQL   (read-only; rows printed tab-separated, one per line, as
 * `sqlite3 -readonly DB SQL` prints them with '|'). Exit 1 with SQLite's message on error. */
#include <stdio.h>
#include "sqlite3.h"

static int print_row(void *unused, int n, char **values, char **names) {
    (void)unused;
    (void)names;
    for (int i = 0; i < n; i++) {
        if (i) putchar('\t');
        fputs(values[i] ? values[i] : "", stdout);
    }
    putchar('\n');
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s DB SQL\n", argv[0]);
        return 2;
    }
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], sqlite3_errmsg(db));
        return 1;
    }
    char *err = NULL;
    if (sqlite3_exec(db, argv[2], print_row, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], err ? err : sqlite3_errmsg(db));
        sqlite3_free(err);
        sqlite3_close(db);
        return 1;
    }
    sqlite3_close(db);
    return 0;
}
