"""Every language is complete and faithful in form (issue 13: nothing half-translated)."""

from __future__ import annotations

import pytest

from tests.unit.test_catalogs import TRANSLATED, _catalog, _form, _template

SHORT = 24  # a button label in a two-column row (Telegram shows about this much)
CHECKLIST_SHORT = 20


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_text_is_translated_and_none_is_fuzzy(code: str) -> None:
    catalog = _catalog(code)
    wanted = {m.id for m in _template() if m.id}
    missing = sorted(str(m.id)[:60] for m in catalog if m.id in wanted and not m.string)
    fuzzy = sorted(str(m.id)[:60] for m in catalog if m.id in wanted and m.fuzzy)
    assert not missing, f"{code}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{code}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_placeholders_tags_commands_and_numbers(code: str) -> None:
    wrong = [
        (str(m.id)[:50], _form(str(m.id)), _form(str(m.string)))
        for m in _catalog(code)
        if m.id and m.string and _form(str(m.id)) != _form(str(m.string))
    ]
    assert not wrong, f"{code}: {len(wrong)} differ in form, e.g. {wrong[:3]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_short_labels_stay_short(code: str) -> None:
    """A label that is short in English (a button) stays short enough for a button."""
    long = [
        (str(m.id), str(m.string))
        for m in _catalog(code)
        if m.id and m.string and len(str(m.id)) <= SHORT and len(str(m.string)) > SHORT + 8
    ]
    assert not long, f"{code}: labels too long for a button: {long[:5]}"
