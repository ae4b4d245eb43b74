"""Print preview, the system print dialog, and saving documents the services make."""
