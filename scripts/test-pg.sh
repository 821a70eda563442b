#!/bin/sh
# Runs the suites that touch the database a second time against PostgreSQL:
# the API suite (planning from the database included), the browser suite
# and the crash test, on a throw-away PostgreSQL 15 cluster that this script starts in
# a temporary directory and removes afterwards, plus the schema's own
# checks (tests/pg/schema.sh). For the API suite a streaming standby of
# the cluster runs beside it (made in about a second), for the tests of
# serve --db-read (tests/api/replica.test.mjs). TAP goes to
# build/node-logs/*-pg.tap for scripts/check.sh to sum up.
set -u
cd "$(dirname "$0")/.."

dir=$(mktemp -d "${TMPDIR:-/tmp}/randa-pg.XXXXXX")
# The server runs as an unprivileged user, who must reach the directory.
chmod 755 "$dir"
cleanup() {
    sh scripts/pg-test-cluster.sh stop "$dir/standby" >/dev/null 2>&1
    sh scripts/pg-test-cluster.sh stop "$dir/cluster" >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

status=0
sh tests/pg/schema.sh || status=1

sh scripts/pg-test-cluster.sh start "$dir/cluster" || exit 1
set -a
. "$dir/cluster/env"
set +a
export RANDA_TEST_PG="$RANDA_PG_URL"
export RANDA_BIN="${RANDA_BIN:-build/randa}"

node tests/pg/template.mjs || exit 1
mkdir -p build/node-logs
# The standby copies the cluster, template included, and replays what the
# suite writes after. Without one, replica.test.mjs says why it skips.
if sh scripts/pg-test-cluster.sh standby "$dir/standby" "$dir/cluster"; then
    RANDA_TEST_PG_STANDBY=$(sed -n 's/^RANDA_PG_URL=//p' "$dir/standby/env")
    RANDA_TEST_PG_STANDBY_HALT="sh scripts/pg-test-cluster.sh halt $dir/standby"
    RANDA_TEST_PG_STANDBY_START="sh scripts/pg-test-cluster.sh start $dir/standby"
    export RANDA_TEST_PG_STANDBY RANDA_TEST_PG_STANDBY_HALT \
        RANDA_TEST_PG_STANDBY_START
else
    echo "test-pg: no standby: the replica tests skip" >&2
fi
# The crash test crashes this PostgreSQL server too, so it runs alone,
# after the others.
export RANDA_TEST_PG_CRASH="sh scripts/pg-test-cluster.sh crash $dir/cluster"
for suite in api browser crash; do
    concurrency=2
    [ "$suite" = api ] || concurrency=1
    node --test --test-concurrency=$concurrency \
        --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap \
        --test-reporter-destination="build/node-logs/$suite-pg.tap" \
        "tests/$suite/" || status=1
    # The standby only serves the API suite's replica tests.
    if [ "$suite" = api ]; then
        sh scripts/pg-test-cluster.sh stop "$dir/standby" >/dev/null 2>&1
        unset RANDA_TEST_PG_STANDBY RANDA_TEST_PG_STANDBY_HALT \
            RANDA_TEST_PG_STANDBY_START
    fi
done
exit $status
