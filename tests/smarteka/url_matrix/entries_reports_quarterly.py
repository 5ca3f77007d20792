"""Matrix rows of the quarterly regional report (F-REPORT-2, issue 18 items 2 and 5): the report of region A on
screen, as XLSX and CSV, its confirmation, and the ASI moderator's overview. A coordinator of another region
gets 404 for region A's report and its files (``get_object_for`` with ``view_quarterly_report``); the ASI
moderator sees every region but does not confirm (403). See the package docstring for the form of a row."""

from regions.quarterly import Quarter
from tests.smarteka.url_matrix.expect import POST_ONLY_OPEN, E, rules

SEE = ("view_quarterly_report", "region_a")


def _slug(w):
    return {"slug": w("region_a").slug}


def _csv(part):
    return lambda w: {"slug": w("region_a").slug, "part": part}


def _last_quarter(w):
    quarter = Quarter.last_finished()
    return {"year": quarter.year, "quarter": quarter.number}


ENTRIES = [
    E("regions:quarterly_status", get=rules(may=("view_quarterly_report_status", None))),
    E("regions:quarterly", _slug, get=rules(see=SEE)),
    E("regions:quarterly_xlsx", _slug, get=rules(see=SEE)),
    E("regions:quarterly_csv", _csv("placed"), get=rules(see=SEE), variant="placed"),
    E("regions:quarterly_csv", _csv("adopting"), get=rules(see=SEE), variant="adopting"),
    E("regions:quarterly_confirm", _slug, get=POST_ONLY_OPEN,
      post=rules(see=SEE, may=("confirm_quarterly_report", "region_a")), data=_last_quarter),
]
