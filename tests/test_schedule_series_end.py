"""Moving a weekly series' end date from the session screen: later weeks added with the same
people and their reminders, or the weeks after the new end cancelled with each attendee told
once; typed dates checked as planning checks them."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from base.i18n import translate
from flows.schedule import planning
from storage.repos.schedule import Session
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.schedule_helpers import (
    ZONE,
    at,
    join,
    plan,
    reminders,
    staff_member,
    t,
    texts,
    utc,
)

TODAY = date(2026, 11, 24)  # the clock fixture's day
HINTS = {"today": "24.11.2026", "soon": "01.12.2026", "later": "28.02.2027", "year": "2026"}


async def _series(kisbot: Kisbot, first: Session) -> list[tuple[str, str, list[int]]]:
    """('DD.MM.RRRR HH:MM' on the club's clock, status, attendee ids) of every occurrence."""
    async with kisbot.db.transaction() as tx:
        found = []
        for s in await tx.schedule.series(await kisbot.club(), first):
            people = sorted(a.participant_id for a in await tx.schedule.attendees(s.id))
            moment = s.starts_at.astimezone(ZoneInfo(ZONE))
            found.append((f"{moment:%d.%m.%Y %H:%M}", s.status, people))
    return found


async def _audit(kisbot: Kisbot, subject: str) -> list[tuple[str, str | None]]:
    async with kisbot.db.transaction() as tx:
        entries = await tx.audit.for_subject(await kisbot.club(), subject)
    return [(e.action, e.detail) for e in entries]


def _labels(staff: FakeUser) -> list[str]:
    return [label for row in staff.last.buttons for label in row]


async def test_a_series_runs_longer_with_the_same_people_and_their_reminders(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    ala, ala_id = await join(kisbot, 4401, "Ala")
    _, bartek_id = await join(kisbot, 4402, "Bartek")
    celina, _ = await join(kisbot, 4403, "Celina")
    series = await plan(
        kisbot, "26.11.2026 10:00", participants=(ala_id, bartek_id), until=date(2026, 12, 10)
    )
    assert len(series) == 3
    await staff.send(f"/session {series[1].id}")
    await staff.click(t("pl", "schedule.button.until"))
    assert staff.last.text == t(
        "pl",
        "schedule.until.ask",
        title="Spotkanie w klubie",
        time="10:00",
        until="10.12.2026",
        **HINTS,
    )
    furthest = date(2026, 11, 26) + timedelta(weeks=59)  # 60 weeks still to come, as planning
    for typed, answer in (
        ("w przyszłym roku", t("pl", "schedule.error.until", **HINTS)),
        ("31.02.2027", t("pl", "schedule.error.until", **HINTS)),
        ("23.11.2026", t("pl", "schedule.error.until_past")),
        ("25.11.2026", t("pl", "schedule.error.until_start", date="26.11.2026")),
        (
            "1.1.2100",
            translate(
                "pl",
                "schedule.error.until_far",
                {"date": f"{furthest:%d.%m.%Y}", "count": 60},
                60,
            ),
        ),
    ):
        await staff.send(typed)
        assert staff.last.text == answer, typed
    assert len(await _series(kisbot, series[0])) == 3  # nothing refused was written
    await staff.send("01.04.2027")  # across the March clock change
    assert staff.last.text == t(
        "pl",
        "schedule.until.done",
        title="Spotkanie w klubie",
        until="01.04.2027",
        added=16,
        cancelled=0,
    )
    found = await _series(kisbot, series[0])
    assert len(found) == 19
    both = sorted([ala_id, bartek_id])
    assert {(when[-5:], status, tuple(people)) for when, status, people in found} == {
        ("10:00", "planned", tuple(both))
    }
    assert [when for when, _, _ in found[-3:]] == [
        "18.03.2027 10:00",
        "25.03.2027 10:00",
        "01.04.2027 10:00",
    ]
    # The first added week reminds its people the day before; Celina is not among them.
    await at(kisbot, utc(2026, 12, 16, 17, 0))
    [reminder] = reminders(ala)
    assert (reminder.text or "").startswith("Przypomnienie: 17.12.2026, godz. 10:00")
    assert reminders(celina) == []
    assert not any(text.startswith(("Odwołane", "Zmiana")) for text in texts(ala))
    assert ("session.changed", "until:2026-12-10->2027-04-01") in await _audit(
        kisbot, f"session:{series[0].id}"
    )
    async with kisbot.db.transaction() as tx:
        added = (await tx.schedule.series(await kisbot.club(), series[0]))[3]
    assert await _audit(kisbot, f"session:{added.id}") == [
        ("session.created", f"series:{series[0].id}")
    ]


async def test_a_shorter_series_cancels_the_later_weeks_and_tells_each_person_once(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    ala, ala_id = await join(kisbot, 4411, "Ala")
    bartek, bartek_id = await join(kisbot, 4412, "Bartek")
    series = await plan(
        kisbot, "26.11.2026 10:00", participants=(ala_id,), until=date(2026, 12, 24)
    )
    async with kisbot.db.transaction() as tx:  # Bartek joins the group from 17.12 on
        await planning.change_attendees(
            tx,
            await kisbot.club(),
            series[3],
            add=(bartek_id,),
            series=True,
            changed_by="test",
            now=kisbot.clock.now(),
            default_language="pl",
        )
    await staff.send(f"/session {series[0].id}")
    await staff.click(t("pl", "schedule.button.until"))
    await staff.send("4.12.2026")
    assert staff.last.text == t(
        "pl",
        "schedule.until.done",
        title="Spotkanie w klubie",
        until="04.12.2026",
        added=0,
        cancelled=3,
    )
    assert [(when, status) for when, status, _ in await _series(kisbot, series[0])] == [
        ("26.11.2026 10:00", "planned"),
        ("03.12.2026 10:00", "planned"),
        ("10.12.2026 10:00", "cancelled"),
        ("17.12.2026 10:00", "cancelled"),
        ("24.12.2026 10:00", "cancelled"),
    ]
    await kisbot.run_outbox()
    for person, first in ((ala, "10.12.2026"), (bartek, "17.12.2026")):
        assert [m for m in texts(person) if m.startswith("Odwołane")] == [
            t(
                "pl",
                "schedule.notice.cancelled_series",
                date=first,
                title="Spotkanie w klubie",
                time="10:00",
            )
        ]
    # No reminder for a cancelled week.
    await at(kisbot, utc(2026, 12, 9, 17, 0))
    assert reminders(ala) == []
    await staff.send(f"/session {series[2].id}")
    assert t("pl", "schedule.view.cancelled") in (staff.last.text or "")
    assert [a for a, _ in await _audit(kisbot, f"session:{series[4].id}")][-1] == (
        "session.cancelled"
    )


async def test_an_ended_series_carries_on_from_this_week_and_a_one_off_has_no_end_date(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    _, ala_id = await join(kisbot, 4421, "Ala")
    kisbot.clock.set(utc(2026, 11, 1, 8))
    series = await plan(kisbot, "03.11.2026 10:00", until=date(2026, 11, 10))  # whole club
    kisbot.clock.set(utc(2026, 11, 24, 8))  # Tuesday 09:00: today's 10:00 is still ahead
    _, late_id = await join(kisbot, 4422, "Zenon")
    await staff.send(f"/session {series[0].id}")
    await staff.click(t("pl", "schedule.button.until"))
    assert "ostatnie zajęcia: 10.11.2026" in (staff.last.text or "")
    await staff.send("15.12.2026")
    done = t(
        "pl",
        "schedule.until.done",
        title="Spotkanie w klubie",
        until="15.12.2026",
        added=4,
        cancelled=0,
    )
    assert done in texts(staff)  # the day's digest may come after it: a session is today
    found = await _series(kisbot, series[0])
    # No week in the past is made up: the series carries on today.
    assert [when for when, _, _ in found] == [
        "03.11.2026 10:00",
        "10.11.2026 10:00",
        "24.11.2026 10:00",
        "01.12.2026 10:00",
        "08.12.2026 10:00",
        "15.12.2026 10:00",
    ]
    assert found[-1][2] == sorted([ala_id, late_id])  # the whole club as it is now

    [one_off] = await plan(kisbot, "27.11.2026 12:00")
    await staff.send(f"/session {one_off.id}")
    assert t("pl", "schedule.button.until") not in _labels(staff)
    await staff.click_data(f"1:zn:{one_off.id}")
    assert staff.last.text == t("pl", "access.not_available")


async def test_planning_says_how_far_a_series_may_run_instead_of_cutting_it_short(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    await staff.send("/session")
    await staff.click("Grupowe warsztaty integracyjne")
    await staff.send("Spotkanie w klubie")
    await staff.send("26.11.2026 10:00")
    await staff.click("60 minut")
    await staff.send("sala 2")
    await staff.click(t("pl", "schedule.audience.club"))
    await staff.click("Co tydzień")
    await staff.send("31.12.2030")  # 60 weeks were planned silently before
    furthest = f"{date(2026, 11, 26) + timedelta(weeks=59):%d.%m.%Y}"
    assert staff.last.text == translate(
        "pl", "schedule.error.until_far", {"date": furthest, "count": 60}, 60
    )
    await staff.send(furthest)
    await staff.click("Zaplanuj")
    assert (staff.last.text or "").startswith("Zaplanowano 60 zajęć")


async def test_cancelling_the_rest_of_a_series_sends_each_person_one_message(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    ala, ala_id = await join(kisbot, 4431, "Ala")
    bartek, bartek_id = await join(kisbot, 4432, "Bartek")
    series = await plan(
        kisbot, "26.11.2026 10:00", participants=(ala_id,), until=date(2026, 12, 10)
    )
    async with kisbot.db.transaction() as tx:  # Bartek comes to the last week only
        await planning.change_attendees(
            tx,
            await kisbot.club(),
            series[2],
            add=(bartek_id,),
            changed_by="test",
            now=kisbot.clock.now(),
            default_language="pl",
        )
    await staff.send(f"/session {series[0].id}")
    await staff.click(t("pl", "schedule.button.cancel"))
    await staff.click(t("pl", "schedule.cancel.series"))
    assert staff.last.text == translate("pl", "schedule.cancel.done", {"count": 3}, 3)
    await kisbot.run_outbox()
    every_week = t(
        "pl",
        "schedule.notice.cancelled_series",
        date="26.11.2026",
        title="Spotkanie w klubie",
        time="10:00",
    )
    assert [m for m in texts(ala) if m.startswith("Odwołane")] == [every_week]
    assert [m for m in texts(bartek) if m.startswith("Odwołane")] == [
        "Odwołane: Spotkanie w klubie, 10.12.2026, godz. 10:00. Nie musisz przychodzić."
    ]


async def test_a_series_whose_people_all_left_is_not_extended_but_may_end_earlier(
    kisbot: Kisbot,
) -> None:
    staff = await staff_member(kisbot)
    _, ala_id = await join(kisbot, 4441, "Ala")
    series = await plan(
        kisbot, "26.11.2026 10:00", participants=(ala_id,), until=date(2026, 12, 10)
    )
    async with kisbot.db.transaction() as tx:
        await tx.participants.set_status(await kisbot.club(), ala_id, "left")
    await staff.send(f"/session {series[0].id}")
    await staff.click(t("pl", "schedule.button.until"))
    await staff.send("24.12.2026")
    assert staff.last.text == t("pl", "schedule.error.series_nobody")
    assert len(await _series(kisbot, series[0])) == 3  # nothing written
    await staff.send("03.12.2026")  # still waiting for a date: ending earlier needs nobody
    assert staff.last.text == t(
        "pl",
        "schedule.until.done",
        title="Spotkanie w klubie",
        until="03.12.2026",
        added=0,
        cancelled=1,
    )
