"""Tests of the desktop interface, driven with pytest-qt."""
