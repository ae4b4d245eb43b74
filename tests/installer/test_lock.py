"""The installer's lock file: every runtime dependency pinned, inside pyproject's ranges, hashed.

Fast (no build): the closure of pyproject.toml's dependencies and of PyInstaller is walked through
the installed packages' metadata, for Linux and for Windows, and each package met must be pinned
in installer/requirements.lock, at a version the requirement allows, with sha256 hashes that
installer/build.sh makes pip check (--require-hashes).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[2]
LOCK = REPO / "installer" / "requirements.lock"
ENVIRONMENTS = {
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    "windows": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
}
# What the build needs besides the application: the freezer.
BUILD_TOOLS = ("pyinstaller",)


@dataclass(frozen=True)
class Pin:
    version: Version
    marker: Marker | None
    hashes: tuple[str, ...]


def read_lock(text: str) -> dict[str, Pin]:
    """Each pinned package of a pip requirements file with continuation lines and hashes."""
    pins: dict[str, Pin] = {}
    for entry in re.sub(r"\\\n\s*", " ", text).splitlines():
        entry = entry.split("#", 1)[0].strip()
        if not entry:
            continue
        hashes = tuple(re.findall(r"--hash=sha256:([0-9a-f]+)", entry))
        requirement = Requirement(re.sub(r"\s*--hash=\S+", "", entry))
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", entry
        pins[canonicalize_name(requirement.name)] = Pin(
            Version(specifier.version), requirement.marker, hashes
        )
    return pins


def _runtime_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(line) for line in project["dependencies"]] + [
        Requirement(name) for name in BUILD_TOOLS
    ]


def _applies(requirement: Requirement, env: dict[str, str], extras: set[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({**env, "extra": extra}) for extra in (extras or {""}))


def unpinned(pins: dict[str, Pin], env: dict[str, str]) -> list[str]:
    """What the closure needs on ``env`` that the lock does not give (or gives wrongly)."""
    problems: list[str] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(r, set[str]()) for r in _runtime_requirements()]
    while todo:
        requirement, parent_extras = todo.pop()
        if not _applies(requirement, env, parent_extras):
            continue
        name = canonicalize_name(requirement.name)
        pin = pins.get(name)
        if pin is None:
            problems.append(f"{requirement} is not in the lock")
            continue
        if pin.marker is not None and not pin.marker.evaluate(env):
            problems.append(f"{name}'s pin is marked out of an environment that needs it")
        if not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{name}=={pin.version} is outside {requirement}")
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue  # a Windows-only leaf (pefile, pywin32-ctypes, tzdata): nothing to walk
        todo += [(Requirement(line), set(requirement.extras)) for line in requires]
    return problems


def test_the_lock_parses_with_a_hash_on_every_pin() -> None:
    pins = read_lock(LOCK.read_text(encoding="utf-8"))
    assert len(pins) > 20
    unhashed = [name for name, pin in pins.items() if not pin.hashes]
    assert unhashed == []
    assert all(len(h) == 64 for pin in pins.values() for h in pin.hashes)


@pytest.mark.parametrize("platform", sorted(ENVIRONMENTS))
def test_the_lock_covers_every_runtime_dependency(platform: str) -> None:
    pins = read_lock(LOCK.read_text(encoding="utf-8"))
    assert unpinned(pins, ENVIRONMENTS[platform]) == []


def test_a_missing_or_out_of_range_pin_is_caught() -> None:
    """The check itself: it notices a dropped transitive pin and a version outside a range."""
    pins = read_lock(LOCK.read_text(encoding="utf-8"))
    without_mako = {name: pin for name, pin in pins.items() if name != "mako"}
    assert any("mako" in p.lower() for p in unpinned(without_mako, ENVIRONMENTS["linux"]))
    old = dict(pins)
    old["sqlalchemy"] = Pin(Version("1.4.0"), None, ("0" * 64,))
    assert any("sqlalchemy==1.4.0" in p for p in unpinned(old, ENVIRONMENTS["linux"]))
    without_tzdata = {name: pin for name, pin in pins.items() if name != "tzdata"}
    assert unpinned(without_tzdata, ENVIRONMENTS["linux"]) == []
    assert any("tzdata" in p for p in unpinned(without_tzdata, ENVIRONMENTS["windows"]))


def test_both_build_scripts_install_the_lock_with_its_hashes_checked() -> None:
    linux = (REPO / "installer" / "build.sh").read_text(encoding="utf-8")
    windows = (REPO / "installer" / "windows" / "build.ps1").read_text(encoding="utf-8")
    assert re.search(
        r"pip install -q --require-hashes \\\n\s+-r installer/requirements.lock", linux
    )
    assert "pip install -q --require-hashes -r installer\\requirements.lock" in windows
