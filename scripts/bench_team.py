#!/usr/bin/env python3
"""Team mode's rows of scripts/bench-report (`--team`): PostgreSQL against SQLite on the
same book, in one run (standard library only; needs psql and sqlite3).

  run BIN BENCH FIX SU_URL OUT_JSON

BIN: the radar binary; BENCH: the `team` bench executable (benches/team.rs); FIX: the
fixture dir holding demo-10000.db and demo-100000.db (primed); SU_URL: a superuser's
address on a PostgreSQL cluster (scripts/with-postgres gives one as $RADAR_TEST_PG).

Each team database gets a lead (rb_lead) and a CSM (rb_csm) who owns the imported book;
the CSM's commands run under row security. Every row is a median, PostgreSQL and SQLite
interleaved run by run, each with a floor measured in the same rounds.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_tools as bt  # noqa: E402

TODAY = bt.TODAY
PW = "bench-pw"


def server(su_url):
    q = parse_qs(urlparse(su_url).query)
    return q.get("host", ["/tmp"])[0], q.get("port", ["5432"])[0]


def url(su_url, login, db):
    host, port = server(su_url)
    return f"postgresql://{login}@/{db}?host={host}&port={port}"


def psql(su_url, sql, db="postgres"):
    host, port = server(su_url)
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-U", "postgres",
                    "-d", db, "-c", sql], check=True, stdout=subprocess.DEVNULL)


def env_as(login=None):
    env = bt.radar_env()
    env["RADAR_CONFIG"] = "/nonexistent/radar.toml"
    env["PGPASSFILE"] = "/nonexistent/pgpass"
    if login:
        env["PGPASSWORD"] = PW
    return env


def fresh_db(binary, su_url, db):
    """A new team database with rb_lead (lead) and rb_csm (no team)."""
    psql(su_url, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    for role in ("rb_lead", "rb_csm"):
        psql(su_url, f"DROP ROLE IF EXISTS {role}")
    psql(su_url, f"CREATE DATABASE {db}")
    admin = url(su_url, "postgres", db)
    subprocess.run([binary, "--db", admin, "team", "init"], check=True, env=env_as(), stdout=subprocess.DEVNULL)
    for login, extra in (("rb_lead", ["--lead"]), ("rb_csm", [])):
        env = env_as()
        env["RADAR_NEW_PASSWORD"] = PW
        subprocess.run([binary, "--db", admin, "team", "add-user", login] + extra, check=True, env=env,
                       stdout=subprocess.DEVNULL)


def import_solo(binary, su_url, db, solo):
    t0 = time.perf_counter()
    subprocess.run([binary, "--db", url(su_url, "rb_lead", db), "team", "import-solo", solo, "--owner", "rb_csm"],
                   check=True, env=env_as("rb_lead"), stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def med(v):
    return statistics.median(v)


def interleaved(n, cmds, warm=1):
    """Runs each command once per round (n rounds after `warm` untimed ones); times per command."""
    times = [[] for _ in cmds]
    for r in range(n + warm):
        for i, (argv, env) in enumerate(cmds):
            t0 = time.perf_counter()
            subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if r >= warm:
                times[i].append(time.perf_counter() - t0)
    return times


def per_edit(binary, db, env, count):
    """`radar torture-edits`: the gaps between its ACK lines (each printed after a commit)."""
    p = subprocess.Popen([binary, "--db", db, "--today", TODAY, "torture-edits", "--count", str(count),
                          "--tag", "bench"], stdout=subprocess.PIPE, env=env, text=True)
    stamps = []
    for line in p.stdout:
        if line.startswith("ACK"):
            stamps.append(time.perf_counter())
    if p.wait() != 0:
        raise SystemExit("torture-edits failed")
    return [b - a for a, b in zip(stamps, stamps[1:])]


def cmd_run(binary, bench, fix, su_url, out):
    res = {}
    # Every radar run as a team login finds its password here (bench_tools' runs too).
    os.environ["PGPASSWORD"] = PW
    os.environ["PGPASSFILE"] = "/nonexistent/pgpass"

    def put(key, secs):
        res[key] = {"median_ms": med(secs) * 1e3, "ms": [round(s * 1e3, 3) for s in secs]}
        Path(out).write_text(json.dumps(res, indent=1))  # what is measured survives a stop

    # Moving in: 10k three times (a fresh database each), 100k once (it is the fixture).
    # The book every other row runs on: the 100k demo (RADAR_BENCH_TEAM_BOOK=N: another size).
    book = os.environ.get("RADAR_BENCH_TEAM_BOOK", "100000")
    solo10, solo100 = f"{fix}/demo-10000.db", f"{fix}/demo-{book}.db"
    t10 = []
    for _ in range(int(os.environ.get("RADAR_BENCH_TEAM_IMPORT_RUNS", "3"))):
        fresh_db(binary, su_url, "radar_bench_10k")
        t10.append(import_solo(binary, su_url, "radar_bench_10k", solo10))
    psql(su_url, "DROP DATABASE radar_bench_10k WITH (FORCE)")
    put("import_solo_10k", t10)
    print(f"  import-solo 10k: median {med(t10):.2f} s ({len(t10)} runs)", flush=True)
    fresh_db(binary, su_url, "radar_bench")
    t100 = import_solo(binary, su_url, "radar_bench", solo100)
    put(f"import_solo_book_{book}", [t100])
    print(f"  import-solo {book}: {t100:.2f} s (1 run)", flush=True)
    csm = url(su_url, "rb_csm", "radar_bench")
    host, port = server(su_url)
    pg_env, lite_env = env_as("rb_csm"), env_as()
    # The team's risk cache starts empty: one dashboard open fills it, as for the solo file.
    bt.cmd_prime(binary, csm)
    # The book's size on each engine (PostgreSQL: the whole database, indexes and TOAST;
    # SQLite: the file and its WAL, if any).
    host, port = server(su_url)
    pg_bytes = int(subprocess.run(["psql", "-X", "-Atq", "-h", host, "-p", port, "-U", "postgres", "-d", "radar_bench",
                                   "-c", "SELECT pg_database_size('radar_bench')"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    lite_bytes = sum(os.path.getsize(p) for p in (solo100, solo100 + "-wal") if os.path.exists(p))
    res["db_bytes_pg"], res["db_bytes_sqlite"] = pg_bytes, lite_bytes
    Path(out).write_text(json.dumps(res, indent=1))
    print(f"  database size: PostgreSQL {pg_bytes / 1e6:.0f} MB, SQLite {lite_bytes / 1e6:.0f} MB", flush=True)

    # In-process rows: portfolio, detail, edit commit, live refresh (benches/team.rs).
    benv = env_as("rb_csm")
    benv.update({"RADAR_BENCH_TEAM_SOLO": solo100, "RADAR_BENCH_TEAM_URL": csm,
                 "RADAR_BENCH_TEAM_WRITER": url(su_url, "rb_lead", "radar_bench"),
                 "RADAR_BENCH_TEAM_OUT": f"{out}.inproc"})
    subprocess.run([bench], check=True, env=benv)
    for k, v in json.loads(Path(f"{out}.inproc").read_text()).items():
        res[k] = v
    Path(out).write_text(json.dumps(res, indent=1))

    # Startup to first frame, in a 200x50 pty, interleaved.
    start = [binary, "--today", TODAY, "--exit-after-first-frame", "--db"]
    bt.run_in_pty(start + [csm], pg_env)
    bt.run_in_pty(start + [solo100], lite_env)
    a, b = [], []
    for _ in range(5):
        a.append(bt.run_in_pty(start + [csm], pg_env))
        b.append(bt.run_in_pty(start + [solo100], lite_env))
    put("startup_pg", a)
    put("startup_sqlite", b)

    # An edit's commit through the binary (torture-edits: the dashboard's save path).
    put("torture_edit_pg", per_edit(binary, csm, pg_env, 30))
    put("torture_edit_sqlite", per_edit(binary, solo100, lite_env, 30))

    # The command line, each with a process-and-connection floor: a bare count by psql
    # (as the CSM, under row security) and by sqlite3.
    floors = [(["psql", "-X", "-h", host, "-p", port, "-U", "rb_csm", "-d", "radar_bench", "-Atc",
                "SELECT count(*) FROM radar.account"], pg_env),
              (["sqlite3", "-readonly", solo100, "SELECT count(*) FROM account"], lite_env)]
    fl = interleaved(5, floors)
    put("cli_floor_pg", fl[0])
    put("cli_floor_sqlite", fl[1])
    # Seconds each at 100k on both engines today: 3 runs, no warm-up (both caches primed).
    runs = int(os.environ.get("RADAR_BENCH_TEAM_CLI_RUNS", "3"))
    for key, args in (("triage", ["triage", "--limit", "20"]), ("report", ["report"]),
                      ("agenda", ["agenda", "--days", "7"])):
        t = interleaved(runs, warm=0, cmds=[([binary, "--db", csm, "--today", TODAY] + args, pg_env),
                            ([binary, "--db", solo100, "--today", TODAY] + args, lite_env)])
        put(f"cli_{key}_pg", t[0])
        put(f"cli_{key}_sqlite", t[1])
        print(f"  {key}: PostgreSQL {med(t[0]) * 1e3:.0f} ms, SQLite {med(t[1]) * 1e3:.0f} ms", flush=True)


    Path(out).write_text(json.dumps(res, indent=1))
    psql(su_url, "DROP DATABASE radar_bench WITH (FORCE)")
    table(res)


ROWS = [
    ("import-solo, 10k accounts (one transaction)", "import_solo_10k", None, None),
    ("import-solo, 100k accounts (one transaction)", "import_solo_book_100000", None, None),
    ("startup to first frame (pty)", "startup_pg", "startup_sqlite", None),
    ("portfolio load (every account)", "portfolio_pg", "portfolio_sqlite", "portfolio_floor"),
    ("detail load (worker)", "detail_pg", "detail_sqlite", "round_trip_floor"),
    ("edit commit, in process (save + rescore)", "edit_commit_pg", "edit_commit_sqlite", None),
    ("edit commit, torture-edits per ACK", "torture_edit_pg", "torture_edit_sqlite", None),
    ("triage --limit 20", "cli_triage_pg", "cli_triage_sqlite", "cli_floor"),
    ("report", "cli_report_pg", "cli_report_sqlite", "cli_floor"),
    ("agenda --days 7", "cli_agenda_pg", "cli_agenda_sqlite", "cli_floor"),
    ("change heard (NOTIFY / data_version)", "notify_heard_pg", "change_seen_sqlite", None),
    ("change to screen (heard + reload)", "notify_to_screen_pg", "change_to_screen_sqlite", None),
]


def fmt(ms):
    return f"{ms / 1e3:.2f} s" if ms >= 1000 else f"{ms:.1f} ms" if ms >= 1 else f"{ms * 1e3:.0f} µs"


def table(res):
    print()
    print("| row | PostgreSQL | floor | SQLite | floor | PG/SQLite |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, pg, lite, floor in ROWS:
        p = res.get(pg, {}).get("median_ms")
        s = res.get(lite, {}).get("median_ms") if lite else None
        fp = res.get(f"{floor}_pg", {}).get("median_ms") if floor else None
        fs = res.get(f"{floor}_sqlite", {}).get("median_ms") if floor else None
        cells = [fmt(x) if x is not None else "" for x in (p, fp, s, fs)]
        ratio = f"{p / s:.1f}x" if p and s else ""
        print(f"| {label} | {' | '.join(cells)} | {ratio} |")
    pg_b, lite_b = res.get("db_bytes_pg"), res.get("db_bytes_sqlite")
    if pg_b and lite_b:
        print(f"| database size (after import and prime) | {pg_b / 1e6:.0f} MB |  | {lite_b / 1e6:.0f} MB |  | {pg_b / lite_b:.1f}x |")


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "run":
        cmd_run(*args)
    elif cmd == "table":
        table(json.loads(Path(args[0]).read_text()))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
