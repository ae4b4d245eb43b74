"""Who is acting: command-line sessions, service tokens, workstations, sign-in lockouts."""
