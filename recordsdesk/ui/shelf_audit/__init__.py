"""The shelf audit screen: a run of shelf scanned in order, checked for misfiles and the ledger."""
