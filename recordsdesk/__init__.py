"""RecordsDesk: the file room desk for paper charts."""

__version__ = "0.1.0"
