"""docker-compose.yml describes the production-like stack and passes it the settings' own variables.
(No Docker engine runs on these machines: this checks the file, not a running stack.)"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def variables_read_by_settings() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "config").rglob("*.py"):
        names |= set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', path.read_text()))
    return names | {"DJANGO_SETTINGS_MODULE"}


def test_compose_runs_web_worker_database_and_broker_with_the_settings_variables() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "db", "redis"}
    assert "gunicorn config.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    environment = services["web"]["environment"]
    assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert set(environment) <= variables_read_by_settings()
    readme = (ROOT / "README.md").read_text()
    for name in environment:
        assert f"`{name}`" in readme, f"{name} is missing from the README's configuration table"
    dockerfile = compose["x-app"]["build"]["dockerfile_inline"]
    assert "--require-hashes -r requirements.lock" in dockerfile


def test_every_variable_the_settings_read_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = sorted(name for name in variables_read_by_settings() if name not in readme)
    assert not missing, f"add to the README's configuration table: {missing}"
