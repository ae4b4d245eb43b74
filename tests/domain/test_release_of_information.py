"""The release-of-information rules: due dates, checklists, authorisations, categories, fees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.release_of_information import (
    ALLOWED_BASES,
    AuthElement,
    Authorisation,
    Basis,
    Check,
    FeeSchedule,
    RequesterKind,
    SpecialCategory,
    accounting_start,
    basis_for,
    checklist,
    copy_fee,
    due_date,
    extended_due_date,
    held_back,
    money,
    parse_money,
    readiness,
)

COMPLETE = Authorisation(
    description="Discharge summaries 2025",
    discloser="St Elsewhere HIM department",
    recipient="Acme Life Insurance",
    purpose="Life insurance underwriting",
    expires_on=date(2026, 12, 31),
    signed_by="John Smith",
    signed_on=date(2026, 1, 2),
    statements=True,
)


def test_the_worked_case_of_a_patients_own_request() -> None:
    due = due_date(RequesterKind.PATIENT, date(2026, 1, 5))
    assert due == date(2026, 2, 4)
    assert extended_due_date(
        RequesterKind.PATIENT, due, False, "records at off-site storage", date(2026, 1, 30)
    ) == date(2026, 3, 6)


def test_a_representative_has_the_same_access_rule_and_a_state_may_be_shorter() -> None:
    assert due_date(RequesterKind.REPRESENTATIVE, date(2026, 1, 5)) == date(2026, 2, 4)
    assert due_date(RequesterKind.PATIENT, date(2026, 1, 5), date(2026, 1, 20)) == date(2026, 1, 20)
    with pytest.raises(InvalidInput, match=r"within 30 days.*2026-02-04 at the latest"):
        due_date(RequesterKind.PATIENT, date(2026, 1, 5), date(2026, 2, 20))


def test_the_extension_is_once_with_a_reason_and_in_time() -> None:
    due = date(2026, 2, 4)
    with pytest.raises(InvalidInput, match="once already"):
        extended_due_date(RequesterKind.PATIENT, due, True, "again", date(2026, 1, 30))
    with pytest.raises(InvalidInput, match="reason"):
        extended_due_date(RequesterKind.PATIENT, due, False, "  ", date(2026, 1, 30))
    with pytest.raises(InvalidInput, match="Too late"):
        extended_due_date(RequesterKind.PATIENT, due, False, "late", date(2026, 2, 5))
    with pytest.raises(InvalidInput, match="Only a patient's access request"):
        extended_due_date(RequesterKind.ATTORNEY, due, False, "busy", date(2026, 1, 30))


def test_subpoenas_and_orders_need_their_own_date_others_get_the_policy() -> None:
    for kind in (RequesterKind.SUBPOENA, RequesterKind.COURT_ORDER):
        with pytest.raises(InvalidInput, match="by when it must be answered"):
            due_date(kind, date(2026, 1, 5))
        assert due_date(kind, date(2026, 1, 5), date(2026, 1, 19)) == date(2026, 1, 19)
    for kind in (
        RequesterKind.PROVIDER,
        RequesterKind.INSURER,
        RequesterKind.ATTORNEY,
        RequesterKind.LAW_ENFORCEMENT,
        RequesterKind.PUBLIC_HEALTH,
    ):
        assert due_date(kind, date(2026, 1, 5)) == date(2026, 2, 4)
        assert due_date(kind, date(2026, 1, 5), policy_days=10) == date(2026, 1, 15)
    with pytest.raises(InvalidInput, match="before the request was received"):
        due_date(RequesterKind.COURT_ORDER, date(2026, 1, 5), date(2026, 1, 4))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
def test_access_is_due_thirty_days_on_and_extends_to_sixty(received: date) -> None:
    due = due_date(RequesterKind.PATIENT, received)
    assert (due - received).days == 30
    assert extended_due_date(RequesterKind.PATIENT, due, False, "why", received) == received + (
        timedelta(days=60)
    )


def test_every_requester_kind_has_its_checklist() -> None:
    expected = {
        RequesterKind.PATIENT: (Check.IDENTITY, Check.WRITTEN_REQUEST),
        RequesterKind.REPRESENTATIVE: (Check.IDENTITY, Check.AUTHORITY, Check.WRITTEN_REQUEST),
        RequesterKind.PROVIDER: (Check.IDENTITY,),
        RequesterKind.INSURER: (Check.IDENTITY,),
        RequesterKind.ATTORNEY: (Check.IDENTITY,),
        RequesterKind.SUBPOENA: (
            Check.LEGAL_DOCUMENT,
            Check.SUBPOENA_ASSURANCE,
            Check.MINIMUM_NECESSARY,
        ),
        RequesterKind.COURT_ORDER: (Check.LEGAL_DOCUMENT,),
        RequesterKind.LAW_ENFORCEMENT: (
            Check.IDENTITY,
            Check.LEGAL_DOCUMENT,
            Check.MINIMUM_NECESSARY,
        ),
        RequesterKind.PUBLIC_HEALTH: (Check.AGENCY_AUTHORITY, Check.MINIMUM_NECESSARY),
    }
    for kind, items in expected.items():
        assert checklist(kind, basis_for(kind)) == items, kind
    # An insurer asking for its payment is held to the minimum necessary (164.502(b)).
    assert Check.MINIMUM_NECESSARY in checklist(RequesterKind.INSURER, Basis.PAYMENT)


def test_grounds_and_whether_they_are_accounted() -> None:
    assert basis_for(RequesterKind.ATTORNEY) is Basis.AUTHORISATION
    assert basis_for(RequesterKind.INSURER, Basis.PAYMENT) is Basis.PAYMENT
    with pytest.raises(InvalidInput, match="cannot be made for"):
        basis_for(RequesterKind.PATIENT, Basis.TREATMENT)
    accounted = {b for b in Basis if b.accountable}
    assert accounted == {
        Basis.JUDICIAL,
        Basis.LAW_ENFORCEMENT,
        Basis.PUBLIC_HEALTH,
        Basis.HEALTH_OVERSIGHT,
    }
    assert set(ALLOWED_BASES) == set(RequesterKind)


def test_an_authorisation_names_each_missing_element() -> None:
    assert COMPLETE.missing() == []
    assert Authorisation().missing() == list(AuthElement)
    event_only = Authorisation(**{**COMPLETE.__dict__, "expires_on": None, "expiry_event": "end"})
    assert event_only.missing() == []
    unsigned = Authorisation(**{**COMPLETE.__dict__, "signed_on": None})
    assert unsigned.missing() == [AuthElement.SIGNATURE]
    assert COMPLETE.problems(date(2027, 1, 1)) == ["the authorisation expired on 2026-12-31"]


def test_readiness_names_what_is_missing() -> None:
    on = date(2026, 1, 10)
    missing = readiness(RequesterKind.ATTORNEY, Basis.AUTHORISATION, (), None, "", on).missing
    assert any("identity" in m for m in missing)
    assert any("HIPAA authorisation" in m for m in missing)
    lacking = Authorisation(**{**COMPLETE.__dict__, "purpose": "", "statements": False})
    found = readiness(
        RequesterKind.ATTORNEY, Basis.AUTHORISATION, {Check.IDENTITY}, lacking, "", on
    )
    assert found.missing == (
        "the authorisation lacks the purpose of the disclosure (164.508(c)(1)(iv))",
        "the authorisation lacks the required statements: right to revoke, conditioning, "
        "redisclosure (164.508(c)(2))",
    )
    assert readiness(
        RequesterKind.ATTORNEY, Basis.AUTHORISATION, {Check.IDENTITY}, COMPLETE, "", on
    ).ready
    # A subpoena's assurance may be the patient's authorisation instead; minimum necessary needs
    # its note.
    sub = readiness(
        RequesterKind.SUBPOENA,
        Basis.JUDICIAL,
        {Check.LEGAL_DOCUMENT, Check.MINIMUM_NECESSARY},
        COMPLETE,
        "",
        on,
    )
    assert sub.missing == ("a note of the minimum necessary (what is sent and why no more)",)


def test_special_categories_are_held_back_until_approved_and_named() -> None:
    asked = [SpecialCategory.HIV, SpecialCategory.SUBSTANCE_USE]
    assert held_back(asked, set(), Basis.PATIENT_ACCESS, None) == tuple(asked)
    assert held_back(asked, {SpecialCategory.HIV}, Basis.PATIENT_ACCESS, None) == (
        SpecialCategory.SUBSTANCE_USE,
    )
    # Under an authorisation, the approval is not enough: the authorisation must name it.
    assert held_back(asked, set(asked), Basis.AUTHORISATION, COMPLETE) == tuple(asked)
    naming = Authorisation(**{**COMPLETE.__dict__, "covers": frozenset({SpecialCategory.HIV})})
    assert held_back(asked, set(asked), Basis.AUTHORISATION, naming) == (
        SpecialCategory.SUBSTANCE_USE,
    )


def test_fees() -> None:
    schedule = FeeSchedule(per_page_cents=25, base_cents=1500, access_cap_cents=650)
    assert copy_fee(Basis.AUTHORISATION, 40, schedule) == 2500
    assert copy_fee(Basis.PATIENT_ACCESS, 10, schedule) == 250
    assert copy_fee(Basis.PATIENT_ACCESS, 400, schedule) == 650
    assert copy_fee(Basis.TREATMENT, 400, schedule) == 0
    assert copy_fee(Basis.PATIENT_ACCESS, 400, FeeSchedule(25, 0, None)) == 10000
    with pytest.raises(InvalidInput):
        copy_fee(Basis.PAYMENT, -1, schedule)
    with pytest.raises(InvalidInput):
        FeeSchedule(per_page_cents=-5)
    assert money(123456) == "$1,234.56"
    assert (parse_money("12.5"), parse_money("$1,200.05"), parse_money("7")) == (1250, 120005, 700)
    for bad in ("", "12.345", "ten", "-3", "."):
        with pytest.raises(InvalidInput):
            parse_money(bad)


def test_parsing_names_the_choices() -> None:
    assert RequesterKind.parse("Court order") is RequesterKind.COURT_ORDER
    assert RequesterKind.parse("law-enforcement") is RequesterKind.LAW_ENFORCEMENT
    with pytest.raises(InvalidInput, match="patient, representative"):
        RequesterKind.parse("neighbour")
    with pytest.raises(InvalidInput, match="psychotherapy_notes"):
        SpecialCategory.parse("gossip")
    assert accounting_start(date(2026, 3, 2)) == date(2020, 3, 2)
    assert accounting_start(date(2028, 2, 29)) == date(2022, 2, 28)
