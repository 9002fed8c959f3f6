from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sinergi.interventions.synthetic import NationalScale, SyntheticRefused, national_generate

DEFAULT = NationalScale()


class Command(BaseCommand):
    help = (
        "Generate the synthetic national dataset (people in need per district, organisations, "
        "interventions) for benchmarks and load tests; labelled synthetic, made once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=DEFAULT.organisations)
        parser.add_argument("--interventions", type=int, default=DEFAULT.interventions)
        parser.add_argument("--seed", type=int, default=DEFAULT.seed)
        parser.add_argument(
            "--years", default=",".join(str(y) for y in DEFAULT.years), help="e.g. 2022,2023"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            years = tuple(sorted({int(y) for y in options["years"].split(",") if y.strip()}))
        except ValueError as error:
            raise CommandError(_("Write the years as e.g. 2022,2023.")) from error
        if not years or options["organisations"] < 1 or options["interventions"] < 0:
            raise CommandError(_("Give at least one year and one organisation."))
        scale = NationalScale(
            organisations=options["organisations"],
            interventions=options["interventions"],
            years=years,
            seed=options["seed"],
        )
        try:
            report = national_generate(scale)
        except SyntheticRefused as refused:
            raise CommandError(str(refused)) from refused
        parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.seconds.items())
        self.stdout.write(
            _(
                "Synthetic national dataset: %(organisations)s organisations, "
                "%(interventions)s interventions, %(locations)s locations, %(values)s "
                "people-in-need values in %(seconds).1f s (%(parts)s)."
            )
            % {
                "organisations": report.organisations,
                "interventions": report.interventions,
                "locations": report.locations,
                "values": report.pin_values,
                "seconds": report.total_seconds,
                "parts": parts,
            }
        )
