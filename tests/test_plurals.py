"""Numbers with words after them take the catalogue's plural forms, in every language: a test
renders every plural message for 0-25 (and 45, 101, 112) and checks the form by the language's
plural rules (CLDR, through Babel), and finds numeric messages that have no plural forms."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from babel import Locale

from base.i18n import LANGUAGES, catalogue, placeholders, translate

NUMBERS = [*range(26), 45, 101, 112]
# gettext's order of the forms for each language (its Plural-Forms header).
FORM_ORDER = {"pl": ("one", "few", "many"), "uk": ("one", "few", "many"), "en": ("one", "other")}
# Placeholders that hold a number of things (the word after them must agree with it).
COUNTED = {"count", "max", "days", "hours", "months", "minutes", "people"}
# Abbreviations and units that do not change with the number.
UNCHANGED = {"min", "godz", "mies", "h", "zł", "хв", "год", "міс", "зл", "PLN", "pkt", "mo"}
# Prepositions after a number ("3 z 20 dni"): the noun that agrees comes later.
UNCHANGED |= {"z", "ze", "do", "od", "na", "w", "i", "з", "до", "від", "на", "в", "і"}
UNCHANGED |= {"of", "to", "in", "left"}  # "3 of 20 days", "3 in this hour", "(3 left)"
# A placeholder, then the next word: the word a number must agree with.
NEXT_WORD = re.compile(r"\{(\w+)\}[ \u00a0]+(\w+)")


def _plural_messages(lang: str) -> list[tuple[str, tuple[str, ...]]]:
    return [
        (m.id[0], tuple(m.string))
        for m in catalogue(lang)
        if isinstance(m.id, tuple) and isinstance(m.string, tuple)
    ]


def _counted_placeholder(forms: tuple[str, ...]) -> str:
    """The placeholder a plural message agrees with: `count`, or the one before its noun."""
    names = set().union(*(placeholders(f) for f in forms))
    if "count" in names:
        return "count"
    followed = {m.group(1) for f in forms for m in NEXT_WORD.finditer(f)} & COUNTED
    assert len(followed) == 1, forms
    return followed.pop()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_plural_message_takes_the_form_of_its_number(lang: str) -> None:
    locale = Locale.parse(lang)
    order = FORM_ORDER[lang]
    messages = _plural_messages(lang)
    assert len(messages) > 20
    for key, forms in messages:
        assert len(forms) == len(order), (lang, key)
        counted = _counted_placeholder(forms)
        others = {n: "X" for f in forms for n in placeholders(f) if n != counted}
        for number in NUMBERS:
            # The caller passes the number as a parameter only, as the code does.
            shown = translate(lang, key, {**others, counted: number})
            expected = forms[order.index(locale.plural_form(number))]
            assert shown == expected.format(**others, **{counted: number}), (lang, key, number)


def test_polish_minutes_and_days_read_right() -> None:
    assert translate("pl", "schedule.minutes", {"count": 45}) == "45 minut"
    assert translate("pl", "schedule.minutes", {"count": 22}) == "22 minuty"
    assert translate("pl", "schedule.minutes", {"count": 1}) == "1 minuta"
    assert translate("uk", "schedule.minutes", {"count": 21}) == "21 хвилина"
    assert translate("uk", "schedule.minutes", {"count": 45}) == "45 хвилин"
    assert "2 dni" in translate("pl", "staffinvite.link", {"role": "x", "days": 2})
    assert "1 dzień" in translate("pl", "staffinvite.link", {"role": "x", "days": 1})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_numeric_message_is_left_without_plural_forms(lang: str) -> None:
    """A number before a word that changes with it ("{days} dni", "{months} months") must be
    a plural message, in English too (Polish may abbreviate, "{months} mies.", English not)."""
    found = []
    for message in catalogue(lang):
        if not message.id:
            continue
        # A plural message agrees with one number; a second one before a noun has no form.
        agrees = _counted_placeholder(message.string) if isinstance(message.id, tuple) else None
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for match in NEXT_WORD.finditer("\n".join(forms)):
            name, word = match.groups()
            if name in COUNTED and name != agrees and word not in UNCHANGED:
                found.append(f"{message.id}: {match.group(0)}")
    assert found == []


def test_of_several_numbers_the_one_before_the_noun_counts() -> None:
    """The participant's number and the months: the words agree with the months, without the
    caller saying so."""
    params = {"name": "Ala", "id": 3, "months": 6}
    assert "(pytanie 6 miesięcy po zakończeniu)" in translate(
        "pl", "staff_alert.follow_up_contact", params
    )
    assert "(question 1 month after" in translate(
        "en", "staff_alert.follow_up_contact", {**params, "months": 1}
    )


@pytest.mark.parametrize(
    ("lang", "shown", "expected"),
    [
        ("pl", "1,5", "Łącznie 1,5 godziny,"),
        ("pl", "22,5", "Łącznie 22,5 godziny,"),
        ("uk", "0,5", "Разом 0,5 години,"),
        ("uk", "21,5", "Разом 21,5 години,"),
        ("en", "1.5", "1.5 hours in total,"),
        ("en", "0.5", "0.5 hours in total,"),
    ],
)
def test_a_number_with_decimals_takes_the_form_cldr_gives_decimals(
    lang: str, shown: str, expected: str
) -> None:
    # CLDR: a decimal is `other` in all three languages (which 1, 22, 21 are not); Polish and
    # Ukrainian spell it as the noun after 2-4, English as the plural (DECIMAL_FORM).
    number = float(shown.replace(",", "."))
    assert Locale.parse(lang).plural_form(Decimal(shown.replace(",", "."))) == "other"
    params = {"hours": shown, "part": "1", "percent": 66, "count": number}
    assert translate(lang, "att.share", params).startswith(expected)
    # The same message with a whole number still agrees with it.
    whole = translate(lang, "att.share", {**params, "hours": "1", "count": 1.0})
    assert whole.startswith(
        {"pl": "Łącznie 1 godzina,", "uk": "Разом 1 година,", "en": "1 hour in total,"}[lang]
    )
