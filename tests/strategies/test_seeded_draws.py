"""Same seed, same requests: whatever else the process has imported.

Hypothesis mixes literals of *local* modules (any module in ``sys.modules`` outside
site-packages and the standard library, test files excepted) into its draws. Every path of
smcontract that draws goes through ``strategies._seeded``, which switches that off, so a CLI
run and a pytest-plugin run (with its conftest, plugins and test helpers imported) send the
same corpus. Each probe runs in a fresh interpreter: Hypothesis's pool only ever grows.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: Certify and generate: many free-text and numeric members, where constants land most often.
DRAWN = "CreateCompilationJob"
#: Fuzz: few constraints, so a few hundred requests.
FUZZED = "DescribeModel"

PROBE = """
import hashlib, json, sys

if len(sys.argv) > 2:
    sys.path.insert(0, sys.argv[2])
    import unrelated_constants  # noqa: F401  (its literals join Hypothesis's pool)

from smcontract.contracts import load_contracts
from smcontract.reference import ReferenceService
from smcontract.reports import ReportBuilder, certification
from smcontract.strategies import generate_cases
from smcontract.suites import ListSink, run
from smcontract.suites.targets import ReferenceTarget

drawn, fuzzed = sys.argv[1].split(",")
pack = load_contracts()
target = ReferenceTarget(ReferenceService(pack))
builder = ReportBuilder(pack)
run(pack, [target], operations=[drawn], seed=0, lifecycle=False, sinks=[builder])
print("certify", certification(builder.report())["targets"]["reference"]["corpus"]["digest"])

sink = ListSink()
run(pack, [target], operations=[fuzzed], mode="fuzz", seed=0, max_examples=5,
    lifecycle=False, sinks=[sink], database_dir=None)
sent = sorted(json.dumps(e.request, sort_keys=True) for e in sink.events
              if getattr(e, "label", None) == "fuzz")
print("fuzz", len(sent), hashlib.sha256("\\n".join(sent).encode()).hexdigest())

cases = [c.to_dict() for c in generate_cases(drawn, mode="valid", n=20)]
print("generate", hashlib.sha256(json.dumps(cases, sort_keys=True).encode()).hexdigest())
"""


def _constants_module(folder: Path) -> Path:
    """A module of ~900 short strings and numbers, the kinds requests are made of."""
    folder.mkdir()
    words = [f"job-{i}-x" for i in range(150)] + [f"Ab{i * 7}" for i in range(150)]
    words += ["m" * (1 + i % 19) for i in range(19)] + ["us-east-1", "ml_c5", "s3://b/k"]
    numbers = [100 + 37 * i for i in range(150)] + [-(200 + i) for i in range(100)]
    floats = [1.5 + i for i in range(100)]
    lines = ['"""Nothing smcontract uses: only literals."""', "WORDS = ["]
    lines += [f"    {word!r}," for word in words]
    lines += ["]", "NUMBERS = ["]
    lines += [f"    {number!r}," for number in numbers + floats]
    lines += ["]"]
    (folder / "unrelated_constants.py").write_text("\n".join(lines) + "\n")
    return folder


def _probe(*folder: str) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, f"{DRAWN},{FUZZED}", *folder],
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [line.split(" ", 1) for line in done.stdout.splitlines() if line.strip()]
    return dict(lines)


def test_an_imported_module_full_of_constants_changes_no_draw(tmp_path: Path) -> None:
    folder = _constants_module(tmp_path / "lib")
    plain = _probe()
    after_import = _probe(str(folder))
    assert set(plain) == {"certify", "fuzz", "generate"}
    assert int(plain["fuzz"].split()[0]) > 10  # the fuzz units did draw
    assert after_import == plain
