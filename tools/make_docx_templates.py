"""Build the Word templates exports/templates/summary.docx, plan.docx, certificate.docx,
report.docx (the club report) and sheet.docx (the attendance list, benefit statement and the
statutory and network reports) with python-docx.

Run `python tools/make_docx_templates.py` after changing this script, and commit the .docx
files with it. Staff may instead open the .docx files in Word and change layout, fonts and
wording there: the `{{ ... }}` and `{%p ... %}` tags are docxtpl (jinja2) tags; keep each tag
whole inside one run of text. `t("key")` prints a heading from flows/locales/*/exports_docs.po
in the document's language; replacing it with a literal word fixes that word in every language.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

TEMPLATES = Path(__file__).resolve().parent.parent / "exports" / "templates"


def _new() -> DocumentObject:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"  # type: ignore[attr-defined]
    normal.font.size = Pt(10)  # type: ignore[attr-defined]
    # A fixed core: Word otherwise stamps the build time and the author into every file.
    document.core_properties.author = "kisbot"
    document.core_properties.title = ""
    return document


def _meta_table(document: DocumentObject, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value


def _loop_table(
    document: DocumentObject,
    header: list[str],
    loop: str,
    cells: list[str],
    numeric: int | None = None,
    widths_mm: tuple[int, ...] = (),
) -> None:
    """A table with a header row and one row repeated by a docxtpl {%tr for %} loop; columns
    from `numeric` on are right-aligned, so figures line up as in the HTML, and a bold header
    when widths are given (the report's tables; the older templates keep their look)."""
    table = document.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    if any(header):
        top = table.add_row().cells
        for index, text in enumerate(header):
            top[index].text = text
    table.add_row().cells[0].text = "{%tr " + loop + " %}"
    body = table.add_row().cells
    for index, text in enumerate(cells):
        body[index].text = text
    table.add_row().cells[0].text = "{%tr endfor %}"
    if numeric is not None:
        for row in table.rows:
            for cell in row.cells[numeric:]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if widths_mm:
        table.autofit = False
        # Word reads the cells' widths, LibreOffice the grid's: both are set.
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
        if any(header):
            for cell in table.rows[0].cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _bullets(document: DocumentObject, heading: str, rows: str) -> None:
    document.add_heading(f'{{{{ t("{heading}") }}}}', level=2)
    document.add_paragraph(f"{{%p for r in {rows} %}}")
    document.add_paragraph("{{ r.label }}: {{ r.value }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph(f"{{%p if not {rows} %}}")
    document.add_paragraph('{{ t("doc.none") }}')
    document.add_paragraph("{%p endif %}")


def summary() -> DocumentObject:
    """The intake summary: short unless doc.full (then every answer and every reason)."""
    d = _new()
    d.add_heading('{{ t("doc.summary.title") }}', level=1)
    _meta_table(
        d,
        [
            (
                '{{ t("doc.participant") }}',
                "{{ doc.participant }} (#{{ doc.participant_id }}), {{ doc.club }}",
            ),
            (
                '{{ t("doc.summary.reading") }}',
                '{{ doc.reading_kind }}: {{ t("doc.summary.started") }} {{ doc.started }}, '
                '{{ t("doc.summary.submitted") }} {{ doc.submitted }}',
            ),
            # A line break between the two, kept by docxtpl (a newline in a value becomes one).
            ('{{ t("doc.summary.answered_by") }}', "{{ doc.answered_lines }}"),
        ],
    )
    d.add_paragraph("{%p if doc.safety %}")
    d.add_heading('{{ t("card.safety_header") }}', level=2)
    d.add_paragraph("{%p for reason in doc.safety %}")
    d.add_paragraph("{{ reason }}", style="List Bullet")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p endif %}")
    d.add_heading('{{ t("doc.summary.profile") }}', level=2)
    _loop_table(
        d,
        [
            '{{ t("doc.sphere") }}',
            '{{ t("doc.summary.self") }}',
            '{{ t("doc.summary.rating") }}',
            '{{ t("doc.summary.staff") }}',
        ],
        "for s in doc.spheres if s.self_score",
        ["{{ s.name }}", "{{ s.self_score }}", "{{ s.rating }}", "{{ s.staff_cell }}"],
    )
    d.add_paragraph("{{ chart }}")
    d.add_paragraph('{{ t("doc.advice") }}')
    d.add_heading('{{ t("doc.summary.findings") }}', level=2)
    _loop_table(
        d,
        [
            '{{ t("doc.sphere") }}',
            '{{ t("doc.summary.needs") }}',
            '{{ t("doc.summary.strengths") }}',
        ],
        "for s in doc.spheres if s.has_findings",
        ["{{ s.name }}", "{{ s.needs_cell }}", "{{ s.strengths_cell }}"],
    )
    d.add_heading('{{ t("doc.summary.top_suggestions") }}', level=2)
    _loop_table(
        d,
        ['{{ t("doc.sphere") }}', '{{ t("doc.summary.instrument") }}'],
        "for s in doc.spheres if s.suggestions",
        ["{{ s.name }}", "{{ s.suggestions }}"],
    )
    for heading, rows in (
        ("doc.summary.agenda", "doc.agenda"),
        ("doc.summary.missing", "doc.missing"),
    ):
        _bullets(d, heading, rows)
    d.add_paragraph("{%p if doc.full %}")
    _bullets(d, "doc.summary.suggestions", "doc.suggestions")
    d.add_heading('{{ t("doc.summary.answers") }}', level=2)
    d.add_paragraph("{%p for s in doc.spheres %}")
    d.add_heading("{{ s.name }}", level=3)
    _loop_table(
        d,
        ['{{ t("doc.question") }}', '{{ t("doc.answer") }}'],
        "for r in s.answers",
        ["{{ r.label }}", "{{ r.value }}"],
    )
    d.add_paragraph("{%p if s.staff_answers %}")
    d.add_paragraph('{{ t("doc.summary.staff_answers") }}')
    _loop_table(
        d,
        ['{{ t("doc.question") }}', '{{ t("doc.answer") }}'],
        "for r in s.staff_answers",
        ["{{ r.label }}", "{{ r.value }}"],
    )
    d.add_paragraph("{%p endif %}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p else %}")
    d.add_paragraph('{{ t("doc.summary.short_note") }}')
    d.add_paragraph("{%p endif %}")
    d.add_paragraph('{{ t("doc.generated", date=doc.generated) }}')
    return d


def _rows(document: DocumentObject, rows: str) -> None:
    _loop_table(document, ["", ""], f"for r in {rows}", ["{{ r.label }}", "{{ r.value }}"])


def plan() -> DocumentObject:
    """The support-path document (IPZS / social contract annex)."""
    d = _new()
    d.add_heading("{{ doc.title }}", level=1)
    d.add_paragraph('{{ t("doc.club") }}: {{ doc.club }}')
    d.add_paragraph("{%p if not doc.exists %}")
    d.add_paragraph('{{ t("doc.plan.none") }}')
    d.add_paragraph("{%p elif doc.agreed %}")
    d.add_paragraph('{{ t("doc.plan.agreed", date=doc.agreed) }}')
    d.add_paragraph("{%p else %}")
    d.add_paragraph('{{ t("doc.plan.draft") }}')
    d.add_paragraph("{%p endif %}")
    d.add_heading('{{ t("doc.plan.details") }}', level=2)
    _rows(d, "doc.details")
    d.add_paragraph("{%p if doc.enrolment %}")
    _rows(d, "doc.enrolment.details")
    d.add_heading('{{ t("doc.enrol.basis_heading") }}', level=2)
    _rows(d, "doc.enrolment.basis")
    d.add_heading('{{ t("doc.enrol.period_heading") }}', level=2)
    _rows(d, "doc.enrolment.period")
    d.add_paragraph("{%p endif %}")
    d.add_heading('{{ t("doc.case.heading") }}', level=2)
    _rows(d, "doc.case_people")
    d.add_paragraph("{%p if not doc.case_people %}")
    d.add_paragraph('{{ t("doc.case.none") }}')
    d.add_paragraph("{%p endif %}")
    d.add_heading('{{ t("doc.plan.diagnosis") }}', level=2)
    _rows(d, "doc.diagnosis")
    d.add_paragraph('{{ t("doc.advice") }}')
    d.add_heading('{{ t("doc.plan.goals") }}', level=2)
    d.add_heading('{{ t("doc.plan.social_goals") }}', level=3)
    d.add_paragraph("{{ doc.social_goals }}")
    d.add_heading('{{ t("doc.plan.vocational_goals") }}', level=3)
    d.add_paragraph("{{ doc.vocational_goals }}")
    d.add_heading('{{ t("doc.goal.heading") }}', level=3)
    _loop_table(
        d,
        ['{{ t("doc.goal.goal") }}', '{{ t("doc.goal.indicator") }}', '{{ t("doc.goal.due") }}'],
        "for g in doc.goals",
        [
            "{{ g.goal }}{% if g.ended %} – {{ g.ended }}{% endif %}",
            "{{ g.indicator }}",
            "{{ g.due }}",
        ],
    )
    d.add_paragraph("{%p if not doc.goals %}")
    d.add_paragraph('{{ t("doc.goal.none") }}')
    d.add_paragraph("{%p endif %}")
    d.add_heading('{{ t("doc.week.heading") }}', level=2)
    d.add_paragraph("{%p if doc.week.agreed %}")
    _rows(d, "doc.week.rows")
    d.add_paragraph(
        '{{ t("doc.week.share", share=doc.week.share) }} '
        '{{ t("doc.week.meets") if doc.week.meets_rule else t("doc.week.below") }}'
    )
    d.add_paragraph("{%p else %}")
    d.add_paragraph('{{ t("doc.week.none") }}')
    d.add_paragraph("{%p endif %}")
    d.add_heading('{{ t("doc.plan.schedule") }}', level=3)
    d.add_paragraph("{{ doc.schedule.note }}")
    d.add_paragraph("{%p for r in doc.schedule.rows %}")
    d.add_paragraph("{{ r.label }}: {{ r.value }}", style="List Bullet")
    d.add_paragraph("{%p endfor %}")
    d.add_heading('{{ t("doc.plan.instruments") }}', level=2)
    d.add_paragraph("{%p for s in doc.spheres %}")
    d.add_heading("{{ s.name }}", level=3)
    _loop_table(
        d,
        [
            '{{ t("doc.plan.instrument") }}',
            '{{ t("doc.plan.partner") }}',
            '{{ t("doc.plan.responsible") }}',
            '{{ t("doc.plan.start") }}',
            '{{ t("doc.plan.target") }}',
            '{{ t("doc.plan.item_status") }}',
        ],
        "for i in s.items",
        [
            "{{ i.instrument }}",
            "{{ i.partner }}",
            "{{ i.responsible }}",
            "{{ i.start }}",
            "{{ i.target }}",
            "{{ i.status }}",
        ],
    )
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p if not doc.spheres %}")
    d.add_paragraph('{{ t("doc.plan.no_instruments") }}')
    d.add_paragraph("{%p endif %}")
    d.add_heading('{{ t("doc.plan.obligations") }}', level=2)
    d.add_paragraph("{{ doc.obligations }}")
    d.add_heading('{{ t("doc.plan.club_obligations") }}', level=2)
    d.add_paragraph("{%p for o in doc.club_obligations %}")
    d.add_paragraph("\u2610 {{ o }}")
    d.add_paragraph("{%p endfor %}")
    d.add_heading('{{ t("doc.plan.end_conditions") }}', level=2)
    d.add_paragraph("{{ doc.end_conditions }}")
    d.add_heading('{{ t("doc.review.heading") }}', level=2)
    d.add_paragraph('{{ t("doc.plan.review") }}: {{ doc.review_date }}')
    _loop_table(
        d,
        [
            '{{ t("doc.review.date") }}',
            '{{ t("doc.review.changes") }}',
            '{{ t("doc.review.who") }}',
        ],
        "for r in doc.reviews",
        ["{{ r.date }}", "{{ r.changes }}", "{{ r.who }}"],
    )
    d.add_heading('{{ t("doc.review.final") }}', level=3)
    d.add_paragraph("{{ doc.final_assessment }}")
    d.add_heading('{{ t("doc.plan.annexes") }}', level=2)
    _rows(d, "doc.annexes")
    d.add_paragraph("{%p if not doc.annexes %}")
    d.add_paragraph('{{ t("doc.none") }}')
    d.add_paragraph("{%p endif %}")
    d.add_heading('{{ t("doc.plan.signatures") }}', level=2)
    # One row per signer: the name of the role under a signature line, and a date line.
    _loop_table(
        d,
        ["", ""],
        "for who in doc.signatures",
        [
            "\n\n______________________________\n{{ who }}",
            '\n\n{{ t("doc.sign.date") }} ____________________',
        ],
    )
    d.add_paragraph('{{ t("doc.generated", date=doc.generated) }}')
    return d


# The report's column widths on the 174 mm between the margins: labels get the room.
TWO = (140, 34)


def _figures(document: DocumentObject, header: list[str], rows: str) -> None:
    """A table of a report's figures: label and count (no header row when header is empty)."""
    _loop_table(document, header, f"for f in {rows}", ["{{ f.label }}", "{{ f.value }}"], 1, TWO)


def report() -> DocumentObject:
    """The club report (exports/report.py), the same sections and figures as report.html.j2."""
    d = _new()
    d.add_heading('{{ t("doc.report.title") }}', level=1)
    head = d.add_paragraph()
    head.add_run("{{ doc.club }}").bold = True
    d.add_paragraph("{{ doc.period }}")
    d.add_paragraph('{{ t("doc.report.figures_note") }}')
    d.add_heading('{{ t("doc.report.programme") }}', level=2)
    count = '{{ t("doc.report.count") }}'
    _figures(d, ['{{ t("doc.report.programme") }}', count], "doc.programme")
    d.add_heading('{{ t("doc.report.by_group") }}', level=2)
    d.add_paragraph("{%p if doc.groups %}")
    _figures(d, ['{{ t("doc.report.group") }}', count], "doc.groups")
    d.add_paragraph("{%p else %}")
    d.add_paragraph('{{ t("doc.none") }}')
    d.add_paragraph("{%p endif %}")
    d.add_heading('{{ t("doc.report.outcomes") }}', level=2)
    _figures(d, ['{{ t("doc.report.outcomes") }}', count], "doc.outcomes")
    d.add_heading('{{ t("doc.report.follow_ups") }}', level=2)
    d.add_paragraph("{%p if doc.follow_ups %}")
    _figures(d, ["", ""], "doc.follow_ups")
    d.add_paragraph("{%p else %}")
    d.add_paragraph('{{ t("doc.report.no_follow_ups") }}')
    d.add_paragraph("{%p endif %}")
    d.add_heading('{{ t("doc.report.readings") }}', level=2)
    _loop_table(
        d,
        ['{{ t("doc.report.kind") }}', '{{ t("doc.report.self") }}', '{{ t("doc.report.staff") }}'],
        "for kind, own, staff in doc.readings",
        ['{{ t("doc.kind." ~ kind) }}', "{{ own }}", "{{ staff }}"],
        1,
        (104, 35, 35),
    )
    d.add_heading('{{ t("doc.report.scores") }}', level=2)
    d.add_paragraph('{{ t("doc.report.pairs", count=doc.pairs) }}')
    _loop_table(
        d,
        [
            '{{ t("doc.sphere") }}',
            '{{ t("doc.report.entry") }}',
            '{{ t("doc.report.exit") }}',
            '{{ t("doc.report.change") }}',
        ],
        "for r in doc.scores",
        [
            "{{ r.sphere }}",
            "{{ formats.number(r.entry, 1) }}",
            "{{ formats.number(r.exit, 1) }}",
            "{{ formats.signed(r.change, 1) }}",
        ],
        1,
        (83, 30, 30, 31),
    )
    d.add_paragraph("{{ chart }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph('{{ t("doc.advice") }}')
    d.add_heading('{{ t("doc.report.attendance") }}', level=2)
    d.add_paragraph("{{ doc.attendance.note }}")
    d.add_paragraph("{%p if doc.attendance.rows %}")
    _loop_table(
        d, ["", ""], "for r in doc.attendance.rows", ["{{ r.label }}", "{{ r.value }}"], 1, TWO
    )
    d.add_paragraph("{%p endif %}")
    d.add_paragraph("{%p if doc.supervision %}")
    d.add_heading('{{ t("doc.report.supervision") }}', level=2)
    _figures(d, ["", ""], "doc.supervision")
    d.add_paragraph("{%p endif %}")
    d.add_paragraph("")
    d.add_paragraph('{{ t("doc.generated", date=doc.generated) }}')
    return d


def _column_loop(row: list[object], items: str, value: str) -> None:
    """Three cells that docxtpl turns into one cell per item: {%tc for %}, value, endfor."""
    row[0].text = "{%tc for c in " + items + " %}"  # type: ignore[attr-defined]
    row[1].text = value  # type: ignore[attr-defined]
    row[2].text = "{%tc endfor %}"  # type: ignore[attr-defined]


def sheet() -> DocumentObject:
    """Any document of headed sections with tables (exports/sheet.py); landscape when asked."""
    d = _new()
    d.add_heading("{{ doc.title }}", level=1)
    d.add_paragraph("{%p for line in doc.lines %}")
    d.add_paragraph("{{ line }}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p for s in doc.sections %}")
    d.add_heading("{{ s.heading }}", level=2)
    d.add_paragraph("{%p for n in s.notes %}")
    d.add_paragraph("{{ n }}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p for c in s.to_complete %}")
    d.add_paragraph("▢ {{ c }}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p for b in s.bars %}")
    d.add_paragraph("{{ b.label }}: {{ b.value }}", style="List Bullet")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p for tb in s.tables %}")
    table = d.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    _column_loop(table.rows[0].cells, "tb.header", "{{ c }}")
    table.rows[1].cells[0].text = "{%tr for r in tb.rows %}"
    _column_loop(table.rows[2].cells, "r", "{{ c }}")
    table.rows[3].cells[0].text = "{%tr endfor %}"
    d.add_paragraph("")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p for who in doc.signatures %}")
    d.add_paragraph("\n\n______________________________  {{ who }}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph('{{ t("doc.generated", date=doc.generated) }}')
    return d


def certificate() -> DocumentObject:
    """The completion certificate; staff may restyle it and add the club's letterhead in Word."""
    d = _new()
    right = d.add_paragraph(
        '{{ doc.club }}\n{{ t("doc.certificate.place_date", date=doc.issued) }}'
    )
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for _ in range(3):
        d.add_paragraph("")
    title = d.add_heading('{{ t("doc.certificate.title") }}', level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number = d.add_paragraph('{{ t("doc.certificate.number", number=doc.number) }}')
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("")
    body = d.add_paragraph(
        '{{ t("doc.certificate.text", name=doc.participant, '
        "club=doc.club, start=doc.period_start, end=doc.period_end) }}"
    )
    body.runs[0].font.size = Pt(12)
    _meta_table(
        d,
        [
            ('{{ t("doc.enrol.basis") }}', '{{ doc.basis or t("doc.not_recorded") }}'),
            ('{{ t("doc.enrol.groups") }}', '{{ doc.groups or t("doc.not_recorded") }}'),
            ('{{ t("doc.enrol.outcome") }}', '{{ doc.outcome or t("doc.not_recorded") }}'),
        ],
    )
    d.add_paragraph("")
    d.add_paragraph('{{ t("doc.certificate.legal", basis=doc.legal_basis) }}')
    for _ in range(4):
        d.add_paragraph("")
    sign = d.add_paragraph('______________________________\n{{ t("doc.certificate.leader") }}')
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return d


def main() -> None:
    """Write the templates."""
    summary().save(str(TEMPLATES / "summary.docx"))
    plan().save(str(TEMPLATES / "plan.docx"))
    sheet().save(str(TEMPLATES / "sheet.docx"))
    report().save(str(TEMPLATES / "report.docx"))
    certificate().save(str(TEMPLATES / "certificate.docx"))


if __name__ == "__main__":
    main()
