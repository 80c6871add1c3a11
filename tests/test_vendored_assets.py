"""Front-end libraries are vendored and pinned (the app works offline): each file is the one its README names, by
its SHA-256, and no template loads a script or a stylesheet from another host."""

import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"


def test_each_vendored_file_matches_the_hash_its_readme_pins() -> None:
    checked = 0
    for readme in VENDOR.glob("*/README.md"):
        for name, digest in re.findall(r"SHA-256 of `([^`]+)`: `([0-9a-f]{64})`", readme.read_text("utf-8")):
            assert hashlib.sha256((readme.parent / name).read_bytes()).hexdigest() == digest, name
            checked += 1
    assert checked >= 1


def test_no_template_loads_from_another_host() -> None:
    remote = re.compile(r"""<(?:script|link)[^>]+(?:src|href)=["']https?://""")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if remote.search(path.read_text("utf-8"))
    ]
    assert offenders == []
