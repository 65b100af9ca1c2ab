"""The participant card: details, status, the sphere profile beside the staff assessment,
safety flags first, and the star chart of the latest readings."""

from __future__ import annotations

from datetime import date
from functools import partial
from zoneinfo import ZoneInfo

from base.i18n import Param, Text, has, translate
from base.ids import parse_id
from exports.chart import RadarSeries, radar_png, series_from_profile
from exports.dossier import STAFF_QUESTIONNAIRE, in_words, latest_profiles
from exports.dossier import Scored as _Scored
from exports.words import agenda_topic
from flows import flow
from flows.context import FlowContext
from flows.flow import Flow, Step
from flows.inputs import Command
from flows.later import later
from flows.reply import Button, Document, Message, Reply
from flows.schedule import card_block as schedule_block
from flows.staff import card_actions, card_profile, card_readings, enrolment, exports
from flows.staff.access import StaffActor
from flows.staff.card_profile import fit_card
from flows.staff.links import MoreSuggestions, OpenCard
from flows.staff.parsing import show_date
from questionnaires import engine
from questionnaires.bundled import questionnaire_of
from questionnaires.model import LocalizedText
from storage.repos.participant_list import ParticipantDetails
from storage.repos.participants import Participant
from storage.repos.readings import Reading

__all__ = ["STAFF_QUESTIONNAIRE", "open_card"]


async def open_card(ctx: FlowContext, staff: StaffActor, participant_id: int) -> list[Reply]:
    """The card of a participant of the staff member's club; anything else is not available."""
    lang = staff.actor.language
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    details = await ctx.tx.participant_list.details(staff.club_id, participant_id)
    if participant is None or details is None:
        # The same answer as for an unknown id: a guessed id reveals nothing about other clubs.
        return [Message((translate(lang, "access.not_available"),), language=lang)]
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "card.opened",
        club_id=staff.club_id,
        subject=f"participant:{participant.id}",
    )

    async def read(ctx: FlowContext) -> list[Reply]:
        return await _card(ctx, staff, participant, details)

    # Read after the commit, outside the write lock (flows/later.py).
    return [later(ctx, read)]


async def _card(
    ctx: FlowContext, staff: StaffActor, participant: Participant, details: ParticipantDetails
) -> list[Reply]:
    lang = staff.actor.language
    # The same readings the exported documents use (exports/dossier.py).
    profiles = await latest_profiles(ctx.tx, participant.id)
    latest, own, newest, staff_view = (
        profiles.latest,
        profiles.own,
        profiles.newest,
        profiles.staff_view,
    )

    club = await ctx.tx.clubs.get(staff.club_id)
    zone = ZoneInfo(club.timezone if club else ctx.settings.timezone)
    notes_block, actions = await card_actions.extras(ctx, staff, participant)
    first, change = await card_readings.first_change(ctx, participant.id)
    header = (
        _t(lang, "card.profile_header_change", first=card_readings.reading_date(first, zone))
        if change is not None and first is not None
        else _t(lang, "card.profile_header")
    )
    profile = [header]
    if own is None:
        profile.append(_t(lang, "card.no_self_assessment"))
    elif own.reading.status != "submitted":
        profile.append(_t(lang, "card.self_unfinished"))
    if staff_view is None:
        profile.append(_t(lang, "card.no_staff_assessment"))
    profile += card_profile.sphere_lines(lang, own, staff_view, change)
    mine, theirs = in_words(own, lang), in_words(staff_view, lang)
    suggestions = card_profile.merged_suggestions(own, staff_view)
    suggested, hidden = card_profile.suggestions_block(lang, suggestions)
    flags = _flags(newest, staff_view)
    safety = (
        "\n".join([translate(lang, "card.safety_header"), *(f"⚠ {r.get(lang)}" for r in flags)])
        if flags
        else None
    )
    blocks = [
        safety,
        "\n".join(
            [
                *await _about(ctx, lang, participant, details, latest, zone),
                *await enrolment.card_lines(ctx, lang, staff.club_id, participant.id),
            ]
        ),
        "\n".join(profile),
        card_profile.findings_block(lang, "needs", mine, theirs),
        card_profile.findings_block(lang, "strengths", mine, theirs),
        suggested,
        *await schedule_block.week_block(ctx, lang, staff.club_id, participant.id, zone),
        *_agenda_and_missing(lang, own, staff_view),
        notes_block,
        translate(lang, "card.advice"),
    ]
    exporting = exports.card_buttons(participant.id)
    # At most three suggestions per sphere on the card; "more" opens the rest, with reasons.
    more_button = Button(
        Text("card.button_more", {"count": hidden}), MoreSuggestions(participant.id).encode()
    )
    more = ((more_button,),) if hidden else ()
    buttons = (
        *more,
        *card_readings.buttons(participant.id),
        *actions,
        *enrolment.card_buttons(participant),
        *exporting,
    )
    # One message: the lists are trimmed to Telegram's limit rather than split.
    replies: list[Reply] = [Message(fit_card([b for b in blocks if b]), buttons, lang)]
    chart = _chart(lang, participant, own, staff_view)
    if chart is not None:
        replies.append(chart)
    return replies


def _flags(*scored: _Scored | None) -> list[LocalizedText]:
    """Every safety reason once: an option flag and its rule often say the same."""
    seen: set[str] = set()
    reasons: list[LocalizedText] = []
    for one in scored:
        if one is None:
            continue
        for flag in one.profile.safety_flags:
            key = flag.reason.pl
            if key not in seen:
                seen.add(key)
                reasons.append(flag.reason)
    return reasons


def _t(lang: str, key: str, **params: Param) -> str:
    return translate(lang, key, params or None)


async def _about(
    ctx: FlowContext,
    lang: str,
    participant: Participant,
    details: ParticipantDetails,
    latest: Reading | None,
    zone: ZoneInfo,
) -> list[str]:
    lines = [
        _t(lang, "card.header", name=participant.display_name, id=participant.id),
        _t(lang, "card.status", status=_t(lang, f"status.participant_{participant.status}")),
        _t(
            lang,
            "card.consent",
            consent=_t(lang, f"status.participant_consent_{participant.consent}"),
        ),
        _t(lang, "card.since", date=show_date(participant.created_at.astimezone(zone).date())),
    ]
    if latest is not None and latest.status != "submitted":
        answers = await ctx.tx.readings.answers(latest.id)
        done = engine.progress(questionnaire_of(latest), answers)
        last = show_date(latest.last_activity_at.astimezone(zone).date())
        lines.append(_t(lang, "card.in_progress", done=done.done, total=done.total, date=last))
    if participant.unreachable:
        lines.append(_t(lang, "card.unreachable"))
    if participant.deletion_requested_at is not None:
        lines.append(_t(lang, "card.deletion_requested"))
    optional = {
        "card.art12_group": _label(lang, "art12", details.art12_group),
        "card.referral_source": _label(lang, "referral", details.referral_source),
        "card.social_contract_number": details.social_contract_number,
        "card.social_contract_date": _day(details.social_contract_date),
        "card.outcome": _label(lang, "outcome", details.outcome),
        "card.left_reason": details.left_reason,
    }
    lines += [_t(lang, key, value=value) for key, value in optional.items() if value]
    return lines


def _day(stored: str | None) -> str | None:
    """A stored ISO date as the card shows dates (DD.MM.RRRR); as stored if it is not one."""
    if not stored:
        return None
    try:
        return show_date(date.fromisoformat(stored))
    except ValueError:
        return stored


def _label(lang: str, prefix: str, code: str | None) -> str | None:
    """A stored code in words when the catalogue names it, else as stored."""
    if code is None:
        return None
    key = f"{prefix}.{code}"
    return translate(lang, key) if has(lang, key) or has("pl", key) else code


def _agenda_and_missing(lang: str, own: _Scored | None, staff_view: _Scored | None) -> list[str]:
    """What the person asked to talk about, and the answers missing per sphere."""
    blocks: list[str] = []
    agenda = [
        f"• {_t(lang, f'sphere.{point.sphere}')}: {agenda_topic(point, lang)}"
        for one in (own, staff_view)
        if one is not None
        for point in one.profile.agenda
    ]
    if agenda:
        blocks.append("\n".join([_t(lang, "card.agenda_header"), *agenda]))
    if own is not None:
        missing = [
            translate(
                lang,
                "card.missing_sphere",
                {"sphere": _t(lang, f"sphere.{sphere}")},
                count=r.missing,
            )
            for sphere, r in own.profile.spheres.items()
            if r.missing
        ]
        if missing:
            blocks.append("\n".join([_t(lang, "card.missing_header"), *missing]))
    return blocks


def _chart(
    lang: str, participant: Participant, own: _Scored | None, staff_view: _Scored | None
) -> Document | None:
    """The star chart of the latest self-assessment and staff assessment, as a photo."""
    series: list[RadarSeries] = []
    for one, label in ((own, "card.chart_self"), (staff_view, "card.chart_staff")):
        if one is not None:
            series.append(series_from_profile(one.profile, _t(lang, label)))
    # A chart without a single score says nothing; the card's text already says "no data".
    if not any(value is not None for one in series for value in one.values.values()):
        return None
    title = participant.display_name
    # Drawing takes about 0.15 s: the adapter draws after the commit, off the event loop.
    return Document(
        filename=f"profile-{participant.id}.png",
        content=partial(radar_png, series, lang, title),
        caption=(_t(lang, "card.chart_caption", name=participant.display_name),),
        language=lang,
        as_photo=True,
    )


async def _command(step: Step, cmd: Command) -> list[Reply]:
    wanted = parse_id(cmd.args)
    # A malformed id gets the same answer as another club's: nothing to tell apart.
    return step.not_available() if wanted is None else await open_card(step.ctx, step.staff, wanted)


async def all_suggestions(ctx: FlowContext, staff: StaffActor, participant_id: int) -> list[Reply]:
    """Every suggested instrument of a participant of the staff member's club, with reasons."""
    lang = staff.actor.language
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    if participant is None:
        return [Message((translate(lang, "access.not_available"),), language=lang)]
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "card.suggestions",
        club_id=staff.club_id,
        subject=f"participant:{participant.id}",
    )
    pid = participant.id

    async def read(ctx: FlowContext) -> list[Reply]:
        profiles = await latest_profiles(ctx.tx, pid)
        suggestions = card_profile.merged_suggestions(profiles.own, profiles.staff_view)
        if not suggestions:
            return [Message((translate(lang, "card.suggestions_none"),), language=lang)]
        back = ((Button(Text("card.button_back"), OpenCard(pid).encode()),),)
        return [Message(card_profile.all_suggestions_text(lang, suggestions), back, lang)]

    # Read after the commit, outside the write lock, as the card is (flows/later.py).
    return [later(ctx, read)]


async def _press(step: Step, button: OpenCard | MoreSuggestions) -> list[Reply]:
    if isinstance(button, MoreSuggestions):
        return await all_suggestions(step.ctx, step.staff, button.participant)
    return await open_card(step.ctx, step.staff, button.participant)


FLOW = Flow(
    name="card",
    side="staff",
    access=flow.staff,
    commands=frozenset({"card"}),
    buttons=(OpenCard, MoreSuggestions),
    on_command=_command,
    on_press=_press,
)
