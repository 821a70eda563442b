#!/bin/sh
# Starts and stops a throw-away PostgreSQL 15 cluster in a directory of its
# own, for the tests of the PostgreSQL store (tests/pg/).
#
#   scripts/pg-test-cluster.sh start DIR   create DIR (or use it if empty),
#                                          initdb there, start the server,
#                                          write DIR/env
#   scripts/pg-test-cluster.sh env DIR     print DIR/env as export lines:
#                                          eval "$(scripts/pg-test-cluster.sh
#                                          env DIR)"
#   scripts/pg-test-cluster.sh stop DIR    stop the server, remove DIR
#   scripts/pg-test-cluster.sh crash DIR   stop the server at once (as a
#                                          power cut would) and start it
#                                          again on the same port
#   scripts/pg-test-cluster.sh halt DIR    stop the server, keep DIR (start
#                                          starts it again, on the same
#                                          port while that is free)
#   scripts/pg-test-cluster.sh standby DIR PRIMARY
#                                          make DIR a streaming standby of
#                                          the running cluster in PRIMARY
#                                          (pg_basebackup -R), start it on
#                                          a port of its own, write DIR/env
#
# The cluster listens on 127.0.0.1 only, on the first free port from 55432
# up (RANDA_PG_PORT_FROM to change), with its unix socket in DIR/socket and
# "trust" authentication for those two ways in only: it is for tests on
# this machine, never for data. fsync stays on, as tests of durability need
# it. DIR/env holds PGHOST, PGPORT, PGUSER and RANDA_PG_URL (a URL without
# the database name, which the caller appends), one KEY=VALUE a line, for
# `set -a; . DIR/env; set +a`. Run as root, the server runs as the user
# postgres (RANDA_PG_OS_USER to change), which then owns DIR; run as anyone
# else, it runs as that user. Binaries come from /usr/lib/postgresql/15/bin
# (PGBIN to change).
#
# start on a running cluster only prints where it is; start on a stopped
# one (DIR/data left by a crash or a test that stopped the server) starts it
# again; stop on a missing DIR does nothing. A standby is a hot standby:
# it answers reads (RANDA_PG_URL in its DIR/env) and replays what the
# primary writes, databases made later included; standby lets the primary
# take replication connections from 127.0.0.1 (trust, as the rest) for it.
# stop removes a standby as it removes any cluster. DIR is removed only when start
# made it a cluster directory (the file DIR/.pg-test-cluster says so), so a
# mistyped DIR is never deleted.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
os_user=${RANDA_PG_OS_USER:-postgres}
port_from=${RANDA_PG_PORT_FROM:-55432}
port_tries=200
marker=.pg-test-cluster

me=$(basename "$0")

die() {
    echo "$me: $*" >&2
    exit 1
}

usage() {
    echo "usage: $me start|stop|crash|halt|env DIR" >&2
    echo "       $me standby DIR PRIMARY" >&2
    exit 2
}

[ "$#" -ge 2 ] || usage
action=$1
case $action in
start | stop | crash | halt | env) [ "$#" -eq 2 ] || usage ;;
standby) [ "$#" -eq 3 ] && [ -n "$3" ] || usage ;;
*) usage ;;
esac
[ -n "$2" ] || usage

# A directory as an absolute path: the server and pg_ctl run from / (a
# directory the unprivileged user may not enter is no place to run them
# from).
absolute() {
    case $1 in
    /*) p=$1 ;;
    *) p=$(pwd)/$1 ;;
    esac
    p=${p%/}
    [ -n "$p" ] || die "refusing to use / as a cluster directory"
    echo "$p"
}
dir=$(absolute "$2")
primary=
[ "$action" != standby ] || primary=$(absolute "$3")
cd /

data=$dir/data
socket=$dir/socket
log=$dir/server.log

if [ "$(id -u)" -eq 0 ]; then
    as_root=1
else
    as_root=0
fi

# Runs a command as the user that owns the cluster, arguments as they are.
run() {
    if [ "$as_root" -eq 0 ]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$os_user" -- "$@"
    else
        # shellcheck disable=SC2016 # expanded by the user's shell
        su "$os_user" -s /bin/sh -c 'exec "$0" "$@"' -- "$@"
    fi
}

# 0 when the server of DIR/data is running.
running() {
    [ -f "$data/PG_VERSION" ] && run "$PGBIN/pg_ctl" status -D "$data" \
        >/dev/null 2>&1
}

do_env() {
    [ -f "$dir/env" ] || die "no cluster environment in $dir (not started?)"
    while IFS= read -r line; do
        [ -n "$line" ] && printf 'export %s\n' "$line"
    done <"$dir/env"
}

# Writes DIR/env for the server on port $1.
write_env() {
    tmp=$dir/env.tmp
    {
        echo "PGHOST=127.0.0.1"
        echo "PGPORT=$1"
        echo "PGUSER=randa"
        echo "RANDA_PG_URL=postgresql://randa@127.0.0.1:$1/"
    } >"$tmp"
    chmod 0644 "$tmp"
    mv "$tmp" "$dir/env"
}

# Makes DIR a cluster directory, empty but for the marker, that the
# server's user owns.
make_dir() {
    if [ -e "$dir" ]; then
        [ -d "$dir" ] || die "$dir exists and is not a directory"
        if [ ! -f "$dir/$marker" ] &&
            [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
            die "$dir is not empty and not a test cluster: give a new or" \
                "empty directory"
        fi
    else
        mkdir -p "$dir"
    fi
    : >"$dir/$marker"
    rm -rf "$data" "$socket"
    chmod 0700 "$dir"
    if [ "$as_root" -eq 1 ]; then
        id "$os_user" >/dev/null 2>&1 ||
            die "no user $os_user to run the server as (useradd -r $os_user)"
        chown -R "$os_user:" "$dir"
        run test -w "$dir" ||
            die "$os_user cannot write to $dir: a directory above it is" \
                "closed to others (use one under /tmp, e.g. mktemp -d)"
    fi
}

# Makes DIR a cluster directory and runs initdb there.
init_cluster() {
    make_dir
    # -U postgres: the bootstrap superuser has the same name whoever runs
    # this. No password: trust holds, and only for the ways in that
    # pg_hba.conf below names.
    run "$PGBIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        die "initdb failed"
    }
    # Only the unix socket in DIR/socket and TCP on 127.0.0.1 let anyone
    # in; initdb's own file also names ::1 and replication, which the tests
    # do not need.
    run sh -c 'cat >"$1"' sh "$data/pg_hba.conf" <<'EOF'
# Written by scripts/pg-test-cluster.sh: a throw-away test cluster.
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
EOF
    # The port goes in pg-test-cluster.conf, written at every start, so that
    # a test that stops and starts the server itself (pg_ctl -D DIR/data
    # start) finds it where it was.
    run sh -c 'cat >>"$1"' sh "$data/postgresql.conf" <<'EOF'

# scripts/pg-test-cluster.sh
listen_addresses = '127.0.0.1'
# Durable as in production: the tests check that commits survive.
fsync = on
synchronous_commit = on
full_page_writes = on
# A randa serve holds about nine connections (its request threads and its
# workers), the API suite runs two files at once, and the exchange's file
# runs up to five servers: 50 ran out.
max_connections = 200
include = 'pg-test-cluster.conf'
EOF
}

# Writes the server's port and socket directory into the cluster.
write_conf() {
    run sh -c 'cat >"$1"' sh "$data/pg-test-cluster.conf" <<EOF
# Written by scripts/pg-test-cluster.sh at each start.
port = $1
unix_socket_directories = '$socket'
EOF
}

# Starts the server on port $1 if nothing answers there: 0 when it
# started, 1 when the port is taken; any other failure is fatal.
try_port() {
    # Something answers there already: 0 accepting, 1 rejecting; 2 is no
    # answer.
    rc=0
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$1" -t 2 || rc=$?
    [ "$rc" -eq 2 ] || return 1
    write_conf "$1"
    seen=0
    [ ! -f "$log" ] || seen=$(wc -l <"$log")
    if run "$PGBIN/pg_ctl" start -D "$data" -l "$log" -w -t 60 \
        >/dev/null 2>&1; then
        return 0
    fi
    # Another process took the port between the look and the bind: try
    # another one; any other failure is fatal.
    if ! tail -n "+$((seen + 1))" "$log" 2>/dev/null |
        grep -q 'Address already in use'; then
        tail -n "+$((seen + 1))" "$log" >&2 2>/dev/null || true
        die "the server did not start (log: $log)"
    fi
    return 1
}

# Starts the server on the port it had when it last ran here (so that a
# client's URL stays right across halt and start), else on the first
# free port; prints the port.
start_server() {
    before=
    [ ! -f "$dir/env" ] || before=$(sed -n 's/^PGPORT=//p' "$dir/env")
    if [ -n "$before" ] && try_port "$before"; then
        echo "$before"
        return 0
    fi
    port=$port_from
    last=$((port_from + port_tries))
    while [ "$port" -lt "$last" ]; do
        if try_port "$port"; then
            echo "$port"
            return 0
        fi
        port=$((port + 1))
    done
    die "no free port from $port_from to $((last - 1))"
}

do_start() {
    [ -x "$PGBIN/initdb" ] || die "no PostgreSQL 15 in $PGBIN (PGBIN)"
    if [ -f "$data/PG_VERSION" ] && [ -f "$dir/$marker" ]; then
        if running; then
            [ -f "$dir/env" ] || die "a server runs in $data but $dir/env" \
                "is missing: stop it and start again"
            echo "$me: already running in $dir ($dir/env)" >&2
            return 0
        fi
    else
        init_cluster
    fi
    if [ ! -d "$socket" ]; then
        mkdir -m 0700 "$socket"
        [ "$as_root" -eq 0 ] || chown "$os_user:" "$socket"
    fi
    port=$(start_server)
    rm -f "$dir/env"
    # randa is a superuser so that a test may create and drop databases,
    # change any setting and force a CHECKPOINT when it proves durability,
    # without a grant for each: on a throw-away cluster that only this
    # machine can reach, that puts nothing at risk. The role Randa uses in
    # production owns its database and is no superuser.
    run "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket" -p "$port" \
        -U postgres -d postgres <<'EOF' >/dev/null
SELECT 'CREATE ROLE randa LOGIN SUPERUSER'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'randa') \gexec
EOF
    write_env "$port"
    echo "$me: PostgreSQL running in $dir on 127.0.0.1:$port ($dir/env)" >&2
}

do_stop() {
    [ -e "$dir" ] || return 0
    [ -f "$dir/$marker" ] ||
        die "$dir is not a test cluster directory: not removing it"
    if running; then
        run "$PGBIN/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null ||
            die "the server in $data did not stop"
    fi
    rm -rf "$dir"
}

# What a power cut does to the server: it stops at once, without a
# checkpoint (pg_ctl -m immediate), and starts again on the same port,
# replaying its write-ahead log; the clients' connections are gone.
do_crash() {
    [ -f "$dir/$marker" ] && running || die "no test cluster runs in $dir"
    run "$PGBIN/pg_ctl" stop -D "$data" -m immediate -w -t 60 >/dev/null ||
        die "the server in $data did not stop"
    run "$PGBIN/pg_ctl" start -D "$data" -l "$log" -w -t 60 >/dev/null ||
        die "the server in $data did not start again (log: $log)"
}

do_halt() {
    [ -f "$dir/$marker" ] || die "$dir is not a test cluster directory"
    if running; then
        run "$PGBIN/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null ||
            die "the server in $data did not stop"
    fi
}

# Copies the running cluster in PRIMARY into DIR with pg_basebackup -R
# (which writes standby.signal and primary_conninfo) and starts it.
do_standby() {
    [ -x "$PGBIN/pg_basebackup" ] || die "no PostgreSQL 15 in $PGBIN (PGBIN)"
    if [ -f "$data/PG_VERSION" ] && [ -f "$dir/$marker" ]; then
        do_start # made before: start it again if it stopped
        return 0
    fi
    pdata=$primary/data
    [ -f "$primary/$marker" ] && [ -f "$primary/env" ] &&
        run "$PGBIN/pg_ctl" status -D "$pdata" >/dev/null 2>&1 ||
        die "no test cluster runs in $primary"
    pport=$(sed -n 's/^PGPORT=//p' "$primary/env")
    if ! run grep -q '^host *replication' "$pdata/pg_hba.conf"; then
        run sh -c 'cat >>"$1"' sh "$pdata/pg_hba.conf" <<'EOF'
# Written by scripts/pg-test-cluster.sh standby: standbys stream from here.
host    replication  all   127.0.0.1/32  trust
EOF
        run "$PGBIN/pg_ctl" reload -D "$pdata" >/dev/null ||
            die "the server in $pdata did not reload"
    fi
    make_dir
    rm -rf "$data" "$socket" "$dir/env"
    # -c fast: a checkpoint at once rather than spread out; -X stream: the
    # WAL written while it copies comes along. No fsync of the copy, and
    # none by the standby (which otherwise syncs every file as it starts,
    # seconds on a busy disk): it serves tests of reads, not of durability,
    # and a standby that lost its files is made again.
    run "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$pport" -U postgres \
        -D "$data" -R -X stream -c fast --no-sync \
        >"$dir/basebackup.log" 2>&1 || {
        cat "$dir/basebackup.log" >&2
        die "pg_basebackup failed"
    }
    run sh -c 'cat >>"$1"' sh "$data/postgresql.conf" <<'EOF'
# scripts/pg-test-cluster.sh standby: a copy for tests of reads.
fsync = off
EOF
    do_start
}

case $action in
start) do_start ;;
stop) do_stop ;;
crash) do_crash ;;
halt) do_halt ;;
standby) do_standby ;;
env) do_env ;;
esac
