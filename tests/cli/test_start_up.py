"""A command's start-up loads its own command module only; --help still shows every command."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

from recordsdesk.cli.main import COMMAND_HOMES, COMMAND_MODULES, _home_module, build_parser


def _words(module: str) -> set[str]:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command")
    importlib.import_module(module).register(commands)
    return set(commands.choices)


def test_each_command_word_is_registered_by_the_module_named_for_it() -> None:
    for module in COMMAND_MODULES:
        named = {word for word, home in COMMAND_HOMES.items() if home == module}
        assert named <= _words(module), module
    assert set(COMMAND_HOMES.values()) <= set(COMMAND_MODULES)


def test_the_command_word_is_found_after_the_global_options() -> None:
    circulation = "recordsdesk.cli.circulation"
    assert _home_module(["checkout", "--to", "CARD"]) == circulation
    assert _home_module(["--db", "sqlite://", "--user", "ada", "return"]) == circulation
    assert _home_module(["--db=sqlite://", "--token-file", "/t", "holdings"]) == circulation
    # Help before the command, no command, or a word nobody registers: every module.
    assert _home_module(["--help", "checkout"]) is None
    assert _home_module(["--db", "checkout"]) is None
    assert _home_module(["checkot"]) is None
    shown = build_parser(["--help"]).format_help()
    assert all(word in shown for word in COMMAND_HOMES)


def test_a_checkout_imports_no_other_command_module() -> None:
    code = (
        "import sys\n"
        "from recordsdesk.cli.main import build_parser\n"
        "argv = ['checkout', '--to', 'CARD']\n"
        "args = build_parser(argv).parse_args(argv)\n"
        "assert args.to == 'CARD' and callable(args.run)\n"
        "print(sorted(m for m in sys.modules if m.startswith('recordsdesk.cli.')))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = eval(shown)  # a printed list of module names
    assert "recordsdesk.cli.circulation" in loaded
    assert not {"recordsdesk.cli.release", "recordsdesk.cli.retention"} & set(loaded)
    assert not (set(COMMAND_MODULES) - {"recordsdesk.cli.circulation"}) & set(loaded)
