"""Fill Spanish translations into locale/es/LC_MESSAGES/django.po from a JSON file of
{"English msgid": "Spanish msgstr"} (plural entries: {"msgid": ["singular", "plural"]}), then
compile the catalogue. Run `make messages` first so that the msgids exist.

    .venv/bin/python scripts/fill_translations.py my-strings.json
"""

import json
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"


def main(path: str) -> int:
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    catalogue = polib.pofile(str(CATALOGUE))
    filled = 0
    for entry in catalogue:
        if entry.msgid not in translations:
            continue
        value = translations[entry.msgid]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    _complete_plural_forms(catalogue)
    catalogue.save()
    catalogue.save_as_mofile(str(CATALOGUE.with_suffix(".mo")))
    missing = sorted(set(translations) - {entry.msgid for entry in catalogue})
    print(f"filled {filled} entries; {len(catalogue.untranslated_entries())} untranslated remain")
    for msgid in missing:
        print(f"not in the catalogue (run make messages?): {msgid[:70]}")
    return 0


def _complete_plural_forms(catalogue) -> None:
    """Spanish catalogues made by recent gettext have three plural forms (one, many, other); a JSON entry gives
    two. The missing forms take the plural, or Django falls back to English for every count above one."""
    header = catalogue.metadata.get("Plural-Forms", "")
    count = int(header.split("nplurals=")[1].split(";")[0]) if "nplurals=" in header else 2
    for entry in catalogue:
        plural = entry.msgid_plural and entry.msgstr_plural.get(1)
        if plural:
            for index in range(2, count):
                if not entry.msgstr_plural.get(index):
                    entry.msgstr_plural[index] = plural


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
