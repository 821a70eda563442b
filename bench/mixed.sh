#!/bin/sh
# A mixed read/write load on `randa serve`: place overviews, trainee pages
# and booking requests and cancellations at once, from concurrent clients
# over loopback, on a fresh demo region (1,400 trainees), for a fixed time,
# then stops.
#
#     sh bench/mixed.sh [SECONDS] [CLIENTS] [THREADS]
#
# BENCH_DB=postgresql://HOST/DB runs it on PostgreSQL instead of a SQLite
# file: DB must be an empty database, which the demo region fills.
#
# The load is bench/mixed.mjs (what each client does is described there),
# logged in as "bench", a user this script adds with `randa user add`:
# övergripande studierektor of the region (reads every trainee, requests
# and cancels bookings) and administrator (reads the metrics). Prints, per
# kind of request, the requests, requests a second, p50, p90, p99 and the
# longest latency, the 2xx, the 409 conflicts of booking requests (with
# their reasons) and the errors; then the server's own counters. Exits 1
# when a request failed.
set -eu

seconds=${1:-20}
clients=${2:-32}
server_threads=${3:-4}
randa=${RANDA_BIN:-build/randa}
password=mixed-load-2026

dir=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }; rm -rf "$dir"' EXIT INT TERM
db=${BENCH_DB:-$dir/bench.db}
"$randa" demo --db "$db" --today 2026-11-23 >/dev/null
region=$("$randa" user list --db "$db" |
    sed -n 's/^samordnare .*coordinator:region=\([0-9]*\).*/\1/p')
[ -n "$region" ] || { echo "mixed: no region in the demo"; exit 1; }
printf '%s\n' "$password" | "$randa" user add bench --name "Bench" \
    --role admin --role "coordinator=$region" --db "$db" >/dev/null
# The clients are one address firing as fast as they can: no rate limit.
"$randa" serve --db "$db" --listen 127.0.0.1:0 --quiet \
    --threads "$server_threads" --rate-limit 0 >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
    grep -q 'http://' "$dir/out" 2>/dev/null && break
    sleep 0.2
done
base=$(sed -n 's|.*\(http://127.0.0.1:[0-9]*\)/.*|\1|p' "$dir/out" | head -n 1)
[ -n "$base" ] || { cat "$dir/err"; exit 1; }

store=SQLite
[ -z "${BENCH_DB:-}" ] || store=PostgreSQL
echo "machine: $(nproc) cores, $(uname -m); store: $store;" \
     "server threads: $server_threads; $clients clients, ${seconds}s"
status=0
node "$(dirname "$0")/mixed.mjs" "$base" bench "$password" "$seconds" "$clients" ||
    status=$?
echo "== server counters"
cookie=$(curl -s --noproxy '*' -D - -o /dev/null -X POST \
    -d "{\"username\": \"bench\", \"password\": \"$password\"}" \
    "$base/api/v1/session" | tr -d '\r' |
    sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\);.*/\1/p')
curl -s --noproxy '*' -H "Cookie: $cookie" "$base/metrics" |
    grep -E '^randa_http_requests_total|_count|_sum' || true
exit $status
