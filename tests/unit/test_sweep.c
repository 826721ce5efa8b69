/*
 * Tests of sweeps: --vary and --sample parsing and their errors (sim/sweep/plan.c), the
 * table of points (grid product order, Sobol against GSL directly, Latin hypercube
 * strata and reproducibility, integer keys), the "KEY=VALUE" settings a point hands to
 * the scenario, the journal (create, append, refuse without --resume or with another
 * sweep's fingerprint, resume, a torn last line cut, a damaged line in the middle an
 * error) and the final tables built from a hand-made plan.csv and journals, with the
 * points.csv statistics computed here by hand.
 *
 * tests/CMakeLists.txt links the unit tests against cascade_run, cascade_scenario and
 * cascade_io but not cascade_sweep, so plan.c (plain C, no OpenMP or MPI) is compiled
 * into this test. Once cascade_sweep is in that list this include can simply go (the
 * archive's copy is then never pulled in, so both ways link).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_qrng.h>
#include <omp.h>

#include "cascade/journal.h"
#include "cascade/rng.h"
#include "cascade/run.h"
#include "cascade/scenario.h"
#include "cascade/sweep.h"

/* ---- helpers ---- */

static cascade_vary parse_ok(const char *arg, bool integer, bool sampled)
{
    cascade_vary v;
    cascade_error err = {0};
    cascade_status s = cascade_vary_parse(arg, integer, sampled, &v, &err);
    if (s != CASCADE_OK) {
        print_message("cascade_vary_parse(\"%s\") failed: %s: %s\n", arg, err.key, err.msg);
        fail();
    }
    return v;
}

/* arg is refused with EINVAL, err.key == key, and the message contains fragment. */
static void parse_bad(const char *arg, bool integer, bool sampled, const char *key,
                      const char *fragment)
{
    cascade_vary v;
    cascade_error err = {0};
    cascade_status s = cascade_vary_parse(arg, integer, sampled, &v, &err);
    if (s != CASCADE_EINVAL || strcmp(err.key, key) != 0 ||
        (fragment && strstr(err.msg, fragment) == NULL)) {
        print_message("cascade_vary_parse(\"%s\"): expected EINVAL for key \"%s\" containing "
                      "\"%s\", got status %d, key \"%s\", msg \"%s\"\n",
                      arg, key, fragment ? fragment : "", (int)s, err.key, err.msg);
        fail();
    }
    assert_null(v.values); /* nothing left allocated */
    cascade_vary_release(&v);
}

/* An array of n keys on the heap, as cascade_sweep_plan_build takes ownership of it. */
static cascade_vary *keys_of(size_t n, const char *const *args, const bool *integer, bool sampled)
{
    cascade_vary *keys = calloc(n, sizeof *keys);
    assert_non_null(keys);
    for (size_t k = 0; k < n; k++) {
        keys[k] = parse_ok(args[k], integer ? integer[k] : false, sampled);
    }
    return keys;
}

static cascade_sweep_plan build_ok(size_t n, const char *const *args, const bool *integer,
                                   cascade_sample_kind sample, size_t n_samples, uint64_t seed)
{
    cascade_sweep_plan plan;
    cascade_error err = {0};
    cascade_vary *keys = keys_of(n, args, integer, sample != CASCADE_SAMPLE_NONE);
    cascade_status s = cascade_sweep_plan_build(&plan, keys, n, sample, n_samples, seed, &err);
    if (s != CASCADE_OK) {
        print_message("plan build failed: %s: %s\n", err.key, err.msg);
        fail();
    }
    return plan;
}

/* ---- cascade_sweep_plan_varies_network ---- */

/* Only network.* keys and population.size change the network a run builds. */
static void test_plan_varies_network(void **state)
{
    (void)state;
    struct {
        const char *args[2];
        size_t n;
        bool varies;
    } cases[] = {
        {{"regime.purge_rate=0,0.1", NULL}, 1, false},
        {{"population.discontent.a=1,2", "information.openness=0,0.1"}, 2, false},
        {{"population.sizes=1,2", NULL}, 1, false}, /* not a key, and not population.size */
        {{"network.mean_degree=4", NULL}, 1, true},
        {{"regime.purge_rate=0,0.1", "network.seed=1,2"}, 2, true},
        {{"population.size=100,200", "regime.purge_rate=0,0.1"}, 2, true},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        cascade_sweep_plan plan = build_ok(cases[c].n, cases[c].args, NULL, CASCADE_SAMPLE_NONE,
                                           0, 1);
        if (cascade_sweep_plan_varies_network(&plan) != cases[c].varies) {
            print_message("case %zu (%s): expected %d\n", c, cases[c].args[0],
                          (int)cases[c].varies);
            fail();
        }
        cascade_sweep_plan_release(&plan);
    }
}

/* ---- cascade_vary_parse ---- */

static void test_vary_grid(void **state)
{
    (void)state;
    cascade_vary v = parse_ok("regime.purge_rate=0:1:5", false, false);
    assert_string_equal(v.key, "regime.purge_rate");
    assert_int_equal(v.kind, CASCADE_VARY_GRID);
    assert_false(v.integer);
    assert_int_equal(v.n, 5);
    assert_int_equal(v.n_values, 5);
    assert_true(v.a == 0.0 && v.b == 1.0);
    const double want[5] = {0.0, 0.25, 0.5, 0.75, 1.0};
    for (int i = 0; i < 5; i++) {
        assert_true(v.values[i] == want[i]);
    }
    cascade_vary_release(&v);

    /* halving is exact: 0, 0.001, 0.002 as the literals read */
    v = parse_ok("x=0:0.002:3", false, false);
    assert_true(v.values[0] == 0.0 && v.values[1] == 0.001 && v.values[2] == 0.002);
    cascade_vary_release(&v);

    /* negative and decreasing ends */
    v = parse_ok("x=-1:1:3", false, false);
    assert_true(v.values[0] == -1.0 && v.values[1] == 0.0 && v.values[2] == 1.0);
    cascade_vary_release(&v);
}

static void test_vary_grid_last_is_b(void **state)
{
    (void)state;
    /* ends whose difference is inexact: the last value must still be exactly B, the
     * first exactly A, and the others A + (B - A) i / (N - 1) to rounding */
    const char *specs[] = {"x=0.1:0.7:7", "x=0.1:0.3:3", "x=0.3:0.9:11", "x=1e-3:0.017:13",
                           "x=0.7:0.1:4"};
    const double a[] = {0.1, 0.1, 0.3, 1e-3, 0.7};
    const double b[] = {0.7, 0.3, 0.9, 0.017, 0.1};
    for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
        cascade_vary v = parse_ok(specs[s], false, false);
        assert_true(v.n_values >= 2);
        assert_true(v.values[0] == a[s]);
        assert_true(v.values[v.n_values - 1] == b[s]);
        for (size_t i = 1; i + 1 < v.n_values; i++) {
            double want = a[s] + (b[s] - a[s]) * (double)i / (double)(v.n_values - 1);
            assert_true(fabs(v.values[i] - want) <= 1e-15 * fmax(1.0, fabs(want)));
        }
        cascade_vary_release(&v);
    }
}

static void test_vary_grid_one(void **state)
{
    (void)state;
    cascade_vary v = parse_ok("x=0.3:0.3:1", false, false);
    assert_int_equal(v.n_values, 1);
    assert_true(v.values[0] == 0.3);
    cascade_vary_release(&v);
    /* one value from A to B, inclusive, needs A = B */
    parse_bad("x=0.3:0.9:1", false, false, "x", "needs A = B");
}

static void test_vary_list(void **state)
{
    (void)state;
    cascade_vary v = parse_ok("information.openness=0.5,1e-3,-2,7", false, false);
    assert_string_equal(v.key, "information.openness");
    assert_int_equal(v.kind, CASCADE_VARY_LIST);
    assert_int_equal(v.n_values, 4);
    assert_true(v.values[0] == 0.5 && v.values[1] == 1e-3 && v.values[2] == -2.0 &&
                v.values[3] == 7.0);
    cascade_vary_release(&v);

    v = parse_ok("x=0.25", false, false); /* a list of one */
    assert_int_equal(v.kind, CASCADE_VARY_LIST);
    assert_int_equal(v.n_values, 1);
    assert_true(v.values[0] == 0.25);
    cascade_vary_release(&v);
}

static void test_vary_integer(void **state)
{
    (void)state;
    /* a grid on an integer key rounds each value (2.5 -> 3, away from zero) */
    cascade_vary v = parse_ok("population.size=1:4:3", true, false);
    assert_true(v.integer);
    assert_int_equal(v.n_values, 3);
    assert_true(v.values[0] == 1.0 && v.values[1] == 3.0 && v.values[2] == 4.0);
    cascade_vary_release(&v);

    v = parse_ok("n=100:102.6:3", true, false);
    assert_true(v.values[0] == 100.0 && v.values[1] == 101.0 && v.values[2] == 103.0);
    cascade_vary_release(&v);

    v = parse_ok("n=1,2,30,2.0", true, false); /* 2.0 is a whole number */
    assert_int_equal(v.n_values, 4);
    assert_true(v.values[0] == 1.0 && v.values[1] == 2.0 && v.values[2] == 30.0 &&
                v.values[3] == 2.0);
    cascade_vary_release(&v);

    /* a list is what the user wrote: 2.5 is not an integer */
    parse_bad("population.size=1,2.5", true, false, "population.size", "2.5");
    parse_bad("n=2.5", true, false, "n", "whole");
}

static void test_vary_errors(void **state)
{
    (void)state;
    /* no '=' or no key: the error is --vary's */
    parse_bad("regime.purge_rate", false, false, "--vary", "KEY=SPEC");
    parse_bad("regime.purge_rate0:1:3", false, false, "--vary", NULL);
    parse_bad("=0:1:3", false, false, "--vary", NULL);
    /* bad numbers */
    parse_bad("x=a:1:3", false, false, "x", "A:B:N");
    parse_bad("x=0:b:3", false, false, "x", NULL);
    parse_bad("x=0:1:c", false, false, "x", NULL);
    parse_bad("x=0:1:", false, false, "x", NULL);
    parse_bad("x=:1:3", false, false, "x", NULL);
    parse_bad("x=", false, false, "x", NULL);
    parse_bad("x=1,,2", false, false, "x", NULL);
    parse_bad("x=1,2,", false, false, "x", NULL);
    parse_bad("x=0.5x", false, false, "x", NULL);
    parse_bad("x=inf,1", false, false, "x", NULL);
    parse_bad("x=nan:1:3", false, false, "x", NULL);
    /* N */
    parse_bad("x=0:1:0", false, false, "x", "N");
    parse_bad("x=0:1:2.5", false, false, "x", "N");
    parse_bad("x=0:1:-3", false, false, "x", "N");
    /* A:B without --sample, A:B:N or lists with it, extra colons */
    parse_bad("x=0:1", false, false, "x", "A:B:N");
    parse_bad("x=0:1:3:4", false, false, "x", NULL);
    parse_bad("x=0:1:3", false, true, "x", "--sample");
    parse_bad("x=0.1,0.2", false, true, "x", "--sample");
    /* colons and commas mixed */
    parse_bad("x=0:1,2", false, false, "x", NULL);
    parse_bad("x=0,1:3:2", false, false, "x", NULL);
    parse_bad("x=0:1,2", false, true, "x", NULL);
    /* a sampled range needs A <= B */
    parse_bad("x=1:0", false, true, "x", "B");
}

static void test_vary_range(void **state)
{
    (void)state;
    cascade_vary v = parse_ok("x=0.25:2", false, true);
    assert_int_equal(v.kind, CASCADE_VARY_RANGE);
    assert_true(v.a == 0.25 && v.b == 2.0);
    cascade_vary_release(&v);
    v = parse_ok("x=3:3", false, true); /* an empty range is a constant */
    assert_true(v.a == 3.0 && v.b == 3.0);
    cascade_vary_release(&v);
}

/* ---- cascade_sample_parse ---- */

static void test_sample_parse(void **state)
{
    (void)state;
    cascade_sample_kind kind = CASCADE_SAMPLE_NONE;
    size_t n = 0;
    cascade_error err = {0};
    assert_int_equal(cascade_sample_parse("sobol:16", &kind, &n, &err), CASCADE_OK);
    assert_int_equal(kind, CASCADE_SAMPLE_SOBOL);
    assert_int_equal(n, 16);
    assert_int_equal(cascade_sample_parse("lhs:5", &kind, &n, &err), CASCADE_OK);
    assert_int_equal(kind, CASCADE_SAMPLE_LHS);
    assert_int_equal(n, 5);
    assert_int_equal(cascade_sample_parse("lhs:1", &kind, &n, &err), CASCADE_OK);
    assert_int_equal(n, 1);
    const char *bad[] = {"sobol", "sobol:", "sobol:0", "sobol:2.5", "lhs:-1", "lhs:x",
                         "halton:5", ":5", "sobol:5x", "SOBOL:5", "lhs5", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cascade_error e = {0};
        if (cascade_sample_parse(bad[i], &kind, &n, &e) != CASCADE_EINVAL ||
            strcmp(e.key, "--sample") != 0 || e.msg[0] == '\0') {
            print_message("--sample %s: expected an EINVAL for --sample\n", bad[i]);
            fail();
        }
    }
}

/* ---- cascade_sweep_plan_build ---- */

static void test_plan_grid_order(void **state)
{
    (void)state;
    const char *args[] = {"x=0,1", "y=10:30:3", "z=5,6"};
    cascade_sweep_plan plan = build_ok(3, args, NULL, CASCADE_SAMPLE_NONE, 0, 1);
    assert_int_equal(plan.n_keys, 3);
    assert_int_equal(plan.n_points, 12);
    size_t p = 0;
    for (int i = 0; i < 2; i++) { /* the first key slowest */
        for (int j = 0; j < 3; j++) {
            for (int k = 0; k < 2; k++, p++) {
                assert_true(cascade_sweep_value(&plan, p, 0) == (double)i);
                assert_true(cascade_sweep_value(&plan, p, 1) == 10.0 + 10.0 * j);
                assert_true(cascade_sweep_value(&plan, p, 2) == 5.0 + k);
            }
        }
    }
    cascade_sweep_plan_release(&plan);

    /* one key: the points are its values in order, integer keys' rounded */
    const char *one[] = {"n=1:7:4"};
    const bool integer[] = {true};
    plan = build_ok(1, one, integer, CASCADE_SAMPLE_NONE, 0, 1);
    assert_int_equal(plan.n_points, 4);
    const double want[4] = {1, 3, 5, 7};
    for (size_t q = 0; q < 4; q++) {
        assert_true(cascade_sweep_value(&plan, q, 0) == want[q]);
    }
    cascade_sweep_plan_release(&plan);
    /* rounded values that repeat would run the same points twice: refused */
    parse_bad("n=1:2:4", true, false, "n", "give 1 twice; use N <= 2");
    parse_bad("n=10:11:4", true, false, "n", "give 10 twice");
    parse_bad("n=2.6:3.4:2", true, false, "n", "A and B round to the same one, 3; use it alone");
    parse_bad("x=0.5:0.5:3", false, false, "x", "A = B gives one value 3 times; use the value");
}

static void test_plan_sobol(void **state)
{
    (void)state;
    const char *args[] = {"x=2:4", "y=-1:1", "z=0:1"};
    const size_t n = 64;
    cascade_sweep_plan plan = build_ok(3, args, NULL, CASCADE_SAMPLE_SOBOL, n, 7);
    assert_int_equal(plan.n_points, n);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 3);
    assert_non_null(q);
    const double a[3] = {2, -1, 0}, b[3] = {4, 1, 1};
    for (size_t p = 0; p < n; p++) {
        double u[3];
        gsl_qrng_get(q, u);
        for (size_t k = 0; k < 3; k++) {
            double v = cascade_sweep_value(&plan, p, k);
            assert_true(v >= a[k] && v <= b[k]);
            assert_true(v == a[k] + (b[k] - a[k]) * u[k]);
        }
    }
    gsl_qrng_free(q);
    cascade_sweep_plan_release(&plan);

    /* the seed does not matter to Sobol */
    cascade_sweep_plan p1 = build_ok(3, args, NULL, CASCADE_SAMPLE_SOBOL, 8, 1);
    cascade_sweep_plan p2 = build_ok(3, args, NULL, CASCADE_SAMPLE_SOBOL, 8, 2);
    assert_memory_equal(p1.values, p2.values, 8 * 3 * sizeof(double));
    cascade_sweep_plan_release(&p1);
    cascade_sweep_plan_release(&p2);

    /* integer keys are rounded and stay inside the range */
    const char *mixed[] = {"population.size=100:200", "x=0:1"};
    const bool integer[] = {true, false};
    plan = build_ok(2, mixed, integer, CASCADE_SAMPLE_SOBOL, 32, 1);
    for (size_t p = 0; p < 32; p++) {
        double v = cascade_sweep_value(&plan, p, 0);
        assert_true(v == round(v) && v >= 100 && v <= 200);
    }
    cascade_sweep_plan_release(&plan);
}

static void test_plan_sobol_too_many_keys(void **state)
{
    (void)state;
    enum { K = 41 };
    cascade_vary *keys = calloc(K, sizeof *keys);
    assert_non_null(keys);
    for (size_t k = 0; k < K; k++) {
        char arg[32];
        snprintf(arg, sizeof arg, "k%zu=0:1", k);
        keys[k] = parse_ok(arg, false, true);
    }
    cascade_sweep_plan plan;
    cascade_error err = {0};
    assert_int_equal(cascade_sweep_plan_build(&plan, keys, K, CASCADE_SAMPLE_SOBOL, 4, 1, &err),
                     CASCADE_EINVAL); /* keys are freed by the call */
    assert_string_equal(err.key, "--sample");
}

/* For key k of plan: every one of the N strata of [a, b] holds exactly one point. */
static void expect_latin(const cascade_sweep_plan *plan, size_t k, double a, double b)
{
    size_t n = plan->n_points;
    unsigned *hits = calloc(n, sizeof *hits);
    assert_non_null(hits);
    for (size_t p = 0; p < n; p++) {
        double v = cascade_sweep_value(plan, p, k);
        assert_true(v >= a && v <= b);
        double s = floor((v - a) / (b - a) * (double)n);
        assert_true(s >= 0 && s < (double)n);
        hits[(size_t)s]++;
    }
    for (size_t s = 0; s < n; s++) {
        if (hits[s] != 1) {
            print_message("key %zu: stratum %zu of %zu holds %u points\n", k, s, n, hits[s]);
            fail();
        }
    }
    free(hits);
}

static void test_plan_lhs(void **state)
{
    (void)state;
    const char *args[] = {"x=0:1", "y=10:20", "z=-3:-1"};
    const size_t n = 50;
    cascade_sweep_plan plan = build_ok(3, args, NULL, CASCADE_SAMPLE_LHS, n, 2015);
    assert_int_equal(plan.n_points, n);
    expect_latin(&plan, 0, 0, 1);
    expect_latin(&plan, 1, 10, 20);
    expect_latin(&plan, 2, -3, -1);

    /* the same seed gives the same points; another seed other points */
    cascade_sweep_plan same = build_ok(3, args, NULL, CASCADE_SAMPLE_LHS, n, 2015);
    assert_memory_equal(plan.values, same.values, n * 3 * sizeof(double));
    cascade_sweep_plan other = build_ok(3, args, NULL, CASCADE_SAMPLE_LHS, n, 2016);
    assert_memory_not_equal(plan.values, other.values, n * 3 * sizeof(double));
    expect_latin(&other, 0, 0, 1);
    cascade_sweep_plan_release(&plan);
    cascade_sweep_plan_release(&same);
    cascade_sweep_plan_release(&other);

    /* one point: anywhere in the range */
    plan = build_ok(1, args, NULL, CASCADE_SAMPLE_LHS, 1, 3);
    expect_latin(&plan, 0, 0, 1);
    cascade_sweep_plan_release(&plan);

    /* integer keys: rounded; N strata of width 10 on [0, 100] give values in each decade */
    const char *ints[] = {"n=0:100", "x=0:1"};
    const bool integer[] = {true, false};
    plan = build_ok(2, ints, integer, CASCADE_SAMPLE_LHS, 10, 5);
    unsigned decade[11] = {0};
    for (size_t p = 0; p < 10; p++) {
        double v = cascade_sweep_value(&plan, p, 0);
        assert_true(v == round(v) && v >= 0 && v <= 100);
        decade[(size_t)v / 10]++;
    }
    for (size_t d = 0; d < 10; d++) { /* a value 10d + 10 may round up into the next */
        assert_true(decade[d] + decade[d + 1] >= 1);
    }
    expect_latin(&plan, 1, 0, 1);
    cascade_sweep_plan_release(&plan);
}

/* ---- cascade_sweep_setting ---- */

static void test_setting_format(void **state)
{
    (void)state;
    const char *args[] = {"x=0,0.25,3,-1.5,0.1,1e-05", "n=3,-2"};
    const bool integer[] = {false, true};
    cascade_sweep_plan plan = build_ok(2, args, integer, CASCADE_SAMPLE_NONE, 0, 1);
    assert_int_equal(plan.n_points, 12);
    const char *want_x[] = {"x=0.0", "x=0.25", "x=3.0", "x=-1.5", "x=0.1"};
    char buf[160];
    for (size_t i = 0; i < 5; i++) {
        cascade_sweep_setting(&plan, 2 * i, 0, buf, sizeof buf);
        assert_string_equal(buf, want_x[i]);
    }
    /* an exponent form is a real literal too, and reads back exactly */
    cascade_sweep_setting(&plan, 10, 0, buf, sizeof buf);
    assert_true(strncmp(buf, "x=", 2) == 0 && strpbrk(buf + 2, ".eE") != NULL);
    assert_true(strtod(buf + 2, NULL) == 1e-05);
    cascade_sweep_setting(&plan, 0, 1, buf, sizeof buf);
    assert_string_equal(buf, "n=3");
    cascade_sweep_setting(&plan, 1, 1, buf, sizeof buf);
    assert_string_equal(buf, "n=-2");
    cascade_sweep_plan_release(&plan);

    /* grid values round-trip: the text reads back to the plan's double */
    const char *grid[] = {"x=0.1:0.7:7"};
    plan = build_ok(1, grid, NULL, CASCADE_SAMPLE_NONE, 0, 1);
    for (size_t p = 0; p < plan.n_points; p++) {
        cascade_sweep_setting(&plan, p, 0, buf, sizeof buf);
        assert_true(strchr(buf, '.') != NULL);
        assert_true(strtod(buf + 2, NULL) == cascade_sweep_value(&plan, p, 0));
    }
    cascade_sweep_plan_release(&plan);
}

/* ---- files ---- */

static char tmp_root[4096];

static int make_tmp(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(tmp_root, sizeof tmp_root, "%s/cascade-test-sweep-XXXXXX",
             base && *base ? base : "/tmp");
    return mkdtemp(tmp_root) == NULL ? -1 : 0;
}

static int remove_tmp(void **state)
{
    (void)state;
    DIR *d = opendir(tmp_root);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                char path[8192];
                snprintf(path, sizeof path, "%s/%s", tmp_root, e->d_name);
                unlink(path);
            }
        }
        closedir(d);
    }
    rmdir(tmp_root);
    return 0;
}

static void tmp_path(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", tmp_root, name);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    return text;
}

static void spit(const char *path, const char *mode, const char *text)
{
    FILE *f = fopen(path, mode);
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static cascade_summary summary_of(double final_dissent, bool cascade, uint32_t cascade_tick)
{
    cascade_summary s = {0};
    s.final_dissent = final_dissent;
    s.peak_dissent = final_dissent + 0.125;
    s.peak_tick = 7;
    s.cascade = cascade;
    s.cascade_tick = cascade_tick;
    s.collapsed = false;
    s.collapse_tick = CASCADE_NO_TICK;
    s.defected = 0.5;
    s.purged = 0.25;
    s.final_gap = 0.75;
    return s;
}

#define JOURNAL_SUMMARY_NAMES                                                                  \
    "final_dissent,peak_dissent,peak_tick,cascade,cascade_tick,collapsed,collapse_tick,"       \
    "defected,purged,final_gap"

/* ---- the journal ---- */

static void test_journal_create_append(void **state)
{
    (void)state;
    char path[8192];
    tmp_path(path, sizeof path, "j1.csv");
    cascade_journal *j = NULL;
    cascade_error err = {0};
    assert_int_equal(cascade_journal_open(&j, path, UINT64_C(0xabcdef0123456789), 3, 2, false,
                                          &err),
                     CASCADE_OK);
    assert_int_equal(cascade_journal_count(j), 0);
    assert_false(cascade_journal_has(j, 0, 0));
    cascade_summary s = summary_of(0.5, true, 40);
    assert_int_equal(cascade_journal_append(j, 1, 0, 111, &s, &err), CASCADE_OK);
    s = summary_of(0.25, false, CASCADE_NO_TICK);
    assert_int_equal(cascade_journal_append(j, 2, 1, 222, &s, &err), CASCADE_OK);
    assert_true(cascade_journal_has(j, 1, 0));
    assert_true(cascade_journal_has(j, 2, 1));
    assert_false(cascade_journal_has(j, 1, 1));
    assert_false(cascade_journal_has(j, 2, 0));
    assert_int_equal(cascade_journal_count(j), 2);
    /* appended lines are flushed: visible before close */
    char *text = slurp(path);
    assert_non_null(strstr(text, "\n1,0,111,0.5,"));
    free(text);
    assert_int_equal(cascade_journal_close(j, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_close(NULL, &err), CASCADE_OK);

    text = slurp(path);
    assert_string_equal(text,
                        "# cascade sweep journal v1; fingerprint=abcdef0123456789; points=3; "
                        "replicates=2\n"
                        "point,replicate,seed," JOURNAL_SUMMARY_NAMES "\n"
                        "1,0,111,0.5,0.625,7,1,40,0,,0.5,0.25,0.75\n"
                        "2,1,222,0.25,0.375,7,0,,0,,0.5,0.25,0.75\n");
    free(text);

    uint64_t fp = 0;
    size_t np = 0;
    uint32_t nr = 0;
    assert_int_equal(cascade_journal_header(path, &fp, &np, &nr, &err), CASCADE_OK);
    assert_true(fp == UINT64_C(0xabcdef0123456789));
    assert_int_equal(np, 3);
    assert_int_equal(nr, 2);

    /* not a journal */
    char other[8192];
    tmp_path(other, sizeof other, "not-a-journal.csv");
    spit(other, "w", "point,x\n0,1\n");
    assert_int_equal(cascade_journal_header(other, &fp, &np, &nr, &err), CASCADE_EINVAL);
    tmp_path(other, sizeof other, "no-such-file.csv");
    assert_int_equal(cascade_journal_header(other, &fp, &np, &nr, &err), CASCADE_EINVAL);
}

static void test_journal_resume(void **state)
{
    (void)state;
    char path[8192];
    tmp_path(path, sizeof path, "j2.csv");
    const uint64_t fp = 42;
    cascade_journal *j = NULL;
    cascade_error err = {0};
    assert_int_equal(cascade_journal_open(&j, path, fp, 3, 2, false, &err), CASCADE_OK);
    cascade_summary s = summary_of(0.5, false, CASCADE_NO_TICK);
    assert_int_equal(cascade_journal_append(j, 0, 1, 1, &s, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_append(j, 2, 0, 2, &s, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_close(j, &err), CASCADE_OK);
    long size = file_size(path);

    /* reopening without resume is refused, and names --resume */
    cascade_error e1 = {0};
    assert_int_equal(cascade_journal_open(&j, path, fp, 3, 2, false, &e1), CASCADE_EINVAL);
    assert_null(j);
    assert_non_null(strstr(e1.msg, "--resume"));
    /* another sweep's journal is refused: fingerprint, points, replicates */
    cascade_error e2 = {0};
    assert_int_equal(cascade_journal_open(&j, path, fp + 1, 3, 2, true, &e2), CASCADE_EINVAL);
    assert_null(j);
    assert_true(e2.msg[0] != '\0');
    assert_int_equal(cascade_journal_open(&j, path, fp, 4, 2, true, &e2), CASCADE_EINVAL);
    assert_int_equal(cascade_journal_open(&j, path, fp, 3, 3, true, &e2), CASCADE_EINVAL);
    assert_int_equal(file_size(path), size); /* untouched */

    /* resume: the runs written are done, the others are not */
    assert_int_equal(cascade_journal_open(&j, path, fp, 3, 2, true, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_count(j), 2);
    assert_true(cascade_journal_has(j, 0, 1));
    assert_true(cascade_journal_has(j, 2, 0));
    assert_false(cascade_journal_has(j, 0, 0));
    assert_false(cascade_journal_has(j, 1, 0));
    assert_false(cascade_journal_has(j, 2, 1));
    assert_int_equal(cascade_journal_append(j, 1, 1, 3, &s, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_count(j), 3);
    assert_int_equal(cascade_journal_close(j, &err), CASCADE_OK);
    char *text = slurp(path);
    assert_non_null(strstr(text, "\n0,1,1,"));
    assert_non_null(strstr(text, "\n2,0,2,"));
    assert_non_null(strstr(text, "\n1,1,3,"));
    assert_null(strstr(text + 1, "# cascade")); /* one header only */
    free(text);

    /* resume of a folder with no journal yet creates it */
    char fresh[8192];
    tmp_path(fresh, sizeof fresh, "j2-fresh.csv");
    assert_int_equal(cascade_journal_open(&j, fresh, fp, 3, 2, true, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_count(j), 0);
    assert_int_equal(cascade_journal_close(j, &err), CASCADE_OK);
    assert_true(file_size(fresh) > 0);
}

/* load reads and checks without creating or writing; start then writes the header for
 * a new journal, none for an old one; a journal loaded and never started closes; start
 * refuses a journal another sweep created or extended since load. */
static void test_journal_load_then_start(void **state)
{
    (void)state;
    char path[8192];
    tmp_path(path, sizeof path, "j-load.csv");
    remove(path);
    cascade_journal *j = NULL;
    cascade_error err = {0};
    assert_int_equal(cascade_journal_load(&j, path, 5, 2, 2, false, &err), CASCADE_OK);
    assert_int_equal(access(path, F_OK), -1); /* nothing written yet */
    assert_int_equal(cascade_journal_close(j, &err), CASCADE_OK);
    assert_int_equal(access(path, F_OK), -1);

    assert_int_equal(cascade_journal_load(&j, path, 5, 2, 2, false, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_start(j, &err), CASCADE_OK);
    cascade_summary s = summary_of(0.5, false, CASCADE_NO_TICK);
    assert_int_equal(cascade_journal_append(j, 1, 1, 9, &s, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_close(j, &err), CASCADE_OK);
    long size = file_size(path);

    cascade_error e1 = {0};
    assert_int_equal(cascade_journal_load(&j, path, 5, 2, 2, false, &e1), CASCADE_EINVAL);
    assert_null(j);
    assert_non_null(strstr(e1.msg, "--resume"));
    assert_int_equal(cascade_journal_load(&j, path, 6, 2, 2, true, &e1), CASCADE_EINVAL);
    assert_null(j);
    assert_int_equal(cascade_journal_load(&j, path, 5, 2, 2, true, &err), CASCADE_OK);
    assert_true(cascade_journal_has(j, 1, 1));
    assert_int_equal(cascade_journal_count(j), 1);
    assert_int_equal(file_size(path), size); /* loading wrote nothing */
    assert_int_equal(cascade_journal_start(j, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_append(j, 0, 0, 8, &s, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_close(j, &err), CASCADE_OK);
    char *text = slurp(path);
    assert_null(strstr(text + 1, "# cascade")); /* one header only */
    assert_non_null(strstr(text, "\n1,1,9,"));
    assert_non_null(strstr(text, "\n0,0,8,"));
    free(text);

    /* two sweeps loaded into one new folder: the second to start is refused */
    char twice[8192];
    tmp_path(twice, sizeof twice, "j-twice.csv");
    remove(twice);
    cascade_journal *a = NULL, *b = NULL;
    assert_int_equal(cascade_journal_load(&a, twice, 5, 2, 2, false, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_load(&b, twice, 6, 2, 2, false, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_start(a, &err), CASCADE_OK);
    cascade_error e2 = {0};
    assert_int_equal(cascade_journal_start(b, &e2), CASCADE_EINVAL);
    assert_non_null(strstr(e2.msg, "already holds a sweep"));
    assert_int_equal(cascade_journal_close(b, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_append(a, 0, 1, 7, &s, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_close(a, &err), CASCADE_OK);
    uint64_t fp = 0;
    size_t np = 0;
    uint32_t nr = 0;
    assert_int_equal(cascade_journal_header(twice, &fp, &np, &nr, &err), CASCADE_OK);
    assert_true(fp == 5);
    /* an old journal that grows between load and start is refused too */
    assert_int_equal(cascade_journal_load(&a, twice, 5, 2, 2, true, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_open(&b, twice, 5, 2, 2, true, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_append(b, 1, 0, 6, &s, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_close(b, &err), CASCADE_OK);
    cascade_error e3 = {0};
    assert_int_equal(cascade_journal_start(a, &e3), CASCADE_EINVAL);
    assert_non_null(strstr(e3.msg, "changed"));
    assert_int_equal(cascade_journal_close(a, &err), CASCADE_OK);
}

static void test_journal_torn_last_line(void **state)
{
    (void)state;
    char path[8192];
    tmp_path(path, sizeof path, "j3.csv");
    cascade_journal *j = NULL;
    cascade_error err = {0};
    assert_int_equal(cascade_journal_open(&j, path, 7, 2, 2, false, &err), CASCADE_OK);
    cascade_summary s = summary_of(0.5, false, CASCADE_NO_TICK);
    assert_int_equal(cascade_journal_append(j, 0, 0, 10, &s, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_append(j, 1, 0, 11, &s, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_close(j, &err), CASCADE_OK);
    long good = file_size(path);
    char *before = slurp(path);

    /* a kill -9 in the middle of a line: no newline */
    const char *torn[] = {"0,1,12,0.5,0.6", "0,1,12,0.5,0.625,7,0,,0,,0.5,0.25,0.75", "0"};
    for (size_t i = 0; i < sizeof torn / sizeof torn[0]; i++) {
        spit(path, "a", torn[i]);
        assert_int_equal(cascade_journal_open(&j, path, 7, 2, 2, true, &err), CASCADE_OK);
        assert_int_equal(cascade_journal_count(j), 2);
        assert_true(cascade_journal_has(j, 0, 0));
        assert_true(cascade_journal_has(j, 1, 0));
        assert_false(cascade_journal_has(j, 0, 1));
        assert_int_equal(cascade_journal_close(j, &err), CASCADE_OK);
        assert_int_equal(file_size(path), good); /* the torn line is cut */
    }
    /* and appending after the repair gives whole lines */
    assert_int_equal(cascade_journal_open(&j, path, 7, 2, 2, true, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_append(j, 0, 1, 12, &s, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_close(j, &err), CASCADE_OK);
    char *after = slurp(path);
    assert_int_equal(strncmp(after, before, strlen(before)), 0);
    assert_string_equal(after + strlen(before), "0,1,12,0.5,0.625,7,0,,0,,0.5,0.25,0.75\n");
    free(before);
    free(after);
}

static void test_journal_damaged_middle(void **state)
{
    (void)state;
    const char *damage[] = {"garbage\n", "0,1,12,0.5\n", "5,0,12,0.5,0.625,7,0,,0,,0.5,0.25,0.75\n",
                            "0,9,12,0.5,0.625,7,0,,0,,0.5,0.25,0.75\n"};
    for (size_t i = 0; i < sizeof damage / sizeof damage[0]; i++) {
        char path[8192];
        char name[32];
        snprintf(name, sizeof name, "j4-%zu.csv", i);
        tmp_path(path, sizeof path, name);
        cascade_journal *j = NULL;
        cascade_error err = {0};
        assert_int_equal(cascade_journal_open(&j, path, 9, 2, 2, false, &err), CASCADE_OK);
        cascade_summary s = summary_of(0.5, false, CASCADE_NO_TICK);
        assert_int_equal(cascade_journal_append(j, 0, 0, 10, &s, &err), CASCADE_OK);
        assert_int_equal(cascade_journal_close(j, &err), CASCADE_OK);
        spit(path, "a", damage[i]);
        spit(path, "a", "1,0,11,0.5,0.625,7,0,,0,,0.5,0.25,0.75\n");
        long size = file_size(path);
        cascade_error e = {0};
        if (cascade_journal_open(&j, path, 9, 2, 2, true, &e) != CASCADE_EINVAL) {
            print_message("a damaged line in the middle (%s) was accepted\n", damage[i]);
            fail();
        }
        assert_null(j);
        assert_non_null(strstr(e.msg, "line 4")); /* header, names, one run, then this */
        assert_int_equal(file_size(path), size);  /* nothing cut */
    }
}

/* ---- the final tables ---- */

/* Splits line (no newline) at commas into fields (pointers into line, modified). */
static size_t split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *c = line;
    for (;;) {
        assert_true(n < max);
        fields[n++] = c;
        char *comma = strchr(c, ',');
        if (comma == NULL) {
            break;
        }
        *comma = '\0';
        c = comma + 1;
    }
    return n;
}

typedef struct table {
    char *text;
    char *lines[16];
    size_t n_lines;
    char *header[32];
    size_t n_columns;
    char *rows[16][32];
} table;

static void table_read(table *t, const char *path)
{
    memset(t, 0, sizeof *t);
    t->text = slurp(path);
    assert_non_null(t->text);
    char *c = t->text;
    while (*c) {
        char *nl = strchr(c, '\n');
        assert_non_null(nl); /* every line ends in a newline */
        *nl = '\0';
        assert_true(t->n_lines < 16);
        t->lines[t->n_lines++] = c;
        c = nl + 1;
    }
    assert_true(t->n_lines >= 1);
    t->n_columns = split(t->lines[0], t->header, 32);
    for (size_t r = 1; r < t->n_lines; r++) {
        assert_int_equal(split(t->lines[r], t->rows[r - 1], 32), t->n_columns);
    }
}

static const char *cell(const table *t, size_t row, const char *column)
{
    for (size_t c = 0; c < t->n_columns; c++) {
        if (strcmp(t->header[c], column) == 0) {
            return t->rows[row][c];
        }
    }
    print_message("no column %s\n", column);
    fail();
    return NULL;
}

static void expect_number(const table *t, size_t row, const char *column, double want)
{
    const char *text = cell(t, row, column);
    char *end;
    double got = strtod(text, &end);
    if (text[0] == '\0' || *end != '\0' || fabs(got - want) > 1e-12 * fmax(1.0, fabs(want))) {
        print_message("points.csv row %zu, %s: expected %.17g, got \"%s\"\n", row, column, want,
                      text);
        fail();
    }
}

static bool has_column(const table *t, const char *column)
{
    for (size_t c = 0; c < t->n_columns; c++) {
        if (strcmp(t->header[c], column) == 0) {
            return true;
        }
    }
    return false;
}

static void expect_empty(const table *t, size_t row, const char *column)
{
    const char *text = cell(t, row, column);
    if (text[0] != '\0') {
        print_message("points.csv row %zu, %s: expected an empty field, got \"%s\"\n", row,
                      column, text);
        fail();
    }
}

/* Hand computations: mean, sample sd, and the quantile of sorted data as GSL defines
 * it (linear interpolation at (n - 1) f). */
static double mean_of(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        s += x[i];
    }
    return s / (double)n;
}

static double sd_of(const double *x, size_t n)
{
    double m = mean_of(x, n), s = 0;
    for (size_t i = 0; i < n; i++) {
        s += (x[i] - m) * (x[i] - m);
    }
    return sqrt(s / (double)(n - 1));
}

static double quantile_sorted(const double *x, size_t n, double f)
{
    double at = (double)(n - 1) * f;
    size_t i = (size_t)floor(at);
    double delta = at - (double)i;
    return i + 1 < n ? (1 - delta) * x[i] + delta * x[i + 1] : x[i];
}

static void expect_block(const table *t, size_t row, const char *name, const double *sorted,
                         size_t n)
{
    char col[64];
    snprintf(col, sizeof col, "%s_mean", name);
    expect_number(t, row, col, mean_of(sorted, n));
    snprintf(col, sizeof col, "%s_sd", name);
    expect_number(t, row, col, sd_of(sorted, n));
    const double f[3] = {0.1, 0.5, 0.9};
    const char *q[3] = {"q10", "q50", "q90"};
    for (int i = 0; i < 3; i++) {
        snprintf(col, sizeof col, "%s_%s", name, q[i]);
        expect_number(t, row, col, quantile_sorted(sorted, n, f[i]));
    }
}

static const char *const plan_csv = "point,x,y\n0,0.0,3\n1,0.5,3\n2,1.0,4\n";

/* Runs (point, replicate): the text after "point,replicate," in a journal line. */
static const char *const run_00 = "100,0.1,0.2,5,0,,0,,0.01,0.02,0.3";
static const char *const run_01 = "101,0.4,0.6,7,1,40,1,50,0.03,0.04,0.1";
static const char *const run_02 = "102,0.25,0.5,9,1,60,0,,0.05,0.06,0.2";
static const char *const run_10 = "110,0.5,0.5,3,0,,0,,0,0,0";
static const char *const run_11 = "111,0.7,0.9,4,0,,0,,0.1,0.2,0.3";

static void write_journals(const char *ja, const char *jb)
{
    const char *header = "# cascade sweep journal v1; fingerprint=0000000000000001; points=3; "
                         "replicates=3\npoint,replicate,seed," JOURNAL_SUMMARY_NAMES "\n";
    char text[4096];
    /* out of order, split over two journals; (1, 2) and point 2 are in neither */
    snprintf(text, sizeof text, "%s1,1,%s\n0,2,%s\n0,0,%s\n", header, run_11, run_02, run_00);
    spit(ja, "w", text);
    snprintf(text, sizeof text, "%s1,0,%s\n0,1,%s\n", header, run_10, run_01);
    spit(jb, "w", text);
}

static void test_tables_write(void **state)
{
    (void)state;
    char plan[8192], ja[8192], jb[8192], sweep[8192], points[8192];
    tmp_path(plan, sizeof plan, "plan.csv");
    tmp_path(ja, sizeof ja, "ja.csv");
    tmp_path(jb, sizeof jb, "jb.csv");
    tmp_path(sweep, sizeof sweep, "sweep.csv");
    tmp_path(points, sizeof points, "points.csv");
    spit(plan, "w", plan_csv);
    write_journals(ja, jb);

    const char *journals[2] = {ja, jb};
    uint64_t missing = 99;
    cascade_error err = {0};
    assert_int_equal(cascade_sweep_tables_write(tmp_root, plan, journals, 2, 3, 3, &missing, &err),
                     CASCADE_OK);
    assert_int_equal(missing, 1 + 3);

    /* sweep.csv: sorted by (point, replicate), the journal text verbatim */
    char want[4096];
    snprintf(want, sizeof want,
             "point,x,y,replicate,seed," JOURNAL_SUMMARY_NAMES "\n"
             "0,0.0,3,0,%s\n0,0.0,3,1,%s\n0,0.0,3,2,%s\n1,0.5,3,0,%s\n1,0.5,3,1,%s\n",
             run_00, run_01, run_02, run_10, run_11);
    char *got = slurp(sweep);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);

    /* points.csv: the varied keys, n, then the INTERFACE.md columns in order (more may
     * follow: INTERFACE.md allows additions) */
    table t;
    table_read(&t, points);
    const char *columns[] = {
        "x", "y", "n", "final_dissent_mean", "final_dissent_sd", "final_dissent_q10",
        "final_dissent_q50", "final_dissent_q90", "peak_dissent_mean", "peak_dissent_sd",
        "peak_dissent_q10", "peak_dissent_q50", "peak_dissent_q90", "cascade_prob",
        "collapse_prob", "cascade_tick_mean", "defected_mean", "purged_mean"};
    const size_t n_columns = sizeof columns / sizeof columns[0];
    assert_true(t.n_columns >= n_columns);
    for (size_t c = 0; c < n_columns; c++) {
        assert_string_equal(t.header[c], columns[c]);
    }
    assert_int_equal(t.n_lines, 1 + 3);
    const char *keys[3][2] = {{"0.0", "3"}, {"0.5", "3"}, {"1.0", "4"}};
    const char *counts[3] = {"3", "2", "0"};
    for (size_t r = 0; r < 3; r++) {
        assert_string_equal(cell(&t, r, "x"), keys[r][0]);
        assert_string_equal(cell(&t, r, "y"), keys[r][1]);
        assert_string_equal(cell(&t, r, "n"), counts[r]);
    }

    /* point 0: three runs */
    const double fd0[3] = {0.1, 0.25, 0.4}, pd0[3] = {0.2, 0.5, 0.6};
    expect_block(&t, 0, "final_dissent", fd0, 3);
    expect_block(&t, 0, "peak_dissent", pd0, 3);
    expect_number(&t, 0, "final_dissent_mean", 0.25);
    expect_number(&t, 0, "final_dissent_sd", 0.15);
    expect_number(&t, 0, "final_dissent_q10", 0.13);
    expect_number(&t, 0, "final_dissent_q50", 0.25);
    expect_number(&t, 0, "final_dissent_q90", 0.37);
    expect_number(&t, 0, "cascade_prob", 2.0 / 3.0);
    expect_number(&t, 0, "collapse_prob", 1.0 / 3.0);
    expect_number(&t, 0, "cascade_tick_mean", 50.0); /* (40 + 60) / 2: cascades only */
    expect_number(&t, 0, "defected_mean", 0.03);
    expect_number(&t, 0, "purged_mean", 0.04);
    if (has_column(&t, "final_gap_mean")) { /* an addition to INTERFACE.md's columns */
        expect_number(&t, 0, "final_gap_mean", 0.2);
        expect_number(&t, 1, "final_gap_mean", 0.15);
    }

    /* point 1: two runs (one missing), no cascade */
    const double fd1[2] = {0.5, 0.7}, pd1[2] = {0.5, 0.9};
    expect_block(&t, 1, "final_dissent", fd1, 2);
    expect_block(&t, 1, "peak_dissent", pd1, 2);
    expect_number(&t, 1, "final_dissent_q10", 0.52);
    expect_number(&t, 1, "peak_dissent_q90", 0.86);
    expect_number(&t, 1, "cascade_prob", 0.0);
    expect_number(&t, 1, "collapse_prob", 0.0);
    expect_empty(&t, 1, "cascade_tick_mean");
    expect_number(&t, 1, "defected_mean", 0.05);
    expect_number(&t, 1, "purged_mean", 0.1);

    /* point 2: no run at all: n = 0 and every statistic empty */
    for (size_t c = 3; c < t.n_columns; c++) {
        if (t.rows[2][c][0] != '\0') {
            print_message("point without runs: column %s is \"%s\"\n", t.header[c], t.rows[2][c]);
            fail();
        }
    }
    char *first = slurp(points);

    /* the journals in the other order give the same bytes */
    const char *swapped[2] = {jb, ja};
    assert_int_equal(cascade_sweep_tables_write(tmp_root, plan, swapped, 2, 3, 3, &missing, &err),
                     CASCADE_OK);
    assert_int_equal(missing, 4);
    char *again = slurp(points);
    assert_string_equal(first, again);
    got = slurp(sweep);
    assert_string_equal(got, want);
    free(got);
    free(again);
    free(first);
    free(t.text);

    /* only the expected files: no temporary left behind */
    DIR *d = opendir(tmp_root);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))) {
            continue;
        }
        if (strstr(n, "tmp") != NULL || n[0] == '.') {
            print_message("left behind: %s\n", n);
            fail();
        }
    }
    closedir(d);
}

static void test_tables_one_journal_complete(void **state)
{
    (void)state;
    /* a sweep's own journal, complete, with a torn line already cut: nothing missing */
    char plan[8192], j[8192], points[8192];
    tmp_path(plan, sizeof plan, "plan1.csv");
    tmp_path(j, sizeof j, "journal1.csv");
    tmp_path(points, sizeof points, "points.csv");
    spit(plan, "w", "point,x\n0,0.0\n");
    cascade_journal *jr = NULL;
    cascade_error err = {0};
    assert_int_equal(cascade_journal_open(&jr, j, 3, 1, 2, false, &err), CASCADE_OK);
    cascade_summary s = summary_of(0.5, true, 30);
    assert_int_equal(cascade_journal_append(jr, 0, 1, 2, &s, &err), CASCADE_OK);
    s = summary_of(0.25, false, CASCADE_NO_TICK);
    assert_int_equal(cascade_journal_append(jr, 0, 0, 1, &s, &err), CASCADE_OK);
    assert_int_equal(cascade_journal_close(jr, &err), CASCADE_OK);
    const char *journals[1] = {j};
    uint64_t missing = 99;
    assert_int_equal(cascade_sweep_tables_write(tmp_root, plan, journals, 1, 1, 2, &missing, &err),
                     CASCADE_OK);
    assert_int_equal(missing, 0);
    table t;
    table_read(&t, points);
    assert_int_equal(t.n_lines, 2);
    expect_number(&t, 0, "n", 2);
    expect_number(&t, 0, "final_dissent_mean", 0.375);
    expect_number(&t, 0, "cascade_prob", 0.5);
    expect_number(&t, 0, "cascade_tick_mean", 30);
    free(t.text);

    /* a plan with fewer points than promised is an error, and writes nothing new */
    spit(plan, "w", "point,x\n");
    assert_int_equal(cascade_sweep_tables_write(tmp_root, plan, journals, 1, 1, 2, &missing, &err),
                     CASCADE_EINVAL);
}

/* ---- the memory check counts a network's build ---- */

static double physical(void)
{
    return (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGE_SIZE);
}

/* 1e7 elites on a Watts-Strogatz lattice of mean degree 30 (1.5e8 edges): arrays of
 * 1.2 GB, but igraph's rewiring (about 100 bytes per edge) needs 17 GB. A run's peak is
 * its build when the build is larger; with a shared network the check counts its build
 * before any run; igraph builds one network at a time, so two runs at once need one
 * build and one run (19 GB: fits in this machine's 24 GiB), not two builds (34 GB);
 * ours overlap, so four runs at once of our builds of mean degree 100 (6.6 GB each)
 * need four builds (26 GB: does not fit). Each outcome is asserted against the
 * machine's memory, so the test holds anywhere; here it tells each case apart. Only
 * the estimates are computed: nothing is built. */
static void test_run_bytes_count_build(void **state)
{
    (void)state;
    const char *sets[] = {"population.size=10000000", "network.type=\"watts_strogatz\"",
                          "network.mean_degree=30", "network.rewire=0.1",
                          "network.generator=\"igraph\""};
    cascade_scenario *sc = cascade_scenario_load(NULL, sets, 5);
    assert_non_null(sc);
    assert_true(cascade_scenario_ok(sc));
    cascade_params p = *cascade_scenario_params(sc);
    double state_bytes = cascade_model_state_bytes(&p);
    double arrays = cascade_network_expected_bytes(&p.network, p.size);
    double build = cascade_network_build_bytes(&p.network, p.size);
    assert_true(build > 10 * arrays);
    assert_float_equal(cascade_run_bytes(&p, true, false), build, 0);
    assert_float_equal(cascade_run_bytes(&p, false, false), state_bytes, 0);
    cascade_error err = {0};
    double have = physical();
    /* one run: the build; a shared network: its build, before the runs */
    assert_int_equal(cascade_run_check_memory(&p, 1, 1, false, false, &err) == CASCADE_OK,
                     build <= have);
    assert_int_equal(cascade_run_check_memory(&p, 4, 4, true, false, &err) == CASCADE_OK,
                     fmax(build, arrays + 4 * state_bytes) <= have);
    /* igraph, two at once: one build and one run (state and arrays) */
    double two = build + state_bytes + arrays;
    assert_int_equal(cascade_run_check_memory(&p, 2, 10, false, false, &err) == CASCADE_OK,
                     two <= have);
    if (two > have) {
        assert_non_null(strstr(err.msg, "GiB of memory"));
        assert_non_null(strstr(err.msg, "2 at once"));
    }

    /* ours at mean degree 4: the build's lists (5 B/edge) are less than the state */
    p.network.generator = CASCADE_NETGEN_DIRECT;
    p.network.mean_degree = 4;
    arrays = cascade_network_expected_bytes(&p.network, p.size);
    assert_true(cascade_network_build_bytes(&p.network, p.size) > arrays);
    assert_float_equal(cascade_run_bytes(&p, true, false), state_bytes + arrays, 1);
    /* ours at mean degree 100: builds overlap, the check counts one per thread */
    p.network.mean_degree = 100;
    build = cascade_network_build_bytes(&p.network, p.size);
    assert_true(build > state_bytes + cascade_network_expected_bytes(&p.network, p.size));
    assert_int_equal(cascade_run_check_memory(&p, 4, 10, false, false, &err) == CASCADE_OK,
                     4 * build <= have);
    cascade_scenario_free(sc);
}

/* The check shared by run, sweep and analyze: bytes against this machine's memory, the
 * message naming population.size, the bytes needed and how they were counted. */
static void test_run_check_bytes(void **state)
{
    (void)state;
    const char *sets[] = {"population.size=2000000000"};
    cascade_scenario *sc = cascade_scenario_load(NULL, sets, 1);
    assert_non_null(sc);
    assert_true(cascade_scenario_ok(sc));
    const cascade_params *p = cascade_scenario_params(sc);
    cascade_error err = {0};
    assert_int_equal(cascade_run_check_bytes(p, 1e6, "a few arrays", &err), CASCADE_OK);
    assert_int_equal(cascade_run_check_bytes(p, 4.0 * physical(), "a few arrays", &err),
                     CASCADE_ENOMEM);
    assert_string_equal(err.key, "population.size");
    assert_non_null(strstr(err.msg, "2000000000 elites need about "));
    assert_non_null(strstr(err.msg, " GiB of memory (a few arrays), but this machine has "));
    /* run's own check says it per run */
    cascade_params big = *p;
    big.network.type = CASCADE_NET_COMPLETE;
    big.size = UINT32_MAX;
    big.security_size = 0;
    if (cascade_model_state_bytes(&big) > physical()) {
        assert_int_equal(cascade_run_check_memory(&big, 1, 1, false, false, &err),
                         CASCADE_ENOMEM);
        assert_non_null(strstr(err.msg, " GiB of memory ("));
        assert_non_null(strstr(err.msg, " GiB per run, 1 at once), but this machine has "));
    }
    cascade_scenario_free(sc);
}

/* ---- cascade_sweep_run_local: the thread limit ---- */

static const cascade_params *acquire_none(void *ctx, size_t point, void **handle)
{
    (void)ctx;
    (void)point;
    *handle = NULL;
    return NULL; /* every task fails at once, as out of memory */
}

static bool pending_all(void *ctx, uint64_t task)
{
    (void)ctx;
    (void)task;
    return true;
}

/* Records the most threads a parallel region started inside a task could use. */
static bool sink_threads(void *ctx, const cascade_sweep_outcome *outcome)
{
    int *most = ctx;
    assert_int_equal(outcome->status, CASCADE_ENOMEM);
    *most = omp_get_max_threads() > *most ? omp_get_max_threads() : *most;
    return true;
}

/* --threads 1 means one thread in all: OpenMP work inside a task (the network
 * generator) must not take more, and the caller's setting comes back afterwards. */
static void test_run_local_thread_limit(void **state)
{
    (void)state;
    int before = omp_get_max_threads();
    for (int threads = 1; threads <= 2; threads++) {
        int most = 0;
        cascade_sweep_exec x = {.n_points = 3, .replicates = 4, .acquire = acquire_none,
                                .pending = pending_all, .sink = sink_threads, .ctx = &most,
                                .threads = threads};
        cascade_error err;
        assert_int_equal(cascade_sweep_run_local(&x, &err), CASCADE_OK);
        assert_true(most >= 1 && most <= threads);
        assert_int_equal(omp_get_max_threads(), before);
    }
}

/* ---- a shared network is the one every task runs on ---- */

typedef struct shared_ctx {
    const cascade_params *p;
    cascade_summary got[4];
    int n_got;
} shared_ctx;

static const cascade_params *acquire_shared(void *ctx, size_t point, void **handle)
{
    (void)point;
    *handle = NULL;
    return ((shared_ctx *)ctx)->p;
}

static bool sink_shared(void *ctx, const cascade_sweep_outcome *outcome)
{
    shared_ctx *c = ctx;
    assert_int_equal(outcome->status, CASCADE_OK);
    assert_true(outcome->task < 4);
    c->got[outcome->task] = outcome->summary;
    c->n_got++;
    return true;
}

static cascade_status run_sink_shared(void *ctx, const cascade_run_result *result)
{
    shared_ctx *c = ctx;
    assert_true(result->replicate < 4);
    c->got[result->replicate] = result->summary;
    c->n_got++;
    return CASCADE_OK;
}

static bool same_summary(const cascade_summary *a, const cascade_summary *b)
{
    return a->final_dissent == b->final_dissent && a->peak_dissent == b->peak_dissent &&
           a->peak_tick == b->peak_tick && a->cascade_tick == b->cascade_tick &&
           a->collapse_tick == b->collapse_tick && a->defected == b->defected &&
           a->purged == b->purged && a->final_gap == b->final_gap;
}

/* Given a ring while the parameters say a fixed Erdos-Renyi network, a sweep's tasks
 * (exec.shared) and run's replicates (options.network) run on the ring: each outcome is
 * cascade_run_one's on the ring, which differs from its own network's in some replicate
 * (so a shared network that went unused would fail here). */
static void test_shared_network_used(void **state)
{
    (void)state;
    const char *sets[] = {"population.size=300", "run.ticks=60", "run.replicates=4",
                          "network.type=erdos_renyi", "network.mean_degree=6",
                          "network.seed=5"};
    cascade_scenario *sc = cascade_scenario_load(NULL, sets, 6);
    assert_true(sc != NULL && cascade_scenario_ok(sc));
    const cascade_params *p = cascade_scenario_params(sc);
    cascade_network_spec spec = p->network;
    spec.type = CASCADE_NET_RING;
    spec.mean_degree = 4;
    cascade_network ring = {0};
    cascade_error err = {0};
    assert_int_equal(cascade_network_build(&spec, p->size, NULL, &ring, &err), CASCADE_OK);

    cascade_summary on_ring[4];
    int differ = 0;
    for (uint32_t r = 0; r < 4; r++) {
        cascade_run_result a, b;
        assert_int_equal(cascade_run_one(p, &ring, 0, r, false, &a, &err), CASCADE_OK);
        assert_int_equal(cascade_run_one(p, NULL, 0, r, false, &b, &err), CASCADE_OK);
        on_ring[r] = a.summary;
        differ += !same_summary(&a.summary, &b.summary);
    }
    assert_true(differ > 0);

    shared_ctx c = {.p = p};
    cascade_sweep_exec x = {.n_points = 1, .replicates = 4, .acquire = acquire_shared,
                            .pending = pending_all, .sink = sink_shared, .ctx = &c,
                            .threads = 2, .shared = &ring};
    assert_int_equal(cascade_sweep_run_local(&x, &err), CASCADE_OK);
    assert_int_equal(c.n_got, 4);
    for (int t = 0; t < 4; t++) {
        assert_true(same_summary(&c.got[t], &on_ring[t]));
    }

    memset(&c, 0, sizeof c);
    cascade_run_options ro = {.threads = 2, .sink = run_sink_shared, .ctx = &c,
                              .network = &ring};
    assert_int_equal(cascade_run_replicates(p, &ro, &err), CASCADE_OK);
    assert_int_equal(c.n_got, 4);
    for (int r = 0; r < 4; r++) {
        assert_true(same_summary(&c.got[r], &on_ring[r]));
    }
    cascade_network_release(&ring);
    cascade_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_varies_network),
        cmocka_unit_test(test_shared_network_used),
        cmocka_unit_test(test_vary_grid),
        cmocka_unit_test(test_vary_grid_last_is_b),
        cmocka_unit_test(test_vary_grid_one),
        cmocka_unit_test(test_vary_list),
        cmocka_unit_test(test_vary_integer),
        cmocka_unit_test(test_vary_errors),
        cmocka_unit_test(test_vary_range),
        cmocka_unit_test(test_sample_parse),
        cmocka_unit_test(test_plan_grid_order),
        cmocka_unit_test(test_plan_sobol),
        cmocka_unit_test(test_plan_sobol_too_many_keys),
        cmocka_unit_test(test_plan_lhs),
        cmocka_unit_test(test_setting_format),
        cmocka_unit_test(test_journal_create_append),
        cmocka_unit_test(test_journal_resume),
        cmocka_unit_test(test_journal_load_then_start),
        cmocka_unit_test(test_journal_torn_last_line),
        cmocka_unit_test(test_journal_damaged_middle),
        cmocka_unit_test(test_tables_write),
        cmocka_unit_test(test_tables_one_journal_complete),
        cmocka_unit_test(test_run_local_thread_limit),
        cmocka_unit_test(test_run_bytes_count_build),
        cmocka_unit_test(test_run_check_bytes),
    };
    return cmocka_run_group_tests(tests, make_tmp, remove_tmp);
}
