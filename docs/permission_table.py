"""The README's table of who may run each command and open each page, made from the code.

Run ``python docs/permission_table.py`` to write it into README.md between its markers;
tests/cli/test_permission_table.py fails when the README's copy differs from the code's, and
walks the table, running each command as each role.
"""

from __future__ import annotations

import sys
from pathlib import Path

from recordsdesk.cli.access import (
    COMMAND_PERMISSIONS,
    OPEN_COMMANDS,
    OPTION_PERMISSIONS,
    SERVICE_COMMANDS,
    SIGNED_IN,
)
from recordsdesk.services.actors import SERVICE_PERMISSIONS, Permission, Role

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- permissions:start -->"
END = "<!-- permissions:end -->"
ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)


def _cell(allowed: bool) -> str:
    return "yes" if allowed else "—"


def _row(what: str, permission: Permission | None, service: bool) -> str:
    cells = [_cell(permission is SIGNED_IN or r.rank >= permission.least.rank) for r in ROLES]
    return f"| {what} | " + " | ".join([*cells, _cell(service)]) + " |"


def table() -> str:
    """The markdown table: each command and each window page, by role and for a token."""
    from recordsdesk.ui.pages import default_pages

    lines = [
        "| command or page | clerk | supervisor | admin | service token |",
        "|---|---|---|---|---|",
    ]
    for name in sorted(OPEN_COMMANDS):
        lines.append(f"| `{name}` | " + " | ".join(["anyone"] * 3 + ["anyone"]) + " |")
    rows = {name: (p, name in SERVICE_COMMANDS) for name, p in COMMAND_PERMISSIONS.items()}
    for option, (_, permission) in OPTION_PERMISSIONS.items():
        command = option.split(" --")[0]
        service = command in SERVICE_COMMANDS and permission in SERVICE_PERMISSIONS
        rows[option] = (permission, service)
    for name in sorted(rows):
        lines.append(_row(f"`{name}`", *rows[name]))
    for page in default_pages():
        lines.append(_row(f"page: {page.title}", page.permission, False))
    return "\n".join(lines)


def readme_with_table(readme: str) -> str:
    """The README with its table replaced by the code's."""
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{table()}\n{END}{tail}"


if __name__ == "__main__":
    README.write_text(readme_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write("README.md: permission table written.\n")
