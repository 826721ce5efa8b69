/*
 * Tests of the pure decision rules of sim/core/rules.c (perceived opposition, the benefit
 * of going public, the derived threshold, the explicit-threshold comparison with its 1e-9
 * tolerance, the exit hazard) and of the distributions of sim/core/dist.c (draws, checks,
 * names, means).
 *
 * Rule tests use literal, unremarkable inputs and the exact edges of MODEL.md. Sample-mean
 * tests draw n = 100,000 values from a fixed seed and accept a mean within 5 standard
 * errors of the true mean: with a fresh seed a correct sampler would fail one check with
 * probability 5.7e-7 (two-sided normal tail), about 2.3e-6 for the four of them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "cascade/dist.h"
#include "cascade/model.h"

#include "assert_near.h"

/* ---- perceived opposition ---- */

static void test_perceived_isolated(void **state)
{
    (void)state;
    /* k = 0: only the public share seen through openness */
    assert_true(cascade_perceived(0, 0, 0, 0.5, 0.37, 0.2) == 0.37 * 0.2);
    assert_true(cascade_perceived(0, 0, 0, 0.5, 0.0, 0.2) == 0.0);
    /* counts are ignored when k = 0 (they cannot be nonzero in a model, but must not divide) */
    assert_true(cascade_perceived(3, 1, 0, 0.5, 0.37, 0.2) == 0.37 * 0.2);
}

static void test_perceived_formula(void **state)
{
    (void)state;
    /* a = 3 dissenting, e = 2 defected of k = 10, w = 0.5, g = 0.1, D = 0.25:
     * (1 - 0.1) * (3 + 1) / 10 + 0.1 * 0.25 = 0.36 + 0.025 = 0.385 */
    assert_near(cascade_perceived(3, 2, 10, 0.5, 0.1, 0.25), 0.385, 1e-15);
    /* perfect blockade: only neighbours count */
    assert_near(cascade_perceived(3, 2, 10, 0.5, 0.0, 0.9), 0.4, 1e-15);
    /* full openness: only D counts */
    assert_near(cascade_perceived(3, 2, 10, 0.5, 1.0, 0.37), 0.37, 1e-15);
    /* invisible exits */
    assert_near(cascade_perceived(3, 2, 10, 0.0, 0.0, 0.0), 0.3, 1e-15);
    /* a visibility above 1 is allowed (w >= 0) */
    assert_near(cascade_perceived(1, 2, 10, 2.0, 0.0, 0.0), 0.5, 1e-15);
}

/* ---- benefit and derived threshold ---- */

static void test_benefit_formula(void **state)
{
    (void)state;
    /* d = 0.7, r = 0.8, fear = 0.2, theta = 0.1, P = 0.5, C = 0.9, o = 0.37, gamma = 2:
     * 0.6 - 1.0 * 0.45 * 0.63^2 = 0.6 - 0.178605 = 0.421395 */
    assert_near(cascade_benefit(0.7, 0.8, 0.2, 0.1, 0.5, 0.9, 0.37, 2.0), 0.421395, 1e-12);
    /* gamma = 1: linear safety */
    assert_near(cascade_benefit(0.7, 0.8, 0.2, 0.1, 0.5, 0.9, 0.37, 1.0),
                       0.6 - 0.45 * 0.63, 1e-12);
    /* gamma = 0.5 */
    assert_near(cascade_benefit(0.7, 0.8, 0.2, 0.1, 0.5, 0.9, 0.37, 0.5),
                       0.6 - 0.45 * sqrt(0.63), 1e-12);
    /* no cost (P = 0, or C = 0, or r + fear = 0): the grievance beyond theta */
    assert_near(cascade_benefit(0.7, 0.8, 0.2, 0.1, 0.0, 0.9, 0.37, 2.0), 0.6, 1e-15);
    assert_near(cascade_benefit(0.7, 0.8, 0.2, 0.1, 0.5, 0.0, 0.37, 2.0), 0.6, 1e-15);
    assert_near(cascade_benefit(0.7, 0.0, 0.0, 0.1, 0.5, 0.9, 0.37, 2.0), 0.6, 1e-15);
    /* everyone opposed (o = 1): no risk left; o > 1 is treated as 1, never a negative base */
    assert_near(cascade_benefit(0.7, 0.8, 0.2, 0.1, 0.5, 0.9, 1.0, 2.0), 0.6, 1e-15);
    assert_near(cascade_benefit(0.7, 0.8, 0.2, 0.1, 0.5, 0.9, 1.2, 0.5), 0.6, 1e-15);
    /* nobody opposed: the full cost */
    assert_near(cascade_benefit(0.7, 0.8, 0.2, 0.1, 0.5, 0.9, 0.0, 2.0), 0.6 - 0.45, 1e-15);
    /* d <= theta: never positive */
    assert_true(cascade_benefit(0.1, 0.0, 0.0, 0.1, 0.5, 0.9, 0.37, 2.0) == 0.0);
    assert_true(cascade_benefit(0.05, 0.8, 0.2, 0.1, 0.5, 0.9, 0.99, 2.0) < 0.0);
}

static void test_derived_threshold_edges(void **state)
{
    (void)state;
    /* dissents alone: grievance beyond the full cost */
    assert_true(cascade_derived_threshold(0.9, 0.3, 0.1, 0.2, 0.5, 0.9, 2.0) == 0.0);
    /* no cost at all */
    assert_true(cascade_derived_threshold(0.37, 0.0, 0.0, 0.2, 0.5, 0.9, 2.0) == 0.0);
    assert_true(cascade_derived_threshold(0.37, 0.8, 0.2, 0.2, 0.0, 0.9, 2.0) == 0.0);
    /* d <= theta: never reached, whatever the cost */
    assert_true(isinf(cascade_derived_threshold(0.2, 0.8, 0.2, 0.2, 0.5, 0.9, 2.0)));
    assert_true(cascade_derived_threshold(0.2, 0.8, 0.2, 0.2, 0.5, 0.9, 2.0) > 0.0);
    assert_true(isinf(cascade_derived_threshold(0.1, 0.0, 0.0, 0.2, 0.0, 0.9, 2.0)));
    /* a formula case: d = 0.6, theta = 0.2, r + fear = 1, P C = 0.8, gamma = 2:
     * 1 - (0.4 / 0.8)^(1/2) = 1 - sqrt(0.5) */
    assert_near(cascade_derived_threshold(0.6, 0.7, 0.3, 0.2, 1.0, 0.8, 2.0),
                       1.0 - sqrt(0.5), 1e-12);
    /* gamma = 1: 1 - 0.4 / 0.8 = 0.5 */
    assert_near(cascade_derived_threshold(0.6, 0.7, 0.3, 0.2, 1.0, 0.8, 1.0), 0.5, 1e-12);
}

/* tau is the perceived share at which B crosses 0: ~0 at tau, negative below, positive above */
static void test_derived_threshold_consistent(void **state)
{
    (void)state;
    const double cases[][7] = {
        /* d, r, fear, theta, P, C, gamma */
        {0.6, 0.7, 0.3, 0.2, 1.0, 0.8, 2.0},
        {0.37, 0.9, 0.15, 0.1, 0.75, 1.0, 2.5},
        {0.81, 1.3, 0.0, 0.3, 0.6, 0.7, 0.5},
        {0.45, 0.4, 0.6, 0.05, 1.2, 0.5, 1.0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const double *x = cases[c];
        double tau = cascade_derived_threshold(x[0], x[1], x[2], x[3], x[4], x[5], x[6]);
        assert_true(tau > 0.0 && tau < 1.0);
        double at = cascade_benefit(x[0], x[1], x[2], x[3], x[4], x[5], tau, x[6]);
        double above = cascade_benefit(x[0], x[1], x[2], x[3], x[4], x[5], tau + 1e-6, x[6]);
        double below = cascade_benefit(x[0], x[1], x[2], x[3], x[4], x[5], tau - 1e-6, x[6]);
        assert_true(fabs(at) < 1e-12);
        assert_true(above > 0.0);
        assert_true(below < 0.0);
    }
}

/* ---- explicit thresholds ---- */

static void test_reaches_tolerance(void **state)
{
    (void)state;
    /* a share computed as a / k against a threshold computed another way: 3/10 is one
     * ulp below 0.1 * 3, yet 3 of 10 reach a threshold of "3 tenths" */
    volatile double tenth = 0.1;
    double share = 3.0 / 10.0;
    double tau = tenth * 3.0;
    assert_true(share < tau); /* the premise: without the tolerance this would fail */
    assert_true(cascade_reaches(share, tau));
    /* 5 of 99 neighbours against 5 * (1/99) */
    volatile double ninety_ninth = 1.0 / 99.0;
    assert_true(5.0 / 99.0 < 5.0 * ninety_ninth);
    assert_true(cascade_reaches(5.0 / 99.0, 5.0 * ninety_ninth));
    /* a share equal to the threshold; a count equal to the threshold */
    assert_true(cascade_reaches(0.37, 0.37));
    assert_true(cascade_reaches(2.0, 2.0));
    /* 1.98 (2/100 of 99) is not 2 */
    assert_false(cascade_reaches(0.02 * 99.0, 2.0));
    /* exactly at the tolerance edge, and beyond it */
    assert_true(cascade_reaches(0.37 - CASCADE_THRESHOLD_TOLERANCE, 0.37));
    assert_true(cascade_reaches(0.37 - 0.5e-9, 0.37));
    assert_false(cascade_reaches(0.37 - 2e-9, 0.37));
    assert_false(cascade_reaches(0.36, 0.37));
    /* threshold 0: always, even with nothing seen; above 1 (fraction): never */
    assert_true(cascade_reaches(0.0, 0.0));
    assert_false(cascade_reaches(1.0, 1.01));
    /* an infinite threshold is never reached */
    assert_false(cascade_reaches(1e300, INFINITY));
}

/* ---- exit hazard ---- */

static void test_exit_hazard(void **state)
{
    (void)state;
    /* 0.37 * 0.6 * (0.2 + 0.1) * (1 - 0.5 * 0.4) = 0.05328 */
    assert_near(cascade_exit_hazard(0.37, 0.6, 0.2, 0.1, 0.5, 0.4), 0.05328, 1e-15);
    /* no family punishment: no deterrence */
    assert_near(cascade_exit_hazard(0.37, 0.6, 0.2, 0.1, 0.5, 0.0), 0.0666, 1e-15);
    /* clipped to 1 */
    assert_true(cascade_exit_hazard(5.0, 0.6, 0.2, 1.0, 0.0, 0.0) == 1.0);
    assert_true(cascade_exit_hazard(1.0, 1.0, 0.0, 1.0, 0.0, 0.0) == 1.0);
    /* zero: no rate, no discontent, no fear at all */
    assert_true(cascade_exit_hazard(0.0, 0.6, 0.2, 0.1, 0.5, 0.4) == 0.0);
    assert_true(cascade_exit_hazard(0.37, 0.0, 0.2, 0.1, 0.5, 0.4) == 0.0);
    assert_true(cascade_exit_hazard(0.37, 0.6, 0.0, 0.0, 0.5, 0.4) == 0.0);
    /* deterrence beyond 1 would make it negative: clipped to 0 */
    assert_true(cascade_exit_hazard(0.37, 0.6, 0.2, 0.1, 2.0, 0.75) == 0.0);
    assert_true(cascade_exit_hazard(0.37, 0.6, 0.2, 0.1, 2.0, 0.5) == 0.0);
}

/* ---- distributions ---- */

static gsl_rng *seeded(unsigned long seed)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, seed);
    return rng;
}

static cascade_dist dist2(cascade_dist_kind kind, double p0, double p1)
{
    cascade_dist d;
    memset(&d, 0, sizeof d);
    d.kind = kind;
    d.p[0] = p0;
    d.p[1] = p1;
    return d;
}

static void test_dist_const_and_list(void **state)
{
    (void)state;
    gsl_rng *rng = seeded(37);
    cascade_dist c = dist2(CASCADE_DIST_CONST, 0.37, 0.0);
    for (size_t i = 0; i < 5; i++) {
        assert_true(cascade_dist_draw(&c, rng, i) == 0.37);
    }
    const double values[3] = {0.1, 0.37, 0.9};
    cascade_dist l = dist2(CASCADE_DIST_LIST, 0.0, 0.0);
    l.values = values;
    l.n_values = 3;
    for (size_t i = 0; i < 10; i++) {
        assert_true(cascade_dist_draw(&l, rng, i) == values[i % 3]);
    }
    /* index cycling far out */
    assert_true(cascade_dist_draw(&l, rng, 3000001) == 0.37);
    /* neither const nor list consumes random numbers */
    gsl_rng *fresh = seeded(37);
    assert_true(gsl_rng_get(rng) == gsl_rng_get(fresh));
    gsl_rng_free(fresh);
    gsl_rng_free(rng);
}

/* Sample mean of n draws within 5 standard errors of mean (sd the true standard deviation). */
static void check_mean(const cascade_dist *d, unsigned long seed, double mean, double sd,
                       double lo, double hi)
{
    const size_t n = 100000;
    gsl_rng *rng = seeded(seed);
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double x = cascade_dist_draw(d, rng, i);
        assert_true(x >= lo && x <= hi);
        sum += x;
    }
    gsl_rng_free(rng);
    double se = sd / sqrt((double)n);
    double got = sum / (double)n;
    if (fabs(got - mean) > 5.0 * se) {
        fail_msg("%s: sample mean %.6f, expected %.6f +- %.6f", cascade_dist_kind_name(d->kind),
                 got, mean, 5.0 * se);
    }
    /* cascade_dist_mean agrees with the theory used here */
    assert_near(cascade_dist_mean(d), mean, 1e-12);
}

static void test_dist_sample_means(void **state)
{
    (void)state;
    cascade_dist u = dist2(CASCADE_DIST_UNIFORM, 0.2, 0.9);
    check_mean(&u, 101, 0.55, 0.7 / sqrt(12.0), 0.2, 0.9);

    cascade_dist nrm = dist2(CASCADE_DIST_NORMAL, 0.37, 0.1);
    check_mean(&nrm, 102, 0.37, 0.1, -INFINITY, INFINITY);

    /* beta(2, 5): mean 2/7, variance ab / ((a+b)^2 (a+b+1)) = 10 / 392 */
    cascade_dist b = dist2(CASCADE_DIST_BETA, 2.0, 5.0);
    check_mean(&b, 103, 2.0 / 7.0, sqrt(10.0 / 392.0), 0.0, 1.0);

    /* lognormal(0.1, 0.5): mean exp(mu + s^2/2), variance (exp(s^2) - 1) exp(2 mu + s^2) */
    cascade_dist ln = dist2(CASCADE_DIST_LOGNORMAL, 0.1, 0.5);
    check_mean(&ln, 104, exp(0.1 + 0.125), sqrt((exp(0.25) - 1.0) * exp(0.2 + 0.25)), 0.0,
               INFINITY);
}

static void test_dist_degenerate(void **state)
{
    (void)state;
    gsl_rng *rng = seeded(5);
    /* uniform(lo, lo), normal with sd 0: the point */
    cascade_dist u = dist2(CASCADE_DIST_UNIFORM, 0.37, 0.37);
    cascade_dist n = dist2(CASCADE_DIST_NORMAL, 0.37, 0.0);
    for (size_t i = 0; i < 10; i++) {
        assert_true(cascade_dist_draw(&u, rng, i) == 0.37);
        assert_near(cascade_dist_draw(&n, rng, i), 0.37, 1e-15);
    }
    gsl_rng_free(rng);
}

static void expect_bad(const cascade_dist *d, const char *param, const char *why_part)
{
    const char *got = NULL;
    char why[128] = "";
    assert_false(cascade_dist_check(d, &got, why, sizeof why));
    assert_non_null(got);
    assert_string_equal(got, param);
    if (strstr(why, why_part) == NULL) {
        fail_msg("%s: message \"%s\" lacks \"%s\"", param, why, why_part);
    }
}

static void test_dist_check(void **state)
{
    (void)state;
    const char *param = NULL;
    char why[128];
    const double good[2] = {0.2, 0.37};
    const double bad[3] = {0.2, NAN, 0.37};

    cascade_dist d = dist2(CASCADE_DIST_CONST, 0.37, 0.0);
    assert_true(cascade_dist_check(&d, &param, why, sizeof why));
    d = dist2(CASCADE_DIST_CONST, INFINITY, 0.0);
    expect_bad(&d, "value", "finite");

    d = dist2(CASCADE_DIST_UNIFORM, 0.2, 0.9);
    assert_true(cascade_dist_check(&d, &param, why, sizeof why));
    d = dist2(CASCADE_DIST_UNIFORM, 0.37, 0.37);
    assert_true(cascade_dist_check(&d, &param, why, sizeof why));
    d = dist2(CASCADE_DIST_UNIFORM, 0.9, 0.2);
    expect_bad(&d, "hi", ">= lo");
    d = dist2(CASCADE_DIST_UNIFORM, NAN, 0.2);
    expect_bad(&d, "lo", "finite");

    d = dist2(CASCADE_DIST_NORMAL, 0.37, 0.0);
    assert_true(cascade_dist_check(&d, &param, why, sizeof why));
    d = dist2(CASCADE_DIST_NORMAL, 0.37, -0.1);
    expect_bad(&d, "sd", ">= 0");

    d = dist2(CASCADE_DIST_BETA, 2.0, 3.0);
    assert_true(cascade_dist_check(&d, &param, why, sizeof why));
    d = dist2(CASCADE_DIST_BETA, 0.0, 3.0);
    expect_bad(&d, "a", "> 0");
    d = dist2(CASCADE_DIST_BETA, 2.0, -1.0);
    expect_bad(&d, "b", "> 0");

    d = dist2(CASCADE_DIST_LOGNORMAL, 0.1, -0.5);
    expect_bad(&d, "sigma", ">= 0");
    d = dist2(CASCADE_DIST_LOGNORMAL, -INFINITY, 0.5);
    expect_bad(&d, "mu", "finite");

    d = dist2(CASCADE_DIST_LIST, 0.0, 0.0);
    d.values = good;
    d.n_values = 2;
    assert_true(cascade_dist_check(&d, &param, why, sizeof why));
    d.n_values = 0;
    expect_bad(&d, "values", "at least one");
    d.values = bad;
    d.n_values = 3;
    expect_bad(&d, "values", "element 1");
    /* the unused p[] of a list is not checked */
    d.values = good;
    d.n_values = 2;
    d.p[0] = NAN;
    assert_true(cascade_dist_check(&d, &param, why, sizeof why));
}

static void test_dist_names(void **state)
{
    (void)state;
    const char *names[CASCADE_DIST_N_KINDS] = {"const", "uniform", "normal",
                                               "beta",  "lognormal", "list"};
    const size_t counts[CASCADE_DIST_N_KINDS] = {1, 2, 2, 2, 2, 0};
    for (int k = 0; k < CASCADE_DIST_N_KINDS; k++) {
        assert_string_equal(cascade_dist_kind_name((cascade_dist_kind)k), names[k]);
        assert_int_equal(cascade_dist_kind_find(names[k]), k);
        assert_int_equal(cascade_dist_param_count((cascade_dist_kind)k), counts[k]);
        assert_null(cascade_dist_param_name((cascade_dist_kind)k, counts[k]));
    }
    assert_int_equal(cascade_dist_kind_find("gamma"), CASCADE_DIST_N_KINDS);
    assert_int_equal(cascade_dist_kind_find("Beta"), CASCADE_DIST_N_KINDS);
    assert_int_equal(cascade_dist_kind_find(""), CASCADE_DIST_N_KINDS);
    assert_string_equal(cascade_dist_kind_name(CASCADE_DIST_N_KINDS), "?");
    assert_int_equal(cascade_dist_param_count(CASCADE_DIST_N_KINDS), 0);
    assert_string_equal(cascade_dist_param_name(CASCADE_DIST_CONST, 0), "value");
    assert_string_equal(cascade_dist_param_name(CASCADE_DIST_UNIFORM, 0), "lo");
    assert_string_equal(cascade_dist_param_name(CASCADE_DIST_UNIFORM, 1), "hi");
    assert_string_equal(cascade_dist_param_name(CASCADE_DIST_NORMAL, 0), "mean");
    assert_string_equal(cascade_dist_param_name(CASCADE_DIST_NORMAL, 1), "sd");
    assert_string_equal(cascade_dist_param_name(CASCADE_DIST_BETA, 0), "a");
    assert_string_equal(cascade_dist_param_name(CASCADE_DIST_BETA, 1), "b");
    assert_string_equal(cascade_dist_param_name(CASCADE_DIST_LOGNORMAL, 0), "mu");
    assert_string_equal(cascade_dist_param_name(CASCADE_DIST_LOGNORMAL, 1), "sigma");
}

static void test_dist_mean(void **state)
{
    (void)state;
    cascade_dist c = dist2(CASCADE_DIST_CONST, 0.37, 0.0);
    assert_true(cascade_dist_mean(&c) == 0.37);
    const double values[4] = {0.1, 0.2, 0.3, 0.6};
    cascade_dist l = dist2(CASCADE_DIST_LIST, 0.0, 0.0);
    l.values = values;
    l.n_values = 4;
    assert_near(cascade_dist_mean(&l), 0.3, 1e-15);
    l.n_values = 0;
    assert_true(isnan(cascade_dist_mean(&l)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perceived_isolated),
        cmocka_unit_test(test_perceived_formula),
        cmocka_unit_test(test_benefit_formula),
        cmocka_unit_test(test_derived_threshold_edges),
        cmocka_unit_test(test_derived_threshold_consistent),
        cmocka_unit_test(test_reaches_tolerance),
        cmocka_unit_test(test_exit_hazard),
        cmocka_unit_test(test_dist_const_and_list),
        cmocka_unit_test(test_dist_sample_means),
        cmocka_unit_test(test_dist_degenerate),
        cmocka_unit_test(test_dist_check),
        cmocka_unit_test(test_dist_names),
        cmocka_unit_test(test_dist_mean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
