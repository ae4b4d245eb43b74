"""164.528(a)(1): every exclusion from the accounting, by ground and by date; 164.528(a)(2): an
agency's statement suspends the accounting of what went to it, for as long as the rule allows."""

from __future__ import annotations

from datetime import date

import pytest

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.release_of_information import (
    ALLOWED_BASES,
    COMPLIANCE_DATE,
    Basis,
    Exclusion,
    RequesterKind,
    Suspension,
    checklist,
    exclusion,
)

PARAGRAPHS = {
    Basis.TREATMENT: "(i)",
    Basis.PAYMENT: "(i)",
    Basis.OPERATIONS: "(i)",
    Basis.PATIENT_ACCESS: "(ii)",
    Basis.INCIDENTAL: "(iii)",
    Basis.AUTHORISATION: "(iv)",
    Basis.INVOLVED_IN_CARE: "(v)",
    Basis.NATIONAL_SECURITY: "(vi)",
    Basis.CUSTODY: "(vii)",
    Basis.LIMITED_DATA_SET: "(viii)",
}
LISTED = {Basis.JUDICIAL, Basis.LAW_ENFORCEMENT, Basis.PUBLIC_HEALTH, Basis.HEALTH_OVERSIGHT}
DAY = date(2026, 1, 6)


def test_every_ground_is_either_listed_or_excluded_by_its_paragraph() -> None:
    assert set(PARAGRAPHS) | LISTED == set(Basis)
    for basis, paragraph in PARAGRAPHS.items():
        found = exclusion(basis, DAY)
        assert found is not None and found.label.startswith(f"164.528(a)(1){paragraph}: ")
        assert not basis.accountable
    for basis in LISTED:
        assert exclusion(basis, DAY) is None and basis.accountable
    # Nine paragraphs, each modelled once.
    labels = [e.label.split(":")[0] for e in Exclusion]
    assert len(set(labels)) == len(labels) == 9


def test_before_the_compliance_date_nothing_is_accounted() -> None:
    assert date(2003, 4, 14) == COMPLIANCE_DATE
    assert exclusion(Basis.JUDICIAL, date(2003, 4, 13)) is Exclusion.BEFORE_COMPLIANCE
    assert exclusion(Basis.JUDICIAL, COMPLIANCE_DATE) is None


def test_each_new_requester_has_its_ground_and_checklist() -> None:
    expected = {
        RequesterKind.FAMILY: (Basis.INVOLVED_IN_CARE, "involvement"),
        RequesterKind.HEALTH_OVERSIGHT: (Basis.HEALTH_OVERSIGHT, "agency_authority"),
        RequesterKind.CORRECTIONAL: (Basis.CUSTODY, "custody"),
        RequesterKind.NATIONAL_SECURITY: (Basis.NATIONAL_SECURITY, "lawful_authority"),
        RequesterKind.DATA_RECIPIENT: (Basis.LIMITED_DATA_SET, "data_use_agreement"),
    }
    for kind, (basis, check) in expected.items():
        assert ALLOWED_BASES[kind][0] is basis
        assert check in [c.value for c in checklist(kind, basis)]
    custody = checklist(RequesterKind.LAW_ENFORCEMENT, Basis.CUSTODY)
    assert [c.value for c in custody] == ["identity", "custody", "minimum_necessary"]
    assert RequesterKind.parse("Family or friend involved in care") is RequesterKind.FAMILY
    with pytest.raises(InvalidInput, match="Unknown exclusion 'x'"):
        Exclusion.parse("x")


def test_a_written_statement_runs_for_the_time_it_gives() -> None:
    written = Suspension("State OIG", DAY, written=True, until=date(2026, 6, 30))
    assert written.ends_on == date(2026, 6, 30)
    assert written.withholds(Basis.HEALTH_OVERSIGHT, "state  oig", date(2026, 6, 30))
    assert not written.withholds(Basis.HEALTH_OVERSIGHT, "State OIG", date(2026, 7, 1))
    assert not written.withholds(Basis.HEALTH_OVERSIGHT, "State OIG", date(2026, 1, 5))
    assert not written.withholds(Basis.PUBLIC_HEALTH, "State OIG", DAY)
    assert not written.withholds(Basis.HEALTH_OVERSIGHT, "County OIG", DAY)


def test_an_oral_statement_runs_thirty_days_at_the_most() -> None:
    oral = Suspension("City Police", DAY, written=False, official="Det. Ruiz")
    assert oral.ends_on == date(2026, 2, 5)
    assert oral.withholds(Basis.LAW_ENFORCEMENT, "City Police", date(2026, 2, 5))
    assert not oral.withholds(Basis.LAW_ENFORCEMENT, "City Police", date(2026, 2, 6))
    shorter = Suspension("City Police", DAY, False, date(2026, 1, 20), "Det. Ruiz")
    assert shorter.ends_on == date(2026, 1, 20)
    with pytest.raises(InvalidInput, match=r"30 days at the most \(164.528\(a\)\(2\)\(ii\)\(C\)\)"):
        Suspension("City Police", DAY, False, date(2026, 2, 6), "Det. Ruiz")
    with pytest.raises(InvalidInput, match="before the statement was made"):
        Suspension("City Police", DAY, True, date(2026, 1, 5))
    with pytest.raises(InvalidInput, match="Name the agency"):
        Suspension(" ", DAY, True, date(2026, 2, 1))
