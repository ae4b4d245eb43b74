"""The PySide6 desktop interface: windows, Qt item models and scanner input over the services."""

from recordsdesk.ui.pyside_guard import guard_singletons

# PySide6 6.12 on Python 3.11 drops a reference to None, True or False on many calls and the
# interpreter aborts after some thousands of them; every process that uses the interface is
# guarded as soon as it imports it (see pyside_guard).
guard_singletons()
