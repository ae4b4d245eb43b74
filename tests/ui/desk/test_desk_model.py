"""The desk model, without Qt: mode, destination, rows, undo and counts."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime

from recordsdesk.domain.circulation import DeskMode, Outcome
from recordsdesk.services.dto import LocationInfo, ScanResult
from recordsdesk.services.scanning import DeskAnswer, ScanTarget
from recordsdesk.ui.desk.desk_model import Action, DeskModel, Job

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CARD = LocationInfo(1, "CARD", "Cardiology Clinic", "clinic", 24, "L-CARD", True)


def test_the_desk_model_needs_no_qt() -> None:
    code = (
        "import sys, recordsdesk.ui.desk.desk_model, recordsdesk.ui.desk.burst;"
        "sys.exit('PySide6' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@dataclass
class Answers:
    """Builds answers as a desk session would give them."""

    mode: DeskMode = DeskMode.CHECK_OUT
    destination: LocationInfo | None = None
    log: list[Job] = field(default_factory=list)

    def of(
        self,
        job: Job,
        outcome: Outcome,
        ok: bool = True,
        undid: int | None = None,
        **more: object,
    ) -> DeskAnswer:
        self.log.append(job)
        result = ScanResult(job.raw, ok, outcome, outcome.value, **more)  # type: ignore[arg-type]
        return DeskAnswer(result, self.mode, self.destination, undid)


def _model() -> DeskModel:
    return DeskModel(DeskMode.CHECK_OUT, clock=lambda: AT)


def test_scans_are_rows_in_order_pending_until_answered() -> None:
    model = _model()
    first, second = model.scan("L-CARD"), model.scan("V0000001")
    assert model.scan("   ") is None  # nothing read, nothing done
    assert first is not None and second is not None
    assert (first.action, second.action) == (Action.SCAN, Action.SCAN)
    assert [r.scan for r in model.rows] == ["L-CARD", "V0000001"]
    assert model.pending == {first.seq, second.seq}
    assert model.row_at(0).title == "Saving…"
    answers = Answers(destination=CARD)
    model.answer(first.seq, answers.of(first, Outcome.DESTINATION))
    model.answer(
        second.seq,
        answers.of(second, Outcome.CHECKED_OUT, patient="SMITH, John", volume=2, movement_id=9),
    )
    assert not model.pending
    assert model.destination == CARD
    assert model.row_at(0).who == "SMITH, John · Vol 2"
    assert model.undoable == [9]
    assert "1 done · 0 check · 0 problem" in model.tally_text  # setting a place is not counted


def test_tally_counts_by_tone_and_since_the_last_mode_change() -> None:
    model = _model()
    answers = Answers(destination=CARD)
    for outcome, ok in (
        (Outcome.CHECKED_OUT, True),
        (Outcome.ALREADY_THERE, True),
        (Outcome.UNKNOWN_CODE, False),
    ):
        job = model.scan("V0000001")
        assert job is not None
        model.answer(job.seq, answers.of(job, outcome, ok))
    assert (model.tally.done, model.tally.check, model.tally.problem) == (1, 1, 1)
    job = model.choose_mode(DeskMode.RETURN)
    assert model.mode is DeskMode.RETURN  # shown at once, applied in order
    assert model.since_mode.total == 0 and model.tally.total == 3
    answers.mode = DeskMode.RETURN
    model.answer(job.seq, answers.of(job, Outcome.MODE))
    job2 = model.scan("V0000001")
    assert job2 is not None
    model.answer(job2.seq, answers.of(job2, Outcome.RETURNED))
    assert (model.since_mode.done, model.tally.done) == (1, 2)
    assert "since Return: 1 done" in model.tally_text


def test_an_answer_to_an_older_scan_does_not_undo_a_mode_chosen_since() -> None:
    model = _model()
    scan = model.scan("V0000001")
    assert scan is not None
    model.choose_mode(DeskMode.TRANSFER)
    answers = Answers(mode=DeskMode.CHECK_OUT, destination=CARD)
    model.answer(scan.seq, answers.of(scan, Outcome.CHECKED_OUT))
    assert model.mode is DeskMode.TRANSFER


def test_return_mode_shows_no_destination() -> None:
    model = _model()
    job = model.scan("L-CARD")
    assert job is not None
    model.answer(job.seq, Answers(destination=CARD).of(job, Outcome.DESTINATION))
    assert "Cardiology Clinic (CARD)" in model.destination_text
    model.choose_mode(DeskMode.RETURN)
    assert model.destination_text == "→ home to their shelves (Return mode)"


def test_a_destination_typed_is_checking_until_answered_and_a_refusal_keeps_the_old() -> None:
    model = _model()
    job = model.choose_destination("nope")
    assert job is not None and job.action is Action.DESTINATION
    assert model.destination_text == "→ nope (checking…)"
    model.answer(job.seq, Answers(destination=CARD).of(job, Outcome.UNKNOWN_CODE, ok=False))
    assert model.destination == CARD
    assert model.tally.problem == 1


def test_undo_strikes_the_row_it_undid() -> None:
    model = _model()
    answers = Answers(destination=CARD)
    scan = model.scan("V0000001")
    assert scan is not None
    model.answer(scan.seq, answers.of(scan, Outcome.CHECKED_OUT, movement_id=41))
    undo = model.undo()
    assert undo.action is Action.UNDO
    model.answer(undo.seq, answers.of(undo, Outcome.UNDONE, movement_id=42, undid=41))
    assert model.row_at(1).undone and model.row_at(1).details.startswith("(undone)")
    assert model.undoable == []


def test_scans_typed_into_the_destination_field_say_so() -> None:
    model = _model()
    job = model.scan("ORTH", ScanTarget.DESTINATION)
    assert job is not None and job.target is ScanTarget.DESTINATION


def test_a_long_junk_read_is_shown_short_and_events_reach_a_view() -> None:
    model = _model()
    seen: list[str] = []
    model.events.row_added.connect(lambda row: seen.append(row.shown_scan))
    model.scan("Q" * 500)
    assert seen and len(seen[0]) < 60 and seen[0].endswith("(500 characters)")
