#!/usr/bin/env bash
# End-to-end tests of `cascade sweep` and `cascade merge` on the real binary
# (INTERFACE.md, issue 4): the exact headers of sweep.csv and points.csv, row counts,
# byte-identical sweep.csv/points.csv for --threads 1 and 2, for `mpirun -n 1`, `2` and
# `3`, for --shard 1/3..3/3 joined by merge, after a real SIGKILL mid-way and --resume,
# and after SIGINT (exit 130, journal intact) and --resume; the refusals (a folder with
# a journal without --resume, --resume with other options, merge of shards of different
# sweeps, into one of the shards, of a shard whose scenario.cfg or plan.csv was written
# over); merge of a missing shard (no tables, then merged again or resumed); --sample sobol:N and lhs:N;
# integer and distribution keys; bad --vary specs (exit 2, `--vary: KEY: ...`, no
# folder written); no progress output when stderr is not a terminal, a progress line
# when it is; the closing runs/s, cores and ranks line; a fixed network that no varied
# key changes built once (file and network.seed, locally and under mpirun), after the
# folder's checks and only when runs are left, with the
# rows of per-task builds.
#
# Environment (set by CTest): CASCADE = the binary, CASCADE_SRC = the source tree,
# CASCADE_TMP = a scratch folder this script may create and clean. MPI checks need
# mpirun on PATH (CI installs openmpi-bin); without it they print SKIP and the rest runs.
# Whether the binary was built with MPI is seen only in the results: a build without it
# fails the mpirun checks (every rank runs the whole sweep alone).
# Exit status: 0 all passed, 1 some failed, 77 skipped (no binary). About 20 s on 2 cores.
set -u

. "$(dirname "$0")/../lib.sh"

harness "sweep"

SCEN=$CASCADE_SRC/scenarios/default.cfg
SUMMARY_COLS='final_dissent,peak_dissent,peak_tick,cascade,cascade_tick,collapsed,collapse_tick,defected,purged,final_gap'
STATS_COLS='n,final_dissent_mean,final_dissent_sd,final_dissent_q10,final_dissent_q50,final_dissent_q90,peak_dissent_mean,peak_dissent_sd,peak_dissent_q10,peak_dissent_q50,peak_dissent_q90,cascade_prob,collapse_prob,cascade_tick_mean,defected_mean,purged_mean'
# a small sweep: 4 x 2 points, 3 replicates, just past the disturbance at tick 100
SMALL=(--replicates 3 --ticks 110 --set population.size=300 --no-plot)
GRID=(--vary regime.purge_rate=0:0.002:4 --vary information.openness=0.02,0.1)
KEYS='regime.purge_rate,information.openness'
# a sweep that takes a few seconds on 2 cores (1,000 runs), to be interrupted
BIG=(--vary regime.purge_rate=0:0.002:20 --replicates 50 --ticks 200 --set population.size=1000
     --threads 2 --no-plot)
BIG_RUNS=1000

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
# mpi SECONDS COMMAND...: with a time limit; a sanitizer build's leak check is off there, as the MPI
# library's own allocations (in plugins it unloads) would fail every run
mpi() {
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 timeout "$@"
}

skip() { echo "SKIP: $1"; }
# COND...; pass_if DESCRIPTION: passes when the command just before succeeded
pass_if() {
    local status=$?
    if [ $status -eq 0 ]; then ok "$1"; else bad "$1"; fi
}
# the number of data rows (lines after the header)
rows() { echo $(($(wc -l <"$1") - 1)); }
# runs in a journal (lines that are neither the header comment nor the column names)
journal_runs() { grep -cv -e '^#' -e '^point,' "$1" 2>/dev/null || true; }
# same_tables A B: sweep.csv and points.csv of folders A and B are byte-identical
same_tables() { cmp -s "$1/sweep.csv" "$2/sweep.csv" && cmp -s "$1/points.csv" "$2/points.csv"; }
# contains FILE TEXT (fixed string)
contains() { grep -qF -- "$2" "$1"; }
# sweep OUT ARGS...: runs a sweep of the default scenario into OUT, output in OUT.out/.err,
# leaves the exit status in $rc
sweep() {
    local out=$1
    shift
    "$CASCADE" sweep "$SCEN" -o "$out" "$@" >"$out.out" 2>"$out.err"
    rc=$?
}
# refused NAME WANT_STATUS FRAGMENT ARGS...: a sweep that must exit WANT_STATUS with
# FRAGMENT on stderr and write no folder
refused() {
    local name=$1 want=$2 fragment=$3
    shift 3
    rm -rf "$T/$name"
    "$CASCADE" sweep "$SCEN" -o "$T/$name" "$@" >"$T/$name.out" 2>"$T/$name.err"
    local got=$?
    if [ $got -eq "$want" ] && contains "$T/$name.err" "$fragment" && [ ! -e "$T/$name" ]; then
        ok "$name: exit $want, '$fragment', no folder"
    else
        bad "$name: expected exit $want and '$fragment' with no folder; got exit $got: $(head -c 300 "$T/$name.err")"
    fi
}
# wait_runs JOURNAL PID MIN: waits (at most 60 s) until JOURNAL holds at least MIN runs;
# fails when the process ended first
wait_runs() {
    local journal=$1 pid=$2 min=$3 i
    for ((i = 0; i < 3000; i++)); do
        if [ -f "$journal" ] && [ "$(journal_runs "$journal")" -ge "$min" ]; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.02
    done
    return 1
}
# journal_intact JOURNAL: header, column names, then only complete 13-field lines
journal_intact() {
    [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] &&
        head -n 1 "$1" | grep -q '^# cascade sweep journal' &&
        awk -F, 'NR > 2 && NF != 13 { bad = 1 } END { exit bad }' "$1"
}

# ---- one sweep: files, headers, rows, order, output ----

sweep t1 "${GRID[@]}" "${SMALL[@]}" --threads 1
check "sweep --threads 1 exits 0" [ $rc -eq 0 ]
check "sweep writes scenario.cfg, plan.csv, journal.csv, sweep.csv, points.csv and nothing else" \
    [ "$(ls -A t1 | sort | tr '\n' ' ')" = "journal.csv plan.csv points.csv scenario.cfg sweep.csv " ]
check "sweep.csv header: point, the varied keys, replicate, seed, the summary columns" \
    [ "$(head -n 1 t1/sweep.csv)" = "point,$KEYS,replicate,seed,$SUMMARY_COLS" ]
points_header=$(head -n 1 t1/points.csv)
check "points.csv header: the varied keys, n, the INTERFACE.md statistics in order" \
    [ "${points_header:0:$((${#KEYS} + 1 + ${#STATS_COLS}))}" = "$KEYS,$STATS_COLS" ]
extra=${points_header:$((${#KEYS} + 1 + ${#STATS_COLS}))}
[ -n "$extra" ] && echo "note: points.csv has columns INTERFACE.md does not list: ${extra#,}"
check "sweep.csv has 4 x 2 points x 3 replicates = 24 rows" [ "$(rows t1/sweep.csv)" -eq 24 ]
check "points.csv has 8 rows" [ "$(rows t1/points.csv)" -eq 8 ]
check "sweep.csv sorted by (point, replicate)" \
    [ "$(awk -F, 'NR > 1 { printf "%s/%s ", $1, $4 }' t1/sweep.csv)" = \
      "$(for p in 0 1 2 3 4 5 6 7; do for r in 0 1 2; do printf '%s/%s ' $p $r; done; done)" ]
check "grid order: the first --vary key varies slowest" \
    [ "$(awk -F, 'NR > 1 && $4 == 0 { printf "%s;%s ", $2, $3 }' t1/sweep.csv)" = \
      "0.0;0.02 0.0;0.1 0.0006666666666666666;0.02 0.0006666666666666666;0.1 0.0013333333333333333;0.02 0.0013333333333333333;0.1 0.002;0.02 0.002;0.1 " ]
check "every run has its own seed" [ "$(awk -F, 'NR > 1 { print $5 }' t1/sweep.csv | sort -u | wc -l)" -eq 24 ]
check "points.csv: n = 3 at every point" \
    [ "$(awk -F, -v k=3 'NR > 1 { print $k }' t1/points.csv | sort -u | tr -d '\n')" = 3 ]
check "no progress output when stderr is not a terminal" [ ! -s t1.err ]
check "closing line: runs, wall time, runs/s, 1 core, 1 rank" \
    grep -Eq '^runs: 24 of 24 done .* in [0-9.]+ s, [0-9.]+ runs/s, 1 core, 1 rank$' t1.out
check "scenario.cfg records the sweep specification" \
    grep -q -- '--vary regime.purge_rate=0:0.002:4' t1/scenario.cfg

# a one-point sweep at the scenario's own values reproduces `cascade run` exactly
"$CASCADE" run "$SCEN" -q -o run1 --replicates 3 --ticks 110 --set population.size=300 --no-plot \
    >/dev/null 2>&1
sweep one --vary regime.purge_rate=0.0005 "${SMALL[@]}" -q
check "a one-point sweep's rows equal cascade run's summary.csv (same seeds, same results)" \
    [ $rc -eq 0 -a -s run1/summary.csv -a \
      "$(cut -d, -f3- one/sweep.csv | tail -n +2)" = "$(tail -n +2 run1/summary.csv)" ]

# ---- threads ----

sweep t2 "${GRID[@]}" "${SMALL[@]}" --threads 2 -q
check "sweep --threads 2 -q exits 0 and prints nothing" [ $rc -eq 0 -a ! -s t2.out -a ! -s t2.err ]
check "sweep.csv and points.csv byte-identical for --threads 1 and 2" same_tables t1 t2

# a progress line on a terminal (script(1) gives the sweep one)
if command -v script >/dev/null 2>&1; then
    rm -rf tty
    script -qec "'$CASCADE' sweep '$SCEN' -o '$T/tty' ${GRID[*]} ${SMALL[*]} --threads 2" \
        /dev/null >tty.log 2>&1 </dev/null
    check "on a terminal: a progress line (runs done of total, runs/s, ETA)" \
        grep -Eq 'sweep: 24/24 runs .*runs/s.*ETA' tty.log
else
    skip "script(1) not found: progress on a terminal not checked"
fi

# ---- MPI ----

if command -v mpirun >/dev/null 2>&1; then
    for n in 1 2 3; do
        rm -rf "m$n"
        mpi 120 mpirun --oversubscribe -n $n "$CASCADE" sweep "$SCEN" -o "m$n" "${GRID[@]}" \
            "${SMALL[@]}" --threads 1 >"m$n.out" 2>"m$n.err"
        rc=$?
        word=ranks
        [ $n -eq 1 ] && word=rank
        check "mpirun -n $n: exits 0 (got $rc)" [ $rc -eq 0 ]
        check "mpirun -n $n: sweep.csv and points.csv byte-identical to --threads 1 (a build without MPI fails here)" \
            same_tables t1 "m$n"
        check "mpirun -n $n: the closing line reports $n $word, printed once" \
            [ "$(grep -c "runs/s, .*, $n $word\$" "m$n.out")" -eq 1 ]
    done
    # rank 0 refusing the folder must not leave the other ranks waiting for work
    cp t1/sweep.csv t1-sweep.csv.orig
    mpi 20 mpirun --oversubscribe -n 2 "$CASCADE" sweep "$SCEN" -o m2 "${GRID[@]}" "${SMALL[@]}" \
        --threads 1 >m2-again.out 2>m2-again.err
    rc=$?
    [ $rc -eq 2 ] && contains m2-again.err --resume
    pass_if "mpirun -n 2 into a folder with a journal, no --resume: exit 2 naming --resume, no hang (got $rc; 124 = hung)"
    # a resumed MPI sweep
    rm -rf mr
    sweep mr "${GRID[@]}" "${SMALL[@]}" --shard 1/2 -q
    mpi 120 mpirun --oversubscribe -n 2 "$CASCADE" sweep "$SCEN" -o mr "${GRID[@]}" "${SMALL[@]}" \
        --threads 1 --resume >mr2.out 2>mr2.err
    rc=$?
    [ $rc -eq 0 ] && same_tables t1 mr
    pass_if "mpirun -n 2 --resume of a half-done folder: exit 0, tables identical (got $rc)"
else
    skip "mpirun not found: mpirun -n 1/2/3 not checked"
fi

# ---- shards and merge ----

for i in 1 2 3; do
    sweep "s$i" "${GRID[@]}" "${SMALL[@]}" --shard "$i/3" --threads 1
    check "--shard $i/3 exits 0, holds 8 runs and no tables" \
        [ $rc -eq 0 -a "$(journal_runs "s$i/journal.csv")" -eq 8 -a ! -e "s$i/sweep.csv" ]
done
"$CASCADE" merge merged s1 s2 s3 >merged.out 2>merged.err
rc=$?
check "merge OUT D1 D2 D3 exits 0" [ $rc -eq 0 ]
check "merged sweep.csv and points.csv byte-identical to one sweep's" same_tables t1 merged
cmp -s t1/scenario.cfg merged/scenario.cfg && cmp -s t1/plan.csv merged/plan.csv
pass_if "merged scenario.cfg and plan.csv identical to one sweep's"
check "merged journal holds all 24 runs" [ "$(journal_runs merged/journal.csv)" -eq 24 ]
"$CASCADE" merge merged-rev s3 s1 s2 >/dev/null 2>&1
check "merge in another shard order gives the same bytes" same_tables t1 merged-rev
sweep merged "${GRID[@]}" "${SMALL[@]}" --resume -q
[ $rc -eq 0 ] && same_tables t1 merged
pass_if "a merged folder resumes as a finished sweep (exit 0, same tables)"

"$CASCADE" merge partial s1 s2 >partial.out 2>partial.err
rc=$?
[ $rc -eq 1 ] && contains partial.err "8 of 24 runs are in no shard given: runs 2, 5, 8, 11, 14, 17, 20, 23"
pass_if "merge with a shard missing: exit 1 (got $rc), naming the missing runs (those of shard 3/3)"
[ "$(ls -A partial | sort | tr '\n' ' ')" = "journal.csv plan.csv scenario.cfg " ] &&
    [ "$(journal_runs partial/journal.csv)" -eq 16 ] && cmp -s t1/scenario.cfg partial/scenario.cfg
pass_if "merge with a shard missing writes what an unfinished sweep holds: no tables, no charts, the 16 runs"
contains partial.err "cascade merge --partial OUT partial"
pass_if "... and names --partial, for runs that failed"
"$CASCADE" merge --partial --no-plot partial-p s1 s2 >partial-p.out 2>partial-p.err
rc=$?
[ $rc -eq 1 ] && [ "$(rows partial-p/sweep.csv)" -eq 16 ] && [ "$(rows partial-p/points.csv)" -eq 8 ] &&
    contains partial-p.err "--partial: the tables in partial-p leave them out"
pass_if "merge --partial with runs missing: tables of the 16 runs found, as a sweep with failed runs writes, exit 1 (got $rc)"
"$CASCADE" merge partial-done partial s3 >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && same_tables t1 partial-done
pass_if "a partial merge merged with the missing shard: exit 0 (got $rc), tables identical to one sweep's"
sweep partial "${GRID[@]}" "${SMALL[@]}" --resume -q
[ $rc -eq 0 ] && same_tables t1 partial
pass_if "a partial merge finished by --resume: exit 0 (got $rc), tables identical to one sweep's"
# a shard whose scenario.cfg or plan.csv was written over since its journal began (by
# hand, or by a `cascade run -o` of a version that did not refuse a sweep's folder)
"$CASCADE" run "$SCEN" -q -o mr-run --replicates 2 --ticks 20 --set population.size=100 \
    --no-plot >/dev/null 2>&1
cp -r s2 s2-run
cp mr-run/scenario.cfg s2-run/
"$CASCADE" merge damaged1 s1 s2-run s3 >damaged1.out 2>damaged1.err
rc=$?
[ $rc -eq 2 -a ! -e damaged1 ] && contains damaged1.err "s2-run/scenario.cfg differs"
pass_if "merge of a shard whose scenario.cfg was written over: exit 2 (got $rc) naming it, nothing written"
cp -r t1 t1-run
cp mr-run/scenario.cfg t1-run/
"$CASCADE" merge damaged2 t1-run >damaged2.out 2>damaged2.err
rc=$?
[ $rc -eq 2 -a ! -e damaged2 ] && contains damaged2.err "t1-run/scenario.cfg or t1-run/plan.csv differs"
pass_if "merge of one whole sweep folder with a scenario.cfg written over: exit 2 (got $rc), nothing written"
cp -r s3 s3-plan
sed -i '2s/^0,0.0,/0,0.5,/' s3-plan/plan.csv
"$CASCADE" merge damaged3 s3-plan s1 s2 >damaged3.out 2>damaged3.err
rc=$?
[ $rc -eq 2 -a ! -e damaged3 ] && contains damaged3.err "s3-plan/plan.csv differs"
pass_if "merge of a shard whose plan.csv was changed: exit 2 (got $rc) naming it, nothing written"
sweep other "${GRID[@]}" "${SMALL[@]}" --ticks 105 --shard 3/3 -q
"$CASCADE" merge mixed s1 s2 other >mixed.out 2>mixed.err
rc=$?
[ $rc -eq 2 -a ! -e mixed/sweep.csv ] && contains mixed.err "different sweep"
pass_if "merge of shards of different sweeps: exit 2 (got $rc), message, no tables"
cp s1/journal.csv s1-journal.orig
"$CASCADE" merge s1 s1 s2 s3 >into.out 2>into.err
rc=$?
[ $rc -eq 2 -a ! -e s1/sweep.csv ] && cmp -s s1/journal.csv s1-journal.orig &&
    [ -s into.err ]
pass_if "merge with OUT one of the shards: exit 2 (got $rc), shard untouched"
cp merged/sweep.csv merged-sweep.orig
"$CASCADE" merge merged s1 s2 >again.out 2>again.err
rc=$?
[ $rc -eq 2 ] && contains again.err "merged holds a sweep (journal.csv): cascade merge there" &&
    cmp -s merged/sweep.csv merged-sweep.orig && [ "$(journal_runs merged/journal.csv)" -eq 24 ]
pass_if "merge into a folder that holds a sweep (a smaller merge would leave its tables): exit 2 (got $rc), untouched"
"$CASCADE" run "$SCEN" -o runhere --ticks 20 --set population.size=100 --no-plot -q
"$CASCADE" merge runhere s1 s2 s3 >mr.out 2>mr.err
rc=$?
[ $rc -eq 2 ] && contains mr.err "holds a run's results" && [ ! -e runhere/journal.csv ]
pass_if "merge into a run's folder: exit 2 (got $rc), nothing written"
"$CASCADE" analyze "$SCEN" -o s1 --no-plot -q >an.out 2>an.err
rc=$?
[ $rc -eq 2 ] && contains an.err "holds a sweep (journal.csv)" && [ ! -e s1/threshold_map.csv ]
pass_if "analyze into a sweep's folder: exit 2 (got $rc), nothing written"
"$CASCADE" analyze "$SCEN" -o anhere --no-plot -q
"$CASCADE" run "$SCEN" -o anhere --ticks 20 --set population.size=100 --no-plot -q >ra.out 2>ra.err
rc=$?
[ $rc -eq 2 ] && contains ra.err "holds an analysis (threshold_map.csv)" && [ ! -e anhere/summary.csv ]
pass_if "a run into an analysis's folder: exit 2 (got $rc), nothing written"
"$CASCADE" merge '' s1 s2 s3 >me.out 2>me.err
rc=$?
[ $rc -eq 2 ] && contains me.err 'OUT: expected a folder, got ""'
pass_if "merge into '' is a usage error: exit 2 (got $rc)"
"$CASCADE" merge nowhere s1 no-such-folder >nf.out 2>nf.err
rc=$?
[ $rc -eq 2 ] && contains nf.err no-such-folder
pass_if "merge of a folder that is not a sweep: exit 2 (got $rc) naming it"
"$CASCADE" merge lonely >lonely.out 2>lonely.err
check "merge without shard folders: exit 2" [ $? -eq 2 -a -s lonely.err ]
for spec in 0/3 4/3 1/0 x 2; do
    refused "shard-${spec//\//-of-}" 2 "--shard" "${GRID[@]}" "${SMALL[@]}" --shard "$spec"
done

# ---- refusals to reuse a folder ----

cp t1/sweep.csv t1-sweep.orig
cp t1/points.csv t1-points.orig
sweep t1 "${GRID[@]}" "${SMALL[@]}"
[ $rc -eq 2 ] && contains t1.err --resume
pass_if "rerun into a folder with a journal, no --resume: exit 2 (got $rc), names --resume"
sweep t1 "${GRID[@]}" "${SMALL[@]}" --ticks 111 --resume
check "--resume with other --ticks: exit 2 (got $rc) with a message" [ $rc -eq 2 -a -s t1.err ]
sweep t1 --vary regime.purge_rate=0:0.002:5 --vary information.openness=0.02,0.1 "${SMALL[@]}" --resume
check "--resume with another grid: exit 2 (got $rc)" [ $rc -eq 2 -a -s t1.err ]
sweep t1 "${GRID[@]}" "${SMALL[@]}" --replicates 4 --resume
check "--resume with other --replicates: exit 2 (got $rc)" [ $rc -eq 2 -a -s t1.err ]
cmp -s t1/sweep.csv t1-sweep.orig && cmp -s t1/points.csv t1-points.orig
pass_if "the refused runs left the folder's tables alone"
sweep t1 "${GRID[@]}" "${SMALL[@]}" --threads 2 --resume
[ $rc -eq 0 ] && grep -q '(0 now, 24 before)' t1.out && cmp -s t1/sweep.csv t1-sweep.orig &&
    cmp -s t1/points.csv t1-points.orig
pass_if "--resume of a finished sweep (other --threads): exit 0, 0 runs now, same tables"

# a run into a sweep's folder, or a sweep into a run's, would replace the other's
# scenario.cfg (and the sweep could no longer resume): refused, nothing written
cp t1/scenario.cfg t1-scenario.orig
"$CASCADE" run "$SCEN" -o t1 --ticks 20 --set population.size=100 --no-plot -q \
    >t1-run.out 2>t1-run.err
rc=$?
[ $rc -eq 2 ] && contains t1-run.err "holds a sweep (journal.csv)" &&
    cmp -s t1/scenario.cfg t1-scenario.orig && [ ! -e t1/timeseries.csv ]
pass_if "a run into a sweep's folder: exit 2 (got $rc), the sweep's scenario.cfg kept"
sweep t1 "${GRID[@]}" "${SMALL[@]}" --resume
[ $rc -eq 0 ] && cmp -s t1/sweep.csv t1-sweep.orig
pass_if "... and the sweep still resumes (got $rc)"
"$CASCADE" run "$SCEN" -o r1 --ticks 20 --set population.size=100 --no-plot -q >r1.out 2>&1
cp r1/scenario.cfg r1-scenario.orig
sweep r1 "${GRID[@]}" "${SMALL[@]}"
[ $rc -eq 2 ] && contains r1.err "holds a run's results (timeseries.csv)" &&
    cmp -s r1/scenario.cfg r1-scenario.orig && [ ! -e r1/journal.csv ]
pass_if "a sweep into a run's folder: exit 2 (got $rc), the run's files kept"

# ---- SIGKILL and SIGINT mid-way, then --resume ----

sweep kref "${BIG[@]}" -q
check "the uninterrupted reference sweep ($BIG_RUNS runs) exits 0" [ $rc -eq 0 ]

rm -rf kk
"$CASCADE" sweep "$SCEN" -o kk "${BIG[@]}" -q >kk.out 2>kk.err &
pid=$!
if wait_runs kk/journal.csv $pid $((BIG_RUNS / 4)); then
    kill -9 $pid
    { wait $pid; } 2>/dev/null
    rc=$?
    done_runs=$(journal_runs kk/journal.csv)
    check "SIGKILL: the sweep died of it (status $rc) with some runs but not all ($done_runs of $BIG_RUNS)" \
        [ $rc -eq 137 -a "$done_runs" -ge $((BIG_RUNS / 4)) -a "$done_runs" -lt $BIG_RUNS ]
    check "SIGKILL: no sweep.csv or points.csv" [ ! -e kk/sweep.csv -a ! -e kk/points.csv ]
    sweep kk "${BIG[@]}" --resume
    [ $rc -eq 0 ] && grep -Eq "\(([0-9]+) now, ([1-9][0-9]*) before\)" kk.out
    pass_if "SIGKILL: --resume exits 0 (got $rc) and reuses the runs written before"
    check "SIGKILL + --resume: sweep.csv and points.csv byte-identical to the uninterrupted sweep" \
        same_tables kref kk
else
    wait $pid
    bad "SIGKILL: the sweep ended before it could be killed (make BIG bigger)"
fi

rm -rf ki
# a background job of a script starts with SIGINT ignored, and the sweep keeps it so:
# env gives the sweep the default disposition, as a terminal's Ctrl-C would find it
env --default-signal=INT "$CASCADE" sweep "$SCEN" -o ki "${BIG[@]}" >ki.out 2>ki.err &
pid=$!
if wait_runs ki/journal.csv $pid $((BIG_RUNS / 4)); then
    kill -INT $pid
    wait $pid
    rc=$?
    done_runs=$(journal_runs ki/journal.csv)
    check "SIGINT: exit 130 (got $rc) with runs left to do ($done_runs of $BIG_RUNS)" \
        [ $rc -eq 130 -a "$done_runs" -lt $BIG_RUNS ]
    check "SIGINT: the message says how to finish with --resume" contains ki.err --resume
    journal_intact ki/journal.csv && [ ! -e ki/sweep.csv ]
    pass_if "SIGINT: the journal is intact (complete lines only) and no tables were written"
    sweep ki "${BIG[@]}" --resume -q
    [ $rc -eq 0 ] && same_tables kref ki
    pass_if "SIGINT: --resume exits 0 (got $rc); tables byte-identical to the uninterrupted sweep"
else
    wait $pid
    bad "SIGINT: the sweep ended before it could be interrupted (make BIG bigger)"
fi

# ---- samples ----

SAMPLE_KEYS=(--vary regime.purge_rate=0:0.002 --vary population.size=200:400)
sweep sobol "${SAMPLE_KEYS[@]}" --sample sobol:8 "${SMALL[@]}" --replicates 2 -q
[ $rc -eq 0 ] && [ "$(rows sobol/points.csv)" -eq 8 -a "$(rows sobol/sweep.csv)" -eq 16 ]
pass_if "--sample sobol:8: exit 0, 8 points, 16 runs"
[ "$(head -n 1 sobol/sweep.csv)" = "point,regime.purge_rate,population.size,replicate,seed,$SUMMARY_COLS" ] &&
    head -n 1 sobol/points.csv | grep -q "^regime.purge_rate,population.size,$STATS_COLS"
pass_if "--sample sobol:8: sweep.csv and points.csv headers name both keys"
check "--sample sobol:8: values inside the ranges, population.size whole, points distinct" \
    awk -F, 'NR > 1 { if ($1 < 0 || $1 > 0.002 || $2 !~ /^[0-9]+$/ || $2 < 200 || $2 > 400) bad = 1;
                      if (seen[$1 FS $2]++) bad = 1 } END { exit bad }' sobol/points.csv
sweep lhs "${SAMPLE_KEYS[@]}" --sample lhs:5 "${SMALL[@]}" --replicates 2 -q
[ $rc -eq 0 ] && [ "$(rows lhs/points.csv)" -eq 5 -a "$(rows lhs/sweep.csv)" -eq 10 ]
pass_if "--sample lhs:5: exit 0, 5 points, 10 runs"
check "--sample lhs:5: one point in each fifth of the purge_rate range" \
    [ "$(awk -F, 'NR > 1 { print int($1 / 0.0004) }' lhs/points.csv | sort -n | tr '\n' ' ')" = "0 1 2 3 4 " ]
sweep lhs2 "${SAMPLE_KEYS[@]}" --sample lhs:5 "${SMALL[@]}" --replicates 2 -q --threads 1
check "--sample lhs:5: the same seed gives the same points and tables" same_tables lhs lhs2
sweep lhs3 "${SAMPLE_KEYS[@]}" --sample lhs:5 "${SMALL[@]}" --replicates 2 -q --seed 7
[ $rc -eq 0 ] && ! cmp -s lhs/plan.csv lhs3/plan.csv
pass_if "--sample lhs:5: another seed, other points"

# ---- integer and distribution keys ----

sweep size --vary population.size=200:301:3 "${SMALL[@]}" -q
[ $rc -eq 0 ] && [ "$(awk -F, 'NR > 1 && $3 == 0 { printf "%s ", $2 }' size/sweep.csv)" = "200 251 301 " ]
pass_if "--vary population.size=200:301:3: integer values 200, 251, 301 in sweep.csv"
sweep dist --vary population.discontent.a=1:3:3 "${SMALL[@]}" -q
[ $rc -eq 0 ] && [ "$(rows dist/points.csv)" -eq 3 ] &&
    [ "$(head -n 1 dist/points.csv | cut -d, -f1)" = population.discontent.a ]
pass_if "--vary population.discontent.a=1:3:3 (a key inside a distribution): exit 0, 3 points"
[ "$(awk -F, 'NR > 1 { printf "%s ", $1 }' dist/points.csv)" = "1.0 2.0 3.0 " ] &&
    [ "$(sed -n 2p dist/points.csv | cut -d, -f3-)" != "$(sed -n 4p dist/points.csv | cut -d, -f3-)" ]
pass_if "population.discontent.a: values 1.0, 2.0, 3.0 and the results depend on them"

# ---- bad specs: exit 2, `--vary: KEY: ...`, no folder ----

refused bad-unknown 2 "--vary: regime.purge_rat: unknown key; did you mean regime.purge_rate?" \
    --vary regime.purge_rat=0:1:3 "${SMALL[@]}"
refused bad-spec 2 "--vary: regime.purge_rate: " --vary regime.purge_rate=0:1 "${SMALL[@]}"
refused bad-mixed 2 "--vary: regime.purge_rate: " --vary regime.purge_rate=0:1,2 "${SMALL[@]}"
refused bad-number 2 "--vary: regime.purge_rate: " --vary regime.purge_rate=a:1:3 "${SMALL[@]}"
refused bad-n0 2 "--vary: regime.purge_rate: " --vary regime.purge_rate=0:1:0 "${SMALL[@]}"
refused bad-nfrac 2 "--vary: regime.purge_rate: " --vary regime.purge_rate=0:1:2.5 "${SMALL[@]}"
refused bad-noeq 2 "--vary: regime.purge_rate" --vary regime.purge_rate "${SMALL[@]}"
refused bad-range 2 "--vary: regime.purge_rate: " --vary regime.purge_rate=0.5:1.5:3 "${SMALL[@]}"
check "an out-of-range value names the point it is at" contains bad-range.err "point 2"
refused bad-negative 2 "--vary: regime.purge_rate: " --vary regime.purge_rate=-0.1,0 "${SMALL[@]}"
refused bad-text 2 "--vary: run.rng: " --vary run.rng=1,2 "${SMALL[@]}"
refused bad-dist-kind 2 "--vary: population.discontent.dist: " --vary population.discontent.dist=1,2 \
    "${SMALL[@]}"
refused bad-int 2 "--vary: population.size: " --vary population.size=100,250.5 "${SMALL[@]}"
refused bad-twice 2 "--vary: regime.purge_rate: " --vary regime.purge_rate=0,0.001 \
    --vary regime.purge_rate=0.002 "${SMALL[@]}"
refused bad-sample-kind 2 "--sample" --vary regime.purge_rate=0:0.002 --sample halton:4 "${SMALL[@]}"
refused bad-sample-n 2 "--sample" --vary regime.purge_rate=0:0.002 --sample sobol:0 "${SMALL[@]}"
refused bad-sample-grid 2 "--vary: regime.purge_rate: " --vary regime.purge_rate=0:0.002:3 \
    --sample lhs:4 "${SMALL[@]}"
refused bad-sample-order 2 "--vary: regime.purge_rate: " --vary regime.purge_rate=0.002:0 \
    --sample lhs:4 "${SMALL[@]}"
refused bad-novary 2 "--vary" "${SMALL[@]}"

# ---- a failing run is reported and the sweep goes on ----
# The network file names elite 50: points with population.size 10 fail when they build
# the network, points with 100 run. The failures are reported with point, replicate,
# seed and reason; the other point's runs are in the tables; the exit status is 1.
printf '0 1\n1 50\n2 3\n' >"$T/f50.edgelist"
printf 'population = { size = 100; };\nnetwork = { type = "file"; path = "f50.edgelist"; };\nrun = { ticks = 5; replicates = 3; };\n' >"$T/f50.cfg"
"$CASCADE" sweep "$T/f50.cfg" --vary population.size=10,100 -o "$T/failing" --no-plot \
    >"$T/failing.out" 2>"$T/failing.err"
check "failing runs: exit status 1" [ $? -eq 1 ]
check "failing runs: each reported with point, replicate, seed and reason" \
    [ "$(grep -c 'run failed: point 0, replicate [0-2], seed [0-9]*: network.path: network file names elite 50' "$T/failing.err")" -eq 3 ]
check "failing runs: the sweep went on (the other point has its 3 runs)" \
    [ "$(grep -c '^1,100,' "$T/failing/sweep.csv")" -eq 3 ]
check "failing runs: points.csv says n = 0 for the failing point" grep -q '^10,0,' "$T/failing/points.csv"

# ---- a fixed network that no --vary key changes is built once, for every task ----
# The same sweep with one more varied network key, of a single value, makes every task
# build its own network: the rows must be the same but for that key's column (after the
# two GRID keys: the 4th of sweep.csv, after point, the 3rd of points.csv), for a
# network file and for network.seed.
# same_but_key A B: the tables of A are those of B without B's third varied key
same_but_key() {
    [ "$(cat "$1/sweep.csv")" = "$(cut -d, --complement -f4 "$2/sweep.csv")" ] &&
        [ "$(cat "$1/points.csv")" = "$(cut -d, --complement -f3 "$2/points.csv")" ]
}
awk 'BEGIN { for (i = 0; i < 300; i++) printf "%d %d\n%d %d\n", i, (i + 1) % 300, i, (i + 50) % 300 }' \
    >"$T/ring300.edgelist"
FILE_NET=(--set network.type=file --set "network.path=$T/ring300.edgelist")
for kind in file seed; do
    if [ $kind = file ]; then fixed=("${FILE_NET[@]}"); own=(--vary network.mean_degree=4)
    else fixed=(--set network.seed=11); own=(--vary network.seed=11); fi
    rm -rf "shared-$kind" "own-$kind"
    sweep "shared-$kind" "${GRID[@]}" "${SMALL[@]}" "${fixed[@]}"
    check "fixed network ($kind): exit 0 (got $rc)" [ $rc -eq 0 ]
    check "fixed network ($kind): says it was built once and shared" \
        contains "shared-$kind.out" "network: built once and shared by every run"
    sweep "own-$kind" "${GRID[@]}" "${SMALL[@]}" "${fixed[@]}" "${own[@]}"
    [ $rc -eq 0 ] && ! contains "own-$kind.out" "network: built once"
    pass_if "fixed network ($kind), a network key varied: exit 0, each task builds its own"
    check "fixed network ($kind): shared and per-task networks give the same rows" \
        same_but_key "shared-$kind" "own-$kind"
done
! cmp -s shared-file/sweep.csv shared-seed/sweep.csv
pass_if "fixed network: the file and network.seed sweeps differ (the network matters)"
# The folder is checked before the shared network is built, and a finished sweep does
# not build it: with the network file spoilt (it names an elite beyond the population),
# a rerun without --resume is refused for the folder (not for the file), and --resume of
# the finished sweep rewrites the same tables; with runs left, the build says why.
cp "$T/ring300.edgelist" "$T/spoilt.edgelist"
SPOILT_NET=(--set network.type=file --set "network.path=$T/spoilt.edgelist")
rm -rf spoilt
sweep spoilt "${GRID[@]}" "${SMALL[@]}" "${SPOILT_NET[@]}"
check "fixed network, before the file is spoilt: exit 0 (got $rc)" [ $rc -eq 0 ]
cp spoilt/sweep.csv spoilt-sweep.csv
echo '0 5000' >>"$T/spoilt.edgelist"
sweep spoilt "${GRID[@]}" "${SMALL[@]}" "${SPOILT_NET[@]}"
[ $rc -eq 2 ] && contains spoilt.err "already holds a sweep" && ! contains spoilt.err 5000
pass_if "fixed network file spoilt, rerun without --resume: refused for the folder, not the file (got $rc)"
sweep spoilt "${GRID[@]}" "${SMALL[@]}" "${SPOILT_NET[@]}" --resume
[ $rc -eq 0 ] && cmp -s spoilt/sweep.csv spoilt-sweep.csv && ! contains spoilt.out "network: built"
pass_if "fixed network file spoilt, --resume of the finished sweep: exit 0, no build, same tables (got $rc)"
rm spoilt/journal.csv
sweep spoilt "${GRID[@]}" "${SMALL[@]}" "${SPOILT_NET[@]}" --resume
[ $rc -eq 2 ] && contains spoilt.err 5000 && [ ! -e spoilt/journal.csv ]
pass_if "fixed network file spoilt, --resume with runs left: exit 2 naming the elite, no journal written (got $rc)"
if command -v mpirun >/dev/null 2>&1; then
    rm -rf shared-mpi
    mpi 120 mpirun --oversubscribe -n 2 "$CASCADE" sweep "$SCEN" -o shared-mpi "${GRID[@]}" \
        "${SMALL[@]}" "${FILE_NET[@]}" --threads 1 >shared-mpi.out 2>shared-mpi.err
    rc=$?
    [ $rc -eq 0 ] && same_tables shared-file shared-mpi &&
        contains shared-mpi.out "network: built once per rank"
    pass_if "mpirun -n 2, fixed network file: built once per rank, the same tables (got $rc)"
else
    skip "mpirun not found: the shared network under MPI not checked"
fi

finish
