"""Measured impact (F-PLUS-1): the quantitative results of a passport as rows, the before/after chart
data of the practice page, the headline change of a card, and the parser that turns the free-text
results of older passports into rows (data migration 0016_impact_from_text).

The regulation (2.1.5 p. 2) asks for the result «в измеримых единицах … в сравнении – до и после
реализации практики»; how a change is summed up on a card it does not say — choice: see ``headline``.
"""

import re
from decimal import Decimal, InvalidOperation

from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject

MIGRATED_SOURCE = "Перенесено из текста паспорта"
PERCENT_UNITS = {"%", "процент", "процентов", "проц."}

_NUM = r"\d[\d\u00a0 ]*(?:[.,]\d+)?"
_FROM_TO = re.compile(
    rf"^(?P<indicator>.+?)[\s:,—–-]+(?:с|со)\s+(?P<before>{_NUM})\s*(?P<unit_b>[^\d\s]{{1,20}})?\s+"
    rf"до\s+(?P<after>{_NUM})\s*(?P<unit>.*?)[.\s]*$", re.IGNORECASE)
_ARROW = re.compile(
    rf"^(?P<indicator>.+?)\s*[:—–]\s*(?P<before>{_NUM})\s*(?P<unit_b>[^\d\s→>=-]{{1,20}})?\s*(?:→|->|=>|⟶)\s*"
    rf"(?P<after>{_NUM})\s*(?P<unit>.*?)[.\s]*$")
_BULLET = re.compile(r"^\s*(?:[-•*–—]|\d{1,2}[.)])\s*")
_VERB = re.compile(r"[\s,]+(?:вырос\w*|увеличил\w*|сократил\w*|снизил\w*|уменьшил\w*|повысил\w*|понизил\w*|"
                   r"изменил\w*|составил\w*)$", re.IGNORECASE)


def _number(text):
    try:
        return Decimal(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None


def parse_line(line):
    """``{indicator, unit, value_before, value_after}`` of one line such as «Доля записей онлайн выросла
    с 40 до 54 %» or «Очередь, дней: 30 → 5»; ``None`` when the line is not one such statement."""
    text = _BULLET.sub("", line).strip()
    for pattern in (_FROM_TO, _ARROW):
        match = pattern.match(text)
        if not match:
            continue
        indicator = _VERB.sub("", match["indicator"]).strip(" :,—–-")
        unit = (match["unit"] or match["unit_b"] or "").strip()
        before, after = _number(match["before"]), _number(match["after"])
        if (not indicator or len(indicator) > 300 or len(unit) > 50 or before is None or after is None
                or max(abs(before), abs(after)) >= Decimal(10) ** 14):
            return None
        return {"indicator": indicator, "unit": unit, "value_before": before, "value_after": after}
    return None


def rows_from_text(*texts):
    """``(rows, unparsed)``: the rows parsed from the lines of ``texts`` and whether some line with a
    figure did not parse (the author is then asked to fill the rows)."""
    rows, unparsed = [], False
    for text in texts:
        for line in re.split(r"[\n;]+", text or ""):
            if not line.strip():
                continue
            row = parse_line(line)
            if row:
                rows.append(row)
            elif re.search(r"\d", line):
                unparsed = True
    return rows, unparsed


def migrate_free_text(practice_model, result_model):
    """F-PLUS-1: rows from the free-text results of every practice that has none. The texts are never
    changed (not a word is lost); a practice whose text did not give rows — or held figures that did not
    parse — gets ``results_rows_requested``, so its author is asked to fill the rows."""
    practices = (practice_model.objects.filter(results__isnull=True).exclude(results_main="", results_additional="")
                 .only("pk", "results_main", "results_additional"))
    for practice in practices.iterator(chunk_size=500):
        rows, unparsed = rows_from_text(practice.results_main, practice.results_additional)
        result_model.objects.bulk_create(
            result_model(practice_id=practice.pk, order=i, source=MIGRATED_SOURCE, **row) for i, row in enumerate(rows))
        if unparsed or not rows:
            practice_model.objects.filter(pk=practice.pk).update(results_rows_requested=True)


# --- the chart and the headline


def chart_data(results):
    """The data of the before/after chart: one entry per row, in the rows' order (json_script)."""
    return [{
        "indicator": r.indicator, "unit": r.unit,
        "before": float(r.value_before), "after": float(r.value_after),
        "date_before": r.date_before.isoformat() if r.date_before else "",
        "date_after": r.date_after.isoformat() if r.date_after else "",
    } for r in results]


def _fmt(value, digits=0):
    text = f"{abs(value):,.{digits}f}".replace(",", "\u00a0").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def _lower_first(text):
    if len(text) > 1 and text[1].isupper():  # an abbreviation: «МФЦ …»
        return text
    return text[:1].lower() + text[1:]


def change(row):
    """The change of one row, without its indicator («+35 %», «+14 п.п.», «+120 человек»); see ``headline``."""
    if not row:
        return ""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    before, after = Decimal(str(get("value_before"))), Decimal(str(get("value_after")))
    unit = (get("unit") or "").strip()
    if unit.lower() in PERCENT_UNITS:
        return f"{_fmt(after - before, 1)} п.п."
    if before:
        return f"{_fmt(((after - before) / abs(before) * 100).quantize(Decimal(1)))} %"
    return f"{_fmt(after - before, 2)} {unit}".strip()


def headline(row):
    """The headline change of a card, from the practice's first result row (the author lists the main
    one first). Choice: a unit in per cent changes in percentage points («+14 п.п. доля …»); otherwise a
    non-zero baseline gives the relative change rounded to a whole per cent («+35 % записей онлайн»),
    a zero baseline the absolute change in the row's unit («+120 человек …»). ``row``: a dict with
    indicator, unit, value_before, value_after (``headline_expr``) or a result row; "" for none."""
    if not row:
        return ""
    indicator = row.get("indicator") if isinstance(row, dict) else row.indicator
    return f"{change(row)} {_lower_first(indicator or '')}".strip()


def headline_expr():
    """``annotate(headline_row=headline_expr())``: the first result row as a dict, in the list's own
    query (no query per card)."""
    from practices.models import PracticeResult

    rows = (PracticeResult.objects.filter(practice=OuterRef("pk")).order_by("order", "pk")
            .values(row=JSONObject(indicator="indicator", unit="unit", value_before="value_before",
                                   value_after="value_after"))[:1])
    return Subquery(rows)
