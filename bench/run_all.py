#!/usr/bin/env python
"""Run every benchmark in turn (`make bench`); each prints its figures and the machine.

Assumes `make demo` ran (the public search load test uses the demo handbook). The other
benchmarks build synthetic handbooks in scratch databases (bench/common.py): SQLite under
/tmp/svar-bench, or PostgreSQL with BENCH_PG=postgres://user@host:port. Not part of `make test`.

    .venv/bin/python bench/run_all.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="small sizes only (1k/10k texts), for a smoke run")
    args = parser.parse_args()
    sizes = "1000,10000" if args.quick else "1000,10000,100000"
    big = "10000" if args.quick else "10000,100000"
    steps = [
        ["suggest_latency.py", "--sizes", sizes],
        ["public_search_load.py", "--clients", "16"],  # three rows: 2, 30, 100 % one-off
        ["rebuild.py", "--encode-texts", "2000" if args.quick else "10000",
         "--build-sizes", big],
        ["memory.py", "--sizes", big],
    ]
    env = dict(os.environ, HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    failed = []
    for script, *script_args in steps:
        if not (HERE / script).exists():
            print(f"\n### {script}: not found, skipped", flush=True)
            continue
        print(f"\n### {script} {' '.join(script_args)}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, str(HERE / script), *script_args],
                               cwd=HERE.parent, env=env)
        print(f"### {script}: exit {code} after {time.monotonic() - started:.0f} s", flush=True)
        if code:
            failed.append(script)
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
