#!/usr/bin/python3
"""Check the committed demo data in geodata/ (run after either generator; exits 1 on any problem).

- the schematic boundaries: 16 valid features with codes 32.17.01..16 and Kemendagri names, no
  overlaps, no gaps between them, every desa point inside its own kecamatan;
- the synthetic beneficiaries and mentors: exact headers, 285 families in the 2020 cohort, unique IDs
  and 16-digit NIK-like numbers starting 3217, and every row with coordinates inside the kecamatan it
  names, in the schematic boundaries and (when ../shared/geodata is present) in the real ones;
- the PKH table: one row per kecamatan code.

Needs python3-shapely (Debian 12). Usage: /usr/bin/python3 tools/check_demo_data.py
"""
import csv
import itertools
import json
import os
import re
import sys

from shapely.geometry import Point, shape
from shapely.ops import unary_union

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEODATA = os.path.join(REPO_ROOT, "geodata")
SHARED = os.path.join(REPO_ROOT, "..", "shared", "geodata")
NAMES = ["Lembang", "Parongpong", "Cisarua", "Cikalongwetan", "Cipeundeuy", "Ngamprah", "Cipatat",
         "Padalarang", "Batujajar", "Cihampelas", "Cililin", "Cipongkor", "Rongga", "Sindangkerta",
         "Gununghalu", "Saguling"]
CODES = [f"32.17.{i:02d}" for i in range(1, 17)]
CODE_OF_NAME = dict(zip(NAMES, CODES))
problems = []


def problem(message):
    problems.append(message)
    print("PROBLEM:", message)


def normalised(name):
    name = re.sub(r"^(kec\.?|kecamatan)\s+", "", name.strip().lower())
    return name.replace(" ", "")


def kecamatan_code(name):
    for known, code in CODE_OF_NAME.items():
        if normalised(name) == known.lower():
            return code
    return None


def load_polygons(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    return {feat["properties"]["code"]: (feat["properties"], shape(feat["geometry"])) for feat in doc["features"]}


def read_csv(name):
    with open(os.path.join(GEODATA, name), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def check_boundaries():
    polys = load_polygons(os.path.join(GEODATA, "kbb_kecamatan_schematic.geojson"))
    if sorted(polys) != CODES:
        problem(f"schematic codes are {sorted(polys)}")
    for code, (props, geom) in polys.items():
        if props.get("name") != NAMES[CODES.index(code)]:
            problem(f"{code}: name {props.get('name')!r}")
        if props.get("schematic") != 1 or not props.get("note"):
            problem(f"{code}: schematic/note fields missing")
        if not geom.is_valid:
            problem(f"{code}: invalid geometry")
    geoms = {code: g for code, (_, g) in polys.items()}
    union = unary_union(list(geoms.values()))
    total = sum(g.area for g in geoms.values())
    if abs(total - union.area) > 1e-9 * union.area:
        problem(f"schematic polygons overlap: sum of areas {total} vs union {union.area}")
    if union.geom_type != "Polygon" or len(union.interiors):
        problem(f"schematic union is a {union.geom_type} with holes or parts: gaps between kecamatan")
    for a, b in itertools.combinations(geoms, 2):
        if geoms[a].intersection(geoms[b]).area > 1e-12:
            problem(f"{a} and {b} overlap")
    points_file = os.path.join(SHARED, "kbb_desa_points.csv")
    if os.path.exists(points_file):
        with open(points_file, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if not geoms[row["kec_code"]].contains(Point(float(row["lon"]), float(row["lat"]))):
                    problem(f"desa point {row['code']} is outside schematic {row['kec_code']}")
    return geoms


def check_inside(label, rows, id_field, boundary_sets):
    placed = 0
    for row in rows:
        if not row["lon"]:
            continue
        placed += 1
        code = kecamatan_code(row["kecamatan"])
        if code is None:
            problem(f"{label} {row[id_field]}: unknown kecamatan {row['kecamatan']!r}")
            continue
        p = Point(float(row["lon"]), float(row["lat"]))
        for set_name, geoms in boundary_sets.items():
            if not geoms[code].contains(p):
                inside = [c for c, g in geoms.items() if g.contains(p)]
                problem(f"{label} {row[id_field]} ({row['kecamatan']}) lies in {inside or 'no kecamatan'} "
                        f"of the {set_name} boundaries")
    return placed


def main():
    boundary_sets = {"schematic": check_boundaries()}
    real_file = os.path.join(SHARED, "kbb_kecamatan.geojson")
    if os.path.exists(real_file):
        boundary_sets["real"] = {code: g for code, (_, g) in load_polygons(real_file).items()}
    else:
        print(f"note: {real_file} not found; checked against the schematic boundaries only")

    header, families = read_csv("synthetic_kpm_beneficiaries.csv")
    expected = ["id_kpm", "nama_kpm", "nik", "kecamatan", "desa", "lon", "lat", "jenis_usaha", "nama_usaha",
                "tahun", "bsimu", "mentor_id", "status"]
    if header != expected:
        problem(f"beneficiary header {header}")
    cohort_2020 = [r for r in families if r["tahun"] == "2020"]
    if len(cohort_2020) != 285:
        problem(f"2020 cohort has {len(cohort_2020)} families, not 285")
    if any(r["bsimu"] != "3500000" for r in cohort_2020):
        problem("2020 BSIMu is not 3500000 everywhere")
    if len({r["id_kpm"] for r in families}) != len(families):
        problem("repeated id_kpm")
    niks = [r["nik"] for r in families]
    if len(set(niks)) != len(niks) or not all(re.fullmatch(r"3217\d{12}", n) for n in niks):
        problem("NIK-like numbers are not unique 16-digit numbers starting 3217")
    placed = check_inside("family", families, "id_kpm", boundary_sets)

    header, mentors = read_csv("synthetic_mentors.csv")
    if header != ["mentor_id", "nama", "organisasi", "kecamatan", "lon", "lat", "kapasitas"]:
        problem(f"mentor header {header}")
    if len(mentors) != 19 or {m["organisasi"] for m in mentors} != {"Oorange Unpad"}:
        problem("expected 19 mentors of Oorange Unpad")
    mentor_ids = {m["mentor_id"] for m in mentors}
    if any(r["mentor_id"] not in mentor_ids for r in families):
        problem("a family names an unknown mentor")
    placed_mentors = check_inside("mentor", mentors, "mentor_id", boundary_sets)

    header, pkh = read_csv("synthetic_kecamatan_pkh.csv")
    if header != ["kode", "kecamatan", "pkh_graduates", "households"] or [r["kode"] for r in pkh] != CODES:
        problem("PKH table header or codes")

    by_kec = {}
    for r in families:
        by_kec[kecamatan_code(r["kecamatan"])] = by_kec.get(kecamatan_code(r["kecamatan"]), 0) + 1
    print(f"families: {len(families)} ({len(cohort_2020)} in 2020), {placed} with coordinates; "
          f"mentors: {len(mentors)}, {placed_mentors} with coordinates; "
          f"checked against: {', '.join(boundary_sets)}")
    print("families per kecamatan:", ", ".join(f"{NAMES[CODES.index(c)]} {n}" for c, n in sorted(by_kec.items())))
    if problems:
        print(f"{len(problems)} problem(s)")
        sys.exit(1)
    print("demo data OK")


if __name__ == "__main__":
    main()
