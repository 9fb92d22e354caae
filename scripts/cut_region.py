"""Cut a small north-east Asia basemap out of the world-atlas TopoJSON.

Reads the Natural Earth 1:50m countries shipped by the npm package
``world-atlas`` (public domain), keeps China, Russia, North Korea,
South Korea, Japan and Mongolia, clips them to the box
lon 115..150, lat 33..56 and writes a GeoJSON FeatureCollection.

Get the input (the machine only needs to reach the npm registry)::

    mkdir -p /tmp/atlas && cd /tmp/atlas
    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    # -> /tmp/atlas/package/countries-50m.json

Usage::

    python scripts/cut_region.py /path/to/countries-50m.json datasets/geo/region.geojson

Standard library only (Python >= 3.10). The TopoJSON arcs are decoded here
and the clip is a Sutherland-Hodgman polygon clip against the box, so a
country that leaves the box and comes back may get straight edges along the
box border. Ring orientation is kept as in world-atlas.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

COUNTRIES = ["China", "Russia", "North Korea", "South Korea", "Japan", "Mongolia"]
BBOX = (115.0, 33.0, 150.0, 56.0)  # west, south, east, north (degrees)
DECIMALS = 3
SOURCE_ID = "natural_earth"

Point = tuple[float, float]
Ring = list[Point]


# --- TopoJSON decoding -------------------------------------------------------

def decode_arcs(topology: dict) -> list[Ring]:
    """Turn the quantized, delta-encoded arcs into absolute lon/lat lists."""
    transform = topology.get("transform")
    (sx, sy), (tx, ty) = (
        (transform["scale"], transform["translate"]) if transform else ((1, 1), (0, 0))
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            if transform:  # quantized: every position after the first is a delta
                x, y = x + dx, y + dy
            else:
                x, y = dx, dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def stitch_ring(arc_indexes: list[int], arcs: list[Ring]) -> Ring:
    """Join arcs into one ring; index ~i (negative) means arc i reversed."""
    ring: Ring = []
    for index in arc_indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share an end point: skip the duplicate.
        ring.extend(points[1:] if ring else points)
    return ring


def geometry_polygons(geometry: dict, arcs: list[Ring]) -> list[list[Ring]]:
    """Return a Polygon/MultiPolygon as a list of polygons (lists of rings)."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return []
    return [[stitch_ring(ring, arcs) for ring in polygon] for polygon in polygons]


# --- Clipping ----------------------------------------------------------------

def ring_touches_box(ring: Ring, bbox: tuple[float, ...]) -> bool:
    """True if the ring's bounding box overlaps the clip box."""
    west, south, east, north = bbox
    xs = [x for x, _ in ring]
    ys = [y for _, y in ring]
    return min(xs) <= east and max(xs) >= west and min(ys) <= north and max(ys) >= south


def clip_ring(ring: Ring, bbox: tuple[float, ...]) -> Ring:
    """Sutherland-Hodgman clip of a ring against the box, one box edge at a time."""
    west, south, east, north = bbox
    # Each edge: (is the point inside?, where a segment crosses the edge line).
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    ]
    points = ring[:-1] if ring and ring[0] == ring[-1] else list(ring)
    for inside, cross in edges:
        clipped: Ring = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    clipped.append(cross(previous, current))
                clipped.append(current)
            elif inside(previous):
                clipped.append(cross(previous, current))
        points = clipped
        if not points:
            break
    return points


def _cross_x(a: Point, b: Point, x: float) -> Point:
    """Point where segment a-b crosses the vertical line at x."""
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: Point, b: Point, y: float) -> Point:
    """Point where segment a-b crosses the horizontal line at y."""
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def round_ring(ring: Ring, decimals: int = DECIMALS) -> list[list[float]] | None:
    """Round, drop repeated points and close the ring; None if it collapses."""
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, decimals), round(y, decimals)]
        if not out or point != out[-1]:
            out.append(point)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(out) < 3:
        return None
    return out + [out[0]]


def clip_polygons(polygons: list[list[Ring]], bbox: tuple[float, ...]) -> list:
    """Clip every polygon (outer ring first, then holes); drop empty ones."""
    result = []
    for outer, *holes in polygons:
        if not ring_touches_box(outer, bbox):
            continue
        shell = round_ring(clip_ring(outer, bbox))
        if shell is None:
            continue
        kept_holes = [
            rounded
            for hole in holes
            if ring_touches_box(hole, bbox)
            and (rounded := round_ring(clip_ring(hole, bbox))) is not None
        ]
        result.append([shell, *kept_holes])
    return result


# --- Main --------------------------------------------------------------------

def cut_region(topology: dict, names: list[str], bbox: tuple[float, ...]) -> dict:
    """Build the clipped GeoJSON FeatureCollection for the named countries."""
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name")
        if name not in names:
            continue
        polygons = clip_polygons(geometry_polygons(geometry, arcs), bbox)
        if not polygons:
            continue
        shape = (
            {"type": "Polygon", "coordinates": polygons[0]}
            if len(polygons) == 1
            else {"type": "MultiPolygon", "coordinates": polygons}
        )
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name, "source_id": SOURCE_ID},
                "geometry": shape,
            }
        )
    features.sort(key=lambda f: names.index(f["properties"]["name"]))
    return {"type": "FeatureCollection", "bbox": list(bbox), "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("output", type=Path, help="GeoJSON file to write")
    args = parser.parse_args()

    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    collection = cut_region(topology, COUNTRIES, BBOX)
    missing = set(COUNTRIES) - {f["properties"]["name"] for f in collection["features"]}
    if missing:
        parser.error(f"countries not found or outside the box: {sorted(missing)}")

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(collection['features'])} features to {args.output}")


if __name__ == "__main__":
    main()
