"""Club settings for the legal details PRACTICE.md marks "verify", with documented defaults.

The defaults follow the social employment act (ustawa o zatrudnieniu socjalnym, consolidated
text Dz.U. 2025 poz. 83) as summed up in PRACTICE.md; none of them was checked against the
current text, so each club can change them (`kisbot club settings ID --set KEY=VALUE`) and
kisbot never hard-codes them. Values are stored as text in club_settings; this module parses
them and refuses anything else with the setting's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from base.clean import clean_line
from storage.repos.clubs import ClubKind
from storage.tx import Tx

# Art. 1(2) groups in the act's current wording (labels in the catalogues, `art12.<code>`);
# the list itself is a setting, since the wording has changed over the years.
ART12_DEFAULT = (
    "homeless",
    "alcohol",
    "drugs",
    "mental",
    "unemployed",
    "prison",
    "refugee",
    "disabled",
    "other",
)
# What the club provides during the programme (catalogue `obligation.<code>`).
CLUB_OBLIGATIONS = (
    "benefit",
    "insurance",
    "meal",
    "safety_training",
    "medical_check",
    "counselling",
    "workshops",
)
_OBLIGATIONS_DEFAULT: dict[ClubKind, tuple[str, ...]] = {
    "CIS": ("benefit", "insurance", "meal", "safety_training", "medical_check"),
    "KIS": ("counselling", "workshops", "safety_training"),
}


@dataclass(frozen=True)
class ClubRules:
    """One club's legal settings after defaults."""

    art12_groups: tuple[str, ...]
    programme_months: int | None
    trial_months: int
    max_extension_months: int | None
    follow_up_months: tuple[int, ...]
    ops_signs_social_contract: bool
    club_obligations: tuple[str, ...]
    certificate_basis: str
    retention_months: int = 60
    network_min_count: int = 5
    follow_up_remind_days: int = 14
    message_signature: str = "first_name_and_role"
    messages_per_hour: int = 10


def defaults(kind: ClubKind) -> dict[str, str]:
    """The documented default of every setting, as stored text, for a club of this kind."""
    cis = kind == "CIS"
    return {
        # A CIS runs up to 11 months with a trial month, extendable by up to 6; a KIS has no
        # statutory length (PRACTICE.md, verify).
        "programme_months": "11" if cis else "",
        "trial_months": "1" if cis else "0",
        "max_extension_months": "6" if cis else "",
        # Evaluation looks about 3 and 6 months after the end (verify the guideline).
        "follow_up_months": "3,6",
        # The OPS representative signs a plan agreed under a social contract (verify).
        "ops_signs_social_contract": "yes",
        "art12_groups": ",".join(ART12_DEFAULT),
        "club_obligations": ",".join(_OBLIGATIONS_DEFAULT[kind]),
        "certificate_basis": (
            "ustawa z dnia 13 czerwca 2003 r. o zatrudnieniu socjalnym (Dz.U. 2025 poz. 83)"
        ),
        # Months after a participant's end before they are anonymised (GDPR art. 5(1)(e)).
        # Five years covers the usual keeping period of EU-funded project files (verify the
        # club's own programme agreement and archive rules).
        "retention_months": "60",
        # A network's report shows a count of people below this as "<N" (and withholds the
        # averages and shares of so few), so no person can be picked out; the strictest of a
        # network's clubs applies. Five follows common statistical disclosure practice.
        "network_min_count": "5",
        # Days a follow-up question may go unanswered before the responsible staff are told,
        # so they can phone (a working habit, not in the act).
        "follow_up_remind_days": "14",
        # How a staff member's answer is signed for the participant: never their Telegram
        # account; their first name, their role, or both (clubs differ on first names).
        "message_signature": "first_name_and_role",
        # Messages per participant and hour, each direction (flows/messages/thread.py): enough
        # for a conversation, not for a flood that buries the club's other alerts (a
        # participant's typing loop, a staff member's mistake). A working habit, not in the act.
        "messages_per_hour": "10",
    }


KEYS = tuple(defaults("KIS"))


class RuleError(ValueError):
    """A setting's value is not valid; the message names the setting."""


def _months(key: str, text: str, *, empty: bool) -> int | None:
    if not text.strip():
        if empty:
            return None
        raise RuleError(f"{key}: a number of months is needed")
    if not text.strip().isdigit() or not 0 <= int(text) <= 60:
        raise RuleError(f"{key}: a whole number of months from 0 to 60, or empty for none")
    return int(text)


def _codes(key: str, text: str, allowed: tuple[str, ...] | None) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))
    if not codes:
        raise RuleError(f"{key}: at least one code is needed")
    if allowed is not None:
        unknown = [c for c in codes if c not in allowed]
        if unknown:
            raise RuleError(f"{key}: unknown {', '.join(unknown)}; known: {', '.join(allowed)}")
    return codes


def parse(kind: ClubKind, stored: dict[str, str]) -> ClubRules:
    """The club's rules from its stored settings over the defaults; RuleError names a bad one."""
    values = {**defaults(kind), **stored}
    follow = _codes("follow_up_months", values["follow_up_months"], None)
    if not all(m.isdigit() and 1 <= int(m) <= 36 for m in follow):
        raise RuleError("follow_up_months: months after the end from 1 to 36, e.g. 3,6")
    signs = values["ops_signs_social_contract"].strip().lower()
    if signs not in ("yes", "no"):
        raise RuleError("ops_signs_social_contract: yes or no")
    trial = _months("trial_months", values["trial_months"], empty=False)
    return ClubRules(
        art12_groups=_codes("art12_groups", values["art12_groups"], ART12_DEFAULT),
        programme_months=_months("programme_months", values["programme_months"], empty=True),
        trial_months=trial or 0,
        max_extension_months=_months(
            "max_extension_months", values["max_extension_months"], empty=True
        ),
        follow_up_months=tuple(sorted(int(m) for m in follow)),
        ops_signs_social_contract=signs == "yes",
        club_obligations=_codes("club_obligations", values["club_obligations"], CLUB_OBLIGATIONS),
        certificate_basis=values["certificate_basis"].strip()[:300],
        retention_months=_retention(values["retention_months"]),
        network_min_count=_whole("network_min_count", values["network_min_count"], 3, 50),
        follow_up_remind_days=_whole(
            "follow_up_remind_days", values["follow_up_remind_days"], 1, 90
        ),
        message_signature=_one_of("message_signature", values["message_signature"], SIGNATURES),
        messages_per_hour=_whole(
            "messages_per_hour", values["messages_per_hour"], *MESSAGES_PER_HOUR
        ),
    )


def _whole(key: str, text: str, low: int, high: int) -> int:
    if not (text.strip().isdigit() and low <= int(text) <= high):
        raise RuleError(f"{key}: a whole number from {low} to {high}")
    return int(text)


SIGNATURES = ("first_name_and_role", "first_name", "role")
# Bounds of messages_per_hour: at least one message must get through; above 30 an hour (one
# every two minutes, each way) the limit would no longer stop a flood.
MESSAGES_PER_HOUR = (1, 30)


def _one_of(key: str, text: str, allowed: tuple[str, ...]) -> str:
    value = text.strip().lower()
    if value not in allowed:
        raise RuleError(f"{key}: one of {', '.join(allowed)}")
    return value


def _retention(text: str) -> int:
    if not (text.strip().isdigit() and 1 <= int(text) <= 240):
        raise RuleError("retention_months: a whole number of months from 1 to 240")
    return int(text)


async def rules_of(tx: Tx, club_id: int) -> ClubRules:
    """The club's rules; a stored value that no longer parses falls back to the defaults (the
    CLI refuses bad values, so this only guards against a hand-edited database)."""
    club = await tx.clubs.get(club_id)
    kind: ClubKind = club.kind if club else "KIS"
    stored = await tx.club_settings.all(club_id)
    try:
        return parse(kind, stored)
    except RuleError:
        return parse(kind, {})


async def change(tx: Tx, club_id: int, kind: ClubKind, key: str, value: str) -> ClubRules:
    """Store one setting after checking it (an empty value returns it to the default)."""
    if key not in KEYS:
        raise RuleError(f"{key}: unknown setting; known: {', '.join(KEYS)}")
    stored = await tx.club_settings.all(club_id)
    if value.strip() == "" and key not in ("programme_months", "max_extension_months"):
        stored.pop(key, None)
        await tx.club_settings.put(club_id, key, None)
        return parse(kind, stored)
    value = clean_line(value)  # the certificate's legal basis is printed for others to read
    rules = parse(kind, {**stored, key: value})
    await tx.club_settings.put(club_id, key, value)
    return rules
