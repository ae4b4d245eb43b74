"""The first-run wizard: a new workstation or file room set up from the window."""
