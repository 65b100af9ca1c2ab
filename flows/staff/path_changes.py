"""Support path changes: the draft proposed from the profile, and the rule that after agreement
every change becomes a dated annex holding a snapshot of the plan as it became."""

from __future__ import annotations

import json
from typing import Any

from exports.scores import profiles_of
from flows.context import FlowContext
from flows.staff.access import StaffActor
from questionnaires.model import LocalizedText
from questionnaires.scoring import Profile
from storage.repos.readings import Reading
from storage.repos.support_paths import HOUR_FIELDS, SupportPath

STAFF_QUESTIONNAIRE = "diagnosis_staff"
# A change, as stored in an annex summary and rendered in the reader's language later:
# {"change": <kind>, "instrument": <id>?, "value": <code, date or text>?}
Change = dict[str, str]


async def _profile(ctx: FlowContext, reading: Reading | None) -> Profile | None:
    if reading is None:
        return None
    return (await profiles_of(ctx.tx, [reading]))[reading.id]


async def proposals(ctx: FlowContext, participant_id: int) -> dict[str, tuple[str, str]]:
    """Instrument id -> (sphere, reasons as JSON) for every sphere classed as a need in the
    latest submitted self-assessment or staff assessment, and for every critical answer
    (safety, housing, debts and bailiff, food, documents, addiction) whatever its sphere's
    mean: a bailiff case can sit in a sphere scored well above the need line."""
    readings = ctx.tx.readings
    profiles = [
        await _profile(
            ctx, await readings.latest(participant_id, "participant", submitted_only=True)
        ),
        await _profile(
            ctx,
            await readings.latest(
                participant_id, "staff", questionnaire_id=STAFF_QUESTIONNAIRE, submitted_only=True
            ),
        ),
    ]
    found = [p for p in profiles if p is not None]
    needs = {s for p in found for s, r in p.spheres.items() if r.klass == "need"}
    reasons: dict[str, tuple[str, list[LocalizedText]]] = {}
    for profile in found:
        for suggestion in profile.suggestions:
            if suggestion.sphere is None or not (suggestion.sphere in needs or suggestion.critical):
                continue
            _, known = reasons.setdefault(suggestion.instrument, (suggestion.sphere, []))
            for reason in suggestion.reasons:
                if reason.reason not in known:
                    known.append(reason.reason)
    return {
        instrument: (sphere, json.dumps([r.model_dump() for r in texts], ensure_ascii=False))
        for instrument, (sphere, texts) in reasons.items()
    }


async def draft(ctx: FlowContext, staff: StaffActor, participant_id: int) -> SupportPath:
    """A new draft with the proposed instruments (status 'proposed', to accept or remove)."""
    paths = ctx.tx.support_paths
    path = await paths.create(staff.club_id, participant_id, ctx.now)
    for instrument, (sphere, reasons) in (await proposals(ctx, participant_id)).items():
        await paths.add_item(path.id, instrument, sphere, reasons, "proposed", ctx.now)
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "path.drafted",
        club_id=staff.club_id,
        subject=f"participant:{participant_id}",
    )
    return path


async def snapshot(ctx: FlowContext, staff: StaffActor, path: SupportPath) -> str:
    """The whole plan as JSON, as it stands in this transaction."""
    items = await ctx.tx.support_paths.items(staff.club_id, path.id)
    goals = await ctx.tx.support_paths.goals(staff.club_id, path.id)
    data: dict[str, Any] = {
        "social_goals": path.social_goals,
        "vocational_goals": path.vocational_goals,
        "goals": [
            {
                "goal": g.goal,
                "indicator": g.indicator,
                "due_date": g.due_date.isoformat() if g.due_date else None,
                # Only an ended goal has the key, so earlier snapshots read the same.
                **(
                    {
                        "ended": {
                            "annex": g.ended.annex,
                            "on": g.ended.on.isoformat(),
                            "reason": g.ended.reason,
                        }
                    }
                    if g.ended
                    else {}
                ),
            }
            for g in goals
        ],
        "hours": {field: getattr(path, field) for field in HOUR_FIELDS},
        "obligations": path.obligations,
        "end_conditions": path.end_conditions,
        "final_assessment": path.final_assessment,
        "review_date": path.review_date.isoformat() if path.review_date else None,
        "agreed_at": path.agreed_at.isoformat() if path.agreed_at else None,
        "agreed_gaps": path.agreed_gaps,
        "items": [
            {
                "instrument": i.instrument_id,
                "sphere": i.sphere,
                "partner": i.partner,
                "responsible_staff_id": i.responsible_staff_id,
                "target_date": i.target_date.isoformat() if i.target_date else None,
                "start_date": i.start_date.isoformat() if i.start_date else None,
                "status": i.status,
            }
            for i in items
        ],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


async def record(
    ctx: FlowContext, staff: StaffActor, participant_id: int, change: Change
) -> int | None:
    """After a change is written: an annex when the path is agreed (its number), and an audit
    entry either way. Call with the change already applied."""
    path = await ctx.tx.support_paths.get(staff.club_id, participant_id)
    subject = f"participant:{participant_id}"
    if path is None or path.agreed_at is None:
        await ctx.tx.audit.record(
            ctx.now,
            staff.audit_name,
            "path.changed",
            club_id=staff.club_id,
            subject=subject,
            detail=change["change"],
        )
        return None
    number = await ctx.tx.support_paths.add_annex(
        path.id,
        staff.member.id,
        json.dumps(change, ensure_ascii=False),
        await snapshot(ctx, staff, path),
        ctx.now,
    )
    action = "path.agreed" if number == 0 else "path.annexed"
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        action,
        club_id=staff.club_id,
        subject=subject,
        detail=str(number),
    )
    return number
