"""Run the pipeline: upstream spec -> normalize -> openapi/ -> openapi-python-client -> _generated/.

``python generator/generate.py [--upstream PATH]`` regenerates in place.
``python generator/generate.py --check [--upstream PATH]`` regenerates into a
temporary directory and fails if the committed spec or package differs from
what the pipeline writes (added, removed or changed files all count).

Where the upstream file is absent, only the spec -> package step is run or
checked: the committed spec is then the input.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import normalize

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "webflow-cms-items.yaml"
PACKAGE = ROOT / "src" / "webflow_cms" / "_generated"
CONFIG = ROOT / "generator" / "config.yaml"
DEFAULT_UPSTREAM = ROOT.parent / "shared" / "openapi" / "webflow-items-openapi.upstream.yml"


class GenerationError(RuntimeError):
    """The generator failed or warned; its output is in the message."""


def write_spec(upstream: Path, target: Path) -> None:
    doc = normalize.normalize(normalize.load(upstream))
    target.write_text(normalize.dump(doc), encoding="utf-8")


def write_package(spec: Path, target: Path) -> None:
    """Generate the client package into ``target`` (replaced if it exists)."""
    if target.exists():
        shutil.rmtree(target)
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--config",
            str(CONFIG),
            "--meta",
            "none",
            "--output-path",
            str(target),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or "warning" in output.lower():
        raise GenerationError(f"openapi-python-client failed or warned:\n{output}")
    for cache in target.rglob("__pycache__"):
        shutil.rmtree(cache)


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def diff_trees(expected: Path, actual: Path) -> list[str]:
    """Lines like ``git status --porcelain``: ``A`` only in actual, ``D`` missing, ``M`` changed."""
    want, have = _tree(expected), _tree(actual)
    lines = [f"?? {p} (not produced by the generator)" for p in sorted(have - want)]
    lines += [f" D {p} (generator produces it, not committed)" for p in sorted(want - have)]
    lines += [f" M {p}" for p in sorted(want & have) if not filecmp.cmp(expected / p, actual / p, shallow=False)]
    return lines


def check(upstream: Path | None) -> list[str]:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        spec = SPEC
        if upstream is not None:
            spec = Path(tmp) / "spec.yaml"
            write_spec(upstream, spec)
            if spec.read_bytes() != SPEC.read_bytes():
                problems.append(f" M {SPEC.relative_to(ROOT)} (differs from normalize.py's output)")
        package = Path(tmp) / "_generated"
        write_package(spec, package)
        problems += [f"{line[:3]}src/webflow_cms/_generated/{line[3:]}" for line in diff_trees(package, PACKAGE)]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", type=Path, default=DEFAULT_UPSTREAM)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    upstream: Path | None = args.upstream if args.upstream.is_file() else None
    if upstream is None:
        print(f"generate: no upstream spec at {args.upstream}; using the committed {SPEC.relative_to(ROOT)}")
    if args.check:
        problems = check(upstream)
        if problems:
            print("generated code is out of date; run `make generate` and commit:")
            print("\n".join(problems))
            return 1
        print("generate: committed spec and _generated/ match the pipeline")
        return 0
    if upstream is not None:
        write_spec(upstream, SPEC)
    write_package(SPEC, PACKAGE)
    modules = len(list((PACKAGE / "models").glob("*.py"))) - 1
    operations = len(list((PACKAGE / "api").rglob("*.py"))) - len(list((PACKAGE / "api").rglob("__init__.py")))
    print(f"generate: {operations} operations, {modules} model modules -> {PACKAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
