"""/settings: a leader sees the club's rules and settings with their current values on one
screen, and changes one by typing (or choosing) it; each value is checked, each change
audit-logged. A club in a network can also invite the network's coordinator from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Literal

from base.i18n import Text
from exports.words import translator
from flows import flow
from flows.buttons import ButtonData, Chars, Word
from flows.flow import ClubState, Flow, Step
from flows.inputs import Command
from flows.invites import hash_code, invite_link, new_code
from flows.reply import Button, EditPressed, Message, Reply
from flows.staff import settings_list
from flows.staff.settings_list import NONE, SECTIONS, Setting
from storage.repos.clubs import Club

Choice = Literal["yes", "no", "days", "month"]
Short = Annotated[str, Chars(20)]


@dataclass(frozen=True)
class SettingsShow(ButtonData, kind="cs"):
    """The settings screen."""

    club: int


@dataclass(frozen=True)
class SettingEdit(ButtonData, kind="cse"):
    """Change one setting: its value is typed or chosen next."""

    club: int
    setting: Word


@dataclass(frozen=True)
class SettingDefault(ButtonData, kind="csd"):
    """Return one setting to its documented default."""

    club: int
    setting: Word


@dataclass(frozen=True)
class SettingChoose(ButtonData, kind="csc"):
    """One of a setting's offered values."""

    club: int
    setting: Word
    choice: Choice


@dataclass(frozen=True)
class SettingToggle(ButtonData, kind="cst"):
    """Tick or untick one code of a code-list setting (art. 1(2) groups, obligations)."""

    club: int
    setting: Short  # two words would not fit the 64 bytes
    code: Short


@dataclass(frozen=True)
class CoordinatorInvite(ButtonData, kind="csn"):
    """A single-use invite link for the coordinator of a network the club belongs to."""

    club: int
    network: int


class SettingState(ClubState):
    """A setting's new value is awaited."""

    flow: Literal["settings"] = "settings"
    setting: str


async def _networks(step: Step) -> list[tuple[int, str]]:
    """The networks the club belongs to: id and name."""
    tx, club_id = step.ctx.tx, step.staff.club_id
    return [
        (n.id, n.name)
        for n in await tx.networks.all()
        if club_id in await tx.networks.club_ids(n.id)
    ]


async def show(step: Step, club: Club) -> list[Reply]:
    """Every setting with its current value, by section, and a button for each."""
    lang = step.lang
    t = translator(lang)
    values = await settings_list.current_values(step.ctx.tx, club, lang)
    shown = settings_list.of_club(club)
    lines = [t("settings.title", club=club.name)]
    for section in SECTIONS:
        here = [s for s in shown if s.section == section]
        if here:
            lines.append("\n" + t(f"settings.section.{section}"))
        lines += [
            t("settings.line", name=t(f"settings.name.{s.code}"), value=values[s.code])
            for s in here
        ]
    lines.append("\n" + t("settings.how"))
    labels = [
        Button(Text(f"settings.name.{s.code}"), SettingEdit(club.id, s.code).encode())
        for s in shown
    ]
    keyboard = [tuple(labels[i : i + 2]) for i in range(0, len(labels), 2)]
    keyboard += [
        (
            Button(
                Text("settings.invite_coordinator", {"network": name}),
                CoordinatorInvite(club.id, network_id).encode(),
            ),
        )
        for network_id, name in await _networks(step)
    ]
    return [Message(("\n".join(lines),), tuple(keyboard), lang)]


async def _ask(step: Step, club: Club, setting: Setting) -> list[Reply]:
    """What the setting decides, its value now, and what to type (or the choices)."""
    lang = step.lang
    values = await settings_list.current_values(step.ctx.tx, club, lang)
    parts: list[Text] = [
        Text("settings.ask", {"name": translator(lang)(f"settings.name.{setting.code}"),
                              "value": values[setting.code]}),
        Text(f"settings.hint.{setting.code}"),
    ]  # fmt: skip
    choices: tuple[tuple[Button, ...], ...] = ()
    if setting.codes:
        return [Message(tuple(parts), await _ticks(step, club, setting), lang)]
    if setting.choices:
        choices = (
            tuple(
                Button(
                    Text(f"settings.choice.{c}"),
                    SettingChoose(club.id, setting.code, c).encode(),  # type: ignore[arg-type]
                )
                for c in setting.choices
            ),
        )
    else:
        await step.remember(SettingState(club=club.id, setting=setting.code))
        if setting.can_be_off:
            parts.append(Text("settings.none_hint", {"none": NONE}))
        parts.append(Text("path.cancel_hint"))
    default = ((Button(Text("settings.default"), SettingDefault(club.id, setting.code).encode()),),)
    return [Message(tuple(parts), (*choices, *default), lang)]


async def _change(step: Step, club: Club, setting: Setting, typed: str | None) -> str | None:
    """Store the value (None: the default); the stored text, None when not valid."""
    return await settings_list.change(
        step.ctx.tx,
        club,
        setting,
        typed,
        now=step.ctx.now,
        default_language=step.ctx.settings.default_language,
    )


async def _ticks(step: Step, club: Club, setting: Setting) -> tuple[tuple[Button, ...], ...]:
    """A button per code, ticked when the setting holds it; then done and the default."""
    t = translator(step.lang)
    now = await settings_list.ticked(step.ctx.tx, club, setting)
    return (
        *(
            (
                Button(
                    ("✓ " if code in now else "") + t(f"{setting.prefix}.{code}"),
                    SettingToggle(club.id, setting.code, code).encode(),
                ),
            )
            for code in setting.codes
        ),
        (Button(Text("settings.done"), SettingsShow(club.id).encode()),),
        (Button(Text("settings.default"), SettingDefault(club.id, setting.code).encode()),),
    )


async def _toggle(step: Step, club: Club, setting: Setting, code: str) -> list[Reply]:
    """Tick or untick one code (at least one stays), audit-logged, on the same message."""
    if code not in setting.codes:
        return step.stale()
    now = await settings_list.ticked(step.ctx.tx, club, setting)
    wanted = [c for c in setting.codes if (c in now) != (c == code)]
    if not wanted:
        return step.say("settings.one_at_least")
    stored = await _change(step, club, setting, ",".join(wanted))
    if stored is None:
        return step.stale()
    await step.ctx.tx.audit.record(
        step.ctx.now,
        step.staff.audit_name,
        "club.setting",
        club_id=club.id,
        detail=f"{setting.key}={stored}"[:200],
    )
    text = Text(f"settings.hint.{setting.code}")
    return [EditPressed((text,), step.lang, await _ticks(step, club, setting))]


async def _changed(
    step: Step, club: Club, setting: Setting, action: str, stored: str
) -> list[Reply]:
    """Audit-log the change and show the screen again."""
    await step.ctx.tx.audit.record(
        step.ctx.now,
        step.staff.audit_name,
        action,
        club_id=club.id,
        detail=f"{setting.key}={stored}"[:200],
    )
    return [*step.say("settings.saved"), *await show(step, club)]


async def _invite(step: Step, club: Club, network_id: int) -> list[Reply]:
    """A single-use, expiring link for the network's coordinator (audit-logged)."""
    names = dict(await _networks(step))
    if network_id not in names:
        return step.not_available()  # a network the club is not in
    ctx = step.ctx
    code = new_code()
    days = ctx.settings.invite_valid_days
    await ctx.tx.networks.add_invite(
        hash_code(code), network_id, ctx.now, ctx.now + timedelta(days=days)
    )
    await ctx.tx.audit.record(
        ctx.now, step.staff.audit_name, "network.invite", club_id=club.id, detail=str(network_id)
    )
    text = Text("settings.coordinator_link", {"network": names[network_id], "days": days})
    return [Message((text, invite_link(ctx.bot_username, code)), language=step.lang)]


async def _club(step: Step, club_id: int) -> Club | None:
    """The club the button names, when it is the one the leader works in now."""
    if club_id != step.staff.club_id:
        return None
    return await step.ctx.tx.clubs.get(club_id)


async def _press(
    step: Step,
    button: SettingsShow
    | SettingEdit
    | SettingDefault
    | SettingChoose
    | SettingToggle
    | CoordinatorInvite,
) -> list[Reply]:
    club = await _club(step, button.club)
    if club is None:
        return step.not_available()
    if isinstance(button, SettingsShow):
        return await show(step, club)
    if isinstance(button, CoordinatorInvite):
        return await _invite(step, club, button.network)
    setting = settings_list.find(club, button.setting)
    if setting is None:
        return step.stale()  # a setting that no longer exists (or not for this club), or forged
    if isinstance(button, SettingEdit):
        return await _ask(step, club, setting)
    if isinstance(button, SettingToggle):
        return await _toggle(step, club, setting, button.code)
    if isinstance(button, SettingDefault):
        await step.remember(None)
        stored = await _change(step, club, setting, None)
        return await _changed(step, club, setting, "club.setting_default", stored or "default")
    stored = await _change(step, club, setting, button.choice)
    if stored is None:
        return step.stale()  # a choice this setting does not offer
    return await _changed(step, club, setting, "club.setting", stored)


async def _text(step: Step, text: str) -> list[Reply] | None:
    pending = step.mine(SettingState)
    if pending is None:
        return None
    club = await _club(step, pending.club)
    setting = settings_list.find(club, pending.setting) if club is not None else None
    if club is None or setting is None:
        await step.remember(None)
        return step.not_available()
    stored = await _change(step, club, setting, text[:400])
    if stored is None:
        return [
            Message(
                (Text("settings.invalid"), Text(f"settings.hint.{setting.code}")),
                language=step.lang,
            )
        ]
    await step.remember(None)
    return await _changed(step, club, setting, "club.setting", stored)


async def _command(step: Step, cmd: Command) -> list[Reply]:
    club = await step.ctx.tx.clubs.get(step.staff.club_id)
    return step.not_available() if club is None else await show(step, club)


FLOW = Flow(
    name="settings",
    side="staff",
    access=flow.staff_who_can("manage_staff"),
    commands=frozenset({"settings"}),
    buttons=(
        SettingsShow,
        SettingEdit,
        SettingDefault,
        SettingChoose,
        SettingToggle,
        CoordinatorInvite,
    ),
    states=(SettingState,),
    on_command=_command,
    on_press=_press,
    on_text=_text,
)
