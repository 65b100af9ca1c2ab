"""The Bot API client for replies and sends: aiohttp instead of PTB's httpx.

Every reply to a button press is three calls (answerCallbackQuery, editMessageText,
sendMessage), so the HTTP client's own cost per call is most of the bot's CPU per update. With
httpx, each time a call starts or ends httpcore (1.0) walks every pooled connection, asks each
socket whether it is readable (building anyio's attribute table, a getpeername() each time)
and, for each idle one, counts all the others again: under 100 updates a second that was a
third of the bot's CPU and grew with the pool, so a burst of replies made every later call
slower (p99 in seconds; BENCHMARKS.md, "300 people reading 3 s a question", session 4).
aiohttp keeps idle connections in a queue per host and takes one in constant time.

getUpdates keeps PTB's own client: one long poll at a time on one connection.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# Connections to the Bot API at most. 32 carry 100 presses a second of three calls each at
# 100 ms a call to Telegram; more calls than that wait for one (CONNECTION_WAIT_SECONDS).
BOT_API_CONNECTIONS = 32
# A call waits this long for a free connection (PTB's default is 1 s, after which the reply is
# lost with TimedOut): a burst of replies waits its turn instead.
CONNECTION_WAIT_SECONDS = 30.0
# PTB's HTTPXRequest defaults, so the bot's timeouts do not change with the client.
READ_SECONDS = 5.0
WRITE_SECONDS = 5.0
MEDIA_WRITE_SECONDS = 20.0
CONNECT_SECONDS = 5.0

# Failures that surely happened before the request left this machine: no connection could be
# made, or none became free in time (bot/outbox.py: such a send may be tried again).
NOT_SENT = (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError)


class AiohttpRequest(BaseRequest):
    """PTB's BaseRequest on one aiohttp session with a bounded connection pool."""

    def __init__(
        self,
        connections: int = BOT_API_CONNECTIONS,
        *,
        connection_wait: float = CONNECTION_WAIT_SECONDS,
        read_timeout: float = READ_SECONDS,
    ) -> None:
        self._connections = connections
        self._connection_wait = connection_wait
        self._read = read_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._read

    async def initialize(self) -> None:
        self._open()

    def _open(self) -> aiohttp.ClientSession:
        """The session, opened on first use too (a Bot may be used without initialize(), as
        PTB's own client allows)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connections, limit_per_host=0)
            # No cookies, no environment proxies: the Bot API needs neither.
            self._session = aiohttp.ClientSession(
                connector=connector, cookie_jar=aiohttp.DummyCookieJar()
            )
        return self._session

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._open()
        has_files = request_data is not None and request_data.contains_files
        read = _given(read_timeout, self._read)
        write = _given(write_timeout, MEDIA_WRITE_SECONDS if has_files else WRITE_SECONDS)
        connect = _given(connect_timeout, CONNECT_SECONDS)
        wait = _given(pool_timeout, self._connection_wait)
        # aiohttp has no write timeout of its own: the whole call is bounded by their sum.
        parts = (read, write, connect, wait)
        total = None if any(p is None for p in parts) else sum(p for p in parts if p is not None)
        timeout = aiohttp.ClientTimeout(
            total=total,
            connect=None if wait is None or connect is None else wait + connect,
            sock_connect=connect,
            sock_read=read,
        )
        try:
            async with session.request(
                method,
                url,
                data=_body(request_data),
                headers={"User-Agent": self.USER_AGENT},
                timeout=timeout,
            ) as response:
                return response.status, await response.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            # The class only: aiohttp's messages can hold the URL, and the token is in it.
            raise NetworkError(f"aiohttp.{type(err).__name__}") from err


def _given(value: Any, default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Form values as PTB encodes them (JSON-encoded strings); files as multipart parts."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        data = content if isinstance(content, bytes) else content.read()
        form.add_field(name, data, filename=filename, content_type=mime_type)
    return form
