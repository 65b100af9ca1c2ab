"""The integration benefit of a CIS for one participant and month: the amount after the trial
month's share and the deductions for days of unexcused absence, under the club's rule.

Money is whole grosz; every fraction is exact (Fraction) and rounded once, half up, to the
grosz, so the printed deduction and the amount always add up to the base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from babel.numbers import format_decimal
from pydantic import BaseModel, ConfigDict

from exports.formats import babel_locale
from storage.tx import Tx

# Club settings (club_settings table) of the rule; absent keys take the defaults below.
KEY_AMOUNT = "benefit_amount_grosz"
KEY_DENOMINATOR = "benefit_deduction_denominator"
KEY_LIMIT = "benefit_unexcused_limit_days"
KEY_TRIAL = "benefit_trial_percent"
KEY_TRIAL_RULE = "benefit_trial_rule"  # "days" (the default) or "month"
TRIAL_RULES = ("days", "month")


class BenefitRule(BaseModel):
    """A club's integration-benefit rule; the defaults are to verify against art. 15 of the
    act: 1/20 off per day of unexcused absence, nothing above 3 such days, 50 % in the trial
    month; no amount until the club sets one. A month only partly in the trial period pays
    the trial share for its trial days only (trial_by_days; off: the whole month is a trial
    month)."""

    model_config = ConfigDict(frozen=True)

    monthly_grosz: int | None = None
    deduction_denominator: int = 20
    unexcused_limit_days: int | None = 3
    trial_percent: int = 50
    trial_by_days: bool = True


def _number(stored: dict[str, str], key: str, default: int | None) -> int | None:
    text = stored.get(key)
    if text is None:
        return default
    return int(text) if text.strip().isdigit() else None


async def rule_of(tx: Tx, club_id: int) -> BenefitRule:
    """The club's rule from its settings (a hand-edited value that is not a number is off)."""
    stored = await tx.club_settings.all(club_id)
    base = BenefitRule()
    return BenefitRule(
        monthly_grosz=_number(stored, KEY_AMOUNT, None),
        deduction_denominator=max(1, _number(stored, KEY_DENOMINATOR, 20) or 20),
        unexcused_limit_days=_number(stored, KEY_LIMIT, base.unexcused_limit_days),
        trial_percent=min(100, _number(stored, KEY_TRIAL, 50) or 0),
        trial_by_days=stored.get(KEY_TRIAL_RULE, "days") != "month",
    )


async def set_rule(tx: Tx, club_id: int, rule: BenefitRule) -> None:
    """Store the club's rule ("off" for no amount or no limit)."""
    for key, value in (
        (KEY_AMOUNT, rule.monthly_grosz),
        (KEY_DENOMINATOR, rule.deduction_denominator),
        (KEY_LIMIT, rule.unexcused_limit_days),
        (KEY_TRIAL, rule.trial_percent),
    ):
        await tx.club_settings.put(club_id, key, "off" if value is None else str(value))
    await tx.club_settings.put(club_id, KEY_TRIAL_RULE, "days" if rule.trial_by_days else "month")


@dataclass(frozen=True)
class BenefitResult:
    """The month's benefit: base (after the trial share), deduction, amount due."""

    share_of_full: Fraction  # the amount due as a share of the full monthly benefit
    base_grosz: int | None
    deduction_grosz: int | None
    due_grosz: int | None
    lost: bool  # more unexcused days than the rule allows: nothing for the month


_AMOUNT = re.compile(r"^\d{1,7}(?:[.,]\d{1,2})?$")


def parse_amount(value: str) -> int | None:
    """'1694,30', '1 694.3' or '1694' złoty as grosz; None when it is not such an amount."""
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if not _AMOUNT.match(text):
        return None
    whole, _, part = text.replace(",", ".").partition(".")
    return int(whole) * 100 + int((part + "00")[:2])


def round_grosz(value: Fraction) -> int:
    """Half up to the whole grosz (amounts are never negative)."""
    return int(value + Fraction(1, 2))


def trial_share(rule: BenefitRule, trial_days: int, programme_days: int) -> Fraction:
    """How much of the month counts as trial: its trial days among its days in the programme
    (under the whole-month rule, all of it once one day is a trial day)."""
    if trial_days <= 0 or programme_days <= 0:
        return Fraction(0)
    if not rule.trial_by_days:
        return Fraction(1)
    return Fraction(min(trial_days, programme_days), programme_days)


def benefit_for_month(rule: BenefitRule, unexcused_days: int, trial: Fraction) -> BenefitResult:
    """The benefit for a month with this many days of unexcused absence, of which the share
    trial was in the trial period (trial_share): those days pay the trial percentage."""
    share = 1 - trial * (1 - Fraction(rule.trial_percent, 100))
    lost = rule.unexcused_limit_days is not None and unexcused_days > rule.unexcused_limit_days
    cut = min(Fraction(unexcused_days, rule.deduction_denominator), Fraction(1))
    due_share = Fraction(0) if lost else share * (1 - cut)
    if rule.monthly_grosz is None:
        return BenefitResult(due_share, None, None, None, lost)
    base = round_grosz(rule.monthly_grosz * share)
    deduction = base if lost else round_grosz(base * cut)
    return BenefitResult(due_share, base, deduction, base - deduction, lost)


def show_money(grosz: int | None, lang: str) -> str:
    """An amount in złoty with grosz, in the language's separators: "1 694,30" (pl)."""
    if grosz is None:
        return ""
    return format_decimal(Decimal(grosz) / 100, "#,##0.00", locale=babel_locale(lang))


def show_share(share: Fraction, lang: str) -> str:
    """A share in percent with up to two decimals: "47,5 %" (pl)."""
    value = Decimal(share.numerator * 100) / Decimal(share.denominator)
    number = format_decimal(round(value, 2), "#,##0.##", locale=babel_locale(lang))
    return f"{number}\u00a0%"
