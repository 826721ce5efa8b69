/*
 * Tests of sim/rng: the SplitMix64 finaliser, seed derivation from (master, point,
 * replicate, purpose), and generators seeded from 64-bit seeds.
 *
 * Pinned values were not copied from the implementation's output: cascade_rng_mix64 is
 * checked against the published SplitMix64 reference stream (seed 0), and the derived
 * seeds and first mt19937 draws against an independent Python evaluation of the formula
 * documented in sim/rng/rng.c (the 624 state words filled from a SplitMix64 stream, then
 * Python's own MT19937 with that state). They guard against accidental changes: a
 * changed derivation silently changes every published result.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "cascade/rng.h"

static void test_mix64_reference(void **state)
{
    (void)state;
    /* SplitMix64 (Vigna) from state 0: the outputs are mix64(0), mix64(golden), ... */
    const uint64_t golden = UINT64_C(0x9E3779B97F4A7C15);
    assert_true(cascade_rng_mix64(0) == UINT64_C(0xE220A8397B1DCDAF));
    assert_true(cascade_rng_mix64(golden) == UINT64_C(0x6E789E6AA1B965F4));
    assert_true(cascade_rng_mix64(2 * golden) == UINT64_C(0x06C45D188009454F));
}

static void test_derive_pinned(void **state)
{
    (void)state;
    assert_true(cascade_rng_derive(2015, 0, 0, CASCADE_RNG_RUN) == UINT64_C(0x79E9AEB087F30911));
    assert_true(cascade_rng_derive(2015, 3, 7, CASCADE_RNG_RUN) == UINT64_C(0xE3C29E552E40465E));
    assert_true(cascade_rng_derive(0, 0, 0, CASCADE_RNG_RUN) == UINT64_C(0x031972CE808163F1));
    assert_true(cascade_rng_derive(2015, 0, 0, CASCADE_RNG_NETWORK) ==
                UINT64_C(0xB6C2D144466DFB01));
    assert_true(cascade_rng_derive(42, 12345, 39, CASCADE_RNG_SAMPLE) ==
                UINT64_C(0x1B97DD9952099DE5));
}

static void expect_first_draws(uint64_t seed64, const unsigned long want[3])
{
    gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, seed64);
    assert_non_null(rng);
    for (int k = 0; k < 3; k++) {
        assert_int_equal(gsl_rng_get(rng), want[k]);
    }
    gsl_rng_free(rng);
}

static void test_first_draws_pinned(void **state)
{
    (void)state;
    const unsigned long a[3] = {3370773437UL, 1175143564UL, 4259005755UL};
    const unsigned long b[3] = {2417589122UL, 1271649076UL, 2202710911UL};
    const unsigned long c[3] = {956863931UL, 3386895274UL, 1679913965UL};
    expect_first_draws(cascade_rng_derive(2015, 0, 0, CASCADE_RNG_RUN), a);
    expect_first_draws(cascade_rng_derive(2015, 3, 7, CASCADE_RNG_RUN), b);
    expect_first_draws(cascade_rng_derive(0, 0, 0, CASCADE_RNG_RUN), c);
}

static void test_derive_varies(void **state)
{
    (void)state;
    uint64_t base = cascade_rng_derive(2015, 3, 7, CASCADE_RNG_RUN);
    assert_true(cascade_rng_derive(2016, 3, 7, CASCADE_RNG_RUN) != base);
    assert_true(cascade_rng_derive(2015, 4, 7, CASCADE_RNG_RUN) != base);
    assert_true(cascade_rng_derive(2015, 3, 8, CASCADE_RNG_RUN) != base);
    assert_true(cascade_rng_derive(2015, 3, 7, CASCADE_RNG_NETWORK) != base);
    assert_true(cascade_rng_derive(2015, 3, 7, CASCADE_RNG_SAMPLE) != base);
    /* point and replicate are not interchangeable */
    assert_true(cascade_rng_derive(2015, 7, 3, CASCADE_RNG_RUN) != base);
    /* never seed + i */
    assert_true(cascade_rng_derive(2015, 0, 1, CASCADE_RNG_RUN) !=
                cascade_rng_derive(2015, 0, 0, CASCADE_RNG_RUN) + 1);
    /* deterministic */
    assert_true(cascade_rng_derive(2015, 3, 7, CASCADE_RNG_RUN) == base);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* 1000 points x 100 replicates = 100,000 runs: distinct 64-bit seeds and distinct streams
 * (the first two 32-bit draws as one 64-bit value; 32-bit first draws alone would collide
 * by the birthday bound with probability about 0.69, 64-bit pairs about 3e-10). */
static void test_sweep_streams_distinct(void **state)
{
    (void)state;
    const size_t n_points = 1000, n_reps = 100, n = n_points * n_reps;
    uint64_t *seeds = malloc(n * sizeof *seeds);
    uint64_t *firsts = malloc(n * sizeof *firsts);
    assert_non_null(seeds);
    assert_non_null(firsts);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    for (size_t p = 0; p < n_points; p++) {
        for (size_t r = 0; r < n_reps; r++) {
            size_t i = p * n_reps + r;
            seeds[i] = cascade_rng_derive(2015, p, r, CASCADE_RNG_RUN);
            cascade_rng_seed(rng, seeds[i]);
            uint64_t hi = gsl_rng_get(rng);
            firsts[i] = (hi << 32) | (uint64_t)gsl_rng_get(rng);
        }
    }
    gsl_rng_free(rng);
    qsort(seeds, n, sizeof *seeds, cmp_u64);
    qsort(firsts, n, sizeof *firsts, cmp_u64);
    for (size_t i = 1; i < n; i++) {
        assert_true(seeds[i] != seeds[i - 1]);
        assert_true(firsts[i] != firsts[i - 1]);
    }
    free(seeds);
    free(firsts);
}

static bool same_stream(gsl_rng *a, gsl_rng *b, int n)
{
    bool same = true;
    for (int k = 0; k < n; k++) {
        same = same && gsl_rng_get(a) == gsl_rng_get(b);
    }
    return same;
}

static void test_mt_high_bits(void **state)
{
    (void)state;
    /* the two seeds agree in the low 32 bits and also fold to the same 32 bits (0) */
    gsl_rng *a = cascade_rng_alloc(gsl_rng_mt19937, UINT64_C(0x0000000100000001));
    gsl_rng *b = cascade_rng_alloc(gsl_rng_mt19937, UINT64_C(0x0000000200000002));
    assert_non_null(a);
    assert_non_null(b);
    assert_false(same_stream(a, b, 10));
    gsl_rng_free(a);
    gsl_rng_free(b);

    /* GSL maps seed 0 to 4357; the full-state seeding keeps them apart */
    gsl_rng *g0 = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng *g1 = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g0, 0);
    gsl_rng_set(g1, 4357);
    assert_true(same_stream(g0, g1, 10)); /* the premise */
    gsl_rng_free(g0);
    gsl_rng_free(g1);
    a = cascade_rng_alloc(gsl_rng_mt19937, 0);
    b = cascade_rng_alloc(gsl_rng_mt19937, 4357);
    assert_false(same_stream(a, b, 10));
    gsl_rng_free(a);
    gsl_rng_free(b);

    /* the other mt19937 variants are filled too */
    a = cascade_rng_alloc(gsl_rng_mt19937_1999, UINT64_C(0x0000000100000001));
    b = cascade_rng_alloc(gsl_rng_mt19937_1999, UINT64_C(0x0000000200000002));
    assert_false(same_stream(a, b, 10));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void test_reseed_matches_alloc(void **state)
{
    (void)state;
    const uint64_t seed = UINT64_C(0x123456789ABCDEF0);
    gsl_rng *a = cascade_rng_alloc(gsl_rng_mt19937, seed);
    gsl_rng *b = cascade_rng_alloc(gsl_rng_mt19937, 37);
    for (int k = 0; k < 1000; k++) {
        (void)gsl_rng_get(b); /* move b somewhere else in its stream */
    }
    cascade_rng_seed(b, seed);
    assert_true(same_stream(a, b, 2000)); /* past the first regeneration of 624 words */
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void test_taus2(void **state)
{
    (void)state;
    const gsl_rng_type *t = cascade_rng_type_find("taus2");
    assert_ptr_equal(t, gsl_rng_taus2);
    assert_false(cascade_rng_full_state(t));
    /* seeded with the 64-bit seed folded to 32 bits: 0x00000001_00000025 folds to 0x24 */
    gsl_rng *a = cascade_rng_alloc(t, UINT64_C(0x0000000100000025));
    gsl_rng *b = gsl_rng_alloc(t);
    assert_non_null(a);
    assert_non_null(b);
    gsl_rng_set(b, 0x24);
    assert_true(same_stream(a, b, 100));
    /* it works: uniforms in [0, 1) with a plausible mean (n = 10,000, 5 standard errors) */
    double sum = 0.0;
    for (int k = 0; k < 10000; k++) {
        double u = gsl_rng_uniform(a);
        assert_true(u >= 0.0 && u < 1.0);
        sum += u;
    }
    double se = 1.0 / sqrt(12.0 * 10000.0);
    assert_true(fabs(sum / 10000.0 - 0.5) < 5.0 * se);
    /* a different seed, a different stream */
    cascade_rng_seed(b, 38);
    gsl_rng_set(a, 37);
    assert_false(same_stream(a, b, 10));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void test_type_find(void **state)
{
    (void)state;
    assert_ptr_equal(cascade_rng_type_find("mt19937"), gsl_rng_mt19937);
    assert_ptr_equal(cascade_rng_type_find("mt19937_1999"), gsl_rng_mt19937_1999);
    assert_ptr_equal(cascade_rng_type_find("ranlxd2"), gsl_rng_ranlxd2);
    assert_null(cascade_rng_type_find("MT19937"));
    assert_null(cascade_rng_type_find("mersenne"));
    assert_null(cascade_rng_type_find(""));
    assert_true(cascade_rng_full_state(gsl_rng_mt19937));
    assert_true(cascade_rng_full_state(gsl_rng_mt19937_1999));
    assert_true(cascade_rng_full_state(gsl_rng_mt19937_1998));
    assert_false(cascade_rng_full_state(gsl_rng_ranlxd2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mix64_reference),
        cmocka_unit_test(test_derive_pinned),
        cmocka_unit_test(test_first_draws_pinned),
        cmocka_unit_test(test_derive_varies),
        cmocka_unit_test(test_sweep_streams_distinct),
        cmocka_unit_test(test_mt_high_bits),
        cmocka_unit_test(test_reseed_matches_alloc),
        cmocka_unit_test(test_taus2),
        cmocka_unit_test(test_type_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
