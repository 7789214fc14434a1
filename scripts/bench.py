"""oesh benchmarks. Every figure is printed as a ratio against a baseline run in the same invocation,
so that a noisy, shared machine moves both sides alike. Targets come from the issues."""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

RESULTS = []


def timed(cmd, runs=5, env=None, cwd=None, shell=False):
    """Median wall time of `cmd` over `runs` runs, and the peak RSS (MB) of the last run."""
    walls, peak = [], 0.0
    for _ in range(runs):
        wrapped = ["/usr/bin/time", "-f", "%M"] + (["sh", "-c", cmd] if shell else cmd)
        t0 = time.perf_counter()
        p = subprocess.run(wrapped, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        walls.append(time.perf_counter() - t0)
        if p.returncode != 0:
            sys.exit(f"benchmark command failed ({p.returncode}): {cmd}\n{p.stderr}")
        peak = int(p.stderr.strip().splitlines()[-1]) / 1024
    return statistics.median(walls), peak


def hyperfine(commands, runs=200):
    """Median seconds of each shell command, measured by hyperfine together."""
    out = tempfile.mktemp(suffix=".json")
    subprocess.run(["hyperfine", "-N", "--warmup", "20", "--runs", str(runs), "--export-json", out, *commands],
                   check=True, stdout=subprocess.DEVNULL)
    data = json.load(open(out))
    os.unlink(out)
    return [r["median"] for r in data["results"]]


def report(name, value, baseline, target, lower_is_better=True, unit="×"):
    ratio = value / baseline if baseline else float("inf")
    ok = ratio <= target if lower_is_better else ratio >= target
    RESULTS.append((name, ratio, target, ok))
    cmp = "≤" if lower_is_better else "≥"
    print(f"{name:<58} {ratio:7.2f}{unit}  (target {cmp} {target}{unit})  {'ok' if ok else 'MISSED'}"
          f"   [{value * 1000:.1f} ms vs {baseline * 1000:.1f} ms]", flush=True)


def bench_startup(binary, work):
    ws = os.path.join(work, "startup-ws")
    if not os.path.exists(ws):
        subprocess.run([binary, "init", ws], check=True, stdout=subprocess.DEVNULL)
    oesh, sqlite = hyperfine([f"{binary} -w {ws} -c quit", "sqlite3 :memory: 'select 1'"])
    report("start-up: oesh -w W -c quit / sqlite3 :memory: 'select 1'", oesh, sqlite, 4.0)
    # One line of many words: swift-argument-parser alone takes time in their square (5 s for 4,000).
    words = " w" * 20_000
    many, one = hyperfine([f"{binary} -w {ws} -c 'echo{words}'", f"{binary} -w {ws} -c \"echo '{words}'\""], runs=20)
    report("a line of 20,000 words: echo w w … / echo 'w w …'", many, one, 3.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("what", nargs="*", default=["all"])
    ap.add_argument("--quick", action="store_true", help="smaller sizes, for a try")
    ap.add_argument("--work", default=os.path.join(os.path.dirname(__file__), "..", "bench-work"))
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    what = set(args.what)
    if what & {"all", "startup"}:
        bench_startup(args.binary, args.work)
    extra = os.path.join(os.path.dirname(__file__), "bench_more.py")
    if os.path.exists(extra) and what - {"startup"}:
        sys.path.insert(0, os.path.dirname(__file__))
        import bench_more
        bench_more.run(args, sys.modules[__name__])
    missed = [r for r in RESULTS if not r[3]]
    print(f"\n{len(RESULTS) - len(missed)} of {len(RESULTS)} targets met")


if __name__ == "__main__":
    main()
