"""iCalendar (.ics) export of a club's or a participant's sessions, and import of a file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import icalendar

from flows.schedule.planning import Plan
from questionnaires.bundled import catalogue
from storage.repos.schedule import Session

PRODID = "-//kisbot//schedule//PL"


def export(sessions: list[Session], name: str, language: str, host: str = "kisbot") -> bytes:
    """A calendar of the (planned) sessions, times in UTC, kinds as categories."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    kinds = catalogue()
    for session in sessions:
        if session.status != "planned":
            continue
        event = icalendar.Event()
        event.add("uid", f"session-{session.id}@{host}")
        event.add("dtstamp", datetime.now(UTC))
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", session.title)
        event.add("location", session.place)
        kind = kinds.activity_kind(session.kind)
        event.add("categories", [session.kind])
        if kind is not None:
            event.add("description", kind.name.get(language))
        cal.add_component(event)
    return bytes(cal.to_ical())


class ImportProblem(ValueError):
    """An event that cannot be imported; the text names it for the operator."""


def _utc(value: Any, timezone: str) -> datetime:
    from zoneinfo import ZoneInfo

    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=ZoneInfo(timezone))
        return aware.astimezone(UTC)
    raise ImportProblem("DTSTART must be a date with a time")


def read(data: bytes, timezone: str, default_kind: str = "other") -> list[Plan]:
    """Plans (for the whole club) from the file's VEVENTs; weekly RRULEs become repetitions."""
    cal = icalendar.Calendar.from_ical(data)
    kinds = catalogue()
    plans: list[Plan] = []
    for event in cal.walk("VEVENT"):
        uid = str(event.get("uid", "")) or None
        summary = str(event.get("summary", "")).strip()
        start = _utc(event.decoded("dtstart"), timezone)
        if "dtend" in event:
            end = _utc(event.decoded("dtend"), timezone)
        elif "duration" in event:
            end = start + event.decoded("duration")
        else:
            end = start + timedelta(hours=1)
        kind = default_kind
        categories = event.get("categories")
        if categories is not None:
            for cat in categories if isinstance(categories, list) else [categories]:
                for name in cat.cats:
                    if kinds.activity_kind(str(name)) is not None:
                        kind = str(name)
        until: date | None = None
        rule = event.get("rrule")
        if rule is not None:
            freq = rule.get("FREQ", [""])[0]
            if freq != "WEEKLY" or rule.get("INTERVAL", [1])[0] != 1:
                raise ImportProblem(f"{uid or summary}: only weekly repetition is supported")
            if "UNTIL" in rule:
                last = rule["UNTIL"][0]
                until = last.date() if isinstance(last, datetime) else last
            elif "COUNT" in rule:
                until = (start + timedelta(weeks=int(rule["COUNT"][0]) - 1)).date()
            else:
                raise ImportProblem(f"{uid or summary}: a weekly repetition needs UNTIL or COUNT")
        plans.append(
            Plan(
                kind=kind,
                title=summary,
                place=str(event.get("location", "")).strip(),
                starts_at=start,
                duration_minutes=int((end - start).total_seconds() // 60),
                audience="club",
                until=until,
                ical_uid=uid,
            )
        )
    return plans
