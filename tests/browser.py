"""One headless Chromium for the whole test run, printing pages to PDF and to screenshots.

Starting Chromium takes about a second and a half before it draws anything; the suite printed
some thirty documents, each in a browser of its own. Here the browser starts once (when the
first test asks) and each document is opened in a new tab through the DevTools protocol over
a pipe (`--remote-debugging-pipe`: no port, no network), printed with the settings
`chromium --headless --print-to-pdf` uses (the page's own @page size, backgrounds, the date
and page numbers in the margins), and its tab closed. A test still reads back its own PDF or PNG.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.needs import chromium

TIMEOUT = 120.0  # seconds for one answer of the browser; a busy 2-core machine is slow


def _as_fds_3_and_4(commands: int, answers: int) -> None:
    """In the browser's process, before it starts: its pipe ends as fd 3 and fd 4."""
    # Copied above 4 first, so that neither end is overwritten if it happens to be 3 or 4.
    commands, answers = (
        fcntl.fcntl(commands, fcntl.F_DUPFD, 5),
        fcntl.fcntl(answers, fcntl.F_DUPFD, 5),
    )
    os.dup2(commands, 3)
    os.dup2(answers, 4)


class BrowserError(Exception):
    """Chromium refused a page or stopped answering."""


class Browser:
    """A headless Chromium driven over its DevTools pipe."""

    def __init__(self) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="kisbot-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # The browser reads commands on fd 3 and writes answers on fd 4.
        self._process = subprocess.Popen(  # noqa: S603 - the installed browser, fixed flags
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-pipe",
                f"--user-data-dir={self._profile.name}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=lambda: _as_fds_3_and_4(to_browser_r, from_browser_w),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        with contextlib.suppress(BrowserError, OSError):  # it may have stopped already
            self._send("Browser.close")
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._profile.cleanup()

    def pdf(self, page: Path) -> bytes:
        """The page printed as `chromium --headless --print-to-pdf` prints it."""
        answer = self._on_page(
            page,
            "Page.printToPDF",
            {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": True},
        )
        return base64.b64decode(answer["data"])

    def screenshot(self, page: Path) -> bytes:
        """A PNG of the page's first screen, as `chromium --headless --screenshot` takes it."""
        answer = self._on_page(page, "Page.captureScreenshot", {"format": "png"})
        return base64.b64decode(answer["data"])

    # --- the protocol ---------------------------------------------------------------------

    def _on_page(self, page: Path, method: str, params: dict[str, Any]) -> dict[str, Any]:
        target = self._send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        try:
            self._send("Page.enable", session=session)
            self._events.clear()
            navigated = self._send("Page.navigate", {"url": page.resolve().as_uri()}, session)
            if navigated.get("errorText"):
                raise BrowserError(f"{page}: {navigated['errorText']}")
            self._wait_event("Page.loadEventFired", session)
            return self._send(method, params, session)
        finally:
            self._send("Target.closeTarget", {"targetId": target})

    def _send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            if "method" in answer:
                self._events.append(answer)

    def _wait_event(self, method: str, session: str) -> None:
        while True:
            for event in self._events:
                if event["method"] == method and event.get("sessionId") == session:
                    return
            self._events.append(self._read())

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(left, 0))
            if not ready:
                raise BrowserError(f"Chromium did not answer in {TIMEOUT:.0f} s")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium stopped (exit {self._process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed
