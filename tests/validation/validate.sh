#!/usr/bin/env bash
# Validation against theory and the literature (docs/VALIDATION.md): the simulator's
# numbers beside `cascade analyze`'s theory, each with a stated tolerance.
#
#   validate.sh fast   about 15 s on 2 cores; CTest label `literature` (runs in CI)
#   validate.sh full   full-size versions; CTest label `validation` (ctest -L validation)
#
# Checks and tolerances (R replicates, p a probability, s a sample standard deviation):
#  1. Granovetter (1978), normal thresholds of mean 25: for each seed the simulated
#     final dissent of replicate 0 equals the equilibrium of analyze's sampled map
#     exactly (the lattice iteration is the synchronous dynamics on the complete graph).
#  2. Watts (2002), phi = 0.18 on Erdos-Renyi graphs of N = 10,000, one seed: the share
#     of replicates with a global cascade against the extended vulnerable cluster of the
#     theory, |f - p| <= 4 sqrt(p (1 - p) / R) + 0.03. The binomial part alone would
#     raise a false alarm with probability 6.3e-5 per point; 0.03 allows for the finite
#     size (Watts's own N = 10,000 simulations put the window's edges off the theory's).
#  3. Gleeson and Cahalane (2007), seed fraction 0.01: the mean final dissent against
#     their expected cascade size, |mean - rho| <= 5 s / sqrt(R) + 0.005 (false alarm
#     5.7e-7 per point from the mean's normal error; 0.005 bounds the O(1/N) bias).
#  4. The derived rule with beta discontent on the complete graph: the mean final
#     dissent against the mean-field equilibrium reached from the seed share, same
#     tolerance as 3. Punishments near the fold (0.5, 0.6) are left out: there the
#     outcome of a finite population is bistable.
# Prints one line per check and 'N passed, M failed'; exit 0 when all pass, 77 skipped.
set -u
MODE=${1:-fast}
. "$(dirname "$0")/../lib.sh"
harness "validation-$MODE"
S=$CASCADE_SRC/scenarios


# column NAME of the first data row of a CSV file
col() { awk -F, -v name="$2" 'NR==1{for(i=1;i<=NF;i++)if($i==name)c=i;next}NR==2{print $c;exit}' "$1"; }
# mean and sd of column 3 (final_dissent) and the share of column 6 (cascade) of summary.csv
stats() { awk -F, 'NR>1{s+=$3;q+=$3*$3;c+=$6;n++}END{m=s/n;v=q/n-m*m;if(v<0)v=0;printf "%.10g %.10g %.10g %d\n",m,sqrt(v*n/(n-1)),c/n,n}' "$1"; }

if [ "$MODE" = full ]; then
    SEEDS=$(seq 1 40); SDS="8 10 12 13 14 16"
    WATTS_Z="1.5 2 3 4 5 5.5 7"; WATTS_R=400
    GC_Z="1 2 3 4 6 8 10"; GC_R=20
    PUN="0.1 0.2 0.3 0.4 0.7 0.8 1.0 1.2 1.4"; MF_R=20
else
    SEEDS=$(seq 1 8); SDS="10 13"
    WATTS_Z="2 4 5"; WATTS_R=200
    GC_Z="2 4"; GC_R=10
    PUN="0.3 0.8"; MF_R=10
fi

# ---- 1. Granovetter: sampled map == simulation, exactly ----
for sd in $SDS; do
    bad_seeds=""
    for seed in $SEEDS; do
        set_=(--set population.threshold.sd=$sd --seed "$seed")
        "$CASCADE" run "$S/granovetter-normal.cfg" -q --replicates 1 "${set_[@]}" -o g >/dev/null 2>&1
        want=$("$CASCADE" analyze "$S/granovetter-normal.cfg" --no-plot "${set_[@]}" -o ga |
               sed -n 's/^sampled population (replicate 0): equilibrium //p')
        got=$(awk -F, 'NR==2{printf "%.6g", $3}' g/summary.csv)
        [ -n "$got" ] && [ "$got" = "$want" ] || bad_seeds="$bad_seeds $seed($got vs $want)"
    done
    if [ -z "$bad_seeds" ]; then ok "granovetter sd=$sd: simulation = sampled map for every seed"
    else bad "granovetter sd=$sd: differ for seeds$bad_seeds"; fi
done

# ---- 2. Watts: cascade frequency from one seed against the theory ----
for z in $WATTS_Z; do
    "$CASCADE" run "$S/watts-2002.cfg" -q --replicates $WATTS_R --ticks 80 --threads 2 \
        --set network.mean_degree=$z -o w >/dev/null 2>&1
    "$CASCADE" analyze "$S/watts-2002.cfg" -q --no-plot --set network.mean_degree=$z -o wa
    p=$(col wa/cascade_condition.csv cascade_probability)
    read -r _ _ f n < <(stats w/summary.csv)
    if [ -n "$p" ] && [ -n "$f" ] && awk -v f="$f" -v p="$p" -v n="$n" 'BEGIN{t=4*sqrt(p*(1-p)/n)+0.03; d=f-p; if(d<0)d=-d; exit !(d<=t)}'; then
        ok "watts z=$z: cascade frequency $f vs theory $p (R=$n)"
    else bad "watts z=$z: cascade frequency $f vs theory $p (R=$n)"; fi
done

# ---- 3. Gleeson-Cahalane: mean cascade size for seed fraction 0.01 ----
SEED01='shocks=({tick=0;kind="dissent";fraction=0.01;where="random";})'
for z in $GC_Z; do
    "$CASCADE" run "$S/watts-2002.cfg" -q --replicates $GC_R --ticks 100 --threads 2 \
        --set network.mean_degree=$z --set "$SEED01" -o gc >/dev/null 2>&1
    "$CASCADE" analyze "$S/watts-2002.cfg" -q --no-plot --set network.mean_degree=$z \
        --set "$SEED01" -o gca
    rho=$(col gca/cascade_condition.csv expected_size)
    read -r m s _ n < <(stats gc/summary.csv)
    if [ -n "$rho" ] && [ -n "$m" ] && awk -v m="$m" -v s="$s" -v r="$rho" -v n="$n" 'BEGIN{t=5*s/sqrt(n)+0.005; d=m-r; if(d<0)d=-d; exit !(d<=t)}'; then
        ok "gleeson-cahalane z=$z: mean size $m vs theory $rho (R=$n)"
    else bad "gleeson-cahalane z=$z: mean size $m vs theory $rho (R=$n)"; fi
done

# ---- 4. complete graph, derived rule: simulation against the mean-field equilibrium ----
for P in $PUN; do
    "$CASCADE" run "$S/mean-field-complete.cfg" -q --replicates $MF_R --threads 2 \
        --set regime.punishment=$P -o mf >/dev/null 2>&1
    x=$("$CASCADE" analyze "$S/mean-field-complete.cfg" --no-plot --set regime.punishment=$P -o mfa |
        sed -n 's/^equilibrium from the seed share: \([^ ]*\).*/\1/p')
    read -r m s _ n < <(stats mf/summary.csv)
    if [ -n "$x" ] && [ -n "$m" ] && awk -v m="$m" -v s="$s" -v x="$x" -v n="$n" 'BEGIN{t=5*s/sqrt(n)+0.005; d=m-x; if(d<0)d=-d; exit !(d<=t)}'; then
        ok "complete graph P=$P: mean final dissent $m vs mean field $x (R=$n)"
    else bad "complete graph P=$P: mean final dissent $m vs mean field $x (R=$n)"; fi
done

finish
