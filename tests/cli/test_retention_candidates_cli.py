"""`retention candidates` as text: each shelving unit, then its volumes in walk order."""

from __future__ import annotations

from datetime import date

from recordsdesk.domain.retention import add_years
from tests.clirun import add_first_admin, run


def test_each_unit_is_followed_by_its_own_volumes_and_the_total_closes(sqlite_url: str) -> None:
    add_first_admin(sqlite_url)
    rule = ("retention", "rule", "set", "--name", "Ten years", "--years", "10")
    assert run(sqlite_url, *rule, "--retire-after", "3", "--citation", "test").returncode == 0
    # Terminal digit: sections 56 and 66 (Unit 12 and Unit 14), 42 and 11 (Unit 9, Unit 3).
    for mrn, name, volumes in (
        ("123456", "SMITH, John", "1"),
        ("423266", "JONES, Mary", "2"),
        ("000042", "BROWN, Ann", "1"),
        ("550011", "YOUNG, Amy", "1"),
    ):
        added = run(sqlite_url, "patient", "add", mrn, "--name", name, "--volumes", volumes)
        assert added.returncode == 0, added.stderr
    later = add_years(date.today(), 4).isoformat()
    done = run(sqlite_url, "retention", "candidates", "--as-of", later)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line for line in lines if not line.startswith("  ")] == [
        "Unit 3: 1 volumes, 1.5 in",
        "Unit 9: 1 volumes, 1.5 in",
        "Unit 12: 1 volumes, 1.5 in",
        "Unit 14: 2 volumes, 3.0 in",
        "5 volumes, 7.5 inches of shelf.",
    ]
    assert lines[1].startswith("  11-00-55\t") and "YOUNG, Amy" in lines[1]
    assert lines[-3:-1] == [
        line for line in lines if line.startswith("  66-32-42\t")
    ]  # Mary Jones's two volumes, last, under Unit 14
    assert [line.split("\t")[3] for line in lines[-3:-1]] == ["Vol 1 of 2", "Vol 2 of 2"]
