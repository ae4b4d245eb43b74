"""The error of a command run with no usable session or token (kept light: the CLI catches it)."""

from recordsdesk.domain.errors import PermissionDenied


class NotSignedIn(PermissionDenied):
    """No usable session or token: the command line says how to sign in (exit status 2)."""
