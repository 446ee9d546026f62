"""The direction of flow holds: domain modules (detection, policies, operators, report, minutes,
consent) never import the command line or the web layer; those edges only call into the domain."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "anonymizer"
# The edges: the web service and every module that defines Typer commands.
EDGES = ("anonymizer.web", "anonymizer.cli", "anonymizer.consent.cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every anonymizer module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return {name for name in found if name.startswith("anonymizer")}


def is_edge(module: str) -> bool:
    return any(module == edge or module.startswith(edge + ".") for edge in EDGES)


def test_no_domain_module_imports_the_cli_or_the_web_layer():
    offences = [
        f"{module_name(path)} -> {target}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if not is_edge(module_name(path)) and "migrations" not in path.parts
        for target in sorted(imported_modules(path))
        if is_edge(target)
    ]
    assert offences == []


def test_the_check_sees_an_offending_import(tmp_path):
    offender = tmp_path / "offender.py"
    offender.write_text("def f():\n    from anonymizer.web.service import LABEL_NAMES\n", encoding="utf-8")
    assert any(is_edge(target) for target in imported_modules(offender))
