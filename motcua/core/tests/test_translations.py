"""Vietnamese is the default language: every catalogue entry must be translated, none left fuzzy."""

from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = [
    *sorted(Path(settings.BASE_DIR).glob("motcua/**/locale/vi/LC_MESSAGES/django.po")),
    Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po",
]


def _entries(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) per entry, read with the plain .po grammar (no extra dependency)."""
    entries: list[tuple[str, str, bool]] = []
    msgid: list[str] = []
    msgstr: list[str] = []
    fuzzy = False
    current: list[str] | None = None
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        if not line.strip():
            if msgid or msgstr:
                entries.append(("".join(msgid), "".join(msgstr), fuzzy))
            msgid, msgstr, fuzzy, current = [], [], False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            current = msgid
            msgid.append(line[6:].strip('"'))
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            current = msgstr
            msgstr.append(line.split(" ", 1)[1].strip('"'))
        elif line.startswith("msgid_plural") or line.startswith("msgstr["):
            current = None
        elif line.startswith('"') and current is not None:
            current.append(line.strip('"'))
    return [e for e in entries if e[0]]


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_string_has_a_vietnamese_translation(catalogue):
    entries = _entries(catalogue)
    assert entries
    assert [m for m, s, _ in entries if not s] == []
    assert [m for m, _, fuzzy in entries if fuzzy] == []
