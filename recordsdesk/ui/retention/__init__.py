"""The retention page: retirement candidates, off-site boxes, legal holds and destruction."""
