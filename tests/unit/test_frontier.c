/*
 * The frontier of synchronous explicit-threshold decisions (sim/core/model.c) against
 * the general loop that judges every elite every tick.
 *
 * The model judges only the elites whose neighbour counts changed since the last
 * decision when that cannot change the outcome (explicit thresholds, openness 0 or count
 * units, no shock this tick, no finite hold pending). A set shock at every tick, which
 * writes a parameter's own value back, makes every tick a full scan without changing the
 * dynamics: the same random graph, seed and parameters must then give the same state
 * of every elite after every tick. Cases: pure Watts dynamics in fraction and count
 * units, and the same with exits, defections visible or not (exit_visibility 0 lets the
 * model mark only the elites whose count reaches their threshold), purges, and
 * forced dissent with a finite hold; on both network generators; and with openness > 0
 * (where the frontier does not apply) as a control; and a network with a hub whose list
 * is longer than the buffer the model gathers adjacency entries in. With exit_visibility
 * 0 the full scan too judges a LOYAL elite by its count biased by need_i; debug builds
 * assert each such verdict against the rule itself, so a wrong need_i fails here as well
 * as a wrong mark. A variant changes the rule by set shocks (need_i changes; the counts
 * must lose their bias and regain it); in another, some elites fire with no dissenting
 * neighbour, which the first decision must find although it judges only marked elites. After every tick both models must also pass
 * cascade_model_consistent: every count they keep equals the count recomputed from the
 * states.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cascade/dist.h"
#include "cascade/model.h"
#include "cascade/network.h"
#include "cascade/rng.h"

#define N_ELITES 3000u
#define N_TICKS 60u

typedef struct variant {
    cascade_threshold_unit unit;
    double mean_degree;
    bool mechanisms; /* exits, purges, a held dissent shock */
    double openness;
    double exit_visibility; /* 0: the model marks only elites whose count tips them */
    cascade_network_generator generator;
    uint32_t hub_size; /* > 0: this many elites on a star plus a ring instead (a hub) */
    bool rule_change;  /* set shocks: openness 0.3 at tick 8 (need_i changes and the
                          frontier stops), back to 0 at tick 20 */
    bool fire_alone;   /* count thresholds from -0.5: a fifth of the elites fire with no
                          dissenting neighbour (need_i = 0) */
} variant;

static void fill_params(cascade_params *p, const variant *v)
{
    memset(p, 0, sizeof *p);
    p->size = v->hub_size > 0 ? v->hub_size : N_ELITES;
    p->opposed_above = 0.5;
    p->discontent.kind = CASCADE_DIST_UNIFORM;
    p->discontent.p[0] = 0.0;
    p->discontent.p[1] = 1.0;
    p->has_threshold = true;
    p->threshold.kind = CASCADE_DIST_UNIFORM;
    p->threshold_unit = v->unit;
    if (v->unit == CASCADE_UNIT_FRACTION) {
        p->threshold.p[0] = 0.02;
        p->threshold.p[1] = 0.25;
    } else {
        p->threshold.p[0] = v->fire_alone ? -0.5 : 0.5;
        p->threshold.p[1] = 2.0;
    }
    p->network.type = CASCADE_NET_ERDOS_RENYI;
    p->network.mean_degree = v->mean_degree;
    p->network.generator = v->generator;
    p->openness = v->openness;
    p->safety_in_numbers = 1.0;
    p->collapse_dissent = 2.0;
    p->loyalty.kind = CASCADE_DIST_CONST;
    p->loyalty.p[0] = 1.0;
    p->ticks = N_TICKS;
    p->replicates = 1;
    p->rng = "mt19937";
    p->record_every = 1;
    p->cascade_level = 0.5;
    if (v->mechanisms) {
        p->abroad_fraction = 0.2;
        p->exit_visibility = v->exit_visibility;
        p->rate_home = 0.01;
        p->rate_abroad = 0.05;
        p->base_fear = 0.3;
        p->purge_rate = 0.002;
        p->targeting = 0.5;
        p->surveillance = 1.0;
        p->fear_shock = 0.2;
        p->alienation = 0.05;
        p->crackdown = 0.01;
        p->flee_on_recall = 0.5;
        p->flee_on_purge = 0.2;
        p->fear_decay = 0.05;
    }
}

/* A star (elite 0 tied to every other) plus a ring 1 - 2 - ... - (n - 1) - 1, in CSR
 * with sorted lists: elite 0 has degree n - 1, longer than the model's gather buffer. */
static void hub_network(cascade_network *net, uint32_t n)
{
    net->n_elites = n;
    net->complete = false;
    net->n_edges = 2 * ((size_t)n - 1);
    net->offsets = malloc(((size_t)n + 1) * sizeof *net->offsets);
    net->adj = malloc(2 * net->n_edges * sizeof *net->adj);
    assert_non_null(net->offsets);
    assert_non_null(net->adj);
    uint32_t k = 0;
    net->offsets[0] = 0;
    for (uint32_t j = 1; j < n; j++) {
        net->adj[k++] = j;
    }
    for (uint32_t i = 1; i < n; i++) {
        net->offsets[i] = k;
        uint32_t prev = i == 1 ? n - 1 : i - 1, next = i == n - 1 ? 1 : i + 1;
        net->adj[k++] = 0;
        net->adj[k++] = prev < next ? prev : next;
        net->adj[k++] = prev < next ? next : prev;
    }
    net->offsets[n] = k;
    assert_int_equal(k, 2 * net->n_edges);
}

/* Runs the variant twice, the second time with a set shock at every tick; compares. */
static void compare(const variant *v, uint64_t seed)
{
    cascade_params p;
    fill_params(&p, v);
    cascade_shock shocks[4 + N_TICKS];
    memset(shocks, 0, sizeof shocks);
    size_t n_real = 0;
    shocks[n_real].tick = 0;
    shocks[n_real].kind = CASCADE_SHOCK_DISSENT;
    shocks[n_real].by_count = true;
    shocks[n_real].count = 20;
    shocks[n_real].hold = CASCADE_HOLD_FOREVER;
    n_real++;
    if (v->mechanisms) {
        shocks[n_real].tick = 5;
        shocks[n_real].kind = CASCADE_SHOCK_DISSENT;
        shocks[n_real].by_count = true;
        shocks[n_real].count = 40;
        shocks[n_real].hold = 3;
        n_real++;
    }
    for (uint32_t c = 0; v->rule_change && c < 2; c++) {
        shocks[n_real].tick = c == 0 ? 8 : 20;
        shocks[n_real].kind = CASCADE_SHOCK_SET;
        shocks[n_real].key = "information.openness";
        shocks[n_real].offset = offsetof(cascade_params, openness);
        shocks[n_real].type = CASCADE_TYPE_REAL;
        shocks[n_real].value = c == 0 ? 0.3 : 0.0;
        n_real++;
    }
    cascade_shock with_sets[4 + N_TICKS];
    memcpy(with_sets, shocks, sizeof shocks);
    size_t n_all = n_real;
    for (uint32_t t = 1; t <= N_TICKS; t++) {
        cascade_shock *sh = &with_sets[n_all++];
        memset(sh, 0, sizeof *sh);
        sh->tick = t;
        sh->kind = CASCADE_SHOCK_SET;
        sh->key = "information.exit_visibility";
        sh->offset = offsetof(cascade_params, exit_visibility);
        sh->type = CASCADE_TYPE_REAL;
        sh->value = p.exit_visibility;
    }
    /* shocks sorted by tick, stable: at each tick the real ones come first */
    for (size_t a = 1; a < n_all; a++) {
        for (size_t b = a; b > 0 && with_sets[b - 1].tick > with_sets[b].tick; b--) {
            cascade_shock tmp = with_sets[b];
            with_sets[b] = with_sets[b - 1];
            with_sets[b - 1] = tmp;
        }
    }
    cascade_params fast = p, full = p;
    fast.shocks = shocks;
    fast.n_shocks = n_real;
    full.shocks = with_sets;
    full.n_shocks = n_all;

    gsl_rng *rng_fast = cascade_rng_alloc(gsl_rng_mt19937, seed);
    gsl_rng *rng_full = cascade_rng_alloc(gsl_rng_mt19937, seed);
    cascade_network net_fast, net_full;
    cascade_error err;
    if (v->hub_size > 0) {
        hub_network(&net_fast, p.size);
        hub_network(&net_full, p.size);
    } else {
        assert_int_equal(cascade_network_build(&p.network, p.size, rng_fast, &net_fast, &err),
                         CASCADE_OK);
        assert_int_equal(cascade_network_build(&p.network, p.size, rng_full, &net_full, &err),
                         CASCADE_OK);
    }
    assert_int_equal(net_fast.n_edges, net_full.n_edges);
    cascade_model *a = cascade_model_alloc(&fast, &net_fast, rng_fast);
    cascade_model *b = cascade_model_alloc(&full, &net_full, rng_full);
    assert_non_null(a);
    assert_non_null(b);
    while (!cascade_model_done(a)) {
        assert_false(cascade_model_done(b));
        cascade_model_step(a);
        cascade_model_step(b);
        for (uint32_t i = 0; i < p.size; i++) {
            assert_int_equal(cascade_model_state(a, i), cascade_model_state(b, i));
        }
        assert_true(cascade_model_consistent(a));
        assert_true(cascade_model_consistent(b));
    }
    cascade_summary sa, sb;
    cascade_model_summarize(a, &sa);
    cascade_model_summarize(b, &sb);
    assert_memory_equal(&sa, &sb, sizeof sa);
    assert_true(sa.peak_dissent * p.size > 60.0); /* the cascade went beyond its seeds */
    cascade_model_free(a);
    cascade_model_free(b);
    cascade_network_release(&net_fast);
    cascade_network_release(&net_full);
    gsl_rng_free(rng_fast);
    gsl_rng_free(rng_full);
}

static void run_variants(cascade_network_generator generator)
{
    const variant variants[] = {
        {CASCADE_UNIT_FRACTION, 4.0, false, 0.0, 0.0, generator, 0, false, false},
        {CASCADE_UNIT_FRACTION, 7.0, false, 0.0, 0.0, generator, 0, false, false},
        {CASCADE_UNIT_COUNT, 3.0, false, 0.0, 0.0, generator, 0, false, false},
        {CASCADE_UNIT_FRACTION, 5.0, true, 0.0, 0.5, generator, 0, false, false},
        {CASCADE_UNIT_FRACTION, 5.0, true, 0.0, 0.0, generator, 0, false, false},
        {CASCADE_UNIT_COUNT, 4.0, true, 0.3, 0.5, generator, 0, false, false},
        {CASCADE_UNIT_COUNT, 4.0, true, 0.3, 0.0, generator, 0, false, false},
        /* control: openness > 0, the general loop */
        {CASCADE_UNIT_FRACTION, 5.0, true, 0.1, 0.5, generator, 0, false, false},
        {CASCADE_UNIT_FRACTION, 5.0, true, 0.0, 0.0, generator, 0, true, false},
        {CASCADE_UNIT_COUNT, 3.0, false, 0.0, 0.0, generator, 0, false, true},
    };
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        for (uint64_t seed = 1; seed <= 4; seed++) {
            compare(&variants[v], cascade_rng_derive(77, v, seed, CASCADE_RNG_RUN));
        }
    }
}

/* The hub's list (5,999 entries) is scattered in place, not through the buffer; count
 * thresholds of 1 or 2 let it fire early in the cascade. */
static void test_frontier_hub(void **state)
{
    (void)state;
    const variant variants[] = {
        {CASCADE_UNIT_COUNT, 3.0, false, 0.0, 0.0, CASCADE_NETGEN_DIRECT, 6000, false, false},
        {CASCADE_UNIT_COUNT, 3.0, true, 0.0, 0.0, CASCADE_NETGEN_DIRECT, 6000, false, false},
    };
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        for (uint64_t seed = 1; seed <= 3; seed++) {
            compare(&variants[v], cascade_rng_derive(78, v, seed, CASCADE_RNG_RUN));
        }
    }
}

static void test_frontier_igraph(void **state)
{
    (void)state;
    run_variants(CASCADE_NETGEN_IGRAPH);
}

static void test_frontier_direct(void **state)
{
    (void)state;
    run_variants(CASCADE_NETGEN_DIRECT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frontier_igraph),
        cmocka_unit_test(test_frontier_direct),
        cmocka_unit_test(test_frontier_hub),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
