"""Documented defaults for the unit costs (docs/methods/allocation.md, "Unit costs").

Cost of reaching one person of a target group for a year, in IDR. Each carries where it comes
from: a programme figure from docs/domain.md where one exists, otherwise a stated assumption
for a national admin to replace with a better figure (admin → Synergy → unit costs).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KUBE = _("KUBE capital: Rp20,000,000 per group of 10, Rp2,000,000 per member (domain.md §4)")
PKH = _(
    "PKH component for one elderly or severely disabled person, Rp2,400,000 a year (assumption)"
)
ATENSI = _("ATENSI social rehabilitation, one person for a year (assumption)")
CHILD = _("ATENSI child rehabilitation and care, one child for a year (assumption)")
RELIEF = _("Emergency relief and early recovery, one person (assumption)")
REMOTE = _("Remote indigenous community empowerment, one person (assumption)")

_CHILDREN = ("ABT", "AT", "ABH", "AJ", "ADK", "AKTK", "AMPK")
_REHABILITATION = (
    "TS", "GLD", "PGM", "PML", "KMIN", "BWBLP", "ODHA", "NAPZA", "KTR", "KTK", "PMBS", "KBSP",
)  # fmt: skip

DEFAULT_UNIT_COSTS: dict[str, tuple[int, Promise]] = {
    **dict.fromkeys(_CHILDREN, (3000000, CHILD)),
    **dict.fromkeys(_REHABILITATION, (3000000, ATENSI)),
    "LUT": (2_400_000, PKH),
    "PD": (2_400_000, PKH),
    "FM": (2_000_000, KUBE),
    "PRSE": (2_000_000, KUBE),
    "KBA": (1_500_000, RELIEF),
    "KBS": (1_500_000, RELIEF),
    "KAT": (5_000_000, REMOTE),
}
