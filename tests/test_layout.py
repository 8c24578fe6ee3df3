"""The shape of the hand-written package, as the architecture asks (issue 14), checked on every run.

- only ``_endpoints`` and ``models`` import the generated package;
- no module imports another module's private (``_``) name, and no module reaches for one
  through an imported module (``module._name``);
- no import cycle between modules, imports under ``TYPE_CHECKING`` included;
- no module over 400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "webflow_cms"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "_generated" not in p.parts)
MAX_LINES = 400


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


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines"


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
