"""Run the pipeline: upstream spec -> parts -> normalize -> openapi/ -> openapi-python-client -> _generated/.

``python generator/generate.py [--upstream WHOLE.yml]`` regenerates in place from Webflow's
whole-API file (default ``openapi/upstream/webflow-v2.yml``): its CMS parts are cut out
(``parts.py``), normalized and merged into openapi/webflow-cms.yaml (the generator's input),
the items part alone is also written to openapi/webflow-cms-items.yaml (the emulator's tests
read it), and one package is generated from the merged spec.
``--items PATH --collections PATH --sites PATH --webhooks PATH`` reads four per-area files
instead (the older form Webflow published, kept in ``openapi/upstream/older/``).
``python generator/generate.py --check [...]`` regenerates into a temporary
directory and fails if a committed spec or the package differs from what the
pipeline writes (added, removed or changed files all count).

Where the upstream file is absent, only the spec -> package step is run or
checked: the committed merged spec is then the input. Of four per-area files,
some present and some absent is an error. A changed upstream shape is reported as one
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
import overlay
import parts as upstream_parts

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "webflow-cms.yaml"
ITEMS_SPEC = ROOT / "openapi" / "webflow-cms-items.yaml"
PACKAGE = ROOT / "src" / "webflow_cms" / "_generated"
CONFIG = ROOT / "generator" / "config.yaml"
#: The project's own templates, used before openapi-python-client's (only the tag packages' __init__).
TEMPLATES = ROOT / "generator" / "templates"
#: Webflow's own whole-API file, as published (openapi/upstream/README.md).
UPSTREAM = ROOT / "openapi" / "upstream" / "webflow-v2.yml"
#: What Webflow documents on its pages ahead of that file (OpenAPI Overlay 1.0), applied to it.
OVERLAY = ROOT / "openapi" / "overlays" / "webflow-cms.overlay.yaml"


class GenerationError(RuntimeError):
    """The generator failed or warned; its output is in the message."""


#: Where the upstream comes from: one whole-API file, or the four per-area files by part.
Upstream = Path | dict[str, Path]


def _load(upstream: Upstream) -> tuple[dict[str, normalize.Schema], dict[str, str]]:
    """The four part documents, and the file name each part's drift is reported under.

    Webflow's whole-API file gets the overlay (what Webflow documents ahead of the file) first.
    """
    if isinstance(upstream, Path):
        try:
            whole = overlay.apply(normalize.load(upstream), normalize.load(OVERLAY))
            parts = upstream_parts.cut_parts(whole)
        except (upstream_parts.CutError, overlay.OverlayError) as exc:
            drift = normalize.SpecDriftError(str(exc))
            drift.source = upstream.name
            raise drift from exc
        return parts, {key: f"{upstream.name} ({key} part)" for key in parts}
    return {key: normalize.load(path) for key, path in upstream.items()}, {k: p.name for k, p in upstream.items()}


def write_specs(upstream: Upstream, merged: Path, items: Path) -> None:
    """The merged spec and the items part, from the upstream file(s)."""
    loaded, names = _load(upstream)
    doc = normalize.normalize_all(loaded, names=names)
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


def check(upstreams: Upstream | None) -> list[str]:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        spec = SPEC
        if upstreams is not None:
            spec, items = Path(tmp) / "spec.yaml", Path(tmp) / "items.yaml"
            write_specs(upstreams, spec, items)
            for written, committed in ((spec, SPEC), (items, ITEMS_SPEC)):
                if not committed.is_file() or written.read_bytes() != committed.read_bytes():
                    problems.append(f" M {committed.relative_to(ROOT)} (differs from what generator/normalize/ writes)")
        package = Path(tmp) / "_generated"
        write_package(spec, package)
        problems += [f"{line[:3]}src/webflow_cms/_generated/{line[3:]}" for line in diff_trees(package, PACKAGE)]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", type=Path, default=UPSTREAM, help="Webflow's whole-API OpenAPI file")
    for key in normalize.UPSTREAM_FILES:
        parser.add_argument(f"--{key}", type=Path, help=f"the per-area {key} file (older form; give all four)")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    given: dict[str, Path] = {key: getattr(args, key) for key in normalize.UPSTREAM_FILES if getattr(args, key)}
    upstreams: Upstream | None = args.upstream
    if given:
        absent = [str(path) for path in given.values() if not path.is_file()]
        absent += [f"--{key}" for key in normalize.UPSTREAM_FILES if key not in given]
        if absent:
            print(f"generate: upstream specs missing: {', '.join(absent)} (give all four per-area files)")
            return 2
        upstreams = given
    elif not args.upstream.is_file():
        upstreams = None
        print(f"generate: no upstream spec at {args.upstream}; using the committed {SPEC.relative_to(ROOT)}")
    try:
        return _run(upstreams, check_only=args.check)
    except normalize.SpecDriftError as exc:
        detail = " ".join(str(exc).split())
        print(f"generate: spec drift in {exc.source or 'the upstream spec'}: {detail}")
        return 1


def _run(upstreams: Upstream | None, *, check_only: bool) -> int:
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
