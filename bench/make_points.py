#!/usr/bin/env python3
"""Write N synthetic beneficiary points for the benchmarks (CSV: id,lon,lat), deterministic.

Points scatter around the 165 desa points of ../shared/geodata/kbb_desa_points.csv (Gaussian, sigma
1 km), so most fall inside the regency and the density varies like a real programme; some fall in the
reservoir or outside and are left unplaced, as in real lists. The same N and seed give the same file,
so our `stats`/bench programs and the peers (GDAL, QGIS) count the very same points.

Usage: python3 bench/make_points.py N OUT.csv [--points ../shared/geodata/kbb_desa_points.csv] [--seed 1]
"""
import argparse
import csv
import math
import os
import random
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_POINTS = os.path.join(REPO_ROOT, "..", "shared", "geodata", "kbb_desa_points.csv")
SIGMA_M = 1000.0
EARTH_RADIUS_M = 6371008.8


def main():
    parser = argparse.ArgumentParser(description="Write N synthetic benchmark points (id,lon,lat).")
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--points", default=DEFAULT_POINTS)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    try:
        with open(args.points, newline="", encoding="utf-8") as f:
            centres = [(float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)]
    except (OSError, KeyError, ValueError) as e:
        print(f"make_points: {args.points}: cannot read desa points ({e})", file=sys.stderr)
        sys.exit(2)
    rng = random.Random(args.seed)
    deg_per_m_lat = math.degrees(1 / EARTH_RADIUS_M)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write("id,lon,lat\n")
        for i in range(1, args.count + 1):
            lon, lat = centres[min(int(rng.random() * len(centres)), len(centres) - 1)]
            # Box-Muller from random() only, so the sequence is stable across Python versions.
            r = SIGMA_M * math.sqrt(-2 * math.log(1 - rng.random()))
            a = 2 * math.pi * rng.random()
            dlat = r * math.sin(a) * deg_per_m_lat
            dlon = r * math.cos(a) * deg_per_m_lat / math.cos(math.radians(lat))
            f.write(f"{i},{lon + dlon:.6f},{lat + dlat:.6f}\n")
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
