"""Erasing a participant (GDPR art. 17): the one place that knows every table about a person.

A new table that holds a participant's data is added to PARTICIPANT_TABLES and to
ErasureRepo.erase; a test lists every table with a participant_id column and fails when one
is missing here. What the club must keep for its records (dates of the programme, codes of
the end and outcome, art. 1(2) groups, attendance, instruments received, follow-up codes)
stays under the pseudonym `P<id>`; names, Telegram ids, answers and every free text go.
"""

from __future__ import annotations

import json
from datetime import datetime

from storage.repos.base import Repository
from storage.timefmt import to_db

# Every table with a participant_id column, and what erasure does to the participant's rows.
PARTICIPANT_TABLES: dict[str, str] = {
    "invites": "deleted",
    "readings": "kept (kind, dates, questionnaire); their answers and profiles deleted",
    "case_notes": "deleted",
    "support_paths": "kept (dates); goals and obligations cleared; items keep instrument, "
    "sphere, status and dates (reasons and partners cleared); annex snapshots, the words "
    "in annex summaries and review texts cleared; goals in the participant's words (and how "
    "annexes ended them) deleted",
    "session_attendees": "kept (answers, presence and minutes: the attendance record); "
    "absence reasons (the participant's and staff's) cleared",
    "outbox": "deleted (and staff alerts naming the participant emptied)",
    "enrolments": "kept (period, end, outcome and reason codes); referral institution, "
    "worker and number, basis number and leaving text cleared",
    "enrolment_groups": "kept (art. 1(2) group codes, counted in the annual report)",
    "enrolment_extensions": "kept (dates); reasons cleared",
    "case_people": "deleted",
    "follow_ups": "kept (answer codes, for the evaluation)",
    "thread_messages": "deleted (messages with staff, and where they were shown)",
}


# Annex summaries whose "value" is words typed about the person (flows/staff/path_changes).
WORDS_IN_SUMMARY = ("goal_added", "partner")


def pseudonym(participant_id: int) -> str:
    """The name an erased participant keeps in the club's records."""
    return f"P{participant_id}"


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ErasureRepo(Repository):
    """Count and erase everything about one participant."""

    async def club_of(self, participant_id: int) -> int | None:
        """The club of a participant, for the operator's erasure by id alone."""
        row = await self._one("SELECT club_id FROM participants WHERE id = ?", (participant_id,))
        return int(row["club_id"]) if row else None

    async def is_erased(self, participant_id: int) -> bool:
        """Whether the participant was erased (on request or after retention)."""
        row = await self._one("SELECT erased_at FROM participants WHERE id = ?", (participant_id,))
        return row is not None and row["erased_at"] is not None

    async def what_goes(self, participant_id: int) -> dict[str, int]:
        """Rows erasure would delete or clear, per table (for a dry run)."""
        person = await self._one(
            "SELECT telegram_id FROM participants WHERE id = ?", (participant_id,)
        )
        telegram_id = person["telegram_id"] if person else None
        counts = {
            "answers": "SELECT COUNT(*) FROM answers WHERE reading_id"
            " IN (SELECT id FROM readings WHERE participant_id = ?)",
            "case_notes": "SELECT COUNT(*) FROM case_notes WHERE participant_id = ?",
            "case_people": "SELECT COUNT(*) FROM case_people WHERE participant_id = ?",
            "plan_goals": "SELECT COUNT(*) FROM plan_goals WHERE path_id"
            " IN (SELECT id FROM support_paths WHERE participant_id = ?)",
            "plan_texts": "SELECT COUNT(*) FROM support_paths WHERE participant_id = ? AND "
            "(social_goals IS NOT NULL OR vocational_goals IS NOT NULL OR obligations IS NOT NULL)",
            "item_texts": "SELECT COUNT(*) FROM support_items WHERE path_id"
            " IN (SELECT id FROM support_paths WHERE participant_id = ?) "
            "AND (reason IS NOT NULL OR partner IS NOT NULL)",
            "annex_snapshots": "SELECT COUNT(*) FROM support_annexes WHERE path_id"
            " IN (SELECT id FROM support_paths WHERE participant_id = ?)",
            "review_texts": "SELECT COUNT(*) FROM plan_reviews WHERE path_id"
            " IN (SELECT id FROM support_paths WHERE participant_id = ?)",
            "absence_reasons": "SELECT COUNT(*) FROM session_attendees "
            "WHERE participant_id = ? AND (reason IS NOT NULL OR absence_reason IS NOT NULL)",
            "outbox": "SELECT COUNT(*) FROM outbox WHERE participant_id = ?",
            "invites": "SELECT COUNT(*) FROM invites WHERE participant_id = ?",
            "thread_messages": "SELECT COUNT(*) FROM thread_messages WHERE participant_id = ?",
            "enrolment_texts": "SELECT COUNT(*) FROM enrolments WHERE participant_id = ? AND "
            "(referral_institution IS NOT NULL OR referral_worker IS NOT NULL OR "
            "referral_number IS NOT NULL OR basis_number IS NOT NULL OR leaving_text IS NOT NULL)",
            "extension_reasons": "SELECT COUNT(*) FROM enrolment_extensions "
            "WHERE participant_id = ? AND reason <> ''",
        }
        found: dict[str, int] = {}
        for name, sql in counts.items():
            row = await self._one(sql, (participant_id,))
            found[name] = int(row[0]) if row else 0
        if telegram_id is not None:
            row = await self._one(
                "SELECT COUNT(*) FROM outbox WHERE chat_id = ? AND participant_id IS NULL",
                (telegram_id,),
            )
            found["outbox"] += int(row[0]) if row else 0
        found["name_and_telegram_id"] = 1 if person else 0
        return {k: v for k, v in found.items() if v}

    async def _strip_annex_words(self, participant_id: int) -> None:
        """An annex's summary names what changed; for a goal added after agreement and for a
        typed partner it holds the words themselves, which go like the goals and partners do
        (the kind of change, the instrument and the dates stay)."""
        rows = await self._all(
            "SELECT a.id, a.summary FROM support_annexes a"
            " JOIN support_paths p ON p.id = a.path_id WHERE p.participant_id = ?",
            (participant_id,),
        )
        for row in rows:
            change = json.loads(str(row["summary"]))
            if not isinstance(change, dict) or change.get("change") not in WORDS_IN_SUMMARY:
                continue
            change.pop("value", None)
            await self._run(
                "UPDATE support_annexes SET summary = ? WHERE id = ?",
                (json.dumps(change, ensure_ascii=False), row["id"]),
            )

    async def erase(self, participant_id: int, now: datetime) -> bool:
        """Erase the participant's data, keeping the club's records under the pseudonym.

        False when there is no such participant. The caller commits, then has the database
        overwrite the freed space (Database.scrub), so the bytes leave the file too.
        """
        person = await self._one(
            "SELECT telegram_id, display_name FROM participants WHERE id = ?", (participant_id,)
        )
        if person is None:
            return False
        telegram_id, name = person["telegram_id"], str(person["display_name"])
        one = (participant_id,)
        if self._conn.dialect == "postgres":
            # Profiles being scored again from these answers (storage/rescore.py holds the
            # readings' rows while it scores) are waited for, so they are deleted below.
            await self._all(
                "SELECT id FROM readings WHERE participant_id = ? ORDER BY id FOR UPDATE", one
            )
        # Answers, notes and the people around the case.
        await self._run(
            "DELETE FROM answers WHERE reading_id"
            " IN (SELECT id FROM readings WHERE participant_id = ?)",
            one,
        )
        # Profiles are scored from the answers: they go with them.
        await self._run(
            "DELETE FROM reading_profiles WHERE reading_id"
            " IN (SELECT id FROM readings WHERE participant_id = ?)",
            one,
        )
        await self._run(
            "UPDATE readings SET current_item = NULL, pending_choices = NULL "
            "WHERE participant_id = ?",
            one,
        )
        await self._run("DELETE FROM case_notes WHERE participant_id = ?", one)
        await self._run("DELETE FROM case_people WHERE participant_id = ?", one)
        # Messages with staff, and the record of where each was shown.
        await self._run(
            "DELETE FROM thread_copies WHERE message_id"
            " IN (SELECT id FROM thread_messages WHERE participant_id = ?)",
            one,
        )
        await self._run("DELETE FROM thread_messages WHERE participant_id = ?", one)
        # The support path: what was received stays, the words go.
        # Ends of goals go with the goals (an annex's summary keeps the goal's number, the
        # reason code and the date; a typed reason is in the end row only).
        await self._run(
            "DELETE FROM plan_goal_ends WHERE goal_id IN (SELECT g.id FROM plan_goals g"
            " JOIN support_paths p ON p.id = g.path_id WHERE p.participant_id = ?)",
            one,
        )
        await self._run(
            "DELETE FROM plan_goals WHERE path_id"
            " IN (SELECT id FROM support_paths WHERE participant_id = ?)",
            one,
        )
        await self._run(
            "UPDATE plan_reviews SET changes = '' WHERE path_id"
            " IN (SELECT id FROM support_paths WHERE participant_id = ?)",
            one,
        )
        await self._run(
            "UPDATE support_items SET reason = NULL, partner = NULL WHERE path_id"
            " IN (SELECT id FROM support_paths WHERE participant_id = ?)",
            one,
        )
        await self._run(
            "UPDATE support_annexes SET snapshot = '{}' WHERE path_id"
            " IN (SELECT id FROM support_paths WHERE participant_id = ?)",
            one,
        )
        await self._strip_annex_words(participant_id)
        await self._run(
            "UPDATE support_paths SET social_goals = NULL, vocational_goals = NULL, "
            "obligations = NULL WHERE participant_id = ?",
            one,
        )
        # Sessions, enrolments.
        await self._run(
            "UPDATE session_attendees SET reason = NULL, absence_reason = NULL, "
            "awaiting_reason = FALSE WHERE participant_id = ?",
            one,
        )
        await self._run(
            "UPDATE enrolments SET referral_institution = NULL, referral_worker = NULL, "
            "referral_number = NULL, basis_number = NULL, leaving_text = NULL "
            "WHERE participant_id = ?",
            one,
        )
        await self._run("UPDATE enrolment_extensions SET reason = '' WHERE participant_id = ?", one)
        # Messages: to the person, and staff alerts that carry their name.
        await self._run("DELETE FROM outbox WHERE participant_id = ?", one)
        blank = (
            "UPDATE outbox SET params = '{}', status = CASE WHEN status = 'pending' "
            "THEN 'dropped' ELSE status END WHERE "
        )
        if self._conn.dialect == "postgres":
            # JSONB: containment, whatever the keys' order in the stored value.
            both = json.dumps({"name": name, "id": participant_id}, ensure_ascii=False)
            await self._run(blank + "params @> CAST(? AS JSONB)", (both,))
        else:
            named = json.dumps({"name": name, "id": participant_id}, ensure_ascii=False)[:-1]
            await self._run(
                blank + "params LIKE ? ESCAPE '\\' OR params LIKE ? ESCAPE '\\'",
                (f"%{_like(named)},%", f"%{_like(named)}}}%"),
            )
        # Links and the Telegram account.
        await self._run("DELETE FROM invites WHERE participant_id = ?", one)
        if telegram_id is not None:
            await self._run("DELETE FROM outbox WHERE chat_id = ?", (telegram_id,))
            await self._run("DELETE FROM code_attempts WHERE telegram_id = ?", (telegram_id,))
            await self._run(
                "DELETE FROM accounts WHERE telegram_id = ? AND NOT EXISTS "
                "(SELECT 1 FROM staff_members WHERE telegram_id = ?)",
                (telegram_id, telegram_id),
            )
        await self._run(
            "UPDATE participants SET display_name = ?, telegram_id = NULL, "
            "referral_source = NULL, social_contract_number = NULL, "
            "social_contract_date = NULL, left_reason = NULL, unreachable = FALSE, "
            "consent = CASE WHEN consent = 'given' THEN 'withdrawn' ELSE consent END, "
            "erased_at = ? WHERE id = ?",
            (pseudonym(participant_id), to_db(now), participant_id),
        )
        self._notes.erased = True
        return True

    async def past_retention(self, club_id: int, cutoff: datetime) -> list[int]:
        """Participants of the club, not yet erased, whose end came before the cutoff.

        The end is the end of their last enrolment (all of them ended), or the moment they
        declined or withdrew consent; someone still in the programme with consent is never
        past retention.
        """
        rows = await self._all(
            "SELECT p.id FROM participants p WHERE p.club_id = ? AND p.erased_at IS NULL AND ("
            "(p.consent IN ('declined', 'withdrawn') AND p.consent_at < ?) OR ("
            "EXISTS (SELECT 1 FROM enrolments e WHERE e.participant_id = p.id) AND "
            "NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.participant_id = p.id "
            "AND (e.ended_on IS NULL OR e.ended_on >= ?)))) ORDER BY p.id",
            (club_id, to_db(cutoff), cutoff.date().isoformat()),
        )
        return [int(r["id"]) for r in rows]

    async def forget_old_messages(self, before: datetime) -> int:
        """Outbox rows finished before that moment: their parameters held names and titles."""
        return await self._run(
            "DELETE FROM outbox WHERE status IN ('sent', 'dropped', 'failed') AND created_at < ?",
            (to_db(before),),
        )
