"""A unit of work: the repositories bound to one open transaction."""

from __future__ import annotations

from functools import cached_property

import aiosqlite

from storage.repos.accounts import AccountsRepo
from storage.repos.audit import AuditRepo
from storage.repos.clubs import ClubsRepo
from storage.repos.updates import UpdatesRepo


class Tx:
    """Repositories sharing one transaction; created by Database.transaction()."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    @cached_property
    def accounts(self) -> AccountsRepo:
        """Telegram accounts."""
        return AccountsRepo(self._conn)

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
