"""The enrolment and the case around it, from the card: the enrolments over the years, the
formal details of the current one (typed field by field), the art. 1(2) groups, the people
around the case, a new enrolment for someone who comes back, the completion certificate of a
graduate and a follow-up staff made by phone."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Literal

from base.clean import clean_line
from base.i18n import LANGUAGES, Param, Text, has, translate
from exports.certificate import NotGraduated, build_certificate
from exports.render import certificate_bytes
from flows import flow
from flows.context import FlowContext
from flows.flow import ClubState, Flow, Step
from flows.follow_up import months_after
from flows.quiet_hours import next_allowed
from flows.reply import Button, Document, EditPressed, Keyboard, Message, Reply
from flows.staff.access import StaffActor
from flows.staff.links import EnrolmentPress
from flows.staff.parsing import club_today, hint_examples, parse_date, show_date
from questionnaires import engine
from questionnaires.bundled import current_participant_questionnaire
from storage.club_rules import rules_of
from storage.repos.enrolments import BASIS_KINDS, DetailField, Enrolment
from storage.repos.exports import exports_of
from storage.repos.follow_ups import FOLLOW_UP_ANSWERS
from storage.repos.participants import Participant
from storage.repos.partners import CASE_ROLES, CasePerson, CaseRole

MAX_TEXT = 200
# The details typed one by one: (button code, stored field, kind of value).
FIELDS: dict[str, tuple[DetailField, Literal["text", "date"]]] = {
    "ri": ("referral_institution", "text"),
    "rw": ("referral_worker", "text"),
    "rn": ("referral_number", "text"),
    "rd": ("referral_date", "date"),
    "bn": ("basis_number", "text"),
    "bd": ("basis_date", "date"),
    "ps": ("period_start", "date"),
    "pe": ("planned_end", "date"),
    "te": ("trial_end", "date"),
}


class DetailState(ClubState):
    """Waiting for a typed detail of the current enrolment."""

    flow: Literal["enrolment_detail"] = "enrolment_detail"
    participant: int
    field: str


class CasePersonState(ClubState):
    """Waiting for the name, institution and contact of someone around the case."""

    flow: Literal["case_person"] = "case_person"
    participant: int
    role: CaseRole


def _t(lang: str, key: str, **params: str | int) -> str:
    return translate(lang, key, params or None)


def _label(lang: str, prefix: str, code: str | None) -> str:
    if not code:
        return ""
    key = f"{prefix}.{code}"
    return translate(lang, key) if has(lang, key) or has("pl", key) else code


def _button(key: str, pid: int, action: str, value: str | None = None, **params: Param) -> Button:
    return Button(Text(key, params or None), EnrolmentPress(pid, action, value).encode())  # type: ignore[arg-type]


async def card_lines(ctx: FlowContext, lang: str, club_id: int, participant_id: int) -> list[str]:
    """What the card says of the enrolment, who else works with the person, and follow-ups."""
    lines: list[str] = []
    current = await ctx.tx.enrolments.current(club_id, participant_id)
    if current is not None:
        lines.append(_enrolment_line(lang, current) + _ended(lang, current))
    people = await ctx.tx.partners.case_people(club_id, participant_id)
    if people:
        lines.append(_t(lang, "enrolment.card_people"))
        lines += ["• " + _person_line(lang, p) for p in people]
    for f in await ctx.tx.follow_ups.of_participant(club_id, participant_id):
        answer = _label(lang, "followup.answer", f.answer) if f.answer else None
        lines.append(
            _t(
                lang,
                "enrolment.card_follow_up",
                months=f.months,
                answer=answer or _t(lang, "enrolment.no_answer"),
                how=_t(lang, f"enrolment.channel_{f.channel}"),
            )
        )
    return lines


def _enrolment_line(lang: str, e: Enrolment) -> str:
    basis = _label(lang, "basis", e.basis_kind) or _t(lang, "enrolment.no_basis")
    return _t(
        lang,
        "enrolment.card_line",
        number=e.number,
        since=show_date(e.admitted_on),
        basis=basis,
        end=show_date(e.ends_on) or "-",
    )


def card_buttons(participant: Participant) -> tuple[tuple[Button, ...], ...]:
    """The card's buttons: the enrolment screen, and a graduate's certificate."""
    pid = participant.id
    rows = [(_button("enrolment.button", pid, "o"),)]
    if participant.status == "graduated":
        rows.append((_button("enrolment.button_certificate", pid, "c"),))
    return tuple(rows)


async def show(ctx: FlowContext, staff: StaffActor, participant: Participant) -> list[Reply]:
    """The enrolments, the current one's details and the buttons to change them."""
    lang, pid = staff.actor.language, participant.id
    enrolments = await ctx.tx.enrolments.all_of(staff.club_id, pid)
    lines = [_t(lang, "enrolment.header", name=participant.display_name, id=pid)]
    for e in enrolments[:-1]:
        lines.append(_enrolment_line(lang, e) + _ended(lang, e))
    current = enrolments[-1] if enrolments else None
    if current is not None:
        lines.append(_enrolment_line(lang, current) + _ended(lang, current))
        lines.append(
            _t(
                lang,
                "enrolment.groups",
                groups="; ".join(_label(lang, "art12", g) for g in current.groups) or "-",
            )
        )
        for code, (field, _) in FIELDS.items():
            value = getattr(current, field)
            shown = show_date(value) if isinstance(value, date) else (value or "-")
            lines.append(f"{_t(lang, f'enrolment.field.{code}')}: {shown}")
        for x in current.extensions:
            lines.append(
                _t(lang, "enrolment.extension", date=show_date(x.until_date), reason=x.reason)
            )
    lines += await card_lines(ctx, lang, staff.club_id, pid)
    rows: list[tuple[Button, ...]] = []
    if current is not None and current.ended_on is None:
        rows.append(
            (
                _button("enrolment.button_basis", pid, "b"),
                _button("enrolment.button_groups", pid, "g"),
            )
        )
        codes = list(FIELDS)
        for i in range(0, len(codes), 3):
            rows.append(
                tuple(_button(f"enrolment.field.{c}", pid, "d", c) for c in codes[i : i + 3])
            )
        rows.append((_button("enrolment.button_extend", pid, "x"),))
    rows.append((_button("enrolment.button_person", pid, "p"),))
    if await ctx.tx.partners.case_people(staff.club_id, pid):
        rows.append((_button("enrolment.button_person_remove", pid, "pd"),))
    if participant.status in ("graduated", "left"):
        rows.append((_button("enrolment.button_new", pid, "n"),))
        rows.append((_button("enrolment.button_phone", pid, "f"),))
    if participant.status == "graduated":
        rows.append((_button("enrolment.button_certificate", pid, "c"),))
    return [Message(("\n".join(lines),), tuple(rows), lang)]


def _ended(lang: str, e: Enrolment) -> str:
    if e.end_kind == "graduated":
        return " · " + _t(
            lang,
            "enrolment.ended_graduated",
            date=show_date(e.ended_on),
            outcome=_label(lang, "outcome", e.outcome) or "-",
        )
    if e.end_kind == "left":
        return " · " + _t(
            lang,
            "enrolment.ended_left",
            date=show_date(e.ended_on),
            reason=_label(lang, "leaving", e.leaving_reason) or "-",
        )
    return ""


async def _press(step: Step, button: EnrolmentPress) -> list[Reply]:
    ctx, staff, lang = step.ctx, step.staff, step.lang
    participant = await ctx.tx.participants.get(staff.club_id, button.participant)
    if participant is None:
        return step.not_available()
    pid, action, value = participant.id, button.action, button.value
    rows: Keyboard
    ended = participant.status in ("graduated", "left")
    if action == "o":
        return await show(ctx, staff, participant)
    if action == "c":
        return await _certificate(step, participant)
    if action == "n" and ended:
        rows = ((_button("enrolment.confirm_new", pid, "ny"), _button("enrolment.keep", pid, "o")),)
        return [
            Message((Text("enrolment.ask_new", {"name": participant.display_name}),), rows, lang)
        ]
    if action == "ny" and ended:
        return await _reenrol(step, participant)
    if action == "f" and ended:
        months = (await rules_of(ctx.tx, staff.club_id)).follow_up_months
        rows = (tuple(_button("enrolment.months", pid, "fm", str(m), months=m) for m in months),)
        return [Message((Text("enrolment.ask_months"),), rows, lang)]
    if action == "fm" and ended and value and value.isdigit():
        rows = tuple(
            (_button(f"followup.answer.{a}", pid, "fa", f"{value}_{a}"),) for a in FOLLOW_UP_ANSWERS
        )
        return [EditPressed((Text("enrolment.ask_answer", {"months": int(value)}),), lang, rows)]
    if action == "fa" and ended and value:
        return await _phone(step, participant, value)
    if action == "p":
        rows = tuple((_button(f"case_role.{r}", pid, "pr", r),) for r in CASE_ROLES)
        return [Message((Text("enrolment.ask_role"),), rows, lang)]
    if action in ("pd", "px"):
        return await _remove_person(step, participant, value if action == "px" else None)
    role = next((r for r in CASE_ROLES if r == value), None)
    if action == "pr" and role is not None:
        await step.remember(CasePersonState(club=staff.club_id, participant=pid, role=role))
        return step.say("enrolment.ask_person")
    current = await ctx.tx.enrolments.current(staff.club_id, pid)
    if current is None or current.ended_on is not None:
        return step.stale()
    if action == "x":
        await step.remember(DetailState(club=staff.club_id, participant=pid, field="x"))
        return step.say("enrolment.ask_extension", **await hint_examples(step.ctx, staff))
    if action == "d" and value in FIELDS:
        await step.remember(DetailState(club=staff.club_id, participant=pid, field=value))
        kind = FIELDS[value][1]
        return step.say(f"enrolment.ask_{kind}", field=_t(lang, f"enrolment.field.{value}"))
    if action == "b":
        rows = tuple((_button(f"basis.{k}", pid, "bk", k),) for k in BASIS_KINDS)
        return [Message((Text("enrolment.ask_basis"),), rows, lang)]
    if action == "bk" and value in BASIS_KINDS:
        await ctx.tx.enrolments.set_detail(staff.club_id, current.id, "basis_kind", value)
        await _audit(ctx, staff, pid, "enrolment.changed", "basis_kind")
        return await show(ctx, staff, participant)
    if action in ("g", "gt"):
        return await _groups(step, participant, current, value if action == "gt" else None)
    return step.stale()


async def _groups(
    step: Step, participant: Participant, current: Enrolment, toggle: str | None
) -> list[Reply]:
    ctx, staff, lang = step.ctx, step.staff, step.lang
    allowed = (await rules_of(ctx.tx, staff.club_id)).art12_groups
    chosen = list(current.groups)
    if toggle is not None:
        if toggle not in allowed:
            return step.stale()
        chosen = [g for g in chosen if g != toggle] if toggle in chosen else [*chosen, toggle]
        await ctx.tx.enrolments.set_groups(staff.club_id, current.id, participant.id, chosen)
        await _audit(ctx, staff, participant.id, "enrolment.changed", "groups")
    rows = tuple(
        (
            Button(
                ("✓ " if g in chosen else "") + _label(lang, "art12", g),
                EnrolmentPress(participant.id, "gt", g).encode(),
            ),
        )
        for g in allowed
    )
    rows += ((_button("enrolment.done", participant.id, "o"),),)
    message = (Text("enrolment.ask_groups", {"name": participant.display_name}),)
    if toggle is None:
        return [Message(message, rows, lang)]
    return [EditPressed(message, lang, rows)]


def _person_line(lang: str, p: CasePerson) -> str:
    """Someone around the case in one line: role, name, institution, contact."""
    shown = (_label(lang, "case_role", p.role), p.name, p.institution, p.contact)
    return " · ".join(v for v in shown if v)


async def _remove_person(step: Step, participant: Participant, value: str | None) -> list[Reply]:
    """Who to take off the case (a button each), or take the chosen one off (audit-logged);
    earlier plans still name them."""
    ctx, staff, lang, pid = step.ctx, step.staff, step.lang, participant.id
    people = await ctx.tx.partners.case_people(staff.club_id, pid)
    if value is None:
        rows = tuple(
            (Button(_person_line(lang, p)[:60], EnrolmentPress(pid, "px", str(p.id)).encode()),)
            for p in people
        )
        return [Message((Text("enrolment.ask_person_remove"),), rows, lang)]
    chosen = next((p for p in people if str(p.id) == value), None)
    if chosen is None or not await ctx.tx.partners.remove_case_person(
        staff.club_id, pid, chosen.id, ctx.now
    ):
        return step.stale()  # taken off already, or someone else's case
    await _audit(ctx, staff, pid, "case_person.removed", chosen.role)
    return [
        EditPressed((Text("enrolment.person_removed", {"name": chosen.name}),), lang),
        *await show(ctx, staff, participant),
    ]


async def _text(step: Step, text: str) -> list[Reply] | None:
    detail, person = step.mine(DetailState), step.mine(CasePersonState)
    if detail is None and person is None:
        return None
    ctx, staff = step.ctx, step.staff
    pid = detail.participant if detail else person.participant if person else 0
    participant = await ctx.tx.participants.get(staff.club_id, pid)
    if participant is None:
        await step.remember(None)
        return step.stale()
    typed = clean_line(text)
    if not typed or len(typed) > MAX_TEXT:
        return step.say("enrolment.text_invalid", max=MAX_TEXT)
    if person is not None:
        name, _, rest = (p.strip() for p in typed.partition(";"))
        institution, _, contact = (p.strip() for p in rest.partition(";"))
        await ctx.tx.partners.add_case_person(
            staff.club_id,
            pid,
            person.role,
            name,
            ctx.now,
            institution=institution or None,
            contact=contact or None,
        )
        await _audit(ctx, staff, pid, "case_person.added", person.role)
        await step.remember(None)
        return await show(ctx, staff, participant)
    assert detail is not None  # noqa: S101 - one of the two states is waiting
    current = await ctx.tx.enrolments.current(staff.club_id, pid)
    if current is not None and current.ended_on is None and detail.field == "x":
        return await _extend(step, participant, current, typed)
    if current is None or current.ended_on is not None or detail.field not in FIELDS:
        await step.remember(None)
        return step.stale()
    field, kind = FIELDS[detail.field]
    value: str | date | None = typed
    if kind == "date":
        value = parse_date(typed)
        if value is None:
            return step.say("enrolment.date_invalid", **await hint_examples(step.ctx, staff))
    await ctx.tx.enrolments.set_detail(staff.club_id, current.id, field, value)
    if field == "period_start" and isinstance(value, date):
        await _period_defaults(ctx, staff, current, value)
    await _audit(ctx, staff, pid, "enrolment.changed", field)
    await step.remember(None)
    return await show(ctx, staff, participant)


async def _period_defaults(
    ctx: FlowContext, staff: StaffActor, current: Enrolment, start: date
) -> None:
    """The planned end and the trial end from the club's rules, where not typed yet (a CIS:
    11 months with a trial month by default; a KIS has no statutory length)."""
    rules = await rules_of(ctx.tx, staff.club_id)
    if current.planned_end is None and rules.programme_months:
        end = months_after(start, rules.programme_months) - timedelta(days=1)
        await ctx.tx.enrolments.set_detail(staff.club_id, current.id, "planned_end", end)
    if current.trial_end is None and rules.trial_months:
        trial = months_after(start, rules.trial_months) - timedelta(days=1)
        await ctx.tx.enrolments.set_detail(staff.club_id, current.id, "trial_end", trial)


async def _extend(
    step: Step, participant: Participant, current: Enrolment, typed: str
) -> list[Reply]:
    """`DD.MM.RRRR reason`: an extension, within the club's longest extension."""
    ctx, staff = step.ctx, step.staff
    day, _, reason = typed.partition(" ")
    until = parse_date(day)
    if until is None or not reason.strip():
        return step.say("enrolment.extension_invalid", **await hint_examples(ctx, staff))
    rules = await rules_of(ctx.tx, staff.club_id)
    base = current.planned_end
    if base is not None and until <= (current.ends_on or base):
        return step.say("enrolment.extension_invalid", **await hint_examples(ctx, staff))
    if base is not None and rules.max_extension_months is not None:
        limit = months_after(base, rules.max_extension_months)
        if until > limit:
            return step.say("enrolment.extension_too_long", date=show_date(limit))
    await ctx.tx.enrolments.extend(staff.club_id, current.id, until, reason.strip(), ctx.now)
    await _audit(ctx, staff, participant.id, "enrolment.changed", "extension")
    await step.remember(None)
    return await show(ctx, staff, participant)


async def _reenrol(step: Step, participant: Participant) -> list[Reply]:
    """A new enrolment; a person who can be asked gets a new entry questionnaire."""
    ctx, staff, lang = step.ctx, step.staff, step.lang
    new_id = await ctx.tx.participants.reenrol(staff.club_id, participant.id, ctx.now)
    if new_id is None:
        return step.stale()
    await _audit(ctx, staff, participant.id, "enrolment.opened", str(new_id))
    asked = False
    if participant.telegram_id is not None and participant.consent == "given":
        q = current_participant_questionnaire()
        first = engine.next_item(q, {})
        await ctx.tx.readings.create(
            participant.id,
            "entry",
            "participant",
            q.id,
            q.version,
            first.id if first else None,
            ctx.now,
        )
        club = await ctx.tx.clubs.get(staff.club_id)
        stored = await ctx.tx.accounts.language_of(participant.telegram_id)
        await ctx.tx.outbox.enqueue(
            participant.telegram_id,
            "reading_request",
            "readings.participant_asked",
            {},
            stored if stored in LANGUAGES else ctx.settings.default_language,
            due_at=next_allowed(ctx.now, club.timezone if club else ctx.settings.timezone),
            now=ctx.now,
            dedupe_key=f"reenrol:{new_id}",
        )
        asked = True
    key = "enrolment.new_done_asked" if asked else "enrolment.new_done"
    return [EditPressed((Text(key, {"name": participant.display_name}),), lang)]


async def _phone(step: Step, participant: Participant, value: str) -> list[Reply]:
    ctx, staff = step.ctx, step.staff
    months_text, _, answer = value.partition("_")
    rules = await rules_of(ctx.tx, staff.club_id)
    if not months_text.isdigit() or int(months_text) not in rules.follow_up_months:
        return step.stale()
    chosen = next((a for a in FOLLOW_UP_ANSWERS if a == answer), None)
    enrolments = [
        e for e in await ctx.tx.enrolments.all_of(staff.club_id, participant.id) if e.ended_on
    ]
    if chosen is None or not enrolments:
        return step.stale()
    await ctx.tx.follow_ups.record_phone(
        staff.club_id,
        participant.id,
        enrolments[-1].id,
        int(months_text),
        chosen,
        staff.member.id,
        ctx.now,
    )
    await _audit(ctx, staff, participant.id, "follow_up.phone", f"{months_text}:{chosen}")
    return [
        EditPressed(
            (
                Text(
                    "enrolment.phone_done",
                    {
                        "months": int(months_text),
                        "answer": translate(step.lang, f"followup.answer.{chosen}"),
                    },
                ),
            ),
            step.lang,
        )
    ]


async def _certificate(step: Step, participant: Participant) -> list[Reply]:
    ctx, staff, lang = step.ctx, step.staff, step.lang
    person = await exports_of(ctx.tx).participant(participant.id)
    if person is None or person.club_id != staff.club_id:
        return step.not_available()
    try:
        doc = await build_certificate(ctx.tx, person, lang, await club_today(ctx, staff))
    except NotGraduated:
        return step.say("enrolment.not_graduated", name=participant.display_name)
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "export.certificate",
        club_id=staff.club_id,
        subject=f"participant:{participant.id}",
        detail="docx",
    )
    return [
        Document(
            filename=f"certificate-{participant.id}.docx",
            content=partial(certificate_bytes, doc, "docx"),
            caption=(Text("enrolment.certificate_caption", {"name": participant.display_name}),),
            language=lang,
        )
    ]


async def _audit(ctx: FlowContext, staff: StaffActor, pid: int, action: str, detail: str) -> None:
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        action,
        club_id=staff.club_id,
        subject=f"participant:{pid}",
        detail=detail,
    )


FLOW = Flow(
    name="enrolment",
    side="staff",
    access=flow.staff,
    buttons=(EnrolmentPress,),
    states=(DetailState, CasePersonState),
    on_press=_press,
    on_text=_text,
)
