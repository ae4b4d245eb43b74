"""The thermal block style from the command line: set, listed, refused when unknown, and the
Zebra labels printed after it follow it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.clirun import add_first_admin, run


def test_the_thermal_block_style_is_a_site_setting(sqlite_url: str, tmp_path: Path) -> None:
    add_first_admin(sqlite_url)
    added = run(
        sqlite_url, "patient", "add", "123456", "--name", "SMITH, John", "--dob", "1970-05-01"
    )
    assert added.returncode == 0, added.stderr
    bad = run(sqlite_url, "setting", "set", "thermal_blocks", "dithered")
    assert bad.returncode == 1 and "alternate, solid, outlined" in bad.stderr
    done = run(sqlite_url, "setting", "set", "thermal_blocks", "solid")
    assert done.returncode == 0, done.stderr
    listed = json.loads(run(sqlite_url, "setting", "list", "--json").stdout)
    assert listed["thermal_blocks"] == "solid"
    out = tmp_path / "labels.zpl"
    printed = run(sqlite_url, "labels", "--mrn", "123456", "--stock", "zpl", "-o", str(out))
    assert printed.returncode == 0, printed.stderr
    boxes = re.findall(r"\^GB(\d+),\d+,(\d+),B", out.read_text())
    # MRN 123456 files under 56: two blocks, both black under "solid" (5 would be white
    # under the default alternation).
    assert len(boxes) == 2 and all(width == thickness for width, thickness in boxes)
