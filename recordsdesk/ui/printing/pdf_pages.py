"""PDF pages drawn with QtPdf: onto white images for the preview, and onto a QPrinter."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from recordsdesk.domain.errors import RecordsDeskError

POINTS_PER_INCH = 72.0


class PdfPages:
    """A PDF held in memory and opened with QtPdf; pages come out on white, never transparent."""

    def __init__(self, data: bytes) -> None:
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._document = QPdfDocument()
        self._document.load(self._buffer)
        if self._document.status() != QPdfDocument.Status.Ready:
            raise RecordsDeskError("The document could not be opened for preview.")

    @property
    def count(self) -> int:
        return int(self._document.pageCount())

    def size_points(self, page: int) -> QSizeF:
        """The page's size in points (1/72 inch)."""
        return self._document.pagePointSize(page)

    def image(self, page: int, dpi: float) -> QImage:
        """Page ``page`` at ``dpi``, painted on white (QtPdf renders on a transparent ground)."""
        size = self.size_points(page) * (dpi / POINTS_PER_INCH)
        pixels = size.toSize()
        drawn = self._document.render(page, pixels)
        white = QImage(pixels, QImage.Format.Format_RGB32)
        white.setDotsPerMeterX(round(dpi / 0.0254))
        white.setDotsPerMeterY(round(dpi / 0.0254))
        white.fill(Qt.GlobalColor.white)
        painter = QPainter(white)
        painter.drawImage(0, 0, drawn)
        painter.end()
        return white

    def print_to(self, printer: QPrinter, max_dpi: int = 300) -> int:
        """Print every page full-size on ``printer`` (no scaling, no margins); pages printed."""
        dpi = min(printer.resolution(), max_dpi)
        painter: QPainter | None = None
        try:
            for page in range(self.count):
                layout = QPageLayout(
                    QPageSize(self.size_points(page), QPageSize.Unit.Point),
                    QPageLayout.Orientation.Portrait,
                    QMarginsF(0, 0, 0, 0),
                )
                printer.setFullPage(True)
                if painter is None:
                    printer.setPageLayout(layout)
                    painter = QPainter()
                    if not painter.begin(printer):
                        raise RecordsDeskError("The printer could not be opened.")
                else:
                    printer.setPageLayout(layout)
                    printer.newPage()
                target = painter.viewport()
                painter.drawImage(target, self.image(page, dpi))
        finally:
            if painter is not None:
                painter.end()
        return self.count

    def close(self) -> None:
        self._document.close()
        self._buffer.close()
