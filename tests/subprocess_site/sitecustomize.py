"""Test runs only: cheap password hashing in `recordsdesk` subprocesses started by the tests.

tests/clirun.py puts this folder first on the subprocess's PYTHONPATH, so Python imports this
module at start-up. It changes one thing: once `recordsdesk.services.users` is imported, its
PASSWORD_HASHING becomes TEST_PASSWORD_HASHING, the same cheap argon2id parameters the tests'
own process uses (tests/conftest.py). Hashes stay argon2id, verified the same way; only the cost
differs. The product's parameters are tested unchanged by tests/test_password_hashing.py.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

from argon2 import Parameters, Type

# argon2id, one pass over 8 KiB in one lane: microseconds instead of about a second.
TEST_PASSWORD_HASHING = Parameters(
    type=Type.ID,
    version=19,
    salt_len=16,
    hash_len=32,
    time_cost=1,
    memory_cost=8,
    parallelism=1,
)
USERS_MODULE = "recordsdesk.services.users"


class _CheapHashingOnImport(importlib.abc.MetaPathFinder):
    """Finds the users module as usual, then sets its parameters right after it runs."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != USERS_MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        run_module = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run_module(module)
            setattr(module, "PASSWORD_HASHING", TEST_PASSWORD_HASHING)  # noqa: B010

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if not getattr(sys, "frozen", False):
    sys.meta_path.insert(0, _CheapHashingOnImport())
