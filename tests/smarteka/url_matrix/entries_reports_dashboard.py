"""Matrix rows of the coordinator's dashboard (F-REPORT-1, issue 18 items 1 and 5): the landing address,
a region's dashboard (the coordinator of that region and the ASI moderator; anyone else: not found) and the
country view (the ASI moderator). See the package docstring for the form of a row."""

from tests.smarteka.url_matrix.expect import E, rules


def _slug(name):
    return lambda w: {"slug": w(name).slug}


ENTRIES = [
    # a coordinator lands on their region's dashboard, the ASI moderator on the country view (302)
    E("regions:dashboard", get=rules(may=("view_region_dashboard", None), ok=(302,))),
    E("regions:region_dashboard", _slug("region_a"), get=rules(see=("view_region_dashboard", "region_a")),
      variant="region_a"),
    E("regions:region_dashboard", _slug("region_b"), get=rules(see=("view_region_dashboard", "region_b")),
      variant="region_b"),
    E("regions:country_dashboard", get=rules(may=("view_country_dashboard", None))),
]
