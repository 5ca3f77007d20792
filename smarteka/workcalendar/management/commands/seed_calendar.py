from django.core.management.base import BaseCommand

from smarteka.workcalendar.models import CalendarDay, CalendarYear
from smarteka.workcalendar.seed import FIRST_YEAR, LAST_YEAR, seed, seed_years
from smarteka.workcalendar.services import invalidate


class Command(BaseCommand):
    help = "Fill the production calendar from the `holidays` package (rows edited in the admin are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--from-year", type=int, default=FIRST_YEAR)
        parser.add_argument("--to-year", type=int, default=LAST_YEAR)
        parser.add_argument("--overwrite", action="store_true", help="replace existing rows of those years")

    def handle(self, *args, from_year, to_year, overwrite, **options):
        count = seed(CalendarDay, from_year, to_year, overwrite=overwrite)
        seed_years(CalendarYear, from_year, to_year)
        invalidate()
        self.stdout.write(f"Production calendar: {count} days for {from_year}–{to_year}.")
