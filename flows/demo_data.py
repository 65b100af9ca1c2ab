"""`kisbot demo-data`: a fictional club with staff, 30 participants, readings at entry and exit,
staff assessments and agreed support paths, so that a newcomer sees real exports at once.

The same seed gives the same club every time. A second run changes nothing: the club it made
is recorded in the meta table and reported again.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

import yaml

from flows.actor import Actor
from flows.context import FlowContext, FlowSettings
from flows.demo import DEMO_DATA_KEY
from flows.demo_answers import walk
from flows.demo_month import seed_month, seed_network
from flows.staff.access import StaffActor
from flows.staff.path_changes import record
from questionnaires.bundled import catalogue
from questionnaires.loader import load_bundled
from questionnaires.model import SCORED_SPHERES, Answer, Questionnaire
from questionnaires.scoring import score
from storage.repos.exports import exports_of
from storage.repos.readings import ReadingKind, Respondent
from storage.repos.staff import Role, Specialism, StaffMember
from storage.tx import Tx

META_KEY = DEMO_DATA_KEY
SEED = 20190401
PARTICIPANTS = 30
GRADUATES = 14
LEAVERS = 4
# Fictional Telegram ids: negative ones never belong to a real account.
STAFF_IDS = (-3001, -3002, -3003)
OUTCOMES = (
    "employment_open",
    "employment_coop",
    "employment_subsidised",
    "education",
    "continued_support",
)
ART12 = ("homeless", "alcohol", "unemployed", "unemployed", "prison", "refugee", "mental", None)
REFERRALS = ("ops", "pup", "self", "ngo", None)
# The coded reasons of the demo's typed leaving reasons (demo_data.yaml left_reasons, in order).
LEAVING_CODES = ("moved", "health")


@dataclass(frozen=True)
class DemoClub:
    """The demo club and whether this run created it."""

    club_id: int
    name: str
    created: bool
    participants: int


def _texts() -> dict[str, Any]:
    source = resources.files("flows") / "demo_data.yaml"
    with source.open("r", encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


async def _reading(
    tx: Tx,
    participant_id: int,
    q: Questionnaire,
    kind: ReadingKind,
    respondent: Respondent,
    answers: dict[str, Answer],
    at: datetime,
    staff_id: int | None = None,
) -> None:
    reading = await tx.readings.create(
        participant_id, kind, respondent, q.id, q.version, None, at, staff_member_id=staff_id
    )
    await tx.readings.save_answers(reading.id, answers, at)
    await tx.readings.submit(reading.id, at + timedelta(minutes=25))


async def seed_demo(tx: Tx, now: datetime, timezone: str, seed: int = SEED) -> DemoClub:
    """Create the demo club once; later calls report the one made before."""
    texts = _texts()
    known = await tx.meta.get(META_KEY)
    if known is not None and (club := await tx.clubs.get(int(known))) is not None:
        count = len(await exports_of(tx).participants(club.id))
        return DemoClub(club.id, club.name, created=False, participants=count)
    rng = random.Random(seed)  # noqa: S311 - fictional data, not secrets
    club = await tx.clubs.create(texts["club"], "KIS", timezone, now - timedelta(days=400))
    await tx.meta.set(META_KEY, str(club.id))
    await tx.audit.record(now, "cli", "club.created", club_id=club.id, detail="demo")
    members = [
        await _staff(tx, club.id, telegram_id, one, now - timedelta(days=400))
        for telegram_id, one in zip(STAFF_IDS, texts["staff"], strict=True)
    ]
    own_q = load_bundled("diagnosis_participant")
    staff_q = load_bundled("diagnosis_staff")
    await _partners(tx, club.id, texts, now - timedelta(days=400))
    for index, name in enumerate(texts["participants"][:PARTICIPANTS]):
        person_id = await _participant(
            tx, club.id, index, name, rng, now, texts, members, own_q, staff_q
        )
        # A separate generator per person for the enrolment's formal details, so the readings
        # and paths drawn above stay what they were before enrolments existed.
        extra = random.Random(seed * 100 + index)  # noqa: S311 - fictional data, not secrets
        await _enrolment(tx, club.id, person_id, index, extra, texts, members)
    await seed_month(tx, club.id, now, timezone, members, seed + 1)
    await seed_network(tx, club.id, texts["network"], now)
    return DemoClub(club.id, club.name, created=True, participants=PARTICIPANTS)


async def _partners(tx: Tx, club_id: int, texts: dict[str, Any], at: datetime) -> None:
    """The club's register of partner institutions."""
    for n, one in enumerate(texts["partner_register"]):
        await tx.partners.add(
            club_id,
            one["name"],
            one["kind"],
            at,
            contact_person=one.get("contact_person"),
            contact=one.get("contact"),
            agreement_number=one.get("agreement"),
            agreement_date=(at + timedelta(days=20 * n)).date() if one.get("agreement") else None,
            offers=one.get("offers"),
        )


async def _enrolment(
    tx: Tx,
    club_id: int,
    person_id: int,
    index: int,
    rng: random.Random,
    texts: dict[str, Any],
    members: list[StaffMember],
) -> None:
    """The enrolment's referral, formal basis, programme period, groups, the people around the
    case, and the plan's goals, week, dates of items, reviews and final assessment."""
    enrolments = tx.enrolments
    current = await enrolments.current(club_id, person_id)
    path = await tx.support_paths.get(club_id, person_id)
    if current is None or path is None or current.admitted_on is None:
        return
    admitted = current.admitted_on
    if current.referral_kind in ("ops", "pup", "ngo"):
        institution = {"ops": 0, "pup": 1, "ngo": 3}[current.referral_kind]
        await enrolments.set_detail(
            club_id,
            current.id,
            "referral_institution",
            texts["partner_register"][institution]["name"],
        )
        await enrolments.set_detail(
            club_id, current.id, "referral_worker", rng.choice(texts["referral_workers"])
        )
        await enrolments.set_detail(
            club_id, current.id, "referral_number", f"SK/{admitted.year}/{index + 11:03d}"
        )
        await enrolments.set_detail(
            club_id, current.id, "referral_date", admitted - timedelta(days=rng.randint(5, 20))
        )
    if current.basis_kind is None:
        await enrolments.set_detail(club_id, current.id, "basis_kind", "ipzs")
        await enrolments.set_detail(
            club_id, current.id, "basis_number", f"IPZS/{admitted.year}/{index + 1:03d}"
        )
        await enrolments.set_detail(club_id, current.id, "basis_date", admitted)
    await enrolments.set_detail(club_id, current.id, "planned_end", admitted + timedelta(days=334))
    if current.groups and index % 4 == 1:
        await enrolments.set_groups(club_id, current.id, person_id, [*current.groups, "unemployed"])
    if index % 5 == 0:
        await enrolments.extend(
            club_id,
            current.id,
            admitted + timedelta(days=400),
            rng.choice(texts["extension_reasons"]),
            datetime.combine(admitted + timedelta(days=300), datetime.min.time(), UTC),
        )
    at = path.created_at
    people = texts["case_people"]
    await tx.partners.add_case_person(
        club_id, person_id, people[0]["role"], people[0]["name"], at,
        institution=people[0]["institution"], contact=people[0]["contact"],
    )  # fmt: skip
    if index % 3 == 1:
        other = people[1 + index % (len(people) - 1)]
        await tx.partners.add_case_person(
            club_id, person_id, other["role"], other["name"], at,
            institution=other["institution"], contact=other["contact"],
        )  # fmt: skip
    paths = tx.support_paths
    for goal in rng.sample(texts["goals"], 2):
        due = at.date() + timedelta(days=rng.randint(60, 200))
        await paths.add_goal(club_id, path.id, goal["goal"], goal["indicator"], due, at)
    await paths.set_hours(
        club_id,
        path.id,
        {
            "hours_group": 6.0,
            "hours_individual": rng.choice((1.0, 2.0)),
            "hours_academy": 4.0,
            "hours_education": 2.0,
            "hours_vocational": rng.choice((4.0, 6.0)),
        },
    )
    register = {p.name: p.id for p in await tx.partners.all(club_id)}
    for item in await paths.items(club_id, path.id):
        if item.partner in register:
            await paths.set_item(club_id, item.id, "partner_id", register[item.partner])
        await paths.set_item(club_id, item.id, "start_date", at.date().isoformat())
    if path.review_date is not None:
        await paths.add_review(
            club_id,
            path.id,
            path.review_date,
            rng.choice(texts["review_changes"]),
            members[index % len(members)].id,
            at,
        )
    if current.end_kind == "graduated":
        await paths.set_text(
            club_id, path.id, "final_assessment", rng.choice(texts["final_assessments"])
        )


async def _staff(
    tx: Tx, club_id: int, telegram_id: int, one: dict[str, str], at: datetime
) -> StaffMember:
    role: Role = "leader" if one["role"] == "leader" else "specialist"
    member = await tx.staff.add(club_id, telegram_id, one["name"], role, at)
    specialism: Specialism = one["specialism"]  # type: ignore[assignment]
    await tx.staff.set_specialism(club_id, member.id, specialism)
    return member


async def _participant(
    tx: Tx,
    club_id: int,
    index: int,
    name: str,
    rng: random.Random,
    now: datetime,
    texts: dict[str, Any],
    members: list[StaffMember],
    own_q: Questionnaire,
    staff_q: Questionnaire,
) -> int:
    """One participant with readings and an agreed path; their id."""
    joined = now - timedelta(days=rng.randint(200, 380), hours=rng.randint(0, 8))
    person = await tx.participants.create(club_id, name, joined)
    await tx.participants.bind(person.id, -4000 - index)
    await tx.participants.set_consent(
        person.club_id, person.id, "given", joined + timedelta(minutes=5)
    )
    contract = (f"KS/{joined.year}/{index + 1:03d}", (joined.date() - timedelta(days=7)))
    await tx.participants.set_enrolment(
        club_id,
        person.id,
        art12_group=rng.choice(ART12),
        referral_source=rng.choice(REFERRALS),
        contract_number=contract[0] if index % 3 else None,
        contract_date=contract[1].isoformat() if index % 3 else None,
    )
    entry: dict[str, float] = {s: rng.uniform(15, 65) for s in SCORED_SPHERES}
    gain = rng.uniform(-5, 30)
    exit_levels: dict[str, float] = {
        s: min(100.0, v + gain + rng.uniform(-8, 12)) for s, v in entry.items()
    }
    start = joined + timedelta(days=2, hours=1)
    await _reading(tx, person.id, own_q, "entry", "participant", walk(own_q, entry, rng), start)
    assessor = members[index % len(members)]
    staff_answers = walk(staff_q, {s: v + rng.uniform(-10, 10) for s, v in entry.items()}, rng)
    await _reading(
        tx,
        person.id,
        staff_q,
        "entry",
        "staff",
        staff_answers,
        start + timedelta(days=3),
        assessor.id,
    )
    if index % 3 == 0:
        middle = {s: (entry[s] + exit_levels[s]) / 2 for s in entry}
        await _reading(
            tx,
            person.id,
            own_q,
            "midway",
            "participant",
            walk(own_q, middle, rng),
            start + timedelta(days=75),
        )
    finish = start + timedelta(days=rng.randint(140, 180))
    await _reading(
        tx, person.id, own_q, "exit", "participant", walk(own_q, exit_levels, rng), finish
    )
    await _path(tx, club_id, person.id, index, rng, start, texts, members, own_q)
    if index < GRADUATES:
        await tx.participants.finish(
            club_id,
            person.id,
            "graduated",
            outcome=rng.choice(OUTCOMES),
            left_reason=None,
            now=finish + timedelta(days=2),
        )
    elif index < GRADUATES + LEAVERS:
        reason = rng.choice(texts["left_reasons"])
        await tx.participants.finish(
            club_id,
            person.id,
            "left",
            outcome=None,
            left_reason=reason,
            now=finish + timedelta(days=2),
            reason_code=LEAVING_CODES[texts["left_reasons"].index(reason) % len(LEAVING_CODES)],
        )
    else:
        await tx.participants.set_status(person.club_id, person.id, "active")
    return person.id


async def _path(
    tx: Tx,
    club_id: int,
    participant_id: int,
    index: int,
    rng: random.Random,
    start: datetime,
    texts: dict[str, Any],
    members: list[StaffMember],
    own_q: Questionnaire,
) -> None:
    """An agreed support path from the entry profile's suggestions, with one later annex."""
    entry = (await tx.readings.submitted(participant_id, "participant"))[0]
    profile = score(own_q, await tx.readings.answers(entry.id), catalogue())
    paths = tx.support_paths
    at = start + timedelta(days=10)
    path = await paths.create(club_id, participant_id, at)
    for suggestion in profile.suggestions[:4]:
        reasons = json.dumps(
            [r.reason.model_dump(exclude_none=True) for r in suggestion.reasons],
            ensure_ascii=False,
        )
        item_id = await paths.add_item(
            path.id, suggestion.instrument, suggestion.sphere or "general", reasons, "planned", at
        )
        await paths.set_item(club_id, item_id, "partner", rng.choice(texts["partners"]))
        await paths.set_item(club_id, item_id, "responsible_staff_id", rng.choice(members).id)
        target = (at + timedelta(days=rng.randint(30, 150))).date().isoformat()
        await paths.set_item(club_id, item_id, "target_date", target)
    await paths.set_text(club_id, path.id, "social_goals", rng.choice(texts["social_goals"]))
    await paths.set_text(
        club_id, path.id, "vocational_goals", rng.choice(texts["vocational_goals"])
    )
    await paths.set_text(club_id, path.id, "obligations", rng.choice(texts["obligations"]))
    await paths.set_review_date(club_id, path.id, (at + timedelta(days=90)).date())
    await paths.agree(club_id, path.id, at.date())
    leader = members[0]
    staff = StaffActor(
        actor=Actor(telegram_id=leader.telegram_id, language="pl", language_chosen=True),
        member=leader,
        memberships=(leader,),
    )
    ctx = FlowContext(tx=tx, now=at, settings=FlowSettings(), bot_username="")
    await record(ctx, staff, participant_id, {"change": "agreed", "value": at.date().isoformat()})
    items = await paths.items(club_id, path.id)
    if items and index % 2 == 0:
        later = FlowContext(
            tx=tx, now=at + timedelta(days=60), settings=FlowSettings(), bot_username=""
        )
        await paths.set_item(club_id, items[0].id, "status", "in_progress")
        change = {"change": "status", "instrument": items[0].instrument_id, "value": "in_progress"}
        await record(later, staff, participant_id, change)
