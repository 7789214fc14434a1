"""Sync and campaign benchmarks (issues 3 and 4), called by scripts/bench.py as `run(args, bench)`.

Every figure is a ratio against a baseline measured in the same invocation, the runs of both sides
interleaved so that a busy shared machine slows both alike. Synthetic exports in the real Apidae format
come from scripts/benchgen/apidae_export.py and are kept in bench-work/exports/<fiches>/ between runs.
Targets are those of the issues, checked at the largest size run (100,000 fiches, or 20,000 with
--quick); smaller sizes are printed for information.
"""
import json, os, shutil, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "benchgen"))
import apidae_export  # noqa: E402

PYTHON_SYNC = os.path.join(HERE, "benchgen", "python_sync.py")
SQLITE_FLOOR = os.path.join(HERE, "benchgen", "sqlite_floor.py")
FULL_CLOCK = "2025-03-10 09:00"
DIFF_CLOCK = "2025-03-11 09:00"
CAMPAIGN = "Bench mise à jour"


def say(text):
    print(text, file=sys.stderr, flush=True)


def run_timed(cmd, cwd=None):
    """Wall seconds and peak RSS (MB) of one run of `cmd` (a list), stdin closed; fails loudly."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"benchmark command failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return wall, int(p.stderr.strip().splitlines()[-1]) / 1024


def check(cmd):
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"setup command failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout[-1000:]}{p.stderr[-2000:]}")
    return p.stdout


def sql(db, query):
    return check(["sqlite3", db, query]).strip()


def info(name, value, baseline, scale=1000, unit="ms"):
    """A figure without a target (smaller sizes, or a comparison the issues set no target for)."""
    ratio = value / baseline if baseline else float("inf")
    print(f"{name:<58} {ratio:7.2f}×  (information)        "
          f"[{value * scale:.1f} {unit} vs {baseline * scale:.1f} {unit}]", flush=True)


SUMMARY = []  # (figure, measured, target, verdict) of the counted figures, for README.md


def report_mb(bench, name, mb, target, counted):
    ok = mb < target
    if counted:
        bench.RESULTS.append((name, mb, target, ok))
        SUMMARY.append((name, f"{mb:.0f} MB", f"< {target} MB", "ok" if ok else "missed"))
    verdict = ("ok" if ok else "MISSED") if counted else "information"
    print(f"{name:<58} {mb:7.1f} MB (target < {target} MB)  {verdict}", flush=True)


def figure(bench, counted, name, value, baseline, target, lower_is_better=True):
    if counted:
        bench.report(name, value, baseline, target, lower_is_better)
        ratio = value / baseline if baseline else float("inf")
        ok = ratio <= target if lower_is_better else ratio >= target
        SUMMARY.append((name, f"{ratio:.2f}× ({value:.2f} s vs {baseline:.2f} s)",
                        f"{'≤' if lower_is_better else '≥'} {target}×", "ok" if ok else "missed"))
    else:
        info(name, value, baseline)


class Bench:
    def __init__(self, args, bench):
        self.bench = bench
        self.binary = os.path.abspath(args.binary)
        self.work = os.path.abspath(args.work)
        self.quick = args.quick
        self.sizes = [1000, 20000] if args.quick else [1000, 20000, 100000]
        self.full_sync = {}  # fiches -> median seconds of the full sync measured in this invocation

    def oesh(self, ws, *commands):
        cmd = [self.binary, "-w", ws]
        for c in commands:
            cmd += ["-c", c]
        return cmd

    def exports(self, n):
        folder = os.path.join(self.work, "exports", str(n))
        say(f"== exports of {n:,} fiches in {folder} (generated once, then reused)")
        t0 = time.perf_counter()
        m = apidae_export.ensure(folder, n)
        if time.perf_counter() - t0 > 1:
            say(f"   generated in {time.perf_counter() - t0:.0f} s")
        m["full_path"] = os.path.join(folder, m["full"])
        m["diff_path"] = os.path.join(folder, m["diff"])
        size = os.path.getsize(m["full_path"]) / 1e6
        say(f"   {m['full']}: {size:.1f} MB zip, {m['json_bytes'] / 1e6:.0f} MB of JSON in objets_modifies/; "
            f"differential {m['diff']}: {m['diff_objects']} objects, {m['diff_deleted']} deleted")
        return m

    def fresh_workspace(self, ws, *exports):
        """A new workspace holding `exports` in snapshots/ (hard links) with the clock before the full sync."""
        shutil.rmtree(ws, ignore_errors=True)
        check([self.binary, "init", ws])
        for export in exports:
            target = os.path.join(ws, "snapshots", os.path.basename(export))
            try:
                os.link(export, target)
            except OSError:
                shutil.copyfile(export, target)
        check(self.oesh(ws, f"clock set \"{FULL_CLOCK}\""))

    def copy_workspace(self, source, ws):
        shutil.rmtree(ws, ignore_errors=True)
        subprocess.run(["cp", "-a", "--reflink=auto", source, ws], check=True)
        # The copy leaves a gigabyte of dirty pages: without this, the first fdatasync of the command
        # timed next waits for the copy's writeback (actualiser measured 2.4 s instead of 0.6 s).
        os.sync()

    def add_export(self, ws, export):
        target = os.path.join(ws, "snapshots", os.path.basename(export))
        if not os.path.exists(target):
            os.link(export, target)

    # -- sync (issue 3) -------------------------------------------------------------------------------

    def sync(self, n, counted):
        m = self.exports(n)
        runs = 3 if n >= 100000 else 5
        base = os.path.join(self.work, f"sync-{n}")
        ws = os.path.join(base, "ws")
        pydb = os.path.join(base, "python.sqlite")
        os.makedirs(base, exist_ok=True)
        floor, oesh, python, oesh_peak, python_peak = [], [], [], [], []
        say(f"== full sync of {n:,} fiches: {runs} interleaved runs of unzip -p, oesh sync, the Python reference")
        for _ in range(runs):
            floor.append(run_timed(["sh", "-c", f"unzip -p '{m['full_path']}' > /dev/null"])[0])
            self.fresh_workspace(ws, m["full_path"])
            wall, peak = run_timed(self.oesh(ws, "sync"))
            oesh.append(wall)
            oesh_peak.append(peak)
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(pydb + suffix):
                    os.unlink(pydb + suffix)
            wall, peak = run_timed([sys.executable, PYTHON_SYNC, m["full_path"], pydb])
            python.append(wall)
            python_peak.append(peak)
        db = os.path.join(ws, "state.sqlite")
        # The same extraction on both sides, or the comparison means nothing.
        # Both keep where each object's raw JSON lies in the export, not a copy of it.
        q = "select count(*), count(email), count(distinct commune_id), sum(raw_length), sum(raw_offset) from fiche"
        ours, theirs = sql(db, q), sql(pydb, q)
        if ours != theirs:
            say(f"   WARNING: oesh and the Python reference disagree: oesh {ours}, Python {theirs}")
        else:
            say(f"   same fiches in oesh and the Python reference (count, e-mails, communes, raw JSON lengths and offsets): {ours}")
        sync = statistics.median(oesh)
        self.full_sync[n] = sync
        label = f"{n:,} fiches"
        figure(self.bench, counted, f"sync {label}: oesh sync / unzip -p (floor)", sync, statistics.median(floor), 1.25)
        figure(self.bench, counted, f"sync {label}: Python reference / oesh sync", statistics.median(python), sync, 2.0,
               lower_is_better=False)
        report_mb(self.bench, f"sync {label}: peak memory of oesh sync", max(oesh_peak), 250, counted)
        info(f"sync {label}: peak memory oesh / Python reference", max(oesh_peak), max(python_peak), 1, "MB")
        template = os.path.join(base, "synced")
        self.copy_workspace(ws, template)

        # The next night's differential, on a copy of the synced workspace each run.
        diff, diff_floor, reading, writing = [], [], [], []
        say(f"== differential of {m['diff_objects']:,} objects on the {n:,}-fiche workspace: {runs} runs")
        empty = os.path.join(base, "empty")
        for _ in range(runs):
            self.copy_workspace(template, ws)
            self.add_export(ws, m["diff_path"])
            check(self.oesh(ws, f"clock set \"{DIFF_CLOCK}\""))
            diff_floor.append(run_timed(["sh", "-c", f"unzip -p '{m['diff_path']}' > /dev/null"])[0])
            diff.append(run_timed(self.oesh(ws, "sync"))[0])
            # Two floors of that import, each a part of it done alone: oesh reading and checking the
            # export (`import` into an empty workspace: every entry inflated, its CRC-32 compared, its JSON
            # read), and SQLite alone touching the fiches it names in the synced store (see sqlite_floor.py).
            shutil.rmtree(empty, ignore_errors=True)
            check([self.binary, "init", empty])
            reading.append(run_timed(self.oesh(empty, f"import '{m['diff_path']}'"))[0])
            self.copy_workspace(template, ws)
            writing.append(float(check([sys.executable, SQLITE_FLOOR, os.path.join(ws, "state.sqlite"),
                                        m["diff_path"]]).strip()))
        figure(self.bench, counted, f"sync {label}: 1% differential / full sync", statistics.median(diff), sync, 0.02)
        # What only decompressing that export costs, for reading the figure above.
        info(f"sync {label}: the differential / unzip -p of its export", statistics.median(diff),
             statistics.median(diff_floor))
        # The target as a share of the full sync, beside what parts of that work take alone in the same
        # runs. The last line is an import that would read the export as efficiently as the full sync reads
        # its own (against unzip -p) and would write no more than SQLite alone does.
        unzipped, read, write = (statistics.median(x) for x in (diff_floor, reading, writing))
        paced = unzipped * sync / statistics.median(floor)
        print(f"sync {label}: parts of the differential's work alone, as shares of the full sync (target 2%):")
        for what, seconds in [("unzip -p of its export", unzipped),
                              ("oesh import of it (read and checked, no store change)", read),
                              ("SQLite alone updating the fiches it names, in place", write),
                              ("read at the full sync's pace + SQLite alone", paced + write)]:
            print(f"    {what:<56} {seconds / sync:6.2%}   [{seconds * 1000:.1f} ms]", flush=True)

        # Searching the synced workspace.
        synced = os.path.join(template, "state.sqlite")
        search, count = self.bench.hyperfine(
            [f"{self.binary} -w {template} -c 'fiches --search hotel --format json'",
             f"sqlite3 {synced} 'select count(*) from fiche'"], runs=10 if n >= 100000 else 30)
        figure(self.bench, counted, f"fiches {label}: --search hotel --format json / sqlite3 count(*)", search, count,
               10.0)
        # What producing the same rows costs SQLite itself, for reading the figure above.
        query = ("SELECT f.id, f.name, f.type, coalesce(c.name, f.commune_name), f.email, f.state, f.owner_name "
                 "FROM fiche f LEFT JOIN commune c ON c.id = f.commune_id WHERE f.state != 'DELETED' "
                 "AND instr(f.name_folded, 'hotel') > 0 ORDER BY f.name_folded, f.id")
        script = os.path.join(base, "search.sh")
        with open(script, "w") as f:
            f.write(f"#!/bin/sh\nexec sqlite3 -json '{synced}' \"{query}\"\n")
        os.chmod(script, 0o755)
        matches = sql(synced, f"SELECT count(*) FROM ({query})")
        search, same = self.bench.hyperfine(
            [f"{self.binary} -w {template} -c 'fiches --search hotel --format json'", script],
            runs=10 if n >= 100000 else 30)
        info(f"fiches {label}: the same / sqlite3 -json of its {matches} rows", search, same)
        return template

    # -- campaigns (issue 4) --------------------------------------------------------------------------

    def has_campaign_commands(self, ws):
        p = subprocess.run(self.oesh(ws, "help actualiser"), stdin=subprocess.DEVNULL, capture_output=True)
        return p.returncode == 0

    def campaigns(self, n, counted, synced):
        m = self.exports(n)
        base = os.path.join(self.work, f"campaign-{n}")
        os.makedirs(base, exist_ok=True)
        ws = os.path.join(base, "ws")
        if synced is None or n not in self.full_sync:
            runs = 3
            say(f"== full sync of {n:,} fiches for the campaign figures ({runs} runs)")
            walls = []
            for _ in range(runs):
                self.fresh_workspace(ws, m["full_path"])
                walls.append(run_timed(self.oesh(ws, "sync"))[0])
            self.full_sync[n] = statistics.median(walls)
            synced = os.path.join(base, "synced")
            self.copy_workspace(ws, synced)
        if not self.has_campaign_commands(synced):
            print("campaigns: skipped: campaign commands not on this build", flush=True)
            return
        sync = self.full_sync[n]
        label = f"{n:,} fiches"
        # A campaign on the big sélection, then the next night's export grows that sélection.
        say(f"== campaign of {m['big_selection_size']:,} offres on sélection {m['big_selection']}, "
            f"then the differential adds {m['big_selection_grown']:,} fiches to it")
        self.copy_workspace(synced, ws)
        check(self.oesh(ws, f"new campaign \"{CAMPAIGN}\" --selection {m['big_selection']}"))
        self.add_export(ws, m["diff_path"])
        check(self.oesh(ws, f"clock set \"{DIFF_CLOCK}\"", "sync"))
        before = os.path.join(base, "before-actualiser")
        self.copy_workspace(ws, before)
        db = os.path.join(ws, "state.sqlite")
        offres = sql(db, "select count(*) from offre")
        say(f"   {offres} offres before actualiser")

        runs = 3 if n >= 100000 else 5
        walls = []
        for _ in range(runs):
            self.copy_workspace(before, ws)
            walls.append(run_timed(self.oesh(ws, f"open campaign \"{CAMPAIGN}\"", "actualiser"))[0])
        say(f"   {sql(db, 'select count(*) from offre')} offres after actualiser")
        figure(self.bench, counted, f"campaign {label}: actualiser / full sync", statistics.median(walls), sync, 0.1)

        walls = [run_timed(self.oesh(ws, f"open campaign \"{CAMPAIGN}\"", "send --all --dry-run"))[0]
                 for _ in range(runs)]
        figure(self.bench, counted, f"campaign {label}: send --all --dry-run / full sync", statistics.median(walls),
               sync, 0.1)

        campaign_id = sql(db, f"select id from campaign where title = '{CAMPAIGN}'")
        labels = {"a_transmettre": "Email à transmettre", "transmis": "Email transmis",
                  "hors_selection": "Hors sélection", "supprimee": "Fiche supprimée", "masquee": "Fiche masquée"}
        status = "CASE o.status " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in labels.items()) + " END"
        query = (f"SELECT o.fiche_id, f.name, f.type, coalesce(c.name, f.commune_name) AS commune, f.email, "
                 f"{status} AS status, o.sent_at FROM offre o LEFT JOIN fiche f ON f.id = o.fiche_id "
                 f"LEFT JOIN commune c ON c.id = f.commune_id WHERE o.campaign_id = {campaign_id} "
                 f"ORDER BY f.name_folded, o.fiche_id")
        script = os.path.join(base, "audience.sh")
        with open(script, "w") as f:
            f.write(f"#!/bin/sh\nexec sqlite3 -json '{db}' \"{query}\"\n")
        os.chmod(script, 0o755)
        ours, theirs = self.bench.hyperfine(
            [f"{self.binary} -w {ws} -c 'open campaign \"{CAMPAIGN}\"' -c 'audience --format json'", script],
            runs=10 if n >= 100000 else 30)
        figure(self.bench, counted, f"campaign {label}: audience --format json / sqlite3 -json", ours, theirs, 5.0)


def run(args, bench):
    what = set(args.what)
    b = Bench(args, bench)
    largest = b.sizes[-1]
    print(f"\n(sync and campaign targets are checked at {largest:,} fiches; smaller sizes are information)")
    synced = {}
    if what & {"all", "sync"}:
        for n in b.sizes:
            synced[n] = b.sync(n, counted=n == largest)
    if what & {"all", "campaigns"}:
        b.campaigns(largest, True, synced.get(largest))
    if SUMMARY:
        print(f"\nFor README.md ({largest:,} fiches, medians, each ratio against a baseline run alongside):\n")
        print("| figure | measured | target | |")
        print("|---|---|---|---|")
        for name, measured, target, verdict in SUMMARY:
            print(f"| {name} | {measured} | {target} | {verdict} |")
