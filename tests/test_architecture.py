"""The core and the importers stay framework-free: they never import Django."""

import ast
import subprocess
import sys
from pathlib import Path

import mognad

PACKAGE = Path(mognad.__file__).parent
FRAMEWORK_FREE = ["core", "interop"]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_and_interop_sources_never_import_django():
    """No module under core/ or interop/ names django in an import statement."""
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for part in FRAMEWORK_FREE
        for path in sorted((PACKAGE / part).rglob("*.py"))
        for name in _imported_modules(path)
        if name == "django" or name.startswith("django.")
    ]
    assert offenders == []


def test_importing_every_core_module_loads_no_django():
    """Importing the whole core and interop leaves django out of sys.modules."""
    modules = [
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for part in FRAMEWORK_FREE
        for path in sorted((PACKAGE / part).rglob("*.py"))
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert len(modules) >= 5
