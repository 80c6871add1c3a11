"""The newcomer's default (no DATABASE_URL, no REDIS_URL): SQLite and a filesystem broker, with the Celery
worker as a separate process, as bin/run starts them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).with_name("celery")


def test_sqlite_and_filesystem_broker_run_a_task_in_a_worker_process(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", "APP_VAR_DIR": str(tmp_path), "DEBUG": "1"})

    def manage(*args: str) -> str:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage("migrate", "--noinput", "-v", "0")
    assert (tmp_path / "db.sqlite3").is_file()
    worker = subprocess.Popen(  # noqa: S603
        [str(CELERY), "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        output = manage(
            "shell",
            "-v",
            "0",
            "-c",
            "from governance.tasks import refresh_role_permissions as t; print(t.delay().get(timeout=60))",
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert "{'added': 0, 'removed': 0}" in output
    # A vote on SQLite (no row locks there: its single writer serializes the ballots and the closing).
    voted = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from tests.worlds import build_world; from tests.assemblies.helpers import build_assembly, sitting; "
        "from assemblies import services; w = build_world(); a = build_assembly(w); s = sitting(a); "
        "v = services.vote_open(actor=None, item=s.items.get(position=1)); "
        "services.ballot_cast(actor=a.mayor_y, vote=v, voter=w.y, choice='favorevole'); "
        "print(services.vote_close(actor=None, vote=v).outcome)",
    )
    assert voted.strip().endswith(
        "respinta"
    )  # one in favour of three present: not a majority of those present
    # Every broker file stays under APP_VAR_DIR, none in the working tree.
    assert (tmp_path / "broker" / "control").is_dir()
    assert not (ROOT / "control").exists()
