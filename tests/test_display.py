"""The no-display check made before Qt loads: one line and exit 2 instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from recordsdesk.display import NO_DISPLAY_EXIT, missing_display


def test_linux_without_display_is_refused(tmp_path: Path) -> None:
    reason = missing_display({}, "linux", tmp_path)
    assert reason == "no display here (DISPLAY is not set)"


def test_offscreen_and_wayland_and_other_systems_need_no_x_display(tmp_path: Path) -> None:
    assert missing_display({"QT_QPA_PLATFORM": "offscreen"}, "linux", tmp_path) is None
    assert missing_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux", tmp_path) is None
    assert missing_display({}, "win32", tmp_path) is None
    assert missing_display({}, "darwin", tmp_path) is None


def test_a_local_display_with_no_server_is_named(tmp_path: Path) -> None:
    assert missing_display({"DISPLAY": ":7"}, "linux", tmp_path) == (
        "no X server answers on DISPLAY=:7"
    )
    (tmp_path / "X7").touch()
    assert missing_display({"DISPLAY": ":7.0"}, "linux", tmp_path) is None
    assert missing_display({"DISPLAY": "remote:7"}, "linux", tmp_path) is None


def test_the_command_with_no_display_prints_one_line_and_exits_2() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "recordsdesk"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == NO_DISPLAY_EXIT
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("recordsdesk: no display here")
