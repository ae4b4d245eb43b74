"""Printed documents from the services: labels, outguides, and the audit of what left the desk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from tests.printing.pages import decode_all, page_texts, render


@pytest.fixture
def labelled(file_room: Services, admin: Actor) -> Services:
    file_room.registry.register_patient(admin, "654321", "NGUYỄN, Thị Ánh", date(1960, 1, 1), 2)
    return file_room


def test_labels_name_the_patient_and_scan(labelled: Services, clerk: Actor, tmp_path: Path) -> None:
    labels = labelled.documents.chart_labels(clerk, mrns=["654321"])
    assert [(lb.volume_number, lb.volume_count, lb.mrn_groups) for lb in labels] == [
        (1, 2, "65-43-21"),
        (2, 2, "65-43-21"),
    ]
    assert labels[0].colour_digits == "21"
    document = labelled.documents.render_labels(clerk, labels, "avery-5163", start_at=3)
    assert document.kind == "pdf" and document.mrns == ("654321",)
    assert sorted(decode_all(render(document.data, 0, 300))) == [lb.barcode for lb in labels]
    assert "NGUYỄN, Thị Ánh" in page_texts(document.data)[0]


def test_label_requests_that_cannot_be_met(labelled: Services, clerk: Actor) -> None:
    with pytest.raises(InvalidInput, match="no date of birth"):
        labelled.documents.chart_labels(clerk, mrns=["123456"])
    with pytest.raises(NotFound, match="999999"):
        labelled.documents.chart_labels(clerk, mrns=["999999"])
    labels = labelled.documents.chart_labels(clerk, mrns=["654321"])
    with pytest.raises(InvalidInput, match="avery-0000"):
        labelled.documents.render_labels(clerk, labels, "avery-0000")
    with pytest.raises(InvalidInput):
        labelled.documents.render_labels(clerk, labels, "avery-5160", start_at=31)


def test_what_leaves_the_desk_is_in_the_audit_trail(
    labelled: Services, clerk: Actor, admin: Actor, tmp_path: Path
) -> None:
    labels = labelled.documents.chart_labels(clerk, mrns=["654321"])
    document = labelled.documents.render_labels(clerk, labels, "avery-5160")
    target = tmp_path / "labels.pdf"
    labelled.documents.save(clerk, document, target)
    assert target.read_bytes() == document.data
    moved = labelled.circulation.check_out(clerk, "CARD", labels[0].barcode)
    assert moved.movement_id is not None
    outguide = labelled.documents.outguides(clerk, [moved.movement_id])
    assert "Cardiology Clinic" in page_texts(outguide.data)[0]
    labelled.documents.save(clerk, outguide, tmp_path / "outguide.pdf")
    entries = labelled.audit.show(admin, mrn="0654321")  # typed with a leading zero
    exported = [e for e in entries if e.action == "exported" and e.username == "cleo"]
    assert len(exported) == 2
    assert any("labels.pdf" in e.detail for e in exported)
    assert labelled.audit.verify().ok


def test_the_outguide_of_a_volume_is_for_the_move_that_took_it_out(
    labelled: Services, clerk: Actor
) -> None:
    barcode = labelled.history.chart(clerk, "654321").volumes[0].barcode
    with pytest.raises(InvalidInput, match="on its shelf"):
        labelled.documents.outguide_for(clerk, barcode)
    labelled.circulation.check_out(clerk, "CARD", barcode)
    labelled.circulation.check_out(clerk, "ORTH", barcode)
    card = labelled.documents.outguide_for(clerk, barcode)
    text = page_texts(card.data)[0]
    assert "Orthopaedics Clinic" in text and card.mrns == ("654321",)
    with pytest.raises(NotFound):
        labelled.documents.outguide_for(clerk, "V7777777")


def test_labels_name_the_patient_by_the_mrn_as_stored(
    file_room: Services, admin: Actor, clerk: Actor
) -> None:
    file_room.site.change(admin, "leading_zeros_significant", "yes")
    file_room.registry.register_patient(admin, "00432", "ZERO, Lead", date(1990, 1, 1))
    labels = file_room.documents.chart_labels(clerk, mrns=["00432"])
    assert file_room.documents.render_labels(clerk, labels, "avery-5160").mrns == ("00432",)


def test_labels_of_many_patients_are_recorded_once_each_in_one_chain(
    labelled: Services, clerk: Actor, admin: Actor, tmp_path: Path
) -> None:
    for mrn, name in (("111111", "王, 秀英"), ("222222", "الهاشمي, محمد")):
        labelled.registry.register_patient(admin, mrn, name, date(1970, 1, 1), 1)
    before = labelled.audit.count()
    labels = labelled.documents.chart_labels(clerk, mrns=["654321", "111111", "222222"])
    assert len(labels) == 4 and {label.mrn for label in labels} == {"654321", "111111", "222222"}
    document = labelled.documents.render_labels(clerk, labels, "avery-5160")
    assert document.mrns == ("111111", "222222", "654321")
    labelled.documents.save(clerk, document, tmp_path / "labels.pdf")
    assert labelled.audit.count() == before + 3
    for mrn in ("654321", "111111", "222222"):
        assert any("Chart labels (4)" in e.detail for e in labelled.audit.show(admin, mrn=mrn))
    assert labelled.audit.verify().ok


def test_a_printers_resolution_is_a_setting(labelled: Services, clerk: Actor, admin: Actor) -> None:
    with pytest.raises(InvalidInput, match="printer_dpi"):
        labelled.site.change(admin, "printer_dpi", '{"ZEBRA": 20}')
    labelled.site.change(admin, "printer_dpi", '{"ZEBRA": 300}')
    labels = labelled.documents.chart_labels(clerk, mrns=["654321"])
    at_300 = labelled.documents.render_labels(clerk, labels, "zpl", printer="ZEBRA")
    at_203 = labelled.documents.render_labels(clerk, labels, "zpl", printer="OTHER")
    assert b"^PW675" in at_300.data and b"^PW457" in at_203.data
