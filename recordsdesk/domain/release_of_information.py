"""Release of information: who may ask for a record, by when, on what authority, at what fee,
and which disclosures a patient's accounting lists (45 CFR 164.508, 164.512, 164.524, 164.528)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Self

from recordsdesk.domain.errors import InvalidInput

# 164.524(b)(2): act on a request for access no later than 30 days after its receipt, with one
# extension of no more than 30 days, the reason given in writing within the first 30.
ACCESS_DAYS = 30
ACCESS_EXTENSION_DAYS = 30
# Third parties have no federal deadline: the site's policy, this many days unless set.
POLICY_DAYS = 30
# 164.528(a)(1): the accounting covers the six years before the request.
ACCOUNTING_YEARS = 6
# 164.528(a)(1)(ix), 164.534: nothing disclosed before the Privacy Rule's compliance date.
COMPLIANCE_DATE = date(2003, 4, 14)
# 164.528(a)(2)(ii)(C): an oral statement suspends the accounting for 30 days at the most.
ORAL_SUSPENSION_DAYS = 30


class Coded(StrEnum):
    """A closed set of codes, each with the label a clerk reads; parsed from its code or label."""

    @property
    def label(self) -> str:
        return _LABELS[type(self), self.value]

    @classmethod
    def parse(cls, text: str) -> Self:
        """The member named ``text`` (its code or its label), or InvalidInput listing them."""
        wanted = _key(text)
        for member in cls:
            if wanted in (member.value, _key(member.label.split(" (")[0])):
                return member
        raise InvalidInput(
            f"Unknown {_NOUNS.get(cls, 'value')} '{text}': choose one of "
            f"{', '.join(m.value for m in cls)}."
        )


def _key(text: str) -> str:
    return text.strip().lower().replace("-", "_").replace(" ", "_")


# (set, code) -> label, and the word for each set in a message; filled below each set.
_LABELS: dict[tuple[type[Coded], str], str] = {}
_NOUNS: dict[type[Coded], str] = {}


def _labelled(coded: type[Coded], noun: str, labels: dict[Coded, str]) -> None:
    """Give every member of ``coded`` its label (each must have one) and the set its noun."""
    assert set(labels) == set(coded), f"{coded.__name__}: a label for every member"
    _NOUNS[coded] = noun
    _LABELS.update({(coded, member.value): label for member, label in labels.items()})


class RequesterKind(Coded):
    """Who asks for a copy of the record."""

    PATIENT = "patient"
    REPRESENTATIVE = "representative"
    PROVIDER = "provider"
    INSURER = "insurer"
    ATTORNEY = "attorney"
    SUBPOENA = "subpoena"
    COURT_ORDER = "court_order"
    LAW_ENFORCEMENT = "law_enforcement"
    PUBLIC_HEALTH = "public_health"
    FAMILY = "family"
    HEALTH_OVERSIGHT = "health_oversight"
    CORRECTIONAL = "correctional"
    NATIONAL_SECURITY = "national_security"
    DATA_RECIPIENT = "data_recipient"

    @property
    def is_access(self) -> bool:
        """The patient's own right of access (164.524), by them or their representative."""
        return self in (RequesterKind.PATIENT, RequesterKind.REPRESENTATIVE)

    @property
    def due_from_document(self) -> bool:
        """A subpoena or an order says itself by when it must be answered."""
        return self in (RequesterKind.SUBPOENA, RequesterKind.COURT_ORDER)


_labelled(
    RequesterKind,
    "requester",
    {
        RequesterKind.PATIENT: "Patient",
        RequesterKind.REPRESENTATIVE: "Personal representative",
        RequesterKind.PROVIDER: "Another provider",
        RequesterKind.INSURER: "Insurer",
        RequesterKind.ATTORNEY: "Attorney",
        RequesterKind.SUBPOENA: "Subpoena",
        RequesterKind.COURT_ORDER: "Court order",
        RequesterKind.LAW_ENFORCEMENT: "Law enforcement",
        RequesterKind.PUBLIC_HEALTH: "Public-health agency",
        RequesterKind.FAMILY: "Family or friend involved in care",
        RequesterKind.HEALTH_OVERSIGHT: "Health oversight agency",
        RequesterKind.CORRECTIONAL: "Correctional institution",
        RequesterKind.NATIONAL_SECURITY: "Federal official (national security)",
        RequesterKind.DATA_RECIPIENT: "Limited data set recipient",
    },
)


class Basis(Coded):
    """On what ground a disclosure is made; it decides the authorisation and the accounting."""

    PATIENT_ACCESS = "patient_access"
    TREATMENT = "treatment"
    PAYMENT = "payment"
    OPERATIONS = "operations"
    AUTHORISATION = "authorisation"
    JUDICIAL = "judicial"
    LAW_ENFORCEMENT = "law_enforcement"
    PUBLIC_HEALTH = "public_health"
    INCIDENTAL = "incidental"
    INVOLVED_IN_CARE = "involved_in_care"
    HEALTH_OVERSIGHT = "health_oversight"
    NATIONAL_SECURITY = "national_security"
    CUSTODY = "custody"
    LIMITED_DATA_SET = "limited_data_set"

    @property
    def accountable(self) -> bool:
        """Whether the accounting must list it, whenever made (see ``exclusion`` for the date)."""
        return self not in _EXCLUDED_BASES


_labelled(
    Basis,
    "purpose",
    {
        Basis.PATIENT_ACCESS: "Patient's right of access (164.524)",
        Basis.TREATMENT: "Treatment (164.506)",
        Basis.PAYMENT: "Payment (164.506)",
        Basis.OPERATIONS: "Health care operations (164.506)",
        Basis.AUTHORISATION: "Patient's authorisation (164.508)",
        Basis.JUDICIAL: "Judicial proceedings (164.512(e))",
        Basis.LAW_ENFORCEMENT: "Law enforcement (164.512(f))",
        Basis.PUBLIC_HEALTH: "Public health (164.512(b))",
        Basis.INCIDENTAL: "Incident to a permitted use or disclosure (164.502(a)(1)(iii))",
        Basis.INVOLVED_IN_CARE: "Facility directory or persons involved in care (164.510)",
        Basis.HEALTH_OVERSIGHT: "Health oversight (164.512(d))",
        Basis.NATIONAL_SECURITY: "National security or intelligence (164.512(k)(2))",
        Basis.CUSTODY: "Correctional institution or custody (164.512(k)(5))",
        Basis.LIMITED_DATA_SET: "Limited data set (164.514(e))",
    },
)


class Exclusion(Coded):
    """The disclosures 164.528(a)(1) leaves out of a patient's accounting, paragraph by
    paragraph; kept apart (the file room's own record), never printed as accountable."""

    TREATMENT_PAYMENT_OPERATIONS = "tpo"
    TO_THE_INDIVIDUAL = "individual"
    INCIDENTAL = "incidental"
    AUTHORISED = "authorised"
    DIRECTORY_OR_CARE = "directory_or_care"
    NATIONAL_SECURITY = "national_security"
    CUSTODY = "custody"
    LIMITED_DATA_SET = "limited_data_set"
    BEFORE_COMPLIANCE = "before_compliance"


_labelled(
    Exclusion,
    "exclusion",
    {
        Exclusion.TREATMENT_PAYMENT_OPERATIONS: (
            "164.528(a)(1)(i): treatment, payment or health care operations"
        ),
        Exclusion.TO_THE_INDIVIDUAL: "164.528(a)(1)(ii): to the individual",
        Exclusion.INCIDENTAL: "164.528(a)(1)(iii): incident to a permitted use or disclosure",
        Exclusion.AUTHORISED: "164.528(a)(1)(iv): pursuant to an authorisation",
        Exclusion.DIRECTORY_OR_CARE: (
            "164.528(a)(1)(v): facility directory or persons involved in care"
        ),
        Exclusion.NATIONAL_SECURITY: "164.528(a)(1)(vi): national security or intelligence",
        Exclusion.CUSTODY: (
            "164.528(a)(1)(vii): correctional institution or law-enforcement custody"
        ),
        Exclusion.LIMITED_DATA_SET: "164.528(a)(1)(viii): part of a limited data set",
        Exclusion.BEFORE_COMPLIANCE: (
            f"164.528(a)(1)(ix): before the compliance date ({COMPLIANCE_DATE:%Y-%m-%d})"
        ),
    },
)

_EXCLUDED_BASES: dict[Basis, Exclusion] = {
    Basis.TREATMENT: Exclusion.TREATMENT_PAYMENT_OPERATIONS,
    Basis.PAYMENT: Exclusion.TREATMENT_PAYMENT_OPERATIONS,
    Basis.OPERATIONS: Exclusion.TREATMENT_PAYMENT_OPERATIONS,
    Basis.PATIENT_ACCESS: Exclusion.TO_THE_INDIVIDUAL,
    Basis.INCIDENTAL: Exclusion.INCIDENTAL,
    Basis.AUTHORISATION: Exclusion.AUTHORISED,
    Basis.INVOLVED_IN_CARE: Exclusion.DIRECTORY_OR_CARE,
    Basis.NATIONAL_SECURITY: Exclusion.NATIONAL_SECURITY,
    Basis.CUSTODY: Exclusion.CUSTODY,
    Basis.LIMITED_DATA_SET: Exclusion.LIMITED_DATA_SET,
}


def exclusion(basis: Basis, disclosed_on: date) -> Exclusion | None:
    """Why 164.528(a)(1) leaves this disclosure out of the accounting; None: it is listed."""
    if disclosed_on < COMPLIANCE_DATE:
        return Exclusion.BEFORE_COMPLIANCE
    return _EXCLUDED_BASES.get(basis)


# The grounds each requester may ask on; the first is the one assumed when none is given.
# (Incidental disclosures are nobody's request: they are recorded as found, never asked for.)
ALLOWED_BASES: dict[RequesterKind, tuple[Basis, ...]] = {
    RequesterKind.PATIENT: (Basis.PATIENT_ACCESS,),
    RequesterKind.REPRESENTATIVE: (Basis.PATIENT_ACCESS,),
    RequesterKind.PROVIDER: (Basis.TREATMENT, Basis.AUTHORISATION, Basis.OPERATIONS),
    RequesterKind.INSURER: (Basis.AUTHORISATION, Basis.PAYMENT),
    RequesterKind.ATTORNEY: (Basis.AUTHORISATION,),
    RequesterKind.SUBPOENA: (Basis.JUDICIAL,),
    RequesterKind.COURT_ORDER: (Basis.JUDICIAL,),
    RequesterKind.LAW_ENFORCEMENT: (Basis.LAW_ENFORCEMENT, Basis.CUSTODY),
    RequesterKind.PUBLIC_HEALTH: (Basis.PUBLIC_HEALTH,),
    RequesterKind.FAMILY: (Basis.INVOLVED_IN_CARE,),
    RequesterKind.HEALTH_OVERSIGHT: (Basis.HEALTH_OVERSIGHT,),
    RequesterKind.CORRECTIONAL: (Basis.CUSTODY,),
    RequesterKind.NATIONAL_SECURITY: (Basis.NATIONAL_SECURITY,),
    RequesterKind.DATA_RECIPIENT: (Basis.LIMITED_DATA_SET,),
}


def basis_for(kind: RequesterKind, asked: Basis | None = None) -> Basis:
    """The ground of a request: ``asked`` if this requester may ask on it, else the default."""
    allowed = ALLOWED_BASES[kind]
    if asked is None:
        return allowed[0]
    if asked not in allowed:
        raise InvalidInput(
            f"A request from {_article(kind.label.lower())} cannot be made for "
            f"{asked.label}: it may be {' or '.join(b.label for b in allowed)}."
        )
    return asked


def _article(words: str) -> str:
    return f"an {words}" if words[:1] in "aeiou" else f"a {words}"


class RequestStatus(StrEnum):
    """Where a request for release stands."""

    RECEIVED = "received"
    PENDING_AUTHORISATION = "pending_authorisation"
    IN_PROGRESS = "in_progress"
    RELEASED = "released"
    PARTLY_RELEASED = "partly_released"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def closed(self) -> bool:
        return self in CLOSED_STATUSES


# Partly released stays open: what was not released yet is still owed to the requester.
CLOSED_STATUSES = frozenset({RequestStatus.RELEASED, RequestStatus.DENIED, RequestStatus.WITHDRAWN})


class SpecialCategory(Coded):
    """Records that need their own consent: never released by default."""

    PSYCHOTHERAPY_NOTES = "psychotherapy_notes"
    SUBSTANCE_USE = "substance_use"
    HIV = "hiv"
    REPRODUCTIVE_HEALTH = "reproductive_health"


_labelled(
    SpecialCategory,
    "special category",
    {
        SpecialCategory.PSYCHOTHERAPY_NOTES: "Psychotherapy notes (164.508(a)(2))",
        SpecialCategory.SUBSTANCE_USE: "Substance-use disorder records (42 CFR Part 2)",
        SpecialCategory.HIV: "HIV-related information (state law)",
        SpecialCategory.REPRODUCTIVE_HEALTH: "Reproductive health care (164.509, state law)",
    },
)


class Check(Coded):
    """A checklist item a clerk ticks, beside the authorisation's own elements."""

    IDENTITY = "identity"
    WRITTEN_REQUEST = "written_request"
    AUTHORITY = "authority"
    LEGAL_DOCUMENT = "legal_document"
    SUBPOENA_ASSURANCE = "subpoena_assurance"
    AGENCY_AUTHORITY = "agency_authority"
    INVOLVEMENT = "involvement"
    CUSTODY = "custody"
    LAWFUL_AUTHORITY = "lawful_authority"
    DATA_USE_AGREEMENT = "data_use_agreement"
    MINIMUM_NECESSARY = "minimum_necessary"


_labelled(
    Check,
    "checklist item",
    {
        Check.IDENTITY: "identity of the requester verified (164.514(h))",
        Check.WRITTEN_REQUEST: "request in writing, signed (164.524(b)(1))",
        Check.AUTHORITY: "authority of the personal representative verified (164.502(g))",
        Check.LEGAL_DOCUMENT: "the subpoena, order or legal process itself on file",
        Check.SUBPOENA_ASSURANCE: (
            "satisfactory assurance: notice to the patient or a qualified protective order "
            "(164.512(e)(1)(ii)), or the patient's authorisation"
        ),
        Check.AGENCY_AUTHORITY: (
            "agency authorised by law to receive it (164.512(b)(1)(i), 164.512(d)(1))"
        ),
        Check.INVOLVEMENT: (
            "the patient agreed or did not object, or professional judgement in their absence; "
            "only what bears on the person's involvement (164.510(b))"
        ),
        Check.CUSTODY: (
            "the patient is in lawful custody and the institution or official says the "
            "information is needed (164.512(k)(5))"
        ),
        Check.LAWFUL_AUTHORITY: (
            "an authorised federal official, for intelligence or national security activity "
            "the law authorises (164.512(k)(2))"
        ),
        Check.DATA_USE_AGREEMENT: (
            "a data use agreement on file, direct identifiers removed (164.514(e)(2), (4))"
        ),
        Check.MINIMUM_NECESSARY: "minimum necessary reviewed and noted (164.502(b))",
    },
)


class AuthElement(Coded):
    """The core elements of a valid HIPAA authorisation, 164.508(c)(1), and its statements."""

    DESCRIPTION = "description"
    DISCLOSER = "discloser"
    RECIPIENT = "recipient"
    PURPOSE = "purpose"
    EXPIRY = "expiry"
    SIGNATURE = "signature"
    STATEMENTS = "statements"


_labelled(
    AuthElement,
    "authorisation element",
    {
        AuthElement.DESCRIPTION: (
            "a description of the information to be disclosed (164.508(c)(1)(i))"
        ),
        AuthElement.DISCLOSER: "who is authorised to disclose it (164.508(c)(1)(ii))",
        AuthElement.RECIPIENT: "who may receive it (164.508(c)(1)(iii))",
        AuthElement.PURPOSE: "the purpose of the disclosure (164.508(c)(1)(iv))",
        AuthElement.EXPIRY: "an expiry date or event (164.508(c)(1)(v))",
        AuthElement.SIGNATURE: "the patient's signature and its date (164.508(c)(1)(vi))",
        AuthElement.STATEMENTS: (
            "the required statements: right to revoke, conditioning, redisclosure (164.508(c)(2))"
        ),
    },
)


@dataclass(frozen=True)
class Authorisation:
    """A HIPAA authorisation as received: what it says, element by element."""

    description: str = ""
    discloser: str = ""
    recipient: str = ""
    purpose: str = ""
    expires_on: date | None = None
    expiry_event: str = ""
    signed_by: str = ""
    signed_on: date | None = None
    # Signed by a personal representative: their authority (164.508(c)(1)(vi)).
    representative_authority: str = ""
    statements: bool = False
    # The special categories the authorisation names specifically (its own consent).
    covers: frozenset[SpecialCategory] = frozenset()

    def missing(self) -> list[AuthElement]:
        """The elements it lacks, in the order of the rule."""
        lacking: list[AuthElement] = []
        for element, present in (
            (AuthElement.DESCRIPTION, self.description.strip()),
            (AuthElement.DISCLOSER, self.discloser.strip()),
            (AuthElement.RECIPIENT, self.recipient.strip()),
            (AuthElement.PURPOSE, self.purpose.strip()),
            (AuthElement.EXPIRY, self.expires_on is not None or self.expiry_event.strip()),
            (AuthElement.SIGNATURE, self.signed_by.strip() and self.signed_on is not None),
            (AuthElement.STATEMENTS, self.statements),
        ):
            if not present:
                lacking.append(element)
        return lacking

    def expired(self, on: date) -> bool:
        """Whether its expiry date has passed on ``on`` (an expiry event is the clerk's call)."""
        return self.expires_on is not None and self.expires_on < on

    def problems(self, on: date) -> list[str]:
        """What makes it invalid for a release on ``on``, in words; empty when it is valid."""
        found = [f"the authorisation lacks {e.label}" for e in self.missing()]
        if self.expired(on):
            found.append(f"the authorisation expired on {self.expires_on:%Y-%m-%d}")
        if self.signed_on is not None and self.signed_on > on:
            found.append(f"the authorisation is dated {self.signed_on:%Y-%m-%d}, in the future")
        return found


def needs_authorisation(basis: Basis) -> bool:
    """Whether a release on this ground needs the patient's authorisation (164.508)."""
    return basis is Basis.AUTHORISATION


def minimum_necessary_applies(kind: RequesterKind, basis: Basis) -> bool:
    """164.502(b)(2): not for the patient, treatment, an authorisation, or what law requires."""
    if basis in (Basis.PATIENT_ACCESS, Basis.TREATMENT, Basis.AUTHORISATION):
        return False
    return kind is not RequesterKind.COURT_ORDER


def checklist(kind: RequesterKind, basis: Basis) -> tuple[Check, ...]:
    """The items to tick for this requester and ground, beside an authorisation's elements."""
    items: list[Check] = {
        RequesterKind.PATIENT: [Check.IDENTITY, Check.WRITTEN_REQUEST],
        RequesterKind.REPRESENTATIVE: [Check.IDENTITY, Check.AUTHORITY, Check.WRITTEN_REQUEST],
        RequesterKind.PROVIDER: [Check.IDENTITY],
        RequesterKind.INSURER: [Check.IDENTITY],
        RequesterKind.ATTORNEY: [Check.IDENTITY],
        RequesterKind.SUBPOENA: [Check.LEGAL_DOCUMENT, Check.SUBPOENA_ASSURANCE],
        RequesterKind.COURT_ORDER: [Check.LEGAL_DOCUMENT],
        RequesterKind.LAW_ENFORCEMENT: [Check.IDENTITY, Check.LEGAL_DOCUMENT],
        RequesterKind.PUBLIC_HEALTH: [Check.AGENCY_AUTHORITY],
        RequesterKind.FAMILY: [Check.IDENTITY, Check.INVOLVEMENT],
        RequesterKind.HEALTH_OVERSIGHT: [Check.IDENTITY, Check.AGENCY_AUTHORITY],
        RequesterKind.CORRECTIONAL: [Check.IDENTITY, Check.CUSTODY],
        RequesterKind.NATIONAL_SECURITY: [Check.IDENTITY, Check.LAWFUL_AUTHORITY],
        RequesterKind.DATA_RECIPIENT: [Check.DATA_USE_AGREEMENT],
    }[kind]
    if basis is Basis.CUSTODY:
        # A law-enforcement official with custody asks on its own ground, not on legal process.
        items = [Check.IDENTITY, Check.CUSTODY]
    if minimum_necessary_applies(kind, basis):
        items.append(Check.MINIMUM_NECESSARY)
    return tuple(items)


@dataclass(frozen=True)
class Readiness:
    """What still stands between a request and its release; empty ``missing`` means ready."""

    missing: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return not self.missing

    def message(self) -> str:
        """One sentence naming everything missing."""
        return "Not released: " + "; ".join(self.missing) + "."


def readiness(
    kind: RequesterKind,
    basis: Basis,
    checks_done: Collection[Check],
    authorisation: Authorisation | None,
    minimum_necessary_note: str,
    on: date,
) -> Readiness:
    """Everything a release on ``on`` needs that this request does not have yet, in words."""
    missing: list[str] = []
    valid_authorisation = authorisation is not None and not authorisation.problems(on)
    for check in checklist(kind, basis):
        if check in checks_done:
            if check is Check.MINIMUM_NECESSARY and not minimum_necessary_note.strip():
                missing.append("a note of the minimum necessary (what is sent and why no more)")
            continue
        if check is Check.SUBPOENA_ASSURANCE and valid_authorisation:
            continue  # 164.512(e)(1)(ii) is met by the patient's authorisation instead
        missing.append(check.label)
    if needs_authorisation(basis):
        if authorisation is None:
            missing.append("a HIPAA authorisation (164.508) signed by the patient")
        else:
            missing.extend(authorisation.problems(on))
    return Readiness(tuple(missing))


def held_back(
    categories: Iterable[SpecialCategory],
    approved: Collection[SpecialCategory],
    basis: Basis,
    authorisation: Authorisation | None,
) -> tuple[SpecialCategory, ...]:
    """The special categories asked for that may not go: each needs a supervisor's (or the ROI
    officer's) approval, and where the ground is an authorisation, one that names it."""
    kept: list[SpecialCategory] = []
    for category in dict.fromkeys(categories):
        named = authorisation is not None and category in authorisation.covers
        if category not in approved or (needs_authorisation(basis) and not named):
            kept.append(category)
    return tuple(kept)


# Due dates -------------------------------------------------------------------------------------


def due_date(
    kind: RequesterKind,
    received: date,
    given: date | None = None,
    policy_days: int = POLICY_DAYS,
) -> date:
    """When a request must be answered.

    A patient's own access: 30 days after receipt (164.524(b)(2)); an earlier date may be given
    (a state's shorter rule), not a later one. A subpoena or court order: the date it sets, which
    must be given. Anyone else: the date given, else the site's policy days after receipt.
    """
    if given is not None and given < received:
        raise InvalidInput(
            f"The due date {given:%Y-%m-%d} is before the request was received "
            f"({received:%Y-%m-%d})."
        )
    if kind.is_access:
        latest = received + timedelta(days=ACCESS_DAYS)
        if given is not None and given > latest:
            raise InvalidInput(
                f"A patient's access request is due within {ACCESS_DAYS} days of receipt "
                f"(164.524(b)(2)): {latest:%Y-%m-%d} at the latest, not {given:%Y-%m-%d}."
            )
        return given or latest
    if kind.due_from_document:
        if given is None:
            raise InvalidInput(
                f"{_article(kind.label.lower()).capitalize()} says by when it must be "
                "answered: give that date as the due date."
            )
        return given
    return given or received + timedelta(days=policy_days)


def extended_due_date(
    kind: RequesterKind, due: date, already_extended: bool, reason: str, on: date
) -> date:
    """The one extension 164.524(b)(2)(iii) allows: 30 days more, with a reason written to the
    patient before the first due date passes."""
    if not kind.is_access:
        raise InvalidInput(
            "Only a patient's access request has an extension (164.524(b)(2)(iii)): "
            f"{_article(kind.label.lower())}'s request keeps its due date."
        )
    if already_extended:
        raise InvalidInput("This request was extended once already: only one extension is allowed.")
    if not reason.strip():
        raise InvalidInput("An extension needs its reason, as written to the patient.")
    if on > due:
        raise InvalidInput(
            f"Too late to extend: the extension must be given by the due date ({due:%Y-%m-%d})."
        )
    return due + timedelta(days=ACCESS_EXTENSION_DAYS)


def accounting_start(until: date) -> date:
    """The earliest day an accounting asked for on ``until`` may reach back to (six years)."""
    try:
        return until.replace(year=until.year - ACCOUNTING_YEARS)
    except ValueError:  # 29 February
        return until.replace(year=until.year - ACCOUNTING_YEARS, day=28)


# Suspension of the accounting (164.528(a)(2)) ----------------------------------------------------

# The disclosures an agency's statement may suspend: to health oversight and law enforcement.
SUSPENDABLE = frozenset({Basis.HEALTH_OVERSIGHT, Basis.LAW_ENFORCEMENT})


def _same_party(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


@dataclass(frozen=True)
class Suspension:
    """A health oversight agency's or law-enforcement official's statement that an accounting
    would impede its work: the patient's accounting leaves out the disclosures to that agency
    while the statement runs (164.528(a)(2))."""

    agency: str
    stated_on: date
    written: bool
    until: date | None = None
    official: str = ""

    def __post_init__(self) -> None:
        if not self.agency.strip():
            raise InvalidInput("Name the agency or official whose statement this is.")
        if self.written and self.until is None:
            raise InvalidInput(
                "A written statement says for how long the accounting is suspended "
                "(164.528(a)(2)(i)): give that date."
            )
        if not self.written and not self.official.strip():
            raise InvalidInput(
                "An oral statement is documented with who made it (164.528(a)(2)(ii)(A)): "
                "name the official."
            )
        if self.until is not None and self.until < self.stated_on:
            raise InvalidInput(
                f"The suspension cannot end ({self.until:%Y-%m-%d}) before the statement "
                f"was made ({self.stated_on:%Y-%m-%d})."
            )
        latest = self.stated_on + timedelta(days=ORAL_SUSPENSION_DAYS)
        if not self.written and self.until is not None and self.until > latest:
            raise InvalidInput(
                f"An oral statement suspends the accounting for {ORAL_SUSPENSION_DAYS} days at "
                f"the most (164.528(a)(2)(ii)(C)): {latest:%Y-%m-%d}, unless a written "
                "statement comes in that time."
            )

    @property
    def ends_on(self) -> date:
        """The last day it holds: the date a written statement gives; an oral one's, or 30 days."""
        if self.until is not None:
            return self.until
        return self.stated_on + timedelta(days=ORAL_SUSPENSION_DAYS)

    def holds_on(self, on: date) -> bool:
        return self.stated_on <= on <= self.ends_on

    def withholds(self, basis: Basis, recipient: str, on: date) -> bool:
        """Whether a disclosure on this ground to ``recipient`` is left out of an accounting
        given on ``on``."""
        return basis in SUSPENDABLE and self.holds_on(on) and _same_party(recipient, self.agency)


# Fees ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeSchedule:
    """The site's copy fees, in cents: a base fee and a fee a page for third parties; a
    patient's own copy is charged by the page only, up to the access cap (164.524(c)(4))."""

    per_page_cents: int = 25
    base_cents: int = 1500
    access_cap_cents: int | None = 650

    def __post_init__(self) -> None:
        if self.per_page_cents < 0 or self.base_cents < 0:
            raise InvalidInput("Fees cannot be negative.")
        if self.access_cap_cents is not None and self.access_cap_cents < 0:
            raise InvalidInput("The patient-access fee cap cannot be negative.")


def copy_fee(basis: Basis, pages: int, schedule: FeeSchedule) -> int:
    """The fee in cents for ``pages`` copied pages on this ground."""
    if pages < 0:
        raise InvalidInput(f"A page count cannot be negative ({pages}).")
    if basis in _FREE_BASES:
        # No charge for care, for what the law compels, or for a report to an agency.
        return 0
    if basis is Basis.PATIENT_ACCESS:
        # No search or retrieval fee for a patient's own copy; labour by the page, capped.
        fee = pages * schedule.per_page_cents
        cap = schedule.access_cap_cents
        return fee if cap is None else min(fee, cap)
    return schedule.base_cents + pages * schedule.per_page_cents


_FREE_BASES = frozenset(
    {
        Basis.TREATMENT,
        Basis.PUBLIC_HEALTH,
        Basis.JUDICIAL,
        Basis.LAW_ENFORCEMENT,
        Basis.HEALTH_OVERSIGHT,
        Basis.NATIONAL_SECURITY,
        Basis.CUSTODY,
    }
)


def money(cents: int) -> str:
    """Cents as the site writes money: $12.50."""
    return f"${cents // 100:,}.{cents % 100:02d}"


def parse_money(text: str) -> int:
    """'12.50' or '$12.50' as cents, or InvalidInput."""
    raw = text.strip().lstrip("$").replace(",", "")
    whole, _, frac = raw.partition(".")
    if (
        not (whole or frac)
        or (whole and not whole.isdigit())
        or (frac and not frac.isdigit())
        or len(frac) > 2
    ):
        raise InvalidInput(f"'{text}' is not an amount of money: write it like 12.50.")
    return int(whole or "0") * 100 + int(frac.ljust(2, "0"))
