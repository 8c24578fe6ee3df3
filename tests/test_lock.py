"""requirements.lock pins everything `make install` installs, within what pyproject.toml allows."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


def _lock() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _PIN.match(line)
        assert match, f"requirements.lock: {line!r} is not an exact pin (name==version)"
        name = canonicalize_name(match.group(1))
        assert name not in pins, f"requirements.lock pins {name} twice"
        pins[name] = Version(match.group(2))
    return pins


def _declared() -> list[Requirement]:
    """The runtime dependencies and every extra that `.[dev]` pulls in."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = list(project["dependencies"])
    for spec in extras["dev"]:
        req = Requirement(spec)
        if canonicalize_name(req.name) == "webflow-cms":
            for extra in req.extras:
                wanted += extras[extra]
        else:
            wanted.append(spec)
    return [Requirement(spec) for spec in wanted]


def test_every_declared_dependency_is_locked_within_its_range() -> None:
    pins = _lock()
    problems = []
    for req in _declared():
        version = pins.get(canonicalize_name(req.name))
        if version is None:
            problems.append(f"{req.name} is declared but not in requirements.lock (run make lock)")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req.name}=={version} is outside {req} (run make lock)")
    assert not problems, problems


def test_the_project_itself_is_not_in_the_lock() -> None:
    # `make install` adds it editable on top of the lock; a pinned copy would shadow the checkout.
    assert "webflow-cms" not in _lock()
