"""Short codes people type from a poster or a screen (/s/K7QM for a survey, /w/K7QM for a workshop).

Characters come from ALPHABET, which leaves out 0/O, 1/I/L and lower case: nothing anyone can misread from
paper or a projector. Codes are drawn with `secrets`, so they say nothing about each other or what they open.
Typing is read case-insensitively: codes are stored in capitals and what is typed is upper-cased.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 4


def draw(length: int = LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _index in range(length))


def normalise(typed: str) -> str:
    """What a person typed, as codes are stored."""
    return typed.strip().upper()


def is_well_formed(code: str) -> bool:
    """Whether a normalised code could have been drawn at all (anything else is not worth a query)."""
    return bool(code) and all(character in ALPHABET for character in code)
