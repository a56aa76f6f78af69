#!/usr/bin/env python3
"""Helpers of scripts/bench-report (standard library only).

  prime    BIN DB                    open the dashboard once, until idle (risk cache for --today)
  startup  BIN DB N OUT_JSON KEY     time `radar --exit-after-first-frame` in a 200x50 pty
  timeit   N OUT_JSON KEY -- CMD...  time a command N times (run from a clean state by PREP)
  cli      BIN DB N OUT_JSON         the command line at 100k (triage, report, agenda, search),
                                     each interleaved with its SQL floor run by sqlite3
  filesize KEY PATH OUT_JSON         a file's size in MB
  dash     BIN DB OUT_JSON           open the dashboard in tmux, walk every pane, peak RSS,
                                     then 60 s idle: CPU time and frames drawn
  soak     BIN DB MINUTES OUT_JSON   random keys every ~50 ms, a write from another process
                                     every few seconds, VmRSS every 10 s
  table    RESULTS_DIR               print the report table (criterion + the JSON above)

Times are wall-clock seconds from time.perf_counter; RSS from /proc/<pid>/status.
"""

import fcntl
import json
import os
import random
import shutil
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

TODAY = "2026-11-22"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------- helpers

def pct(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(-(-p * len(v) // 100)) - 1))
    return v[k]


def merge_json(path, key, value):
    p = Path(path)
    data = json.loads(p.read_text()) if p.exists() else {}
    data[key] = value
    p.write_text(json.dumps(data, indent=1))


def summary(times):
    return {"times": times, "median": statistics.median(times), "p95": pct(times, 95), "n": len(times)}


def radar_env():
    """The user's environment, with config and data dirs pointed at a scratch folder so
    the daily backup and any settings stay out of the user's home."""
    env = dict(os.environ)
    scratch = os.environ.get("RADAR_BENCH_SCRATCH")
    if scratch:
        env["XDG_CONFIG_HOME"] = os.path.join(scratch, "config")
        env["XDG_DATA_HOME"] = os.path.join(scratch, "data")
    env.pop("RADAR_DB", None)
    env["TERM"] = "xterm-256color"
    return env


# ---------------------------------------------------------------------------- startup

def run_in_pty(cmd, env, cols=200, rows=50, timeout=120):
    """Runs cmd with a pty as its terminal; returns the wall time to its exit."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    t = threading.Thread(target=lambda: _drain(master), daemon=True)
    t.start()
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, preexec_fn=_ctty)
    # A blocking wait: Popen.wait(timeout=...) polls with sleeps of up to 50 ms, which
    # rounded every startup time up to the next poll. The timer only guards a hang.
    guard = threading.Timer(timeout, p.kill)
    guard.start()
    rc = p.wait()
    elapsed = time.perf_counter() - t0
    guard.cancel()
    os.close(slave)
    t.join(timeout=2)
    os.close(master)
    if rc != 0:
        raise SystemExit(f"{cmd} exited with {rc}")
    return elapsed


def cmd_startup(binary, db, n, out, key):
    env = radar_env()
    cmd = [binary, "--db", db, "--today", TODAY, "--exit-after-first-frame"]
    run_in_pty(cmd, env)  # warm-up: page cache, first-run files
    times = [run_in_pty(cmd, env) for _ in range(int(n))]
    merge_json(out, key, summary(times))
    s = summary(times)
    print(f"  {key}: median {s['median']*1e3:.1f} ms, p95 {s['p95']*1e3:.1f} ms ({n} runs)")


def proc_cpu(pid):
    """utime + stime of the whole process (all threads), seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def cmd_prime(binary, db):
    """Opens the dashboard once (in a pty) and waits until it is idle, so the risk cache
    is computed for --today, as for a user who opened it earlier in the day; then quits."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    threading.Thread(target=lambda: _drain(master), daemon=True).start()
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, "--db", db, "--today", TODAY], stdin=slave, stdout=slave, stderr=slave,
                         env=radar_env(), preexec_fn=_ctty)
    time.sleep(1)
    last, since = proc_cpu(p.pid), time.time()
    while time.time() - since < 2 and time.perf_counter() - t0 < 300:
        time.sleep(0.1)
        now = proc_cpu(p.pid)
        if now != last:
            last, since = now, time.time()
    os.write(master, b"q")
    p.wait(timeout=30)
    os.close(slave)
    # The dashboard exits without closing its store connections, so its WAL can stay
    # behind (even with a checkpoint half done in the main file). One headless command
    # opens and closes the file cleanly: the WAL is folded in and removed, and the .db
    # alone is then a complete fixture to copy.
    subprocess.run([binary, "--db", db, "--today", TODAY, "report"], check=True, env=radar_env(),
                   stdout=subprocess.DEVNULL)
    if os.path.exists(db + "-wal"):
        raise SystemExit(f"{db}-wal is still there after a clean open and close")
    print(f"  primed the risk cache of {os.path.basename(db)} in {time.perf_counter() - t0:.1f} s")


def _drain(fd):
    """Reads all the program writes, answering as a terminal would the two questions radar
    asks before its first frame (the background colour, OSC 11, and the device attributes,
    DA1): startup is timed as in a real terminal, not waiting out the query's timeout."""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        if not data:
            return
        if b"\x1b]11;?" in data:
            os.write(fd, b"\x1b]11;rgb:0000/0000/0000\x1b\\")
        if b"\x1b[c" in data:
            os.write(fd, b"\x1b[?62;22c")


def _ctty():
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


# ---------------------------------------------------------------------------- timeit

def cmd_timeit(n, out, key, argv):
    """argv: PREP_CMD ;; CMD — PREP (untimed, via sh) runs before each timed run."""
    sep = argv.index(";;")
    prep, cmd = argv[:sep], argv[sep + 1:]
    times = []
    for _ in range(int(n)):
        if prep:
            subprocess.run(prep, shell=True, check=True)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=radar_env())
        times.append(time.perf_counter() - t0)
    merge_json(out, key, summary(times))
    s = summary(times)
    print(f"  {key}: median {s['median']:.2f} s, p95 {s['p95']:.2f} s ({n} runs)")


# ---------------------------------------------------------------------------- cli

# (key, radar arguments, the floor: SQL run by sqlite3 returning the same rows or aggregates).
# `?TODAY`, `?FROM`, `?TO` (today's quarter), `?Q` (= `?FROM`) and `?H` (today + 7 days)
# are filled in below.
CLI_ROWS = [
    ("cli_triage", ["triage", "--limit", "20"],
     "SELECT rc.account_id, a.owner, rc.score, rc.band, rc.priority, rc.reasons FROM risk_cache rc "
     "JOIN account a ON a.id = rc.account_id ORDER BY rc.priority DESC, rc.score DESC, "
     "EXISTS (SELECT 1 FROM term t WHERE t.account_id = a.id) DESC, a.name, a.id LIMIT 20;"),
    ("cli_triage_owner", ["triage", "--limit", "20", "--owner", "?OWNER"],
     "SELECT rc.account_id, a.owner, rc.score, rc.band, rc.priority, rc.reasons FROM risk_cache rc "
     "JOIN account a ON a.id = rc.account_id WHERE a.owner = '?OWNER' "
     "ORDER BY rc.priority DESC, rc.score DESC, EXISTS (SELECT 1 FROM term t WHERE t.account_id = a.id) DESC, "
     "a.name, a.id LIMIT 20;"),
    # What `report` reads when the cache is current: this quarter's terms and those ending
    # in the next 90 days, each with its account's owner, forecast call and cached band (in
    # table order, as `report` reads them since session 15: by `term_end` each lookup read
    # a page afresh; owner and call from one join since session 17), and each owner's sums
    # of the accounts' cached rate shares (from their index, V19). Since session 18 `report`
    # reads the same rows by three walks in account order merged in Rust, not by the engine's
    # joins and grouping: the floor stays the bare SQL that gives the same aggregates.
    ("cli_report", ["report"],
     "SELECT count(*), sum(t.arr_minor), sum(t.outcome = 'renewed'), sum(t.new_arr_minor), sum(t.outcome IS NULL), "
     "sum(rc.band IN ('at_risk', 'critical')), sum(a.forecast IS NOT NULL), count(DISTINCT a.owner) "
     "FROM term t NOT INDEXED JOIN account a ON a.id = t.account_id LEFT JOIN risk_cache rc ON rc.account_id = t.account_id "
     "WHERE t.\"end\" BETWEEN '?FROM' AND '?TO';"
     "SELECT sum(\"end\" <= date('?TODAY', '+30 days')), sum(\"end\" <= date('?TODAY', '+60 days')), count(*), "
     "sum(arr_minor) FROM term WHERE \"end\" BETWEEN '?TODAY' AND date('?TODAY', '+90 days') "
     "AND (outcome IS NULL OR decided_on > '?TODAY');"
     "SELECT a.owner, count(*), sum(rc.as_of = '?TODAY' AND rc.stale = 0), sum(rc.rate_should_activate), "
     "sum(rc.rate_activated), sum(rc.rate_live), sum(rc.rate_target), sum(rc.rate_breadth_bp), "
     "count(rc.rate_breadth_bp) FROM account a LEFT JOIN risk_cache rc INDEXED BY risk_cache_share "
     "ON rc.account_id = a.id GROUP BY a.owner;"),
    # The floor the report had before its inputs were cached (kept to compare): the same
    # figures from the facts, every account's latest usage by a seek.
    ("cli_report_facts", ["report"],
     "SELECT count(*), sum(arr_minor), sum(outcome = 'renewed'), sum(new_arr_minor), sum(outcome IS NULL) "
     "FROM term WHERE \"end\" BETWEEN '?FROM' AND '?TO';"
     "SELECT count(*), sum(a.target_fit), sum(a.activated_on IS NOT NULL), sum(rc.band IN ('at_risk', 'critical')), "
     "sum((SELECT features_used * 10000 / features_total FROM usage u WHERE u.account_id = a.id AND u.date <= '?TODAY' "
     "AND u.features_total > 0 ORDER BY u.date DESC LIMIT 1)) FROM account a LEFT JOIN risk_cache rc ON rc.account_id = a.id;"),
    # Pending milestones are derived (session 25), not stored: no SQL returns them. Their
    # floor is what they are derived from: each account's tier, its terms' dates, and the
    # stored decisions that claim a playbook date by the horizon or are pending by it.
    # (Until session 26 it was the pending rows, which a derived file no longer holds.)
    ("cli_agenda", ["agenda", "--days", "7"],
     "SELECT id, tier FROM account;"
     "SELECT account_id, start, \"end\", outcome IS NULL FROM term;"
     "SELECT account_id, kind, origin, status, due FROM milestone "
     "WHERE origin <= '?H' OR (status = 'pending' AND due <= '?H');"
     "SELECT account_id, due, text FROM promise WHERE status = 'open' AND due <= '?H';"
     "SELECT account_id, due, title FROM task WHERE status = 'open' AND due <= '?H';"
     "SELECT account_id, raised_at, summary FROM complaint WHERE resolved_at IS NULL;"
     "SELECT account_id, \"end\" FROM term WHERE outcome IS NULL AND \"end\" <= '?H';"
     "SELECT r.account_id, r.title, max(t.at) FROM requirement r LEFT JOIN requirement_transition t "
     "ON t.requirement_id = r.id AND t.at < '?H' WHERE r.level IN ('p0', 'p1') "
     "AND r.status NOT IN ('closed', 'rejected') GROUP BY r.id;"
     # Referral follow-ups, this quarter's good moments (the referral suggestions) and
     # the churns a win-back could cure: the rows the agenda's other kinds come from.
     "SELECT account_id, stage_on, prospect FROM referral WHERE stage IN ('asked', 'introduced', 'meeting');"
     "SELECT account_id, date FROM touchpoint WHERE kind = 'praise' AND date BETWEEN '?Q' AND '?TODAY';"
     "SELECT r.account_id, t.at FROM requirement_transition t JOIN requirement r ON r.id = t.requirement_id "
     "WHERE t.status = 'delivered' AND t.at >= '?Q';"
     "SELECT account_id, resolved_at FROM complaint WHERE resolved_at >= '?Q';"
     "SELECT account_id, decided_on FROM term WHERE (outcome = 'renewed' AND decided_on >= '?Q') "
     "OR (outcome = 'churned' AND churn_requirement_id IS NOT NULL);"),
    # What `search` asks the index (`fts::matches`, `fts::count`): the best 20 by bm25 of
    # the 2,000 newest matches, and how many match in all. (Until session 11 the floor was
    # the 20 newest rowids, rows `search` does not show: 11 ms against these 38 ms.)
    ("cli_search", ["search", "training"],
     "SELECT rowid, account_id, day FROM (SELECT rowid, rank AS score, account_id, day FROM search_index "
     "WHERE search_index MATCH '\"training\" *' ORDER BY rowid DESC LIMIT 2000) ORDER BY score, day DESC LIMIT 20;"
     "SELECT count(*) FROM search_index WHERE search_index MATCH '\"training\" *';"),
]


def sqlite3_version():
    r = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True)
    return r.stdout.split(" ")[0] if r.returncode == 0 else "?"


def cmd_cli(binary, db, n, out):
    """Each command against its floor, interleaved (one of each per round, after a
    warm-up of both), so a busy minute of the shared machine weighs on both alike. The
    file's risk cache is current (the fixture is primed): the commands answer from it."""
    import datetime
    today = datetime.date.fromisoformat(TODAY)
    q = (today.month - 1) // 3 * 3 + 1
    q_from = datetime.date(today.year, q, 1)
    q_to = (datetime.date(today.year + (q == 10), 1 if q == 10 else q + 3, 1) - datetime.timedelta(days=1))
    owner = subprocess.run(["sqlite3", db, "SELECT owner FROM account GROUP BY owner ORDER BY count(*) DESC LIMIT 1"],
                           capture_output=True, text=True, check=True).stdout.strip()
    fill = {"?TODAY": TODAY, "?FROM": q_from.isoformat(), "?TO": q_to.isoformat(),
            "?H": (today + datetime.timedelta(days=7)).isoformat(), "?OWNER": owner, "?Q": q_from.isoformat()}

    def sub(x, sql=False):
        for k, v in fill.items():
            x = x.replace(k, v.replace("'", "''") if sql else v)
        return x

    env = radar_env()
    for key, args, floor in CLI_ROWS:
        cmd = [binary, "--db", db, "--today", TODAY] + [sub(a) for a in args]
        floor_cmd = ["sqlite3", "-readonly", db, sub(floor, sql=True)]
        times, floors, stderr = [], [], b""
        # A floor this sqlite3 cannot run (an FTS5 option newer than it) runs in the SQLite
        # Radar bundles (scripts/sql-floor.c, when bench-report could compile it), else
        # skips its row with a note instead of ending the report.
        probe = subprocess.run(floor_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        runner = f"sqlite3 {sqlite3_version()}"
        bundled = os.environ.get("RADAR_SQL_FLOOR", "")
        if probe.returncode != 0 and bundled and os.access(bundled, os.X_OK):
            print(f"  {key}: {runner} cannot run its floor "
                  f"({probe.stderr.decode().strip()}); the bundled SQLite runs it")
            floor_cmd, runner = [bundled, db, sub(floor, sql=True)], "the bundled SQLite"
            probe = subprocess.run(floor_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if probe.returncode != 0:
            print(f"  {key}: skipped, its floor failed in {runner}: {probe.stderr.decode().strip()}")
            continue
        for i in range(int(n) + 1):
            t0 = time.perf_counter()
            r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=True)
            t1 = time.perf_counter()
            subprocess.run(floor_cmd, stdout=subprocess.DEVNULL, check=True)
            t2 = time.perf_counter()
            if i == 0:
                stderr = r.stderr  # the warm-up: it may have had to recompute
                continue
            times.append(t1 - t0)
            floors.append(t2 - t1)
            if r.stderr:
                raise SystemExit(f"{key}: the cache was not current on run {i}: {r.stderr.decode()}")
        merge_json(out, key, summary(times))
        merge_json(out, key + "_floor", summary(floors))
        m, f = statistics.median(times), statistics.median(floors)
        note = f" (warm-up said: {stderr.decode().strip()})" if stderr else ""
        print(f"  {key}: median {m * 1e3:.0f} ms, floor {f * 1e3:.0f} ms, {m / f:.1f}x ({n} runs){note}")


def cmd_filesize(key, path, out):
    mb = os.path.getsize(path) / 1e6
    merge_json(out, key, {"value": mb, "unit": "MB"})
    print(f"  {key}: {mb:.0f} MB")


# ---------------------------------------------------------------------------- tmux

class Tmux:
    """A private tmux server (its own socket) running the dashboard in a 200x50 window."""

    def __init__(self, binary, db, scratch):
        self.sock = f"radar-bench-{os.getpid()}"
        self.log = os.path.join(scratch, f"pane-{os.getpid()}.log")
        envs = " ".join(f"{k}={shq(v)}" for k, v in radar_env().items()
                        if k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "TERM", "PATH", "HOME", "LANG"))
        shell_cmd = f"exec env {envs} {shq(binary)} --db {shq(db)} --today {TODAY}"
        # remain-on-exit: if the dashboard dies, its last screen (the error) stays readable.
        self.tm("start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";",
                "new-session", "-d", "-s", "bench", "-x", "200", "-y", "50", shell_cmd)
        self.pid = int(self.tm("display-message", "-p", "-t", "bench", "#{pane_pid}").strip())
        open(self.log, "wb").close()
        try:
            self.tm("pipe-pane", "-o", "-t", "bench", f"cat >> {shq(self.log)}")
        except RuntimeError:
            if self.alive():
                raise
            self.died("at once")

    def tm(self, *args):
        r = subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null", *args], capture_output=True, text=True)
        if r.returncode != 0 and args[0] not in ("kill-server",):
            raise RuntimeError(f"tmux {' '.join(args)}: {r.stderr.strip()}")
        return r.stdout

    def keys(self, *keys):
        self.tm("send-keys", "-t", "bench", *keys)

    def screen(self):
        return self.tm("capture-pane", "-p", "-t", "bench")

    def alive(self):
        return os.path.exists(f"/proc/{self.pid}")

    def died(self, when):
        """Stops with the dashboard's last screen and exit status."""
        status = self.tm("display-message", "-p", "-t", "bench", "#{pane_dead_status}").strip()
        screen = "\n".join(line for line in self.screen().splitlines() if line.strip())
        self.tm("kill-server")
        raise SystemExit(f"the dashboard exited {when} (status {status or '?'}); its screen:\n{screen}")

    def status(self, field):
        """A /proc/<pid>/status field in kB."""
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        raise KeyError(field)

    def cpu(self):
        """utime + stime of the whole process (all threads), seconds."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def settle(self, quiet=0.6, timeout=60):
        """Waits until the process has used no CPU for `quiet` seconds."""
        end = time.time() + timeout
        last, since = self.cpu(), time.time()
        while time.time() < end:
            time.sleep(0.1)
            now = self.cpu()
            if now != last:
                last, since = now, time.time()
            elif time.time() - since >= quiet:
                return True
        return False

    def wait_for(self, text, timeout=180):
        end = time.time() + timeout
        while time.time() < end:
            if text in self.screen():
                return True
            if not self.alive():
                self.died("during startup")
            time.sleep(0.2)
        raise SystemExit(f"timed out waiting for {text!r}; screen:\n{self.screen()}")

    def frames_written(self):
        """Frames drawn so far: ratatui hides the cursor once per frame (ESC[?25l)."""
        data = Path(self.log).read_bytes()
        return data.count(b"\x1b[?25l"), len(data)

    def quit(self):
        if self.alive():
            self.keys("Escape")
            time.sleep(0.2)
            self.keys("q")
            for _ in range(50):
                if not self.alive():
                    break
                time.sleep(0.1)
        self.tm("kill-server")


def shq(s):
    return "'" + str(s).replace("'", "'\\''") + "'"


def cmd_dash(binary, db, out):
    scratch = os.environ.get("RADAR_BENCH_SCRATCH", "/tmp")
    t = Tmux(binary, db, scratch)
    try:
        t.wait_for("Portfolio")
        t.settle(quiet=1.5, timeout=120)
        opened = t.status("VmRSS")
        print(f"  opened: VmRSS {opened / 1024:.0f} MB")
        # Every pane and overlay: detail tabs 1-8, the timeline, agenda, metrics (two
        # quarters), help, palette, search, filters and sorts; each allowed to load.
        walk = [["Enter"], ["1"], ["2"], ["3"], ["4"], ["5"], ["6"], ["7"], ["8"], ["Tab"], ["j"], ["j"], ["Tab"],
                ["Escape"], ["j"], ["G"], ["g"], ["a"], ["j"], ["Enter"], ["d"], ["m"], ["h"], ["l"], ["d"],
                ["?"], ["j"], ["Escape"], [":"], ["s", "o", "r"], ["Escape"], ["/"], ["a", "b"], ["Escape"],
                ["r"], ["t"], ["s"], ["S"], ["x"], ["Escape"], ["d"]]
        for k in walk:
            t.keys(*k)
            time.sleep(0.15)
            t.settle(quiet=0.5, timeout=60)
        hwm, rss = t.status("VmHWM"), t.status("VmRSS")
        print(f"  walked every pane: VmHWM {hwm / 1024:.0f} MB, VmRSS {rss / 1024:.0f} MB")
        merge_json(out, "peak_rss", {"value": hwm / 1024, "rss_opened": opened / 1024, "rss_after_walk": rss / 1024,
                                     "unit": "MB"})

        # Idle: no input for 60 s.
        t.settle(quiet=2, timeout=30)
        frames0, bytes0 = t.frames_written()
        cpu0, t0 = t.cpu(), time.time()
        time.sleep(60)
        cpu1, elapsed = t.cpu(), time.time() - t0
        frames1, bytes1 = t.frames_written()
        idle = {"value": cpu1 - cpu0, "seconds": elapsed, "frames": frames1 - frames0, "bytes": bytes1 - bytes0}
        print(f"  idle {elapsed:.0f} s: CPU {idle['value']:.2f} s, {idle['frames']} frames, {idle['bytes']} bytes written")
        merge_json(out, "idle", idle)
    finally:
        t.quit()


# ---------------------------------------------------------------------------- soak

# Keys that look around without confirming anything: no Enter (save / run a palette
# command), no q (quit), no edit keys (capital letters, c f b u y), no ctrl.
SOAK_KEYS = list("jjjjkkkkgG12345678hl[]sSrnotewix/az?:") + \
    ["Escape", "Escape", "Tab", "BTab", "PageDown", "PageUp", "Down", "Up", "a", "m", "d", "d"]


def resting_levels(samples):
    """(resting RSS after minute one, resting RSS at the end, window in s) of (s, kB) samples.
    RSS swings by hundreds of MB while a whole-portfolio scan is in flight, so growth is
    judged on the resting level: the lowest sample in a window after minute one against the
    lowest in the last window of the same length (up to 5 min). A leak raises the resting
    level; a scan only the peaks."""
    end_t = samples[-1][0]
    window = max(10.0, min(300.0, (end_t - 60) / 2))
    first = [rss for s, rss in samples if 60 <= s < 60 + window] or [samples[0][1]]
    last = [rss for s, rss in samples if s >= end_t - window] or [samples[-1][1]]
    return min(first), min(last), window


def cmd_soak(binary, db, minutes, out):
    scratch = os.environ.get("RADAR_BENCH_SCRATCH", "/tmp")
    minutes = float(minutes)
    rng = random.Random(8)
    t = Tmux(binary, db, scratch)
    samples, writes, keys, write_errors = [], 0, 0, 0
    try:
        t.wait_for("Portfolio")
        t.settle(quiet=1.5, timeout=120)
        start, cpu0 = time.time(), t.cpu()
        next_write, next_sample = start + 3, start
        while time.time() - start < minutes * 60:
            if not t.alive():
                t.died("during the soak")
            now = time.time()
            if now >= next_sample:
                samples.append((round(now - start, 1), t.status("VmRSS")))
                next_sample += 10
            if now >= next_write:
                # Another process writes: data_version moves, the dashboard reloads.
                r = subprocess.run(["sqlite3", "-cmd", ".timeout 5000", db,
                                    "UPDATE account SET owner = owner || '' WHERE id = (abs(random()) % 100000) + 1"],
                                   capture_output=True)
                writes += 1
                write_errors += r.returncode != 0
                next_write = now + rng.uniform(2, 5)
            sent = time.time()
            t.keys(rng.choice(SOAK_KEYS))
            keys += 1
            # ~50 ms between keys, counting the time tmux took to send this one.
            time.sleep(max(0.0, rng.uniform(0.03, 0.07) - (time.time() - sent)))
        samples.append((round(time.time() - start, 1), t.status("VmRSS")))
        hwm, cpu = t.status("VmHWM"), t.cpu() - cpu0
        frames, _ = t.frames_written()
        alive = t.alive()
    finally:
        t.quit()
    base, last, window = resting_levels(samples)
    after = [rss for s, rss in samples if s >= 60] or [last]
    res = {
        "minutes": minutes, "keys": keys, "writes": writes, "write_errors": write_errors,
        "rss_at_1min_mb": base / 1024, "rss_end_mb": last / 1024, "rss_max_after_1min_mb": max(after) / 1024,
        "growth_pct": (last - base) * 100 / base, "max_growth_pct": (max(after) - base) * 100 / base,
        "window_s": window, "vmhwm_mb": hwm / 1024, "cpu_s": cpu, "cpu_pct": cpu * 100 / (minutes * 60),
        "frames": frames, "alive_at_end": alive, "samples": samples,
    }
    merge_json(out, "soak", res)
    print(f"  soak {minutes:g} min: {keys} keys, {writes} writes from sqlite3 ({write_errors} failed); "
          f"resting VmRSS {res['rss_at_1min_mb']:.0f} MB after minute 1 -> {res['rss_end_mb']:.0f} MB at the end "
          f"({res['growth_pct']:+.1f}%, lowest samples of {window:.0f} s windows); highest sample "
          f"{res['rss_max_after_1min_mb']:.0f} MB, "
          f"VmHWM {res['vmhwm_mb']:.0f} MB; "
          f"{res['frames']} frames; CPU {res['cpu_s']:.0f} s ({res['cpu_pct']:.0f}% of one core)")


# ---------------------------------------------------------------------------- table

MS, S = 1e-3, 1.0

# Targets: issue 8's, tightened by issue 19 where it names one (import 1.5 s, demo 2 s,
# recompute 0.8 s, the file 200 MB, the command line 150 ms and 3× its floor).
# (operation, measured, floor, target) — measured/floor: criterion "group/bench" ids, or
# "ext:KEY" from external.json. target: (statistic, seconds, label) or None.
ROWS = [
    ("Startup to first frame, 10k", "ext:startup_10k", None, ("median", 200 * MS, "≤ 200 ms")),
    ("Startup to first frame, 100k", "ext:startup_100k", "portfolio_100k/floor_bare_account_scan",
     ("median", 200 * MS, "≤ 200 ms")),
    ("Frame draw 200x50 (whole dashboard)", "tui_100k/frame_200x50", "tui_100k/bare_table_draw",
     ("median", 1 * MS, "≤ 1 ms")),
    ("Portfolio pane draw", "tui_100k/portfolio_pane_draw", "tui_100k/bare_table_draw", None),
    ("Selection move (j/k)", "tui_100k/selection_move", None, ("median", 1 * MS, "≤ 1 ms")),
    ("Sort change (s)", "tui_100k/sort_change", None, ("median", 16 * MS, "≤ 16 ms")),
    ("Filter change: at risk (r)", "filter_change/at_risk_toggle", "filter_change/floor_bare_filter",
     ("median", 16 * MS, "≤ 16 ms")),
    ("Filter change: tier (t)", "filter_change/tier_cycle", "filter_change/floor_bare_filter",
     ("median", 16 * MS, "≤ 16 ms")),
    ("Search keystroke (/ then a)", "search_floor/keystroke", "search_floor/nucleo_alone_100k",
     ("median", 16 * MS, "≤ 16 ms")),
    ("Search keystroke (tui bench, criterion)", "tui_100k/search_keystroke", None, ("median", 16 * MS, "≤ 16 ms")),
    ("Search everything, 100k: 培训 (~90k matches)", "fulltext/search_peixun", "fulltext/floor_bare_match",
     ("median", 50 * MS, "≤ 50 ms")),
    ("Search everything, 100k: training (prefix)", "fulltext/search_training", "fulltext/floor_bare_match",
     ("median", 50 * MS, "≤ 50 ms")),
    ("Search everything, 100k: 天府云图 (phrase)", "fulltext/search_phrase", "fulltext/floor_bare_match",
     ("median", 50 * MS, "≤ 50 ms")),
    ("Search everything, 100k: no match", "fulltext/search_none", "fulltext/floor_bare_match",
     ("median", 50 * MS, "≤ 50 ms")),
    ("Detail load: Store::load_facts", "detail/load_facts", "detail/floor_bare_queries", ("median", 5 * MS, "≤ 5 ms")),
    ("Detail load: worker (load, assess, trend)", "detail/worker_load_detail", "detail/floor_bare_queries",
     ("median", 5 * MS, "≤ 5 ms")),
    ("Edit commit: save account (sync FULL)", "edit_commit/save_account", "edit_commit/floor_bare_update",
     ("p99", 10 * MS, "p99 ≤ 10 ms")),
    ("Edit commit: log a call (sync FULL)", "edit_commit/log_call", "edit_commit/floor_bare_update",
     ("p99", 10 * MS, "p99 ≤ 10 ms")),
    ("Risk recompute, one account", "store_one/recompute_one_account", None, ("median", 1 * MS, "≤ 1 ms")),
    ("Risk recompute, all 100k", "store_100k/recompute_all_cached_scores", "store_100k/floor_bare_scan_all_tables",
     ("median", 0.8 * S, "≤ 0.8 s")),
    ("Risk scoring alone, 100k (no SQL)", "risk/assess_100k_accounts", None, None),
    ("Load all facts, 100k", "store_100k/load_all_facts", "store_100k/floor_bare_scan_all_tables", None),
    ("Live refresh: portfolio reload (worker)", "live_refresh/worker_load_portfolio",
     "portfolio_100k/floor_bare_account_scan", None),
    ("Live refresh: rows prepared (worker thread)", "live_refresh/build_rows_in_worker", None, None),
    ("Live refresh: new rows applied (UI thread)", "live_refresh/apply_rows_on_ui_thread", None,
     ("median", 16 * MS, "≤ 16 ms (UI thread)")),
    ("Portfolio query, 100k", "portfolio_100k/portfolio_query", "portfolio_100k/floor_same_sql_bare", None),
    ("Report metrics, 100k (cached bands)", "report/renewal_report_100k", None, None),
    ("Report metrics, 100k (bands assessed, as the CLI)", "report/renewal_report_assessed_100k", None, None),
    ("Metrics pane load (worker, streamed), 100k", "report/worker_load_report_100k", None, None),
    ("Import 100k accounts CSV (radar import)", "ext:import_100k", "ext:sqlite3_import_100k",
     ("median", 1.5 * S, "≤ 1.5 s, ≤ 3× floor")),
    ("Import 100k accounts .xlsx (the same rows as the CSV)", "ext:import_100k_xlsx", "ext:import_100k", None),
    ("Import 100k accounts, in process (CRM-like CSV)", "import/accounts_100k_into_empty_file", None,
     ("median", 1.5 * S, "≤ 1.5 s")),
    ("Import re-plan, 100k unchanged rows", "import/replan_100k_unchanged", None, None),
    ("JSON export 100k (streamed from the store)", "export/json_100k", "export/floor_serde_json_pretty", None),
    ("JSON export 100k, serialisation only", "export/to_bytes_100k", "export/floor_serde_json_pretty", None),
    ("Demo generation 100k", "demo/generate_100k_accounts", None, ("median", 2 * S, "≤ 2 s")),
    ("radar triage --limit 20, 100k (cached)", "ext:cli_triage", "ext:cli_triage_floor",
     ("median", 150 * MS, "≤ 150 ms, ≤ 3× floor")),
    ("radar triage --limit 20 --owner, 100k (cached)", "ext:cli_triage_owner", "ext:cli_triage_owner_floor",
     ("median", 150 * MS, "≤ 150 ms, ≤ 3× floor")),
    ("radar report, 100k (cached bands)", "ext:cli_report", "ext:cli_report_floor",
     ("median", 150 * MS, "≤ 150 ms, ≤ 3× floor")),
    ("radar report, 100k, against the facts' floor", "ext:cli_report_facts", "ext:cli_report_facts_floor", None),
    ("radar agenda --days 7, 100k", "ext:cli_agenda", "ext:cli_agenda_floor",
     ("median", 150 * MS, "≤ 150 ms, ≤ 3× floor")),
    ("radar search training, 100k", "ext:cli_search", "ext:cli_search_floor",
     ("median", 150 * MS, "≤ 150 ms, ≤ 3× floor")),
]

FLOOR_NAMES = {
    "portfolio_100k/floor_bare_account_scan": "bare rusqlite scan of the 100k accounts with their cached score",
    "portfolio_100k/floor_same_sql_bare": "the portfolio SQL run by bare rusqlite, nothing decoded",
    "tui_100k/bare_table_draw": "a bare ratatui Table of the same visible rows",
    "filter_change/floor_bare_filter": "a Vec filter over the same 100k rows",
    "search_floor/nucleo_alone_100k": "nucleo-matcher alone on the same 100k names",
    "fulltext/floor_bare_match": "the bare FTS5 MATCH of 培训 by rusqlite, 20 rowids, no ranking",
    "detail/floor_bare_queries": "the same rows by bare rusqlite (one indexed query per table)",
    "edit_commit/floor_bare_update": "one versioned UPDATE, bare rusqlite, same file, WAL + synchronous=FULL",
    "store_100k/floor_bare_scan_all_tables": "every row of the ten fact tables read by bare rusqlite, nothing decoded",
    "store_100k/load_all_facts": "Store::load_all_facts alone",
    "ext:sqlite3_import_100k": "sqlite3 .import of the same CSV",
    "ext:import_100k": "radar import of the same rows as CSV",
    "ext:cli_triage_floor": "sqlite3 (a process too) running the same 20 rows' SQL off the cache's index",
    "ext:cli_triage_owner_floor": "sqlite3 running the same SQL for one owner's 20 rows",
    "ext:cli_report_floor": "sqlite3 running the same aggregates off what it reads (this quarter's terms and "
                            "the next 90 days', by their end, with owner, call and cached band; each owner's "
                            "sums of the cached rate shares)",
    "ext:cli_report_facts_floor": "sqlite3 running the report's aggregates from the facts (this quarter's terms; "
                                  "every account's target fit, activation, cached band and latest usage)",
    "ext:cli_agenda_floor": "sqlite3 selecting the same item rows in the window (open promises and tasks, open "
                            "complaints, open terms, open P0/P1 requirements; for the derived milestones, "
                            "every account's tier, the terms' dates and the decisions by the horizon)",
    "ext:cli_search_floor": "the same FTS5 queries (the best 20 of the 2,000 newest matches of training*, and the "
                            "count of all), in a process of the SQLite Radar "
                            "bundles (scripts/sql-floor.c; the system's sqlite3 3.40 cannot open the index)",
    "export/floor_serde_json_pretty": "serde_json::to_vec_pretty of the same loaded facts",
}


def fmt_t(s):
    if s is None:
        return "—"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms" if s < 0.1 else f"{s * 1e3:.0f} ms"
    if s >= 1e-6:
        return f"{s * 1e6:.1f} µs"
    return f"{s * 1e9:.0f} ns"


def load_criterion(root):
    """{full_id: {median, p95, p99, source}} from CRITERION_HOME and the ops files."""
    out = {}
    croot, oroot = Path(root) / "criterion", Path(root) / "ops"
    for bj in croot.glob("**/new/benchmark.json"):
        meta = json.loads(bj.read_text())
        d = bj.parent
        est = json.loads((d / "estimates.json").read_text())
        sample = json.loads((d / "sample.json").read_text())
        per_iter = [t / i for t, i in zip(sample["times"], sample["iters"])]
        entry = {
            "median": est["median"]["point_estimate"] * 1e-9,
            "p95": pct(per_iter, 95) * 1e-9,
            "p99": pct(per_iter, 99) * 1e-9,
            "tail": f"{len(per_iter)} samples",
        }
        full = meta.get("full_id") or meta["title"]
        ops = oroot / (full + ".json")
        if ops.exists():
            # Single operations timed by the bench itself: median and tail of those (a
            # sample's mean hides the tail and is pulled up by it).
            times = json.loads(ops.read_text())
            entry["median"] = statistics.median(times) * 1e-9
            entry["p95"] = pct(times, 95) * 1e-9
            entry["p99"] = pct(times, 99) * 1e-9
            entry["tail"] = f"{len(times)} ops"
        out[full] = entry
    # Heavy operations timed outside criterion (benches/common: `heavy`): ops files only.
    for ops in oroot.glob("*/*.json"):
        full = f"{ops.parent.name}/{ops.stem}"
        if full not in out:
            times = [t * 1e-9 for t in json.loads(ops.read_text())]
            out[full] = {"median": statistics.median(times), "p95": pct(times, 95), "p99": pct(times, 99),
                         "tail": f"{len(times)} runs"}
    return out


def cmd_table(root, only=None):
    """only="soak": just the soak's rows (scripts/bench-report --soak)."""
    root = Path(root)
    crit = load_criterion(root)
    ext_path = root / "external.json"
    ext = json.loads(ext_path.read_text()) if ext_path.exists() else {}

    def get(src):
        if src is None:
            return None
        if src.startswith("ext:"):
            e = ext.get(src[4:])
            return e and {"median": e["median"], "p95": e["p95"], "p99": pct(e["times"], 99),
                          "tail": f"{e['n']} runs"}
        return crit.get(src)

    used = set()
    lines = []
    head = ["operation", "median", "p95", "floor median", "ratio", "target", "met?"]
    met_count, miss_count, notes = 0, 0, []
    for op, src, floor_src, target in ([] if only else ROWS):
        used.update({src, floor_src})
        m, f = get(src), get(floor_src) if floor_src else None
        if m is None:
            lines.append([op, "not run", "", "", "", target[2] if target else "—", "—"])
            continue
        ratio = f"{m['median'] / f['median']:.1f}×" if f else "—"
        met = "—"
        if target:
            stat, limit, label = target
            value = m[stat]
            ok = value <= limit
            if (src == "ext:import_100k" or src.startswith("ext:cli_")) and f:
                ok = ok and m["median"] <= 3 * f["median"]
            met = ("yes" if ok else "**no**") + (f" (p99 {fmt_t(value)})" if stat == "p99" else "")
            met_count += ok
            miss_count += not ok
        lines.append([op, fmt_t(m["median"]), fmt_t(m["p95"]), fmt_t(f["median"]) if f else "—", ratio,
                      target[2] if target else "—", met])
    # Anything else measured (new benches) is listed without a target.
    for full in sorted(set(crit) - used):
        e = crit[full]
        lines.append([full, fmt_t(e["median"]), fmt_t(e["p95"]), "—", "—", "—", "—"])

    for key, label in (("file_100k", "Demo file, 100k (as generated)"),
                       ("file_100k_scored", "Demo file, 100k (risk scores cached)")):
        fs = ext.get(key)
        if fs:
            ok = fs["value"] <= 200
            met_count += ok
            miss_count += not ok
            lines.append([label, f"{fs['value']:.0f} MB", "—", "—", "—", "≤ 200 MB", "yes" if ok else "**no**"])
    mem = ext.get("peak_rss")
    if mem:
        ok = mem["value"] <= 150
        met_count += ok
        miss_count += not ok
        lines.append(["Peak RSS, 100k, after walking every pane", f"{mem['value']:.0f} MB", "—", "—", "—",
                      "≤ 150 MB", "yes" if ok else "**no**"])
        if "rss_opened" in mem:
            lines.append(["VmRSS, 100k: opened and settled → after the walk", f"{mem['rss_opened']:.0f} → "
                          f"{mem['rss_after_walk']:.0f} MB", "—", "—", "—", "—", "—"])
    idle = ext.get("idle")
    if idle:
        ok = idle["value"] <= 0.2
        met_count += ok
        miss_count += not ok
        lines.append([f"Idle {idle['seconds']:.0f} s: CPU time used", f"{idle['value']:.2f} s", "—", "—", "—",
                      "≤ 0.2 s", "yes" if ok else "**no**"])
        # At most a clock's tick a second; a frame per key or per live refresh would be more.
        ok = idle["frames"] <= int(idle["seconds"]) + 1
        met_count += ok
        miss_count += not ok
        lines.append([f"Idle {idle['seconds']:.0f} s: frames drawn", f"{idle['frames']} ({idle['bytes']} B)",
                      "—", "—", "—", "clock tick only", "yes" if ok else "**no**"])
    soak = ext.get("soak")
    if soak:
        ok = soak["growth_pct"] <= 10
        met_count += ok
        miss_count += not ok
        lines.append([f"Soak {soak['minutes']:g} min: resting RSS growth after minute 1",
                      f"{soak['growth_pct']:+.1f}%", "—", "—", "—", "≤ 10%", "yes" if ok else "**no**"])
        lines.append([f"Soak {soak['minutes']:g} min: resting VmRSS after minute 1 → at the end",
                      f"{soak['rss_at_1min_mb']:.0f} → {soak['rss_end_mb']:.0f} MB", "—", "—", "—", "—", "—"])
        lines.append([f"Soak {soak['minutes']:g} min: highest VmRSS sample, VmHWM",
                      f"{soak['rss_max_after_1min_mb']:.0f} MB, {soak['vmhwm_mb']:.0f} MB", "—", "—", "—", "—", "—"])
        lines.append([f"Soak {soak['minutes']:g} min: dashboard CPU", f"{soak['cpu_pct']:.0f}% of a core",
                      "—", "—", "—", "—", "—"])

    widths = [max(len(str(r[i])) for r in [head] + lines) for i in range(len(head))]
    fmt = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
    print(fmt(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in lines:
        print(fmt(r))
    print()
    print(f"Targets met: {met_count}, missed: {miss_count}.")
    print()
    if only:
        return
    print("Floors:")
    for op, src, floor_src, _ in ROWS:
        if floor_src and floor_src in FLOOR_NAMES and (get(floor_src) is not None):
            print(f"- {op}: {FLOOR_NAMES[floor_src]}")
    if idle:
        print(f"- Idle frames: frames counted as cursor-hide sequences (one per ratatui draw) in the pane's "
              f"output during the idle minute: {idle['frames']}.")
    print("- Median and p95: of single operations where the bench times each one (detail: warm-up "
          "included; edit and search: interleaved with their floor, one of each per round; heavy "
          "operations: a few runs each; startup and import: runs of the command), else criterion's "
          "median and the p95 of its per-sample means.")


def cmd_xlsx(csv_path, xlsx_path):
    """Writes the CSV's rows as the first sheet of an .xlsx (Python's zipfile, no openpyxl):
    text cells as inline strings, whole numbers as numbers, as Excel saves them (dates stay
    ISO text). For the 100k-row spreadsheet import, timed against the CSV of the same rows."""
    import csv
    import zipfile
    from xml.sax.saxutils import escape

    def col(i):
        name = ""
        i += 1
        while i:
            i, r = divmod(i - 1, 26)
            name = chr(65 + r) + name
        return name

    def cell(ref, v):
        if v.isdigit() and len(v) < 15 and not (len(v) > 1 and v[0] == "0"):
            return f'<c r="{ref}"><v>{v}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'

    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for n, row in enumerate(rows, 1):
        cells = "".join(cell(f"{col(i)}{n}", v) for i, v in enumerate(row) if v != "")
        parts.append(f'<row r="{n}">{cells}</row>')
    parts.append("</sheetData></worksheet>")
    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Types xmlns="{ns}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships">'
        '<sheets><sheet name="accounts" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": "".join(parts),
    }
    with zipfile.ZipFile(xlsx_path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "startup":
        cmd_startup(*args)
    elif cmd == "prime":
        cmd_prime(*args)
    elif cmd == "timeit":
        cmd_timeit(args[0], args[1], args[2], args[3:])
    elif cmd == "cli":
        cmd_cli(*args)
    elif cmd == "filesize":
        cmd_filesize(*args)
    elif cmd == "dash":
        cmd_dash(*args)
    elif cmd == "soak":
        cmd_soak(*args)
    elif cmd == "table":
        cmd_table(*args)
    elif cmd == "xlsx":
        cmd_xlsx(*args)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
