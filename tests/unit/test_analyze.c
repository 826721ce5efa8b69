/*
 * Tests of the mean-field theory (sim/analyze): closed form against quadrature against
 * the sampled population; fixed points of maps known by hand (crossings, a tangency, a
 * dip narrower than the grid); Granovetter's uniform riot, its variant and the critical
 * spread of normal thresholds; Watts's cascade window for phi = 0.18; Gleeson and
 * Cahalane's recursion against hand-computed and independently computed values.
 *
 * Reference numbers marked "independent" were computed with a separate 20-line Python
 * script (exact sums with math.comb, no shared code) and agree to the digits given.
 *
 * The one statistical check (sampled against theory) draws N = 200,000 elites from a
 * fixed seed and accepts |F_sampled - F| <= 5 sqrt(F (1 - F) / N) + 1 / N at each of
 * seven points: for a correct sampler a fresh seed fails one point with probability
 * 5.7e-7 (two-sided normal tail at 5 sigma), about 4e-6 for the seven.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cascade/analyze.h"
#include "cascade/model.h"
#include "cascade/network.h"
#include "cascade/rng.h"

#include "assert_near.h"

/* Parameters of a pure threshold scenario on the complete graph: nothing but the rule. */
static cascade_params base_params(uint32_t n)
{
    cascade_params p;
    memset(&p, 0, sizeof p);
    p.size = n;
    p.discontent = (cascade_dist){CASCADE_DIST_BETA, {2.0, 3.0}, NULL, 0};
    p.risk_aversion = (cascade_dist){CASCADE_DIST_UNIFORM, {0.5, 1.5}, NULL, 0};
    p.network.type = CASCADE_NET_COMPLETE;
    p.min_grievance = 0.2;
    p.safety_in_numbers = 2.0;
    p.punishment = 0.37;
    p.family_punishment = 0.5;
    p.loyalty = (cascade_dist){CASCADE_DIST_CONST, {1.0}, NULL, 0};
    p.ticks = 10;
    p.replicates = 1;
    p.seed = 5;
    p.rng = "mt19937";
    p.record_every = 1;
    p.cascade_level = 0.5;
    p.collapse_dissent = 2.0;
    return p;
}

static cascade_analyze_map *theory(const cascade_params *p, bool quad)
{
    cascade_analyze_map *m = NULL;
    cascade_error err = {0};
    assert_int_equal(cascade_analyze_map_theory(p, quad, &m, &err), CASCADE_OK);
    return m;
}

/* ---- the threshold map ---- */

static void test_closed_form_vs_quadrature(void **state)
{
    (void)state;
    cascade_params p = base_params(1000);
    cascade_analyze_map *cf = theory(&p, false), *q = theory(&p, true);
    assert_int_equal(cascade_analyze_map_method(cf), CASCADE_ANALYZE_CLOSED_FORM);
    assert_int_equal(cascade_analyze_map_method(q), CASCADE_ANALYZE_QUADRATURE);
    for (double x = 0.0; x <= 1.0; x += 0.0625) {
        assert_near(cascade_analyze_map_eval(cf, x), cascade_analyze_map_eval(q, x), 1e-9);
    }
    /* risk aversion reaching below 0 (clipped): the closed form's clipped part */
    p.risk_aversion.p[0] = -0.3;
    cascade_analyze_map *cf2 = theory(&p, false), *q2 = theory(&p, true);
    for (double x = 0.0; x <= 1.0; x += 0.125) {
        assert_near(cascade_analyze_map_eval(cf2, x), cascade_analyze_map_eval(q2, x), 1e-9);
    }
    /* security forces: C(x) falls to ~1e-14 near x = 1, where the closed form's span
     * of theta + r c is below rounding (the midpoint rule takes over) */
    p.risk_aversion.p[0] = 0.5;
    p.security_size = 100;
    p.loyalty = (cascade_dist){CASCADE_DIST_NORMAL, {0.3, 0.1}, NULL, 0};
    p.wait_band = 0.1;
    cascade_analyze_map *cf3 = theory(&p, false), *q3 = theory(&p, true);
    for (double x = 0.05; x <= 1.0; x += 0.05) {
        assert_near(cascade_analyze_map_eval(cf3, x), cascade_analyze_map_eval(q3, x), 1e-9);
    }
    cascade_fixed_point fp[16], fq[16];
    size_t n_cf = cascade_analyze_fixed_points(cf3, fp, 16);
    assert_int_equal(n_cf, cascade_analyze_fixed_points(q3, fq, 16)); /* no spurious ones */
    for (size_t i = 0; i < n_cf && i < 16; i++) {
        assert_near(fp[i].x, fq[i].x, 1e-8);
    }
    cascade_analyze_map_free(cf);
    cascade_analyze_map_free(q);
    cascade_analyze_map_free(cf2);
    cascade_analyze_map_free(q2);
    cascade_analyze_map_free(cf3);
    cascade_analyze_map_free(q3);
}

static void test_closed_form_by_hand(void **state)
{
    (void)state;
    /* const r = 0.37, d ~ uniform(0, 1): F(x) = P(d > theta + r P (1 - x)^2) */
    cascade_params p = base_params(1000);
    p.discontent = (cascade_dist){CASCADE_DIST_UNIFORM, {0.0, 1.0}, NULL, 0};
    p.risk_aversion = (cascade_dist){CASCADE_DIST_CONST, {0.37}, NULL, 0};
    p.network.type = CASCADE_NET_ERDOS_RENYI; /* o(x) = x */
    cascade_analyze_map *m = theory(&p, false);
    double P = 0.37 * 1.5, x = 0.3;
    assert_near(cascade_analyze_map_eval(m, x), 1.0 - (0.2 + 0.37 * P * 0.49), 1e-15);
    /* everyone public once o >= 1: P(d > theta) */
    assert_near(cascade_analyze_map_eval(m, 1.0), 0.8, 1e-15);
    cascade_analyze_map_free(m);
}

static void test_sampled_vs_theory(void **state)
{
    (void)state;
    cascade_params p = base_params(200000);
    cascade_network net = {.n_elites = p.size, .complete = true};
    gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, 20240501);
    cascade_model *model = cascade_model_alloc(&p, &net, rng);
    assert_non_null(model);
    cascade_analyze_map *s = NULL, *t = theory(&p, false);
    cascade_error err = {0};
    assert_int_equal(cascade_analyze_map_sampled(model, &net, &s, &err), CASCADE_OK);
    assert_int_equal(cascade_analyze_map_lattice(s), 200000);
    double n = (double)p.size;
    for (double x = 0.0; x <= 0.9; x += 0.15) {
        double F = cascade_analyze_map_eval(t, x);
        double tol = 5.0 * sqrt(F * (1.0 - F) / n) + 1.0 / n;
        assert_near(cascade_analyze_map_eval(s, x), F, tol);
    }
    cascade_analyze_map_free(s);
    cascade_analyze_map_free(t);
    cascade_model_free(model);
    gsl_rng_free(rng);
}

static void test_sampled_equals_synchronous_dynamics(void **state)
{
    (void)state;
    /* On the complete graph the lattice iteration is the model's own dynamics. */
    cascade_params p = base_params(500);
    p.punishment = 0.2;
    cascade_network net = {.n_elites = p.size, .complete = true};
    gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, 77);
    cascade_model *model = cascade_model_alloc(&p, &net, rng);
    cascade_analyze_map *s = NULL;
    cascade_error err = {0};
    assert_int_equal(cascade_analyze_map_sampled(model, &net, &s, &err), CASCADE_OK);
    double xs[64];
    size_t n = cascade_analyze_iterate(s, 0.0, xs, 64);
    for (size_t t = 1; t < n && !cascade_model_done(model); t++) {
        cascade_model_step(model);
        assert_near((double)cascade_model_count(model, CASCADE_DISSENT) / p.size, xs[t], 1e-15);
    }
    assert_true(n > 2);
    cascade_analyze_map_free(s);
    cascade_model_free(model);
    gsl_rng_free(rng);
}

static void test_no_theory_for_count_on_network(void **state)
{
    (void)state;
    cascade_params p = base_params(100);
    p.has_threshold = true;
    p.threshold = (cascade_dist){CASCADE_DIST_CONST, {2.0}, NULL, 0};
    p.threshold_unit = CASCADE_UNIT_COUNT;
    p.network.type = CASCADE_NET_RING;
    cascade_analyze_map *m = NULL;
    cascade_error err = {0};
    assert_int_equal(cascade_analyze_map_theory(&p, false, &m, &err), CASCADE_EINVAL);
    assert_null(m);
    assert_string_equal(err.key, "population.threshold_unit");
}

/* ---- fixed points of maps known by hand ---- */

static double smoothstep(double x, void *ctx)
{
    (void)ctx;
    return 3 * x * x - 2 * x * x * x;
}

static double tangent_map(double x, void *ctx)
{
    (void)ctx;
    return x + (x - 0.3) * (x - 0.3) * x * (1.0 - x);
}

static double dip_map(double x, void *ctx)
{
    (void)ctx;
    return x + (x - 0.41) * (x - 0.43) * (1.0 - x);
}

static void test_fixed_points_crossings(void **state)
{
    (void)state;
    cascade_fixed_point fp[8];
    size_t n = cascade_analyze_fixed_points_fn(smoothstep, NULL, 1000, fp, 8);
    assert_int_equal(n, 3);
    assert_near(fp[0].x, 0.0, 1e-15);
    assert_true(fp[0].stable);
    assert_near(fp[1].x, 0.5, 1e-12);
    assert_false(fp[1].stable);
    assert_false(fp[1].tangent);
    assert_near(fp[2].x, 1.0, 1e-15);
    assert_true(fp[2].stable);
    /* a grid that does not contain 0.5 */
    n = cascade_analyze_fixed_points_fn(smoothstep, NULL, 37, fp, 8);
    assert_int_equal(n, 3);
    assert_near(fp[1].x, 0.5, 1e-12);
}

static void test_fixed_points_tangency(void **state)
{
    (void)state;
    cascade_fixed_point fp[8];
    size_t n = cascade_analyze_fixed_points_fn(tangent_map, NULL, 1000, fp, 8);
    assert_int_equal(n, 3);
    assert_near(fp[0].x, 0.0, 1e-15);
    assert_false(fp[0].stable); /* G(x) > x just right of 0 */
    assert_near(fp[1].x, 0.3, 1e-6); /* the minimiser finds a double root to ~sqrt(eps) */
    assert_true(fp[1].tangent);
    assert_false(fp[1].stable);
    assert_true(fp[2].stable);
    /* the grid need not contain 0.3 */
    n = cascade_analyze_fixed_points_fn(tangent_map, NULL, 97, fp, 8);
    assert_int_equal(n, 3);
    assert_true(fp[1].tangent);
}

static void test_fixed_points_dip_below_grid(void **state)
{
    (void)state;
    cascade_fixed_point fp[8];
    /* grid 10: x = 0.4 and 0.5 both have G > x; the roots 0.41, 0.43 lie between */
    size_t n = cascade_analyze_fixed_points_fn(dip_map, NULL, 10, fp, 8);
    assert_int_equal(n, 3);
    assert_near(fp[0].x, 0.41, 1e-12);
    assert_true(fp[0].stable);
    assert_near(fp[1].x, 0.43, 1e-12);
    assert_false(fp[1].stable);
    assert_near(fp[2].x, 1.0, 1e-15);
    assert_true(fp[2].stable);
}

/* ---- Granovetter (1978) ---- */

static double riot_values[100];

static cascade_params riot(double second)
{
    cascade_params p = base_params(100);
    for (int i = 0; i < 100; i++) {
        riot_values[i] = i;
    }
    riot_values[1] = second;
    p.has_threshold = true;
    p.threshold = (cascade_dist){CASCADE_DIST_LIST, {0, 0}, riot_values, 100};
    p.threshold_unit = CASCADE_UNIT_COUNT;
    return p;
}

static void test_granovetter_riot(void **state)
{
    (void)state;
    cascade_fixed_point fp[256];
    cascade_params p = riot(1.0);
    cascade_analyze_map *m = theory(&p, false);
    size_t n = cascade_analyze_fixed_points(m, fp, 256);
    assert_near(cascade_analyze_equilibrium(m, fp, n, 0.0), 1.0, 1e-12);
    cascade_analyze_map_free(m);
    p = riot(2.0);
    m = theory(&p, false);
    n = cascade_analyze_fixed_points(m, fp, 256);
    assert_near(cascade_analyze_equilibrium(m, fp, n, 0.0), 0.01, 1e-12);
    cascade_analyze_map_free(m);
}

/* Equilibrium from 0 of Granovetter's normal crowd: 100 people, mean 25, sd. */
static double granovetter_normal(double sd, size_t *n_tangent)
{
    cascade_params p = base_params(100);
    p.has_threshold = true;
    p.threshold = (cascade_dist){CASCADE_DIST_NORMAL, {25.0, sd}, NULL, 0};
    p.threshold_unit = CASCADE_UNIT_COUNT;
    cascade_analyze_map *m = theory(&p, false);
    cascade_fixed_point fp[16];
    size_t n = cascade_analyze_fixed_points(m, fp, 16);
    *n_tangent = 0;
    for (size_t i = 0; i < n; i++) {
        *n_tangent += fp[i].tangent;
    }
    double eq = cascade_analyze_equilibrium(m, fp, n, 0.0);
    cascade_analyze_map_free(m);
    return eq;
}

static void test_granovetter_normal_jump(void **state)
{
    (void)state;
    size_t tangents;
    /* independent: 100 Phi((r - 25) / sd) iterated from 0 gives 4.0211 at sd = 12 */
    assert_near(granovetter_normal(12.0, &tangents), 0.040211339738956, 1e-9);
    assert_true(granovetter_normal(12.2, &tangents) < 0.06);
    assert_true(granovetter_normal(12.3, &tangents) > 0.99);
    /* the jump is a tangency (a fold): bisect for the critical sd */
    double lo = 12.2, hi = 12.3;
    for (int i = 0; i < 40; i++) {
        double mid = 0.5 * (lo + hi);
        *(granovetter_normal(mid, &tangents) < 0.5 ? &lo : &hi) = mid;
    }
    assert_true(lo > 12.2 && lo < 12.3); /* Granovetter: "about 12.2" */
    granovetter_normal(lo, &tangents);
    assert_int_equal(tangents, 1);
}

/* ---- Watts (2002), Gleeson and Cahalane (2007) ---- */

static const cascade_dist phi018 = {CASCADE_DIST_CONST, {0.18}, NULL, 0};

static void test_poisson(void **state)
{
    (void)state;
    double pk[512];
    size_t n = cascade_analyze_poisson(4.0, pk, 512);
    double sum = 0, mean = 0;
    for (size_t k = 0; k < n; k++) {
        sum += pk[k];
        mean += (double)k * pk[k];
    }
    assert_near(sum, 1.0, 1e-14);
    assert_near(mean, 4.0, 1e-13);
    assert_near(pk[3], exp(-4.0) * 64.0 / 6.0, 1e-15);
}

static void test_watts_window(void **state)
{
    (void)state;
    cascade_analyze_threshold t = {&phi018, 10000};
    double lo, hi;
    assert_true(cascade_analyze_watts_window(cascade_analyze_threshold_cdf, &t, 50.0, &lo, &hi));
    /* independent: the roots of z e^-z (1 + z + z^2/2 + z^3/6) = 1 (vulnerable: k <= 5) */
    assert_near(lo, 1.020703908513728, 1e-8);
    assert_near(hi, 5.7646770871617115, 1e-8);
    /* Watts (2002), Fig. 1: the window for phi = 0.18 spans about 1 < z < 6 */
    assert_true(lo > 1.0 && hi < 6.0);
    /* at the edges the condition is an equality; inside it holds, outside not */
    double pk[512];
    cascade_watts w;
    size_t n = cascade_analyze_poisson(hi, pk, 512);
    cascade_analyze_watts(pk, n, cascade_analyze_threshold_cdf, &t, &w);
    assert_near(w.watts_sum, w.mean_degree, 1e-7);
    n = cascade_analyze_poisson(4.0, pk, 512);
    cascade_analyze_watts(pk, n, cascade_analyze_threshold_cdf, &t, &w);
    assert_true(w.global_possible);
    assert_near(w.cascade_probability, 0.865295941299846, 1e-10); /* independent */
    n = cascade_analyze_poisson(6.5, pk, 512);
    cascade_analyze_watts(pk, n, cascade_analyze_threshold_cdf, &t, &w);
    assert_false(w.global_possible);
    assert_true(w.cascade_probability < 1e-6);
    n = cascade_analyze_poisson(0.9, pk, 512);
    cascade_analyze_watts(pk, n, cascade_analyze_threshold_cdf, &t, &w);
    assert_false(w.global_possible);
}

static void test_gleeson_known_values(void **state)
{
    (void)state;
    /* every degree 2, threshold 0.6: a neighbour activates only through both, so
     * q = rho0 = 0.1 and rho = 0.1 + 0.9 q^2 = 0.109 */
    double pk2[3] = {0.0, 0.0, 1.0};
    cascade_dist c06 = {CASCADE_DIST_CONST, {0.6}, NULL, 0};
    cascade_analyze_threshold t06 = {&c06, 100};
    assert_near(cascade_analyze_gleeson(pk2, 3, cascade_analyze_threshold_cdf, &t06, 0.1), 0.109,
                1e-15);
    /* threshold 0.5: one of two suffices, q -> 1, everyone */
    cascade_dist c05 = {CASCADE_DIST_CONST, {0.5}, NULL, 0};
    cascade_analyze_threshold t05 = {&c05, 100};
    assert_near(cascade_analyze_gleeson(pk2, 3, cascade_analyze_threshold_cdf, &t05, 0.1), 1.0,
                1e-12);
    /* thresholds above 1: only the seeds */
    cascade_dist c2 = {CASCADE_DIST_CONST, {1.5}, NULL, 0};
    cascade_analyze_threshold t2 = {&c2, 100};
    double pk[512];
    size_t n = cascade_analyze_poisson(3.0, pk, 512);
    assert_near(cascade_analyze_gleeson(pk, n, cascade_analyze_threshold_cdf, &t2, 0.037), 0.037,
                1e-15);
    /* Erdos-Renyi, phi = 0.18, rho0 = 0.01 (independent) */
    cascade_analyze_threshold t = {&phi018, 10000};
    const double z[3] = {2.0, 4.0, 8.0};
    const double want[3] = {0.8000182789365334, 0.9803877476173185, 0.9996670060993934};
    for (int i = 0; i < 3; i++) {
        n = cascade_analyze_poisson(z[i], pk, 512);
        assert_near(cascade_analyze_gleeson(pk, n, cascade_analyze_threshold_cdf, &t, 0.01),
                    want[i], 1e-10);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form_vs_quadrature),
        cmocka_unit_test(test_closed_form_by_hand),
        cmocka_unit_test(test_sampled_vs_theory),
        cmocka_unit_test(test_sampled_equals_synchronous_dynamics),
        cmocka_unit_test(test_no_theory_for_count_on_network),
        cmocka_unit_test(test_fixed_points_crossings),
        cmocka_unit_test(test_fixed_points_tangency),
        cmocka_unit_test(test_fixed_points_dip_below_grid),
        cmocka_unit_test(test_granovetter_riot),
        cmocka_unit_test(test_granovetter_normal_jump),
        cmocka_unit_test(test_poisson),
        cmocka_unit_test(test_watts_window),
        cmocka_unit_test(test_gleeson_known_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
