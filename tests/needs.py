"""Tests that need a program CI provides (Chromium; .ci/run installs it): skip on a developer's
machine without it, fail in CI, where a skip would hide a check that never ran."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """Whether the suite runs in CI (.ci/run sets CI=true, as CI services do)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def missing(what: str) -> NoReturn:
    """Skip, or in CI fail: `what` should have been installed by .ci/run."""
    message = f"{what} is not installed (.ci/run installs it)"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def chromium() -> str:
    """The headless Chromium binary."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or missing("headless Chromium (/usr/bin/chromium)")
