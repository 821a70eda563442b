#!/bin/sh
# Tests the PostgreSQL schema, src/store/migrations/pg/: starts a throw-away
# cluster (scripts/pg-test-cluster.sh), applies 001..005 to a new database,
# each file in one transaction, runs the checks of tests/pg/schema.sql, and
# compares the schema's tables, columns, keys, indexes, foreign keys,
# CHECK counts and triggers with those the SQLite migrations make (when
# the sqlite3 shell is there to make them). Exits non-zero on any failure
# or difference; stops the cluster in any case.
#
#   tests/pg/schema.sh
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cluster=$root/scripts/pg-test-cluster.sh
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
export PGBIN

pgdir=$(mktemp -d "${TMPDIR:-/tmp}/randa-pg-schema.XXXXXX")
work=$(mktemp -d "${TMPDIR:-/tmp}/randa-pg-work.XXXXXX")
cleanup() {
    sh "$cluster" stop "$pgdir" || echo "schema.sh: could not stop the cluster in $pgdir" >&2
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

sh "$cluster" start "$pgdir"
set -a
# shellcheck source=/dev/null # written by pg-test-cluster.sh start
. "$pgdir/env"
set +a
db=randa_schema

psql() {
    "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"
}

psql -d postgres -c "CREATE DATABASE $db"
for f in "$root"/src/store/migrations/pg/[0-9][0-9][0-9]_*.sql; do
    echo "schema.sh: applying ${f#"$root"/}"
    psql -1 -d "$db" -f "$f"
done

result=$(psql -d "$db" -f "$root/tests/pg/schema.sql")
echo "schema.sh: $result"
case $result in
"checks passed: "[1-9]*) ;;
*)
    echo "schema.sh: tests/pg/schema.sql did not end with its count" >&2
    exit 1
    ;;
esac

# ---- The same structure as SQLite's ----

if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "schema.sh: no sqlite3 shell: the comparison with SQLite's schema" \
        "is skipped"
    exit 0
fi

sqlite_db=$work/sqlite.db
for f in "$root"/src/store/migrations/[0-9][0-9][0-9]_*.sql; do
    sqlite3 -bail "$sqlite_db" <"$f"
done

# One line per fact, in the same words for both: types as int, text, real
# or blob; defaults without PostgreSQL's casts; names of the indexes that
# back a constraint left out, as they differ by design.
sqlite3 -bail "$sqlite_db" >"$work/sqlite.txt" <<'EOF'
WITH t AS (SELECT name FROM sqlite_schema
           WHERE type = 'table' AND name NOT LIKE 'sqlite_%')
SELECT 'column ' || t.name || ' ' || printf('%02d', p.cid + 1) || ' ' || p.name
       || ' ' || CASE upper(p.type) WHEN 'INTEGER' THEN 'int' WHEN 'TEXT'
                 THEN 'text' WHEN 'REAL' THEN 'real' WHEN 'BLOB' THEN 'blob'
                 ELSE p.type END
       || CASE WHEN p."notnull" OR p.pk THEN ' not null' ELSE '' END
       || CASE WHEN p.dflt_value IS NULL THEN ''
               ELSE ' default ' || p.dflt_value END
FROM t, pragma_table_info(t.name) p
UNION ALL
SELECT 'key ' || t.name || ' '
       || CASE l.origin WHEN 'pk' THEN 'primary' ELSE 'unique' END || ' ('
       || (SELECT group_concat(name, ',') FROM
           (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) || ')'
FROM t, pragma_index_list(t.name) l WHERE l.origin IN ('pk', 'u')
UNION ALL
SELECT 'key ' || t.name || ' primary (' || p.name || ')'
FROM t, pragma_table_info(t.name) p
WHERE p.pk = 1 AND upper(p.type) = 'INTEGER'
AND NOT EXISTS (SELECT 1 FROM pragma_index_list(t.name) WHERE origin = 'pk')
UNION ALL
SELECT 'index ' || l.name || ' on ' || t.name
       || CASE WHEN l."unique" THEN ' unique' ELSE '' END
       || CASE WHEN l.partial THEN ' partial' ELSE '' END || ' ('
       || (SELECT group_concat(name, ',') FROM
           (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) || ')'
FROM t, pragma_index_list(t.name) l WHERE l.origin = 'c'
UNION ALL
SELECT 'foreign ' || t.name || '.' || f."from" || ' -> ' || f."table" || '.'
       || f."to" || ' on delete ' || lower(f.on_delete)
FROM t, pragma_foreign_key_list(t.name) f
UNION ALL
SELECT 'checks ' || m.name || ' '
       || ((length(m.sql) - length(replace(upper(m.sql), 'CHECK', ''))) / 5)
FROM sqlite_schema m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
UNION ALL
SELECT 'trigger ' || name || ' on ' || tbl_name
FROM sqlite_schema WHERE type = 'trigger';
EOF

psql -At -d "$db" >"$work/pg.txt" <<'EOF'
WITH t AS (SELECT c.oid, c.relname AS name FROM pg_class c
           WHERE c.relnamespace = current_schema()::regnamespace
           AND c.relkind = 'r')
SELECT 'column ' || t.name || ' ' || to_char(a.attnum, 'FM00') || ' '
       || a.attname || ' '
       || CASE format_type(a.atttypid, NULL) WHEN 'bigint' THEN 'int'
          WHEN 'integer' THEN 'int' WHEN 'text' THEN 'text'
          WHEN 'double precision' THEN 'real' WHEN 'bytea' THEN 'blob'
          ELSE format_type(a.atttypid, NULL) END
       || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
       || coalesce(' default '
                   || replace(pg_get_expr(d.adbin, d.adrelid), '::text', ''),
                   '')
FROM t JOIN pg_attribute a ON a.attrelid = t.oid
LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'key ' || t.name || ' '
       || CASE k.contype WHEN 'p' THEN 'primary' ELSE 'unique' END || ' ('
       || (SELECT string_agg(a.attname, ',' ORDER BY n)
           FROM unnest(k.conkey) WITH ORDINALITY u(attnum, n)
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = u.attnum)
       || ')'
FROM t JOIN pg_constraint k ON k.conrelid = t.oid WHERE k.contype IN ('p', 'u')
UNION ALL
SELECT 'index ' || i.relname || ' on ' || t.name
       || CASE WHEN x.indisunique THEN ' unique' ELSE '' END
       || CASE WHEN x.indpred IS NOT NULL THEN ' partial' ELSE '' END || ' ('
       || (SELECT string_agg(a.attname, ',' ORDER BY n)
           FROM unnest(x.indkey) WITH ORDINALITY u(attnum, n)
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = u.attnum)
       || ')'
FROM t JOIN pg_index x ON x.indrelid = t.oid
JOIN pg_class i ON i.oid = x.indexrelid
WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k
                  WHERE k.conindid = x.indexrelid AND k.conrelid = t.oid)
UNION ALL
SELECT 'foreign ' || t.name || '.' || a.attname || ' -> '
       || r.relname || '.' || ra.attname || ' on delete '
       || CASE k.confdeltype WHEN 'a' THEN 'no action' WHEN 'c' THEN 'cascade'
          WHEN 'r' THEN 'restrict' WHEN 'n' THEN 'set null'
          ELSE 'set default' END
FROM t JOIN pg_constraint k ON k.conrelid = t.oid AND k.contype = 'f'
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.conkey[1]
JOIN pg_class r ON r.oid = k.confrelid
JOIN pg_attribute ra ON ra.attrelid = r.oid AND ra.attnum = k.confkey[1]
UNION ALL
SELECT 'checks ' || t.name || ' '
       || (SELECT count(*) FROM pg_constraint k
           WHERE k.conrelid = t.oid AND k.contype = 'c')
FROM t
UNION ALL
SELECT 'trigger ' || g.tgname || ' on ' || t.name
FROM t JOIN pg_trigger g ON g.tgrelid = t.oid WHERE NOT g.tgisinternal;
EOF

LC_ALL=C sort "$work/sqlite.txt" >"$work/sqlite.sorted"
LC_ALL=C sort "$work/pg.txt" >"$work/pg.sorted"
if ! diff -u "$work/sqlite.sorted" "$work/pg.sorted" >"$work/diff.txt"; then
    echo "schema.sh: the PostgreSQL schema differs from SQLite's" \
        "(- SQLite, + PostgreSQL):" >&2
    cat "$work/diff.txt" >&2
    exit 1
fi
echo "schema.sh: the same structure as SQLite's:" \
    "$(wc -l <"$work/pg.sorted") facts (columns, keys, indexes, foreign keys," \
    "CHECK counts, triggers)"
