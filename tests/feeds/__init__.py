"""Tests of the schedule feeds: HL7 SIU and CSV files read into appointment events."""
