"""Tests of generator/generate.py's command line: how it reports upstream drift and missing upstream files.

Drift is found before anything is generated, so these runs never start openapi-python-client.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "openapi" / "upstream" / "older"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    sys.path.insert(0, str(ROOT / "generator"))
    try:
        return importlib.import_module("generate")
    finally:
        sys.path.remove(str(ROOT / "generator"))


@pytest.fixture
def upstream_dir(generate: ModuleType, tmp_path: Path) -> Path:
    """Copies of the four upstream files, under their own names, that a test may change."""
    for name in generate.normalize.UPSTREAM_FILES.values():
        if not (SHARED / name).is_file():
            pytest.fail(f"{SHARED / name} is missing; the vendored upstream specs are missing (see openapi/upstream/README.md)")
        shutil.copy(SHARED / name, tmp_path / name)
    return tmp_path


def _args(generate: ModuleType, folder: Path) -> list[str]:
    files = generate.normalize.UPSTREAM_FILES
    return [
        *("--upstream", str(folder / files["items"])),
        *("--collections", str(folder / files["collections"])),
        *("--sites", str(folder / files["sites"])),
        *("--webhooks", str(folder / files["webhooks"])),
    ]


def test_drift_is_one_line_naming_file_and_place_and_a_failure(
    generate: ModuleType, upstream_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sites = upstream_dir / "webflow-sites-openapi.upstream.yml"
    doc = yaml.load(sites.read_text(encoding="utf-8"), Loader=_Loader)
    listing = doc["paths"]["/sites"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    listing["properties"]["sites"]["items"]["properties"]["plan"] = {"type": "string"}
    sites.write_text(yaml.dump(doc, Dumper=_Dumper), encoding="utf-8")

    # --check only: a drift that went unnoticed must not overwrite the committed files.
    status = generate.main(["--check", *_args(generate, upstream_dir)])
    out, err = capsys.readouterr()
    assert status == 1
    assert err == ""
    assert "Traceback" not in out
    [line] = out.splitlines()
    assert line.startswith(
        "generate: spec drift in webflow-sites-openapi.upstream.yml: paths./sites.get.responses.200.sites[]: "
    )
    assert "plan" in line


def test_drift_in_the_items_file_names_it_too(
    generate: ModuleType, upstream_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = upstream_dir / "webflow-items-openapi.upstream.yml"
    doc = yaml.load(items.read_text(encoding="utf-8"), Loader=_Loader)
    del doc["paths"]["/collections/{collection_id}/items/publish"]
    items.write_text(yaml.dump(doc, Dumper=_Dumper), encoding="utf-8")
    assert generate.main(["--check", *_args(generate, upstream_dir)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("generate: spec drift in webflow-items-openapi.upstream.yml: ")
    assert "publish" in line


def test_some_upstream_files_missing_is_an_error_not_a_silent_fallback(
    generate: ModuleType, upstream_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (upstream_dir / "webflow-webhooks-openapi.upstream.yml").unlink()
    assert generate.main(["--check", *_args(generate, upstream_dir)]) == 2
    out = capsys.readouterr().out
    assert "webflow-webhooks-openapi.upstream.yml" in out
    assert "all four or none" in out
