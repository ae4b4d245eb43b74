"""The supervisor's dashboard: the figures as Qt Charts, refreshed off the GUI thread."""
