"""The errors a clerk can cause; each carries a message fit to show at the desk."""


class RecordsDeskError(Exception):
    """Something the user did or asked for cannot be done; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(RecordsDeskError):
    """A value typed, scanned or fed in is malformed (an MRN, a date, a code)."""


class NotFound(RecordsDeskError):
    """A code, MRN, barcode or name matches nothing on file."""


class Conflict(RecordsDeskError):
    """The action clashes with the current state (already exists, changed at another desk)."""


class PermissionDenied(RecordsDeskError):
    """The signed-in user's role does not allow this action."""


class Unavailable(RecordsDeskError):
    """The database or a printer cannot be reached right now."""


class AmbiguousScan(RecordsDeskError):
    """A typed MRN names several volumes; the desk must ask which one."""

    def __init__(self, message: str, choices: tuple[str, ...]) -> None:
        super().__init__(message)
        self.choices = choices
