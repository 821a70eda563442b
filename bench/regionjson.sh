#!/bin/sh
# How long moving a whole region takes (issue 15): `randa export` of a fresh
# demo region (SQLite) to one JSON file, `randa import` of it into an empty
# SQLite file, and the export again, which must give the same bytes.
#
#     sh bench/regionjson.sh
#
# Prints the file's size and each step's wall time and peak memory
# (GNU time's %e and %M).
set -eu

randa=${RANDA_BIN:-build/randa}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
"$randa" demo --db "$dir/demo.db" >/dev/null
step() {
    name=$1
    shift
    /usr/bin/time -f "$name: %e s, %M KiB peak" "$@" >/dev/null
}
step "export from SQLite" "$randa" export --db "$dir/demo.db" --out "$dir/a.json"
step "import into SQLite" "$randa" import --db "$dir/b.db" --in "$dir/a.json"
step "export again" "$randa" export --db "$dir/b.db" --out "$dir/b.json"
echo "file: $(wc -c <"$dir/a.json") bytes"
cmp "$dir/a.json" "$dir/b.json" && echo "export -> import -> export: identical"
