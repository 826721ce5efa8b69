#!/usr/bin/env bash
# Sweep benchmark (issue 4): runs per second of `cascade sweep` on the default scenario
# with N = 2,000 elites and 200 ticks, over a grid of regime.purge_rate x replicates
# (20 points x 30 replicates = 600 runs by default), measured with --threads 1,
# --threads 2 and `mpirun -n 2 ... --threads 1`, each REPEAT times (default 3). Prints
# the median, min and max runs/s of each, and the ratios: the speed-up from 1 to 2
# threads (goal >= 1.8) and MPI with 2 ranks against 2 threads (goal within 10%).
#
# runs/s is the sweep's own figure (its closing line: runs over the time spent running
# them); "wall" is runs over the whole command's wall time, start-up, mpirun and the
# final tables included.
#
# Usage, from anywhere:   bench/bench_sweep.sh
# Environment:            BUILD_DIR   Release build folder (default build-bench, the one
#                                     bench/run uses; configured and built here if needed)
#                         CASCADE     use this binary instead of building one
#                         POINTS, REPLICATES, REPEAT   (defaults 20, 30, 5)
# Needs mpirun for the MPI line (skipped without it) and a build with -DCASCADE_MPI=ON.
# Run it on an otherwise idle machine: it uses every core it is measuring.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
BUILD_DIR=${BUILD_DIR:-build-bench}
POINTS=${POINTS:-20}
REPLICATES=${REPLICATES:-30}
REPEAT=${REPEAT:-5}

if [ -z "${CASCADE:-}" ]; then
    cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DCASCADE_TESTS=OFF >/dev/null
    cmake --build "$BUILD_DIR" -j"$(nproc)" --target cascade >/dev/null
    CASCADE=$BUILD_DIR/cascade
fi
CASCADE=$(cd "$(dirname "$CASCADE")" && pwd)/$(basename "$CASCADE")
if [ "$(id -u)" -eq 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cascade-bench-sweep.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

RUNS=$((POINTS * REPLICATES))
SWEEP=(sweep "$SRC/scenarios/default.cfg" --set population.size=2000 --ticks 200
       --vary "regime.purge_rate=0:0.002:$POINTS" --replicates "$REPLICATES" --no-plot)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "binary: $CASCADE ($("$CASCADE" --version))"
echo "workload: default scenario, N = 2000, 200 ticks, $POINTS points x $REPLICATES replicates = $RUNS runs; $REPEAT measurements each"

# measure NAME I COMMAND...: runs the sweep once as measurement I of NAME; appends a
# "runs/s wall-runs/s" line to $WORK/NAME.txt. The three set-ups are measured in turn,
# repetition by repetition, so that a slow spell of this shared machine hits them alike.
measure() {
    local name=$1 i=$2
    shift 2
    local out="$WORK/$name-$i"
    local t0 t1
    t0=$(date +%s.%N)
    "$@" -o "$out" >"$out.log" 2>&1 || {
        echo "$name: the sweep failed:"
        cat "$out.log"
        return 1
    }
    t1=$(date +%s.%N)
    local rate
    rate=$(sed -n 's/.* \([0-9.]*\) runs\/s,.*/\1/p' "$out.log" | tail -n 1)
    echo "$rate $(echo "$RUNS $t0 $t1" | awk '{ printf "%.2f", $1 / ($3 - $2) }')" \
        >>"$WORK/$name.txt"
    rm -rf "$out"
}

# stats NAME COLUMN: "median min max" of a column of $WORK/NAME.txt
stats() {
    sort -g -k"$2,$2" "$WORK/$1.txt" | awk -v c="$2" '{ v[NR] = $c }
        END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
              printf "%.1f %.1f %.1f", m, v[1], v[NR] }'
}

report() {
    local label=$1 name=$2 s w
    read -r -a s <<<"$(stats "$name" 1)"
    read -r -a w <<<"$(stats "$name" 2)"
    printf '%-26s runs/s median %7.1f  min %7.1f  max %7.1f   (wall: median %7.1f)\n' \
        "$label" "${s[0]}" "${s[1]}" "${s[2]}" "${w[0]}"
}

median() { stats "$1" "$2" | cut -d' ' -f1; }

have_mpi=0
command -v mpirun >/dev/null 2>&1 && have_mpi=1
: >"$WORK/t1.txt"
: >"$WORK/t2.txt"
: >"$WORK/mpi2.txt"
for ((i = 1; i <= REPEAT; i++)); do
    measure t1 "$i" "$CASCADE" "${SWEEP[@]}" --threads 1 || exit 1
    measure t2 "$i" "$CASCADE" "${SWEEP[@]}" --threads 2 || exit 1
    if [ $have_mpi -eq 1 ]; then
        measure mpi2 "$i" mpirun --oversubscribe -n 2 "$CASCADE" "${SWEEP[@]}" --threads 1 ||
            have_mpi=0
    fi
done
if [ $have_mpi -eq 1 ] && ! grep -q ', 2 ranks$' "$WORK/mpi2-1.log"; then
    echo "warning: the sweep under mpirun -n 2 did not report 2 ranks (built without MPI?)"
fi

report "--threads 1" t1
report "--threads 2" t2
if [ $have_mpi -eq 1 ]; then
    report "mpirun -n 2 --threads 1" mpi2
else
    echo "mpirun -n 2: not measured (no mpirun, or the sweep failed under it)"
fi
awk -v a="$(median t1 1)" -v b="$(median t2 1)" -v aw="$(median t1 2)" -v bw="$(median t2 2)" \
    'BEGIN { printf "speed-up 1 -> 2 threads: %.2fx (wall %.2fx; goal >= 1.8x)\n", b / a, bw / aw }'
if [ $have_mpi -eq 1 ]; then
    awk -v m="$(median mpi2 1)" -v t="$(median t2 1)" -v mw="$(median mpi2 2)" \
        -v tw="$(median t2 2)" \
        'BEGIN { printf "MPI 2 ranks / 2 threads: %.2f (wall %.2f; goal within 10%%, >= 0.90)\n", m / t, mw / tw }'
fi
