"""Where records live: SQLAlchemy models, engines, migrations and the unit of work."""
