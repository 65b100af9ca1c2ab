"""Documents from templates: HTML and Markdown with jinja2, DOCX from Word templates (docxtpl).

Every value goes through the format's escaping: HTML autoescape, Markdown backslash escapes,
XML escaping in DOCX. Only the chart, drawn by kisbot itself, is marked safe.
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources
from typing import Any, Literal

import jinja2

from exports.certificate import CertificateDoc
from exports.chart import radar_png
from exports.formats import formats
from exports.markdown import escape_markdown
from exports.plan import PlanDoc
from exports.radar import radar_svg
from exports.report import Figure, ReportDoc
from exports.sheet import Bar, BarLayout, Sheet, bar_layout
from exports.summary import SummaryDoc
from exports.words import translator

DocFormat = Literal["html", "docx", "md"]
DOC_FORMATS: tuple[DocFormat, ...] = ("html", "docx", "md")
SUFFIX: dict[str, str] = {"html": "html", "docx": "docx", "md": "md", "csv": "csv", "xlsx": "xlsx"}
CHART_WIDTH_MM = 110


def _loader() -> jinja2.BaseLoader:
    return jinja2.PackageLoader("exports", "templates")


@cache
def html_env() -> jinja2.Environment:
    """HTML templates: every value escaped unless marked safe."""
    return jinja2.Environment(
        loader=_loader(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def markdown_env() -> jinja2.Environment:
    """Markdown templates: every value printed goes through Markdown escaping."""
    return jinja2.Environment(
        loader=_loader(),
        autoescape=False,  # noqa: S701 - Markdown, not HTML: finalize escapes every value
        finalize=escape_markdown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class _CompiledOnce(jinja2.Environment):
    """docxtpl compiles each XML part of the template from its text on every render (most of a
    Word document's time); the text of a template's part is the same every time, so each is
    compiled once. A compiled template holds no render's values."""

    _compiled: dict[str, jinja2.Template]

    def from_string(self, source: Any, *args: Any, **kwargs: Any) -> jinja2.Template:
        if args or kwargs or not isinstance(source, str):
            return super().from_string(source, *args, **kwargs)
        found = self._compiled.get(source)
        if found is None:
            if len(self._compiled) >= 256:
                self._compiled.clear()
            found = self._compiled[source] = super().from_string(source)
        return found


@cache
def _docx_env() -> jinja2.Environment:
    # docxtpl renders the document's XML; autoescape keeps typed text from becoming XML.
    env = _CompiledOnce(autoescape=True, undefined=jinja2.StrictUndefined)
    env._compiled = {}
    return env


def render_html(template: str, **context: Any) -> bytes:
    """An HTML template rendered to UTF-8 bytes."""
    return html_env().get_template(template).render(**context).encode("utf-8")


def render_markdown(template: str, **context: Any) -> bytes:
    """A Markdown template rendered to UTF-8 bytes."""
    return markdown_env().get_template(template).render(**context).encode("utf-8")


def render_docx(template: str, chart_png: bytes | None, **context: Any) -> bytes:
    """A Word template (exports/templates/<template>) filled in, as .docx bytes."""
    # Imported here, like every heavy library: the bot starts without loading them.
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    source = resources.files("exports") / "templates" / template
    with source.open("rb") as fh:
        document = DocxTemplate(io.BytesIO(fh.read()))
    chart: Any = ""
    if chart_png is not None:
        chart = InlineImage(document, io.BytesIO(chart_png), width=Mm(CHART_WIDTH_MM))
    document.render({**context, "chart": chart}, jinja_env=_docx_env(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def summary_bytes(doc: SummaryDoc, fmt: DocFormat) -> bytes:
    """The intake summary in a format; draws the chart, so call it after the commit."""
    t = translator(doc.lang)
    if fmt == "md":
        return render_markdown("summary.md.j2", doc=doc, t=t, formats=formats(doc.lang))
    if fmt == "docx":
        png = radar_png(list(doc.series), doc.lang) if doc.has_chart else None
        return render_docx("summary.docx", png, doc=doc, t=t, formats=formats(doc.lang))
    svg = radar_svg(list(doc.series), doc.lang) if doc.has_chart else ""
    return render_html("summary.html.j2", doc=doc, t=t, formats=formats(doc.lang), chart_svg=svg)


def plan_bytes(doc: PlanDoc, fmt: DocFormat) -> bytes:
    """The support-path document in a format."""
    t = translator(doc.lang)
    if fmt == "md":
        return render_markdown("plan.md.j2", doc=doc, t=t, formats=formats(doc.lang))
    if fmt == "docx":
        return render_docx("plan.docx", None, doc=doc, t=t, formats=formats(doc.lang))
    return render_html("plan.html.j2", doc=doc, t=t, formats=formats(doc.lang))


def certificate_bytes(doc: CertificateDoc, fmt: Literal["html", "docx"]) -> bytes:
    """The completion certificate: Word from the editable template, or HTML."""
    t = translator(doc.lang)
    if fmt == "docx":
        return render_docx("certificate.docx", None, doc=doc, t=t, formats=formats(doc.lang))
    return render_html("certificate.html.j2", doc=doc, t=t, formats=formats(doc.lang))


def _has_scores(doc: ReportDoc) -> bool:
    """Whether any sphere has an average to draw (no star chart of empty spokes)."""
    return any(v is not None for one in doc.series for v in one.values.values())


def report_html(doc: ReportDoc) -> bytes:
    """The club report as HTML with its charts; draws, so call it after the commit."""
    svg = radar_svg(list(doc.series), doc.lang) if _has_scores(doc) else ""
    t = translator(doc.lang)
    return render_html(
        "report.html.j2",
        doc=doc,
        t=t,
        formats=formats(doc.lang),
        chart_svg=svg,
        bars_of=_bars_of,
    )


def report_docx(doc: ReportDoc) -> bytes:
    """The club report as Word, to edit before it is sent: the same figures as the HTML, in
    Word tables under Word headings, with the star chart as a picture; draws, so call it after
    the commit."""
    png = radar_png(list(doc.series), doc.lang) if _has_scores(doc) else None
    t = translator(doc.lang)
    return render_docx("report.docx", png, doc=doc, t=t, formats=formats(doc.lang))


ReportFormat = Literal["html", "docx", "csv"]


def report_bytes(doc: ReportDoc, fmt: ReportFormat) -> bytes:
    """The club report in a format: HTML, Word, or its figures as CSV."""
    if fmt == "docx":
        return report_docx(doc)
    return report_html(doc) if fmt == "html" else doc.csv()


def _bars_of(figures: tuple[Figure, ...]) -> BarLayout:
    """The report's bar chart of figures, its label column fitted to the longest label."""
    return bar_layout(tuple(Bar(f.label, int(f.value or 0)) for f in figures))


SheetFormat = Literal["html", "docx", "csv"]
SHEET_FORMATS: tuple[SheetFormat, ...] = ("html", "docx", "csv")


def sheet_bytes(doc: Sheet, fmt: SheetFormat) -> bytes:
    """A sectioned document (attendance list, benefit statement, reports) in a format."""
    t = translator(doc.lang)
    if fmt == "csv":
        return doc.csv()
    if fmt == "html":
        return render_html("sheet.html.j2", doc=doc, t=t, layout=bar_layout)
    data = render_docx("sheet.docx", None, doc=doc, t=t)
    if not doc.landscape:
        return data
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    # docxtpl keeps the template's page set-up; wide lists (a column per session) turn it.
    document = Document(io.BytesIO(data))
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin = section.right_margin = Mm(12)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
