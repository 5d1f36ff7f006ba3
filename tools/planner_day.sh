#!/usr/bin/env bash
# A planner's day in the window, scripted through the window's hidden test hooks: open the demo
# project, plan (the planning panel's suitability map), bookmark that view, save, present the
# bookmark (F5), export a snapshot of the map and the meeting pack. Each step is a fresh window on
# the project the step before saved, so everything the next step shows comes from the saved map
# state, as it would the next morning. Used by tests/app/planner_day_test.cpp and for the README's
# screenshots (see README, "A planner's day").
#
# usage: tools/planner_day.sh BINARY OUTDIR [PROJECT] [WINDOWxSIZE]
# writes OUTDIR/1-plan.png, 2-present.png, 3-snapshot.png (the exported image), day.prokus.json and
# pack/ (the meeting pack); exits with the first failing step's status.
set -euo pipefail
binary=$1
out=$2
project=${3:-"$(dirname "$0")/../geodata/demo.prokus.json"}
size=${4:-1366x768}
mkdir -p "$out"
rm -rf "$out/pack"

step() { echo "planner_day: $1" >&2; }

step "1. plan: the planning panel's suitability map, bookmarked as 'Calon lokasi', project saved"
"$binary" --window-size "$size" --frames 30 "$project" --planning --bookmark "Calon lokasi" \
  --screenshot "$out/1-plan.png" --save-project "$out/day.prokus.json"

step "2. present: F5 shows the bookmark as a slide"
"$binary" --window-size "$size" --frames 30 "$out/day.prokus.json" --keys F5 --screenshot "$out/2-present.png"

step "3. export: a snapshot of the map (the export dialog's path) and the meeting pack"
"$binary" --window-size "$size" --frames 10 "$out/day.prokus.json" \
  --export-at-window-size "$out/3-snapshot.png" --export-pack "$out/pack"
step "done: $out"
