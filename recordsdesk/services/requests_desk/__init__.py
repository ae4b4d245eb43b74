"""The requests desk and the supervisor's dashboard: the queue, arrivals, overdue, figures."""
