"""Package shape: no import circle among newsledger modules, and no module over MAX_LINES lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "newsledger"
MAX_LINES = 400


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package (a package is its __init__.py)."""
    out: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(node: ast.AST) -> list[ast.stmt]:
    """Every import statement under ``node`` (module level and inside functions and classes), skipping
    the body of ``if TYPE_CHECKING:`` blocks (imports for annotations only; their else branch counts)."""
    found: list[ast.stmt] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.orelse:
                found.extend([stmt] if isinstance(stmt, ast.Import | ast.ImportFrom) else _statements(stmt))
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            found.append(child)
        else:
            found.extend(_statements(child))
    return found


def _existing(name: str, modules: dict[str, Path]) -> str | None:
    """The longest prefix of a dotted name that is a module of the package."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _with_parents(name: str, importer: str, modules: dict[str, Path]) -> set[str]:
    """A module and the sub-packages whose __init__ runs first when it is imported, except the importer's
    own packages (initialised before the importer itself) and the root package (its __init__ is the public
    facade and runs before anything else; an explicit ``from newsledger import ...`` still counts)."""
    out = {name}
    parts = name.split(".")
    for k in range(2, len(parts)):
        parent = ".".join(parts[:k])
        if parent in modules and not (importer + ".").startswith(parent + "."):
            out.add(parent)
    return out


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package modules that ``module`` imports, with relative imports resolved."""
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for stmt in _statements(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(stmt, ast.Import):
            names = [alias.name for alias in stmt.names]
        else:
            assert isinstance(stmt, ast.ImportFrom)
            base = stmt.module or ""
            if stmt.level:
                here = module.split(".") if is_package else module.split(".")[:-1]
                here = here[: len(here) - (stmt.level - 1)]
                base = ".".join(here + ([base] if base else []))
            # "from a.b import c": the module a.b.c when there is one, else a name of a.b
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in stmt.names]
        for name in names:
            found = _existing(name, modules)
            if found is not None:
                targets |= _with_parents(found, module, modules)
    targets.discard(module)
    return targets


def import_graph() -> dict[str, set[str]]:
    modules = module_files()
    return {m: imports_of(m, p, modules) for m, p in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One import circle (as a path that returns to its start) per strongly connected component."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in graph[v]:
                components.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_circle(comp, graph) for comp in components]


def _circle(component: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest path inside ``component`` from its first module back to itself."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v] & members):
            if w == start:
                return paths[v] + [start]
            if w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    return component


def test_the_graph_sees_imports() -> None:
    graph = import_graph()
    assert "newsledger.registry" in graph["newsledger.pipeline"]
    assert "newsledger.stages.builtin" in graph["newsledger.pipeline"]
    assert "newsledger.registry" in graph["newsledger.stages.clean.stage"]
    # function-level imports count; TYPE_CHECKING-only ones do not
    assert "newsledger.distributed.dask_runner" in graph["newsledger.cli.analyze"]
    assert "newsledger.registry" not in graph["newsledger.stages.entities.mentions"]


def test_cycles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_no_import_circle() -> None:
    found = cycles(import_graph())
    assert not found, "import circles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_registry_never_imports_the_stages() -> None:
    graph = import_graph()
    assert not {m for m in graph["newsledger.registry"] if m.startswith("newsledger.stages")}
    for module, targets in graph.items():
        if module.startswith("newsledger.stages.") and module != "newsledger.stages.builtin":
            assert "newsledger.pipeline" not in targets, module


@pytest.mark.parametrize("module", sorted(module_files()))
def test_module_size(module: str) -> None:
    lines = len(module_files()[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines (limit {MAX_LINES}); split it along a natural seam"
