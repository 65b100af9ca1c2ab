"""FakeBotApi: an in-process Telegram Bot API on 127.0.0.1 for the real PTB Application.

Every call is recorded (`calls`), checked against the official spec (`violations`, each
also answered with Telegram's 400), and answered with realistic objects kept in a World.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from http import HTTPStatus
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from aiohttp import BodyPartReader, web

from tests.fakebot import methods
from tests.fakebot.polling import UpdateQueue
from tests.fakebot.spec import InvalidValue, Violation, check_call, decode_value, method_spec
from tests.fakebot.state import (
    TOKEN,
    ApiError,
    Call,
    Fault,
    FilePart,
    QueuedUpdate,
    World,
)
from tests.fakebot.waiting import Waiter

if TYPE_CHECKING:
    from tests.fakebot.users import FakeGroup, FakeUser

REFUSED = frozenset({"close", "logOut"})  # would really log the bot out of Telegram's cloud


class FakeBotApi:
    def __init__(self, *, token: str = TOKEN, settle: float = 0.04, timeout: float = 5.0) -> None:
        self.token = token
        self.world = World()
        self.calls: list[Call] = []
        self.violations: list[Violation] = []
        self.faults: list[Fault] = []
        self.queue = UpdateQueue()
        self.waiter = Waiter(self, settle=settle, timeout=timeout)
        self.inflight = 0  # bot calls (other than getUpdates) being answered right now
        self._answered = asyncio.Event()  # set and swapped after every call answered (until())
        self.last_activity = 0.0
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    async def start(self) -> Self:
        app = web.Application(client_max_size=50 * 2**20)  # Telegram takes files up to 50 MB
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        # handler_cancellation: when PTB abandons a long poll on shutdown, stop holding it.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=0.5, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site.port
        return self

    async def stop(self) -> None:
        self.queue.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # --- people and chats ------------------------------------------------------------------

    def user(
        self,
        id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "pl",
    ) -> FakeUser:
        from tests.fakebot.users import FakeUser

        return FakeUser.register(self, id, first_name, last_name, username, language_code)

    def group(self, id: int, title: str, *, supergroup: bool = False) -> FakeGroup:
        from tests.fakebot.users import FakeGroup

        return FakeGroup.register(self, id, title, supergroup=supergroup)

    # --- faults ----------------------------------------------------------------------------

    def inject(
        self,
        method: str,
        status: int | None = None,
        *,
        retry_after: int = 1,
        times: int | None = 1,
        chat_id: int | None = None,
        delay: float = 0.0,
        description: str | None = None,
    ) -> Fault:
        """Make the next `times` calls of `method` (for `chat_id`, if given) fail with
        `status` and/or answer only after `delay` seconds. times=None: every call."""
        if status is None and not delay:
            raise ValueError("inject needs a status, a delay or both")
        if description is None and status is not None:
            description = {
                429: f"Too Many Requests: retry after {retry_after}",
                403: "Forbidden: bot was blocked by the user",
                500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(status) or f"{HTTPStatus(status).phrase}: injected by the test"
        fault = Fault(
            method, status, description or "", retry_after, chat_id, delay=delay, times=times
        )
        self.faults.append(fault)
        return fault

    # --- updates ---------------------------------------------------------------------------

    @property
    def updates(self) -> list[dict[str, Any]]:
        return self.queue.all

    @property
    def updates_confirmed(self) -> int:
        """The highest offset the bot confirmed (updates below it are gone)."""
        return self.queue.confirmed_offset

    def enqueue(self, body: dict[str, Any]) -> QueuedUpdate:
        """Queue an update without waiting (body without update_id)."""
        return self.queue.put(body)

    async def submit(
        self,
        body: dict[str, Any],
        *,
        expect_reply: bool,
        what: str,
        chat_id: int | None = None,
        query_id: str | None = None,
        within: float | None = None,
    ) -> QueuedUpdate:
        """Queue an update (body without update_id) and return once the bot has reacted."""
        queued = self.enqueue(body)
        await self.waiter.wait(
            queued,
            expect_reply=expect_reply,
            what=what,
            chat_id=chat_id,
            query_id=query_id,
            within=within,
        )
        return queued

    async def deliver_again(self, update: dict[str, Any], *, expect_reply: bool = False) -> None:
        """Redeliver `update` unchanged (same update_id), as after a lost confirmation."""
        queued = self.queue.put_again(update)
        await self.waiter.wait(queued, expect_reply=expect_reply, what="redelivery")

    async def settled(self) -> None:
        """Wait until the bot has made no call for the settle period."""
        await self.waiter.settle(time.monotonic() + self.waiter.timeout, "settling")

    def assert_no_violations(self) -> None:
        assert not self.violations, "Bot API violations:\n" + "\n".join(map(str, self.violations))

    # --- HTTP ------------------------------------------------------------------------------

    async def _file(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        for stored in self.world.files.values():
            if stored.file_path == path and request.match_info["token"] == self.token:
                return web.Response(body=stored.content)
        return web.json_response(ApiError(404, "Not Found").body(), status=404)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        raw_method = request.match_info["method"]
        raw, files = await _read_params(request)
        if _method_name(raw_method) == "getUpdates":
            params, _ = _decode("getUpdates", raw, files)
            call = Call("getUpdates", params, time.monotonic())
            self.calls.append(call)
            try:
                return await self._get_updates(request, call)
            except ApiError as err:
                call.status = err.code
                return web.json_response(err.body(), status=err.code)
            finally:
                self._answered.set()
                self._answered = asyncio.Event()
        status, body = await self.answer(raw_method, raw, files)
        return web.json_response(body, status=status)

    async def answer(
        self, raw_method: str, raw: dict[str, Any], files: dict[str, FilePart]
    ) -> tuple[int, dict[str, Any]]:
        """One call other than getUpdates, as form values and uploaded parts: its HTTP status
        and JSON body. The HTTP handler and the in-process transport (inprocess.py) share it."""
        spec = method_spec(raw_method)
        method = spec["name"] if spec else raw_method
        params, type_errors = _decode(method, raw, files)
        call = Call(method, params, time.monotonic())
        self.calls.append(call)
        self.inflight += 1
        self.last_activity = call.at
        try:
            call.result = await self._answer(call, type_errors, spec)
            return 200, {"ok": True, "result": call.result}
        except ApiError as err:
            call.status = err.code
            return err.code, err.body()
        except Exception as exc:
            # A bug in the fake must fail the test, not pass as a flaky "500 from Telegram".
            self.violations.append(Violation(method, "fake server bug", repr(exc), 500))
            call.status = 500
            raise
        finally:
            self.inflight -= 1
            self.last_activity = time.monotonic()
            self._answered.set()
            self._answered = asyncio.Event()

    async def until(self, condition: Callable[[], bool], within: float = 5.0) -> None:
        """Until `condition` holds, checked after every call the bot makes (no polling loop)."""
        async with asyncio.timeout(within):
            while not condition():
                await self._answered.wait()

    async def _answer(
        self, call: Call, type_errors: list[Violation], spec: dict[str, Any] | None
    ) -> Any:
        found = type_errors or check_call(call.method, call.params)
        if call.method in REFUSED:
            found = [Violation(call.method, "refused", "Bad Request: refused by the fake server")]
        if found:
            self.violations.extend(found)
            raise ApiError(found[0].error_code, found[0].description)
        await self._apply_fault(call)
        if call.method in ("setWebhook", "deleteWebhook", "getWebhookInfo"):
            return self._webhook(call)
        handler = methods.HANDLERS.get(call.method)
        if handler is not None:
            return handler(self.world, call.params)
        assert spec is not None
        result = methods.generic(self.world, call.method, spec["returns"], call.params)
        if result is None:
            found = [
                Violation(
                    call.method,
                    "not faked",
                    f"Bad Request: {call.method} is not "
                    "implemented by tests/fakebot - add it to methods.py",
                )
            ]
            self.violations.extend(found)
            raise ApiError(400, found[0].description)
        return result

    async def _apply_fault(self, call: Call) -> None:
        fault = next((f for f in self.faults if f.matches(call.method, call.chat_id)), None)
        if fault is None:
            return
        fault.hits += 1
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.status is not None:
            parameters = {"retry_after": fault.retry_after} if fault.status == 429 else None
            raise ApiError(fault.status, fault.description, parameters)

    def _webhook(self, call: Call) -> Any:
        world = self.world
        if call.method == "setWebhook":
            world.webhook = dict(call.params)
        elif call.method == "deleteWebhook":
            world.webhook = None
            if call.params.get("drop_pending_updates"):
                self.queue.drop_pending()
        else:
            return {
                "url": (world.webhook or {}).get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": self.queue.pending_count(),
            }
        return True

    async def _get_updates(self, request: web.Request, call: Call) -> web.StreamResponse:
        found = check_call(call.method, call.params)
        if found:
            self.violations.extend(found)
            raise ApiError(found[0].error_code, found[0].description)
        await self._apply_fault(call)
        if self.world.webhook:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        batch = await self.queue.poll(call.params)
        call.result = [q.update for q in batch]
        response = web.json_response({"ok": True, "result": call.result})
        # Written here rather than returned, so "fetched" means the bytes went to the bot.
        await response.prepare(request)
        await response.write_eof()
        self.queue.mark_fetched(batch)
        return response


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, FilePart]]:
    """Query string plus whatever body the client chose: JSON, urlencoded or multipart."""
    params: dict[str, Any] = dict(request.query)
    files: dict[str, FilePart] = {}
    if request.content_type == "application/json" and request.can_read_body:
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
    elif request.content_type == "multipart/form-data":
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                content = bytes(await part.read())
                ctype = part.headers.get("Content-Type", "application/octet-stream")
                files[part.name] = FilePart(part.filename, content, ctype)
            else:
                params[part.name] = await part.text()
    elif request.can_read_body:
        params.update(await request.post())
    return params, files


def _method_name(raw_method: str) -> str:
    spec = method_spec(raw_method)
    return str(spec["name"]) if spec else raw_method


def _decode(
    method: str, raw: dict[str, Any], files: dict[str, FilePart]
) -> tuple[dict[str, Any], list[Violation]]:
    """Type the form values by the spec; uploaded parts stand in for their field."""
    spec = method_spec(method)
    types = {f["name"]: f["types"] for f in spec.get("fields", [])} if spec else {}
    params: dict[str, Any] = {}
    errors: list[Violation] = []
    for key, value in raw.items():
        if key not in types:
            params[key] = value
            continue
        try:
            params[key] = decode_value(value, types[key])
        except InvalidValue as exc:
            errors.append(Violation(method, "wrong type", f"Bad Request: field '{key}': {exc}"))
    for key, part in files.items():
        if key in types:
            params[key] = part
    return params, errors
