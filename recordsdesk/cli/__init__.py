"""The command line: the same services for scripts and schedulers, a stable public contract."""
