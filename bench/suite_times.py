"""`make bench`'s test-suite rows: `make test-fast` and `make test` timed as a developer runs them.

    .venv/bin/python bench/suite_times.py [--only test-fast]
    (or: the last rows of make bench; bench/run_bench.py --only-tests)

Each target runs through make (its prerequisites are no-ops once set up; `make test` includes
`make lint`), so the row times the README's own command, not a copy of its pytest options. The
row holds the wall time, the CPU of every process the suite started and waited for (workers,
`lkjip run`s, kernels, browsers), the counts and seconds pytest reports, and the slowest tests
pytest lists (`--durations=10` in the Makefile), each beside the issue's target.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The targets of issue 21 on the 2-core machine, seconds of wall time.
TARGETS = {"test-fast": 30.0, "test": 180.0}

_SUMMARY = re.compile(r"^=+ (?P<counts>\d+ \w+.*?) in (?P<seconds>[\d.]+)s\b.*=+$", re.MULTILINE)
_COUNT = re.compile(r"(\d+) (passed|failed|skipped|deselected|errors?|xfailed|xpassed)")
_DURATION = re.compile(r"^(?P<seconds>[\d.]+)s (?P<phase>call|setup|teardown) +(?P<test>\S+)", re.MULTILINE)


def summary(output: str) -> dict:
    """What pytest's own report says: the counts of its last summary line, its seconds, and the
    tests of its "slowest durations" list, slowest first (the xdist group after '@' left out)."""
    found = list(_SUMMARY.finditer(output))
    if not found:
        raise ValueError("no pytest summary line in the output")
    last = found[-1]
    counts = {kind: int(n) for n, kind in _COUNT.findall(last["counts"])}
    slowest = [{"seconds": float(m["seconds"]), "phase": m["phase"], "test": m["test"].split("@", 1)[0]}
               for m in _DURATION.finditer(output)]
    return {"counts": counts, "pytest_s": float(last["seconds"]), "slowest": slowest}


def run(target: str) -> dict:
    """``make <target>`` in the project, timed; its pytest summary (:func:`summary`)."""
    from run_bench import children_cpu  # bench/ is this script's folder: on sys.path

    cpu, t0 = children_cpu(), time.perf_counter()
    done = subprocess.run(["make", "--no-print-directory", target], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"make {target} failed (exit {done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-2000:]}")
    return {"target": target, "wall_s": round(wall, 1), "cpu_s": round(children_cpu() - cpu, 1),
            "goal_s": TARGETS[target], **summary(done.stdout)}


def line(row: dict) -> str:
    """One bench row: the wall time against its target, then what pytest counted."""
    counts = ", ".join(f"{n} {kind}" for kind, n in row["counts"].items())
    return (f"make {row['target']:<10}{row['wall_s']:7.1f} s  = {row['wall_s'] / row['goal_s']:.2f} x "
            f"{row['goal_s']:.0f} s (target <= 1.00; {counts}; pytest {row['pytest_s']:.1f} s; "
            f"CPU {row['cpu_s']:.0f} s)")


def slowest_lines(row: dict, n: int = 10) -> list[str]:
    return [f"  {t['seconds']:6.1f} s {t['phase']:<8} {t['test']}" for t in row["slowest"][:n]]


def run_all(targets=tuple(TARGETS)) -> list[dict]:
    """Each target in turn, its row printed as soon as it is done."""
    rows = []
    for target in targets:
        row = run(target)
        print(line(row), flush=True)
        if row["slowest"]:
            print(f"  the slowest tests of make {target}:")
            print("\n".join(slowest_lines(row)), flush=True)
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=sorted(TARGETS), help="time this target alone")
    args = parser.parse_args(argv)
    run_all((args.only,) if args.only else tuple(TARGETS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
