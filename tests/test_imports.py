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
