#!/bin/sh
# Runs every test: the formatting check, the check that SQL is only ever
# literals in prepared statements, the unit and command-line tests in
# the normal build, the same tests under AddressSanitizer and
# UndefinedBehaviorSanitizer, the binary under valgrind, the API tests
# against a running server and the browser tests in headless Chromium,
# then the API and browser tests again against PostgreSQL.
# Ends with one line that sums up every suite.
set -u

status=0
failed=""
rm -f build/node-logs/*.tap
for step in format-check sql-check test test-san valgrind test-api test-solver \
    test-browser test-crash test-pg; do
    make --no-print-directory "$step" || { status=1; failed="$failed $step"; }
done
# The fuzz targets build and run a short while on their corpora, so that a
# change that breaks one, or a crash on a committed input, is seen here.
make --no-print-directory fuzz FUZZ_SECONDS=10 ||
    { status=1; failed="$failed fuzz"; }

# Each Criterion binary writes "Synthesis: Tested: N | Passing: P | ...";
# add them up over both builds from Meson's logs.
total_passed=0
total_failed=0
for log in build/meson-logs/testlog.txt build-san/meson-logs/testlog.txt; do
    [ -f "$log" ] || { status=1; continue; }
    set -- $(sed -n 's/.*Synthesis: Tested: \([0-9]*\) | Passing: \([0-9]*\) | Failing: \([0-9]*\) | Crashing: \([0-9]*\).*/\2 \3 \4/p' "$log" |
        awk '{p += $1; f += $2 + $3} END {print p + 0, f + 0}')
    total_passed=$((total_passed + $1))
    total_failed=$((total_failed + $2))
done
# node:test's TAP ends with "# pass N", "# fail N" and "# cancelled N"; a
# cancelled test (a file that died, a timeout) counts as failed.
for log in build/node-logs/api.tap build/node-logs/solver.tap \
           build/node-logs/browser.tap build/node-logs/crash.tap \
           build/node-logs/api-pg.tap \
           build/node-logs/browser-pg.tap build/node-logs/crash-pg.tap; do
    [ -f "$log" ] || { status=1; continue; }
    p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -n 1)
    c=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$log" | tail -n 1)
    total_passed=$((total_passed + ${p:-0}))
    total_failed=$((total_failed + ${f:-0} + ${c:-0}))
    [ $((${f:-0} + ${c:-0})) -eq 0 ] || {
        echo "check: $log: ${f:-0} failed, ${c:-0} cancelled"
        # What each failure said (its error and where), so that a red run
        # can be read without its logs: up to 40 lines of each YAML block.
        awk '/^ *not ok / { show = 1; n = 0 }
             show && n < 40 { print "check:   " $0; n++ }
             show && /^ *\.\.\.$/ { show = 0 }' "$log"
    }
done
[ "$total_failed" -eq 0 ] || status=1
[ "$total_passed" -gt 0 ] || status=1

[ -z "$failed" ] || echo "check: failed steps:$failed"
echo "check: $total_passed passed, $total_failed failed"
exit $status
