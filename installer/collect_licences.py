"""Copy the licence texts of every package the installer bundles into resources/licences/.

Run with the build environment's Python (the one made from installer/requirements.lock):
    python installer/collect_licences.py
It writes one text file per distribution and `bundled.json` (name, version, licence, file),
which the About dialog lists. Packages whose wheels carry no licence text (PySide6, shiboken6:
Qt's LGPL-3.0) get the licence text named by their metadata.
"""

from __future__ import annotations

import json
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "licences"
# Build tools: in the build environment, not in the bundle (except PyInstaller's bootloader,
# whose licence allows any program to ship it).
NOT_BUNDLED = {"pip", "setuptools", "wheel", "altgraph", "pyinstaller-hooks-contrib", "packaging"}
COMMON = Path("/usr/share/common-licenses")
TEXT_FOR = {"LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only": ("LGPL-3", "GPL-3")}


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression") or ""
    if expression:
        return expression
    licence = (meta.get("License") or "").strip()
    if licence and "\n" not in licence and len(licence) < 120:
        return licence
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if "License" in c]
    return classifiers[0] if classifiers else "see text"


def _texts(dist: metadata.Distribution) -> list[str]:
    texts = []
    for file in dist.files or ():
        name = file.name.upper()
        if ("LICEN" in name or "COPYING" in name) and ".dist-info" in str(file):
            texts.append(
                Path(str(dist.locate_file(file))).read_text(encoding="utf-8", errors="replace")
            )
    if not texts:  # texts only in folders named for licences (pypdfium2: licenses/LICENSES/)
        for file in dist.files or ():
            inside = str(file).upper().partition(".DIST-INFO/")[2]
            if "LICEN" in inside.rpartition("/")[0]:
                texts.append(
                    Path(str(dist.locate_file(file))).read_text(encoding="utf-8", errors="replace")
                )
    return texts


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    index = []
    for dist in sorted(metadata.distributions(), key=lambda d: d.metadata["Name"].lower()):
        name = dist.metadata["Name"]
        key = name.lower().replace("_", "-")
        if key in NOT_BUNDLED or key == "recordsdesk":
            continue
        licence = _licence_of(dist)
        texts = _texts(dist)
        for common in TEXT_FOR.get(licence, ()):
            texts.append((COMMON / common).read_text(encoding="utf-8"))
        if not texts:
            print(f"collect_licences: no licence text for {name}", file=sys.stderr)
            return 1
        file = f"{key}.txt"
        (OUT / file).write_text("\n\n".join(texts), encoding="utf-8")
        index.append({"name": name, "version": dist.version, "licence": licence, "file": file})
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    (OUT / "python.txt").write_text(python_licence.read_text(encoding="utf-8"), encoding="utf-8")
    index.append(
        {
            "name": "Python",
            "version": sys.version.split()[0],
            "licence": "PSF-2.0",
            "file": "python.txt",
        }
    )
    lines = ",\n".join(" " + json.dumps(entry) for entry in index)  # one package a line
    (OUT / "bundled.json").write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    print(f"collect_licences: {len(index)} licences in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
