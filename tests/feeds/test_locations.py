"""Which field names the clinic, and how a PL location becomes a clinic code and name."""

from __future__ import annotations

import pytest

from recordsdesk.feeds import read_schedule
from recordsdesk.feeds.hl7_fields import location, parse_segments
from recordsdesk.feeds.profile import FeedProfile
from recordsdesk.services.schedule import clinic_code


def _ail(pl: str) -> tuple[str, str]:
    segments = parse_segments(f"MSH|^~\\&|A\rAIL|1||{pl}", {"AIL"})
    return location(segments["AIL"][0], 3)


@pytest.mark.parametrize(
    ("pl", "expected"),
    [
        ("CARD^Room 4^^Main Hospital", ("CARD", "Room 4, Main Hospital")),
        ("^OR 1^^GENHOSP", ("GENHOSP-OR 1", "OR 1, GENHOSP")),
        ("^OR 2^^GENHOSP", ("GENHOSP-OR 2", "OR 2, GENHOSP")),
        ("^^^GENHOSP", ("GENHOSP", "GENHOSP")),
        ("KARD^^^KLINIKUM^^^^^Kardiologie Süd", ("KARD", "Kardiologie Süd")),
    ],
)
def test_room_and_facility_are_both_kept(pl: str, expected: tuple[str, str]) -> None:
    assert _ail(pl) == expected


def test_clinic_fields_and_the_point_of_care_with_its_room() -> None:
    message = (
        b"MSH|^~\\&|A|B|||20260301||SIU^S12|1|P|2.5\r"
        b"SCH||F1|||||||||^^^209903030900\rPID|1||1^^^H^MR\r"
        b"PV1|1|O|WARDCLINIC^^^H\rAIL|1||THEATRES^3^^H\r"
    )
    standard = read_schedule(message, name="x.hl7").events[0]
    assert standard.clinic_code == "THEATRES"
    rooms = FeedProfile(clinic_code=FeedProfile().clinic_code.POINT_OF_CARE_ROOM)
    assert read_schedule(message, name="x.hl7", profile=rooms).events[0].clinic_code == (
        "THEATRES-3"
    )
    pv1_first = FeedProfile().with_settings({"clinic_fields": "PV1-3,AIL-3"})
    assert read_schedule(message, name="x.hl7", profile=pv1_first).events[0].clinic_code == (
        "WARDCLINIC"
    )


def test_clinic_codes_are_unique_whatever_their_length_and_script() -> None:
    north = clinic_code("Cardiology Clinic North", "")
    south = clinic_code("Cardiology Clinic South", "")
    korean = clinic_code("", "심장내과 외래")
    other = clinic_code("", "소아과 외래")
    assert len({north, south, korean, other}) == 4
    assert all(len(code) <= 16 for code in (north, south, korean, other))
    assert north.startswith("CARDIOL") and korean.startswith("CL-")
    assert clinic_code("CARD", "Cardiology") == "CARD"
