"""``make mutation``: mutmut over the guarantee modules, then tests/mutation/REPORT.md.

The modules and the tests are configured once, in pyproject.toml's ``[tool.mutmut]``: ``only_mutate``
lists the modules, ``pytest_add_cli_args_test_selection`` the test files mutmut may run; per mutant it
runs only those of them that execute the mutated function.

A survivor is a mutation no test noticed. Each one must be listed in tests/mutation/equivalent.toml
with one line on why the mutant behaves exactly like the original (matched by module, function and
the changed line, so the entry survives renumbering); otherwise it needs a test. The run fails when a
module kills less than ``MIN_SCORE`` of its mutants, when a survivor is not explained, or when an
explanation no longer matches any survivor (the code or the tests changed: look again).

    python tests/mutation/run.py            # fresh run (deletes mutants/), then the report
    python tests/mutation/run.py --report   # the report from the last run's results only

Some modules only: ``.venv/bin/mutmut run --max-children 2 "webflow_cms.retry.*"`` (mutmut's name filter; the
results of other mutants stay in mutants/), then ``--report`` with ``only_mutate`` narrowed to those modules.

mutmut imports the test modules once and forks per mutant, so whatever a test module builds at import (a
module-level ``ModelCodec``) comes from the original code: a test of what is built (readers, writers, the
written decoder) builds its own, in the test.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
REPORT = HERE / "REPORT.md"
EQUIVALENT = HERE / "equivalent.toml"
#: Real bugs a survivor revealed (not equivalent, not fixed here): copied into the report as open findings.
FINDINGS = HERE / "FINDINGS.md"
MIN_SCORE = 0.90
#: Bounds the whole run (mutmut bounds each mutant with its own CPU-time limit).
RUN_TIMEOUT = 60 * 60

KILLED = {1, 3, 36, -24, 24, 152, 255, 37}  # a failing test, a pytest error, a timeout, the type check
SURVIVED = {0}
NO_TESTS = {5, 33}


@dataclass
class Mutant:
    name: str
    path: str  # src/webflow_cms/retry.py
    function: str  # TokenBucket._refill or parse_retry_after
    status: str  # killed, timeout, survived, no tests, not checked
    line: int = 0
    before: str = ""
    after: str = ""
    why: str = ""


@dataclass
class Equivalent:
    path: str
    function: str
    before: str
    after: str
    why: str
    used: int = 0


@dataclass
class Score:
    path: str
    mutants: list[Mutant] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(m.status != "not checked" for m in self.mutants)

    @property
    def killed(self) -> int:
        return sum(m.status in {"killed", "timeout"} for m in self.mutants)

    @property
    def ratio(self) -> float:
        return self.killed / self.total if self.total else 0.0


def config() -> dict[str, list[str]]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    section: dict[str, list[str]] = data["tool"]["mutmut"]
    return section


#: Modules split out of another whose tests stayed with it: the file that tests them.
MIRROR_OF = {
    "src/webflow_cms/_engine/encoders.py": "tests/engine/test_codec.py",  # field encoders, moved out of the codec
    "src/webflow_cms/results.py": "tests/test_bulk.py",  # bulk results, split out of bulk.py
    "src/webflow_cms/_engine/tracker.py": "tests/test_bulk.py",  # the per-input tracker, split out of bulk.py
}


def mirror(module: str) -> str:
    """The test file that mirrors a module: tests/test_ratelimit.py for src/webflow_cms/ratelimit.py,
    tests/http/test_transport.py for src/webflow_cms/_http/transport.py (a leading ``_`` is dropped)."""
    if module in MIRROR_OF:
        return MIRROR_OF[module]
    parts = Path(module).relative_to("src/webflow_cms").parts
    folders = [part.lstrip("_") for part in parts[:-1]]
    return "/".join(["tests", *folders, f"test_{Path(parts[-1]).stem.lstrip('_')}.py"])


def check_config(section: dict[str, list[str]]) -> list[str]:
    selection = set(section.get("pytest_add_cli_args_test_selection", []))
    problems = []
    for module in section.get("only_mutate", []):
        if not (ROOT / module).is_file():
            problems.append(f"{module} (only_mutate) does not exist")
        if mirror(module) not in selection:
            problems.append(f"{module} is mutated but its tests {mirror(module)} are not in the test selection")
    return problems


def run_mutmut(max_children: int) -> int:
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)  # a fresh run: no result is carried over
    command = [str(Path(sys.executable).parent / "mutmut"), "run", "--max-children", str(max_children)]
    print("+", " ".join(command), flush=True)
    try:
        done = subprocess.run(command, cwd=ROOT, timeout=RUN_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        print(f"mutmut did not finish within {RUN_TIMEOUT} s", file=sys.stderr)
        return 1
    return done.returncode


def status_of(code: int | None) -> str:
    if code is None:
        return "not checked"
    if code in SURVIVED:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    if code in {36, -24, 24, 152, 255}:
        return "timeout"
    if code in KILLED:
        return "killed"
    return "suspicious"


def function_name(mutant: str) -> str:
    from mutmut.utils.format_utils import orig_function_and_class_names_from_key

    name, cls = orig_function_and_class_names_from_key(mutant)
    return f"{cls}.{name}" if cls else name


def read_results(modules: Iterable[str]) -> dict[str, Score]:
    import json

    scores: dict[str, Score] = {}
    for module in modules:
        meta = ROOT / "mutants" / f"{module}.meta"
        if not meta.is_file():
            raise SystemExit(f"no results for {module}: run `make mutation` first")
        codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        score = scores[module] = Score(module)
        for name, code in sorted(codes.items(), key=lambda kv: _natural(kv[0])):
            score.mutants.append(Mutant(name, module, function_name(name), status_of(code)))
    return scores


def _natural(name: str) -> tuple[str, int]:
    head, _, number = name.rpartition("__mutmut_")
    return head, int(number) if number.isdigit() else 0


def describe(mutant: Mutant) -> None:
    """Fill in the changed line (before and after) and its line number in the original file."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    old = os.getcwd()
    os.chdir(ROOT)  # mutmut reads mutants/<path>
    try:
        diff = get_diff_for_mutant(mutant.name, path=mutant.path)
    finally:
        os.chdir(old)
    lines = diff.splitlines()[2:]
    removed = [line[1:].strip() for line in lines if line.startswith("-")]
    added = [line[1:].strip() for line in lines if line.startswith("+")]
    mutant.before = " ".join(removed)
    mutant.after = " ".join(added)
    mutant.line = locate(mutant.path, mutant.function, removed[0] if removed else "")


def locate(path: str, function: str, text: str) -> int:
    """The line of ``text`` inside ``function`` of the original source (the def line when not found)."""
    source = (ROOT / path).read_text(encoding="utf-8")
    tree = ast.parse(source)
    *owner, name = function.split(".")
    scope: list[ast.stmt] = tree.body
    for cls in owner:
        scope = next((n.body for n in scope if isinstance(n, ast.ClassDef) and n.name == cls), [])
    node = next((n for n in scope if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == name), None)
    if node is None:
        return 0
    start, end = node.lineno, node.end_lineno or node.lineno
    lines = source.splitlines()
    if text:
        for number in range(start, end + 1):
            if lines[number - 1].strip() == text:
                return number
        best = difflib.get_close_matches(text, [line.strip() for line in lines[start - 1 : end]], n=1, cutoff=0.6)
        if best:
            for number in range(start, end + 1):
                if lines[number - 1].strip() == best[0]:
                    return number
    return start


def load_equivalents() -> list[Equivalent]:
    if not EQUIVALENT.is_file():
        return []
    data = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))
    return [Equivalent(**entry) for entry in data.get("equivalent", [])]


def explain(scores: dict[str, Score], equivalents: list[Equivalent]) -> list[Mutant]:
    """Attach each survivor's reason; the survivors without one."""
    unexplained = []
    for score in scores.values():
        for mutant in score.mutants:
            if mutant.status != "survived":
                continue
            for entry in equivalents:
                if (entry.path, entry.function, entry.before, entry.after) == (
                    mutant.path,
                    mutant.function,
                    mutant.before,
                    mutant.after,
                ):
                    mutant.why = entry.why
                    entry.used += 1
                    break
            else:
                unexplained.append(mutant)
    return unexplained


def _cell(text: str) -> str:
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`" if text else "(removed)"


def render(scores: dict[str, Score], unexplained: list[Mutant], stale: list[Equivalent]) -> str:
    out = [
        "# Mutation testing",
        "",
        "Written by `make mutation` (tests/mutation/run.py; mutmut, configured in pyproject.toml's "
        "`[tool.mutmut]`). Each mutant is one small change to a guarantee module; the tests that execute "
        "the changed function run against it, and a failing test kills it. A timeout counts as killed. "
        f"Every module must kill at least {MIN_SCORE:.0%}, and every survivor must be explained in "
        "tests/mutation/equivalent.toml as behaving exactly like the original.",
        "",
        "| module | killed | total | score | timeouts | survivors (all equivalent) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for path, score in scores.items():
        timeouts = sum(m.status == "timeout" for m in score.mutants)
        survivors = sum(m.status == "survived" for m in score.mutants)
        out.append(f"| {path} | {score.killed} | {score.total} | {score.ratio:.1%} | {timeouts} | {survivors} |")
    total = sum(s.total for s in scores.values())
    killed = sum(s.killed for s in scores.values())
    out.append(f"| **all** | {killed} | {total} | {killed / total if total else 0:.1%} | | |")
    out += ["", "## Survivors", ""]
    survivors = [m for s in scores.values() for m in s.mutants if m.status == "survived"]
    if not survivors:
        out.append("None.")
    else:
        out += ["| where | function | original | mutant | why it is equivalent |", "| --- | --- | --- | --- | --- |"]
        for m in survivors:
            why = m.why or "**NOT EXPLAINED: needs a test or an entry in equivalent.toml**"
            out.append(f"| {m.path}:{m.line} | {m.function} | {_cell(m.before)} | {_cell(m.after)} | {why} |")
    timeouts = [m for s in scores.values() for m in s.mutants if m.status == "timeout"]
    if timeouts:
        out += ["", "## Killed by timeout (the tests hang or spin on them)", ""]
        out += ["| where | function | original | mutant |", "| --- | --- | --- | --- |"]
        out += [f"| {m.path}:{m.line} | {m.function} | {_cell(m.before)} | {_cell(m.after)} |" for m in timeouts]
    others = [m for s in scores.values() for m in s.mutants if m.status in {"no tests", "suspicious", "not checked"}]
    if others:
        out += ["", "## Not decided", ""]
        out += [f"- {m.path}:{m.line} {m.function}: {m.status} ({m.name})" for m in others]
    if FINDINGS.is_file():
        out += ["", "## Open findings (real bugs, from tests/mutation/FINDINGS.md)", ""]
        out += FINDINGS.read_text(encoding="utf-8").strip().splitlines()
    if unexplained or stale:
        out += ["", "## Problems", ""]
        out += [f"- unexplained survivor {m.path}:{m.line} {m.function}: {m.before} -> {m.after}" for m in unexplained]
        out += [f"- equivalent.toml entry matches no survivor: {e.path} {e.function}: {e.before}" for e in stale]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report", action="store_true", help="only write the report from the last run")
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2)")
    args = parser.parse_args()

    section = config()
    problems = check_config(section)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    if not args.report:
        code = run_mutmut(args.max_children)
        if code != 0:
            print(f"mutmut run failed with exit code {code}", file=sys.stderr)
            return code

    os.chdir(ROOT)
    scores = read_results(section["only_mutate"])
    for score in scores.values():
        for mutant in score.mutants:
            if mutant.status != "killed":
                describe(mutant)
    equivalents = load_equivalents()
    unexplained = explain(scores, equivalents)
    stale = [e for e in equivalents if not e.used and e.path in scores]  # a module left out is not judged
    REPORT.write_text(render(scores, unexplained, stale), encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)}")
    for path, score in scores.items():
        print(f"  {path}: {score.killed}/{score.total} killed ({score.ratio:.1%})")
    low = [path for path, score in scores.items() if score.ratio < MIN_SCORE]
    failed = False
    if low:
        print(f"below {MIN_SCORE:.0%}: {', '.join(low)}", file=sys.stderr)
        failed = True
    if unexplained:
        print(f"{len(unexplained)} survivors are not explained (see the report)", file=sys.stderr)
        failed = True
    if stale:
        print(f"{len(stale)} entries of equivalent.toml match no survivor (see the report)", file=sys.stderr)
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
