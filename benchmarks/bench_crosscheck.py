"""The oracle against botocore's own ParamValidator, on the seed operations.

Run: ``python benchmarks/bench_crosscheck.py [--count 10000] [--seed 0] [--show 10]``.

For each seed operation, ``strategies.sample`` draws ``--count`` requests (valid and
one-violation in turn); the oracle and botocore's ``ParamValidator`` check each, and every
request on which they report different (kind, path) findings of the kinds both check is a
disagreement. A disagreement ``botocore_explained.json`` explains (a recorded botocore
behaviour, or drift between the pack's botocore model and the installed one) is counted as
explained. Prints ``N requests, D disagreements (E explained)`` last; exit 1 when some are
unexplained.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="requests per operation")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=10, help="unexplained ones to print")
    args = parser.parse_args(argv)

    from smcontract.contracts import load_contracts
    from smcontract.suites._crosscheck import SEED_OPERATIONS, crosscheck

    pack = load_contracts()
    start = time.perf_counter()
    result = crosscheck(pack, SEED_OPERATIONS, count=args.count, seed=args.seed)
    elapsed = time.perf_counter() - start
    reasons = Counter(r for d in result.disagreements for r in d.explained_by)
    for reason, count in reasons.most_common():
        print(f"{count:6d}  {reason}")
    unexplained = [d for d in result.disagreements if not d.explained]
    for d in unexplained[: args.show]:
        print("UNEXPLAINED", d.operation, d.constraint_id, d.oracle_only, d.botocore_only)
        print("  ", json.dumps(d.request, ensure_ascii=False)[:400])
    print(f"{elapsed:.0f} s over {', '.join(SEED_OPERATIONS)}")
    print(result.summary())
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
