#!/bin/sh
# The optimiser against its baseline and two general MIP solvers, on the
# same generated problems (bench/gen.mjs), then stops by itself.
#
#     sh bench/solver.sh [--quick] [--sizes "tiny 50 ..."] [--seed N] [--runs K] [--no-mip] [--dir DIR]
#
# For each size it runs `randa plan` (2 threads, a time limit per size),
# `randa plan --method fcfs` (first come, first served), and the exact
# time-indexed MIP of the spec (bench/mip.mjs) solved by CBC and by HiGHS with
# ten times Randa's time (at most 300 s). Every plan is checked with
# `randa check`. It prints a markdown table for docs/benchmarks.md: score,
# lower bound, gap, wall time and peak memory (/usr/bin/time -v) of each.
#
#   --quick      tiny, 50 and 250 trainees with short limits, the MIPs only
#                up to 50 trainees (about two minutes)
#
# Issue 16: 1000 and tight1000 (the same region with the bottleneck
# specialties as full as the demo region's paediatrics and psychiatry,
# gen.mjs --tight) also run for 60 s, and every Randa run is watched on a
# pseudo-terminal (script) for its progress: a second table gives the bound
# and the plan over time, and when the gap first fell to 5 % (the country's
# "time to within 5 % of the bound").
#   --sizes S    the sizes to run (tiny, a number of trainees, country)
#   --runs K     Randa's longest run of each size K times, with --seed 1 to K:
#                its plans vary from run to run (the time limit cuts the
#                search where it is), so a row gives the lowest, median and
#                highest score and gap of the K (K x the time per size)
#   --no-mip     skip CBC and HiGHS
#   --dir DIR    keep the problems, plans and logs in DIR
#
# The MIPs are skipped above 1,000 trainees: the country's model has tens of
# millions of binaries. bench/mip.mjs also refuses any model with more than
# 40 million nonzeros (the 1,000-trainee problem), and says so in the table.
set -eu

randa=${RANDA_BIN:-build/randa}
here=$(dirname "$0")
quick=0
sizes=""
given=0
seed=1
mip=1
runs=1
dir=""
while [ $# -gt 0 ]; do
    case $1 in
    --quick) quick=1 ;;
    --sizes) sizes=$2; given=1; shift ;;
    --seed) seed=$2; shift ;;
    --runs) runs=$2; shift ;;
    --no-mip) mip=0 ;;
    --dir) dir=$2; shift ;;
    *) echo "usage: sh bench/solver.sh [--quick] [--sizes \"tiny 50 ...\"] [--seed N] [--runs K] [--no-mip] [--dir DIR]" >&2
       exit 2 ;;
    esac
    shift
done
if [ -z "$sizes" ]; then
    if [ $quick = 1 ]; then sizes="tiny 50 250"; else sizes="tiny 50 250 1000 tight1000 country"; fi
fi
case $runs in
'' | *[!0-9]* | 0) echo "solver.sh: --runs takes a number of runs, 1 or more, not '$runs'" >&2; exit 2 ;;
esac
[ -x "$randa" ] || { echo "solver.sh: $randa is not built (make build, or set RANDA_BIN)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "solver.sh: /usr/bin/time is missing (sh scripts/install-deps.sh)" >&2; exit 1; }

if [ -n "$dir" ]; then
    mkdir -p "$dir"
else
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT INT TERM
fi

# Randa's time limit in seconds for a size; the MIPs get ten times as much,
# at most 300 s.
limit() {
    if [ $quick = 1 ]; then
        case $1 in tiny) echo 1 ;; 50) echo 2 ;; *) echo 5 ;; esac
    else
        case $1 in tiny) echo 1 ;; 50) echo 5 ;; 250) echo 10 ;; 1000|tight1000) echo 30 ;; *) echo 120 ;; esac
    fi
}
mip_limit() {
    t=$(($(limit "$1") * 10))
    [ $t -gt 300 ] && t=300
    echo $t
}
trainees() {
    case $1 in tiny) echo 3 ;; country) echo 12000 ;; tight*) echo "${1#tight}" ;; *) echo "$1" ;; esac
}
# gen.mjs's arguments for a size.
gen_args() {
    case $1 in tight*) echo "${1#tight} --tight" ;; *) echo "$1" ;; esac
}
# The longer runs of issue 16: 60 s on 1,000 trainees, not in --quick.
long_limit() {
    [ $quick = 1 ] && return 0
    case $1 in 1000|tight1000) echo 60 ;; esac
}

# run NAME TIMEOUT CMD...: runs CMD under /usr/bin/time -v, killed after
# TIMEOUT seconds, and leaves the wall time and peak RSS in $dir/NAME.time.
run() {
    name=$1
    cap=$2
    shift 2
    /usr/bin/time -v -o "$dir/$name.time" timeout -k 10 "$cap" "$@" \
        >"$dir/$name.out" 2>"$dir/$name.err" || true
}

# Fields of a plan or MIP result file: score, lower bound, and why there is
# no plan (tab-separated; "-" when absent).
fields() {
    node -e '
const fs = require("fs");
let r;
try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { r = { plan: false, reason: "no output" }; }
const s = (v) => (v === undefined || v === null ? "-" : String(v));
const plan = r.format === "randa-plan/1";
console.log([plan ? s(r.score) : "-", s(r.lower_bound), plan ? "-" : s(r.reason)].join("\t"));
' "$1"
}

# run_tty NAME TIMEOUT CMD...: as run, on a pseudo-terminal so that randa
# reports its progress; the progress lines are left in $dir/NAME.tty.
run_tty() {
    name=$1
    cap=$2
    shift 2
    /usr/bin/time -v -o "$dir/$name.time" timeout -k 10 "$cap" \
        script -qefc "$*" "$dir/$name.tty" >/dev/null 2>&1 </dev/null || true
    tr '\r' '\n' <"$dir/$name.tty" | sed 's/\x1b\[K//g' |
        awk '$2 == "best" && $4 == "bound" { for (i = 6; i <= NF; i++) if ($i == "s") print $(i - 1) "\t" $3 "\t" $5 }' >"$dir/$name.progress"
}

# history NAME LABEL: the bound and the plan at a few times of a run, and
# when its gap first fell to 5 %, as rows of the history table.
history() {
    h_rows=$(awk -F'\t' -v label="$2" '
        function gap(s, b) { return s > 0 ? 100 * (s - b) / s : 0 }
        BEGIN { n = split("1 5 10 20 30 60 120", at, " "); k = 1; first = "not reached" }
        $2 ~ /^[0-9]+$/ {
            while (k <= n && $1 + 0 >= at[k]) { row[k] = $2 "\t" $3 "\t" gap($2, $3); k++ }
            if (first == "not reached" && gap($2, $3) <= 5) first = sprintf("%.1f s", $1)
            last = $2 "\t" $3 "\t" gap($2, $3); lt = $1
        }
        END {
            for (i = 1; i < k; i++) { split(row[i], f, "\t"); printf "%s|%s s|%s|%s|%.1f %%|%s\n", label, at[i], f[1], f[2], f[3], first }
            if (last != "") { split(last, f, "\t"); printf "%s|end (%.1f s)|%s|%s|%.1f %%|%s\n", label, lt, f[1], f[2], f[3], first }
        }' "$dir/$1.progress")
    hist="$hist$h_rows
"
}
hist=""

wall() { sed -n 's/.*Elapsed (wall clock) time.*: //p' "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f s", s }'; }
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1" | awk '{ if ($1 >= 1048576) printf "%.1f GiB", $1 / 1048576; else printf "%d MiB", $1 / 1024 + 0.5 }'; }
fmt() { echo "$1" | awk '{ if ($1 ~ /^[0-9]+$/) { s = $1; o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print s o } else print $1 }'; }
gap() {
    awk -v s="$1" -v b="$2" 'BEGIN { if (s !~ /^[0-9]+$/ || b !~ /^[0-9]+$/) print "-"; else if (s == 0) print "0 %"; else printf "%.1f %%", 100 * (s - b) / s }'
}

# spread FILE: from lines of score and bound (tab-separated), the lowest,
# median and highest score and gap, in one cell (runs without a plan named).
spread() {
    awk -F'\t' '
        function sort(a, n,   i, j, x) { for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x } }
        function med(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        function th(x,   t, o) { t = sprintf("%d", x); o = ""; while (length(t) > 3) { o = "," substr(t, length(t) - 2) o; t = substr(t, 1, length(t) - 3) } return t o }
        $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ { n++; s[n] = $1 + 0; g[n] = $1 > 0 ? 100 * ($1 - $2) / $1 : 0; next }
        { none++ }
        END {
            if (n == 0) { print "no plan in any run"; exit }
            sort(s, n); sort(g, n)
            printf "%d runs: score %s / %s / %s, gap %.1f / %.1f / %.1f %% (lowest / median / highest)", n, th(s[1]), th(med(s, n)), th(s[n]), g[1], med(g, n), g[n]
            if (none) printf "; %d without a plan", none
            print ""
        }' "$1"
}

rows=""
add_row() { rows="$rows$1
"; }

# result LABEL SOLVER NAME LIMIT: one table row from $dir/NAME.json, checked
# against the problem $dir/p$size.json.
result() {
    r_label=$1 r_solver=$2 r_name=$3 r_limit=$4
    f=$(fields "$dir/$r_name.json")
    score=$(echo "$f" | cut -f1)
    lb=$(echo "$f" | cut -f2)
    why=$(echo "$f" | cut -f3)
    valid="-"
    if [ "$score" != "-" ]; then
        last=$("$randa" check "$dir/p$size.json" "$dir/$r_name.json" 2>&1 | tail -n 1) && ok=1 || ok=0
        checked=$(echo "$last" | sed -n 's/.*score \([0-9]*\).*/\1/p')
        if [ "$ok" = 1 ] && [ "$checked" = "$score" ]; then valid="yes"
        elif [ "$ok" = 1 ]; then valid="yes, but check scores it $checked"
        else valid="**no**: $last"; fi
    fi
    [ "$lb" != "-" ] && best_lb=$(awk -v a="$best_lb" -v b="$lb" 'BEGIN { print (a == "-" || b + 0 > a + 0) ? b : a }')
    shown=$(fmt "$score")
    [ "$score" = "-" ] && shown="$why"
    add_row "$r_label|$r_solver|$r_limit|$shown|$(fmt "$lb")|$(gap "$score" "$lb")|@@$score@@|$(wall "$dir/$r_name.time")|$(rss "$dir/$r_name.time")|$valid"
}

started=$(date -u '+%Y-%m-%d %H:%M UTC')
for size in $sizes; do
    echo "solver.sh: $size trainees" >&2
    # shellcheck disable=SC2046
    node "$here/gen.mjs" $(gen_args "$size") --seed "$seed" >"$dir/p$size.json"
    needs=$(node -e 'const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(p.trainees.reduce((s, t) => s + t.needs.length, 0))' "$dir/p$size.json")
    label="$(fmt "$(trainees "$size")") trainees, $(fmt "$needs") needs"
    case $size in tiny|country) label="$size: $label" ;; tight*) label="tight: $label" ;; esac
    t=$(limit "$size")
    best_lb="-"
    run_tty "randa-$size" $((t * 3 + 60)) "$randa" plan --in "$dir/p$size.json" --out "$dir/randa-$size.json" \
        --time-limit "$t" --threads 2 --seed 1
    result "$label" "Randa (2 threads)" "randa-$size" "$t s"
    history "randa-$size" "$label, $t s"
    l=$(long_limit "$size")
    if [ -n "$l" ]; then
        run_tty "randa$l-$size" $((l * 3 + 60)) "$randa" plan --in "$dir/p$size.json" --out "$dir/randa$l-$size.json" \
            --time-limit "$l" --threads 2 --seed 1
        result "$label" "Randa (2 threads)" "randa$l-$size" "$l s"
        history "randa$l-$size" "$label, $l s"
    fi
    if [ "$runs" -gt 1 ]; then
        # The longest run again with --seed 2..K; the first is the run above.
        rl=${l:-$t}
        first="randa-$size"
        [ -n "$l" ] && first="randa$l-$size"
        fields "$dir/$first.json" | cut -f1,2 >"$dir/runs-$size.tsv"
        k=2
        while [ $k -le "$runs" ]; do
            run "randa$rl-$size-seed$k" $((rl * 3 + 60)) "$randa" plan --in "$dir/p$size.json" \
                --out "$dir/randa$rl-$size-seed$k.json" --time-limit "$rl" --threads 2 --seed $k
            fields "$dir/randa$rl-$size-seed$k.json" | cut -f1,2 >>"$dir/runs-$size.tsv"
            k=$((k + 1))
        done
        add_row "$label|Randa (2 threads), --seed 1 to $runs|$rl s|$(spread "$dir/runs-$size.tsv")|-|-|@@-@@|-|-|-"
    fi
    run "fcfs-$size" 600 "$randa" plan --in "$dir/p$size.json" --out "$dir/fcfs-$size.json" --method fcfs
    result "$label" "first come, first served" "fcfs-$size" "-"
    if [ $mip = 1 ]; then
        m=$(mip_limit "$size")
        if [ "$(trainees "$size")" -gt 1000 ]; then
            add_row "$label|CBC, HiGHS|-|not run: the time-indexed model of $(fmt "$(trainees "$size")") trainees has tens of millions of binaries|-|-|@@-@@|-|-|-"
        elif [ $quick = 1 ] && [ "$(trainees "$size")" -gt 50 ]; then
            add_row "$label|CBC, HiGHS|-|not run in --quick: writing and reading the model alone takes minutes|-|-|@@-@@|-|-|-"
        else
            run "cbc-$size" $((m * 3 + 120)) node "$here/mip.mjs" cbc "$dir/p$size.json" --out "$dir/cbc-$size.json" \
                --time-limit "$m" --threads 2 --log "$dir/cbc-$size.log"
            result "$label" "CBC (2 threads)" "cbc-$size" "$m s"
            run "highs-$size" $((m * 3 + 120)) node "$here/mip.mjs" highs "$dir/p$size.json" --out "$dir/highs-$size.json" \
                --time-limit "$m"
            result "$label" "HiGHS (1 thread, WebAssembly)" "highs-$size" "$m s"
        fi
    fi
    # The gap to the best bound any solver proved for this problem.
    rows=$(printf '%s' "$rows" | while IFS= read -r line; do
        case $line in
        *@@*) s=$(echo "$line" | sed 's/.*@@\(.*\)@@.*/\1/')
              echo "$line" | sed "s/@@.*@@/$(gap "$s" "$best_lb")/" ;;
        *) echo "$line" ;;
        esac
    done)
    rows="$rows
"
done

cmd="sh bench/solver.sh"
[ $quick = 1 ] && cmd="$cmd --quick"
echo
echo "**Run of $started** on $(nproc) cores ($(uname -m)), $(free -g | awk '/^Mem:/ { print $2 }') GiB;" \
     "$("$randa" --version 2>/dev/null | head -n 1), commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)."
[ $given = 1 ] && cmd="$cmd --sizes \"$sizes\""
[ "$seed" != 1 ] && cmd="$cmd --seed $seed"
[ "$runs" != 1 ] && cmd="$cmd --runs $runs"
[ $mip = 0 ] && cmd="$cmd --no-mip"
echo "**Command:** \`$cmd\`"
echo
echo "| problem | solver | time limit | score | lower bound | gap to own bound | gap to best bound | wall time | peak RSS | valid (randa check) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s' "$rows" | sed '/^$/d; s/|/ | /g; s/^/| /; s/$/ |/; s/  */ /g'
echo
echo "**Randa's bound and plan over time** (2 threads, from its progress on a terminal):"
echo
echo "| problem, time limit | at | score | lower bound | gap | gap first at most 5 % |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s' "$hist" | sed '/^$/d; s/|/ | /g; s/^/| /; s/$/ |/; s/  */ /g'
