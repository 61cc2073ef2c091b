"""Alphabetical order per language, from the alphabet in languages.yaml.

Finnish files å, ä and ö after z (an Ä word is not filed under A), and w as its own
letter after v, as in the Unicode CLDR standard Finnish collation.
"""

from __future__ import annotations

import unicodedata

from handbook.model import Language


def _base_letter(char: str, alphabet: str) -> str:
    if char in alphabet:
        return char
    stripped = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return stripped


def sort_key(text: str, language: Language) -> tuple[tuple[int, str], ...]:
    """A key that orders texts as the language's alphabet does, ignoring case."""
    alphabet = language.alphabet
    key = []
    for char in text.casefold():
        for base in _base_letter(char, alphabet):
            position = alphabet.find(base)
            # Letters rank by the alphabet; anything else (digits, spaces, hyphens)
            # before all letters, by its code point, so that "työ" < "työkokeilu".
            key.append(
                (position + 1000, base) if position >= 0 else (ord(base) if base.isdigit() else 0, base)
            )
    return tuple(key)


def initial(text: str, language: Language) -> str:
    """The index letter a text is filed under, upper-case ("Ä" for "äidinkieli")."""
    for char in text.casefold():
        base = _base_letter(char, language.alphabet)[:1]
        if base and base in language.alphabet:
            return base.upper()
        if base.isdigit():
            return "#"
    return "#"
