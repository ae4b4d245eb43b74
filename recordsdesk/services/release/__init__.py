"""Release of information: requests for copies logged, checked, released and accounted for."""
