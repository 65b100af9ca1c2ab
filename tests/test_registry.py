"""The flow registry: every command, button kind and state type has exactly one owner."""

from __future__ import annotations

from typing import Literal

from base.i18n import has
from flows import flow, registry
from flows.flow import Flow, FlowState
from flows.staff.links import OpenCard


def test_the_registry_has_no_two_owners_of_anything() -> None:
    assert registry.duplicates(registry.ALL) == []
    owners = [f.name for f in registry.ALL]
    assert len(owners) == len(set(owners))


def test_two_flows_claiming_a_command_or_a_button_kind_are_found() -> None:
    class Waiting(FlowState):
        flow: Literal["card"] = "card"

    copy = Flow(
        name="copy",
        side="staff",
        access=flow.staff,
        commands=frozenset({"card", "brand_new"}),
        buttons=(OpenCard,),
        states=(Waiting,),
    )
    found = registry.duplicates((*registry.ALL, copy))
    assert "/card: card and copy" in found
    assert "button 'pcd': card and copy" in found
    assert not any("brand_new" in f for f in found)


def test_every_staff_command_is_in_the_staff_help() -> None:
    from base.i18n import translate

    for lang in ("pl", "uk", "en"):
        text = translate(lang, "staff.help")
        for name in registry.STAFF_COMMANDS:
            assert f"/{name}" in text, (lang, name)


def test_every_command_a_menu_can_list_has_a_description_in_every_language() -> None:
    for one in registry.ALL:
        for name in one.commands:
            for lang in ("pl", "uk", "en"):
                assert has(lang, f"commands.{name}"), (lang, name)
