"""The first run of a new file room: its first administrator, the room's rules, its printers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from recordsdesk.domain.colours import DEFAULT_PALETTE_NAME
from recordsdesk.domain.errors import Conflict, InvalidInput
from recordsdesk.domain.filing import FilingScheme
from recordsdesk.printing.printer_check import printer_check_pdf
from recordsdesk.printing.printers import list_queues
from recordsdesk.printing.stocks import all_stocks
from recordsdesk.services.actors import Actor, Clock, system_clock
from recordsdesk.services.desk import Services
from recordsdesk.services.documents import Document, print_settings
from recordsdesk.services.setup.palettes import palette_preset

SCHEMES = tuple(scheme.value for scheme in FilingScheme)


@dataclass(frozen=True)
class FileRoomChoice:
    """The file room's name and filing rules."""

    name: str = "Main file room"
    scheme: str = "terminal"
    mrn_width: int = 6
    palette: str = DEFAULT_PALETTE_NAME


@dataclass(frozen=True)
class PrinterChoice:
    """Which queue prints labels (on which stock) and which prints lists; empty: none yet."""

    label_printer: str = ""
    list_printer: str = ""
    label_stock: str = "avery-5160"


def needs_first_run(services: Services) -> bool:
    """Whether this database has no schema or no user yet: nobody could sign in."""
    return services.db_is_empty() or services.users.count() == 0


class FirstRunService:
    """The use cases of the first-run wizard and of `recordsdesk setup`."""

    def __init__(self, services: Services, clock: Clock = system_clock) -> None:
        self._services = services
        self._clock = clock

    def create_administrator(
        self, username: str, password: str, workstation: str, full_name: str = ""
    ) -> Actor:
        """The first user, an administrator, on a database brought to this version's schema.

        Refused before the schema is touched when the database has users. On a machine the
        services know (the window's), the workstation recorded is the registry's name for it.
        """
        services = self._services
        if not services.before_sign_in():
            raise Conflict("This database has users already: sign in instead.")
        services.upgrade_schema()
        if services.users.count():
            raise Conflict("This database has users already: sign in instead.")
        services.users.add(None, username, "admin", password, full_name)
        if services.machine is not None:
            workstation = services.workstations.resolve(services.machine)
        return services.users.actor(username, workstation)

    def set_up_room(self, actor: Actor, choice: FileRoomChoice) -> None:
        """Name the room and set its filing scheme, MRN width and label colours."""
        if choice.scheme not in SCHEMES:
            raise InvalidInput(f"No filing scheme '{choice.scheme}': choose {', '.join(SCHEMES)}.")
        colours = ",".join(palette_preset(choice.palette))
        site = self._services.site
        stored = site.stored(actor)
        for key, value in (
            ("file_room", choice.name.strip() or "Main file room"),
            ("filing_scheme", choice.scheme),
            ("mrn_width", str(choice.mrn_width)),
            ("palette", colours),
        ):
            if stored.get(key) != value:
                site.change(actor, key, value)

    def set_up_printers(self, actor: Actor, choice: PrinterChoice) -> None:
        """Store the label queue and stock and the list queue."""
        known = {stock.name for stock in all_stocks()}
        if choice.label_stock not in known:
            raise InvalidInput(f"No label stock '{choice.label_stock}'.")
        site = self._services.site
        stored = site.stored(actor)
        for key, value in (
            ("label_printer", choice.label_printer.strip()),
            ("list_printer", choice.list_printer.strip()),
            ("label_stock", choice.label_stock),
        ):
            if stored.get(key, "") != value:
                site.change(actor, key, value)

    def queues(self) -> tuple[str, ...]:
        """The print queues this workstation sees."""
        return tuple(queue.name for queue in list_queues())

    def print_test_page(self, actor: Actor, queue: str) -> str:
        """Send a test page to ``queue``; the job id."""
        settings = self._services.site.settings(actor)
        when: datetime = self._clock()
        data = printer_check_pdf(
            queue, settings.file_room, when, print_settings(settings, queue).symbology
        )
        return self._services.documents.send(actor, Document(data, "pdf", "Test page"), queue)

    def print_calibration_page(self, actor: Actor, queue: str, stock: str) -> str:
        """Send the calibration page of ``stock`` to ``queue``; the job id."""
        page = self._services.documents.calibration(actor, stock, queue)
        return self._services.documents.send(actor, page, queue)
