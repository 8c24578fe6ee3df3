"""Tests of generator/generate.py's command line: how it reports upstream drift and missing upstream files.

The pipeline reads Webflow's whole-API file (openapi/upstream/webflow-v2.yml) by default, or four per-area
files (the older form, openapi/upstream/older/).

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

from support import upstream

ROOT = Path(__file__).resolve().parents[1]
SHARED = upstream.parts_dir()  # Webflow's own file, cut into the per-area form
OLDER = upstream.OLDER
WHOLE = ROOT / "openapi" / "upstream" / "webflow-v2.yml"
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
            pytest.fail(
                f"{SHARED / name} is missing; the vendored upstream specs are missing (see openapi/upstream/README.md)"
            )
        shutil.copy(SHARED / name, tmp_path / name)
    return tmp_path


def _args(generate: ModuleType, folder: Path) -> list[str]:
    files = generate.normalize.UPSTREAM_FILES
    return [
        *("--items", str(folder / files["items"])),
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
    assert "give all four per-area files" in out


def test_the_older_upstream_shows_its_drift_in_one_line(
    generate: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    """The per-area files Webflow published before its own file lack the date filters the SDK sends."""
    files = generate.normalize.UPSTREAM_FILES
    args = [arg for key, name in files.items() for arg in (f"--{key}", str(OLDER / name))]
    assert generate.main(["--check", *args]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith(
        "generate: spec drift in webflow-items-openapi.upstream.yml: paths./collections/{collection_id}/items.get"
    )
    assert "createdOn, lastUpdated" in line


@pytest.mark.slow
def test_drift_in_the_whole_file_names_the_file_and_its_part(
    generate: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = yaml.load(WHOLE.read_text(encoding="utf-8"), Loader=_Loader)
    webhook = doc["paths"]["/webhooks/{webhook_id}"]["get"]["responses"]["200"]["content"]["application/json"]
    webhook["schema"]["properties"]["secret"] = {"type": "string"}
    listing = doc["paths"]["/sites/{site_id}/webhooks"]["get"]["responses"]["200"]["content"]["application/json"]
    listing["schema"]["properties"]["webhooks"]["items"]["properties"]["secret"] = {"type": "string"}
    changed = tmp_path / "v2.yml"
    changed.write_text(yaml.dump(doc, Dumper=_Dumper), encoding="utf-8")
    assert generate.main(["--check", "--upstream", str(changed)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("generate: spec drift in v2.yml (webhooks part): paths./sites/{site_id}/webhooks.get")
    assert "secret" in line


@pytest.mark.slow
def test_a_whole_file_without_a_cms_part_is_drift_not_a_traceback(
    generate: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = yaml.load(WHOLE.read_text(encoding="utf-8"), Loader=_Loader)
    doc["paths"] = {p: v for p, v in doc["paths"].items() if "webhook" not in p}
    changed = tmp_path / "v2.yml"
    changed.write_text(yaml.dump(doc, Dumper=_Dumper), encoding="utf-8")
    assert generate.main(["--check", "--upstream", str(changed)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("generate: spec drift in v2.yml: no path of the webhooks part")


def test_a_missing_whole_file_falls_back_to_the_committed_spec_and_says_so(
    generate: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[object] = []
    monkeypatch.setattr(generate, "_run", lambda upstreams, check_only: seen.append(upstreams) or 0)
    assert generate.main(["--check", "--upstream", str(tmp_path / "absent.yml")]) == 0
    assert seen == [None]
    assert "using the committed openapi/webflow-cms.yaml" in capsys.readouterr().out
