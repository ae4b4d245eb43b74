"""The password policy: long enough, not the user's name, not one anyone would guess first."""

from __future__ import annotations

from recordsdesk.domain.errors import InvalidInput

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
# The passwords tried first by anyone guessing; each is refused whatever its length.
COMMON_PASSWORDS = frozenset(
    {
        "password",
        "password1",
        "password123",
        "password1234",
        "passw0rd",
        "p@ssw0rd",
        "123456789",
        "1234567890",
        "12345678910",
        "qwertyuiop",
        "qwerty123",
        "qwerty1234",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "iloveyou123",
        "letmein123",
        "welcome123",
        "welcome1234",
        "changeme123",
        "administrator",
        "admin12345",
        "hospital123",
        "trustno1234",
        "abcdefghij",
        "aaaaaaaaaa",
        "0000000000",
        "1111111111",
    }
)


def check_password(password: str, username: str) -> None:
    """Refuse a password the policy forbids; the message says what is wrong with it."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"A password needs at least {MIN_PASSWORD} characters (this one has {len(password)})."
        )
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"A password has at most {MAX_PASSWORD} characters.")
    lowered = password.lower()
    name = username.strip().lower()
    if name and (lowered == name or (len(name) >= 3 and name in lowered)):
        raise InvalidInput("A password must not contain the user name.")
    if lowered in COMMON_PASSWORDS or len(set(lowered)) <= 2:
        raise InvalidInput("That password is one of the first anyone would guess: choose another.")
