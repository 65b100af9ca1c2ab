"""A draft data-protection impact assessment (GDPR art. 35), filled from the deployment.

kisbot knows what it collects, who sees it, how long it keeps it, which processors it uses
and which measures are in place; the club's DPO completes the assessment of risks and signs.
Words come from the `dpia.*` keys of the message catalogues; facts from the database and the
settings.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from base.i18n import translate
from exports.markdown import escape_markdown as escape
from questionnaires.loader import load_bundled
from storage.club_rules import rules_of
from storage.privacy.controller import controller_of
from storage.privacy.erasure import MESSAGES_KEPT_DAYS
from storage.tx import Tx

TELEGRAM_API = "https://api.telegram.org"


@dataclass(frozen=True)
class Facts:
    """What the deployment's settings say (the caller reads them from bot.settings)."""

    invite_valid_days: int
    nudge_after_hours: tuple[int, ...]
    api_url: str
    webhook: bool
    log_level: str
    operators: int


@dataclass
class Dpia:
    """The document as blocks: ("h", text), ("p", text), ("ul", items), ("table", rows)."""

    language: str
    blocks: list[tuple[str, object]] = field(default_factory=list)

    def h(self, key: str, **params: object) -> None:
        self.blocks.append(("h", self.t(key, **params)))

    def p(self, key: str, **params: object) -> None:
        self.blocks.append(("p", self.t(key, **params)))

    def ul(self, items: list[str]) -> None:
        self.blocks.append(("ul", items))

    def table(self, rows: list[list[str]]) -> None:
        self.blocks.append(("table", rows))

    def t(self, key: str, **params: object) -> str:
        return translate(self.language, f"dpia.{key}", params)  # type: ignore[arg-type]

    def markdown(self) -> bytes:
        """The document as Markdown (every value escaped)."""
        out: list[str] = []
        for kind, value in self.blocks:
            if kind == "h":
                out += [f"## {escape(str(value))}", ""]
            elif kind == "p":
                out += [escape(str(value)), ""]
            elif kind == "ul":
                out += [f"- {escape(item)}" for item in value]  # type: ignore[attr-defined]
                out.append("")
            else:
                rows: list[list[str]] = value  # type: ignore[assignment]
                out.append("| " + " | ".join(escape(c) for c in rows[0]) + " |")
                out.append("|" + "---|" * len(rows[0]))
                out += ["| " + " | ".join(escape(c) for c in r) + " |" for r in rows[1:]]
                out.append("")
        return ("# " + escape(self.t("title")) + "\n\n" + "\n".join(out)).encode("utf-8")

    def docx(self) -> bytes:
        """The document as Word, so the DPO can complete it."""
        from docx import Document

        document = Document()
        document.add_heading(self.t("title"), level=0)
        for kind, value in self.blocks:
            if kind == "h":
                document.add_heading(str(value), level=1)
            elif kind == "p":
                document.add_paragraph(str(value))
            elif kind == "ul":
                for item in value:  # type: ignore[attr-defined]
                    document.add_paragraph(str(item), style="List Bullet")
            else:
                rows: list[list[str]] = value  # type: ignore[assignment]
                grid = document.add_table(rows=len(rows), cols=len(rows[0]))
                grid.style = "Table Grid"
                for r, row in enumerate(rows):
                    for c, cell in enumerate(row):
                        grid.cell(r, c).text = cell
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


async def build_dpia(tx: Tx, facts: Facts, language: str, today: date) -> Dpia:
    """The draft, from the database (clubs, controllers, retention) and the settings."""
    doc = Dpia(language)
    d = doc.t
    doc.p("intro", date=today.strftime("%d.%m.%Y"))

    doc.h("controllers")
    rows = [[d("col.club"), d("col.controller"), d("col.contact"), d("col.retention")]]
    for club in await tx.clubs.all():
        controller = await controller_of(tx, club.id)
        rules = await rules_of(tx, club.id)
        named = ", ".join(x for x in (controller.legal_name, controller.address) if x)
        rows.append(
            [
                f"{club.name} ({club.kind})",
                named or d("not_set"),
                controller.contact or d("not_set"),
                d("months", months=rules.retention_months),
            ]
        )
    doc.table(rows)

    doc.h("purposes")
    doc.ul([d("purpose.diagnosis"), d("purpose.plan"), d("purpose.schedule"), d("purpose.records")])
    doc.p("legal_basis")

    doc.h("data")
    questionnaire = load_bundled("diagnosis_participant")
    counts: dict[str, int] = {}
    for section in questionnaire.sections:
        if section.sphere is not None:
            counts[section.sphere] = counts.get(section.sphere, 0) + len(section.items)
    sphere_rows = [[d("col.sphere"), d("col.questions")]]
    sphere_rows += [[translate(language, f"sphere.{s}"), str(n)] for s, n in counts.items()]
    doc.p("data.questionnaire", version=questionnaire.version)
    doc.table(sphere_rows)
    doc.ul(
        [
            d("data.identity"),
            d("data.special"),
            d("data.staff"),
            d("data.records"),
            d("data.schedule"),
            d("data.audit"),
        ]
    )

    doc.h("access")
    doc.ul([d("access.staff"), d("access.notes"), d("access.leaders"), d("access.operators")])

    doc.h("retention")
    doc.ul(
        [
            d("retention.period"),
            d("retention.messages", days=MESSAGES_KEPT_DAYS),
            d("retention.erasure"),
            d("retention.backups"),
        ]
    )

    doc.h("processors")
    self_hosted = facts.api_url.rstrip("/") != TELEGRAM_API
    doc.ul(
        [
            d("processors.telegram_self") if self_hosted else d("processors.telegram"),
            d("processors.hosting"),
        ]
    )

    doc.h("measures")
    doc.ul(
        [
            d("measures.consent"),
            d("measures.invites", days=facts.invite_valid_days),
            d("measures.webhook") if facts.webhook else d("measures.polling"),
            d("measures.access"),
            d("measures.audit"),
            d("measures.files"),
            d("measures.erasure"),
            d("measures.logs", level=facts.log_level),
            d("measures.nudges", hours=", ".join(map(str, facts.nudge_after_hours))),
            d("measures.operators", count=facts.operators),
        ]
    )

    doc.h("risks")
    doc.table(
        [
            [d("col.risk"), d("col.likelihood"), d("col.severity"), d("col.mitigation")],
            [d("risk.device"), "", "", d("risk.device.m")],
            [d("risk.telegram"), "", "", d("risk.telegram.m")],
            [d("risk.staff"), "", "", d("risk.staff.m")],
            [d("risk.breach"), "", "", d("risk.breach.m")],
            [d("risk.profiling"), "", "", d("risk.profiling.m")],
        ]
    )

    doc.h("signoff")
    doc.ul([d("signoff.dpo"), d("signoff.decision"), d("signoff.review")])
    return doc
