"""text/ is Django-free and the composer leans on it, never on kb."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_packages(folder: str) -> dict[str, set[str]]:
    found = {}
    for path in (ROOT / folder).glob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[path.name] = names
    return found


def test_text_imports_neither_django_nor_the_apps():
    for name, packages in imported_packages("text").items():
        assert not packages & {"django", "rest_framework", "kb", "suggest"}, name


def test_the_composer_imports_no_kb():
    for name, packages in imported_packages("suggest/compose").items():
        assert not packages & {"django", "kb"}, name
