"""The Requests page: the queue of pending requests, STAT first, filled by scanning."""
