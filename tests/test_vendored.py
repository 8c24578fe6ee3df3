"""The repository carries the upstream specs it is generated from, and needs nothing beside it.

A clone on its own must install and test: every upstream file sits under openapi/upstream/ with
the sha256 its provenance note gives, and no tracked file reads or names a folder outside the clone.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UPSTREAM = ROOT / "openapi" / "upstream"
_ROW = re.compile(r"^\| `(?P<file>[^`]+)` \|.*\| (?P<sha>[0-9a-f]{64}) \|$", re.MULTILINE)


def _provenance() -> dict[str, str]:
    return {m["file"]: m["sha"] for m in _ROW.finditer((UPSTREAM / "README.md").read_text(encoding="utf-8"))}


def test_the_provenance_note_lists_every_vendored_spec() -> None:
    vendored = {p.relative_to(UPSTREAM).as_posix() for p in UPSTREAM.rglob("*.yml")}
    assert vendored, "openapi/upstream/ holds no spec"
    assert set(_provenance()) == vendored


@pytest.mark.parametrize("name", sorted(_provenance()))
def test_each_vendored_spec_is_byte_for_byte_as_published(name: str) -> None:
    digest = hashlib.sha256((UPSTREAM / name).read_bytes()).hexdigest()
    assert digest == _provenance()[name], f"{name} changed: vendored files stay as published"


def test_the_licence_travels_with_the_specs() -> None:
    text = (UPSTREAM / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Copyright (c) 2024 Webflow" in text


def _tracked() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:  # not a git checkout (an unpacked sdist): walk the tree instead
        return [p for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts and ".git" not in p.parts]
    return [ROOT / line for line in out.stdout.splitlines()]


def test_no_file_reads_or_names_a_folder_beside_the_clone() -> None:
    pattern = re.compile(r'\.\./shared|/\s*"shared"\s*/|/work/shared')
    offenders = []
    for path in _tracked():
        if path.suffix in {".yml", ".png"} or not path.is_file() or path == Path(__file__).resolve():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        lines = enumerate(text.splitlines(), 1)
        offenders += [f"{path.relative_to(ROOT)}:{n}" for n, line in lines if pattern.search(line)]
    assert offenders == []
