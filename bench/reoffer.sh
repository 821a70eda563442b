#!/bin/sh
# How fast a freed place's candidates are ranked (issue 14): `randa serve`
# on a fresh demo region (1,400 trainees), where bench/reoffer.mjs cancels
# confirmed bookings one at a time, each at another unit, and times
# GET /api/v1/freed/{id}/candidates right after each cancellation (the
# ranking computed: the problem built from the database, loaded, every
# candidate's schedule with and without the place) and again (the ranking
# the server keeps for the store generation).
#
#     sh bench/reoffer.sh [PLACES]
#
# BENCH_DB=postgresql://HOST/DB runs it on PostgreSQL instead of a SQLite
# file: DB must be an empty database, which the demo region fills.
#
# Prints one line per place (unit, weeks, candidates ranked and needs
# considered, both times) and the median, 90th percentile and longest of
# each: the time the answer took, and the CPU time the server spent on it
# (all its threads, from /proc), which a machine busy with other work
# does not inflate. The issue's aim: well under 100 ms on the demo region.
set -eu

places=${1:-20}
randa=${RANDA_BIN:-build/randa}
password=freed-places-2026

dir=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }; rm -rf "$dir"' EXIT INT TERM
db=${BENCH_DB:-$dir/bench.db}
"$randa" demo --db "$db" --today 2026-11-23 >/dev/null
region=$("$randa" user list --db "$db" |
    sed -n 's/^samordnare .*coordinator:region=\([0-9]*\).*/\1/p')
[ -n "$region" ] || { echo "reoffer: no region in the demo"; exit 1; }
# The region's coordinator reads every candidate and cancels any booking.
printf '%s\n' "$password" | "$randa" user add bench --name "Bench" \
    --role "coordinator=$region" --db "$db" >/dev/null
"$randa" serve --db "$db" --listen 127.0.0.1:0 --quiet --rate-limit 0 \
    >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
    grep -q 'http://' "$dir/out" 2>/dev/null && break
    sleep 0.2
done
base=$(sed -n 's|.*\(http://127.0.0.1:[0-9]*\)/.*|\1|p' "$dir/out" | head -n 1)
[ -n "$base" ] || { cat "$dir/err"; exit 1; }

store=SQLite
[ -z "${BENCH_DB:-}" ] || store=PostgreSQL
echo "machine: $(nproc) cores, $(uname -m); store: $store; load average:" \
     "$(cut -d ' ' -f 1-3 /proc/loadavg); $places places"
node "$(dirname "$0")/reoffer.mjs" "$base" bench "$password" "$places" "$pid"
