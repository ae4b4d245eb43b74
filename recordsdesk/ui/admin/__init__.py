"""This workstation's own settings (kept in QSettings, not in the database)."""
