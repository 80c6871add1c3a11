"""A real Celery worker in its own process (prefork pool, one child), on the test database and Redis, for
fault tests that kill it. Time limits and redelivery are given in seconds through its environment."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).with_name("celery")


class WorkerProcess:
    def __init__(
        self, *, media_root: Path, log: Path, render_time_limit: int, redelivery_seconds: int
    ) -> None:
        database = connection.settings_dict
        env = {key: value for key, value in os.environ.items() if key != "PYTEST_XDIST_WORKER"}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
                f"{database['PORT']}/{database['NAME']}",
                "REDIS_URL": settings.REDIS_URL,
                "MEDIA_ROOT": str(media_root),
                "RENDER_TIME_LIMIT": str(render_time_limit),
                "CELERY_REDELIVERY_SECONDS": str(redelivery_seconds),
            }
        )
        self.log = log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603
            [str(CELERY), "-A", "config", "worker", "--pool", "prefork", "--concurrency", "1", "-l", "INFO"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the whole worker can be killed at once
        )

    def kill_all(self) -> None:
        """SIGKILL to the main process and its pool: nothing gets to clean up or acknowledge."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill_all()
        self.log.close()


def wait_for(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError(f"{what}: not within {seconds} s")
