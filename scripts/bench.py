#!/usr/bin/env python3
"""Whole-process benchmark of lfc against SAM's translator and cfn-lint on
the benchmark stack (docs/performance.md). Run through scripts/bench.sh,
which builds lfc, writes the stacks and sets up the tools.

A small timing loop stands in for hyperfine (not installed here; building
it takes minutes on a 2-core machine): each command runs `--runs` times
after one warm-up; the table shows the median wall time and the largest
peak resident memory (from wait4's rusage, the figure /usr/bin/time -v
reports as "Maximum resident set size").

Usage: bench.py --lfc PATH --dir DIR --sizes 10,100,1000,10000
                [--python SAM_VENV_PYTHON] [--cfn-lint PATH] [--lint-max N] [--sam-max N]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

SAM_TRANSLATE = (
    "import json,os,sys\n"
    "os.environ.setdefault('AWS_DEFAULT_REGION', 'us-east-1')\n"
    "from samtranslator.translator.transform import transform\n"
    "from samtranslator.public.translator import ManagedPolicyLoader\n"
    "class NoPolicies(ManagedPolicyLoader):\n"
    "    def __init__(self): pass\n"
    "    def load(self): return {}\n"
    "t = json.load(open(sys.argv[1]))\n"
    "out = transform(t, {}, NoPolicies())\n"
    "print(len(out['Resources']), file=sys.stderr)\n"
)


def run_once(cmd, ok=(0, 1)):
    """Wall seconds and peak RSS (MB) of one run; fails loudly on an exit
    code not in `ok` (lfc exits 1 on a stack past 500 resources without
    --split: everything is still computed, only nothing is written)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit(f"{' '.join(cmd)} failed ({code}): {err.decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def measure(cmd, runs, ok=(0, 1)):
    if runs > 1:
        run_once(cmd, ok)
    results = [run_once(cmd, ok) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def fmt_time(s):
    return f"{s * 1000:.1f} ms" if s < 10 else f"{s:.1f} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lfc", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--sizes", default="10,100,1000,10000")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--python")
    ap.add_argument("--cfn-lint")
    ap.add_argument("--lint-max", type=int, default=1000)
    ap.add_argument("--sam-max", type=int, default=10000)
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    rows = []
    for n in [int(x) for x in a.sizes.split(",")]:
        lf = os.path.join(a.dir, f"bench-{n}.lf")
        out, out_split = os.path.join(a.dir, f"out-{n}"), os.path.join(a.dir, f"split-{n}")
        shutil.rmtree(out_split, ignore_errors=True)
        runs = a.runs if n <= 1000 else max(3, a.runs // 3)
        today = ["--today", "2026-11-27"]
        build = measure([a.lfc, "build", lf, "-o", out, *today], runs)
        check = measure([a.lfc, "check", lf, *today], runs)
        split = measure([a.lfc, "build", "--split", lf, "-o", out_split, *today], runs)
        sam = lint = None
        if a.python and n <= a.sam_max:
            sam_file = os.path.join(a.dir, f"sam-{n}.json")
            with open(sam_file, "w") as f:
                subprocess.run([sys.executable, os.path.join(here, "bench_stack.py"), str(n)], stdout=f, check=True)
            sam = measure([a.python, "-c", SAM_TRANSLATE, sam_file], 1 if n >= 1000 else 3, ok=(0,))
        if a.cfn_lint and n <= a.lint_max:
            # The split output: without --split, stacks past 500 resources write nothing.
            assets = os.path.join(out_split, "assets")
            nested = [os.path.join(assets, f) for f in sorted(os.listdir(assets)) if f.endswith(".template.json")]
            # Exit codes are a bit mask of findings (2 errors, 4 warnings, 8 informational).
            lint = measure([a.cfn_lint, "--format", "parseable", os.path.join(out_split, "bench.template.json"), *nested], 1, ok=tuple(range(0, 16, 2)))
        rows.append((n, build, check, split, sam, lint))
        print(f"done {n}", file=sys.stderr)
    print("| functions | `lfc build` | `lfc check` | `lfc build --split` | SAM translate | cfn-lint (split templates) | SAM ÷ build |")
    print("|---|---|---|---|---|---|---|")
    for n, build, check, split, sam, lint in rows:
        cell = lambda m: "—" if m is None else f"{fmt_time(m[0])}, {m[1]:.0f} MB"
        ratio = "—" if sam is None else f"{sam[0] / build[0]:.0f}×"
        print(f"| {n} | {cell(build)} | {cell(check)} | {cell(split)} | {cell(sam)} | {cell(lint)} | {ratio} |")


if __name__ == "__main__":
    main()
