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

/* ---- reversibility and set shocks ---- */

/* One elite (k = 0, g = 0: o = 0). d = 0.6, theta = 0.1, r = 1, P = 0.3: B = 0.2 > 0, public
 * at tick 1. A set shock at tick 3 raises punishment to 0.8: B = -0.3. */
static void test_reversible(void **state)
{
    (void)state;
    for (int reversible = 0; reversible <= 1; reversible++) {
        sim s;
        base(&s, 1);
        s.p.discontent = cdist(0.6);
        s.p.risk_aversion = cdist(1.0);
        s.p.min_grievance = 0.1;
        s.p.punishment = 0.3;
        s.p.reversible = reversible;
        cascade_shock sh = set_shock(3, "regime.punishment", offsetof(cascade_params, punishment),
                                     CASCADE_TYPE_REAL, 0.8);
        s.p.shocks = &sh;
        s.p.n_shocks = 1;
        start(&s, 2);
        steps(&s, 2);
        assert_int_equal(cascade_model_state(s.m, 0), CASCADE_DISSENT);
        assert_true(cascade_model_params(s.m)->punishment == 0.3);
        steps(&s, 1);
        assert_true(cascade_model_params(s.m)->punishment == 0.8);
        assert_true(s.p.punishment == 0.3); /* the caller's copy is untouched */
        assert_int_equal(cascade_model_state(s.m, 0),
                         reversible ? CASCADE_LOYAL : CASCADE_DISSENT);
        steps(&s, 3);
        assert_int_equal(cascade_model_state(s.m, 0),
                         reversible ? CASCADE_LOYAL : CASCADE_DISSENT);
        finish(&s);
    }
}

/* set shocks of the other field types: a bool (dissent.reversible) and an int (run.ticks) */
static void test_set_bool_and_int(void **state)
{
    (void)state;
    sim s;
    base(&s, 1);
    s.p.discontent = cdist(0.6);
    s.p.risk_aversion = cdist(1.0);
    s.p.min_grievance = 0.1;
    s.p.punishment = 0.3;
    cascade_shock sh[3] = {
        set_shock(2, "regime.punishment", offsetof(cascade_params, punishment),
                  CASCADE_TYPE_REAL, 0.8),
        set_shock(4, "dissent.reversible", offsetof(cascade_params, reversible),
                  CASCADE_TYPE_BOOL, 1.0),
        set_shock(4, "run.ticks", offsetof(cascade_params, ticks), CASCADE_TYPE_INT, 6.0),
    };
    s.p.shocks = sh;
    s.p.n_shocks = 3;
    start(&s, 2);
    steps(&s, 3);
    assert_int_equal(cascade_model_state(s.m, 0), CASCADE_DISSENT); /* not reversible yet */
    steps(&s, 1);
    assert_true(cascade_model_params(s.m)->reversible);
    assert_int_equal(cascade_model_params(s.m)->ticks, 6);
    assert_int_equal(cascade_model_state(s.m, 0), CASCADE_LOYAL);
    steps(&s, 10);
    assert_int_equal(cascade_model_tick(s.m), 6);
    assert_true(cascade_model_done(s.m));
    finish(&s);
}

/* ---- exit ---- */

static void test_exit_hazard_clipped(void **state)
{
    (void)state;
    sim s;
    base(&s, 20);
    s.p.discontent = cdist(0.6);
    s.p.abroad_fraction = 0.5;
    s.p.rate_abroad = 5.0;
    s.p.rate_home = 5.0;
    s.p.base_fear = 1.0; /* h = 5 * 0.6 * 1 = 3, clipped to 1 */
    start(&s, 4);
    assert_int_equal(n_in(&s, CASCADE_DEFECTED), 0);
    steps(&s, 1);
    assert_int_equal(n_in(&s, CASCADE_DEFECTED), 20);
    cascade_observables obs;
    cascade_model_observe(s.m, &obs);
    assert_true(obs.defected == 1.0);
    assert_true(obs.public_dissent == 0.0);
    assert_true(obs.mean_discontent == 0.0); /* nobody present */
    finish(&s);

    /* family deterrence 1 with family punishment 1: h = 0, nobody leaves */
    base(&s, 20);
    s.p.discontent = cdist(0.6);
    s.p.rate_abroad = 5.0;
    s.p.rate_home = 5.0;
    s.p.base_fear = 1.0;
    s.p.family_deterrence = 1.0;
    s.p.family_punishment = 1.0;
    start(&s, 4);
    steps(&s, 10);
    assert_int_equal(n_in(&s, CASCADE_DEFECTED), 0);
    finish(&s);

    /* only those abroad can leave */
    base(&s, 50);
    s.p.discontent = cdist(0.6);
    s.p.min_grievance = 1.0; /* nobody goes public */
    s.p.abroad_fraction = 0.37;
    s.p.rate_abroad = 5.0;
    s.p.base_fear = 1.0;
    start(&s, 4);
    uint32_t abroad = 0;
    for (uint32_t i = 0; i < 50; i++) {
        abroad += cascade_model_abroad(s.m, i);
    }
    assert_true(abroad > 0 && abroad < 50);
    steps(&s, 3);
    assert_int_equal(n_in(&s, CASCADE_DEFECTED), abroad);
    for (uint32_t i = 0; i < 50; i++) {
        assert_int_equal(cascade_model_state(s.m, i),
                         cascade_model_abroad(s.m, i) ? CASCADE_DEFECTED : CASCADE_LOYAL);
    }
    finish(&s);
}

/* Path 0 - 1 - 2; only elite 0 is discontented and leaves at tick 1 (h = 0.9 * 2 -> 1).
 * Elite 1 has count threshold 0.5: with w = 0.5 the defection counts 0.5, enough at tick 2
 * (decisions precede exits, so not at tick 1); with w = 0.4 never. */
static void test_exit_visible_count(void **state)
{
    (void)state;
    static const uint32_t a[2] = {0, 1}, b[2] = {1, 2};
    static const double d[3] = {0.9, 0.0, 0.0};
    static const double tau[3] = {10.0, 0.5, 10.0};
    for (int v = 0; v < 2; v++) {
        sim s;
        base(&s, 3);
        use_edges(&s, a, b, 2);
        s.p.discontent = ldist(d, 3);
        s.p.has_threshold = true;
        s.p.threshold = ldist(tau, 3);
        s.p.threshold_unit = CASCADE_UNIT_COUNT;
        s.p.exit_visibility = v == 0 ? 0.5 : 0.4;
        s.p.rate_home = 1.0;
        s.p.base_fear = 2.0;
        start(&s, 8);
        steps(&s, 1);
        assert_int_equal(cascade_model_state(s.m, 0), CASCADE_DEFECTED);
        assert_int_equal(cascade_model_state(s.m, 1), CASCADE_LOYAL);
        steps(&s, 1);
        assert_int_equal(cascade_model_state(s.m, 1), v == 0 ? CASCADE_DISSENT : CASCADE_LOYAL);
        steps(&s, 5);
        assert_int_equal(cascade_model_state(s.m, 1), v == 0 ? CASCADE_DISSENT : CASCADE_LOYAL);
        assert_int_equal(cascade_model_state(s.m, 2), CASCADE_LOYAL);
        finish(&s);
    }
}

/* Complete graph of 5, fraction thresholds: elite 0 leaves at tick 1; the others see
 * o = w * 1 / 4 = 0.125 with w = 0.5. Threshold 0.125: all four at tick 2; 0.13: never. */
static void test_exit_visible_fraction_complete(void **state)
{
    (void)state;
    static const double d[5] = {0.9, 0.0, 0.0, 0.0, 0.0};
    for (int v = 0; v < 2; v++) {
        double tau[5] = {10.0, 0.125, 0.125, 0.125, 0.125};
        if (v == 1) {
            for (int i = 1; i < 5; i++) {
                tau[i] = 0.13;
            }
        }
        sim s;
        base(&s, 5);
        s.p.discontent = ldist(d, 5);
        s.p.has_threshold = true;
        s.p.threshold = ldist(tau, 5);
        s.p.threshold_unit = CASCADE_UNIT_FRACTION;
        s.p.exit_visibility = 0.5;
        s.p.rate_home = 1.0;
        s.p.base_fear = 2.0;
        start(&s, 8);
        steps(&s, 1);
        assert_int_equal(n_in(&s, CASCADE_DEFECTED), 1);
        assert_int_equal(n_in(&s, CASCADE_DISSENT), 0);
        steps(&s, 4);
        assert_int_equal(n_in(&s, CASCADE_DISSENT), v == 0 ? 4 : 0);
        finish(&s);
    }
}

/* ---- purges ---- */

/* The five-elite graph 3 - 2 - 1, 2 - 0 - 4: elite 2 is the hub (degree 3), elite 4 is
 * not its associate. A hubs shock at tick 0 forces 2 into dissent; the purge shock at
 * tick 1 with targeting 1 and surveillance 0 can only pick it (the only nonzero weight). */
static const uint32_t star_a[4] = {0, 1, 2, 0}, star_b[4] = {2, 2, 3, 4};
static const double star_d[5] = {0.37, 0.45, 0.1, 0.2, 0.3};

static void star(sim *s, cascade_shock sh[2])
{
    base(s, 5);
    use_edges(s, star_a, star_b, 4);
    s->p.discontent = ldist(star_d, 5);
    s->p.min_grievance = 0.9; /* nobody goes public on their own */
    s->p.targeting = 1.0;
    s->p.fear_shock = 0.37;
    s->p.alienation = 0.25;
    sh[0] = dissent_shock(0, 1, CASCADE_WHERE_HUBS, CASCADE_HOLD_FOREVER);
    sh[1] = purge_shock(1, 1);
    s->p.shocks = sh;
    s->p.n_shocks = 2;
}

static void test_purge_effects_on_associates(void **state)
{
    (void)state;
    sim s;
    cascade_shock sh[2];
    star(&s, sh);
    start(&s, 9);
    assert_int_equal(cascade_model_state(s.m, 2), CASCADE_DISSENT);
    steps(&s, 1);
    assert_int_equal(cascade_model_state(s.m, 2), CASCADE_PURGED);
    assert_int_equal(n_in(&s, CASCADE_PURGED), 1);
    assert_int_equal(n_in(&s, CASCADE_LOYAL), 4);
    const uint32_t assoc[3] = {0, 1, 3};
    for (int k = 0; k < 3; k++) {
        uint32_t i = assoc[k];
        assert_true(cascade_model_fear(s.m, i) == 0.37);
        double want = star_d[i] + 0.25 * (1.0 - star_d[i]);
        assert_true(cascade_model_discontent(s.m, i) == want);
    }
    assert_true(cascade_model_fear(s.m, 4) == 0.0);
    assert_true(cascade_model_discontent(s.m, 4) == star_d[4]);
    cascade_observables obs;
    cascade_model_observe(s.m, &obs);
    assert_true(obs.purged == 0.2);
    assert_true(fabs(obs.mean_fear - 3.0 * 0.37 / 4.0) < 1e-15);
    finish(&s);
}

static void test_purge_associates_abroad_flee(void **state)
{
    (void)state;
    sim s;
    cascade_shock sh[2];
    star(&s, sh);
    s.p.abroad_fraction = 1.0;
    s.p.flee_on_recall = 0.0; /* the hub is recalled and purged */
    s.p.flee_on_purge = 1.0;
    start(&s, 9);
    steps(&s, 1);
    assert_int_equal(cascade_model_state(s.m, 2), CASCADE_PURGED);
    assert_int_equal(cascade_model_state(s.m, 0), CASCADE_DEFECTED);
    assert_int_equal(cascade_model_state(s.m, 1), CASCADE_DEFECTED);
    assert_int_equal(cascade_model_state(s.m, 3), CASCADE_DEFECTED);
    assert_int_equal(cascade_model_state(s.m, 4), CASCADE_LOYAL);
    finish(&s);

    /* at home nobody flees */
    star(&s, sh);
    s.p.flee_on_purge = 1.0;
    start(&s, 9);
    steps(&s, 1);
    assert_int_equal(n_in(&s, CASCADE_DEFECTED), 0);
    assert_int_equal(n_in(&s, CASCADE_LOYAL), 4);
    finish(&s);
}

static void test_purge_recall_flees(void **state)
{
    (void)state;
    sim s;
    cascade_shock sh[2];
    star(&s, sh);
    s.p.abroad_fraction = 1.0;
    s.p.flee_on_recall = 1.0;
    s.p.flee_on_purge = 1.0;
    start(&s, 9);
    steps(&s, 1);
    assert_int_equal(cascade_model_state(s.m, 2), CASCADE_DEFECTED);
    assert_int_equal(n_in(&s, CASCADE_PURGED), 0);
    assert_int_equal(n_in(&s, CASCADE_DEFECTED), 1);
    for (uint32_t i = 0; i < 5; i++) {
        if (i != 2) {
            /* no purge happened: no fear, no alienation, no flight of associates */
            assert_true(cascade_model_fear(s.m, i) == 0.0);
            assert_true(cascade_model_discontent(s.m, i) == star_d[i]);
            assert_int_equal(cascade_model_state(s.m, i), CASCADE_LOYAL);
        }
    }
    finish(&s);
}

/* Targeted purges pick LOYAL elites with weight surveillance * d, with replacement (a
 * duplicate is skipped). Three elites with d = 0.1, 0.3, 0.6 and a purge of `count` at
 * tick 0, over 3000 seeds: elite i is purged with probability 1 - (1 - w_i)^count.
 * Accept 5 binomial sd for each elite (false alarm about 2e-6 per count). */
static void targeting_case(uint32_t count)
{
    static const double d[3] = {0.1, 0.3, 0.6};
    uint32_t hits[3] = {0, 0, 0};
    const uint32_t runs = 3000;
    for (unsigned long seed = 1; seed <= runs; seed++) {
        sim s;
        base(&s, 3);
        s.p.discontent = ldist(d, 3);
        s.p.min_grievance = 1.0;
        s.p.targeting = 1.0;
        s.p.surveillance = 0.37;
        cascade_shock sh = purge_shock(0, count);
        s.p.shocks = &sh;
        s.p.n_shocks = 1;
        start(&s, seed);
        assert_true(n_in(&s, CASCADE_PURGED) >= 1 && n_in(&s, CASCADE_PURGED) <= count);
        for (uint32_t i = 0; i < 3; i++) {
            hits[i] += cascade_model_state(s.m, i) == CASCADE_PURGED;
        }
        finish(&s);
    }
    for (int i = 0; i < 3; i++) {
        double q = 1.0 - pow(1.0 - d[i], (double)count);
        double mean = runs * q;
        double sd = sqrt(runs * q * (1.0 - q));
        if (fabs(hits[i] - mean) > 5.0 * sd) {
            fail_msg("count %u: elite %d purged %u times, expected %.0f +- %.0f", count, i,
                     hits[i], mean, 5.0 * sd);
        }
    }
}

static void test_purge_targeting_weights(void **state)
{
    (void)state;
    targeting_case(1);
    targeting_case(2);
}

/* ---- crackdown and security forces ---- */

static void test_crackdown_purges_every_dissenter(void **state)
{
    (void)state;
    sim s;
    base(&s, 10);
    s.p.discontent = cdist(0.37);
    s.p.min_grievance = 0.5;
    s.p.crackdown = 1.0; /* C = 1 without security forces */
    s.p.fear_shock = 0.1;
    s.p.alienation = 0.2;
    cascade_shock sh = dissent_shock(0, 3, CASCADE_WHERE_RANDOM, CASCADE_HOLD_FOREVER);
    s.p.shocks = &sh;
    s.p.n_shocks = 1;
    start(&s, 12);
    assert_true(cascade_model_capacity(s.m) == 1.0);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 3);
    steps(&s, 1);
    assert_int_equal(n_in(&s, CASCADE_PURGED), 3);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 0);
    assert_int_equal(n_in(&s, CASCADE_LOYAL), 7);
    /* each arrest frightens and alienates every present elite (complete graph) */
    double fear = 0.0, d = 0.37;
    for (int k = 0; k < 3; k++) {
        fear += 0.1;
        d += 0.2 * (1.0 - d);
    }
    for (uint32_t i = 0; i < 10; i++) {
        if (cascade_model_state(s.m, i) == CASCADE_LOYAL) {
            assert_true(cascade_model_fear(s.m, i) == fear);
            assert_true(cascade_model_discontent(s.m, i) == d);
        }
    }
    finish(&s);
}

/* Two arrests lower the sigma of the one ACTIVE officer (0.9) by 2 * alienation:
 * 0.5 each gives -0.1 <= D = 0: DEFECTED; 0.4 each gives 0.1 > 0: still ACTIVE. */
static void test_crackdown_alienates_security(void **state)
{
    (void)state;
    for (int v = 0; v < 2; v++) {
        sim s;
        base(&s, 10);
        s.p.min_grievance = 0.5;
        s.p.crackdown = 1.0;
        s.p.security_size = 1;
        s.p.loyalty = cdist(0.9);
        s.p.crackdown_alienation = v == 0 ? 0.5 : 0.4;
        cascade_shock sh = dissent_shock(0, 2, CASCADE_WHERE_RANDOM, CASCADE_HOLD_FOREVER);
        s.p.shocks = &sh;
        s.p.n_shocks = 1;
        start(&s, 13);
        assert_true(cascade_model_capacity(s.m) == 1.0);
        steps(&s, 1);
        assert_int_equal(n_in(&s, CASCADE_PURGED), 2);
        cascade_observables obs;
        cascade_model_observe(s.m, &obs);
        assert_true(obs.security_defected == (v == 0 ? 1.0 : 0.0));
        assert_true(obs.security_active == (v == 0 ? 0.0 : 1.0));
        finish(&s);
    }
}

/* Officers sigma = 0.25, 0.35, 0.65, 0.9, band 0.1. Hubs shocks on the complete graph take
 * the lowest ids: D = 0.3 at tick 0, 0.6 at tick 2.
 * D = 0.3: DEFECTED (0.3 >= 0.25), BARRACKS (0.25 <= 0.3 < 0.35), ACTIVE, ACTIVE: C = 0.5.
 * D = 0.6: DEFECTED, DEFECTED, BARRACKS (0.55 <= 0.6 < 0.65), ACTIVE: C = 0.25 < 0.4. */
static const double officers[4] = {0.25, 0.35, 0.65, 0.9};

static void security_case(sim *s, cascade_shock sh[2], uint32_t hold)
{
    base(s, 10);
    s->p.min_grievance = 0.5;
    s->p.security_size = 4;
    s->p.loyalty = ldist(officers, 4);
    s->p.wait_band = 0.1;
    s->p.collapse_capacity = 0.4;
    sh[0] = dissent_shock(0, 3, CASCADE_WHERE_HUBS, hold);
    sh[1] = dissent_shock(2, 6, CASCADE_WHERE_HUBS, CASCADE_HOLD_FOREVER);
    s->p.shocks = sh;
    s->p.n_shocks = 2;
}

static void expect_security(const sim *s, double active, double barracks, double defected)
{
    cascade_observables obs;
    cascade_model_observe(s->m, &obs);
    assert_true(obs.security_active == active);
    assert_true(obs.security_barracks == barracks);
    assert_true(obs.security_defected == defected);
    assert_true(cascade_model_capacity(s->m) == active);
}

static void test_security_states_and_collapse(void **state)
{
    (void)state;
    for (int stop = 0; stop <= 1; stop++) {
        sim s;
        cascade_shock sh[2];
        security_case(&s, sh, CASCADE_HOLD_FOREVER);
        s.p.stop_on_collapse = stop;
        start(&s, 14);
        expect_security(&s, 0.5, 0.25, 0.25);
        steps(&s, 1);
        expect_security(&s, 0.5, 0.25, 0.25);
        cascade_summary sum;
        cascade_model_summarize(s.m, &sum);
        assert_false(sum.collapsed);
        steps(&s, 1);
        assert_int_equal(n_in(&s, CASCADE_DISSENT), 6);
        expect_security(&s, 0.25, 0.25, 0.5);
        cascade_model_summarize(s.m, &sum);
        assert_true(sum.collapsed);
        assert_int_equal(sum.collapse_tick, 2);
        assert_int_equal(cascade_model_done(s.m), stop);
        steps(&s, 3);
        assert_int_equal(cascade_model_tick(s.m), stop ? 2 : 5);
        cascade_observables obs;
        cascade_model_observe(s.m, &obs);
        assert_true(obs.collapsed);
        finish(&s);
    }
}

/* Defection is final, barracks is not: the forced dissent of tick 0 is held for 2 ticks,
 * then the rule (d = 0) sends them home and D = 0 at tick 2. */
static void test_security_defection_final(void **state)
{
    (void)state;
    sim s;
    cascade_shock sh[2];
    security_case(&s, sh, 2);
    s.p.n_shocks = 1;
    start(&s, 15);
    expect_security(&s, 0.5, 0.25, 0.25);
    steps(&s, 2);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 0);
    expect_security(&s, 0.75, 0.0, 0.25);
    finish(&s);
}

/* Exact edges: D = sigma is DEFECTED, D = sigma - band is BARRACKS (0.5 - 0.2 is 0.3
 * exactly in binary, as is 3/10 against 0.3). */
static void test_security_edges(void **state)
{
    (void)state;
    static const double sig[3] = {0.3, 0.5, 0.61};
    assert_true(0.5 - 0.2 == 0.3 && 3.0 / 10.0 == 0.3); /* the premise */
    sim s;
    base(&s, 10);
    s.p.min_grievance = 0.5;
    s.p.security_size = 3;
    s.p.loyalty = ldist(sig, 3);
    s.p.wait_band = 0.2;
    cascade_shock sh = dissent_shock(0, 3, CASCADE_WHERE_RANDOM, CASCADE_HOLD_FOREVER);
    s.p.shocks = &sh;
    s.p.n_shocks = 1;
    start(&s, 26);
    cascade_observables obs;
    cascade_model_observe(s.m, &obs);
    assert_true(obs.security_defected == 1.0 / 3.0);
    assert_true(obs.security_barracks == 1.0 / 3.0);
    assert_true(obs.security_active == 1.0 / 3.0);
    finish(&s);
}

static void test_collapse_dissent_and_no_forces(void **state)
{
    (void)state;
    sim s;
    base(&s, 10);
    s.p.collapse_dissent = 0.3;
    s.p.collapse_capacity = 0.37; /* C = 1 without forces: never below */
    cascade_shock sh = dissent_shock(1, 3, CASCADE_WHERE_RANDOM, CASCADE_HOLD_FOREVER);
    s.p.shocks = &sh;
    s.p.n_shocks = 1;
    start(&s, 16);
    cascade_observables obs;
    cascade_model_observe(s.m, &obs);
    assert_false(obs.collapsed);
    assert_true(obs.security_active == 1.0);
    assert_true(obs.security_barracks == 0.0 && obs.security_defected == 0.0);
    steps(&s, 1);
    cascade_summary sum;
    cascade_model_summarize(s.m, &sum);
    assert_true(sum.collapsed);
    assert_int_equal(sum.collapse_tick, 1);
    finish(&s);
}

/* ---- decay and co-optation ---- */

static void test_fear_decay_and_cooptation(void **state)
{
    (void)state;
    static const double d[4] = {0.37, 0.8, 0.2, 0.6};
    sim s;
    base(&s, 4);
    s.p.discontent = ldist(d, 4);
    s.p.min_grievance = 1.0;
    s.p.fear_shock = 0.37;
    s.p.alienation = 0.1;
    s.p.fear_decay = 0.25;
    s.p.cooptation = 0.1;
    cascade_shock sh[2] = {purge_shock(0, 1),
                           dissent_shock(0, 1, CASCADE_WHERE_HUBS, CASCADE_HOLD_FOREVER)};
    s.p.shocks = sh;
    s.p.n_shocks = 2;
    start(&s, 17);
    assert_int_equal(n_in(&s, CASCADE_PURGED), 1);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 1);
    double fear0[4], d0[4];
    for (uint32_t i = 0; i < 4; i++) {
        fear0[i] = cascade_model_fear(s.m, i);
        d0[i] = cascade_model_discontent(s.m, i);
        if (cascade_model_state(s.m, i) != CASCADE_PURGED) {
            /* tick 0: the purge's effects, no decay yet */
            assert_true(fear0[i] == 0.37);
            assert_true(d0[i] == d[i] + 0.1 * (1.0 - d[i]));
        }
    }
    steps(&s, 1);
    for (uint32_t i = 0; i < 4; i++) {
        cascade_elite_state st = cascade_model_state(s.m, i);
        if (st == CASCADE_PURGED) {
            continue;
        }
        assert_true(cascade_model_fear(s.m, i) == fear0[i] * (1.0 - 0.25));
        double want = st == CASCADE_LOYAL ? d0[i] * (1.0 - 0.1) : d0[i];
        assert_true(cascade_model_discontent(s.m, i) == want);
    }
    finish(&s);
}

/* ---- shocks ---- */

static void test_dissent_shock_count_fraction(void **state)
{
    (void)state;
    sim s;
    base(&s, 100);
    cascade_shock sh = dissent_shock(0, 7, CASCADE_WHERE_RANDOM, CASCADE_HOLD_FOREVER);
    s.p.shocks = &sh;
    s.p.n_shocks = 1;
    start(&s, 18);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 7);
    steps(&s, 5);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 7);
    finish(&s);

    /* a fraction of present elites: 10 purged first, then 0.37 of 90 = 33.3 -> 33 */
    cascade_shock sh2[2] = {purge_shock(2, 10),
                            dissent_shock(2, 0, CASCADE_WHERE_RANDOM, CASCADE_HOLD_FOREVER)};
    sh2[1].by_count = false;
    sh2[1].fraction = 0.37;
    base(&s, 100);
    s.p.shocks = sh2;
    s.p.n_shocks = 2;
    start(&s, 19);
    steps(&s, 2);
    assert_int_equal(n_in(&s, CASCADE_PURGED), 10);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 33);
    finish(&s);

    /* a count beyond the present elites takes them all */
    sh = dissent_shock(0, 500, CASCADE_WHERE_RANDOM, CASCADE_HOLD_FOREVER);
    base(&s, 100);
    s.p.shocks = &sh;
    s.p.n_shocks = 1;
    start(&s, 20);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 100);
    finish(&s);
}

/* A cluster of 3 on a path of 12 is 3 consecutive elites; a cluster of 4 on two disjoint
 * triangles is one whole triangle and one more. */
static void test_dissent_shock_cluster(void **state)
{
    (void)state;
    uint32_t a[11], b[11];
    for (uint32_t e = 0; e < 11; e++) {
        a[e] = e;
        b[e] = e + 1;
    }
    for (unsigned long seed = 1; seed <= 30; seed++) {
        sim s;
        base(&s, 12);
        use_edges(&s, a, b, 11);
        cascade_shock sh = dissent_shock(0, 3, CASCADE_WHERE_CLUSTER, CASCADE_HOLD_FOREVER);
        s.p.shocks = &sh;
        s.p.n_shocks = 1;
        start(&s, seed);
        assert_int_equal(n_in(&s, CASCADE_DISSENT), 3);
        uint32_t lo = 12, hi = 0;
        for (uint32_t i = 0; i < 12; i++) {
            if (cascade_model_state(s.m, i) == CASCADE_DISSENT) {
                lo = i < lo ? i : lo;
                hi = i > hi ? i : hi;
            }
        }
        assert_int_equal(hi - lo, 2);
        finish(&s);
    }
    static const uint32_t ta[6] = {0, 0, 1, 3, 3, 4}, tb[6] = {1, 2, 2, 4, 5, 5};
    for (unsigned long seed = 1; seed <= 30; seed++) {
        sim s;
        base(&s, 6);
        use_edges(&s, ta, tb, 6);
        cascade_shock sh = dissent_shock(0, 4, CASCADE_WHERE_CLUSTER, CASCADE_HOLD_FOREVER);
        s.p.shocks = &sh;
        s.p.n_shocks = 1;
        start(&s, seed);
        assert_int_equal(n_in(&s, CASCADE_DISSENT), 4);
        uint32_t first = 0, second = 0;
        for (uint32_t i = 0; i < 6; i++) {
            bool on = cascade_model_state(s.m, i) == CASCADE_DISSENT;
            first += on && i < 3;
            second += on && i >= 3;
        }
        assert_true((first == 3 && second == 1) || (first == 1 && second == 3));
        finish(&s);
    }
}

static void test_dissent_shock_hubs(void **state)
{
    (void)state;
    for (uint32_t k = 1; k <= 2; k++) {
        sim s;
        base(&s, 5);
        use_edges(&s, star_a, star_b, 4); /* degrees 2, 1, 3, 1, 1 */
        cascade_shock sh = dissent_shock(0, k, CASCADE_WHERE_HUBS, CASCADE_HOLD_FOREVER);
        s.p.shocks = &sh;
        s.p.n_shocks = 1;
        start(&s, 21);
        assert_int_equal(n_in(&s, CASCADE_DISSENT), k);
        assert_int_equal(cascade_model_state(s.m, 2), CASCADE_DISSENT);
        assert_int_equal(cascade_model_state(s.m, 0), k == 2 ? CASCADE_DISSENT : CASCADE_LOYAL);
        finish(&s);
    }
    /* ties go to lower ids: count 3 takes 2, 0 and then 1 of the three leaves */
    sim s;
    base(&s, 5);
    use_edges(&s, star_a, star_b, 4);
    cascade_shock sh = dissent_shock(0, 3, CASCADE_WHERE_HUBS, CASCADE_HOLD_FOREVER);
    s.p.shocks = &sh;
    s.p.n_shocks = 1;
    start(&s, 21);
    assert_int_equal(cascade_model_state(s.m, 1), CASCADE_DISSENT);
    assert_int_equal(cascade_model_state(s.m, 3), CASCADE_LOYAL);
    finish(&s);
}

/* A forced dissenter held for `hold` ticks is judged by its rule at tick shock + hold. */
static void hold_case(bool explicit_mode, double d, uint32_t shock_tick, uint32_t hold,
                      cascade_elite_state after)
{
    sim s;
    base(&s, 3);
    s.p.discontent = cdist(d);
    s.p.min_grievance = 0.2; /* no cost: public exactly when d > 0.2 */
    if (explicit_mode) {
        s.p.has_threshold = true;
        s.p.threshold = cdist(d > 0.2 ? 0.0 : 5.0); /* count: 0 always, 5 never */
    }
    cascade_shock sh = dissent_shock(shock_tick, 1, CASCADE_WHERE_HUBS, hold);
    s.p.shocks = &sh;
    s.p.n_shocks = 1;
    start(&s, 22);
    steps(&s, shock_tick);
    assert_int_equal(cascade_model_state(s.m, 0), CASCADE_DISSENT);
    for (uint32_t t = 1; t < hold; t++) {
        steps(&s, 1);
        assert_int_equal(cascade_model_state(s.m, 0), CASCADE_DISSENT);
    }
    steps(&s, 1);
    assert_int_equal(cascade_model_state(s.m, 0), after);
    steps(&s, 3);
    assert_int_equal(cascade_model_state(s.m, 0), after);
    finish(&s);
}

static void test_dissent_shock_hold(void **state)
{
    (void)state;
    hold_case(false, 0.0, 0, 2, CASCADE_LOYAL);
    hold_case(false, 0.6, 0, 2, CASCADE_DISSENT);
    hold_case(true, 0.0, 0, 2, CASCADE_LOYAL);
    hold_case(true, 0.6, 0, 2, CASCADE_DISSENT);
    hold_case(false, 0.0, 3, 1, CASCADE_LOYAL);
    hold_case(false, 0.0, 3, 4, CASCADE_LOYAL);
}

/* Explicit count thresholds 2 on the complete graph of 3; elites 0 and 1 forced for one
 * tick. Released at tick 1, each sees one other dissenter (never itself): 1 < 2, back to
 * LOYAL, while elite 2 sees both and joins. After that each of 0 and 1 sees only elite 2.
 * Then the same for the derived rule. */
static void test_hold_release_excludes_self(void **state)
{
    (void)state;
    sim s;
    base(&s, 3);
    s.p.has_threshold = true;
    s.p.threshold = cdist(2.0);
    s.p.threshold_unit = CASCADE_UNIT_COUNT;
    cascade_shock sh = dissent_shock(0, 2, CASCADE_WHERE_HUBS, 1);
    s.p.shocks = &sh;
    s.p.n_shocks = 1;
    start(&s, 25);
    assert_int_equal(cascade_model_state(s.m, 0), CASCADE_DISSENT);
    assert_int_equal(cascade_model_state(s.m, 1), CASCADE_DISSENT);
    steps(&s, 1);
    assert_int_equal(cascade_model_state(s.m, 0), CASCADE_LOYAL);
    assert_int_equal(cascade_model_state(s.m, 1), CASCADE_LOYAL);
    assert_int_equal(cascade_model_state(s.m, 2), CASCADE_DISSENT);
    steps(&s, 3);
    assert_int_equal(n_in(&s, CASCADE_DISSENT), 1);
    finish(&s);

    /* derived rule, complete graph of 3, elite 0 forced for one tick: released, it sees
     * o = 0/2 (not 1/2): B = 0.4 - 1 * 0.6 * 1 = -0.2 < 0, LOYAL (with itself counted,
     * B = 0.4 - 0.3 > 0) */
    static const double d[3] = {0.6, 0.0, 0.0};
    base(&s, 3);
    s.p.discontent = ldist(d, 3);
    s.p.risk_aversion = cdist(1.0);
    s.p.min_grievance = 0.2;
    s.p.punishment = 0.6;
    s.p.reversible = true;
    sh = dissent_shock(0, 1, CASCADE_WHERE_HUBS, 1);
    s.p.shocks = &sh;
    s.p.n_shocks = 1;
    start(&s, 25);
    assert_int_equal(cascade_model_state(s.m, 0), CASCADE_DISSENT);
    steps(&s, 1);
    assert_int_equal(cascade_model_state(s.m, 0), CASCADE_LOYAL);
    finish(&s);
}

static void test_grievance_shock(void **state)
{
    (void)state;
    static const double d[3] = {0.37, 0.95, 0.02};
    sim s;
    base(&s, 3);
    s.p.discontent = ldist(d, 3);
    s.p.min_grievance = 1.0;
    cascade_shock sh[2];
    memset(sh, 0, sizeof sh);
    sh[0].tick = 0;
    sh[0].kind = CASCADE_SHOCK_GRIEVANCE;
    sh[0].delta = 0.1;
    sh[1].tick = 1;
    sh[1].kind = CASCADE_SHOCK_GRIEVANCE;
    sh[1].delta = -0.2;
    s.p.shocks = sh;
    s.p.n_shocks = 2;
    start(&s, 23);
    assert_true(cascade_model_discontent(s.m, 0) == 0.37 + 0.1);
    assert_true(cascade_model_discontent(s.m, 1) == 1.0);
    assert_true(cascade_model_discontent(s.m, 2) == 0.02 + 0.1);
    steps(&s, 1);
    assert_true(cascade_model_discontent(s.m, 0) == (0.37 + 0.1) + -0.2);
    assert_true(cascade_model_discontent(s.m, 1) == 1.0 + -0.2);
    assert_true(cascade_model_discontent(s.m, 2) == 0.0);
    finish(&s);
}

/* ---- observables ---- */

static void test_observables_by_hand(void **state)
{
    (void)state;
    static const double d[4] = {0.37, 0.6, 0.8, 0.51};
    sim s;
    base(&s, 4);
    s.p.discontent = ldist(d, 4);
    s.p.min_grievance = 0.9;
    cascade_shock sh[2] = {dissent_shock(0, 2, CASCADE_WHERE_HUBS, CASCADE_HOLD_FOREVER),
                           purge_shock(1, 1)};
    s.p.targeting = 1.0; /* the purge takes a dissenter (surveillance 0) */
    s.p.shocks = sh;
    s.p.n_shocks = 2;
    start(&s, 24);
    cascade_observables obs;
    cascade_model_observe(s.m, &obs);
    assert_int_equal(obs.tick, 0);
    assert_true(obs.public_dissent == 0.5);          /* elites 0 and 1 */
    assert_true(obs.private_opposition == 0.75);     /* 0.6, 0.8, 0.51 > 0.5 */
    assert_true(obs.falsification_gap == 0.5);       /* 2 and 3 */
    assert_true(fabs(obs.mean_discontent - (0.37 + 0.6 + 0.8 + 0.51) / 4.0) < 1e-15);
    steps(&s, 1);
    cascade_model_observe(s.m, &obs);
    assert_true(obs.public_dissent == 0.25);
    assert_true(obs.purged == 0.25);
    cascade_summary sum;
    cascade_model_summarize(s.m, &sum);
    assert_true(sum.peak_dissent == 0.5);
    assert_int_equal(sum.peak_tick, 0);
    assert_true(sum.cascade); /* cascade_level 0.5 reached at tick 0 */
    assert_int_equal(sum.cascade_tick, 0);
    assert_true(sum.final_dissent == 0.25);
    assert_true(sum.purged == 0.25);
    finish(&s);
}

/* ---- invariants on random runs ---- */

static void default_like(sim *s, uint32_t n, cascade_shock sh[3])
{
    base(s, n);
    cascade_params *p = &s->p;
    p->abroad_fraction = 0.1;
    p->discontent.kind = CASCADE_DIST_BETA;
    p->discontent.p[0] = 2.0;
    p->discontent.p[1] = 3.0;
    p->risk_aversion.kind = CASCADE_DIST_UNIFORM;
    p->risk_aversion.p[0] = 0.5;
    p->risk_aversion.p[1] = 1.5;
    p->openness = 0.02;
    p->exit_visibility = 0.5;
    p->min_grievance = 0.2;
    p->safety_in_numbers = 2.0;
    p->punishment = 0.5;
    p->family_punishment = 0.5;
    p->purge_rate = 0.005;
    p->targeting = 0.5;
    p->surveillance = 1.0;
    p->fear_shock = 0.2;
    p->alienation = 0.05;
    p->crackdown = 0.05;
    p->fear_decay = 0.05;
    p->cooptation = 0.001;
    p->collapse_dissent = 0.5;
    p->rate_abroad = 0.05;
    p->rate_home = 0.002;
    p->base_fear = 0.1;
    p->family_deterrence = 0.5;
    p->flee_on_recall = 0.5;
    p->flee_on_purge = 0.1;
    p->security_size = 50;
    p->loyalty.kind = CASCADE_DIST_NORMAL;
    p->loyalty.p[0] = 0.3;
    p->loyalty.p[1] = 0.1;
    p->wait_band = 0.1;
    p->crackdown_alienation = 0.002;
    p->collapse_capacity = 0.5;
    p->ticks = 150;
    sh[0] = purge_shock(10, 3);
    sh[1] = dissent_shock(40, 0, CASCADE_WHERE_CLUSTER, CASCADE_HOLD_FOREVER);
    sh[1].by_count = false;
    sh[1].fraction = 0.08;
    memset(&sh[2], 0, sizeof sh[2]);
    sh[2].tick = 60;
    sh[2].kind = CASCADE_SHOCK_GRIEVANCE;
    sh[2].delta = 0.05;
    p->shocks = sh;
    p->n_shocks = 3;
}

static void test_invariants_random_network(void **state)
{
    (void)state;
    const uint32_t n = 400;
    for (int run = 0; run < 4; run++) {
        sim s;
        cascade_shock sh[3];
        default_like(&s, n, sh);
        s.p.network.type = CASCADE_NET_ERDOS_RENYI;
        s.p.network.mean_degree = 6.0;
        s.p.update = run % 2 ? CASCADE_UPDATE_RANDOM_ORDER : CASCADE_UPDATE_SYNCHRONOUS;
        if (run >= 2) {
            s.p.punishment = 0.2; /* a regime that tips */
        }
        start(&s, 100 + (unsigned long)run);
        double prev_def = 0, prev_pur = 0, peak = -1, prev_sec_def = 0;
        uint32_t peak_tick = 0, cascade_tick = CASCADE_NO_TICK;
        for (;;) {
            uint32_t c[4] = {0, 0, 0, 0};
            for (uint32_t i = 0; i < n; i++) {
                c[cascade_model_state(s.m, i)]++;
            }
            uint32_t total = 0;
            for (int k = 0; k < 4; k++) {
                assert_int_equal(c[k], n_in(&s, (cascade_elite_state)k));
                total += c[k];
            }
            assert_int_equal(total, n);
            cascade_observables o;
            cascade_model_observe(s.m, &o);
            assert_true(o.public_dissent == (double)c[CASCADE_DISSENT] / n);
            assert_true(o.defected >= prev_def && o.purged >= prev_pur);
            assert_true(o.security_defected >= prev_sec_def);
            prev_def = o.defected;
            prev_pur = o.purged;
            prev_sec_def = o.security_defected;
            assert_true(o.falsification_gap <= o.private_opposition);
            assert_true(o.private_opposition <= 1.0 - o.defected - o.purged + 1e-12);
            assert_true(o.mean_discontent >= 0.0 && o.mean_discontent <= 1.0);
            assert_true(o.mean_fear >= 0.0);
            assert_true(fabs(o.security_active + o.security_barracks + o.security_defected - 1.0) <
                        1e-12);
            for (uint32_t i = 0; i < n; i++) {
                double d = cascade_model_discontent(s.m, i);
                assert_true(d >= 0.0 && d <= 1.0);
            }
            if (o.public_dissent > peak) {
                peak = o.public_dissent;
                peak_tick = o.tick;
            }
            if (cascade_tick == CASCADE_NO_TICK && o.public_dissent >= s.p.cascade_level) {
                cascade_tick = o.tick;
            }
            if (cascade_model_done(s.m)) {
                break;
            }
            cascade_model_step(s.m);
        }
        assert_int_equal(cascade_model_tick(s.m), 150);
        cascade_summary sum;
        cascade_model_summarize(s.m, &sum);
        assert_true(sum.peak_dissent == peak);
        assert_int_equal(sum.peak_tick, peak_tick);
        assert_int_equal(sum.cascade_tick, cascade_tick);
        assert_int_equal(sum.cascade, cascade_tick != CASCADE_NO_TICK);
        finish(&s);
    }
}

/* The implicit complete graph and the same graph stored as CSR must give the same run,
 * draw for draw: this checks the stored neighbour counts against the global ones. */
static void test_complete_implicit_equals_stored(void **state)
{
    (void)state;
    const uint32_t n = 30;
    const size_t e = (size_t)n * (n - 1) / 2;
    static uint32_t off[31], adj[870];
    for (int mode = 0; mode < 2; mode++) {
        sim s1, s2;
        cascade_shock sh1[3], sh2[3];
        default_like(&s1, n, sh1);
        default_like(&s2, n, sh2);
        for (int k = 0; k < 2; k++) {
            cascade_params *p = k ? &s2.p : &s1.p;
            cascade_shock *sh = k ? sh2 : sh1;
            sh[1].where = CASCADE_WHERE_HUBS; /* clusters differ by design on the complete graph */
            p->update = mode ? CASCADE_UPDATE_RANDOM_ORDER : CASCADE_UPDATE_SYNCHRONOUS;
            p->punishment = 0.2;
            p->purge_rate = 0.02;
            p->rate_home = 0.02;
            p->abroad_fraction = 0.3;
            p->flee_on_purge = 0.3;
            p->openness = 0.1;
            p->reversible = true; /* dissenters judge themselves too: self-exclusion matters */
            sh[1].hold = 5;
        }
        /* too big for use_edges' arrays: fill CSR directly */
        off[0] = 0;
        for (uint32_t i = 0; i < n; i++) {
            off[i + 1] = off[i] + n - 1;
            uint32_t k = off[i];
            for (uint32_t j = 0; j < n; j++) {
                if (j != i) {
                    adj[k++] = j;
                }
            }
        }
        s2.net.n_elites = n;
        s2.net.n_edges = e;
        s2.net.offsets = off;
        s2.net.adj = adj;
        s2.p.network.type = CASCADE_NET_FILE;
        start(&s1, 31);
        start(&s2, 31);
        assert_true(s1.net.complete);
        uint32_t changed = 0;
        while (!cascade_model_done(s1.m)) {
            cascade_model_step(s1.m);
            cascade_model_step(s2.m);
            for (uint32_t i = 0; i < n; i++) {
                assert_int_equal(cascade_model_state(s1.m, i), cascade_model_state(s2.m, i));
                assert_true(cascade_model_discontent(s1.m, i) ==
                            cascade_model_discontent(s2.m, i));
                assert_true(cascade_model_fear(s1.m, i) == cascade_model_fear(s2.m, i));
            }
        }
        assert_true(cascade_model_done(s2.m));
        changed = n_in(&s1, CASCADE_DISSENT) + n_in(&s1, CASCADE_DEFECTED) +
                  n_in(&s1, CASCADE_PURGED);
        assert_true(changed > 0); /* the run did something */
        finish(&s1);
        finish(&s2);
    }
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
        cmocka_unit_test(test_reversible),
        cmocka_unit_test(test_set_bool_and_int),
        cmocka_unit_test(test_exit_hazard_clipped),
        cmocka_unit_test(test_exit_visible_count),
        cmocka_unit_test(test_exit_visible_fraction_complete),
        cmocka_unit_test(test_purge_effects_on_associates),
        cmocka_unit_test(test_purge_associates_abroad_flee),
        cmocka_unit_test(test_purge_recall_flees),
        cmocka_unit_test(test_purge_targeting_weights),
        cmocka_unit_test(test_crackdown_purges_every_dissenter),
        cmocka_unit_test(test_crackdown_alienates_security),
        cmocka_unit_test(test_security_states_and_collapse),
        cmocka_unit_test(test_security_defection_final),
        cmocka_unit_test(test_security_edges),
        cmocka_unit_test(test_collapse_dissent_and_no_forces),
        cmocka_unit_test(test_fear_decay_and_cooptation),
        cmocka_unit_test(test_dissent_shock_count_fraction),
        cmocka_unit_test(test_dissent_shock_cluster),
        cmocka_unit_test(test_dissent_shock_hubs),
        cmocka_unit_test(test_dissent_shock_hold),
        cmocka_unit_test(test_hold_release_excludes_self),
        cmocka_unit_test(test_grievance_shock),
        cmocka_unit_test(test_observables_by_hand),
        cmocka_unit_test(test_invariants_random_network),
        cmocka_unit_test(test_complete_implicit_equals_stored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
