"""Table exports shared by the reports (F-REPORT-2, F-REPORT-3): a formatted XLSX and a CSV that Excel opens.

Both stream: rows come from an iterable and are written one at a time (openpyxl's write-only mode, the csv
module), so a report over the whole country never holds its table in memory.

- XLSX: Russian headers in bold on a grey fill, column widths, the header row frozen, links as hyperlinks,
  a totals row («Итого») under the columns marked ``total`` (summed) or ``count`` (non-empty cells counted).
- CSV: UTF-8 with a BOM and «;» as the separator — choice: what Excel with Russian regional settings opens
  by a double click with Cyrillic intact and the columns split; links are written as their address.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
TOTALS_LABEL = "Итого"
# Excel's limit for a sheet name, and the characters it refuses in one
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Link:
    """A cell that is a hyperlink: ``text`` shown, ``url`` followed (absolute, for a file opened anywhere)."""
    text: str
    url: str

    def __str__(self):
        return self.text


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 20
    total: bool = False  # summed in the totals row
    count: bool = False  # the totals row counts the column's non-empty cells (e.g. practices listed)


@dataclass
class Sheet:
    """One table: ``rows`` is any iterable of sequences (a generator streams), cells are str, numbers,
    dates, None or ``Link``."""
    title: str
    columns: list
    rows: object = field(default_factory=list)
    totals: bool = True  # a totals row when any column is marked ``total``


def _number(value):
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _start_totals(columns):
    return [0 if column.total or column.count else None for column in columns]


def _add_to_totals(columns, sums, row):
    for index, value in enumerate(row):
        if sums[index] is None:
            continue
        if columns[index].count:
            sums[index] += value not in (None, "")
        elif _number(value):
            sums[index] += value


def _has_totals(sheet):
    return sheet.totals and any(column.total or column.count for column in sheet.columns)


def _header_cell(ws, text):
    cell = WriteOnlyCell(ws, value=text)
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="E9ECEF")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _cell(ws, value):
    if isinstance(value, Link):
        cell = WriteOnlyCell(ws, value=value.text)
        cell.hyperlink = value.url
        cell.style = "Hyperlink"
        return cell
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and "\n" in value:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def sheet_name(title):
    return (title.translate(SHEET_NAME_FORBIDDEN).strip() or "Лист")[:SHEET_NAME_MAX]


def write_xlsx(sheets, target):
    """Write ``sheets`` (a list of ``Sheet``) as one workbook into ``target`` (a path or a binary file).
    Returns the number of data rows written over all sheets."""
    workbook = Workbook(write_only=True)
    written = 0
    for sheet in sheets:
        ws = workbook.create_sheet(sheet_name(sheet.title))
        ws.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.append([_header_cell(ws, column.title) for column in sheet.columns])
        sums = _start_totals(sheet.columns)
        for row in sheet.rows:
            ws.append([_cell(ws, value) for value in row])
            written += 1
            _add_to_totals(sheet.columns, sums, row)
        if _has_totals(sheet):
            totals = [TOTALS_LABEL] + [s if s is not None else None for s in sums[1:]]
            cells = [_cell(ws, value) for value in totals]
            for cell in cells:
                cell.font = Font(bold=True)
            ws.append(cells)
    workbook.save(target)
    return written


def xlsx_bytes(sheets):
    buffer = io.BytesIO()
    write_xlsx(sheets, buffer)
    return buffer.getvalue()


def _csv_value(value):
    if isinstance(value, Link):
        return value.url
    if value is None:
        return ""
    return value


CSV_CHUNK = 64 * 1024


def _csv_chunks(sheet, counter):
    """The CSV of ``sheet`` as text chunks of about ``CSV_CHUNK`` characters; ``counter[0]`` ends as the
    number of data rows."""
    buffer = io.StringIO(newline="")
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([column.title for column in sheet.columns])
    sums = _start_totals(sheet.columns)
    for row in sheet.rows:
        writer.writerow([_csv_value(value) for value in row])
        counter[0] += 1
        _add_to_totals(sheet.columns, sums, row)
        if buffer.tell() >= CSV_CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if _has_totals(sheet):
        writer.writerow([TOTALS_LABEL] + ["" if s is None else s for s in sums[1:]])
    yield buffer.getvalue()


def write_csv(sheet, target):
    """Write one ``Sheet`` as CSV into ``target`` (a text file opened with ``newline=""``): a BOM, the
    header, the rows and the totals row like the XLSX. Returns the number of data rows."""
    counter = [0]
    for chunk in _csv_chunks(sheet, counter):
        target.write(chunk)
    return counter[0]


def iter_csv(sheet):
    """The same CSV as text chunks, for a streaming response (the open data CSV, F-PLUS-5)."""
    yield from _csv_chunks(sheet, [0])


def csv_bytes(sheet):
    buffer = io.StringIO(newline="")
    write_csv(sheet, buffer)
    return buffer.getvalue().encode("utf-8")
