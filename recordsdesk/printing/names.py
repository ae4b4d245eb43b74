"""How a patient's name is shortened to fit a label: the same rule on every stock.

The family name and the first given name identify the patient and are always kept. A name too
long for its room is shortened as a clerk would write it: first on two lines where the label has
room for them, then with initials for the further given names, then with an ellipsis in the
family name (keeping at least its first four letters), then with the first given name as its
initial, and only when nothing else fits, an ellipsis at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from recordsdesk.printing.fonts import ELLIPSIS, prepare_text

# A family name is never cut shorter than this many characters before its ellipsis.
_FAMILY_KEEP = 4


@dataclass(frozen=True)
class PatientName:
    """A name as printed: "FAMILY, Given Further", split into its parts."""

    family: str
    given: tuple[str, ...]

    @classmethod
    def parse(cls, name: str) -> PatientName:
        """Split "FAMILY, Given Names" at its first comma (no comma: all of it is the family)."""
        family, _, given = prepare_text(name).partition(",")
        return cls(family.strip(), tuple(given.split()))

    def written(self, given: Sequence[str] | None = None, family: str | None = None) -> str:
        """The name on one line, with these given names (default: all) and family name."""
        given = self.given if given is None else given
        family = self.family if family is None else family
        return f"{family}, {' '.join(given)}" if given else family

    def with_initials(self) -> tuple[str, ...]:
        """The first given name whole, the further ones as initials ("Hubert B. W.")."""
        if len(self.given) < 2:
            return self.given
        return (self.given[0], *(_initial(part) for part in self.given[1:]))


def _initial(part: str) -> str:
    """A given name's initial: its first letter with a full stop ("Jean-Luc" -> "J.-L.")."""
    pieces = [piece for piece in part.split("-") if piece]
    return "-".join(piece[0] + "." for piece in pieces) if pieces else part


@dataclass(frozen=True)
class FittedName:
    """The name as it will print: one or two lines, and whether anything was left out."""

    lines: tuple[str, ...]
    shortened: bool


def shorten_name(
    name: str,
    fits: Callable[[str], bool],
    fits_two: Callable[[str, str], bool] | None = None,
) -> FittedName:
    """The fullest form of name that fits.

    fits(line) says whether one line fits the name's room; fits_two(first, second), given on
    stocks with room for two lines, whether the family name over the given names does.
    """
    parsed = PatientName.parse(name)
    full = parsed.written()
    if fits(full):
        return FittedName((full,), shortened=False)
    family_line = parsed.family + ("," if parsed.given else "")
    if fits_two is not None and parsed.given and fits_two(family_line, " ".join(parsed.given)):
        return FittedName((family_line, " ".join(parsed.given)), shortened=False)
    initials = parsed.with_initials()
    if initials != parsed.given:
        if fits(parsed.written(initials)):
            return FittedName((parsed.written(initials),), shortened=True)
        if fits_two is not None and fits_two(family_line, " ".join(initials)):
            return FittedName((family_line, " ".join(initials)), shortened=True)
    # The first given name whole, else its initial: either way the patient is still told apart
    # from a relative sharing the family name.
    first_initial = tuple(_initial(part) for part in parsed.given[:1])
    for given in dict.fromkeys((initials, parsed.given[:1], first_initial)):
        family = _cut_family(parsed, given, fits)
        if family is not None:
            return FittedName((parsed.written(given, family),), shortened=True)
    return FittedName((_cut_end(parsed.written(parsed.given[:1]), fits),), shortened=True)


def _cut_family(
    parsed: PatientName, given: Sequence[str], fits: Callable[[str], bool]
) -> str | None:
    """The longest family name with an ellipsis that fits beside these given names, or None."""
    best = None
    low, high = _FAMILY_KEEP, len(parsed.family) - 1
    while low <= high:
        middle = (low + high) // 2
        family = parsed.family[:middle].rstrip(" -") + ELLIPSIS
        if fits(parsed.written(given, family)):
            best, low = family, middle + 1
        else:
            high = middle - 1
    return best


def _cut_end(text: str, fits: Callable[[str], bool]) -> str:
    """The longest start of text with an ellipsis that fits (the last resort)."""
    low, high, best = 1, len(text), ""
    while low <= high:
        middle = (low + high) // 2
        candidate = text[:middle].rstrip(" ,-") + ELLIPSIS
        if fits(candidate):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


# Measures how large (in any unit) a text can be set to fit its room, capped at a ceiling.
Largest = Callable[[str, float], float]


@dataclass(frozen=True)
class SizedName:
    """The fitted name and the size its lines are set in."""

    lines: tuple[str, ...]
    size: float
    shortened: bool


def fit_name(
    name: str,
    largest: Largest,
    size: float,
    two_line_size: float | None,
    floor: float,
    comfort: float = 0.7,
) -> SizedName:
    """The name set as large as its room allows: whole on one line at a comfortable size
    (comfort x size), else whole on two lines (where two_line_size is given) at theirs, else by
    shorten_name at no less than floor, which is the same on every stock, so that a larger
    stock never shortens a name that a smaller one prints whole."""

    def one_at(least: float) -> Callable[[str], bool]:
        return lambda text: largest(text, size) >= least

    def two_at(least: float) -> Callable[[str, str], bool] | None:
        if two_line_size is None:
            return None
        half = two_line_size
        return lambda a, b: min(largest(a, half), largest(b, half)) >= least

    def sized(fitted: FittedName) -> SizedName:
        if len(fitted.lines) == 1:
            chosen = largest(fitted.lines[0], size)
        else:
            half = two_line_size or size
            chosen = min(largest(line, half) for line in fitted.lines)
        return SizedName(fitted.lines, max(floor, chosen), fitted.shortened)

    comfortable = shorten_name(name, one_at(max(floor, size * comfort)))
    if not comfortable.shortened:
        return sized(comfortable)
    if two_line_size is not None:
        both = shorten_name(name, lambda _text: False, two_at(max(floor, two_line_size * comfort)))
        if not both.shortened:
            return sized(both)
    return sized(shorten_name(name, one_at(floor), two_at(floor)))
