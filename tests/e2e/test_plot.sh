#!/usr/bin/env bash
# End-to-end tests of the charts on the real binary: `cascade plot` on copies of the
# synthetic folders of tests/data/plots (run, one-key sweep, two- and three-key phase
# diagrams, mean-field), `run` drawing its chart (and --no-plot drawing none), every
# format valid (PNG signature and size, PDF through pdfinfo, SVG well-formed through
# xmllint), and bad input: a malformed or truncated CSV gets FILE:LINE and exit 2.
#
# Environment (set by CTest): CASCADE = the binary, CASCADE_SRC = the source tree,
# CASCADE_TMP = a scratch folder this script may create and clean.
# Exit status: 0 all passed, 1 some failed, 77 skipped (no binary, no pdfinfo or xmllint).
set -u

. "$(dirname "$0")/../lib.sh"
for tool in pdfinfo xmllint; do
    if ! command -v "$tool" >/dev/null; then
        echo "skip: $tool missing (scripts/install-deps installs poppler-utils, libxml2-utils)"
        exit 77
    fi
done

harness "plot"
cp -r "$CASCADE_SRC/tests/data/plots/." "$T/" || exit 1
rm -f "$T/make-data.py"


# valid FILE: by extension, a PNG of at least 1600 px, a PDF pdfinfo reads, well-formed SVG
valid() {
    case "$1" in
    *.png)
        [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || return 1
        local w
        w=$(od -An -tu1 -j16 -N4 "$1" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
        [ "$w" -ge 1600 ]
        ;;
    *.pdf) pdfinfo "$1" >/dev/null 2>&1 ;;
    *.svg) xmllint --noout "$1" 2>/dev/null ;;
    *) return 1 ;;
    esac
}

# ---- plot: each kind of folder, every format ----
for case in "run cascade" "sweep1 sweep" "sweep2 sweep" "sweep3 sweep" "meanfield cobweb" \
            "meanfield bifurcation"; do
    set -- $case
    dir=$T/$1
    "$CASCADE" plot "$dir" --format png,pdf,svg >"$T/$1.out" 2>"$T/$1.err"
    check "plot $1 exits 0" [ $? -eq 0 ]
    for ext in png pdf svg; do
        check "plot $1: $2.$ext is valid" valid "$dir/$2.$ext"
        check "plot $1: 'wrote' names $2.$ext" grep -q "$dir/$2.$ext" "$T/$1.out"
    done
done
check "plot leaves no temporary files" [ -z "$(find "$T" -name '*.tmp.*')" ]
if command -v pdftotext >/dev/null; then
    check "cascade chart title is the scenario's name" \
        grep -q "^synthetic" <(pdftotext "$T/run/cascade.pdf" - 2>/dev/null)
    check "the phase diagram's pdf names its metric" \
        grep -q "cascade_prob over regime.punishment" <(pdftotext "$T/sweep2/sweep.pdf" - 2>/dev/null)
    check "a three-key phase diagram says what it averaged over" \
        grep -q "averaged over network.mean_degree" <(pdftotext "$T/sweep3/sweep.pdf" - 2>/dev/null)
    check "the footer names version and scenario file" \
        grep -q "cascade [0-9.]* · scenario $T/run/scenario.cfg" <(pdftotext "$T/run/cascade.pdf" - 2>/dev/null)
fi

# default formats: png and pdf
rm -f "$T/sweep1/sweep."*
"$CASCADE" plot -q "$T/sweep1" >"$T/q.out" 2>&1
check "plot -q prints nothing" [ ! -s "$T/q.out" ]
check "default formats are png and pdf" \
    [ -s "$T/sweep1/sweep.png" -a -s "$T/sweep1/sweep.pdf" -a ! -e "$T/sweep1/sweep.svg" ]

# --metric
"$CASCADE" plot -q "$T/sweep2" --metric final_dissent_mean --format svg
check "plot --metric final_dissent_mean exits 0" [ $? -eq 0 ]
"$CASCADE" plot -q "$T/sweep2" --metric no_such_column 2>"$T/metric.err"
check "an unknown metric is exit 2" [ $? -eq 2 ]
check "an unknown metric names the file and the choices" \
    grep -q "points.csv:1: no metric column no_such_column (one of: " "$T/metric.err"

# ---- bad input ----
expect_error() { # DESCRIPTION EXPECTED-STDERR-PATTERN COMMAND...
    local what=$1 pattern=$2
    shift 2
    "$@" >/dev/null 2>"$T/err"
    local rc=$?
    if [ $rc -eq 2 ] && grep -q -- "$pattern" "$T/err"; then
        ok "$what"
    else
        bad "$what (exit $rc: $(cat "$T/err"))"
    fi
}
mkdir -p "$T/bad"
cp "$T/run/timeseries.csv" "$T/run/summary.csv" "$T/bad/"
{ head -n 50 "$T/run/timeseries.csv"; printf '0,49,0.00'; } >"$T/bad/timeseries.csv"
expect_error "a truncated timeseries.csv: FILE:LINE, exit 2" \
    "$T/bad/timeseries.csv:51: the last line has no line end" "$CASCADE" plot "$T/bad"
check "a failed plot writes no chart" [ ! -e "$T/bad/cascade.png" ]
cp "$T/run/timeseries.csv" "$T/bad/"
sed -i '7s/.*/0,5,0.1,oops,0,0,0,0,0,1,0,0,0/' "$T/bad/timeseries.csv"
expect_error "a malformed field: FILE:LINE: column" \
    "$T/bad/timeseries.csv:7: private_opposition: not a number: \"oops\"" "$CASCADE" plot "$T/bad"
cp "$T/run/timeseries.csv" "$T/bad/"
sed -i '7s/.*/0,5,0.1,nan,0,0,0,0,0,1,0,0,0/' "$T/bad/timeseries.csv"
expect_error "a nan field: FILE:LINE: column" \
    "$T/bad/timeseries.csv:7: private_opposition: missing, or not a number" "$CASCADE" plot "$T/bad"
cp "$T/run/timeseries.csv" "$T/bad/"
sed -i '4s/,[^,]*$//' "$T/bad/summary.csv"
expect_error "a short row: FILE:LINE: fields" "$T/bad/summary.csv:4: expected 12 fields, got 11" \
    "$CASCADE" plot "$T/bad"
mkdir -p "$T/empty"
expect_error "a folder without chart data is exit 2" "no chart data" "$CASCADE" plot "$T/empty"
expect_error "a missing folder is exit 2" "no such folder" "$CASCADE" plot "$T/missing"
expect_error "plot without a folder is a usage error" "expected the folder" "$CASCADE" plot
expect_error "an unknown format is a usage error" "--format" "$CASCADE" plot "$T/run" --format gif
mkdir -p "$T/nofixed"
cp "$T/meanfield/threshold_map.csv" "$T/nofixed/"
expect_error "a threshold map without fixed points" "fixed_points.csv: missing" \
    "$CASCADE" plot "$T/nofixed"

# ---- run draws its chart; --no-plot none ----
SMALL=(--replicates 3 --ticks 110 --set population.size=200)
"$CASCADE" run "$CASCADE_SRC/scenarios/default.cfg" "${SMALL[@]}" -o "$T/r" --format png,svg \
    >"$T/r.out" 2>"$T/r.err"
check "run exits 0" [ $? -eq 0 ]
check "run draws cascade.png and cascade.svg" valid "$T/r/cascade.png"
check "run's svg is valid" valid "$T/r/cascade.svg"
check "run's 'wrote' line names the charts" grep -q "$T/r/cascade.png, $T/r/cascade.svg" "$T/r.out"
"$CASCADE" run "$CASCADE_SRC/scenarios/default.cfg" "${SMALL[@]}" -o "$T/n" --no-plot -q
check "run --no-plot draws nothing" \
    [ "$(ls -A "$T/n" | sort | tr '\n' ' ')" = "scenario.cfg summary.csv timeseries.csv " ]
# a chart failure is exit 1 and keeps the CSV files: a folder where the chart would go
mkdir -p "$T/f/cascade.png"
"$CASCADE" run "$CASCADE_SRC/scenarios/default.cfg" "${SMALL[@]}" -o "$T/f" -q --format png \
    2>"$T/f.err"
check "a chart failure in run is exit 1" [ $? -eq 1 ]
check "a chart failure in run says why" grep -q "cascade.png: Is a directory" "$T/f.err"
check "a chart failure keeps the CSV files" [ -s "$T/f/timeseries.csv" -a -s "$T/f/summary.csv" ]

finish
