/*
 * Tests of sim/core/model.c through the model API: each mechanism of MODEL.md alone, on
 * tiny hand-checked cases (explicit thresholds and Granovetter's riot, synchronous vs
 * random-order updates, the derived rule, reversibility, exit and its visibility,
 * purges with recall and flight, crackdown, security forces and collapse, fear decay
 * and co-optation, each kind of shock, observables), then invariants on random runs and
 * the agreement of the implicit complete graph with the same graph stored as CSR.
 *
 * Parameters are built by hand: everything zero, then only what a test needs (helper
 * `base`). Networks are the implicit complete graph from cascade_network_build or small
 * CSR graphs written out here. The one statistical test (purge targeting) states its
 * tolerance and false-alarm rate where it is.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cascade/dist.h"
#include "cascade/model.h"
#include "cascade/network.h"
#include "cascade/rng.h"

#define MAX_CSR 64

/* One model with everything it borrows. */
typedef struct sim {
    cascade_params p;
    cascade_network net;
    bool built;      /* net came from cascade_network_build (else the arrays below) */
    uint32_t off[MAX_CSR + 1];
    uint32_t adj[2 * MAX_CSR];
    gsl_rng *rng;
    cascade_model *m;
} sim;

static cascade_dist cdist(double value)
{
    cascade_dist d;
    memset(&d, 0, sizeof d);
    d.kind = CASCADE_DIST_CONST;
    d.p[0] = value;
    return d;
}

static cascade_dist ldist(const double *values, size_t n)
{
    cascade_dist d;
    memset(&d, 0, sizeof d);
    d.kind = CASCADE_DIST_LIST;
    d.values = values;
    d.n_values = n;
    return d;
}

/* Everything zero except what keeps a model well defined and quiet: no cost, no exit,
 * no purge, nobody privately opposed enough to act (d = 0), no collapse. */
static void base(sim *s, uint32_t n)
{
    memset(s, 0, sizeof *s);
    cascade_params *p = &s->p;
    p->size = n;
    p->opposed_above = 0.5;
    p->discontent = cdist(0.0);
    p->risk_aversion = cdist(0.0);
    p->threshold = cdist(0.0);
    p->network.type = CASCADE_NET_COMPLETE;
    p->safety_in_numbers = 1.0;
    p->collapse_dissent = 2.0;
    p->loyalty = cdist(1.0);
    p->ticks = 100;
    p->replicates = 1;
    p->rng = "mt19937";
    p->record_every = 1;
    p->cascade_level = 0.5;
}

/* Uses the undirected edges (a[e], b[e]) as the network, in CSR form. */
static void use_edges(sim *s, const uint32_t *a, const uint32_t *b, size_t n_edges)
{
    uint32_t n = s->p.size;
    assert_true(n <= MAX_CSR && n_edges <= MAX_CSR);
    uint32_t deg[MAX_CSR] = {0};
    for (size_t e = 0; e < n_edges; e++) {
        deg[a[e]]++;
        deg[b[e]]++;
    }
    s->off[0] = 0;
    for (uint32_t i = 0; i < n; i++) {
        s->off[i + 1] = s->off[i] + deg[i];
    }
    /* fill each list in ascending order: scan candidates j in order */
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k = s->off[i];
        for (uint32_t j = 0; j < n; j++) {
            for (size_t e = 0; e < n_edges; e++) {
                if ((a[e] == i && b[e] == j) || (b[e] == i && a[e] == j)) {
                    s->adj[k++] = j;
                }
            }
        }
        assert_int_equal(k, s->off[i + 1]);
    }
    s->net.n_elites = n;
    s->net.complete = false;
    s->net.n_edges = n_edges;
    s->net.offsets = s->off;
    s->net.adj = s->adj;
    s->p.network.type = CASCADE_NET_FILE; /* anything but complete: stored arrays */
}

static void start(sim *s, unsigned long seed)
{
    s->rng = cascade_rng_alloc(gsl_rng_mt19937, seed);
    assert_non_null(s->rng);
    if (s->net.n_elites == 0) {
        cascade_error err;
        assert_int_equal(cascade_network_build(&s->p.network, s->p.size, s->rng, &s->net, &err),
                         CASCADE_OK);
        s->built = true;
    }
    s->m = cascade_model_alloc(&s->p, &s->net, s->rng);
    assert_non_null(s->m);
}

static void finish(sim *s)
{
    cascade_model_free(s->m);
    if (s->built) {
        cascade_network_release(&s->net);
    }
    gsl_rng_free(s->rng);
    s->m = NULL;
    s->rng = NULL;
}

static void steps(sim *s, uint32_t k)
{
    for (uint32_t t = 0; t < k; t++) {
        cascade_model_step(s->m);
    }
}

static uint32_t n_in(const sim *s, cascade_elite_state st)
{
    return cascade_model_count(s->m, st);
}

static cascade_shock dissent_shock(uint32_t tick, uint32_t count, cascade_shock_where where,
                                   uint32_t hold)
{
    cascade_shock sh;
    memset(&sh, 0, sizeof sh);
    sh.tick = tick;
    sh.kind = CASCADE_SHOCK_DISSENT;
    sh.by_count = true;
    sh.count = count;
    sh.where = where;
    sh.hold = hold;
    return sh;
}

static cascade_shock purge_shock(uint32_t tick, uint32_t count)
{
    cascade_shock sh;
    memset(&sh, 0, sizeof sh);
    sh.tick = tick;
    sh.kind = CASCADE_SHOCK_PURGE;
    sh.count = count;
    return sh;
}

static cascade_shock set_shock(uint32_t tick, const char *key, size_t offset,
                               cascade_value_type type, double value)
{
    cascade_shock sh;
    memset(&sh, 0, sizeof sh);
    sh.tick = tick;
    sh.kind = CASCADE_SHOCK_SET;
    sh.key = key;
    sh.offset = offset;
    sh.type = type;
    sh.value = value;
    return sh;
}

/* ---- explicit thresholds ---- */

static void riot(cascade_threshold_unit unit, bool variant, uint32_t *final_count)
{
    enum { N = 100 };
    static double tau[N];
    volatile double ninety_ninth = 1.0 / 99.0; /* fractions written another way than a/k */
    for (int i = 0; i < N; i++) {
        tau[i] = unit == CASCADE_UNIT_COUNT ? (double)i : (double)i * ninety_ninth;
    }
    if (variant) {
        tau[1] = unit == CASCADE_UNIT_COUNT ? 2.0 : 2.0 * ninety_ninth;
    }
    sim s;
    base(&s, N);
    s.p.has_threshold = true;
    s.p.threshold = ldist(tau, N);
    s.p.threshold_unit = unit;
    s.p.ticks = N;
    start(&s, 1978);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 0); /* tick 0: nobody decides yet */
    for (uint32_t t = 1; t <= N; t++) {
        cascade_model_step(s.m);
        assert_int_equal(cascade_model_tick(s.m), t);
        uint32_t want = variant ? 1 : t;
        if (n_in(&s, CASCADE_DISSENT) != want) {
            fail_msg("tick %u: %u rioting, expected %u", t, n_in(&s, CASCADE_DISSENT), want);
        }
        if (!variant) {
            /* the one who joined at tick t has threshold t - 1 */
            assert_int_equal(cascade_model_state(s.m, t - 1), CASCADE_DISSENT);
            if (t < N) {
                assert_int_equal(cascade_model_state(s.m, t), CASCADE_LOYAL);
            }
        }
    }
    assert_true(cascade_model_done(s.m));
    *final_count = n_in(&s, CASCADE_DISSENT);
    finish(&s);
}

static void test_granovetter_riot_count(void **state)
{
    (void)state;
    uint32_t n;
    riot(CASCADE_UNIT_COUNT, false, &n);
    assert_int_equal(n, 100);
    riot(CASCADE_UNIT_COUNT, true, &n);
    assert_int_equal(n, 1);
}

static void test_granovetter_riot_fraction(void **state)
{
    (void)state;
    /* the premise: some a/99 fall one ulp short of a * (1/99), which the tolerance absorbs */
    volatile double ninety_ninth = 1.0 / 99.0;
    assert_true(5.0 / 99.0 < 5.0 * ninety_ninth);
    uint32_t n;
    riot(CASCADE_UNIT_FRACTION, false, &n);
    assert_int_equal(n, 100);
    riot(CASCADE_UNIT_FRACTION, true, &n);
    assert_int_equal(n, 1);
}

static void test_thresholds_zero_and_above_one(void **state)
{
    (void)state;
    sim s;
    base(&s, 37);
    s.p.has_threshold = true;
    s.p.threshold = cdist(0.0);
    start(&s, 1);
    steps(&s, 1);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 37); /* everyone at once */
    finish(&s);

    base(&s, 37);
    s.p.has_threshold = true;
    s.p.threshold = cdist(1.01);
    s.p.threshold_unit = CASCADE_UNIT_FRACTION;
    s.p.openness = 0.37;
    cascade_shock sh = dissent_shock(0, 36, CASCADE_WHERE_RANDOM, CASCADE_HOLD_FOREVER);
    s.p.shocks = &sh;
    s.p.n_shocks = 1;
    start(&s, 1);
    steps(&s, 10);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 36); /* the last one never joins */
    finish(&s);
}

/* Two elites with count thresholds 0 and 1: synchronously the second joins a tick after
 * the first; in random order it joins in the same tick when it happens to go second. */
static void test_synchronous_vs_random_order(void **state)
{
    (void)state;
    static const double tau[2] = {0.0, 1.0};
    sim s;
    base(&s, 2);
    s.p.has_threshold = true;
    s.p.threshold = ldist(tau, 2);
    start(&s, 7);
    steps(&s, 1);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 1);
    assert_int_equal(cascade_model_state(s.m, 0), CASCADE_DISSENT);
    steps(&s, 1);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 2);
    finish(&s);

    /* random order: both join at tick 1 with probability 1/2. Over 400 seeds the count
     * is Binomial(400, 1/2): mean 200, sd 10; accept 200 +- 50 (5 sd, false alarm 6e-7) */
    uint32_t both = 0;
    for (unsigned long seed = 1; seed <= 400; seed++) {
        base(&s, 2);
        s.p.has_threshold = true;
        s.p.threshold = ldist(tau, 2);
        s.p.update = CASCADE_UPDATE_RANDOM_ORDER;
        start(&s, seed);
        steps(&s, 1);
        uint32_t c = n_in(&s, CASCADE_DISSENT);
        assert_true(c == 1 || c == 2);
        both += c == 2;
        steps(&s, 1);
        assert_int_equal(n_in(&s, CASCADE_DISSENT), 2);
        finish(&s);
    }
    assert_in_range(both, 150, 250);
}

/* ---- derived rule ---- */

static void test_derived_zero_cost(void **state)
{
    (void)state;
    static const double d[4] = {0.6, 0.2, 0.37, 0.1};
    sim s;
    base(&s, 4);
    s.p.discontent = ldist(d, 4);
    s.p.risk_aversion = cdist(0.8);
    s.p.min_grievance = 0.2;
    s.p.punishment = 0.0; /* no cost */
    start(&s, 3);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 0);
    for (int t = 1; t <= 10; t++) {
        steps(&s, 1);
        assert_int_equal(cascade_model_state(s.m, 0), CASCADE_DISSENT);
        assert_int_equal(cascade_model_state(s.m, 1), CASCADE_LOYAL); /* d == theta */
        assert_int_equal(cascade_model_state(s.m, 2), CASCADE_DISSENT);
        assert_int_equal(cascade_model_state(s.m, 3), CASCADE_LOYAL);
    }
    finish(&s);
}

/* Elite 0 is the hub (degree 3, forced into dissent by a hubs shock) with leaves 3 and 4
 * (d = 0) and elite 1, who also knows elite 2: 3 - 0 - 4, 0 - 1 - 2. theta = 0.2, r = 1,
 * P = 0.8, gamma = 1, no openness.
 * Elite 1 (d = 0.7) sees o = 1/2: B = 0.5 - 0.8 * 0.5 = 0.1 > 0, public at tick 1.
 * Elite 2 (d = 0.5) sees 0 at tick 1 (B = -0.5), then 1/1 (B = 0.3): public at tick 2.
 * With d_1 = 0.55 instead: B = 0.35 - 0.4 < 0, and elite 2 never sees anyone. */
static void chain_run(double d1, bool one_goes)
{
    static const uint32_t a[4] = {0, 0, 0, 1}, b[4] = {1, 3, 4, 2};
    double d[5] = {0.0, d1, 0.5, 0.0, 0.0};
    sim s;
    base(&s, 5);
    use_edges(&s, a, b, 4);
    s.p.discontent = ldist(d, 5);
    s.p.risk_aversion = cdist(1.0);
    s.p.min_grievance = 0.2;
    s.p.punishment = 0.8;
    cascade_shock sh = dissent_shock(0, 1, CASCADE_WHERE_HUBS, CASCADE_HOLD_FOREVER);
    s.p.shocks = &sh;
    s.p.n_shocks = 1;
    start(&s, 5);
    assert_int_equal(cascade_model_state(s.m, 0), CASCADE_DISSENT);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 1);
    steps(&s, 1);
    assert_int_equal(cascade_model_state(s.m, 1), one_goes ? CASCADE_DISSENT : CASCADE_LOYAL);
    assert_int_equal(cascade_model_state(s.m, 2), CASCADE_LOYAL);
    steps(&s, 1);
    assert_int_equal(cascade_model_state(s.m, 2), one_goes ? CASCADE_DISSENT : CASCADE_LOYAL);
    steps(&s, 5);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), one_goes ? 3 : 1);
    assert_int_equal(cascade_model_state(s.m, 3), CASCADE_LOYAL);
    assert_int_equal(cascade_model_state(s.m, 4), CASCADE_LOYAL);
    finish(&s);
}

static void test_derived_on_network(void **state)
{
    (void)state;
    chain_run(0.7, true);
    chain_run(0.55, false);
}

/* No edges at all: an isolated elite sees only g * D. Elites 0 and 1 are forced (hubs on
 * equal degrees take the lowest ids), D = 1/2, g = 0.4, so o = 0.2 at tick 1.
 * theta = 0.2, d = 0.6, P = 0.45, gamma = 1. Elite 2 (r = 1): B = 0.4 - 0.45 * 0.8 = 0.04,
 * public at tick 1. Elite 3 (r = 1.2): B = 0.4 - 0.54 * 0.8 < 0 at tick 1; at tick 2
 * D = 3/4, o = 0.3, B = 0.4 - 0.54 * 0.7 = 0.022 > 0. With g = 0 neither ever goes. */
static void isolated_run(double g, bool go)
{
    static const double r[4] = {0.0, 0.0, 1.0, 1.2};
    sim s;
    base(&s, 4);
    use_edges(&s, NULL, NULL, 0);
    s.p.discontent = cdist(0.6);
    s.p.risk_aversion = ldist(r, 4);
    s.p.min_grievance = 0.2;
    s.p.punishment = 0.45;
    s.p.openness = g;
    cascade_shock sh = dissent_shock(0, 2, CASCADE_WHERE_HUBS, CASCADE_HOLD_FOREVER);
    s.p.shocks = &sh;
    s.p.n_shocks = 1;
    start(&s, 11);
    assert_int_equal(cascade_model_state(s.m, 0), CASCADE_DISSENT);
    assert_int_equal(cascade_model_state(s.m, 1), CASCADE_DISSENT);
    steps(&s, 1);
    assert_int_equal(cascade_model_state(s.m, 2), go ? CASCADE_DISSENT : CASCADE_LOYAL);
    assert_int_equal(cascade_model_state(s.m, 3), CASCADE_LOYAL);
    steps(&s, 1);
    assert_int_equal(cascade_model_state(s.m, 3), go ? CASCADE_DISSENT : CASCADE_LOYAL);
    steps(&s, 3);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), go ? 4 : 2);
    finish(&s);
}

static void test_isolated_elites_openness(void **state)
{
    (void)state;
    isolated_run(0.4, true);
    isolated_run(0.0, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_granovetter_riot_count),
        cmocka_unit_test(test_granovetter_riot_fraction),
        cmocka_unit_test(test_thresholds_zero_and_above_one),
        cmocka_unit_test(test_synchronous_vs_random_order),
        cmocka_unit_test(test_derived_zero_cost),
        cmocka_unit_test(test_derived_on_network),
        cmocka_unit_test(test_isolated_elites_openness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
