"""The shared table exports of the reports (F-REPORT-2, F-REPORT-3): XLSX formatting and a CSV Excel opens."""

import csv
import io

from openpyxl import load_workbook

from smarteka.exports import Column, Link, Sheet, csv_bytes, xlsx_bytes

COLUMNS = [Column("Практика", width=50), Column("Ссылка", width=30), Column("Заявок", width=10, total=True)]
ROWS = [
    ["Школа наставников «Ёлка»", Link("Открыть", "https://smarteka.example.ru/practices/1/"), 3],
    ["МФЦ для бизнеса", Link("Открыть", "https://smarteka.example.ru/practices/2/"), 4],
    ["Без заявок", None, None],
]


def test_f_report_2_xlsx_has_russian_header_widths_frozen_row_links_and_totals():
    rows = iter(ROWS)  # a generator streams: it is consumed once
    workbook = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Практики: I квартал/2026", COLUMNS, rows)])))
    ws = workbook.active
    assert ws.title == "Практики  I квартал 2026"
    assert [c.value for c in ws[1]] == ["Практика", "Ссылка", "Заявок"]
    assert ws[1][0].font.bold
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == 50
    assert ws["A2"].value == "Школа наставников «Ёлка»"
    assert ws["B2"].hyperlink.target == "https://smarteka.example.ru/practices/1/"
    assert [c.value for c in ws[5]] == ["Итого", None, 7]
    assert ws.max_row == 5


def test_f_report_2_csv_opens_with_cyrillic_and_excel_separator():
    data = csv_bytes(Sheet("Практики", COLUMNS, ROWS))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Практика", "Ссылка", "Заявок"]
    assert rows[1] == ["Школа наставников «Ёлка»", "https://smarteka.example.ru/practices/1/", "3"]
    assert rows[3] == ["Без заявок", "", ""]
    assert rows[4] == ["Итого", "", "7"]


def test_f_report_3_no_totals_row_without_a_summed_column():
    sheet = Sheet("Регионы", [Column("Регион"), Column("Федеральный округ")], [["Амурская область", "ДФО"]])
    ws = load_workbook(io.BytesIO(xlsx_bytes([sheet]))).active
    assert ws.max_row == 2


def test_f_report_2_count_column_counts_non_empty_cells_in_the_totals_row():
    """A ``count`` column (issue 18 item 2: the practices listed) counts its non-empty cells; ``total`` sums."""
    columns = [Column("Орган"), Column("Практика", count=True), Column("Заявок", total=True)]
    rows = [["Минобр", "Школа наставников", 2], ["Минобр", "", 1], ["Минэк", "МФЦ для бизнеса", None]]
    ws = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Практики", columns, rows)]))).active
    assert [c.value for c in ws[5]] == ["Итого", 2, 3]
    text = csv_bytes(Sheet("Практики", columns, iter(rows))).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[-1] == ["Итого", "2", "3"]
