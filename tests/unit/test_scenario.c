/*
 * Tests of sim/scenario: every diagnostic of a bad scenario, one small file per
 * diagnostic under tests/data/scenarios/, checked as "FILE:LINE: KEY: message" with the
 * file, line and key exact and a stable part of the message; --set overrides; and the
 * round trip format -> load -> format, for our own files and every shipped scenario.
 *
 * The files name in their first comment the line the problem is on. FILE in a
 * diagnostic is the path as given to cascade_scenario_load.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cascade/scenario.h"

#define DATA(name) CASCADE_TEST_DATA "/scenarios/" name
#define SHIPPED CASCADE_TEST_DATA "/../../scenarios"

static void print_diagnostics(const cascade_scenario *sc)
{
    for (size_t i = 0; i < cascade_scenario_n_diagnostics(sc); i++) {
        print_message("  diagnostic %zu: %s\n", i, cascade_scenario_diagnostic(sc, i));
    }
}

static cascade_scenario *load(const char *path, const char *const *sets, size_t n_sets)
{
    cascade_scenario *sc = cascade_scenario_load(path, sets, n_sets);
    assert_non_null(sc);
    return sc;
}

static cascade_scenario *load_ok(const char *path, const char *const *sets, size_t n_sets)
{
    cascade_scenario *sc = load(path, sets, n_sets);
    if (!cascade_scenario_ok(sc)) {
        print_message("%s should load without problems:\n", path ? path : "(built-in)");
        print_diagnostics(sc);
        fail();
    }
    return sc;
}

/* Diagnostic i is "LOCATION: KEY: ..." (or "LOCATION: ..." when key is NULL) and holds
 * fragment after the prefix. location is "FILE:LINE" or "--set". */
static void expect_diag(const cascade_scenario *sc, size_t i, const char *location,
                        const char *key, const char *fragment)
{
    char prefix[4400];
    if (key) {
        snprintf(prefix, sizeof prefix, "%s: %s: ", location, key);
    } else {
        snprintf(prefix, sizeof prefix, "%s: ", location);
    }
    const char *d = cascade_scenario_diagnostic(sc, i);
    if (d == NULL || strncmp(d, prefix, strlen(prefix)) != 0 ||
        strstr(d + strlen(prefix), fragment) == NULL) {
        print_message("expected diagnostic %zu to start with \"%s\" and contain \"%s\"\n", i,
                      prefix, fragment);
        print_diagnostics(sc);
        fail();
    }
}

/* The file `name` gives exactly one diagnostic, at `line` for `key`. */
static void expect_one(const char *name, unsigned line, const char *key, const char *fragment)
{
    char path[4096], location[4200];
    snprintf(path, sizeof path, "%s/scenarios/%s", CASCADE_TEST_DATA, name);
    snprintf(location, sizeof location, "%s:%u", path, line);
    cascade_scenario *sc = load(path, NULL, 0);
    assert_false(cascade_scenario_ok(sc));
    if (cascade_scenario_n_diagnostics(sc) != 1) {
        print_message("%s: expected exactly one diagnostic\n", name);
        print_diagnostics(sc);
        fail();
    }
    expect_diag(sc, 0, location, key, fragment);
    cascade_scenario_free(sc);
}

/* One --set on the built-in default gives exactly one diagnostic for key. */
static void expect_set_problem(const char *set, const char *key, const char *fragment)
{
    const char *sets[] = {set};
    cascade_scenario *sc = load(NULL, sets, 1);
    assert_false(cascade_scenario_ok(sc));
    if (cascade_scenario_n_diagnostics(sc) != 1) {
        print_message("--set %s: expected exactly one diagnostic\n", set);
        print_diagnostics(sc);
        fail();
    }
    expect_diag(sc, 0, "--set", key, fragment);
    cascade_scenario_free(sc);
}

/* ---- diagnostics of files ---- */

static void test_syntax_error(void **state)
{
    (void)state;
    expect_one("syntax_error.cfg", 3, NULL, "syntax error");
}

static void test_missing_file(void **state)
{
    (void)state;
    const char *path = DATA("no_such_scenario.cfg");
    cascade_scenario *sc = load(path, NULL, 0);
    assert_false(cascade_scenario_ok(sc));
    assert_int_equal(cascade_scenario_n_diagnostics(sc), 1);
    expect_diag(sc, 0, path, NULL, "No such file");
    cascade_scenario_free(sc);
}

static void test_unknown_key_suggests(void **state)
{
    (void)state;
    expect_one("unknown_key.cfg", 3, "regime.purge_rat",
               "unknown key; did you mean regime.purge_rate?");
}

static void test_string_for_number(void **state)
{
    (void)state;
    expect_one("wrong_type_string.cfg", 3, "regime.punishment", "must be a number (got a string)");
}

static void test_real_for_integer(void **state)
{
    (void)state;
    expect_one("wrong_type_real_for_int.cfg", 3, "population.size",
               "must be an integer (got a real number)");
}

static void test_integer_accepted_for_real(void **state)
{
    (void)state;
    cascade_scenario *sc = load_ok(DATA("int_for_real.cfg"), NULL, 0);
    const cascade_params *p = cascade_scenario_params(sc);
    assert_true(p->network.type == CASCADE_NET_ERDOS_RENYI);
    assert_true(p->network.mean_degree == 4.0);
    assert_true(p->punishment == 2.0);
    assert_int_equal(p->discontent.kind, CASCADE_DIST_BETA);
    assert_true(p->discontent.p[0] == 3.0);
    assert_true(p->discontent.p[1] == 5.0);
    cascade_scenario_free(sc);
}

static void test_probability_out_of_range(void **state)
{
    (void)state;
    expect_one("range_probability.cfg", 3, "regime.targeting", "must be in [0, 1] (got 1.5)");
}

static void test_size_zero(void **state)
{
    (void)state;
    expect_one("range_size_zero.cfg", 3, "population.size", "(got 0)");
}

static void test_negative_ticks(void **state)
{
    (void)state;
    expect_one("range_negative_ticks.cfg", 3, "run.ticks", "(got -5)");
}

static void test_unknown_distribution_suggests(void **state)
{
    (void)state;
    expect_one("unknown_dist.cfg", 3, "population.discontent.dist",
               "unknown distribution \"betta\"; did you mean beta?");
}

static void test_beta_negative_parameter(void **state)
{
    (void)state;
    expect_one("bad_beta.cfg", 5, "population.discontent.a", "must be > 0 (got -1)");
}

static void test_uniform_hi_below_lo(void **state)
{
    (void)state;
    expect_one("bad_uniform.cfg", 6, "population.risk_aversion.hi", "must be >= lo");
}

static void test_dist_parameter_of_another_kind(void **state)
{
    (void)state;
    expect_one("dist_other_kind.cfg", 6, "population.discontent.a",
               "unknown key; normal takes mean, sd");
}

static void test_unknown_rng(void **state)
{
    (void)state;
    expect_one("unknown_rng.cfg", 3, "run.rng", "unknown GSL generator \"mt19938\"");
}

static void test_unknown_update(void **state)
{
    (void)state;
    expect_one("unknown_update.cfg", 3, "run.update",
               "unknown update \"random-order\"; did you mean random_order?");
}

static void test_missing_include(void **state)
{
    (void)state;
    expect_one("missing_include.cfg", 3, "@include", "no_such_file.cfg");
}

static void test_network_file_missing(void **state)
{
    (void)state;
    expect_one("network_missing.cfg", 4, "network.path", "no_such_network.edgelist");
}

static void test_shock_unknown_kind(void **state)
{
    (void)state;
    expect_one("shock_unknown_kind.cfg", 3, "shocks.0.kind", "unknown shock kind \"riot\"");
}

/* The problem involves the shock's count (line 7) and population.size (line 3); it is
 * located at the count, the value to change. */
static void test_shock_larger_than_population(void **state)
{
    (void)state;
    const char *path = DATA("shock_too_large.cfg");
    cascade_scenario *sc = load(path, NULL, 0);
    assert_false(cascade_scenario_ok(sc));
    assert_int_equal(cascade_scenario_n_diagnostics(sc), 1);
    const char *d = cascade_scenario_diagnostic(sc, 0);
    char at_shock[4200];
    snprintf(at_shock, sizeof at_shock, "%s:7: shocks.0.count: ", path);
    bool located = strncmp(d, at_shock, strlen(at_shock)) == 0;
    if (!located || strstr(d, "(got 20)") == NULL) {
        print_message("expected \"%s...\" mentioning the count 20\n", at_shock);
        print_diagnostics(sc);
        fail();
    }
    cascade_scenario_free(sc);
}

static void test_set_shock_unknown_key(void **state)
{
    (void)state;
    expect_one("shock_set_unknown_key.cfg", 3, "shocks.0.key",
               "unknown key \"regime.purge_rat\"; did you mean regime.purge_rate?");
}

static void test_set_shock_static_key(void **state)
{
    (void)state;
    expect_one("shock_set_static_key.cfg", 3, "shocks.0.key", "cannot change during a run");
}

static void test_several_problems_all_reported(void **state)
{
    (void)state;
    const char *path = DATA("several.cfg");
    char l3[4200], l6[4200], l9[4200];
    snprintf(l3, sizeof l3, "%s:3", path);
    snprintf(l6, sizeof l6, "%s:6", path);
    snprintf(l9, sizeof l9, "%s:9", path);
    cascade_scenario *sc = load(path, NULL, 0);
    assert_false(cascade_scenario_ok(sc));
    if (cascade_scenario_n_diagnostics(sc) != 3) {
        print_message("several.cfg: expected 3 diagnostics\n");
        print_diagnostics(sc);
        fail();
    }
    expect_diag(sc, 0, l3, "regime.purge_rat", "did you mean regime.purge_rate?");
    expect_diag(sc, 1, l6, "population.size", "(got 0)");
    expect_diag(sc, 2, l9, "run.rng", "unknown GSL generator");
    cascade_scenario_free(sc);
}

/* ---- --set ---- */

static void test_set_unknown_key(void **state)
{
    (void)state;
    expect_set_problem("regime.purge_rat=0.01", "regime.purge_rat",
                       "unknown key; did you mean regime.purge_rate?");
}

static void test_set_out_of_range(void **state)
{
    (void)state;
    expect_set_problem("regime.targeting=1.5", "regime.targeting", "must be in [0, 1] (got 1.5)");
}

static void test_set_wrong_type(void **state)
{
    (void)state;
    expect_set_problem("population.size=10.5", "population.size", "must be an integer");
    expect_set_problem("regime.punishment=high", "regime.punishment", "must be a number");
}

static void test_set_unreadable_value(void **state)
{
    (void)state;
    expect_set_problem("regime.purge_rate=[1,2", "regime.purge_rate", "cannot read value");
}

static void test_set_reaches_distribution_parameter(void **state)
{
    (void)state;
    cascade_scenario *base = load_ok(NULL, NULL, 0);
    const cascade_dist before = cascade_scenario_params(base)->discontent;
    const char *sets[] = {"population.discontent.a=3"};
    cascade_scenario *sc = load_ok(NULL, sets, 1);
    const cascade_dist *d = &cascade_scenario_params(sc)->discontent;
    assert_int_equal(before.kind, CASCADE_DIST_BETA);
    assert_int_equal(d->kind, CASCADE_DIST_BETA);
    assert_true(d->p[0] == 3.0);
    assert_true(d->p[1] == before.p[1]);
    cascade_scenario_free(sc);
    cascade_scenario_free(base);
}

static void test_set_bare_word_string(void **state)
{
    (void)state;
    const char *sets[] = {"network.type=ring", "network.mean_degree=4"};
    cascade_scenario *sc = load_ok(NULL, sets, 2);
    assert_true(cascade_scenario_params(sc)->network.type == CASCADE_NET_RING);
    assert_true(cascade_scenario_params(sc)->network.mean_degree == 4.0);
    cascade_scenario_free(sc);
}

/* libconfig 1.5 reads an integer literal with atoi, so 3000000000 would read as
 * -1294967296 and 99999999999 as 1215752191 (a valid population); the loader marks
 * such literals 64-bit, so they mean what they say: refused with the value written, or
 * kept whole. */
static void test_integers_beyond_32_bits(void **state)
{
    (void)state;
    expect_one("int_beyond_32.cfg", 3, "population.size", "(got 3000000000)");
    expect_one("int_beyond_64.cfg", 2, NULL, "integer out of range: more than 64 bits");
    expect_set_problem("population.size=3000000000", "population.size", "(got 3000000000)");
    expect_set_problem("population.size=99999999999", "population.size", "(got 99999999999)");
    expect_set_problem("run.seed=99999999999999999999", "run.seed", "more than 64 bits");
    const char *sets[] = {"run.seed=12345678901", "network.seed=0x1FFFFFFFF",
                          "regime.purge_rate=0.000123456789012", "network.type=file",
                          "network.path=a/12345678901/b", "population.size=-2147483648"};
    cascade_scenario *sc = load(NULL, sets, 6);
    const cascade_params *p = cascade_scenario_params(sc);
    assert_true(p->seed == UINT64_C(12345678901));
    assert_true(p->network.has_seed && p->network.seed == UINT64_C(0x1FFFFFFFF));
    assert_true(p->purge_rate == 0.000123456789012);
    assert_non_null(strstr(p->network.path, "a/12345678901/b"));
    /* the size is negative, as written (the file is looked for when the network is built) */
    assert_int_equal(cascade_scenario_n_diagnostics(sc), 1);
    expect_diag(sc, 0, "--set", "population.size", "(got -2147483648)");
    cascade_scenario_free(sc);
    const char *text[] = {"description=\"run 99999999999 of 12345678901 # 3000000000\""};
    sc = load_ok(NULL, text, 1);
    assert_string_equal(cascade_scenario_description(sc),
                        "run 99999999999 of 12345678901 # 3000000000");
    cascade_scenario_free(sc);
}

static void test_set_applies_in_order(void **state)
{
    (void)state;
    const char *sets[] = {"regime.purge_rate=0.37", "run.ticks=17", "regime.purge_rate=0.25"};
    cascade_scenario *sc = load_ok(DATA("int_for_real.cfg"), sets, 3);
    assert_true(cascade_scenario_params(sc)->purge_rate == 0.25);
    assert_int_equal(cascade_scenario_params(sc)->ticks, 17);
    cascade_scenario_free(sc);
}

/* ---- round trip ---- */

static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        return false;
    }
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

/* The text after the first line (which names the file formatted from). */
static const char *body(const char *text)
{
    const char *nl = strchr(text, '\n');
    return nl ? nl + 1 : text;
}

/* format(load(path)) = A; A written to tmp and loaded formats to B; B written to the same
 * tmp and loaded formats to C. A and B agree after their first line (which names the file
 * each came from); B and C are identical strings. Returns false (with a message) on a
 * failure, so a loop over many files can report every one. */
static bool round_trip(const char *path)
{
    bool ok = false;
    char tmp[] = "/tmp/test_scenario_rt_XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) {
        print_message("cannot create a temporary file\n");
        return false;
    }
    close(fd);
    char *a = NULL, *b = NULL, *c = NULL;
    cascade_scenario *sa = cascade_scenario_load(path, NULL, 0);
    cascade_scenario *sb = NULL, *sc = NULL;
    if (sa == NULL || !cascade_scenario_ok(sa)) {
        print_message("%s does not load:\n", path);
        if (sa) {
            print_diagnostics(sa);
        }
        goto done;
    }
    a = cascade_scenario_format(sa);
    if (a == NULL || !write_file(tmp, a)) {
        print_message("%s: cannot format or write %s\n", path, tmp);
        goto done;
    }
    sb = cascade_scenario_load(tmp, NULL, 0);
    if (sb == NULL || !cascade_scenario_ok(sb)) {
        print_message("%s: the formatted text does not load back:\n%s\n", path, a);
        if (sb) {
            print_diagnostics(sb);
        }
        goto done;
    }
    b = cascade_scenario_format(sb);
    if (b == NULL || strcmp(body(a), body(b)) != 0) {
        print_message("%s: formatted, loaded and formatted again differs:\n--- first\n%s\n--- "
                      "second\n%s\n", path, a, b ? b : "(null)");
        goto done;
    }
    if (!write_file(tmp, b)) {
        goto done;
    }
    sc = cascade_scenario_load(tmp, NULL, 0);
    if (sc == NULL || !cascade_scenario_ok(sc)) {
        print_message("%s: second round does not load\n", path);
        goto done;
    }
    c = cascade_scenario_format(sc);
    if (c == NULL || strcmp(b, c) != 0) {
        print_message("%s: second round differs:\n--- second\n%s\n--- third\n%s\n", path, b,
                      c ? c : "(null)");
        goto done;
    }
    ok = true;
done:
    free(a);
    free(b);
    free(c);
    cascade_scenario_free(sa);
    cascade_scenario_free(sb);
    cascade_scenario_free(sc);
    unlink(tmp);
    return ok;
}

static void test_round_trip_own_files(void **state)
{
    (void)state;
    assert_true(round_trip(DATA("roundtrip_all.cfg")));
    assert_true(round_trip(DATA("int_for_real.cfg")));
}

static void test_round_trip_keeps_values(void **state)
{
    (void)state;
    /* spot checks that the resolved text carries what the file said */
    cascade_scenario *sc = load_ok(DATA("roundtrip_all.cfg"), NULL, 0);
    const cascade_params *p = cascade_scenario_params(sc);
    assert_int_equal(p->size, 50);
    assert_true(p->has_threshold);
    assert_int_equal(p->threshold.kind, CASCADE_DIST_LIST);
    assert_int_equal(p->threshold.n_values, 4);
    assert_true(p->threshold.values[3] == 0.3333333333333333);
    assert_true(p->network.has_seed);
    assert_true(p->network.seed == 5000000000ULL);
    assert_true(p->seed == 4294967296ULL);
    assert_string_equal(p->rng, "taus2");
    assert_int_equal(p->n_shocks, 6);
    assert_int_equal(p->shocks[0].tick, 0); /* sorted by tick */
    assert_int_equal(p->shocks[1].hold, 3);
    assert_true(p->shocks[2].delta == -0.05);
    char *text = cascade_scenario_format(sc);
    assert_non_null(text);
    assert_non_null(strstr(text, "values = [0.1, 0.37, 2.0, 0.3333333333333333]"));
    assert_non_null(strstr(text, "\\\"quoted\\\""));
    free(text);
    cascade_scenario_free(sc);
}

static void test_round_trip_builtin_default(void **state)
{
    (void)state;
    char tmp[] = "/tmp/test_scenario_def_XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    close(fd);
    cascade_scenario *sc = load_ok(NULL, NULL, 0);
    char *text = cascade_scenario_format(sc);
    assert_non_null(text);
    assert_true(write_file(tmp, text));
    bool ok = round_trip(tmp);
    unlink(tmp);
    free(text);
    cascade_scenario_free(sc);
    assert_true(ok);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_round_trip_shipped_scenarios(void **state)
{
    (void)state;
    DIR *d = opendir(SHIPPED);
    assert_non_null(d);
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 256) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".cfg") == 0) {
            names[n] = strdup(e->d_name);
            assert_non_null(names[n]);
            n++;
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    assert_true(n >= 1);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", SHIPPED, names[i]);
        bool ok = round_trip(path);
        print_message("%s round trip: %s\n", names[i], ok ? "ok" : "FAILED");
        failed += !ok;
        free(names[i]);
    }
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_unknown_key_suggests),
        cmocka_unit_test(test_string_for_number),
        cmocka_unit_test(test_real_for_integer),
        cmocka_unit_test(test_integer_accepted_for_real),
        cmocka_unit_test(test_probability_out_of_range),
        cmocka_unit_test(test_size_zero),
        cmocka_unit_test(test_negative_ticks),
        cmocka_unit_test(test_unknown_distribution_suggests),
        cmocka_unit_test(test_beta_negative_parameter),
        cmocka_unit_test(test_uniform_hi_below_lo),
        cmocka_unit_test(test_dist_parameter_of_another_kind),
        cmocka_unit_test(test_unknown_rng),
        cmocka_unit_test(test_unknown_update),
        cmocka_unit_test(test_missing_include),
        cmocka_unit_test(test_network_file_missing),
        cmocka_unit_test(test_shock_unknown_kind),
        cmocka_unit_test(test_shock_larger_than_population),
        cmocka_unit_test(test_set_shock_unknown_key),
        cmocka_unit_test(test_set_shock_static_key),
        cmocka_unit_test(test_several_problems_all_reported),
        cmocka_unit_test(test_set_unknown_key),
        cmocka_unit_test(test_set_out_of_range),
        cmocka_unit_test(test_set_wrong_type),
        cmocka_unit_test(test_integers_beyond_32_bits),
        cmocka_unit_test(test_set_unreadable_value),
        cmocka_unit_test(test_set_reaches_distribution_parameter),
        cmocka_unit_test(test_set_bare_word_string),
        cmocka_unit_test(test_set_applies_in_order),
        cmocka_unit_test(test_round_trip_own_files),
        cmocka_unit_test(test_round_trip_keeps_values),
        cmocka_unit_test(test_round_trip_builtin_default),
        cmocka_unit_test(test_round_trip_shipped_scenarios),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
