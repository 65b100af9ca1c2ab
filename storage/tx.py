"""A unit of work: the repositories bound to one open transaction."""

from __future__ import annotations

from functools import cached_property

from storage.conn import Conn
from storage.repos.accounts import AccountsRepo
from storage.repos.attendance import AttendanceRepo
from storage.repos.audit import AuditRepo
from storage.repos.base import TxNotes
from storage.repos.club_settings import ClubSettingsRepo
from storage.repos.clubs import ClubsRepo
from storage.repos.enrolments import EnrolmentsRepo
from storage.repos.erasure import ErasureRepo
from storage.repos.follow_ups import FollowUpsRepo
from storage.repos.invites import InvitesRepo
from storage.repos.meta import MetaRepo
from storage.repos.networks import NetworksRepo
from storage.repos.notes import NotesRepo
from storage.repos.outbox import OutboxRepo
from storage.repos.participant_list import ParticipantListRepo
from storage.repos.participants import ParticipantsRepo
from storage.repos.partners import PartnersRepo
from storage.repos.profiles import ProfilesRepo
from storage.repos.readings import ReadingsRepo
from storage.repos.report_inputs import ReportInputsRepo
from storage.repos.schedule import ScheduleRepo
from storage.repos.staff import StaffRepo
from storage.repos.staff_state import StaffStateRepo
from storage.repos.support_paths import SupportPathsRepo
from storage.repos.threads import ThreadsRepo
from storage.repos.updates import UpdatesRepo
from storage.repos.who import WhoRepo
from storage.repos.workers import WorkersRepo


class Tx:
    """Repositories sharing one transaction; created by Database.transaction()."""

    def __init__(self, conn: Conn) -> None:
        self._conn = conn
        self.signals = TxNotes()

    @property
    def conn(self) -> Conn:
        """The transaction's connection, for tests and tools that need a raw statement."""
        return self._conn

    @cached_property
    def accounts(self) -> AccountsRepo:
        """Telegram accounts."""
        return AccountsRepo(self._conn)

    @cached_property
    def who(self) -> WhoRepo:
        """Who is behind a Telegram account (account, staff state and memberships,
        participant), in one query."""
        return WhoRepo(self._conn)

    @cached_property
    def updates(self) -> UpdatesRepo:
        """Processed update ids."""
        return UpdatesRepo(self._conn)

    @cached_property
    def clubs(self) -> ClubsRepo:
        """Clubs."""
        return ClubsRepo(self._conn)

    @cached_property
    def audit(self) -> AuditRepo:
        """The audit log."""
        return AuditRepo(self._conn)

    @cached_property
    def participants(self) -> ParticipantsRepo:
        """Participants."""
        return ParticipantsRepo(self._conn)

    @cached_property
    def participant_list(self) -> ParticipantListRepo:
        """The staff's paged participant list and participant details."""
        return ParticipantListRepo(self._conn)

    @cached_property
    def invites(self) -> InvitesRepo:
        """Invite codes and failed attempts."""
        return InvitesRepo(self._conn)

    @cached_property
    def readings(self) -> ReadingsRepo:
        """Readings and answers."""
        return ReadingsRepo(self._conn)

    @cached_property
    def profiles(self) -> ProfilesRepo:
        """Stored profiles of readings (scores, classes, flags)."""
        return ProfilesRepo(self._conn)

    @cached_property
    def staff(self) -> StaffRepo:
        """Staff members."""
        return StaffRepo(self._conn)

    @cached_property
    def outbox(self) -> OutboxRepo:
        """Messages the bot sends on its own."""
        return OutboxRepo(self._conn, self.signals)

    @cached_property
    def meta(self) -> MetaRepo:
        """Deployment facts."""
        return MetaRepo(self._conn)

    @cached_property
    def staff_state(self) -> StaffStateRepo:
        """Staff members' current club and pending input."""
        return StaffStateRepo(self._conn)

    @cached_property
    def threads(self) -> ThreadsRepo:
        """Messages between participants and staff."""
        return ThreadsRepo(self._conn)

    @cached_property
    def notes(self) -> NotesRepo:
        """Case notes."""
        return NotesRepo(self._conn)

    @cached_property
    def support_paths(self) -> SupportPathsRepo:
        """Support paths, their items and annexes."""
        return SupportPathsRepo(self._conn)

    @cached_property
    def schedule(self) -> ScheduleRepo:
        """Sessions of the weekly plan, attendees, reminder rows."""
        return ScheduleRepo(self._conn, self.signals)

    @cached_property
    def enrolments(self) -> EnrolmentsRepo:
        """Enrolments with their groups and extensions."""
        return EnrolmentsRepo(self._conn)

    @cached_property
    def partners(self) -> PartnersRepo:
        """The partner register and the people around each case."""
        return PartnersRepo(self._conn)

    @cached_property
    def follow_ups(self) -> FollowUpsRepo:
        """Follow-ups after the end of an enrolment."""
        return FollowUpsRepo(self._conn)

    @cached_property
    def club_settings(self) -> ClubSettingsRepo:
        """Per-club settings (legal details with documented defaults)."""
        return ClubSettingsRepo(self._conn)

    @cached_property
    def attendance(self) -> AttendanceRepo:
        """Attendance records and the club's benefit rule."""
        return AttendanceRepo(self._conn)

    @cached_property
    def networks(self) -> NetworksRepo:
        """Networks of clubs and their coordinators."""
        return NetworksRepo(self._conn)

    @cached_property
    def report_inputs(self) -> ReportInputsRepo:
        """Annual-report figures entered by a leader."""
        return ReportInputsRepo(self._conn)

    @cached_property
    def erasure(self) -> ErasureRepo:
        """Erasing a participant (every table about a person, in one place)."""
        return ErasureRepo(self._conn, self.signals)

    @cached_property
    def workers(self) -> WorkersRepo:
        """What several worker processes agree on (periodic jobs, the send pace)."""
        return WorkersRepo(self._conn)
