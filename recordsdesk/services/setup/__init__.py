"""Setting up a new file room: the database, the first administrator, the room and its printers."""
