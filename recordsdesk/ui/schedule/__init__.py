"""Importing the appointment schedule from the application: progress, cancel, a report."""
