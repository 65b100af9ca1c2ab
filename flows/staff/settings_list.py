"""The club settings a leader changes in the bot (/settings): the club rules of
storage/club_rules.py, the CIS benefit rule (exports/benefit.py), the supervision
thresholds (exports/supervision.py) and the reminder and digest hours, each with its
current value in words, a check of what is typed, and a way back to its default."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from exports import benefit, supervision
from exports.benefit import parse_amount, show_money
from exports.words import label, translator
from flows.staff import settings_reminders
from storage import club_rules
from storage.club_rules import ART12_DEFAULT, CLUB_OBLIGATIONS, RuleError
from storage.repos.clubs import Club
from storage.tx import Tx

Section = Literal["programme", "privacy", "messages", "benefit", "supervision", "reminders"]
SECTIONS: tuple[Section, ...] = (
    "programme",
    "privacy",
    "messages",
    "benefit",
    "supervision",
    "reminders",
)
NONE = "-"  # typed for "none" or "off" where a setting allows it


@dataclass(frozen=True)
class Setting:
    """One setting: its code in buttons and message keys (`settings.name.<code>`,
    `settings.hint.<code>`), its stored key, and how a typed value is checked."""

    code: str
    key: str
    section: Section
    low: int = 0  # whole numbers from low to high (benefit and supervision settings)
    high: int = 0
    can_be_off: bool = False  # NONE is accepted
    choices: tuple[str, ...] = ()  # chosen with buttons instead of typed
    codes: tuple[str, ...] = ()  # several ticked with buttons (their words: prefix.code)
    prefix: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("programme_months", "programme_months", "programme", can_be_off=True),
    Setting("trial_months", "trial_months", "programme"),
    Setting("max_extension_months", "max_extension_months", "programme", can_be_off=True),
    Setting("follow_up_months", "follow_up_months", "programme"),
    Setting("follow_up_remind_days", "follow_up_remind_days", "programme"),
    Setting(
        "ops_signs_social_contract", "ops_signs_social_contract", "programme", choices=("yes", "no")
    ),
    Setting("art12_groups", "art12_groups", "programme", codes=ART12_DEFAULT, prefix="art12"),
    Setting(
        "club_obligations",
        "club_obligations",
        "programme",
        codes=CLUB_OBLIGATIONS,
        prefix="obligation",
    ),
    Setting("certificate_basis", "certificate_basis", "programme"),
    Setting("retention_months", "retention_months", "privacy"),
    Setting("network_min_count", "network_min_count", "privacy"),
    Setting("message_signature", "message_signature", "messages", choices=club_rules.SIGNATURES),
    Setting("messages_per_hour", "messages_per_hour", "messages"),
    Setting("benefit_amount", benefit.KEY_AMOUNT, "benefit", can_be_off=True),
    Setting("benefit_denominator", benefit.KEY_DENOMINATOR, "benefit", 1, 31),
    Setting("benefit_limit", benefit.KEY_LIMIT, "benefit", 0, 31, can_be_off=True),
    Setting("benefit_trial_percent", benefit.KEY_TRIAL, "benefit", 0, 100),
    Setting("benefit_trial_rule", benefit.KEY_TRIAL_RULE, "benefit", choices=("days", "month")),
    Setting("plan_days", supervision.KEY_PLAN_DAYS, "supervision", 1, 365),
    Setting("quiet_days", supervision.KEY_QUIET_DAYS, "supervision", 1, 365),
    *(
        Setting(code, code, "reminders", low, high, can_be_off=True)
        for code, (low, high, _) in settings_reminders.RANGES.items()
    ),
)
BY_CODE = {s.code: s for s in SETTINGS}


def of_club(club: Club) -> tuple[Setting, ...]:
    """The settings that apply to the club: the integration benefit is paid by a CIS only."""
    return tuple(s for s in SETTINGS if s.section != "benefit" or club.kind == "CIS")


def find(club: Club, code: str) -> Setting | None:
    """The setting of that code when it applies to the club (a button may be forged or old)."""
    setting = BY_CODE.get(code)
    return setting if setting is not None and setting in of_club(club) else None


async def current_values(tx: Tx, club: Club, lang: str) -> dict[str, str]:
    """Every setting's current value in words, by code."""
    tr = translator(lang)

    def t(_: str, key: str, **params: str) -> str:
        return tr(key, **params)

    rules = await club_rules.rules_of(tx, club.id)
    rule = await benefit.rule_of(tx, club.id)
    stored = await tx.club_settings.all(club.id)

    def months(value: int | None) -> str:
        return t(lang, "settings.none") if value is None else str(value)

    def days(key: str, default: int) -> str:
        text = stored.get(key, "")
        return text if text.isdigit() and 1 <= int(text) <= 365 else str(default)

    return {
        "programme_months": months(rules.programme_months),
        "trial_months": str(rules.trial_months),
        "max_extension_months": months(rules.max_extension_months),
        "follow_up_months": ", ".join(str(m) for m in rules.follow_up_months),
        "follow_up_remind_days": str(rules.follow_up_remind_days),
        "ops_signs_social_contract": t(
            lang, "settings.choice.yes" if rules.ops_signs_social_contract else "settings.choice.no"
        ),
        "art12_groups": "; ".join(label(lang, "art12", c) for c in rules.art12_groups),
        "club_obligations": "; ".join(label(lang, "obligation", c) for c in rules.club_obligations),
        "certificate_basis": rules.certificate_basis,
        "retention_months": str(rules.retention_months),
        "network_min_count": str(rules.network_min_count),
        "message_signature": t(lang, f"settings.choice.{rules.message_signature}"),
        "messages_per_hour": str(rules.messages_per_hour),
        "benefit_amount": (
            t(lang, "settings.money", amount=show_money(rule.monthly_grosz, lang))
            if rule.monthly_grosz is not None
            else t(lang, "settings.none")
        ),
        "benefit_denominator": f"1/{rule.deduction_denominator}",
        "benefit_limit": months(rule.unexcused_limit_days),
        "benefit_trial_percent": f"{rule.trial_percent}%",
        "benefit_trial_rule": t(
            lang, "settings.choice.days" if rule.trial_by_days else "settings.choice.month"
        ),
        "plan_days": days(supervision.KEY_PLAN_DAYS, supervision.PLAN_AFTER_DAYS),
        "quiet_days": days(supervision.KEY_QUIET_DAYS, supervision.QUIET_AFTER_DAYS),
        **await settings_reminders.values(tx, club, t(lang, "settings.off")),
    }


def _stored(setting: Setting, typed: str) -> str | None:
    """The text to store for a benefit or supervision setting; None when it is not valid."""
    text = typed.strip()
    if setting.can_be_off and text == NONE:
        return "off"
    if setting.code == "benefit_amount":
        grosz = parse_amount(text)
        return None if grosz is None else str(grosz)
    if text.isdigit() and setting.low <= int(text) <= setting.high:
        return str(int(text))
    return None


async def ticked(tx: Tx, club: Club, setting: Setting) -> tuple[str, ...]:
    """The codes a code-list setting holds now."""
    rules = await club_rules.rules_of(tx, club.id)
    return rules.art12_groups if setting.code == "art12_groups" else rules.club_obligations


async def change(
    tx: Tx,
    club: Club,
    setting: Setting,
    typed: str | None,
    *,
    now: datetime,
    default_language: str,
) -> str | None:
    """Store a typed (or chosen) value after checking it, or with None return the setting to
    its documented default; the stored value ("default" for that), None when not valid."""
    if setting.section == "reminders":
        return await settings_reminders.change(tx, club, setting.code, typed, now, default_language)
    if typed is None:
        await tx.club_settings.put(club.id, setting.key, None)
        return "default"
    if setting.choices:
        if typed not in setting.choices:
            return None
        if setting.code == "benefit_trial_rule":
            await tx.club_settings.put(club.id, setting.key, typed)
            return typed
    if setting.key in club_rules.KEYS:
        if setting.can_be_off and typed.strip() == NONE:
            typed = ""  # an empty programme length or extension is "none"
        elif not typed.strip():
            return None  # empty would mean "default": that has its own button
        try:
            await club_rules.change(tx, club.id, club.kind, setting.key, typed)
        except RuleError:
            return None
        return (await tx.club_settings.all(club.id)).get(setting.key, "default")
    value = _stored(setting, typed)
    if value is not None:
        await tx.club_settings.put(club.id, setting.key, value)
    return value
