"""Who may run which command: the permission each needs, and what a service token may run.

This table is what the gate checks before a command runs (the services check again), and
what the README's command × role table is generated from.
"""

from __future__ import annotations

from recordsdesk.services.actors import Permission

# Signed in, whatever the role (and even before a reset password has been changed).
SIGNED_IN = None

# The permission each command needs; SIGNED_IN: any signed-in user.
COMMAND_PERMISSIONS: dict[str, Permission | None] = {
    "db upgrade": Permission.MANAGE_SETTINGS,
    "db roles": Permission.MANAGE_SETTINGS,
    "location add": Permission.MANAGE_LOCATIONS,
    "location list": Permission.VIEW_CHARTS,
    "patient add": Permission.REGISTER_CHARTS,
    "chart show": Permission.VIEW_CHARTS,
    "chart add-volume": Permission.REGISTER_CHARTS,
    "setting set": Permission.MANAGE_SETTINGS,
    "setting list": Permission.VIEW_CHARTS,
    "user add": Permission.MANAGE_USERS,
    "user list": Permission.MANAGE_USERS,
    "user passwd": SIGNED_IN,
    "user reset": Permission.MANAGE_USERS,
    "user disable": Permission.MANAGE_USERS,
    "user enable": Permission.MANAGE_USERS,
    "user unlock": Permission.UNLOCK_USERS,
    "user token": Permission.MANAGE_USERS,
    "workstation add": Permission.MANAGE_WORKSTATIONS,
    "workstation list": Permission.MANAGE_WORKSTATIONS,
    "workstation retire": Permission.MANAGE_WORKSTATIONS,
    "workstation unlock": Permission.UNLOCK_USERS,
    "checkout": Permission.CIRCULATE,
    "transfer": Permission.CIRCULATE,
    "return": Permission.CIRCULATE,
    "holdings": Permission.VIEW_CHARTS,
    "missing flag": Permission.SIGN_OFF_MISSING,
    "missing list": Permission.REPORTS,
    "shelf-audit": Permission.CIRCULATE,
    "refile": Permission.CIRCULATE,
    "schedule import": Permission.IMPORT_SCHEDULE,
    "schedule feed add": Permission.MANAGE_SETTINGS,
    "schedule feed set": Permission.MANAGE_SETTINGS,
    "schedule feed show": Permission.IMPORT_SCHEDULE,
    "schedule feed list": Permission.IMPORT_SCHEDULE,
    "request add": Permission.CIRCULATE,
    "request list": Permission.VIEW_CHARTS,
    "request cancel": Permission.CIRCULATE,
    "pull-list": Permission.VIEW_CHARTS,
    "labels": Permission.PRINT,
    "sheet": Permission.PRINT,
    "outguide": Permission.PRINT,
    "calibration": Permission.PRINT,
    "audit verify": SIGNED_IN,
    "audit show": Permission.VIEW_AUDIT,
    "backup": Permission.BACKUP,
    "restore": Permission.BACKUP,
    "setup room": Permission.MANAGE_SETTINGS,
    "setup printers": Permission.MANAGE_SETTINGS,
    "overdue": Permission.REPORTS,
    "dashboard": Permission.REPORTS,
    # Release of information: the ROI desk (clerks) prepares; approvals and denials need a
    # supervisor or the roi role; the site's settings an administrator (showing fees: the desk).
    "roi request add": Permission.PREPARE_RELEASES,
    "roi request show": Permission.PREPARE_RELEASES,
    "roi list": Permission.PREPARE_RELEASES,
    "roi figures": Permission.PREPARE_RELEASES,
    "roi check": Permission.PREPARE_RELEASES,
    "roi authorisation": Permission.PREPARE_RELEASES,
    "roi extend": Permission.PREPARE_RELEASES,
    "roi approve": Permission.APPROVE_RELEASES,
    "roi deny": Permission.APPROVE_RELEASES,
    "roi suspend": Permission.APPROVE_RELEASES,
    "roi withdraw": Permission.PREPARE_RELEASES,
    "roi paper": Permission.PREPARE_RELEASES,
    "roi copies": Permission.PREPARE_RELEASES,
    "roi release": Permission.PREPARE_RELEASES,
    "roi letter": Permission.PREPARE_RELEASES,
    "roi log-sheet": Permission.PREPARE_RELEASES,
    "roi accounting": Permission.PREPARE_RELEASES,
    "roi category": Permission.MANAGE_SETTINGS,
    "roi fees": Permission.PREPARE_RELEASES,
    "roi policy-days": Permission.MANAGE_SETTINGS,
    "roi desk": Permission.MANAGE_SETTINGS,
    # Retention (the services' RetentionPermission, by the least role each allows): lists and
    # boxes a clerk, holds, dates of death and destruction batches a supervisor, rules an admin.
    "retention rule list": Permission.VIEW_CHARTS,
    "retention rule examples": Permission.VIEW_CHARTS,
    "retention rule set": Permission.MANAGE_SETTINGS,
    "retention rule remove": Permission.MANAGE_SETTINGS,
    "retention centre": Permission.MANAGE_SETTINGS,
    "retention death": Permission.OVERRIDE,
    "retention candidates": Permission.VIEW_CHARTS,
    "retention report": Permission.VIEW_CHARTS,
    "retention recall": Permission.CIRCULATE,
    "retention measure": Permission.CIRCULATE,
    "retention box open": Permission.CIRCULATE,
    "retention box pack": Permission.CIRCULATE,
    "retention box send": Permission.CIRCULATE,
    "retention box recall": Permission.CIRCULATE,
    "retention box show": Permission.VIEW_CHARTS,
    "retention box list": Permission.VIEW_CHARTS,
    "retention box label": Permission.PRINT,
    "retention box manifest": Permission.PRINT,
    "retention hold place": Permission.OVERRIDE,
    "retention hold release": Permission.OVERRIDE,
    "retention hold list": Permission.VIEW_CHARTS,
    "retention destroy propose": Permission.OVERRIDE,
    "retention destroy approve": Permission.OVERRIDE,
    "retention destroy scan": Permission.CIRCULATE,
    "retention destroy witness": Permission.CIRCULATE,
    "retention destroy show": Permission.VIEW_CHARTS,
    "retention destroy list": Permission.VIEW_CHARTS,
    "retention destroy certificate": Permission.PRINT,
}

# Options that need more than their command: (the option's argument name, the permission).
OPTION_PERMISSIONS: dict[str, tuple[str, Permission]] = {
    "holdings --overdue": ("overdue", Permission.REPORTS),
    "shelf-audit --bring-home": ("bring_home", Permission.OVERRIDE),
    "roi fees --per-page": ("per_page", Permission.MANAGE_SETTINGS),
    "roi fees --base": ("base", Permission.MANAGE_SETTINGS),
    "roi fees --access-cap": ("access_cap", Permission.MANAGE_SETTINGS),
}

# Commands that need no session at all.
# The site key's commands work on the key file, which the file system guards, not on the
# database: an administrator makes the key before the database has any user. `setup
# database` keeps this workstation's choice in its own settings file (--db and RECORDSDESK_DB
# still come first) and `setup check-db` tests a connection: they read no record (only the
# schema's version and how many users there are), and must work when nobody can sign in yet,
# or the database chosen before cannot be reached. `about` and `setup palettes` read nothing.
OPEN_COMMANDS = frozenset(
    {
        "about",
        "filing-order",
        "login",
        "logout",
        "setup check-db",
        "setup database",
        "setup palettes",
        "site-key create",
        "site-key rotate",
        "site-key show",
    }
)

# Commands that need no session only in a state they check themselves: `db upgrade` of an
# empty database (or one from before sign-in existed), the first user of a database with
# none, `demo` on an empty database, `restore` of a database that has no users left, and
# `setup admin`: the first administrator, refused to everyone once the database has a user.
SELF_CHECKED = frozenset({"db upgrade", "user add", "demo", "restore", "setup admin"})

# What a service account (a token) may run: the night jobs.
SERVICE_COMMANDS = frozenset({"schedule import", "pull-list", "labels", "request list", "holdings"})

# Only these may be run by a user who must first change a password an administrator set.
BEFORE_NEW_PASSWORD = frozenset({"user passwd"})


def command_name(command: str | None, sub: str | None) -> str:
    """``chart show`` from the parsed command and its subcommand."""
    return " ".join(part for part in (command, sub) if part)


def needs(name: str) -> Permission | None:
    """The permission a command needs (SIGNED_IN when any signed-in user may run it)."""
    return COMMAND_PERMISSIONS.get(name, SIGNED_IN)


def option_needs(name: str, args: object) -> list[Permission]:
    """The further permissions the options given to command ``name`` need."""
    return [
        permission
        for key, (dest, permission) in OPTION_PERMISSIONS.items()
        if key.startswith(name + " --") and getattr(args, dest, False)
    ]
