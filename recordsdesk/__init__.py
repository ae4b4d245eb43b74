"""RecordsDesk: the file room desk for paper charts."""
