"""The `recordsdesk` command: the desktop application with no command, else the command line."""

from __future__ import annotations

import sys

from recordsdesk.display import NO_DISPLAY_EXIT, missing_display, no_display_message

# Global options that take a value: the value is not a command.
_VALUED = {"--db", "--user", "--token-file"}


def _names_a_command(args: list[str]) -> bool:
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif not arg.startswith("-"):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    """Open the application (no command, or only --demo) or run a command-line command."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:  # answered before the command line's imports (install checks)
        from recordsdesk import __version__

        print(f"recordsdesk {__version__}")
        return 0
    if not _names_a_command(args) and not any(a in ("-h", "--help", "--version") for a in args):
        # Qt would abort with a misleading message about xcb libraries: say it in one line.
        reason = missing_display()
        if reason is not None:
            print(no_display_message(reason), file=sys.stderr)
            return NO_DISPLAY_EXIT
        from recordsdesk.app import main as app_main

        return app_main(args)
    from recordsdesk.cli.main import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
