"""Release-of-information service tests."""
