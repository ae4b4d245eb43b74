"""The PySide6 desktop interface: windows, Qt item models and scanner input over the services."""
