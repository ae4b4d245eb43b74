"""Supervisors' reports: overdue charts, a location's holdings, missing charts, the audit trail."""
