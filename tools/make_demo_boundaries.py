#!/usr/bin/python3
"""Make the schematic kecamatan boundaries of Kabupaten Bandung Barat for the demo project.

The demo must run on a fresh install without ../shared, yet the real BPS/HDX polygons must never be
copied or converted into the repository. So the demo boundaries are constructed from one point per
desa only (../shared/geodata/kbb_desa_points.csv, 165 points), never from the real polygons:

  1. project the desa points to WGS 84 / UTM 48S (EPSG:32748), so every distance below is in metres;
  2. Voronoi partition of the points (each desa gets the area closer to it than to any other desa);
  3. merge the cells by kecamatan code (16 pieces, 32.17.01 .. 32.17.16);
  4. clip to a smooth hull around all points: the union of discs of HULL_DISC_M around the points,
     closed with buffer(+HULL_CLOSE_M).buffer(-HULL_CLOSE_M) so bays between discs fill in, then
     opened with buffer(-HULL_SMOOTH_M).buffer(+HULL_SMOOTH_M) to round off narrow spikes,
     then simplified by SIMPLIFY_M. The hull is simplified *before* clipping so that neighbouring
     kecamatan share exactly the same edge (Voronoi edges are straight and need no simplification);
  5. back to EPSG:4326 (lon, lat), coordinates rounded to 6 decimals (~0.1 m).

The result looks like a plausible regency but its lines are schematic: they follow no river, road or
survey line, and they differ from the official boundaries by up to a few kilometres. Every feature
says so in its `note` field and has `schematic` = 1.

Usage (Debian 12: apt-get install python3-gdal python3-shapely):
    /usr/bin/python3 tools/make_demo_boundaries.py [--points ../shared/geodata/kbb_desa_points.csv]
                                                   [--out geodata/kbb_kecamatan_schematic.geojson]
The output is deterministic: the same input gives a byte-identical file.
"""
import argparse
import csv
import json
import os
import sys

from osgeo import osr
from shapely.geometry import MultiPoint, Point, Polygon, MultiPolygon, box, mapping
from shapely.ops import unary_union, voronoi_diagram, transform
from shapely.validation import explain_validity

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_POINTS = os.path.join(REPO_ROOT, "..", "shared", "geodata", "kbb_desa_points.csv")
DEFAULT_OUT = os.path.join(REPO_ROOT, "geodata", "kbb_kecamatan_schematic.geojson")

# Hull shape, in metres (see step 4 above). Chosen by eye so the hull resembles the regency's
# outline at overview scale and leaves a margin of about 2-3 km around the outermost desa points.
HULL_DISC_M = 3000.0
HULL_CLOSE_M = 3000.0
HULL_SMOOTH_M = 1500.0
SIMPLIFY_M = 120.0
DISC_SEGMENTS = 16  # per quarter circle

# Kemendagri codes and spellings (the points file uses the same, but the names are fixed here so
# the output does not depend on the spelling in whatever points file is passed in).
KECAMATAN = {
    "32.17.01": "Lembang", "32.17.02": "Parongpong", "32.17.03": "Cisarua",
    "32.17.04": "Cikalongwetan", "32.17.05": "Cipeundeuy", "32.17.06": "Ngamprah",
    "32.17.07": "Cipatat", "32.17.08": "Padalarang", "32.17.09": "Batujajar",
    "32.17.10": "Cihampelas", "32.17.11": "Cililin", "32.17.12": "Cipongkor",
    "32.17.13": "Rongga", "32.17.14": "Sindangkerta", "32.17.15": "Gununghalu",
    "32.17.16": "Saguling",
}

NOTE = ("Schematic boundary for the demo only: Voronoi cells of BPS desa points merged by kecamatan, "
        "not an official line. Open the BPS/OCHA HDX or BIG boundaries for real work.")


def fail(message):
    print(f"make_demo_boundaries: {message}", file=sys.stderr)
    sys.exit(2)


def make_transformer(from_epsg, to_epsg):
    source = osr.SpatialReference()
    source.ImportFromEPSG(from_epsg)
    source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)  # x = lon, y = lat
    target = osr.SpatialReference()
    target.ImportFromEPSG(to_epsg)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(source, target)

    def apply(x, y, z=None):
        if hasattr(x, "__len__"):
            out = ct.TransformPoints([(float(a), float(b)) for a, b in zip(x, y)])
            return [p[0] for p in out], [p[1] for p in out]
        p = ct.TransformPoint(float(x), float(y))
        return p[0], p[1]
    return apply


def read_points(path):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        fail(f"{path}: cannot read ({e.strerror})")
    needed = {"code", "kec_code", "lat", "lon"}
    if not rows or not needed.issubset(rows[0].keys()):
        fail(f"{path}: expected columns {sorted(needed)}")
    points = []
    for line_no, row in enumerate(rows, start=2):
        if row["kec_code"] not in KECAMATAN:
            fail(f"{path}: line {line_no}: unknown kecamatan code {row['kec_code']!r}")
        try:
            points.append((row["code"], row["kec_code"], float(row["lon"]), float(row["lat"])))
        except ValueError:
            fail(f"{path}: line {line_no}: lon/lat are not numbers")
    missing = set(KECAMATAN) - {p[1] for p in points}
    if missing:
        fail(f"{path}: no points for kecamatan {sorted(missing)}")
    return points


def round_coords(geom, digits=6):
    return transform(lambda x, y, z=None: ([round(v, digits) for v in x], [round(v, digits) for v in y])
                     if hasattr(x, "__len__") else (round(x, digits), round(y, digits)), geom)


def as_multipolygon(geom):
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    if isinstance(geom, MultiPolygon):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon) and not g.is_empty]
    return MultiPolygon(parts)


def build(points):
    to_utm = make_transformer(4326, 32748)
    to_lonlat = make_transformer(32748, 4326)

    utm_points = [(code, kec, *to_utm(lon, lat)) for code, kec, lon, lat in points]
    multipoint = MultiPoint([(x, y) for _, _, x, y in utm_points])
    minx, miny, maxx, maxy = multipoint.bounds
    envelope = box(minx - 50000, miny - 50000, maxx + 50000, maxy + 50000)

    cells = list(voronoi_diagram(multipoint, envelope=envelope).geoms)
    # voronoi_diagram does not keep the input order: find each point's cell by containment.
    cell_of_point = {}
    for code, kec, x, y in utm_points:
        p = Point(x, y)
        owner = [c for c in cells if c.contains(p)]
        if len(owner) != 1:
            fail(f"desa {code}: found {len(owner)} Voronoi cells around its point")
        cell_of_point[code] = owner[0]

    discs = [Point(x, y).buffer(HULL_DISC_M, DISC_SEGMENTS) for _, _, x, y in utm_points]
    hull = unary_union(discs)
    hull = hull.buffer(HULL_CLOSE_M, DISC_SEGMENTS).buffer(-HULL_CLOSE_M, DISC_SEGMENTS)
    hull = hull.buffer(-HULL_SMOOTH_M, DISC_SEGMENTS).buffer(HULL_SMOOTH_M, DISC_SEGMENTS)
    hull = hull.simplify(SIMPLIFY_M, preserve_topology=True)
    if not isinstance(hull, Polygon) or len(hull.interiors) != 0:
        fail("the hull around the points is not one polygon without holes; adjust HULL_* constants")

    features = []
    for kec_code in sorted(KECAMATAN):
        merged = unary_union([cell_of_point[code] for code, kec, _, _ in utm_points if kec == kec_code])
        clipped = as_multipolygon(merged.intersection(hull))
        lonlat = round_coords(as_multipolygon(transform(to_lonlat, clipped)))
        if not lonlat.is_valid:
            fail(f"kecamatan {kec_code}: invalid geometry after rounding ({explain_validity(lonlat)})")
        features.append((kec_code, lonlat, clipped.area))
    return features, hull


def write_geojson(features, out_path):
    doc = {
        "type": "FeatureCollection",
        "name": "kbb_kecamatan_schematic",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [],
    }
    for kec_code, geom, _ in features:
        polygons = [mapping(p)["coordinates"] for p in geom.geoms]
        # Always MultiPolygon, so GDAL reports one geometry type for the layer.
        geometry = {"type": "MultiPolygon", "coordinates": polygons}
        doc["features"].append({
            "type": "Feature",
            "properties": {"code": kec_code, "name": KECAMATAN[kec_code], "schematic": 1, "note": NOTE},
            "geometry": _lists(geometry),
        })
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    # One feature per line keeps diffs of the committed file readable.
    text = text.replace('{"type":"Feature",', '\n{"type":"Feature",').replace("]}}]}", "]}}\n]}")
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")
    os.replace(tmp, out_path)


def _lists(obj):
    if isinstance(obj, dict):
        return {k: _lists(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_lists(v) for v in obj]
    return obj


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", default=DEFAULT_POINTS, help="desa points CSV (code,kec_code,lat,lon)")
    parser.add_argument("--out", default=DEFAULT_OUT, help="GeoJSON to write (EPSG:4326)")
    args = parser.parse_args()

    features, hull = build(read_points(args.points))
    write_geojson(features, args.out)
    total_km2 = sum(area for _, _, area in features) / 1e6
    print(f"wrote {args.out}: {len(features)} kecamatan, {total_km2:.1f} km² in UTM 48S "
          f"(hull {hull.area / 1e6:.1f} km²)")
    for kec_code, geom, area in features:
        print(f"  {kec_code} {KECAMATAN[kec_code]:<14} {area / 1e6:7.1f} km²  {len(geom.geoms)} part(s)")


if __name__ == "__main__":
    main()
