"""Retention scans through the page's one serial scan queue, answered as the desk answers."""

from __future__ import annotations

from collections.abc import Callable

from recordsdesk.domain.circulation import Outcome
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.retention.dto import RetentionAnswer


def as_scan_result(act: Callable[[], RetentionAnswer]) -> Callable[[], ScanResult]:
    """Work that gives a RetentionAnswer, giving the ScanResult the serial queue expects."""

    def work() -> ScanResult:
        answer = act()
        return ScanResult(
            answer.scan,
            answer.ok,
            Outcome.RECORDED if answer.ok else Outcome.REFUSED,
            answer.message,
        )

    return work
