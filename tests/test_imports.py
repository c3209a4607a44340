"""How the package's modules import each other."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"


def modules(folder: Path = PACKAGE) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def is_submodule(name: str) -> bool:
    """Whether `pipeline.<name>` is a module or a package of its own."""
    return (PACKAGE / f"{name}.py").exists() or (PACKAGE / name / "__init__.py").exists()


def test_no_module_imports_the_package_init():
    """`import pipeline` and `from pipeline import X` (X not a submodule) reach pipeline/__init__;
    modules import one another by their full dotted name, and the version from pipeline._version."""
    found = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [f"{path}: import {a.name}" for a in node.names if a.name == "pipeline"]
            elif isinstance(node, ast.ImportFrom) and node.module == "pipeline" and node.level == 0:
                found += [
                    f"{path}: from pipeline import {a.name}" for a in node.names if not is_submodule(a.name)
                ]
    assert not found, "\n".join(found)


def import_time_nodes(tree: ast.Module) -> list[ast.AST]:
    """The statements run when the module is imported: not function bodies, not `if TYPE_CHECKING:`."""
    nodes: list[ast.AST] = []
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo += node.orelse
            continue
        nodes.append(node)
        todo += ast.iter_child_nodes(node)
    return nodes


def imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0:
        return [node.module or ""]
    return []


def test_dataset_does_not_import_compare_at_module_level():
    """pipeline.dataset holds the tables; pipeline.compare works on them (a Dataset method may import
    it when called, never a dataset module when imported)."""
    found = [
        f"{path}: {name}"
        for path in modules(PACKAGE / "dataset")
        for node in import_time_nodes(ast.parse(path.read_text(encoding="utf-8")))
        for name in imported(node)
        if name == "pipeline.compare" or name.startswith("pipeline.compare.")
    ]
    assert not found, "\n".join(found)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports when it is imported
    (`from pipeline.x import y` counts as importing pipeline.x.y where that is a module)."""
    names = {module_name(path): path for path in modules()}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        targets: set[str] = set()
        for node in import_time_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets |= {f"{node.module}.{a.name}" for a in node.names} | {node.module}
            else:
                targets |= set(imported(node))
        graph[name] = {target for target in targets if target in names and target != name}
    return graph


def cycle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """A chain of imports that leads from `start` back to it, if there is one."""
    todo: list[list[str]] = [[start]]
    seen: set[str] = set()
    while todo:
        chain = todo.pop()
        for target in sorted(graph[chain[-1]]):
            if target == start:
                return [*chain, start]
            if target not in seen:
                seen.add(target)
                todo.append([*chain, target])
    return None


def test_no_import_cycle_in_the_package():
    graph = import_graph()
    cycles = [" -> ".join(chain) for name in graph if (chain := cycle_through(graph, name))]
    assert not cycles, "\n".join(cycles)


def test_the_cycle_check_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycle_through(graph, "a") == ["a", "b", "c", "a"]
    assert cycle_through(graph, "d") is None
