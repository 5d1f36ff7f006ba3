#!/usr/bin/env python3
"""Make the SYNTHETIC ProKUS programme tables of the demo project (Kabupaten Bandung Barat).

Everything this script writes is invented: no real beneficiary, mentor or statistic is used. The desa
points (../shared/geodata/kbb_desa_points.csv: desa code, name, kecamatan, lon/lat) place the invented
rows on the map: each family lives within about 500 m of its desa's point. A drawn position is kept
only if it lies inside the real desa polygon (../shared/geodata/kbb_desa.geojson, read only to accept
or reject a point, never copied) and closer to its own desa point than to any other, so every row
falls inside the right desa and kecamatan of both the real and the schematic boundaries (whose cells
are the Voronoi cells of the same points).

Writes, into geodata/ (plain CSV, UTF-8, comma, decimal point, one header row):
  synthetic_kpm_beneficiaries.csv  the 2020 cohort of exactly 285 families (clustered in Sindangkerta
                                   and Cililin) and a smaller 2021 cohort, with invented Sundanese-style
                                   names and 16-digit NIK-like numbers, so privacy handling can be tested;
                                   a few rows carry only a kecamatan name (no coordinates) and a few a
                                   messy spelling ("Kec. Cikalong Wetan"), as real lists do;
  synthetic_mentors.csv            19 mentors of one incubator ("Oorange Unpad"); two without coordinates;
  synthetic_kecamatan_pkh.csv      per-kecamatan PKH graduate families and households (invented numbers
                                   of a plausible size).

Python 3 standard library only; deterministic (a fixed seed, and only random() draws, whose sequence
Python keeps stable across versions): the same input gives byte-identical files.

Usage: python3 tools/make_demo_programme.py [--points ../shared/geodata/kbb_desa_points.csv]
                 [--desa-polygons ../shared/geodata/kbb_desa.geojson] [--out-dir geodata]
"""
import argparse
import csv
import io
import json
import math
import os
import random
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_POINTS = os.path.join(REPO_ROOT, "..", "shared", "geodata", "kbb_desa_points.csv")
DEFAULT_DESA_POLYGONS = os.path.join(REPO_ROOT, "..", "shared", "geodata", "kbb_desa.geojson")
DEFAULT_OUT_DIR = os.path.join(REPO_ROOT, "geodata")
SEED = 3217_2020

KECAMATAN = [  # Kemendagri code, name
    ("32.17.01", "Lembang"), ("32.17.02", "Parongpong"), ("32.17.03", "Cisarua"),
    ("32.17.04", "Cikalongwetan"), ("32.17.05", "Cipeundeuy"), ("32.17.06", "Ngamprah"),
    ("32.17.07", "Cipatat"), ("32.17.08", "Padalarang"), ("32.17.09", "Batujajar"),
    ("32.17.10", "Cihampelas"), ("32.17.11", "Cililin"), ("32.17.12", "Cipongkor"),
    ("32.17.13", "Rongga"), ("32.17.14", "Sindangkerta"), ("32.17.15", "Gununghalu"),
    ("32.17.16", "Saguling"),
]
NAME_OF = dict(KECAMATAN)

# Families per kecamatan. 2020: exactly 285, clustered in Sindangkerta and Cililin.
COHORT_2020 = {"32.17.01": 16, "32.17.02": 6, "32.17.03": 8, "32.17.04": 13, "32.17.05": 10,
               "32.17.06": 11, "32.17.07": 14, "32.17.08": 12, "32.17.09": 10, "32.17.10": 16,
               "32.17.11": 52, "32.17.12": 20, "32.17.13": 12, "32.17.14": 60, "32.17.15": 16,
               "32.17.16": 9}
COHORT_2021 = {"32.17.01": 12, "32.17.02": 8, "32.17.03": 9, "32.17.04": 6, "32.17.05": 5,
               "32.17.06": 7, "32.17.07": 6, "32.17.08": 8, "32.17.09": 5, "32.17.10": 6,
               "32.17.11": 12, "32.17.12": 8, "32.17.13": 4, "32.17.14": 10, "32.17.15": 6,
               "32.17.16": 3}
BSIMU = {2020: 3500000, 2021: 5000000}
# In the clustered kecamatan most families live in a few desa (the cluster), the rest anywhere.
CLUSTER_DESA_COUNT = 3
CLUSTER_SHARE = 0.7
JITTER_M = 500.0  # families live within about 500 m of their desa's point ...
JITTER_SHARE_OF_NEIGHBOUR = 0.35  # ... but never beyond 35% of the way to the nearest other desa point

STATUS_2020 = [("aktif", 0.46), ("berkembang", 0.34), ("berhenti", 0.14), ("pindah", 0.06)]
STATUS_2021 = [("aktif", 0.62), ("berkembang", 0.28), ("berhenti", 0.10)]

# Sundanese-style invented names. (first names, family names) by gender.
MEN = ["Asep", "Ujang", "Dadang", "Cecep", "Yayat", "Encep", "Aep", "Deden", "Agus", "Engkus",
       "Jajang", "Oman", "Odih", "Atang", "Nana", "Maman", "Wawan", "Yana", "Dede", "Ade", "Iwan",
       "Endang", "Usep", "Dodi", "Kurnia", "Rahmat", "Ayi", "Ecep", "Opik", "Tatang"]
WOMEN = ["Euis", "Neneng", "Enok", "Iis", "Dedeh", "Entin", "Imas", "Nining", "Oneng", "Popon",
         "Titin", "Yoyoh", "Cucu", "Kokom", "Iyah", "Eem", "Ela", "Lilis", "Nenden", "Rina", "Siti",
         "Tati", "Ecin", "Eneng", "Yati", "Ai", "Enung", "Neni", "Heni", "Rohaeti"]
FAMILY_MEN = ["Sunarya", "Suryana", "Hidayat", "Kurniawan", "Rukmana", "Permana", "Supriatna",
              "Nurjaman", "Hermawan", "Sobari", "Saepudin", "Mulyana", "Sumarna", "Setiawan",
              "Gunawan", "Kusnadi", "Ruhiyat", "Sudrajat", "Sopian", "Firmansyah"]
FAMILY_WOMEN = ["Komariah", "Nurhayati", "Maryati", "Jubaedah", "Mulyani", "Sukmawati", "Rosita",
                "Kartini", "Rahayu", "Suryani", "Hasanah", "Aisyah", "Wulandari", "Nurlela",
                "Sumiati", "Haryati", "Kuraesin", "Rukmini", "Fatimah", "Apriani"]
TITLE = {"M": ["Mang", "Kang", "Pak"], "F": ["Bu", "Ceu", "Teh"]}

# ProKUS-style micro businesses: free-text business type (as a field officer would type it) and a
# business-name pattern ({t} = a title such as "Bu", {n} = the owner's first name).
BUSINESSES = [
    ("makanan ringan", "Comring {t} {n}", 7),
    ("minuman", "Teh Tarik {t} {n}", 5),
    ("warung sembako", "Warung {t} {n}", 10),
    ("toko kelontong", "Toko Kelontong {n}", 4),
    ("makanan ringan", "Keripik Singkong {t} {n}", 6),
    ("kuliner", "Seblak {t} {n}", 5),
    ("kuliner", "Cilok {t} {n}", 4),
    ("makanan", "Gorengan {t} {n}", 6),
    ("makanan", "Opak Ketan {n}", 3),
    ("makanan", "Rengginang {t} {n}", 3),
    ("minuman", "Es Cendol {t} {n}", 3),
    ("jahit", "Jahit {t} {n}", 5),
    ("konveksi", "Konveksi {n}", 2),
    ("kerajinan bambu", "Anyaman Bambu {n}", 3),
    ("kerajinan", "Kerajinan Tangan {t} {n}", 2),
    ("ternak domba", "Ternak Domba {t} {n}", 4),
    ("peternakan ayam", "Ayam Kampung {n}", 3),
    ("budidaya ikan", "Kolam Lele {t} {n}", 3),
    ("pertanian", "Sayuran {t} {n}", 3),
    ("jasa cukur", "Pangkas Rambut {n}", 2),
    ("bengkel", "Bengkel Motor {t} {n}", 2),
    ("laundry", "Laundry {n}", 1),
    ("pulsa", "Konter Pulsa {n}", 2),
]

# Messy but real-world spellings a tolerant name matcher must accept (see ../shared/geodata/README.md).
MESSY_KECAMATAN = {"32.17.04": "Kec. Cikalong Wetan", "32.17.14": "KECAMATAN SINDANGKERTA",
                   "32.17.11": " cililin ", "32.17.12": "Kec Cipongkor"}

# Mentors: 19 mentors of one incubator, spread roughly with the families; no mentor lives in
# Cisarua, Parongpong or Saguling, so the demo shows coverage gaps. Two mentors gave no coordinates.
MENTOR_KECAMATAN = ["32.17.14", "32.17.14", "32.17.14", "32.17.11", "32.17.11", "32.17.11",
                    "32.17.12", "32.17.12", "32.17.15", "32.17.13", "32.17.10", "32.17.09",
                    "32.17.07", "32.17.08", "32.17.06", "32.17.01", "32.17.01", "32.17.04",
                    "32.17.05"]
MENTORS_WITHOUT_COORDINATES = {"M08", "M17"}
MENTOR_ORGANISATION = "Oorange Unpad"

# PKH table: households per kecamatan (invented, of the size of the regency's kecamatan) and the
# share of them that graduated from PKH (higher in the poorer, rural south-west).
HOUSEHOLDS = {"32.17.01": 58400, "32.17.02": 33100, "32.17.03": 22800, "32.17.04": 36200,
              "32.17.05": 27300, "32.17.06": 52700, "32.17.07": 41900, "32.17.08": 54300,
              "32.17.09": 31200, "32.17.10": 37400, "32.17.11": 27100, "32.17.12": 28600,
              "32.17.13": 17900, "32.17.14": 21300, "32.17.15": 24100, "32.17.16": 10600}
PKH_RATE = {"32.17.01": 0.009, "32.17.02": 0.008, "32.17.03": 0.011, "32.17.04": 0.016,
            "32.17.05": 0.017, "32.17.06": 0.008, "32.17.07": 0.015, "32.17.08": 0.007,
            "32.17.09": 0.012, "32.17.10": 0.014, "32.17.11": 0.021, "32.17.12": 0.022,
            "32.17.13": 0.024, "32.17.14": 0.023, "32.17.15": 0.025, "32.17.16": 0.019}

EARTH_RADIUS_M = 6371008.8


def fail(message):
    print(f"make_demo_programme: {message}", file=sys.stderr)
    sys.exit(2)


class Draw:
    """Seeded choices built only on random.random(), so output stays the same across Python versions."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def uniform(self, a, b):
        return a + (b - a) * self.rng.random()

    def index(self, n):
        return min(int(self.rng.random() * n), n - 1)

    def pick(self, items):
        return items[self.index(len(items))]

    def weighted(self, pairs):
        total = sum(w for _, w in pairs)
        r = self.rng.random() * total
        for item, w in pairs:
            r -= w
            if r < 0:
                return item
        return pairs[-1][0]

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.index(i + 1)
            items[i], items[j] = items[j], items[i]

    def chance(self, p):
        return self.rng.random() < p


def distance_m(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def offset(lon, lat, east_m, north_m):
    lat_out = lat + math.degrees(north_m / EARTH_RADIUS_M)
    lon_out = lon + math.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(lat))))
    return lon_out, lat_out


def read_desa(path):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        fail(f"{path}: cannot read ({e.strerror})")
    needed = {"code", "name", "kec_code", "lat", "lon"}
    if not rows or not needed.issubset(rows[0].keys()):
        fail(f"{path}: expected columns {sorted(needed)}")
    desa = [{"code": r["code"], "name": r["name"], "kec": r["kec_code"],
             "lon": float(r["lon"]), "lat": float(r["lat"])} for r in rows]
    for d in desa:  # the largest safe jitter: see JITTER_SHARE_OF_NEIGHBOUR
        nearest = min(distance_m(d["lon"], d["lat"], o["lon"], o["lat"]) for o in desa if o is not d)
        d["radius_m"] = min(JITTER_M, JITTER_SHARE_OF_NEIGHBOUR * nearest)
    missing = {code for code, _ in KECAMATAN} - {d["kec"] for d in desa}
    if missing:
        fail(f"{path}: no desa points for kecamatan {sorted(missing)}")
    return desa


def read_desa_polygons(path, desa):
    """Rings of each desa's real polygon by desa code, for the point-in-polygon test only."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: cannot read ({e})")
    rings = {}
    for feature in doc.get("features", []):
        code = (feature.get("properties") or {}).get("code")
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        if code:
            rings.setdefault(code, []).extend(ring for polygon in polygons for ring in polygon)
    missing = [d["code"] for d in desa if d["code"] not in rings]
    if missing:
        fail(f"{path}: no polygon for desa {missing[:5]}")
    for d in desa:
        d["rings"] = rings[d["code"]]
    return rings


def inside_rings(lon, lat, rings):
    # Even-odd rule over every ring, so holes count as outside.
    inside = False
    for ring in rings:
        j = len(ring) - 1
        for i in range(len(ring)):
            xi, yi = ring[i][0], ring[i][1]
            xj, yj = ring[j][0], ring[j][1]
            if (yi > lat) != (yj > lat) and lon < xi + (lat - yi) * (xj - xi) / (yj - yi):
                inside = not inside
            j = i
    return inside


def jittered(draw, d):
    for _ in range(1000):
        # Uniform in a disc: sqrt of a uniform radius fraction.
        r = d["radius_m"] * math.sqrt(draw.rng.random())
        angle = 2 * math.pi * draw.rng.random()
        lon, lat = offset(d["lon"], d["lat"], r * math.cos(angle), r * math.sin(angle))
        # Rounded as written, so the test holds for the coordinates in the file.
        lon, lat = round(lon, 6), round(lat, 6)
        if inside_rings(lon, lat, d["rings"]):
            return lon, lat
    fail(f"desa {d['code']}: no position inside its polygon near its point")


def fake_nik(draw, kec_code, female, year_of_birth):
    # Shape of a real NIK (province 32, regency 17, kecamatan, birth date with +40 for women, serial),
    # but serials start at 9 so the numbers don't look like the low serials actually issued.
    day = 1 + draw.index(28) + (40 if female else 0)
    month = 1 + draw.index(12)
    serial = 9000 + draw.index(1000)
    return f"3217{kec_code[-2:]}{day:02d}{month:02d}{year_of_birth % 100:02d}{serial:04d}"


def make_mentors(draw, desa):
    mentors = []
    for i, kec in enumerate(MENTOR_KECAMATAN, start=1):
        mentor_id = f"M{i:02d}"
        female = draw.chance(0.5)
        name = f"{draw.pick(WOMEN if female else MEN)} {draw.pick(FAMILY_WOMEN if female else FAMILY_MEN)}"
        home = draw.pick([d for d in desa if d["kec"] == kec])
        lon, lat = jittered(draw, home)
        mentors.append({"mentor_id": mentor_id, "nama": name, "organisasi": MENTOR_ORGANISATION,
                        "kecamatan": NAME_OF[kec], "kec": kec, "lon": lon, "lat": lat,
                        "has_coordinates": mentor_id not in MENTORS_WITHOUT_COORDINATES,
                        "kapasitas": 15 + 5 * draw.index(3)})
    return mentors


def kecamatan_centre(desa, kec):
    pts = [d for d in desa if d["kec"] == kec]
    return sum(d["lon"] for d in pts) / len(pts), sum(d["lat"] for d in pts) / len(pts)


def choose_desa(draw, in_kec, cluster):
    if cluster and draw.chance(CLUSTER_SHARE):
        return draw.pick(cluster)
    return draw.pick(in_kec)


def make_beneficiaries(draw, desa, mentors):
    families = []
    for year, counts in ((2020, COHORT_2020), (2021, COHORT_2021)):
        for kec, _ in KECAMATAN:
            in_kec = [d for d in desa if d["kec"] == kec]
            cluster = []
            if year == 2020 and kec in ("32.17.14", "32.17.11"):
                ordered = list(in_kec)
                draw.shuffle(ordered)
                cluster = ordered[:CLUSTER_DESA_COUNT]
            for _ in range(counts[kec]):
                home = choose_desa(draw, in_kec, cluster)
                lon, lat = jittered(draw, home)
                families.append({"year": year, "kec": kec, "desa": home, "lon": lon, "lat": lat})
    if sum(1 for f in families if f["year"] == 2020) != 285:
        fail("internal error: the 2020 cohort must have exactly 285 families")

    # Realistic list order: IDs follow registration, not geography.
    by_year = {2020: [f for f in families if f["year"] == 2020], 2021: [f for f in families if f["year"] == 2021]}
    rows = []
    for year in (2020, 2021):
        cohort = by_year[year]
        draw.shuffle(cohort)
        for n, fam in enumerate(cohort, start=1):
            female = draw.chance(0.78)  # most ProKUS KPM registrants are women
            first = draw.pick(WOMEN if female else MEN)
            name = f"{first} {draw.pick(FAMILY_WOMEN if female else FAMILY_MEN)}"
            kind, pattern, _ = draw.weighted([(b, b[2]) for b in BUSINESSES])
            business = pattern.format(t=draw.pick(TITLE["F" if female else "M"]), n=first)
            # Mostly the nearest mentor; sometimes the second nearest (real assignment isn't optimal).
            ranked = sorted(mentors, key=lambda m: distance_m(fam["lon"], fam["lat"], m["lon"], m["lat"]))
            mentor = ranked[1] if draw.chance(0.15) else ranked[0]
            rows.append({
                "id_kpm": f"KPM-{year}-{n:04d}",
                "nama_kpm": name,
                "nik": fake_nik(draw, fam["kec"], female, 1965 + draw.index(36)),
                "kecamatan": NAME_OF[fam["kec"]],
                "desa": fam["desa"]["name"],
                "lon": f"{fam['lon']:.6f}",
                "lat": f"{fam['lat']:.6f}",
                "jenis_usaha": kind,
                "nama_usaha": business,
                "tahun": str(year),
                "bsimu": str(BSIMU[year]),
                "mentor_id": mentor["mentor_id"],
                "status": draw.weighted(STATUS_2020 if year == 2020 else STATUS_2021),
                "_kec": fam["kec"],
            })

    # A handful of rows as real lists have them: no coordinates (placed by kecamatan name only),
    # some with messy kecamatan spellings, one without a desa either.
    no_coordinates = [r for r in rows if r["_kec"] in MESSY_KECAMATAN]
    draw.shuffle(no_coordinates)
    messy_done = set()
    picked = 0
    for r in no_coordinates:
        if r["_kec"] in messy_done:
            continue
        messy_done.add(r["_kec"])
        r["lon"] = r["lat"] = ""
        r["kecamatan"] = MESSY_KECAMATAN[r["_kec"]]
        picked += 1
    plain = [r for r in rows if r["lon"] and r["_kec"] not in MESSY_KECAMATAN]
    draw.shuffle(plain)
    for r in plain[:3]:
        r["lon"] = r["lat"] = ""
    plain[0]["desa"] = ""
    # And one row that has coordinates but a messy spelling (it is placed by its coordinates).
    with_coords = [r for r in rows if r["lon"] and r["_kec"] == "32.17.04"]
    with_coords[0]["kecamatan"] = "Cikalong Wetan"
    for r in rows:
        del r["_kec"]
    return rows


def pkh_rows(draw):
    rows = []
    for kec, name in KECAMATAN:
        households = HOUSEHOLDS[kec]
        graduates = round(households * PKH_RATE[kec] * draw.uniform(0.9, 1.1))
        rows.append({"kode": kec, "kecamatan": name, "pkh_graduates": str(graduates),
                     "households": str(households)})
    return rows


def write_csv(path, fieldnames, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row[k] for k in fieldnames})
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", default=DEFAULT_POINTS, help="desa points CSV (code,name,kec_code,lat,lon)")
    parser.add_argument("--desa-polygons", default=DEFAULT_DESA_POLYGONS,
                        help="real desa polygons (GeoJSON, EPSG:4326, field code), only to accept or reject positions")
    parser.add_argument("--out-dir", default=DEFAULT_OUT_DIR, help="folder for the synthetic CSV files")
    args = parser.parse_args()

    desa = read_desa(args.points)
    read_desa_polygons(args.desa_polygons, desa)
    draw = Draw(SEED)
    mentors = make_mentors(draw, desa)
    beneficiaries = make_beneficiaries(draw, desa, mentors)
    pkh = pkh_rows(draw)
    for m in mentors:
        m["lon"], m["lat"] = (f"{m['lon']:.6f}", f"{m['lat']:.6f}") if m["has_coordinates"] else ("", "")
        m["kapasitas"] = str(m["kapasitas"])

    os.makedirs(args.out_dir, exist_ok=True)
    out = lambda name: os.path.join(args.out_dir, name)
    write_csv(out("synthetic_kpm_beneficiaries.csv"),
              ["id_kpm", "nama_kpm", "nik", "kecamatan", "desa", "lon", "lat", "jenis_usaha", "nama_usaha",
               "tahun", "bsimu", "mentor_id", "status"], beneficiaries)
    write_csv(out("synthetic_mentors.csv"),
              ["mentor_id", "nama", "organisasi", "kecamatan", "lon", "lat", "kapasitas"], mentors)
    write_csv(out("synthetic_kecamatan_pkh.csv"), ["kode", "kecamatan", "pkh_graduates", "households"], pkh)

    n2020 = sum(1 for r in beneficiaries if r["tahun"] == "2020")
    unplaced = sum(1 for r in beneficiaries if not r["lon"])
    print(f"wrote {len(beneficiaries)} families ({n2020} in 2020, {len(beneficiaries) - n2020} in 2021; "
          f"{unplaced} without coordinates), {len(mentors)} mentors, {len(pkh)} kecamatan rows to {args.out_dir}")


if __name__ == "__main__":
    main()
