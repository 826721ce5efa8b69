#!/usr/bin/env bash
# Granovetter (1978), exactly, end to end: scenarios/granovetter-riot.cfg (100 elites on
# the complete graph, explicit count thresholds 0, 1, ..., 99) riots completely, one more
# person each tick: public dissent is min(t, 100)/100 at tick t, in every replicate.
# scenarios/granovetter-riot-variant.cfg (the threshold-1 person moved to 2) stops at the
# instigator: public dissent 0.01 from tick 1 on. Nothing random acts in either (no purges,
# exits, officers or shocks), so every replicate is the same and the values are exact.
#
# Environment (set by CTest): CASCADE, CASCADE_SRC, CASCADE_TMP. Exit 0 pass, 1 fail, 77 skip.
set -u

. "$(dirname "$0")/../lib.sh"
RIOT=$CASCADE_SRC/scenarios/granovetter-riot.cfg
VARIANT=$CASCADE_SRC/scenarios/granovetter-riot-variant.cfg

harness "granovetter"


for f in "$RIOT" "$VARIANT"; do
    check "$(basename "$f") exists" [ -f "$f" ]
done

R=3 # replicates: every one must be the same exact riot

# ---- the riot ----
"$CASCADE" run -q --replicates $R -o "$T/riot" "$RIOT" 2>"$T/riot.err"
check "granovetter-riot runs (exit 0)" [ $? -eq 0 ]
sed 's/^/      stderr: /' "$T/riot.err" | head -n 5
TICKS=$(awk -F, 'NR > 1 && $1 == 0 { t = $2 } END { print t + 0 }' "$T/riot/timeseries.csv" 2>/dev/null)
check "granovetter-riot runs at least 100 ticks (got ${TICKS:-none})" [ "${TICKS:-0}" -ge 100 ]

# public dissent is exactly min(t, 100) rioters of 100 at tick t (one more per tick)
check "riot: public_dissent = min(t, 100)/100 at every tick of every replicate" awk -F, -v R=$R '
    NR == 1 { next }
    {
        want = $2 < 100 ? $2 : 100
        if ($3 * 100 - want > 1e-9 || want - $3 * 100 > 1e-9) {
            print "replicate " $1 " tick " $2 ": public_dissent " $3 ", want " want / 100; bad = 1
        }
        if ($7 != 0 || $8 != 0) { print "replicate " $1 " tick " $2 ": defected/purged not 0"; bad = 1 }
        if ($13 != 0) { print "replicate " $1 " tick " $2 ": collapsed"; bad = 1 }
        rows[$1]++
    }
    END { for (r = 0; r < R; r++) if (rows[r] < 101) { print "replicate " r ": " rows[r] " rows"; bad = 1 }
          exit bad }' "$T/riot/timeseries.csv"
check "riot: the rioters at tick 1 and 100 are exactly 0.01 and 1" bash -c "
    awk -F, '\$1 == 0 && \$2 == 1 { a = \$3 } \$1 == 0 && \$2 == 100 { b = \$3 }
             END { exit !(a == 0.01 && b == 1) }' '$T/riot/timeseries.csv'"

# summary: replicate,seed,final_dissent,peak_dissent,peak_tick,cascade,cascade_tick,
#          collapsed,collapse_tick,defected,purged,final_gap
check "riot: summary.csv has $R rows" [ "$(($(wc -l <"$T/riot/summary.csv") - 1))" -eq $R ]
check "riot: every replicate: final 1, peak 1 at tick 100, cascade at tick 50, no collapse" awk -F, '
    NR == 1 { next }
    {
        got = $3 "|" $4 "|" $5 "|" $6 "|" $7 "|" $8 "|" $9 "|" $10 "|" $11 "|" $12
        want = "1|1|100|1|50|0||0|0|0"
        if (got != want) { print "replicate " $1 ": " got ", want " want; bad = 1 }
    }
    END { exit bad }' "$T/riot/summary.csv"

# ---- the variant ----
"$CASCADE" run -q --replicates $R -o "$T/variant" "$VARIANT" 2>"$T/variant.err"
check "granovetter-riot-variant runs (exit 0)" [ $? -eq 0 ]
sed 's/^/      stderr: /' "$T/variant.err" | head -n 5
check "variant: public_dissent 0 at tick 0 and exactly 0.01 (one person) from tick 1 on" awk -F, -v R=$R '
    NR == 1 { next }
    {
        want = $2 == 0 ? 0 : 0.01
        if ($3 != want) { print "replicate " $1 " tick " $2 ": public_dissent " $3 ", want " want; bad = 1 }
        rows[$1]++
    }
    END { for (r = 0; r < R; r++) if (rows[r] < 101) { print "replicate " r ": " rows[r] " rows"; bad = 1 }
          exit bad }' "$T/variant/timeseries.csv"
check "variant: every replicate: final 0.01, peak 0.01 at tick 1, no cascade, no collapse" awk -F, -v R=$R '
    NR == 1 { next }
    {
        n++
        got = $3 "|" $4 "|" $5 "|" $6 "|" $7 "|" $8 "|" $9 "|" $10 "|" $11
        want = "0.01|0.01|1|0||0||0|0"
        if (got != want) { print "replicate " $1 ": " got ", want " want; bad = 1 }
    }
    END { if (n != R) bad = 1; exit bad }' "$T/variant/summary.csv"

# the variant differs from the riot in the threshold list only
check "variant resolves like the riot except name, description and thresholds" bash -c "
    '$CASCADE' check '$RIOT' | tail -n +2 | grep -Ev '^(name|description) = |^  threshold = ' >'$T/riot.resolved' &&
    '$CASCADE' check '$VARIANT' | tail -n +2 | grep -Ev '^(name|description) = |^  threshold = ' >'$T/variant.resolved' &&
    cmp -s '$T/riot.resolved' '$T/variant.resolved'"

# the riot is exact whatever the thread count
"$CASCADE" run -q --replicates $R --threads 1 -o "$T/riot1" "$RIOT" 2>/dev/null
check "riot: --threads 1 gives the same files as the default" bash -c "
    cmp -s '$T/riot/timeseries.csv' '$T/riot1/timeseries.csv' && cmp -s '$T/riot/summary.csv' '$T/riot1/summary.csv'"

finish
