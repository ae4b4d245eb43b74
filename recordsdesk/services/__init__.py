"""Use cases: each action opens one unit of work, checks permissions, returns plain data."""
