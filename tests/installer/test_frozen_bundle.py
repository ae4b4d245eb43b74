"""The installer: the Linux bundle (installer/build.sh) and the .deb run with no Python around.

Marked `bundle`: it builds with PyInstaller (one to three minutes), and the .deb test installs
the package on this machine with dpkg (as root) and removes it afterwards.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest

from recordsdesk import __version__
from recordsdesk.storage.site_key import KEY_FILE_ENV
from tests.clirun import add_first_admin, command_env, run, sign_in

pytestmark = pytest.mark.bundle

REPO = Path(__file__).resolve().parents[2]
DEB_LOCK = Path("/tmp/recordsdesk-deb-install.lock")


def _built_in_background(out: Path) -> Path:
    """The build scripts/test.sh started beside the suite: wait on its lock, read its result."""
    with (out / "build.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # held by the build until it ends
        said = (out / "build.out").read_text(encoding="utf-8")
        assert (out / "build.rc").read_text().strip() == "0", said
    assert all(line.startswith("build: ") for line in said.splitlines()), said
    return out


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """installer/build.sh --deb into a fresh folder (the lock file's venv is cached by hash)."""
    background = os.environ.get("RECORDSDESK_BUNDLE_BUILD")
    if background:
        return _built_in_background(Path(background))
    out = tmp_path_factory.mktemp("installer")
    env = dict(os.environ)
    env.setdefault("RECORDSDESK_BUILD_CACHE", "/var/tmp/recordsdesk-build")
    done = subprocess.run(
        ["bash", str(REPO / "installer" / "build.sh"), "--deb", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=1500,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    steps = done.stdout.splitlines()
    assert all(line.startswith("build: ") for line in steps), steps
    return out


def _clean_env(**extra: str) -> dict[str, str]:
    """No virtual environment, no Python on the PATH the program could lean on."""
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}
    if KEY_FILE_ENV in os.environ:  # this run's site key, never a new one in the user's home
        env[KEY_FILE_ENV] = os.environ[KEY_FILE_ENV]
    env.update(extra)
    return env


def _round_trip(command: tuple[str, ...], tmp_path: Path) -> dict[str, object]:
    url = f"sqlite:///{tmp_path / 'frozen.sqlite3'}"
    upgraded = run(url, "db", "upgrade", command=command, user=None)
    assert upgraded.returncode == 0, upgraded.stderr
    add_first_admin(url, command=command)
    steps = [
        ("location", "add", "CARD", "--name", "Cardiology Clinic", "--kind", "clinic"),
        ("patient", "add", "123456", "--name", "SMITH, John", "--dob", "1970-05-01"),
        ("checkout", "--to", "CARD", "V0000001"),
    ]
    for args in steps:
        done = run(url, *args, command=command)
        assert done.returncode == 0, (args, done.stderr)
    shown = run(url, "chart", "show", "123456", "--json", command=command)
    assert shown.returncode == 0, shown.stderr
    chart: dict[str, object] = json.loads(shown.stdout)
    return chart


def _shows_window(command: tuple[str, ...], tmp_path: Path, platform: str) -> str:
    url = f"sqlite:///{tmp_path / 'window.sqlite3'}"
    prefix: list[str] = []
    env = _clean_env(QT_QPA_PLATFORM=platform)
    if platform == "xcb":
        prefix = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24"]
    done = subprocess.run(
        [*prefix, *command, "--db", url, "--show-and-quit"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_bundle_prints_its_version_with_no_python_around(build: Path) -> None:
    program = build / "dist" / "recordsdesk" / "recordsdesk"
    done = subprocess.run(
        [str(program), "--version"], capture_output=True, text=True, env=_clean_env(), timeout=60
    )
    assert (done.returncode, done.stdout.strip()) == (0, f"recordsdesk {__version__}")


def test_the_bundle_finds_its_resources(build: Path, tmp_path: Path) -> None:
    program = build / "dist" / "recordsdesk" / "recordsdesk"
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    # `about` is for a signed-in user: the frozen command makes the database and its first user.
    assert run(url, "db", "upgrade", command=(str(program),), user=None).returncode == 0
    add_first_admin(url, command=(str(program),))
    sign_in(url, "ada")
    session = {name: command_env(url)[name] for name in ("XDG_STATE_HOME", "RECORDSDESK_USER")}
    done = subprocess.run(
        [str(program), "--db", url, "about", "--json"],
        capture_output=True,
        text=True,
        env=_clean_env(**session),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    about = json.loads(done.stdout)
    assert about["frozen"] is True
    licences = Path(about["licences"])
    assert licences.is_relative_to(build / "dist" / "recordsdesk")
    assert (licences / "bundled.json").is_file()
    assert (licences.parent / "icons" / "recordsdesk-256.png").is_file()
    assert (licences.parent / "sounds" / "success.wav").is_file()


def test_the_bundle_runs_the_command_line_round_trip(build: Path, tmp_path: Path) -> None:
    program = (str(build / "dist" / "recordsdesk" / "recordsdesk"),)
    chart = _round_trip(program, tmp_path)
    volumes = chart["volumes"]
    assert isinstance(volumes, list)
    assert [v["location"]["code"] for v in volumes] == ["CARD"]


@pytest.mark.parametrize("platform", ["offscreen", "xcb"])
def test_the_bundle_opens_the_window_and_closes_it(
    build: Path, tmp_path: Path, platform: str
) -> None:
    program = (str(build / "dist" / "recordsdesk" / "recordsdesk"),)
    shown = _shows_window(program, tmp_path, platform)
    assert shown.startswith("shown: ")
    assert shown.endswith(f", {platform})")


def test_the_bundle_runs_with_every_python_on_this_machine_hidden(
    build: Path, tmp_path: Path
) -> None:
    """In a private mount namespace, empty folders over each Python's standard library."""
    program = build / "dist" / "recordsdesk" / "recordsdesk"
    libraries = {Path(sysconfig.get_paths()["stdlib"]), *Path("/usr/lib").glob("python3*")}
    hidden = sorted(str(folder) for folder in libraries if folder.is_dir())
    steps = [f"mount -t tmpfs none {folder}" for folder in hidden]
    steps += [f"test ! -e {folder}/os.py" for folder in hidden]
    steps.append(f"{program} --db sqlite:///{tmp_path / 'bare.sqlite3'} db upgrade")
    done = subprocess.run(
        ["unshare", "--mount", "sh", "-c", " && ".join(steps)],
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "is up to date" in done.stdout


def test_the_bundle_without_a_display_says_so_in_one_line(build: Path) -> None:
    program = build / "dist" / "recordsdesk" / "recordsdesk"
    done = subprocess.run([str(program)], capture_output=True, text=True, env=_clean_env())
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1


@pytest.fixture
def installed(build: Path) -> Iterator[Path]:
    """The .deb installed with dpkg on this machine, removed afterwards (one test at a time)."""
    assert os.geteuid() == 0, "installing the .deb needs root (CI runs as root)"
    debs = sorted(build.glob("recordsdesk_*_amd64.deb"))
    assert len(debs) == 1
    with DEB_LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = subprocess.run(["dpkg", "-i", str(debs[0])], capture_output=True, text=True)
        try:
            assert done.returncode == 0, done.stdout + done.stderr
            yield Path("/usr/bin/recordsdesk")
        finally:
            subprocess.run(["dpkg", "--purge", "recordsdesk"], capture_output=True, check=False)
    assert not Path("/opt/recordsdesk").exists()


def test_the_deb_installs_under_opt_and_runs_from_the_path(installed: Path, tmp_path: Path) -> None:
    assert installed.resolve() == Path("/opt/recordsdesk/recordsdesk")
    assert shutil.which("recordsdesk", path="/usr/bin") == str(installed)
    assert Path("/usr/share/applications/recordsdesk.desktop").is_file()
    assert Path("/usr/share/icons/hicolor/256x256/apps/recordsdesk.png").is_file()
    version = subprocess.run(
        ["recordsdesk", "--version"], capture_output=True, text=True, env=_clean_env()
    )
    assert version.stdout.strip() == f"recordsdesk {__version__}"
    chart = _round_trip(("recordsdesk",), tmp_path)
    assert chart["mrn"] == "123456"
    assert _shows_window(("recordsdesk",), tmp_path, "offscreen").startswith("shown: ")
