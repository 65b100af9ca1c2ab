"""Moved to storage/privacy/controller.py: re-exported so code written before keeps working
(docs/ARCHITECTURE.md, layers). New code imports storage.privacy.controller."""

from storage.privacy.controller import (
    FIELDS,
    MAX_LENGTH,
    Controller,
    ControllerError,
    as_dict,
    controller_of,
    set_controller,
)

__all__ = [
    "FIELDS",
    "MAX_LENGTH",
    "Controller",
    "ControllerError",
    "as_dict",
    "controller_of",
    "set_controller",
]
