"""The user and audit commands as a subprocess: passwords, reset, disable, show."""

from __future__ import annotations

import json

from recordsdesk.services.desk import Services
from tests.security.helpers import run


def test_user_commands_and_audit_show(services: Services, db_url: str) -> None:
    first = run(
        db_url,
        "user",
        "add",
        "ada",
        "--role",
        "admin",
        "--password-stdin",
        stdin="correct horse battery\n",
        user=None,
    )
    assert first.returncode == 0, first.stderr
    weak = run(
        db_url, "user", "add", "cleo", "--role", "clerk", "--password-stdin", stdin="cleo12\n"
    )
    assert weak.returncode == 1 and "at least 10 characters" in weak.stderr
    added = run(
        db_url,
        "user",
        "add",
        "cleo",
        "--role",
        "clerk",
        "--password-stdin",
        stdin="clerk password\n",
    )
    assert added.returncode == 0, added.stderr
    refused = run(db_url, "user", "list", user="cleo")
    assert refused.returncode == 1 and "only an admin or above may manage users" in refused.stderr
    wrong = run(
        db_url,
        "user",
        "passwd",
        "--password-stdin",
        stdin="nope nope nope\nnew one here\n",
        user="cleo",
    )
    assert wrong.returncode == 1 and "old password is wrong" in wrong.stderr
    changed = run(
        db_url,
        "user",
        "passwd",
        "--password-stdin",
        stdin="clerk password\nfiling all day\n",
        user="cleo",
    )
    assert changed.returncode == 0, changed.stderr
    assert services.users.sign_in("cleo", "filing all day", "D").username == "cleo"
    reset = run(db_url, "user", "reset", "cleo", "--password-stdin", stdin="temporary one 1\n")
    assert reset.returncode == 0 and "must choose their own" in reset.stdout
    assert services.users.sign_in("cleo", "temporary one 1", "D").must_change_password
    assert run(db_url, "user", "disable", "cleo").returncode == 0
    listed = json.loads(run(db_url, "user", "list", "--json").stdout)
    assert [(u["username"], u["active"]) for u in listed] == [("ada", True), ("cleo", False)]
    assert run(db_url, "user", "enable", "cleo").returncode == 0
    shown = run(db_url, "audit", "show", "--user", "cleo", "--json")
    assert shown.returncode == 0, shown.stderr
    actions = [e["action"] for e in json.loads(shown.stdout)]
    assert actions == ["refused", "password_changed", "password_changed", "sign_in", "sign_in"], (
        actions
    )
    # A reset password must be changed before anything else, on the command line too.
    before = run(db_url, "audit", "show", user="cleo")
    assert before.returncode == 1 and "must choose a new password" in before.stderr
    assert before.stdout == ""
    renewed = run(
        db_url,
        "user",
        "passwd",
        "--password-stdin",
        stdin="temporary one 1\nshelves in order\n",
        user="cleo",
    )
    assert renewed.returncode == 0, renewed.stderr
    as_clerk = run(db_url, "audit", "show", user="cleo")
    assert as_clerk.returncode == 1 and "supervisor or above" in as_clerk.stderr
    verified = run(db_url, "audit", "verify")
    assert verified.returncode == 0 and "in order" in verified.stdout
    since = run(db_url, "audit", "show", "--since", "2999-01-01")
    assert since.returncode == 0 and since.stdout == ""
    bad_date = run(db_url, "audit", "show", "--since", "yesterday")
    assert bad_date.returncode == 1 and "YYYY-MM-DD" in bad_date.stderr
