/*
 * The direct generator of Erdos-Renyi, factions and ring networks (network.generator =
 * direct, sim/net/network.c):
 * structure (sorted, symmetric, simple lists), reproducibility, the edge cases p = 0 and
 * p = 1, refusal for other network types, and degree statistics of G(n, p).
 *
 * Statistics, n = 20000, mean degree 6 (p = 6 / 19999), 5 seeds: the edge count is
 * Binomial(n(n-1)/2, p), mean 60000, sd 245; we accept 5 sd (false alarm < 1e-6 per
 * seed). The degree variance of G(n, p) is (n - 1) p (1 - p) ~ 6; its sample estimate
 * over 20000 degrees has a relative sd of about sqrt((2 + 1/6) / 20000) ~ 1%, so a 6%
 * tolerance is about 6 sd. The share of isolated elites is (1 - p)^(n-1) ~ e^-6 =
 * 0.00248, sd 0.00035 over 20000: accepted within 5 sd.
 *
 * Blocks: a graph of more than GNP_BLOCK_EDGES expected edges is drawn in blocks of rows,
 * each with its own generator, in parallel. n = 6000, p = 0.1 (1.8 million edges, 27
 * blocks) must come out the same with 1 and 2 threads, and every row v must hold its
 * share of the lower pairs: its number of lower neighbours is Binomial(v, p), so rows
 * with v p >= 50 must lie within 8 sd of v p (false alarm below 1e-14 per row); a row
 * dropped or drawn twice at a block boundary would be far outside, and a row drawn twice
 * would also leave its list unsorted.
 *
 * Buckets: a graph of more than 16,384 elites writes its higher neighbours through
 * buckets of elites. n = 200000, mean degree 8 (13 blocks, 13 buckets) must come out the
 * same with 1 and 2 threads, sorted and symmetric. tests/CMakeLists.txt builds this file
 * a second time against a generator with no room to spare for the blocks' lists, so
 * that every block outgrows its place and moves to a list of its own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <omp.h>

#include "cascade/network.h"
#include "cascade/rng.h"

static cascade_network_spec er_spec(double mean_degree)
{
    cascade_network_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.type = CASCADE_NET_ERDOS_RENYI;
    spec.mean_degree = mean_degree;
    spec.generator = CASCADE_NETGEN_DIRECT;
    return spec;
}

static void check_structure(const cascade_network *net)
{
    assert_int_equal(net->offsets[0], 0);
    assert_int_equal(net->offsets[net->n_elites], 2 * net->n_edges);
    for (uint32_t i = 0; i < net->n_elites; i++) {
        for (uint32_t e = net->offsets[i]; e < net->offsets[i + 1]; e++) {
            uint32_t j = net->adj[e];
            assert_true(j < net->n_elites);
            assert_true(j != i);
            assert_true(e == net->offsets[i] || net->adj[e - 1] < j);
            /* symmetric: i is in j's sorted list */
            uint32_t lo = net->offsets[j], hi = net->offsets[j + 1];
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2;
                if (net->adj[mid] < i) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            assert_true(lo < net->offsets[j + 1] && net->adj[lo] == i);
        }
    }
}

static void test_direct_structure_and_reproducible(void **state)
{
    (void)state;
    cascade_network_spec spec = er_spec(4.37);
    cascade_network a, b;
    cascade_error err;
    gsl_rng *r1 = cascade_rng_alloc(gsl_rng_mt19937, 37);
    gsl_rng *r2 = cascade_rng_alloc(gsl_rng_mt19937, 37);
    assert_int_equal(cascade_network_build(&spec, 3000, r1, &a, &err), CASCADE_OK);
    assert_int_equal(cascade_network_build(&spec, 3000, r2, &b, &err), CASCADE_OK);
    check_structure(&a);
    assert_int_equal(a.n_edges, b.n_edges);
    assert_memory_equal(a.offsets, b.offsets, 3001 * sizeof *a.offsets);
    assert_memory_equal(a.adj, b.adj, 2 * a.n_edges * sizeof *a.adj);
    /* both generators end in the same state: the two draws that seed the blocks */
    assert_int_equal(gsl_rng_get(r1), gsl_rng_get(r2));
    cascade_network_release(&a);
    cascade_network_release(&b);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}

static void test_direct_edge_cases(void **state)
{
    (void)state;
    cascade_network net;
    cascade_error err;
    gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, 5);
    cascade_network_spec spec = er_spec(0.0);
    assert_int_equal(cascade_network_build(&spec, 100, rng, &net, &err), CASCADE_OK);
    assert_int_equal(net.n_edges, 0);
    cascade_network_release(&net);
    spec = er_spec(49.0); /* p = 1: the complete graph, stored */
    assert_int_equal(cascade_network_build(&spec, 50, rng, &net, &err), CASCADE_OK);
    assert_int_equal(net.n_edges, 50 * 49 / 2);
    check_structure(&net);
    cascade_network_release(&net);
    spec = er_spec(0.0); /* a single elite */
    assert_int_equal(cascade_network_build(&spec, 1, rng, &net, &err), CASCADE_OK);
    assert_int_equal(net.n_edges, 0);
    assert_int_equal(net.offsets[1], 0);
    cascade_network_release(&net);
    spec = er_spec(4.0);
    spec.type = CASCADE_NET_WATTS_STROGATZ;
    assert_int_equal(cascade_network_build(&spec, 100, rng, &net, &err), CASCADE_EINVAL);
    assert_string_equal(err.key, "network.generator");
    gsl_rng_free(rng);
}

static void test_direct_degree_statistics(void **state)
{
    (void)state;
    const uint32_t n = 20000;
    const double z = 6.0, p = z / (n - 1.0);
    cascade_network_spec spec = er_spec(z);
    for (uint64_t seed = 1; seed <= 5; seed++) {
        gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, cascade_rng_derive(11, 0, seed, 0));
        cascade_network net;
        cascade_error err;
        assert_int_equal(cascade_network_build(&spec, n, rng, &net, &err), CASCADE_OK);
        double pairs = (double)n * (n - 1) / 2;
        double mean_edges = pairs * p, sd_edges = sqrt(pairs * p * (1 - p));
        assert_true(fabs((double)net.n_edges - mean_edges) < 5 * sd_edges);
        double sum = 0, sum2 = 0, isolated = 0;
        for (uint32_t i = 0; i < n; i++) {
            double k = cascade_network_degree(&net, i);
            sum += k;
            sum2 += k * k;
            isolated += k == 0;
        }
        double mean = sum / n, var = sum2 / n - mean * mean;
        double expected_var = (n - 1.0) * p * (1 - p);
        assert_true(fabs(var / expected_var - 1) < 0.06);
        double q0 = pow(1 - p, n - 1.0);
        assert_true(fabs(isolated / n - q0) < 5 * sqrt(q0 * (1 - q0) / n));
        cascade_network_release(&net);
        gsl_rng_free(rng);
    }
}

/* The network of spec built with the same seed on 1 and on 2 threads: the arrays must
 * be equal, sorted and symmetric. The graph built on one thread is left in net. */
static void build_on_one_and_two_threads(const cascade_network_spec *spec, uint32_t n,
                                         uint64_t seed, cascade_network *net)
{
    cascade_network two;
    cascade_error err;
    int threads = omp_get_max_threads();
    for (int t = 0; t < 2; t++) {
        omp_set_num_threads(t + 1);
        gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, seed);
        assert_int_equal(cascade_network_build(spec, n, rng, t == 0 ? net : &two, &err),
                         CASCADE_OK);
        gsl_rng_free(rng);
    }
    omp_set_num_threads(threads);
    assert_int_equal(net->n_edges, two.n_edges);
    assert_memory_equal(net->offsets, two.offsets, (n + 1) * sizeof *net->offsets);
    assert_memory_equal(net->adj, two.adj, 2 * net->n_edges * sizeof *net->adj);
    cascade_network_release(&two);
    check_structure(net);
}

/* G(n, p) as above, with the edge count within 5 sd of n(n-1)/2 p. */
static void build_gnp_on_one_and_two_threads(uint32_t n, double p, uint64_t seed,
                                             cascade_network *net)
{
    cascade_network_spec spec = er_spec(p * (n - 1));
    build_on_one_and_two_threads(&spec, n, seed, net);
    double pairs = (double)n * (n - 1) / 2;
    assert_true(fabs((double)net->n_edges - pairs * p) < 5 * sqrt(pairs * p * (1 - p)));
}

static void test_direct_blocks(void **state)
{
    (void)state;
    const uint32_t n = 6000;
    const double p = 0.1;
    cascade_network net;
    build_gnp_on_one_and_two_threads(n, p, 2024, &net);
    for (uint32_t v = 0; v < n; v++) {
        if (v * p < 50) {
            continue;
        }
        uint32_t lower = 0;
        for (uint32_t e = net.offsets[v]; e < net.offsets[v + 1]; e++) {
            lower += net.adj[e] < v;
        }
        assert_true(fabs(lower - v * p) < 8 * sqrt(v * p * (1 - p)));
    }
    cascade_network_release(&net);
}

static void test_direct_buckets(void **state)
{
    (void)state;
    const uint32_t n = 200000;
    cascade_network net;
    build_gnp_on_one_and_two_threads(n, 8.0 / (n - 1), 2025, &net);
    cascade_network_release(&net);
}

/* The faction of elite i among k factions of n elites, the first n mod k one larger. */
static uint32_t faction(uint32_t i, uint32_t n, uint32_t k)
{
    uint32_t q = n / k, r = n % k, large = r * (q + 1);
    return i < large ? i / (q + 1) : r + (i - large) / q;
}

/* Factions with the direct generator: the same arrays on 1 and 2 threads, sorted and
 * symmetric; the edges inside factions are Binomial(W, p_in) and those between them
 * Binomial(B, p_out), W and B the pairs of each kind, with p_in = h n d / (2W) and
 * p_out = (1 - h) n d / (2B) (MODEL.md): both counts within 5 sd (false alarm < 1e-6
 * each). */
static void check_factions(uint32_t n, uint32_t k, double mean_degree, double h,
                           uint64_t seed)
{
    cascade_network_spec spec = er_spec(mean_degree);
    spec.type = CASCADE_NET_FACTIONS;
    spec.factions = k;
    spec.homophily = h;
    cascade_network net;
    build_on_one_and_two_threads(&spec, n, seed, &net);
    double within_pairs = 0;
    for (uint32_t b = 0; b < k; b++) {
        double size = n / k + (b < n % k);
        within_pairs += size * (size - 1) / 2;
    }
    double between_pairs = (double)n * (n - 1) / 2 - within_pairs;
    double edges = n * mean_degree / 2;
    double p_in = within_pairs > 0 ? h * edges / within_pairs : 0;
    double p_out = between_pairs > 0 ? (1 - h) * edges / between_pairs : 0;
    double within = 0, between = 0;
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t e = net.offsets[i]; e < net.offsets[i + 1]; e++) {
            bool same = faction(i, n, k) == faction(net.adj[e], n, k);
            within += same ? 0.5 : 0.0;
            between += same ? 0.0 : 0.5;
        }
    }
    assert_true(fabs(within - within_pairs * p_in) <=
                5 * sqrt(within_pairs * p_in * (1 - p_in)));
    assert_true(fabs(between - between_pairs * p_out) <=
                5 * sqrt(between_pairs * p_out * (1 - p_out)));
    cascade_network_release(&net);
}

/* Factions: 7 of 30,000 elites (sizes 4,286 and 4,285), homophily 0.7; 300 factions of
 * 200,000 (buckets and blocks span many factions); one faction (Erdos-Renyi); every
 * elite its own faction (no tie inside one); p_in = 1 (every pair inside a faction). */
static void test_direct_factions(void **state)
{
    (void)state;
    check_factions(30000, 7, 8.0, 0.7, 31);
    check_factions(200000, 300, 6.0, 0.5, 32);
    check_factions(5000, 1, 6.0, 1.0, 33);
    check_factions(3000, 3000, 5.0, 0.0, 34);
    check_factions(600, 6, 99.0, 1.0, 35);
}

/* The ring lattice has no randomness: the direct generator must write exactly igraph's
 * arrays, for sizes down to 2 nei + 1 (every neighbour list wraps) and mean degrees
 * that round to 0 to 5 neighbours a side. */
static void test_direct_ring(void **state)
{
    (void)state;
    const uint32_t sizes[] = {1, 2, 3, 5, 7, 8, 11, 12, 100, 1001, 100003};
    const double degrees[] = {0.0, 2.0, 4.0, 5.0, 6.0, 10.0};
    for (size_t a = 0; a < sizeof sizes / sizeof sizes[0]; a++) {
        for (size_t b = 0; b < sizeof degrees / sizeof degrees[0]; b++) {
            uint32_t n = sizes[a];
            cascade_network_spec spec = er_spec(degrees[b]);
            spec.type = CASCADE_NET_RING;
            if (2.0 * lround(degrees[b] / 2.0) > n - 1.0) {
                continue; /* refused: too few elites for the lattice */
            }
            cascade_network net[2];
            cascade_error err;
            for (int direct = 0; direct < 2; direct++) {
                spec.generator = direct ? CASCADE_NETGEN_DIRECT : CASCADE_NETGEN_IGRAPH;
                assert_int_equal(cascade_network_build(&spec, n, NULL, &net[direct], &err),
                                 CASCADE_OK);
            }
            assert_int_equal(net[0].n_edges, net[1].n_edges);
            assert_memory_equal(net[0].offsets, net[1].offsets, (n + 1) * sizeof *net[0].offsets);
            assert_memory_equal(net[0].adj, net[1].adj, 2 * net[0].n_edges * sizeof *net[0].adj);
            check_structure(&net[1]);
            cascade_network_release(&net[0]);
            cascade_network_release(&net[1]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direct_structure_and_reproducible),
        cmocka_unit_test(test_direct_edge_cases),
        cmocka_unit_test(test_direct_degree_statistics),
        cmocka_unit_test(test_direct_blocks),
        cmocka_unit_test(test_direct_buckets),
        cmocka_unit_test(test_direct_factions),
        cmocka_unit_test(test_direct_ring),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
