"""A loopback relay in front of PostgreSQL that counts round trips.

    relay = await RoundTrips.start(url)
    db = await open_database(relay.url)   # every connection goes through the relay
    before = relay.trips
    ...                                   # relay.trips - before: round trips meanwhile
    await db.close(); await relay.close()

A round trip is a burst of bytes from the client sent after the server last answered on that
connection (or the first one): however many statements a pipeline sends before reading,
they count once, and a statement that waits for its answer counts once. It is counted at the
wire, so it does not depend on what storage/conn.py believes it does. The relay is an extra
hop in this process's event loop: time steps without it.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit, urlunsplit


class RoundTrips:
    """Relays 127.0.0.1:<free port> to the server named in a URL, counting round trips."""

    def __init__(self, server: asyncio.Server, upstream: tuple[str, int], url: str) -> None:
        self._server = server
        self._upstream = upstream
        self._pumps: set[asyncio.Task[None]] = set()
        self._writers: list[asyncio.StreamWriter] = []
        self.trips = 0
        self.url = url  # the relay's URL: the same user, database and options

    @classmethod
    async def start(cls, url: str) -> RoundTrips:
        parts = urlsplit(url)
        if parts.hostname is None:
            raise SystemExit("--count-trips: the URL names no host (a socket cannot be relayed)")
        relay: RoundTrips | None = None

        async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            assert relay is not None
            await relay._relay(reader, writer)

        server = await asyncio.start_server(accept, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        user = parts.netloc.rpartition("@")[0]
        netloc = f"{user}@127.0.0.1:{port}" if user else f"127.0.0.1:{port}"
        relay = cls(
            server, (parts.hostname, parts.port or 5432), urlunsplit(parts._replace(netloc=netloc))
        )
        return relay

    async def close(self) -> None:
        self._server.close()
        for pump in self._pumps:
            pump.cancel()
        await asyncio.gather(*self._pumps, return_exceptions=True)
        for writer in self._writers:
            writer.close()
        await asyncio.gather(*(w.wait_closed() for w in self._writers), return_exceptions=True)
        await self._server.wait_closed()

    async def _relay(
        self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter
    ) -> None:
        self._writers.append(client_out)
        server_in, server_out = await asyncio.open_connection(*self._upstream)
        self._writers.append(server_out)
        answered = [True]  # whether the server spoke last on this connection

        async def upward() -> None:
            while data := await client_in.read(65536):
                if answered[0]:
                    self.trips += 1
                    answered[0] = False
                server_out.write(data)
                await server_out.drain()
            server_out.close()

        async def downward() -> None:
            while data := await server_in.read(65536):
                answered[0] = True
                client_out.write(data)
                await client_out.drain()
            client_out.close()

        pumps = [asyncio.create_task(upward()), asyncio.create_task(downward())]
        self._pumps.update(pumps)
        try:
            await asyncio.gather(*pumps, return_exceptions=True)
        finally:
            self._pumps.difference_update(pumps)
