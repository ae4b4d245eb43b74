"""Retention: rules, retirement candidates, off-site boxes, legal holds and destruction."""
