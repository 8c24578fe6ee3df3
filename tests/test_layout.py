"""The shape of the hand-written code, as the architecture asks (issues 14 and 25), checked on every run.

- no hand-written Python file over 400 lines: the package, the emulator, generator/, benchmarks/, scripts/;
- only ``_http.endpoints`` and ``models`` import the generated package;
- no module imports another module's private (``_``) name, or reaches for one through an imported module;
- no import cycle between modules, imports under ``TYPE_CHECKING`` included;
- the package's folders keep their layers: ``_http`` below ``_engine`` below ``resources`` below the client; the
  fronts (``cli``, ``sync``, ``mcp``) use the public SDK only, and nothing in the SDK imports a front;
- Webflow's 24-hex id rule is written once (``ids.py``);
- ``webflow_cms.__all__`` is exactly the names the package exports;
- tests mirror the source layout.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

import webflow_cms

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "webflow_cms"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "_generated" not in p.parts)
#: Every hand-written Python file the 400-line cap applies to (tests are not under it).
HAND_WRITTEN = sorted(
    p
    for folder in ("src/webflow_cms", "src/webflow_cms_emulator", "generator", "benchmarks", "scripts")
    for p in (ROOT / folder).rglob("*.py")
    if "_generated" not in p.parts
)
MAX_LINES = 400
#: The packages that sit in front of the SDK and may use only its public surface.
FRONTS = ("cli", "sync", "mcp")


def module_name(path: Path) -> str:
    parts = ["webflow_cms", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(path: Path, node: ast.ImportFrom) -> str:
    """The absolute module an ``from X import ...`` names."""
    if node.level == 0:
        return node.module or ""
    base = module_name(path).split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """Every (module, names) a file imports, wherever the import statement is."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.append((resolve(path, node), [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((a.name, []) for a in node.names)
    return found


KNOWN = {module_name(p) for p in MODULES}


def edges(path: Path) -> set[str]:
    """The package's modules this file depends on (``from . import x`` counts as a dependency on ``x``)."""
    out: set[str] = set()
    for module, names in imports(path):
        if not module.startswith("webflow_cms") or "_generated" in module:
            continue
        submodules = {f"{module}.{n}" for n in names if f"{module}.{n}" in KNOWN}
        out |= submodules or {module}
    return out - {module_name(path)}


@pytest.mark.parametrize("path", HAND_WRITTEN, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_hand_written_file_is_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines"


def test_only_the_adapter_and_models_import_the_generated_package() -> None:
    users = {module_name(p) for p in MODULES if any("_generated" in m for m, _ in imports(p))}
    assert users == {"webflow_cms._http.endpoints", "webflow_cms.models"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_name_crosses_a_module_boundary(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private_imports = [
        f"{module}.{name}"
        for module, names in imports(path)
        for name in names
        if name.startswith("_") and not name.startswith("__") and f"{module}.{name}" not in KNOWN
    ]
    imported_modules = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom | ast.Import)
        for alias in node.names
    }
    reached = [
        f"{node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in imported_modules
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]
    assert private_imports + reached == []


def test_no_import_cycles_type_only_imports_included() -> None:
    graph = {module_name(p): edges(p) & KNOWN for p in MODULES}
    # The package root re-exports everything; nothing inside may import it back.
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


def test_the_checks_see_the_modules_they_judge() -> None:
    # Guard against a vacuous pass: the walk finds the resource, the adapter and their imports.
    graph = {module_name(p): edges(p) for p in MODULES}
    assert "webflow_cms._http.endpoints" in graph["webflow_cms.resources.items"]
    assert "webflow_cms._http.session" in graph["webflow_cms.client"]
    assert len(MODULES) > 30


# ---------------------------------------------------------------- folders and layers


def folder(module: str) -> str:
    """The package folder a module belongs to (``_engine``, ``cli``, ...), or "" for a top-level module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()) else ""


#: What each internal folder must not import: the layers only point down.
FORBIDDEN = {
    "_http": {"_engine", "resources", "codegen", *FRONTS},
    "_engine": {"resources", "codegen", *FRONTS},
    "resources": {"codegen", *FRONTS},
    "codegen": set(FRONTS),  # it reads a site's schema through the client, as a user would
    "": set(FRONTS),
}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layers_only_point_down(path: Path) -> None:
    here = module_name(path)
    forbidden = FORBIDDEN.get(folder(here), set())
    bad = sorted(
        m
        for m in edges(path)
        if folder(m) in forbidden or (m == "webflow_cms.client" and folder(here) in ("_http", "_engine", "resources"))
    )
    assert bad == [], f"{here} imports {bad}"


@pytest.mark.parametrize(
    "path", [p for p in MODULES if folder(module_name(p)) in FRONTS], ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_the_fronts_use_only_the_public_sdk(path: Path) -> None:
    own = "webflow_cms." + folder(module_name(path))
    private = sorted(
        module
        for module, _ in imports(path)
        if module.startswith("webflow_cms")
        and not module.startswith(own)
        and any(part.startswith("_") and not part.startswith("__") for part in module.split("."))
    )
    assert private == [], f"{module_name(path)} imports private SDK modules {private}"


def test_the_fronts_do_not_lean_on_each_other() -> None:
    # The CLI may start sync and the MCP server; sync and the MCP server stand on the SDK alone.
    leaning = sorted(
        (module_name(p), m)
        for p in MODULES
        if folder(module_name(p)) in ("sync", "mcp")
        for m in edges(p)
        if folder(m) in FRONTS and folder(m) != folder(module_name(p))
    )
    assert leaning == []


_ID_RULE = re.compile(r"\[0-9a-f\]\{24\}|\[a-f0-9\]\{24\}")


def test_the_id_rule_is_written_once() -> None:
    writers = sorted(str(p.relative_to(PACKAGE)) for p in MODULES if _ID_RULE.search(p.read_text(encoding="utf-8")))
    assert writers == ["ids.py"]


def test_the_public_surface_is_exactly_all() -> None:
    # As httpx's test_exported_members: every public name the package binds is in __all__, and only those.
    exported = {
        name
        for name, value in vars(webflow_cms).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name not in {"annotations"}
    }
    assert exported == set(webflow_cms.__all__) - {"__version__"}
    assert len(webflow_cms.__all__) == len(set(webflow_cms.__all__))
    for name in webflow_cms.__all__:
        assert getattr(webflow_cms, name) is not None


@pytest.mark.parametrize(
    "path", [p for p in MODULES if p.name != "__init__.py"], ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_imported_names_are_in_the_exporters_all(path: Path) -> None:
    # A name taken from another module of the package is one that module offers (its __all__).
    offered = {module_name(p): _all_of(p) for p in MODULES}
    outside = sorted(
        f"{module}.{name}"
        for module, names in imports(path)
        if module in offered and offered[module] is not None
        for name in names
        if name not in offered[module] and f"{module}.{name}" not in KNOWN  # type: ignore[operator]
    )
    assert outside == [], f"{module_name(path)} imports names outside their module's __all__: {outside}"


def _all_of(path: Path) -> set[str] | None:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return {elt.value for elt in node.value.elts if isinstance(elt, ast.Constant)}  # type: ignore[attr-defined]
    return None


# ---------------------------------------------------------------- tests mirror the source

TESTS = ROOT / "tests"
#: Modules whose tests live with another module's, and where.
TESTED_WITH = {
    "_engine/colors.py": "tests/test_checks.py",
    "_engine/encoders.py": "tests/engine/test_codec.py",
    "_engine/jobs.py": "tests/resources/test_items.py",
    "_engine/tracker.py": "tests/test_bulk.py",
    "_http/session.py": "tests/http/test_transport.py",
    "results.py": "tests/test_bulk.py",
    "typed.py": "tests/engine/test_codec.py",
    "_version.py": "tests/cli/test_parser.py",
}


def mirror(path: Path) -> Path:
    """tests/engine/test_batching.py for src/webflow_cms/_engine/batching.py (a leading ``_`` dropped)."""
    rel = path.relative_to(PACKAGE)
    folders = [part.lstrip("_") for part in rel.parts[:-1]]
    return TESTS.joinpath(*folders, f"test_{rel.stem.lstrip('_')}.py")


#: Folders tested as a whole through their entry points (a command, a server, a sync run): their tests sit in the
#: mirroring folder (tests/cli/, tests/mcp/, ...) without one file per module.
WHOLE = ("cli", "codegen", "mcp", "sync")
MIRRORED = [p for p in MODULES if p.name != "__init__.py" and p.relative_to(PACKAGE).parts[0] not in WHOLE]


@pytest.mark.parametrize("path", MIRRORED, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_has_its_mirror_test(path: Path) -> None:
    rel = str(path.relative_to(PACKAGE))
    expected = ROOT / TESTED_WITH[rel] if rel in TESTED_WITH else mirror(path)
    assert expected.is_file(), f"{rel} has no tests at {expected.relative_to(ROOT)}"


@pytest.mark.parametrize("name", [w for w in WHOLE if (PACKAGE / w).is_dir()])
def test_each_folder_tested_as_a_whole_has_its_test_folder(name: str) -> None:
    assert list((TESTS / name).rglob("test_*.py")), f"src/webflow_cms/{name}/ has no tests in tests/{name}/"


def test_each_mirror_folder_names_a_source_folder() -> None:
    sources = {mirror(p).parent for p in MODULES}
    folders = {p.parent for p in TESTS.glob("*/test_*.py")} - {TESTS / "conformance", TESTS / "reliability"}
    folders -= {TESTS / "emulator"}  # mirrors src/webflow_cms_emulator
    assert folders <= sources, sorted(str(f.relative_to(ROOT)) for f in folders - sources)
