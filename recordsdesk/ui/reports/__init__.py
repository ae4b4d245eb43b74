"""Supervisors' reports: overdue charts, a location's holdings, the audit trail."""
