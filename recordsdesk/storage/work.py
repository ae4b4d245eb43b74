"""What the scan path's statements need of a unit of work: its connection and its notes.

A unit of work (``storage.unit_of_work``) owns one transaction on one connection; the ORM
session is made only when something asks for it. The scan path's statements (``ledger``,
``hot``) run on the connection and note what they wrote as history, so a check-out needs no
session at all. An ORM ``Session`` has the same three members, so code that holds one may
pass it wherever a ``Work`` is asked for.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Connection


class Work(Protocol):
    """A transaction in progress: its connection, and what is noted for its commit."""

    @property
    def info(self) -> dict[Any, Any]:
        """Notes kept for the commit (the rows written as history, to be sealed)."""
        ...

    def connection(self) -> Connection:
        """The connection the transaction runs on (begun on first use)."""
        ...

    def flush(self) -> None:
        """Write what the ORM still holds, so that statements see it in order."""
        ...
