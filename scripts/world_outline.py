"""Write the dashboard's offline world outline (src/faultlines/web/vendor/world-110m.json)
from Natural Earth's 1:110m countries as shipped in the geopandas 0.14.4 wheel
(geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp; Natural Earth is
public domain). Run once, by hand, when the outline should change:

    pip download --no-deps geopandas==0.14.4 && unzip geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*'
    python scripts/world_outline.py geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

The outline is one SVG path in plate carrée (x = longitude, y = -latitude, 0.1 degree).
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "src" / "faultlines" / "web" / "vendor" / "world-110m.json"


def rings(shp: bytes):
    """The rings of every polygon record of an ESRI shapefile (shape type 5)."""
    at = 100
    while at < len(shp):
        _, words = struct.unpack(">ii", shp[at:at + 8])
        body = shp[at + 8:at + 8 + words * 2]
        at += 8 + words * 2
        if struct.unpack("<i", body[:4])[0] != 5:
            continue
        parts, points = struct.unpack("<ii", body[36:44])
        starts = list(struct.unpack(f"<{parts}i", body[44:44 + 4 * parts])) + [points]
        xy = struct.unpack(f"<{2 * points}d", body[44 + 4 * parts:44 + 4 * parts + 16 * points])
        for a, b in zip(starts, starts[1:]):
            yield [(xy[2 * i], xy[2 * i + 1]) for i in range(a, b)]


def path(ring) -> str:
    points, last = [], None
    for lon, lat in ring:
        point = (round(lon, 1), round(-lat, 1))
        if point != last:
            points.append(f"{point[0]:g},{point[1]:g}")
            last = point
    return "M" + "L".join(points) + "Z" if len(points) > 2 else ""


def main(source: str) -> None:
    outline = "".join(path(r) for r in rings(Path(source).read_bytes()))
    TARGET.write_text(json.dumps({
        "source": "Natural Earth 1:110m admin-0 countries, via geopandas 0.14.4 datasets/naturalearth_lowres",
        "licence": "public domain (https://www.naturalearthdata.com/about/terms-of-use/)",
        "projection": "plate carree: x = longitude, y = -latitude, degrees",
        "path": outline}) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(outline):,} characters")


if __name__ == "__main__":
    main(sys.argv[1])
