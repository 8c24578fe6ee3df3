"""``codegen``: write typed models of a site's collections, or check a written module against the live schema.

``codegen -o cms_models.py`` writes the module (through a temporary file, so
a reader never sees half of it); without ``-o`` it goes to stdout.
``codegen --check cms_models.py`` exits 0 when the file still declares what
the live schema gives, and 1 with one line per change and a diff when it does
not: a CI step that notices a field added, removed or retyped in Webflow.
"""

from __future__ import annotations

import argparse
import os
import shlex
import tempfile
from pathlib import Path
from typing import Any

from webflow_cms import AsyncWebflowCMS
from webflow_cms.codegen import CodegenError, NotGeneratedError, compare_models, generate_models, parse_models

from ..errors import EXIT_FAILED, EXIT_OK, InputError
from ..session import resolve_site
from ..ui import Output

__all__ = ["add_parser", "write_atomically"]

_TEXT = "write typed Python models of a site's collections, or check them (--check)"


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser: argparse.ArgumentParser = commands.add_parser("codegen", parents=[common], help=_TEXT, description=_TEXT)
    parser.add_argument("--site", help="site id (default: the site of the --check file, else the only one reachable)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", type=Path, default=None, help="module to write (default: stdout)")
    target.add_argument(
        "--check",
        type=Path,
        default=None,
        metavar="FILE",
        help="exit 1 with the changes and a diff when FILE no longer matches the live schema",
    )
    parser.set_defaults(run=_run)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file next to ``path``, then put it in place in one step."""
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"-o {path}: the folder {folder} does not exist")
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644  # not mkstemp's private 0o600
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"-o {path}: cannot write there ({exc.strerror or exc})") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"-o {path}: cannot write it ({exc.strerror or exc})") from None
        raise


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"--check {path}: no such file; write it first with -o {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--check {path}: cannot read it ({exc})") from None


def _site_in(text: str) -> str | None:
    """The site a module was generated for, to check it against the same site without --site."""
    try:
        return parse_models(text).site_id
    except NotGeneratedError:
        return None


def _classes(text: str) -> list[dict[str, Any]]:
    models = parse_models(text).models.values()
    return [
        {"class": m.class_name, "collection_id": m.collection_id, "name": m.name, "fields": len(m.fields)}
        for m in sorted(models, key=lambda m: m.class_name)
    ]


def _report_written(out: Output, path: Path, text: str) -> None:
    classes = _classes(text)
    hash_ = parse_models(text).schema_hash
    out.data({"written": str(path), "hash": hash_, "classes": classes})
    out.text(f"wrote {path}: {len(classes)} class{'' if len(classes) == 1 else 'es'} ({hash_})")
    width = max((len(c["class"]) for c in classes), default=0) + 2
    for c in classes:
        out.text(f"  {c['class']:<{width}}{c['fields']:>3} fields  {c['name']} ({c['collection_id']})")


def _report_check(out: Output, path: Path, current: str, live: str) -> int:
    hash_ = parse_models(live).schema_hash
    drift = compare_models(current, live, label=str(path))
    if drift is None:
        out.data({"matches": True, "file": str(path), "hash": hash_, "summary": []})
        out.text(f"{path} matches the live schema ({hash_})")
        return EXIT_OK
    out.data({"matches": False, "file": str(path), "hash": hash_, "summary": drift.summary, "diff": drift.diff})
    out.text(f"{path} does not match the live schema ({hash_}):")
    for line in drift.summary:
        out.text(f"  {line}")
    out.text()
    out.text(drift.diff.rstrip("\n"))
    out.note(f"to update it: webflow-cms codegen --site {parse_models(live).site_id} -o {shlex.quote(str(path))}")
    return EXIT_FAILED


async def _run(wf: AsyncWebflowCMS, out: Output, args: argparse.Namespace) -> int:
    """``-o FILE`` writes the module, ``--check FILE`` compares it with the live schema, neither prints it."""
    site_id: str | None = args.site
    output: Path | None = args.output
    check: Path | None = args.check
    current = _read(check) if check is not None else None
    site = await resolve_site(wf, site_id or (_site_in(current) if current is not None else None))
    path = output or check
    filename = shlex.quote(path.as_posix()) if path is not None else "cms_models.py"
    try:
        live = await generate_models(wf, site, filename=filename)
    except CodegenError as exc:
        out.note(f"webflow-cms: error: {exc}")
        return EXIT_FAILED
    if check is not None and current is not None:
        return _report_check(out, check, current, live)
    if output is not None:
        write_atomically(output, live)
        _report_written(out, output, live)
        return EXIT_OK
    out.data({"module": live, "hash": parse_models(live).schema_hash})
    if not out.json_mode:
        out.out.write(live)
        out.out.flush()
    return EXIT_OK
