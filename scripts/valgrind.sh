#!/bin/sh
# The real binary under valgrind: a small demo region, its summary, and
# `randa serve` answering a round of real requests (reads, a booking, bad
# input, an oversized body) before a graceful stop. Any error or leak fails.
set -u

randa=${RANDA_BIN:-build/randa}
# tests/valgrind.supp: what the libraries of the PDFs keep from their
# constructors on.
vg="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all \
    --num-callers=40 \
    --suppressions=$(dirname "$0")/../tests/valgrind.supp"
dir=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
status=0

$vg "$randa" demo --db "$dir/v.db" --trainees 120 --today 2026-11-23 \
    >/dev/null || status=1
$vg "$randa" summary --db "$dir/v.db" >/dev/null || status=1
# A unit with open needs and one of those needs, for the requests below.
unit=$(sqlite3 "$dir/v.db" "SELECT u.id FROM unit u JOIN specialty s ON
    s.id = u.specialty_id WHERE u.takes_trainees = 1 AND s.id IN (SELECT
    specialty_id FROM rotation_need WHERE status = 'open') LIMIT 1")
need=$(sqlite3 "$dir/v.db" "SELECT n.id FROM rotation_need n JOIN unit u ON
    u.specialty_id = n.specialty_id JOIN trainee t ON t.id = n.trainee_id
    JOIN unit h ON h.id = t.home_unit_id WHERE u.id = $unit
    AND n.status = 'open' AND (n.patterns & 1) != 0
    AND (h.max_away IS NULL OR h.max_away > 0) AND NOT EXISTS (SELECT 1
    FROM need_unit WHERE need_id = n.id) LIMIT 1")
# Accounts: a user with roles (argon2id hashing), listed. The roles let it
# read the metrics, add capacity at the unit and book for the region.
printf 'correct horse battery\n' |
    $vg "$randa" user add vg.admin --name "Valgrind Admin" --role admin \
        --role coordinator=1 --role director="$unit" \
        --db "$dir/v.db" >/dev/null || status=1
$vg "$randa" user list --db "$dir/v.db" | grep -q '^vg.admin .*admin, coordinator:region=1' ||
    status=1
# The plan checker on the format's example: valid (0), and broken (1).
examples=$(dirname "$0")/../tests/solver/examples
$vg "$randa" check "$examples/tiny.json" "$examples/tiny-plan.json" \
    >/dev/null || status=1
sed 's/"start": 32/"start": 10/' "$examples/tiny-plan.json" >"$dir/bad.json"
# (valgrind's own failure status here is 99, apart from check's 1)
${vg%--error-exitcode=1*}--error-exitcode=99${vg#*--error-exitcode=1} \
    "$randa" check "$examples/tiny.json" "$dir/bad.json" >/dev/null
[ $? -eq 1 ] || status=1
# The optimiser, on two threads, and the baseline; their plans must check.
$vg "$randa" plan --in "$examples/tiny.json" --out "$dir/plan.json" \
    --threads 2 --time-limit 20 >/dev/null || status=1
"$randa" check "$examples/tiny.json" "$dir/plan.json" >/dev/null || status=1
$vg "$randa" plan --in "$examples/tiny.json" --out "$dir/fcfs.json" \
    --method fcfs >/dev/null || status=1
# Planning from the database stores a proposal and changes no booking.
$vg "$randa" plan --db "$dir/v.db" --time-limit 3 >/dev/null || status=1

$vg "$randa" serve --db "$dir/v.db" --listen 127.0.0.1:0 --threads 2 \
    >"$dir/out" 2>"$dir/err" &
pid=$!
base=""
for _ in $(seq 1 150); do
    base=$(sed -n 's|.*\(http://127.0.0.1:[0-9]*\)/.*|\1|p' "$dir/out" | head -n 1)
    [ -n "$base" ] && break
    sleep 0.2
done
if [ -z "$base" ]; then
    echo "valgrind: randa serve did not start"; cat "$dir/err"; exit 1
fi
# Log in (the server verifies the argon2id hash under valgrind too); every
# request then carries the session cookie and its CSRF token.
curl -s --noproxy '*' -c "$dir/jar" -o "$dir/session" -X POST \
    -d '{"username": "vg.admin", "password": "correct horse battery"}' \
    "$base/api/v1/session"
csrf=$(sed -n 's/.*"csrf": *"\([A-Za-z0-9_-]*\)".*/\1/p' "$dir/session")
[ -n "$csrf" ] || { echo "valgrind: log-in failed"; cat "$dir/session"; status=1; }
c() {
    curl -s --noproxy '*' -b "$dir/jar" -H "X-CSRF-Token: $csrf" \
        -o /dev/null -w '%{http_code}\n' "$@"
}
{
    c "$base/healthz"
    c "$base/metrics"
    c "$base/"
    c "$base/api/v1/places?from=2027-W10&to=2027-W29"
    c "$base/api/v1/places?from=2027-W10&to=2027-W29"
    c "$base/api/v1/bookings?status=requested"
    c "$base/api/v1/units?limit=5"
    c "$base/api/v1/trainees?q=a"
    c -X POST -d '{"unit_id": '"$unit"', "from_week": "2031-W01",
        "to_week": "2031-W52", "seats": 2, "patterns": ["full"]}' \
        "$base/api/v1/capacity"
    c -X POST -d '{"need_id": '"$need"', "unit_id": '"$unit"',
        "start_week": "2031-W02", "pattern": "full"}' "$base/api/v1/bookings"
    c -X POST -d '{"need_id": ' "$base/api/v1/bookings"
    c -X DELETE "$base/api/v1/bookings"
    head -c 1100000 /dev/zero | c -X POST --data-binary @- "$base/api/v1/bookings"
    c "$base/api/v1/nothing"
    curl -s --noproxy '*' -o /dev/null -w '%{http_code}\n' "$base/api/v1/units"
    curl -s --noproxy '*' -b "$dir/jar" -H "X-CSRF-Token: wrong" \
        -o /dev/null -w '%{http_code}\n' -X POST -d '{}' "$base/api/v1/bookings"
    c -X DELETE "$base/api/v1/session"
    c "$base/api/v1/units"
} >"$dir/codes"
kill -TERM "$pid"
wait "$pid" || status=1
pid=""
expected="200 200 200 200 200 200 200 200 201 201 400 405 413 404 401 403 200 401"
got=$(tr '\n' ' ' <"$dir/codes" | sed 's/ $//')
if [ "$got" != "$expected" ]; then
    echo "valgrind: unexpected statuses: $got (expected $expected)"
    status=1
fi
if grep -q '==[0-9]*==' "$dir/err"; then
    grep '==[0-9]*==' "$dir/err" | head -40
    status=1
fi
[ $status -eq 0 ] && echo "valgrind: clean" || echo "valgrind: errors"
exit $status
