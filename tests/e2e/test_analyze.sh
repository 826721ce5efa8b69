#!/usr/bin/env bash
# End-to-end tests of `cascade analyze` on the real binary: the files it writes and
# their exact headers, fixed points and equilibria of scenarios known by hand
# (Granovetter's riot and variant, Kuran's sequences), --vary (bifurcation.csv,
# hysteresis.csv), cascade_condition.csv for Watts's scenario, and bad input: exit
# status 2 with a message and no files written; populations too large for memory: exit
# status 1, refused before anything is allocated, as run and sweep refuse them.
#
# Environment (set by CTest): CASCADE = the binary, CASCADE_SRC = the source tree,
# CASCADE_TMP = a scratch folder this script may create and clean.
# Prints 'N passed, M failed'; exit 0 all passed, 1 some failed, 77 skipped (no binary).
set -u
. "$(dirname "$0")/../lib.sh"
harness "analyze"
S=$CASCADE_SRC/scenarios

rows() { echo $(($(wc -l <"$1") - 1)); }
header() { head -n 1 "$1"; }
# the stable fixed points of fixed_points.csv, one per line, as %.6g
stable() { awk -F, 'NR>1 && $2==1 {printf "%.6g\n", $1}' "$1"; }

# ---- files and columns ----
"$CASCADE" analyze "$S/granovetter-normal.cfg" --no-plot -o a >a.out 2>a.err
check "analyze granovetter-normal exits 0" [ $? -eq 0 ]
check "writes exactly scenario.cfg and the three CSV files" \
    [ "$(ls -A a | sort | tr '\n' ' ')" = "cobweb.csv fixed_points.csv scenario.cfg threshold_map.csv " ]
check "threshold_map.csv header x,F,F_sampled" [ "$(header a/threshold_map.csv)" = "x,F,F_sampled" ]
check "threshold_map.csv has 1001 rows" [ "$(rows a/threshold_map.csv)" -eq 1001 ]
check "fixed_points.csv header x,stable" [ "$(header a/fixed_points.csv)" = "x,stable" ]
check "cobweb.csv header step,x" [ "$(header a/cobweb.csv)" = "step,x" ]
check "cobweb starts at step 0 from the seed share 0" [ "$(sed -n 2p a/cobweb.csv)" = "0,0" ]
check "threshold map is non-decreasing" \
    awk -F, 'NR>2 && ($2 < p2 || $3 < p3) {exit 1} {p2=$2; p3=$3}' a/threshold_map.csv
check "stdout names the method and the fixed points" grep -q "^map: closed form" a.out
check "scenario.cfg reloads" "$CASCADE" check a/scenario.cfg >/dev/null
"$CASCADE" analyze "$S/granovetter-normal.cfg" -q --no-plot -o q >q.out 2>&1
check "-q prints nothing" [ ! -s q.out ]

# ---- known fixed points and equilibria ----
# sd = 10: stable 0.0077 (100 Phi(-2.5) iterated), tipping 0.1435, and everyone
check "granovetter sd=10: stable fixed points 0.00769551 and 1" \
    [ "$(stable a/fixed_points.csv | tr '\n' ' ')" = "0.00769551 1 " ]
"$CASCADE" analyze "$S/granovetter-riot.cfg" --no-plot -o riot >riot.out
check "granovetter riot: equilibrium 1" grep -q "^equilibrium from the seed share: 1 " riot.out
"$CASCADE" analyze "$S/granovetter-riot-variant.cfg" --no-plot -o variant >variant.out
check "granovetter variant: equilibrium 0.01" \
    grep -q "^equilibrium from the seed share: 0.01 " variant.out
"$CASCADE" analyze "$S/kuran-1989.cfg" --no-plot -o kuran >kuran.out
check "kuran sequence A: 10% oppose" grep -q "^equilibrium from the seed share: 0.1 " kuran.out
"$CASCADE" analyze "$S/kuran-1989.cfg" --no-plot -o kuran2 \
    --set 'population.threshold.values=[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0]' >kuran2.out
check "kuran sequence A': 90% oppose" grep -q "^equilibrium from the seed share: 0.9 " kuran2.out

# ---- --vary: bifurcation and hysteresis ----
"$CASCADE" analyze "$S/granovetter-normal.cfg" --no-plot -o v \
    --vary population.threshold.sd=10:14:5 >v.out 2>v.err
check "--vary exits 0" [ $? -eq 0 ]
check "bifurcation.csv header names the key" \
    [ "$(header v/bifurcation.csv)" = "population.threshold.sd,x,stable" ]
check "hysteresis.csv header" [ "$(header v/hysteresis.csv)" = "population.threshold.sd,up,down" ]
check "hysteresis.csv has one row per value" [ "$(rows v/hysteresis.csv)" -eq 5 ]
check "the branch followed up jumps between sd 12 and 13" \
    awk -F, 'NR>1 && $1==12 && $2>0.1 {exit 1} NR>1 && $1==13 && $2<0.99 {exit 1}' v/hysteresis.csv
check "scenario.cfg records the --vary" grep -q "^# cascade analyze --vary population.threshold.sd=10:14:5" v/scenario.cfg

# ---- cascade_condition.csv ----
"$CASCADE" analyze "$S/watts-2002.cfg" --no-plot -o w >w.out
check "watts: cascade_condition.csv header" [ "$(header w/cascade_condition.csv)" = \
    "degrees,mean_degree,watts_sum,global_possible,vulnerable,cascade_probability,seed_fraction,expected_size,window_lo,window_hi" ]
check "watts z=4: global cascades possible, poisson degrees" \
    awk -F, 'NR==2 && !($1=="poisson" && $4==1) {exit 1}' w/cascade_condition.csv
check "watts window printed: 1.0207 < z < 5.76468" grep -q "1.0207 < z < 5.76468" w.out
"$CASCADE" analyze "$S/watts-2002.cfg" --no-plot -o w2 --vary network.mean_degree=1:9:5 >/dev/null
check "watts --vary: one condition row per value, keyed" \
    [ "$(rows w2/cascade_condition.csv)" -eq 5 -a "$(header w2/cascade_condition.csv | cut -d, -f1)" = network.mean_degree ]
check "watts z=9: no global cascades" awk -F, '$1==9 && $5!=0 {exit 1}' w2/cascade_condition.csv
"$CASCADE" analyze "$S/watts-2002.cfg" --no-plot -o w3 --set network.type=ring >/dev/null 2>&1
check "ring network: empirical degrees" awk -F, 'NR==2 && $1!="empirical" {exit 1}' w3/cascade_condition.csv

# ---- bad input: exit 2, a message, no files ----
# expect_exit STATUS WHAT DIR PATTERN ARGS...: analyze ARGS -o DIR exits STATUS, prints
# PATTERN (a basic regular expression) on stderr and writes nothing
expect_exit() {
    local status=$1 what=$2 dir=$3 pattern=$4
    shift 4
    "$CASCADE" analyze "$@" -o "$dir" >/dev/null 2>err.txt
    local rc=$?
    if [ $rc -eq "$status" ] && grep -q -- "$pattern" err.txt && [ ! -e "$dir" ]; then ok "$what"
    else bad "$what (exit $rc: $(head -c 200 err.txt))"; fi
}
expect_usage() { expect_exit 2 "$@"; }
expect_usage "bad --vary spec" b1 "expected KEY=A:B:N" "$S/granovetter-normal.cfg" --vary sd=1:2
expect_usage "--vary with A >= B" b2 "A < B" "$S/granovetter-normal.cfg" --vary population.threshold.sd=3:1:4
expect_usage "two --vary" b3 "one varied key" "$S/granovetter-normal.cfg" --vary a=1:2:3 --vary b=1:2:3
expect_usage "unknown varied key" b4 "unknown key" "$S/granovetter-normal.cfg" --vary population.thresh.sd=1:2:3
expect_usage "an unknown varied key is labelled --vary, as sweep labels it" b4v \
    "^--vary: regime\.bogus: unknown key (at point 0)$" "$S/default.cfg" --vary regime.bogus=1:2:3
expect_usage "a non-numeric varied key is labelled --vary" b4n \
    "^--vary: network\.type: must be a string" "$S/default.cfg" --vary network.type=1:2:3
expect_usage "invalid --set" b5 "population.size" "$S/granovetter-normal.cfg" --set population.size=0
expect_usage "missing scenario file" b6 "no-such" no-such.cfg
expect_usage "option of another command" b7 "does not apply" "$S/granovetter-normal.cfg" --resume
expect_usage "a network file naming an elite beyond the population" b8 \
    "network.path: network file names elite 120 but population.size is 100" \
    "$S/granovetter-normal.cfg" --set population.size=100 --set network.type=file \
    --set "network.path=$CASCADE_SRC/tests/data/net_beyond.edgelist"
"$CASCADE" analyze "$S/granovetter-normal.cfg" --no-plot -o /proc/forbidden >/dev/null 2>err.txt
check "unwritable output folder exits 1" [ $? -eq 1 ]

# ---- --help says what analyze takes: one key, A:B:N ----
"$CASCADE" analyze --help >help.out 2>&1
check "analyze --help shows --vary KEY=A:B:N" \
    grep -q -- "^ *--vary KEY=A:B:N  *vary one key" help.out
check "analyze --help offers no list, repeated --vary or --sample" \
    bash -c "! grep -q -e 'V1,V2' -e 'repeatable): A:B:N' -e '--sample' help.out"

# ---- too large for memory: exit 1 at once, as run and sweep (a network, the model and
# the sampled map of 2e9 elites need far more than any test machine has) ----
expect_exit 1 "population too large for memory" m1 \
    "^--set: population\.size: 2000000000 elites need about [0-9.]* GiB of memory (.*), but this machine has [0-9.]* GiB$" \
    "$S/default.cfg" --set population.size=2000000000
expect_exit 1 "population too large for memory on Watts's network" m2 \
    "^--set: population\.size: 2000000000 elites need about [0-9.]* GiB of memory" \
    "$S/watts-2002.cfg" --set population.size=2000000000
expect_exit 1 "a --vary point too large for memory is named by its value" m3 \
    "^cascade: --vary point 1 (population\.size=2000000000): 2000000000 elites need about [0-9.]* GiB of memory" \
    "$S/watts-2002.cfg" --vary population.size=1000:2000000000:2

# an analysis into the folder of an earlier one holds its own files only
"$CASCADE" analyze "$S/mean-field-complete.cfg" --vary regime.punishment=0.1:1.5:5 -o again \
    --format png -q
"$CASCADE" analyze "$S/watts-2002.cfg" -o again --format png -q
check "an analysis over an earlier, varied one leaves none of its bifurcation files" \
    [ "$(ls -A again | sort | tr '\n' ' ')" = "cascade_condition.csv cobweb.csv cobweb.png fixed_points.csv scenario.cfg threshold_map.csv " ]
"$CASCADE" analyze "$S/granovetter-normal.cfg" -o again --no-plot -q
check "... nor a later one the earlier's cascade condition" [ ! -e again/cascade_condition.csv ]

finish
