"""Registering patients, charts and volumes, and finding them again."""

from __future__ import annotations

from datetime import date

import pytest

from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services


def test_registering_gives_each_volume_a_barcode_and_a_created_movement(
    file_room: Services, clerk: Actor
) -> None:
    summary = file_room.registry.register_patient(
        clerk, "00987654", "DUBOIS, Renée", date(1950, 6, 1), volumes=2, record_type="rad"
    )
    assert (summary.mrn, summary.shelf) == ("987654", "54-76-98")
    chart = file_room.history.chart(clerk, "987654")
    assert [(v.number, v.count, v.record_type) for v in chart.volumes] == [
        (1, 2, "Radiology jacket"),
        (2, 2, "Radiology jacket"),
    ]
    assert all(v.barcode.startswith("V") and v.location is None for v in chart.volumes)
    assert [m.kind for m in chart.history] == ["created", "created"]
    assert chart.colour_digits == "54"


def test_a_new_volume_continues_the_chart(file_room: Services, clerk: Actor) -> None:
    barcode = file_room.registry.add_volume(clerk, "423266")
    chart = file_room.history.chart(clerk, "423266")
    assert chart.volumes[-1].barcode == barcode and chart.volumes[-1].number == 4
    assert {v.count for v in chart.volumes} == {4}
    other = file_room.registry.add_volume(clerk, "423266", "RAD")
    assert other != barcode
    assert len(file_room.history.chart(clerk, "423266").volumes) == 5


def test_registration_refuses_what_is_wrong(file_room: Services, clerk: Actor) -> None:
    with pytest.raises(Conflict, match="123456 exists already"):
        file_room.registry.register_patient(clerk, "123456", "SMITH, Again", None)
    with pytest.raises(InvalidInput, match="FAMILY, GIVEN"):
        file_room.registry.register_patient(clerk, "555", "Nocomma", None)
    with pytest.raises(InvalidInput, match="future"):
        file_room.registry.register_patient(clerk, "556", "A, B", date(2999, 1, 1))
    with pytest.raises(InvalidInput, match="Unknown record type 'XRAY'"):
        file_room.registry.register_patient(clerk, "557", "A, B", None, record_type="XRAY")
    with pytest.raises(NotFound):
        file_room.history.chart(clerk, "557")


def test_search_by_mrn_barcode_and_name(file_room: Services, clerk: Actor, admin: Actor) -> None:
    file_room.registry.register_patient(admin, "222222", "SMITHSON, Jane", date(1980, 1, 2))
    barcode = file_room.history.chart(clerk, "423266").volumes[1].barcode
    assert [p.mrn for p in file_room.registry.search(clerk, "123456")] == ["123456"]
    assert [p.mrn for p in file_room.registry.search(clerk, barcode.lower())] == ["423266"]
    assert [p.mrn for p in file_room.registry.search(clerk, "smith")] == ["123456", "222222"]
    assert [p.mrn for p in file_room.registry.search(clerk, "Smith, J")] == ["123456"]
    assert [p.mrn for p in file_room.registry.search(clerk, "smith", date(1980, 1, 2))] == [
        "222222"
    ]
    assert [p.name for p in file_room.registry.search(clerk, "østergård")] == ["ØSTERGÅRD, Łukasz"]
    assert file_room.registry.search(clerk, "999999") == []
    assert file_room.registry.search(clerk, "100%_") == []
    with pytest.raises(InvalidInput):
        file_room.registry.search(clerk, "  ")


def test_locations_list_and_refuse_duplicates(file_room: Services, admin: Actor) -> None:
    codes = [loc.code for loc in file_room.locations.list(admin)]
    assert codes == ["CARD", "JDOE", "ORTH", "W4"]
    person = file_room.locations.get(admin, "jdoe")
    assert (person.barcode, person.loan_hours) == ("P-JDOE", 24)
    with pytest.raises(Conflict):
        file_room.locations.add(admin, "CARD", "Again", "clinic")
    with pytest.raises(InvalidInput, match="out of range"):
        file_room.locations.add(admin, "NEW", "New", "clinic", 0)
