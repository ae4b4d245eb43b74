"""What tests/clirun.py puts on a `recordsdesk` subprocess's PYTHONPATH (test runs only)."""
