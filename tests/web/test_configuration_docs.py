"""The README documents every environment variable the settings read."""

import ast
from pathlib import Path

import mognad.web.settings

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def _variables_read_by_settings() -> set[str]:
    source = Path(mognad.web.settings.__file__).read_text(encoding="utf-8")
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "").startswith("env_"):
            first = node.args[0]
            assert isinstance(first, ast.Constant), ast.unparse(node)
            names.add(first.value)
    return names


def test_every_environment_variable_is_in_the_readme():
    """Each variable read in settings.py has a row `NAME` in the README's table."""
    readme = README.read_text(encoding="utf-8")
    names = _variables_read_by_settings()
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "EMAIL_HOST"} <= names
    assert sorted(name for name in names if f"| `{name}` |" not in readme) == []


def test_the_makefile_port_is_documented():
    """`make run` reads PORT, and the README says so."""
    assert "PORT:-8000" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "| `PORT` |" in README.read_text(encoding="utf-8")
