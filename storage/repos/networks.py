"""Networks of clubs (the source's local and regional reintegration networks) and their
coordinators, who see aggregated figures of the network's clubs and never a person's data."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from storage.repos.base import Repository
from storage.timefmt import from_db, to_db


class Network(BaseModel):
    """A named group of clubs."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str


class Coordinator(BaseModel):
    """A person who coordinates a network."""

    model_config = ConfigDict(frozen=True)

    id: int
    network_id: int
    telegram_id: int
    display_name: str


class NetworkInvite(BaseModel):
    """A coordinator invite (its code is stored hashed)."""

    model_config = ConfigDict(frozen=True)

    code_hash: str
    network_id: int
    expires_at: datetime
    used_at: datetime | None


class NetworksRepo(Repository):
    """Create networks, add clubs, find a network's clubs and coordinators."""

    async def create(self, name: str, now: datetime) -> Network:
        """A new, empty network."""
        network_id = await self._insert(
            "INSERT INTO networks (name, created_at) VALUES (?, ?)", (name, to_db(now))
        )
        return Network(id=network_id, name=name)

    async def get(self, network_id: int) -> Network | None:
        """The network with this id, if any."""
        row = await self._one("SELECT id, name FROM networks WHERE id = ?", (network_id,))
        return Network.model_validate(dict(row)) if row else None

    async def all(self) -> list[Network]:
        """Every network, by id."""
        rows = await self._all("SELECT id, name FROM networks ORDER BY id")
        return [Network.model_validate(dict(r)) for r in rows]

    async def add_club(self, network_id: int, club_id: int, now: datetime) -> bool:
        """Put a club in the network; False when it was there already."""
        changed = await self._run(
            "INSERT INTO network_clubs (network_id, club_id, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (network_id, club_id, to_db(now)),
        )
        return changed == 1

    async def club_ids(self, network_id: int) -> list[int]:
        """The network's clubs, by id."""
        rows = await self._all(
            "SELECT club_id FROM network_clubs WHERE network_id = ? ORDER BY club_id",
            (network_id,),
        )
        return [int(r["club_id"]) for r in rows]

    async def add_coordinator(
        self, network_id: int, telegram_id: int, name: str, now: datetime
    ) -> Coordinator:
        """Make a Telegram account a coordinator of the network (again active if it was)."""
        await self._run(
            "INSERT INTO network_coordinators (network_id, telegram_id, display_name, created_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (network_id, telegram_id) DO UPDATE SET active = TRUE",
            (network_id, telegram_id, name, to_db(now)),
        )
        found = await self.coordinator(network_id, telegram_id)
        assert found is not None  # noqa: S101 - written above in this transaction
        return found

    async def coordinator(self, network_id: int, telegram_id: int) -> Coordinator | None:
        """The active coordinator of this network with this account, if any."""
        row = await self._one(
            "SELECT id, network_id, telegram_id, display_name FROM network_coordinators "
            "WHERE network_id = ? AND telegram_id = ? AND active = TRUE",
            (network_id, telegram_id),
        )
        return Coordinator.model_validate(dict(row)) if row else None

    async def networks_of(self, telegram_id: int) -> list[Network]:
        """The networks this account coordinates."""
        rows = await self._all(
            "SELECT n.id, n.name FROM networks n JOIN network_coordinators c "
            "ON c.network_id = n.id WHERE c.telegram_id = ? AND c.active = TRUE ORDER BY n.id",
            (telegram_id,),
        )
        return [Network.model_validate(dict(r)) for r in rows]

    async def add_invite(
        self, code_hash: str, network_id: int, now: datetime, expires_at: datetime
    ) -> None:
        """A new coordinator invite."""
        await self._run(
            "INSERT INTO network_invites (code_hash, network_id, created_at, expires_at) "
            "VALUES (?, ?, ?, ?)",
            (code_hash, network_id, to_db(now), to_db(expires_at)),
        )

    async def find_invite(self, code_hash: str) -> NetworkInvite | None:
        """The coordinator invite with this hash, if any."""
        row = await self._one(
            "SELECT code_hash, network_id, expires_at, used_at FROM network_invites "
            "WHERE code_hash = ?",
            (code_hash,),
        )
        if row is None:
            return None
        data = dict(row)
        data["expires_at"] = from_db(data["expires_at"])
        data["used_at"] = from_db(data["used_at"]) if data["used_at"] else None
        return NetworkInvite.model_validate(data)

    async def use_invite(self, code_hash: str, telegram_id: int, now: datetime) -> bool:
        """Mark the invite used; False when it was used already."""
        changed = await self._run(
            "UPDATE network_invites SET used_at = ?, used_by = ? "
            "WHERE code_hash = ? AND used_at IS NULL",
            (to_db(now), telegram_id, code_hash),
        )
        return changed == 1
