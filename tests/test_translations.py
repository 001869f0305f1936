"""The English catalogue is complete and compiled: every Italian message has
its English translation, and gettext returns it (so the .mo is current)."""

import ast
from pathlib import Path

import pytest
from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"


def _entries() -> list[dict[str, object]]:
    """A small PO reader: msgctxt, msgid, msgid_plural, msgstr / msgstr[n], flags."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] = {}
    key = ""
    for raw in [*PO.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if "msgid" in current:
                entries.append(current)
            current, key = {}, ""
        elif line.startswith("#,"):
            current["flags"] = line[2:].strip()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] = str(current[key]) + ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            current[key] = ast.literal_eval(value)
    return [e for e in entries if e["msgid"]]


ENTRIES = _entries()


def test_the_catalogue_has_the_project_messages():
    assert len(ENTRIES) > 300


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated = [
        e["msgid"]
        for e in ENTRIES
        if not all(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    fuzzy = [e["msgid"] for e in ENTRIES if "fuzzy" in str(e.get("flags", ""))]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["en"])
def test_gettext_returns_the_compiled_translation(language):
    with translation.override(language):
        for entry in ENTRIES:
            msgid, context = str(entry["msgid"]), entry.get("msgctxt")
            if "msgid_plural" in entry:
                plural = str(entry["msgid_plural"])
                got = (
                    translation.npgettext(str(context), msgid, plural, 1)
                    if context
                    else translation.ngettext(msgid, plural, 1)
                )
                assert got == entry["msgstr[0]"], msgid
            else:
                got = (
                    translation.pgettext(str(context), msgid)
                    if context
                    else translation.gettext(msgid)
                )
                assert got == entry["msgstr"], msgid
