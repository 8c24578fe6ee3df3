"""Webflow's own OpenAPI file, with the overlay, cut into the four per-area parts the normalizer reads.

Tests that read an upstream part (the normalizer's, the generated client's, conformance) read
these: ``openapi/upstream/webflow-v2.yml`` with ``openapi/overlays/webflow-cms.overlay.yaml``
applied (``generator/overlay.py``) and cut by ``generator/parts.py``, as ``make generate`` does;
written once per version of those two files under ``build/upstream-parts/`` with the per-area names.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import yaml

ROOT = Path(__file__).resolve().parents[2]
WHOLE = ROOT / "openapi" / "upstream" / "webflow-v2.yml"
OLDER = ROOT / "openapi" / "upstream" / "older"
OVERLAY = ROOT / "openapi" / "overlays" / "webflow-cms.overlay.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def generator_module(name: str) -> ModuleType:
    """A module of generator/ (``overlay``, ``parts``) or a package there (``normalize``), imported once.

    Registered under its own name, as generator/generate.py imports it, so both share one module.
    """
    if name in sys.modules:
        return sys.modules[name]
    package = ROOT / "generator" / name
    if package.is_dir():
        spec = importlib.util.spec_from_file_location(
            name, package / "__init__.py", submodule_search_locations=[str(package)]
        )
    else:
        spec = importlib.util.spec_from_file_location(name, ROOT / "generator" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def parts_dir() -> Path:
    """The folder of the four parts (``webflow-items-openapi.upstream.yml`` ...), cut if not yet."""
    data, extra = WHOLE.read_bytes(), OVERLAY.read_bytes()
    folder = ROOT / "build" / "upstream-parts" / hashlib.sha256(data + extra).hexdigest()[:16]
    names: dict[str, str] = generator_module("normalize").UPSTREAM_FILES
    if all((folder / name).is_file() for name in names.values()):
        return folder
    whole = generator_module("overlay").apply(yaml.load(data, Loader=_Loader), yaml.load(extra, Loader=_Loader))
    cut = generator_module("parts").cut_parts(whole)
    folder.mkdir(parents=True, exist_ok=True)
    for key, name in names.items():
        tmp = folder / f"{name}.{id(cut)}.tmp"
        tmp.write_text(yaml.dump(cut[key], Dumper=_Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
        tmp.replace(folder / name)  # atomic: parallel test processes may cut at once
    return folder


def part(key: str) -> Path:
    """One part's file: ``items``, ``collections``, ``sites`` or ``webhooks``."""
    return parts_dir() / generator_module("normalize").UPSTREAM_FILES[key]
