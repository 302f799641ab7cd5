"""Imports go one way: core and crypto import no feature, no views import another feature's views, no circles."""

import ast
from pathlib import Path

from caseapp import ROOT

PACKAGE = ROOT / "caseapp"
# Shared plumbing every feature may import; they import no feature.
PLUMBING = {"core", "crypto", "extensions", ""}


def _module_name(path: Path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, top_level_only=False):
    """The caseapp modules ``path`` imports: at load time only, or also inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in (tree.body if top_level_only else ast.walk(tree)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("caseapp"):
            found |= {f"{node.module}.{alias.name}" for alias in node.names} | {node.module}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("caseapp")}
    return found


def _graph(top_level_only=False):
    """Module -> the caseapp modules it imports (names that are not modules, e.g. functions, dropped)."""
    files = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: {imported for imported in _imports(path, top_level_only) if imported in files and imported != name}
            for name, path in files.items()}


def _feature(module):
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_core_and_crypto_import_no_feature():
    """Shared plumbing never reaches into a feature: features register with it instead."""
    wrong = [(module, imported) for module, imports in _graph().items() if _feature(module) in {"core", "crypto"}
             for imported in imports if _feature(imported) not in PLUMBING]
    assert wrong == []


def test_no_views_module_imports_another_features_views():
    """A feature's pages never borrow another feature's view helpers."""
    wrong = [(module, imported) for module, imports in _graph().items() if module.endswith(".views")
             for imported in imports if imported.endswith(".views") and _feature(imported) != _feature(module)]
    assert wrong == []


def test_no_module_imports_itself_through_a_circle():
    """No chain of load-time imports leads from a module back to itself.

    A package's ``init_app`` imports its views inside the function, after the
    views have taken the blueprint from the package: the Flask pattern, not a circle.
    """
    graph = _graph(top_level_only=True)
    assert [module for module in graph if _reaches(graph, module, module)] == []


def _reaches(graph, start, target):
    seen, stack = set(), list(graph[start])
    while stack:
        module = stack.pop()
        if module == target:
            return True
        if module not in seen:
            seen.add(module)
            stack.extend(graph.get(module, ()))
    return False
