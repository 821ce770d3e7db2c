"""A map of members drawn as SVG at build time from their `geo` fields: no tile server, no request.

Equirectangular projection scaled by cos(latitude), fitted to the members' bounding box with a
margin; good enough at the scale of the Greater Region (a few hundred kilometres).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .labels import N_

WIDTH = 640
MARGIN = 30
# The Greater Region's extent (south, west, north, east), always shown so the dots have context.
REGION = (48.2, 4.3, 50.9, 8.5)
# Reference towns drawn as small labelled squares (public coordinates, rounded); names through gettext
# (Tréier, Léck in Luxembourgish).
LANDMARKS = (
    (N_("Luxembourg"), 49.61, 6.13),
    (N_("Metz"), 49.12, 6.18),
    (N_("Nancy"), 48.69, 6.18),
    (N_("Saarbrücken"), 49.23, 7.00),
    (N_("Trier"), 49.75, 6.64),
    (N_("Mainz"), 50.00, 8.27),
    (N_("Namur"), 50.47, 4.87),
    (N_("Liège"), 50.63, 5.57),
    (N_("Eupen"), 50.63, 6.03),
)


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    entry: object  # ess_routes.Entry


@dataclass(frozen=True)
class Landmark:
    x: float
    y: float
    name: str


@dataclass(frozen=True)
class MemberMap:
    width: int
    height: int
    points: tuple[MapPoint, ...]
    landmarks: tuple[Landmark, ...]


def member_map(entries) -> MemberMap | None:
    located = [e for e in entries if e.item.neutral.get("geo")]
    if len(located) < 2:
        return None
    lats = [e.item.neutral["geo"][0] for e in located] + [REGION[0], REGION[2]]
    lons = [e.item.neutral["geo"][1] for e in located] + [REGION[1], REGION[3]]
    squash = math.cos(math.radians((min(lats) + max(lats)) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((max(lons) - min(lons)) * squash)
    height = round((max(lats) - min(lats)) * scale + 2 * MARGIN)

    def project(lat: float, lon: float) -> tuple[float, float]:
        return round(MARGIN + (lon - min(lons)) * squash * scale, 1), round(MARGIN + (max(lats) - lat) * scale, 1)

    points = tuple(MapPoint(*project(*e.item.neutral["geo"]), e) for e in sorted(located, key=lambda e: e.item.key))
    landmarks = tuple(Landmark(*project(lat, lon), name) for name, lat, lon in LANDMARKS)
    return MemberMap(WIDTH, height, points, landmarks)
