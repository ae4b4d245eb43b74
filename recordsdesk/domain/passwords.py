"""The password policy: long enough, not the user's name, and hard to guess by zxcvbn's estimate.

The strength estimate is zxcvbn's (Dropbox's estimator, maintained as the `zxcvbn` package):
dictionaries of common passwords, names and words, keyboard patterns, dates, l33t and
repetition, with the user's own words (their name, the site's name, hospital words) as
context, so that ``Hospital2024`` or ``cleo-records1`` count as guessable.
"""

from __future__ import annotations

from collections.abc import Iterable

from zxcvbn import zxcvbn  # type: ignore[import-untyped]

from recordsdesk.domain.errors import InvalidInput

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
# zxcvbn's score: 3 is "safely unguessable" (about 10^8 guesses or more).
MIN_SCORE = 3
# Only the first characters are estimated: the estimator's cost grows with the length.
_ESTIMATED = 100
# Words anyone guessing a hospital's passwords tries first.
HOSPITAL_WORDS = (
    "hospital",
    "clinic",
    "health",
    "medical",
    "records",
    "record",
    "recordsdesk",
    "chart",
    "charts",
    "patient",
    "patients",
    "nurse",
    "doctor",
    "ward",
    "file",
    "room",
    "fileroom",
    "desk",
    "clerk",
    "supervisor",
    "admin",
    "cardiology",
    "radiology",
    "oncology",
    "orthopaedics",
    "orthopedics",
    "paediatrics",
    "pediatrics",
    "surgery",
    "emergency",
    "pharmacy",
    "nursing",
    "maternity",
    "outpatients",
    "welcome",
    "summer",
    "winter",
    "spring",
    "autumn",
)


def _context(username: str, extra: Iterable[str]) -> list[str]:
    words = [username, *HOSPITAL_WORDS]
    for text in extra:
        words.append(text)
        words.extend(part for part in text.replace(",", " ").split() if len(part) >= 3)
    return [w.lower() for w in words if w]


def check_password(password: str, username: str, context: Iterable[str] = ()) -> None:
    """Refuse a password the policy forbids; the message says what is wrong with it.

    ``context``: more words the password must not lean on (the user's full name, the site's
    file-room name).
    """
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
    estimate = zxcvbn(password[:_ESTIMATED], user_inputs=_context(name, context))
    if int(estimate["score"]) < MIN_SCORE:
        warning = str(estimate["feedback"].get("warning") or "").strip()
        reason = f" ({warning.rstrip('.')})" if warning else ""
        raise InvalidInput(
            f"That password would be guessed too soon{reason}: choose a longer one, "
            "e.g. a few unrelated words."
        )
