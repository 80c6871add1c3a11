"""Imports point one way (../shared/DESIGN.md): assemblies -> coprogettazione -> budgets -> agreements -> territory ->
subambiti -> governance -> core, and any app -> documents; documents and core import no app. Every import in every module is
read, the ones inside functions too."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = [
    "core",
    "governance",
    "subambiti",
    "territory",
    "agreements",
    "budgets",
    "coprogettazione",
    "assemblies",
]
APPS = {*ORDER, "documents"}


def imported_apps(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & APPS


def allowed(app: str) -> set[str]:
    if app in ("documents", "core"):
        return {app}
    return {app, "documents", *ORDER[: ORDER.index(app)]}


def test_every_app_imports_only_what_is_below_it() -> None:
    upward = [
        f"{path.relative_to(ROOT)} imports {sorted(imported_apps(path) - allowed(app))}"
        for app in sorted(APPS)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) - allowed(app)
    ]
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from agreements.rules import signs\n    import assemblies.counting\n")
    assert imported_apps(module) == {"agreements", "assemblies"}
    assert imported_apps(module) - allowed("governance") == {"agreements", "assemblies"}
