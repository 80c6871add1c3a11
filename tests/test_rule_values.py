"""One place per rule: outside the models, the migrations, the tests and each app's rules module, no code and no
template compares or sets a status or a role by its spelled-out value ("bozza", "in_vigore", "aderente"...). They
ask the rules module (agreements/rules.py, assemblies/rules.py, governance/permissions.py) or use the choices' names."""

import ast
import re
from pathlib import Path

from agreements.models import AgreementOrigin, AgreementStatus, DocumentStatus, PartyRole, VersionStatus
from assemblies.models import SessionStatus, VoteStatus
from budgets.models import QuotaStatus, ReportStatus
from budgets.models import VersionStatus as BudgetVersionStatus
from coprogettazione.models import ProcedureStatus
from governance.models import Role

ROOT = Path(__file__).resolve().parent.parent
VALUES = {
    str(value)
    for choices in (
        AgreementStatus,
        VersionStatus,
        DocumentStatus,
        PartyRole,
        AgreementOrigin,
        Role,
        SessionStatus,
        VoteStatus,
        BudgetVersionStatus,
        ReportStatus,
        QuotaStatus,
        ProcedureStatus,
    )
    for value in choices.values
}
# The modules that define the values, or state the rules in their terms.
EXEMPT = {
    "agreements/models/",
    "agreements/rules.py",
    "assemblies/models/",
    "assemblies/rules.py",
    "budgets/models/",
    "budgets/rules.py",
    "coprogettazione/models/",
    "coprogettazione/rules.py",
    "governance/models/access.py",
    "governance/permissions.py",
}
APPS = (
    "core",
    "assemblies",
    "agreements",
    "budgets",
    "governance",
    "subambiti",
    "documents",
    "coprogettazione",
    "config",
    "benchmarks",
)
# A value compared with ==, !=, in, or given to a status/role argument or lookup.
# In a template: `x.status == "bozza"`, `"bozza" != x.role`, `state == 'bozza'`.
TEMPLATE_COMPARISON = re.compile(
    r"""\w*(?:status|role|state)\s*(?:==|!=)\s*["']([a-z_]+)["']|["']([a-z_]+)["']\s*(?:==|!=)\s*[\w.]*(?:status|role|state)\b"""
)
STATE_NAMES = re.compile(r"(status|role|state)(__in|__exact)?$")


def python_files() -> list[Path]:
    return [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and not str(path.relative_to(ROOT)).startswith(tuple(EXEMPT))
    ]


def _spelled(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in VALUES:
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [value for element in node.elts for value in _spelled(element)]
    return []


def _holds_state(node: ast.AST) -> bool:
    """A name or attribute that holds a status, a role or a state (`party.role`, `status`, `target_state`)."""
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return bool(STATE_NAMES.search(name))


def python_violations(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        values: list[str] = []
        if isinstance(node, ast.Compare) and any(
            _holds_state(operand) for operand in (node.left, *node.comparators)
        ):
            for operand in (node.left, *node.comparators):
                values += _spelled(operand)
        elif isinstance(node, ast.keyword) and node.arg and STATE_NAMES.search(node.arg):
            values += _spelled(node.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and isinstance(key.value, str)
                    and STATE_NAMES.search(key.value)
                ):
                    values += _spelled(value)
        found += [f"{path.relative_to(root)}:{getattr(node, 'lineno', '?')}: {value!r}" for value in values]
    return found


def template_violations(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        for match in TEMPLATE_COMPARISON.finditer(line):
            value = match.group(1) or match.group(2)
            if value in VALUES:
                found.append(f"{path.relative_to(root)}:{number}: {value!r}")
    return found


def test_no_status_or_role_value_is_spelled_out_outside_the_rules() -> None:
    violations = [line for path in python_files() for line in python_violations(path)]
    violations += [
        line for path in (ROOT / "templates").rglob("*.html") for line in template_violations(path)
    ]
    assert violations == []


def test_the_guard_finds_what_it_looks_for(tmp_path: Path) -> None:
    python = tmp_path / "bad.py"
    python.write_text(
        'ok = party.role != "aderente"\nrows = Agreement.objects.filter(status__in=["bozza"])\n'
    )
    template = tmp_path / "bad.html"
    template.write_text(
        '{% if agreement.status == "in_firma" %}x{% endif %}{% if "vigente" == v.status %}{% endif %}'
    )
    assert len(python_violations(python, tmp_path)) == 2
    assert len(template_violations(template, tmp_path)) == 2
