# Shared harness of the shell tests (tests/e2e/*.sh, tests/validation/validate.sh).
#
# Source it, then call `harness NAME`: it checks the environment CTest sets (CASCADE =
# the binary, CASCADE_SRC = the source tree, CASCADE_TMP = a scratch folder), skips with
# exit 77 when there is no binary, and makes and enters the empty folder $T =
# $CASCADE_TMP/NAME. Record results with `ok`, `bad` or `check DESCRIPTION COMMAND...`
# and end with `finish`, which prints the 'N passed, M failed' line CTest reads, removes
# $T when everything passed and exits 0, or keeps it and exits 1.

CASCADE=${CASCADE:-}
CASCADE_SRC=${CASCADE_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
CASCADE_TMP=${CASCADE_TMP:-${TMPDIR:-/tmp}/cascade-tests.$$}
passed=0
failed=0

harness() {
    if [ -z "$CASCADE" ] || [ ! -x "$CASCADE" ]; then
        echo "skip: CASCADE is not set to an executable (got '$CASCADE')"
        exit 77
    fi
    T=$CASCADE_TMP/$1
    rm -rf "$T"
    mkdir -p "$T" || exit 1
    cd "$T" || exit 1
}

ok() { echo "ok:   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL: $1"; failed=$((failed + 1)); }

# check DESCRIPTION COMMAND...: passes when the command succeeds
check() {
    local what=$1
    shift
    if "$@"; then ok "$what"; else bad "$what"; fi
}

finish() {
    echo "$passed passed, $failed failed"
    if [ "$failed" -eq 0 ]; then
        cd / && rm -rf "$T"
        exit 0
    fi
    echo "(scratch files kept in $T)"
    exit 1
}
