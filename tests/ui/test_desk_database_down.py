"""When the database cannot be reached the desk says so, refuses scans, and recovers by itself."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.outcomes import Tone
from tests.ui.conftest import OFFSCREEN_ONLY, Switchable, barcode, scan, settle

pytestmark = OFFSCREEN_ONLY


def test_scans_are_refused_while_down_and_accepted_again_after(
    qtbot: QtBot,
    make_desk: Callable[..., DeskWidget],
    file_room: Services,
    clerk: Actor,
) -> None:
    circulation = Switchable(file_room.circulation)
    site = Switchable(file_room.site)
    desk = make_desk(circulation=circulation, probe=lambda: site.settings(clerk), probe_ms=30)
    smith = barcode(file_room, clerk, "123456")
    jones = barcode(file_room, clerk, "423266")
    scan(qtbot, desk.scan_field, "L-CARD")
    scan(qtbot, desk.scan_field, smith)
    settle(qtbot, desk)
    assert desk.model.row_at(0).title == "Checked out"

    circulation.down = site.down = True
    with qtbot.waitSignal(desk.queue.database_lost, timeout=5000):
        scan(qtbot, desk.scan_field, jones)
    settle(qtbot, desk)
    assert desk.database_down and desk.banner.isVisible()
    assert "cannot be reached" in desk.banner.text() and "NOT saved" in desk.banner.text()
    refused = desk.model.row_at(0)
    assert (refused.title, refused.tone) == ("Not saved", Tone.PROBLEM)
    assert "Not saved: the database cannot be reached" in refused.details
    calls = circulation.calls
    scan(qtbot, desk.scan_field, jones)  # refused at once, without waiting on the database
    settle(qtbot, desk)
    assert circulation.calls == calls
    assert desk.model.row_at(0).title == "Not saved"
    qtbot.wait(100)
    assert desk.database_down  # the probe keeps failing while it is down

    circulation.down = site.down = False
    with qtbot.waitSignal(desk.queue.database_restored, timeout=5000):
        pass
    assert not desk.database_down and not desk.banner.isVisible()
    assert desk.feedback.headline == "DONE · Database back"
    chart = file_room.history.chart(clerk, "423266")
    assert all(v.location is None for v in chart.volumes)  # nothing refused was applied
    scan(qtbot, desk.scan_field, jones)
    settle(qtbot, desk)
    assert desk.model.row_at(0).title == "Checked out"
    assert file_room.history.chart(clerk, "423266").volumes[0].location is not None


def test_a_database_file_that_cannot_be_opened_is_reported_not_fatal(
    qtbot: QtBot, make_desk: Callable[..., DeskWidget], file_room: Services, clerk: Actor, tmp_path
) -> None:
    from recordsdesk.services.desk import build_services

    folder = tmp_path / "gone"
    folder.mkdir()
    broken = build_services(f"sqlite:///{folder / 'records.sqlite3'}")
    (folder / "records.sqlite3").unlink()
    (folder / "records.sqlite3").mkdir()  # a folder where the file was: SQLite cannot open it
    try:
        desk = make_desk(circulation=broken.circulation, probe=lambda: broken.site.settings(clerk))
        scan(qtbot, desk.scan_field, "L-CARD")
        with qtbot.waitSignal(desk.queue.database_lost, timeout=5000):
            scan(qtbot, desk.scan_field, barcode(file_room, clerk, "123456"))
        settle(qtbot, desk)
        assert desk.model.row_at(0).title == "Not saved"
        assert "unable to open database file" in desk.banner.text()
    finally:
        broken.close()
