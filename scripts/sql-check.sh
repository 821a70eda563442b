#!/bin/sh
# Checks that every SQL statement in src/ is a string literal handed to a
# prepared statement, never text put together at run time:
#
#  - each call of a function that takes SQL text (sqlite3_exec,
#    sqlite3_prepare*, the store's store__prepare, store__query,
#    store__count, store__list_all, store__list_page, store__exec,
#    store__insert_links, store__select_links, and the helpers listed
#    below) passes string literals there, or macros that are string
#    literals ("SELECT " STORE_BOOKING_COLUMNS "FROM booking b ...",
#    STORE_HAS("name", "?2")), or an element of a static const table
#    (TABLE[i] or TABLE[i].member, TABLE declared "static const struct"
#    or "static const char *const": C allows only constants there, so
#    its strings are literals);
#  - no formatting or copying call (snprintf, sprintf, buf_addf, buf_adds,
#    strcat, sqlite3_mprintf, ...) has SQL keywords (SELECT, INSERT,
#    UPDATE, DELETE, WHERE, ...) in a string literal among its arguments.
#
# Values go into statements as bound parameters (?1, store__bindv()), never
# into their text. Prints FILE:LINE: what for each finding and exits 1;
# exits 0 when there is none.
#
#   scripts/sql-check.sh            check src/
#   scripts/sql-check.sh FILE...    check these files instead
#
# The exceptions are named precisely, one function at a time:
#   param FILE FUNCTION NAME   FUNCTION (defined in FILE) passes on its SQL
#                              parameter NAME; its own callers are checked
#                              at that parameter's place instead.
#   expr FILE FUNCTION TEXT    inside FUNCTION, TEXT may be the SQL argument
#                              (say why in a comment above it).
# An entry that no longer matches a definition is itself a finding.
set -eu

cd "$(dirname "$0")/.."

allow=$(mktemp)
trap 'rm -f "$allow"' EXIT INT TERM
cat >"$allow" <<'EOF'
# The store's own plumbing (src/store/store.c): it takes the SQL text its
# callers write and hands it to the backend, which prepares it
# (src/store/sqlite.c, src/store/pg.c).
param src/store/store.c store__prepare sql
param src/store/store.c store_queryv sql
param src/store/store.c store__query sql
param src/store/store.c store_countv sql
param src/store/store.c store__count sql
param src/store/store.c store__exists sql
param src/store/store.c store__list_all sql
param src/store/store.c store__list_page count_sql
param src/store/store.c store__list_page page_sql
param src/store/store.c store__exec sql
param src/store/store.c store_exec_plain sql
param src/store/sqlite.c sqlite_prepare sql
param src/store/sqlite.c sqlite_exec sql
param src/store/pg.c pg_run sql
param src/store/pg.c pg_exec sql
param src/store/pg.c pg_one sql
# Helpers that prepare one statement their callers name.
param src/store/check.c store__insert_links sql
param src/store/check.c store__select_links sql
# The exchange's reader of rows into JSON (issue 17).
param src/store/exchange.c xstore_rows sql
param src/store/people.c store_need_page_links sql
param src/store/places.c places_prepare sql
param src/store/plan_problem.c pr_rows sql
param src/store/import.c imp_find sql
# A scenario's texts (its changes, its results) read by id (issue 18).
param src/store/scenarios.c scenario_texts sql
# The schema migrations: the .sql files of src/store/migrations/, embedded
# into the binary at build time (meson.build), never outside input.
expr src/store/store.c store_migrate (const char *)m->data
# The statement pg_prepare() rewrote from its caller's literal.
expr src/store/pg.c pg_execute q->sql
# The backend's own statement that makes the schema_version table.
expr src/store/store.c store_migrate s->be->schema_version_sql
# The backend's own statements that list the tables and their columns,
# for the region file's check of the schema (issue 15).
expr src/store/transfer.c store_transfer_check_schema s->be->tables_sql
expr src/store/transfer.c rj_check_columns s->be->columns_sql
EOF

src=$(find src -name '*.c' -o -name '*.h' | LC_ALL=C sort)
if [ "$#" -gt 0 ]; then
    files="$*"
    full=0
else
    files=$src
    full=1
fi

# Pass 0 reads the exceptions; pass 1 collects the string-literal macros
# and the exceptions' definitions in src/; pass 2 checks every call in the
# files (and, when they are all of src/, that no exception is stale).
# shellcheck disable=SC2086
awk -v full="$full" '
BEGIN {
    nsink = split("sqlite3_exec:2 sqlite3_prepare:2 sqlite3_prepare_v2:2 " \
        "sqlite3_prepare_v3:2 sqlite3_prepare16:2 sqlite3_prepare16_v2:2 " \
        "sqlite3_prepare16_v3:2 store__prepare:2 store__query:4 " \
        "store__count:4 store__list_all:4 store__list_page:4,5 " \
        "store__exec:4 store__insert_links:3 store__select_links:3 " \
        "PQexec:2 PQexecParams:2 PQprepare:3 PQsendQuery:2 " \
        "prepare:2 exec:2", s, " ")
    for (i = 1; i <= nsink; i++) {
        split(s[i], kv, ":")
        sink[kv[1]] = kv[2]
    }
    nfmt = split("snprintf sprintf vsnprintf vsprintf asprintf vasprintf " \
        "buf_addf buf_adds buf_add strcat strncat strcpy strncpy memcpy " \
        "sqlite3_mprintf sqlite3_vmprintf sqlite3_snprintf " \
        "sqlite3_vsnprintf sqlite3_str_appendf sqlite3_str_vappendf " \
        "sqlite3_str_appendall sqlite3_str_append", f, " ")
    for (i = 1; i <= nfmt; i++)
        fmt[f[i]] = 1
    kw = "(^|[^A-Za-z0-9_])(SELECT|INSERT|UPDATE|DELETE|WHERE|FROM|JOIN|" \
         "VALUES|PRAGMA|SAVEPOINT|RELEASE|ROLLBACK|COMMIT|BEGIN|CREATE|" \
         "DROP|ALTER|REPLACE|UNION|ATTACH|DETACH|VACUUM|ORDER BY|GROUP BY)" \
         "([^A-Za-z0-9_]|$)"
    found = 0
}

pass == 0 {
    if ($0 ~ /^[ \t]*(#|$)/)
        next
    kind = $1; file = $2; fn = $3
    rest = $0
    sub(/^[ \t]*[a-z]+[ \t]+[^ \t]+[ \t]+[^ \t]+[ \t]+/, "", rest)
    if (kind == "param") {
        param[file SUBSEP fn] = param[file SUBSEP fn] " " rest " "
        want[file SUBSEP fn SUBSEP rest] = 1
    } else if (kind == "expr") {
        expr[file SUBSEP fn SUBSEP squeeze(rest)] = 1
        wantexpr[file SUBSEP fn SUBSEP squeeze(rest)] = 1
    } else {
        print "sql-check: bad exception line: " $0
        found = 1
    }
    next
}

# Whole files: the text of each is checked when the next begins.
FNR == 1 && text != "" { finish() }
{ cur = FILENAME; tpass = pass; text = text $0 "\n" }
END {
    if (text != "")
        finish()
    if (full) {
        for (k in want) {
            split(k, p, SUBSEP)
            print p[1] ": sql-check: no function " p[2] " that passes its " \
                  "parameter " p[3] " on as SQL (a stale exception in " \
                  "scripts/sql-check.sh)"
            found = 1
        }
        for (k in wantexpr) {
            split(k, p, SUBSEP)
            print p[1] ": sql-check: " p[3] " is not used in " p[2] \
                  " (a stale exception in scripts/sql-check.sh)"
            found = 1
        }
    }
    if (!found)
        printf "sql-check: ok: %d SQL arguments in %s, every one a literal\n", \
               nchecked, full ? "src/" : "the files"
    exit found
}

# Reads the file just collected: with the pass it was read in.
function finish(    code) {
    code = strip(text)
    if (tpass == 1)
        macros(code)
    scan(cur, code, tpass)
    text = ""
}

# Collapses runs of blanks to one space and trims.
function squeeze(t) {
    gsub(/[ \t\r\n]+/, " ", t)
    sub(/^ /, "", t)
    sub(/ $/, "", t)
    return t
}

# The text with its comments blanked out (newlines kept, so that line
# numbers hold); string and character literals stay as they are. Line by
# line, carrying an open /* comment over.
function strip(t,    nl, lines, l, out, incomment, i, n, c, d, j, res) {
    nl = split(t, lines, "\n")
    incomment = 0
    res = ""
    for (l = 1; l <= nl; l++) {
        t = lines[l]
        n = length(t)
        out = ""
        i = 1
        while (i <= n) {
            if (incomment) {
                j = index(substr(t, i), "*/")
                if (!j) {
                    out = out blank(substr(t, i))
                    i = n + 1
                } else {
                    out = out blank(substr(t, i, j + 1))
                    i += j + 1
                    incomment = 0
                }
                continue
            }
            c = substr(t, i, 1)
            d = substr(t, i, 2)
            if (d == "/*") {
                incomment = 1
                out = out "  "
                i += 2
            } else if (d == "//") {
                out = out blank(substr(t, i))
                i = n + 1
            } else if (c == "\"" || c == "\047") {
                j = litend(t, i)
                out = out substr(t, i, j - i)
                i = j
            } else {
                out = out c
                i++
            }
        }
        lines[l] = out
    }
    for (l = 1; l <= nl; l++)
        res = res lines[l] (l < nl ? "\n" : "")
    return res
}

# Spaces for every character of t.
function blank(t) {
    gsub(/./, " ", t)
    return t
}

# The position just past the string or character literal that begins at i.
function litend(t, i,    q, n, c) {
    q = substr(t, i, 1)
    n = length(t)
    for (i++; i <= n; i++) {
        c = substr(t, i, 1)
        if (c == "\\")
            i++
        else if (c == q || c == "\n")
            return i + 1
    }
    return n + 1
}

# Records the macros whose expansion is string literals only (with the
# literal macros and, for a function-like one, its parameters): they count
# as literals in SQL arguments.
function macros(code,    nl, lines, i, l, name, body, params, np, ps, j, \
                         changed, k) {
    gsub(/\\\n/, " ", code)
    nl = split(code, lines, "\n")
    for (i = 1; i <= nl; i++) {
        l = lines[i]
        if (l !~ /^[ \t]*#[ \t]*define[ \t]+[A-Za-z_][A-Za-z0-9_]*/)
            continue
        sub(/^[ \t]*#[ \t]*define[ \t]+/, "", l)
        name = l
        sub(/[^A-Za-z0-9_].*$/, "", name)
        body = substr(l, length(name) + 1)
        if (body ~ /^\(/) {
            # A function-like macro: its parameters stand for literals.
            params = substr(body, 2, index(body, ")") - 2)
            body = substr(body, index(body, ")") + 1)
            np = split(params, ps, ",")
            for (j = 1; j <= np; j++) {
                gsub(/[ \t]/, "", ps[j])
                body = subword(body, ps[j], "\"\"")
            }
            fmacro[name] = 1
        }
        mbody[name] = body
    }
    do {
        changed = 0
        for (k in mbody)
            if (!(k in litmacro) && literal(mbody[k])) {
                litmacro[k] = 1
                changed = 1
            }
    } while (changed)
}

# t with every whole word w (outside string literals) replaced by r.
function subword(t, w, r,    out, c, j) {
    out = ""
    while (match(t, /"([^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*/)) {
        c = substr(t, RSTART, RLENGTH)
        out = out substr(t, 1, RSTART - 1) (c == w ? r : c)
        t = substr(t, RSTART + RLENGTH)
    }
    return out t
}

# Is t string literals and literal macros only (at least one of them)? A
# function-like literal macro counts when its arguments are literals.
function literal(t,    rest, w, j, depth, c, inner) {
    rest = t
    gsub(/"([^"\\]|\\.)*"/, " \"\" ", rest)
    if (rest !~ /[^ \t\r\n]/)
        return 0
    while (match(rest, /[A-Za-z_][A-Za-z0-9_]*/)) {
        w = substr(rest, RSTART, RLENGTH)
        if (!(w in litmacro))
            return 0
        j = RSTART + RLENGTH
        if (w in fmacro) {
            while (substr(rest, j, 1) ~ /[ \t\r\n]/)
                j++
            if (substr(rest, j, 1) != "(")
                return 0
            depth = 0
            inner = ""
            for (; j <= length(rest); j++) {
                c = substr(rest, j, 1)
                if (c == "(" && depth++ == 0)
                    continue
                if (c == ")" && --depth == 0)
                    break
                inner = inner (c == "," && depth == 1 ? " " : c)
            }
            if (depth != 0 || (inner ~ /[^ \t\r\n]/ && !literal(inner)))
                return 0
            j++
        }
        rest = substr(rest, 1, RSTART - 1) " \"\" " substr(rest, j)
    }
    gsub(/"" */, "", rest)
    return rest !~ /[^ \t\r\n]/
}

# Is a an element of a table of constants in code: TABLE[i] or
# TABLE[i].member, TABLE a "static const struct ... TABLE[" or a
# "static const char *const TABLE["?
function table(code, a,    name, sp) {
    if (a !~ /^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])+(\.[A-Za-z_][A-Za-z0-9_]*)?$/)
        return 0
    name = a
    sub(/\[.*$/, "", name)
    sp = "[ \t\n]"
    return code ~ ("static" sp "+const" sp "+char" sp "*\\*" sp "*const" sp "+" \
                   name sp "*\\[") ||
           code ~ ("static" sp "+const" sp "+struct" sp "*[A-Za-z0-9_]*" sp \
                   "*\\{[^}]*\\}" sp "*" name sp "*\\[") ||
           code ~ ("static" sp "+const" sp "+struct" sp "+[A-Za-z0-9_]+" sp \
                   "+" name sp "*\\[")
}

# Splits the argument list that opens at the "(" at position i of t into
# args[1..n]; returns n.
function callargs(t, i, args,    n, depth, cur, c, j, len) {
    n = 0
    depth = 0
    cur = ""
    len = length(t)
    for (; i <= len; i++) {
        c = substr(t, i, 1)
        if (c == "\"" || c == "\047") {
            j = litend(t, i)
            cur = cur substr(t, i, j - i)
            i = j - 1
            continue
        }
        if (c == "(" || c == "[" || c == "{") {
            if (depth++ == 0)
                continue
        } else if (c == ")" || c == "]" || c == "}") {
            if (--depth == 0) {
                if (squeeze(cur) != "" || n > 0)
                    args[++n] = squeeze(cur)
                return n
            }
        } else if (c == "," && depth == 1) {
            args[++n] = squeeze(cur)
            cur = ""
            continue
        }
        cur = cur c
    }
    return n
}

# Walks the code of file: tracks the function each call is in, records the
# definitions of the exceptions (pass 1) and checks the calls (pass 2).
function scan(file, code, pass,    n, i, c, w, k, line, depth, prev, fn, pend, \
                             na, args, decl, j, pos, np, ps, pname) {
    n = length(code)
    line = 1
    depth = 0
    prev = ""
    fn = ""
    pend = ""
    i = 1
    while (i <= n) {
        c = substr(code, i, 1)
        if (c == "\n") {
            line++
            i++
            continue
        }
        if (c ~ /[ \t\r\f\v]/) {
            i++
            continue
        }
        if (c == "\"" || c == "\047") {
            j = litend(code, i)
            w = substr(code, i, j - i)
            line += gsub(/\n/, "\n", w)
            i = j
            prev = "\""
            continue
        }
        if (c ~ /[A-Za-z_]/) {
            j = i + 1
            while (substr(code, j, 1) ~ /[A-Za-z0-9_]/)
                j++
            w = substr(code, i, j - i)
            i = j
            k = i
            while (substr(code, k, 1) ~ /[ \t\r\n]/)
                k++
            if (substr(code, k, 1) == "(") {
                decl = (prev ~ /^[A-Za-z_]/ && prev !~ /^(return|else|case|do|sizeof)$/) || prev == "*"
                if (decl && depth == 0) {
                    pend = w
                    if (pass == 1 && ((file SUBSEP w) in param)) {
                        na = callargs(code, k, args)
                        for (j = 1; j <= na; j++) {
                            pname = args[j]
                            sub(/.*[^A-Za-z0-9_]/, "", pname)
                            if (pname != "" && index(param[file SUBSEP w], " " pname " ")) {
                                sink[w] = (w in mine) ? sink[w] "," j : j
                                mine[w] = 1
                            }
                        }
                    }
                } else if (!decl && pass == 2) {
                    check(file, line, fn, w, code, k)
                }
            }
            prev = w
            continue
        }
        if (c == "{") {
            if (depth == 0 && pend != "")
                fn = pend
            depth++
        } else if (c == "}") {
            if (--depth <= 0) {
                depth = 0
                fn = ""
                pend = ""
            }
        } else if (c == ";" && depth == 0) {
            pend = ""
        }
        prev = c
        i++
    }
}

# Checks one call of name (its "(" at position k of code).
function check(file, line, fn, name, code, k,    na, args, np, ps, j, a, key) {
    if (name in sink) {
        na = callargs(code, k, args)
        np = split(sink[name], ps, ",")
        for (j = 1; j <= np; j++) {
            a = args[ps[j] + 0]
            nchecked++
            if (literal(a) || table(code, a))
                continue
            if (index(param[file SUBSEP fn], " " a " ")) {
                delete want[file SUBSEP fn SUBSEP a]
                continue
            }
            key = file SUBSEP fn SUBSEP a
            if (key in expr) {
                delete wantexpr[key]
                continue
            }
            printf "%s:%d: %s() takes its SQL from `%s`, not from string " \
                   "literals\n", file, line, name, a
            found = 1
        }
    } else if (name in fmt) {
        na = callargs(code, k, args)
        for (j = 1; j <= na; j++) {
            a = args[j]
            if (sqltext(a)) {
                printf "%s:%d: %s() builds SQL text at run time: %s\n", file,
                       line, name, substr(a, 1, 80)
                found = 1
            }
        }
    }
}

# Does t hold a string literal with SQL keywords, or a literal macro whose
# text has them?
function sqltext(t,    s, w) {
    s = t
    while (match(s, /"([^"\\]|\\.)*"/)) {
        if (substr(s, RSTART, RLENGTH) ~ kw)
            return 1
        s = substr(s, RSTART + RLENGTH)
    }
    s = t
    gsub(/"([^"\\]|\\.)*"/, " ", s)
    while (match(s, /[A-Za-z_][A-Za-z0-9_]*/)) {
        w = substr(s, RSTART, RLENGTH)
        if ((w in litmacro) && mbody[w] ~ kw)
            return 1
        s = substr(s, RSTART + RLENGTH)
    }
    return 0
}
' pass=0 "$allow" pass=1 $src pass=2 $files
