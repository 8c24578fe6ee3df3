"""Run the pipeline: upstream specs -> normalize -> openapi/ -> openapi-python-client -> _generated/.

``python generator/generate.py [--upstream ITEMS] [--collections PATH] [--sites PATH] [--webhooks PATH]``
regenerates in place: the four upstream files are normalized and merged into
openapi/webflow-cms.yaml (the generator's input), the items part alone is also
written to openapi/webflow-cms-items.yaml (the emulator's tests read it), and
one package is generated from the merged spec.
``python generator/generate.py --check [...]`` regenerates into a temporary
directory and fails if a committed spec or the package differs from what the
pipeline writes (added, removed or changed files all count).

Where the upstream files are all absent, only the spec -> package step is run
or checked: the committed merged spec is then the input. Some present and some
absent is an error. A changed upstream shape is reported as one
``generate: spec drift in FILE: PLACE: ...`` line and exit status 1.
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
SPEC = ROOT / "openapi" / "webflow-cms.yaml"
ITEMS_SPEC = ROOT / "openapi" / "webflow-cms-items.yaml"
PACKAGE = ROOT / "src" / "webflow_cms" / "_generated"
CONFIG = ROOT / "generator" / "config.yaml"
#: The project's own templates, used before openapi-python-client's (only the tag packages' __init__).
TEMPLATES = ROOT / "generator" / "templates"
UPSTREAM_DIR = ROOT / "openapi" / "upstream" / "older"
DEFAULT_UPSTREAMS = {key: UPSTREAM_DIR / name for key, name in normalize.UPSTREAM_FILES.items()}


class GenerationError(RuntimeError):
    """The generator failed or warned; its output is in the message."""


def write_specs(upstreams: dict[str, Path], merged: Path, items: Path) -> None:
    """The merged spec and the items part, from the four upstream files."""
    loaded = {key: normalize.load(path) for key, path in upstreams.items()}
    doc = normalize.normalize_all(loaded)
    items_doc = normalize.normalize(loaded["items"])
    merged.write_text(normalize.dump(doc, normalize.ALL_SOURCES), encoding="utf-8")
    items.write_text(normalize.dump(items_doc), encoding="utf-8")


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
            "--custom-template-path",
            str(TEMPLATES),
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


def check(upstreams: dict[str, Path] | None) -> list[str]:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        spec = SPEC
        if upstreams is not None:
            spec, items = Path(tmp) / "spec.yaml", Path(tmp) / "items.yaml"
            write_specs(upstreams, spec, items)
            for written, committed in ((spec, SPEC), (items, ITEMS_SPEC)):
                if not committed.is_file() or written.read_bytes() != committed.read_bytes():
                    problems.append(f" M {committed.relative_to(ROOT)} (differs from normalize.py's output)")
        package = Path(tmp) / "_generated"
        write_package(spec, package)
        problems += [f"{line[:3]}src/webflow_cms/_generated/{line[3:]}" for line in diff_trees(package, PACKAGE)]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", "--items", dest="items", type=Path, default=DEFAULT_UPSTREAMS["items"])
    for key in ("collections", "sites", "webhooks"):
        parser.add_argument(f"--{key}", type=Path, default=DEFAULT_UPSTREAMS[key])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    given: dict[str, Path] = {key: getattr(args, key) for key in normalize.UPSTREAM_FILES}
    absent = [str(path) for path in given.values() if not path.is_file()]
    upstreams: dict[str, Path] | None = given
    if len(absent) == len(given):
        upstreams = None
        print(f"generate: no upstream specs at {', '.join(absent)}; using the committed {SPEC.relative_to(ROOT)}")
    elif absent:
        print(f"generate: upstream specs missing: {', '.join(absent)} (give all four or none)")
        return 2
    try:
        return _run(upstreams, check_only=args.check)
    except normalize.SpecDriftError as exc:
        detail = " ".join(str(exc).split())
        print(f"generate: spec drift in {exc.source or 'the upstream spec'}: {detail}")
        return 1


def _run(upstreams: dict[str, Path] | None, *, check_only: bool) -> int:
    if check_only:
        problems = check(upstreams)
        if problems:
            print("generated code is out of date; run `make generate` and commit:")
            print("\n".join(problems))
            return 1
        print("generate: committed spec and _generated/ match the pipeline")
        return 0
    if upstreams is not None:
        write_specs(upstreams, SPEC, ITEMS_SPEC)
    write_package(SPEC, PACKAGE)
    modules = len(list((PACKAGE / "models").glob("*.py"))) - 1
    operations = len(list((PACKAGE / "api").rglob("*.py"))) - len(list((PACKAGE / "api").rglob("__init__.py")))
    print(f"generate: {operations} operations, {modules} model modules -> {PACKAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
