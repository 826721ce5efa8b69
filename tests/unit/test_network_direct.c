/*
 * The direct generator (network.generator = direct, sim/net/network.c) of Erdos-Renyi,
 * factions, ring, Watts-Strogatz and Barabasi-Albert networks:
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
    spec = er_spec(4.0); /* files are read by igraph whatever the generator */
    spec.type = CASCADE_NET_FILE;
    strcpy(spec.path, "/dev/null");
    assert_int_equal(cascade_network_build(&spec, 100, rng, &net, &err), CASCADE_OK);
    assert_int_equal(net.n_edges, 0);
    assert_int_equal(net.n_elites, 100);
    cascade_network_release(&net);
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

/* ---- Watts-Strogatz and Barabasi-Albert ------------------------------------------ */

/* Whether i and j are tied (j in i's sorted list). */
static bool tied(const cascade_network *net, uint32_t i, uint32_t j)
{
    for (uint32_t e = net->offsets[i]; e < net->offsets[i + 1] && net->adj[e] <= j; e++) {
        if (net->adj[e] == j) {
            return true;
        }
    }
    return false;
}

#define MAX_STATS 5

/* What a Watts-Strogatz graph of nei = 3 is compared on: edges off the lattice, degree
 * variance, elites left with fewer than 3 ties (only possible when both ends of an edge
 * may move), triangles (what the lattice has and rewiring destroys). */
static void ws_stats(const cascade_network *net, double *x)
{
    uint32_t n = net->n_elites;
    double lattice = 0, sum2 = 0, low = 0, triangles = 0, mean = 2.0 * net->n_edges / n;
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 1; j <= 3; j++) {
            lattice += tied(net, i, (i + j) % n);
        }
        double d = cascade_network_degree(net, i);
        sum2 += (d - mean) * (d - mean);
        low += d < 3;
        for (uint32_t e = net->offsets[i]; e < net->offsets[i + 1]; e++) {
            for (uint32_t f = e + 1; f < net->offsets[i + 1]; f++) {
                triangles += net->adj[e] > i && tied(net, net->adj[e], net->adj[f]);
            }
        }
    }
    x[0] = (double)net->n_edges - lattice;
    x[1] = sum2 / n;
    x[2] = low;
    x[3] = triangles;
}

/* What a Barabasi-Albert graph is compared on: the first elite's degree, the largest
 * degree, elites that no later one chose (the least degree, attach), the mean squared
 * degree, elites of degree 4 attach or more (the tail). */
static void ba_stats(const cascade_network *net, double *x)
{
    uint32_t n = net->n_elites, min = UINT32_MAX;
    double max = 0, sum2 = 0, tail = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t d = cascade_network_degree(net, i);
        min = d < min ? d : min;
    }
    double at_min = 0;
    for (uint32_t i = 0; i < n; i++) {
        double d = cascade_network_degree(net, i);
        max = d > max ? d : max;
        sum2 += d * d;
        at_min += d == min;
        tail += d >= 4.0 * min;
    }
    x[0] = cascade_network_degree(net, 0);
    x[1] = max;
    x[2] = at_min;
    x[3] = sum2 / n;
    x[4] = tail;
}

/* The direct generator builds the same random graph model as igraph: over reps graphs
 * from each, every statistic's mean must agree within 5 standard errors of the
 * difference (sample sds, reps >= 100, so the means are close to normal; false alarm
 * below 1e-6 per statistic). Every graph is also checked for structure. */
static void compare_with_igraph(const cascade_network_spec *spec, uint32_t n, int reps,
                                size_t n_stats, void (*stats)(const cascade_network *, double *))
{
    double sum[2][MAX_STATS] = {{0}}, sum2[2][MAX_STATS] = {{0}};
    for (int direct = 0; direct < 2; direct++) {
        cascade_network_spec sp = *spec;
        sp.generator = direct ? CASCADE_NETGEN_DIRECT : CASCADE_NETGEN_IGRAPH;
        for (int r = 0; r < reps; r++) {
            gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937,
                                             cascade_rng_derive(77, (uint64_t)r, direct, 0));
            cascade_network net;
            cascade_error err;
            assert_int_equal(cascade_network_build(&sp, n, rng, &net, &err), CASCADE_OK);
            check_structure(&net);
            double x[MAX_STATS];
            stats(&net, x);
            for (size_t k = 0; k < n_stats; k++) {
                sum[direct][k] += x[k];
                sum2[direct][k] += x[k] * x[k];
            }
            cascade_network_release(&net);
            gsl_rng_free(rng);
        }
    }
    for (size_t k = 0; k < n_stats; k++) {
        double mean[2], var_of_mean[2];
        for (int d = 0; d < 2; d++) {
            mean[d] = sum[d][k] / reps;
            var_of_mean[d] = (sum2[d][k] - reps * mean[d] * mean[d]) / (reps - 1.0) / reps;
        }
        double se = sqrt(var_of_mean[0] + var_of_mean[1]);
        print_message("%s n=%u statistic %zu: igraph %.4g, direct %.4g, z = %.2f\n",
                      cascade_network_type_name(spec->type), n, k, mean[0], mean[1],
                      se > 0 ? (mean[1] - mean[0]) / se : 0.0);
        assert_true(fabs(mean[1] - mean[0]) <= 5 * se + 1e-12 * fabs(mean[0]));
    }
}

/* Watts-Strogatz, direct: n nei edges, reproducible, the same on 1 and 2 threads (75,000
 * edges, enough for the parallel sort: PARALLEL_MIN_EDGES);
 * rewire 0 is the ring lattice itself; on 7 elites with 3 a side (the complete graph)
 * every draw is refused but the end being moved, so rewire 1 must end, with the complete
 * graph; the same model as igraph's (n = 1000, rewire 0.2 and 0.9). */
static void test_direct_watts_strogatz(void **state)
{
    (void)state;
    cascade_network_spec spec = er_spec(30.0);
    spec.type = CASCADE_NET_WATTS_STROGATZ;
    spec.rewire = 0.3;
    cascade_network net, ring;
    build_on_one_and_two_threads(&spec, 5000, 41, &net);
    assert_int_equal(net.n_edges, 75000);
    cascade_network_release(&net);
    spec.mean_degree = 6.0;

    spec.rewire = 0.0;
    build_on_one_and_two_threads(&spec, 1001, 42, &net);
    spec.type = CASCADE_NET_RING;
    cascade_error err;
    assert_int_equal(cascade_network_build(&spec, 1001, NULL, &ring, &err), CASCADE_OK);
    assert_memory_equal(net.offsets, ring.offsets, 1002 * sizeof *net.offsets);
    assert_memory_equal(net.adj, ring.adj, 2 * ring.n_edges * sizeof *net.adj);
    cascade_network_release(&net);
    cascade_network_release(&ring);

    spec.type = CASCADE_NET_WATTS_STROGATZ;
    spec.rewire = 1.0;
    build_on_one_and_two_threads(&spec, 7, 43, &net);
    assert_int_equal(net.n_edges, 21);
    cascade_network_release(&net);
    spec.mean_degree = 0.0; /* nei = 0: no edges */
    build_on_one_and_two_threads(&spec, 10, 44, &net);
    assert_int_equal(net.n_edges, 0);
    cascade_network_release(&net);

    spec.mean_degree = 6.0;
    spec.rewire = 0.2;
    compare_with_igraph(&spec, 1000, 200, 4, ws_stats);
    spec.rewire = 0.9;
    compare_with_igraph(&spec, 1000, 100, 4, ws_stats);
}

/* Every elite plays nearly the same part around the ring (MODEL.md). Over R = 200,000
 * graphs of 20 elites, mean degree 4, rewire 0.5, the mean degrees of elites 0 and 19
 * differ by about 0.018 here (what is left comes from the order in which conflicting
 * draws are resolved) and by about 0.074 with igraph's generator, which moves the other
 * end of the wrap-around edges; the standard error of the difference is about 0.0045.
 * The test asks for less than 0.045: 6 standard errors from either (a false alarm, or
 * igraph's asymmetry passing, below 1e-8). */
static void test_direct_watts_strogatz_symmetric(void **state)
{
    (void)state;
    const int reps = 200000;
    const uint32_t n = 20;
    cascade_network_spec spec = er_spec(4.0);
    spec.type = CASCADE_NET_WATTS_STROGATZ;
    spec.rewire = 0.5;
    gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, 2020);
    double sum[2] = {0}, sum2[2] = {0}, cross = 0;
    for (int r = 0; r < reps; r++) {
        cascade_network net;
        cascade_error err;
        assert_int_equal(cascade_network_build(&spec, n, rng, &net, &err), CASCADE_OK);
        double d[2] = {cascade_network_degree(&net, 0), cascade_network_degree(&net, n - 1)};
        for (int k = 0; k < 2; k++) {
            sum[k] += d[k];
            sum2[k] += d[k] * d[k];
        }
        cross += d[0] * d[1];
        cascade_network_release(&net);
    }
    gsl_rng_free(rng);
    double m0 = sum[0] / reps, m1 = sum[1] / reps;
    double var_diff = (sum2[0] / reps - m0 * m0) + (sum2[1] / reps - m1 * m1) -
                      2 * (cross / reps - m0 * m1);
    double se = sqrt(var_diff / reps);
    print_message("watts_strogatz n=20: elite 0 mean degree %.4f, elite 19 %.4f, z = %.2f\n",
                  m0, m1, (m0 - m1) / se);
    assert_true(fabs(m0 - m1) < 0.045);
}

/* Barabasi-Albert, direct: exactly attach (n - attach) + attach (attach - 1) / 2 edges,
 * every degree >= attach, the same on 1 and 2 threads; the same model as igraph's (n =
 * 1000, attach 1 and 3; attach 40, above BA_SCAN, where drawn elites are marked in an
 * array instead of looked up among the elite's edges). */
static void test_direct_barabasi_albert(void **state)
{
    (void)state;
    const uint32_t attaches[] = {1, 2, 5, 40, 99};
    for (size_t a = 0; a < sizeof attaches / sizeof attaches[0]; a++) {
        uint32_t attach = attaches[a];
        cascade_network_spec spec = er_spec(0.0);
        spec.type = CASCADE_NET_BARABASI_ALBERT;
        spec.attach = attach;
        cascade_network net;
        build_on_one_and_two_threads(&spec, 3000, 50 + a, &net);
        assert_int_equal(net.n_edges, attach * (3000 - attach) + attach * (attach - 1) / 2);
        for (uint32_t i = 0; i < 3000; i++) {
            assert_true(cascade_network_degree(&net, i) >= attach);
        }
        cascade_network_release(&net);
    }
    cascade_network_spec spec = er_spec(0.0);
    spec.type = CASCADE_NET_BARABASI_ALBERT;
    spec.attach = 1; /* 2 elites: the single edge */
    cascade_network net;
    build_on_one_and_two_threads(&spec, 2, 60, &net);
    assert_int_equal(net.n_edges, 1);
    cascade_network_release(&net);

    compare_with_igraph(&spec, 1000, 200, 5, ba_stats);
    spec.attach = 3;
    compare_with_igraph(&spec, 1000, 200, 5, ba_stats);
    spec.attach = 40;
    compare_with_igraph(&spec, 400, 100, 5, ba_stats);
}

/* Draws of integers for moved ends and for preferential attachment come 32 bits at a
 * time from any GSL generator; one with fewer bits a draw (ranlux: 24, rand: 31, uni:
 * 15) bridged without its missing high bits would crowd the moved ends onto the first
 * elites (degrees near 140) and the attachments too (the last elites never chosen). */
static void test_direct_short_generators(void **state)
{
    (void)state;
    const gsl_rng_type *types[] = {gsl_rng_ranlux, gsl_rng_rand, gsl_rng_uni};
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        for (int ba = 0; ba < 2; ba++) {
            cascade_network_spec spec = er_spec(6.0);
            spec.type = ba ? CASCADE_NET_BARABASI_ALBERT : CASCADE_NET_WATTS_STROGATZ;
            spec.rewire = 0.5;
            spec.attach = 3;
            gsl_rng *rng = cascade_rng_alloc(types[t], 9);
            cascade_network net;
            cascade_error err;
            assert_int_equal(cascade_network_build(&spec, 20000, rng, &net, &err), CASCADE_OK);
            check_structure(&net);
            uint32_t max = 0;
            double late = 0; /* edges among the last quarter of elites */
            for (uint32_t i = 0; i < 20000; i++) {
                uint32_t d = cascade_network_degree(&net, i);
                max = d > max ? d : max;
                for (uint32_t e = net.offsets[i]; e < net.offsets[i + 1]; e++) {
                    late += i >= 15000 && net.adj[e] >= 15000 ? 0.5 : 0.0;
                }
            }
            print_message("%s with %s: max degree %u, %.0f edges among the last quarter\n",
                          cascade_network_type_name(spec.type), gsl_rng_name(rng), max, late);
            if (ba) {
                assert_true(late > 100); /* about 3 * 5000 * ln(4/3) / 4 ~ 1100 */
            } else {
                assert_true(max < 25);
            }
            cascade_network_release(&net);
            gsl_rng_free(rng);
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
        cmocka_unit_test(test_direct_watts_strogatz),
        cmocka_unit_test(test_direct_watts_strogatz_symmetric),
        cmocka_unit_test(test_direct_barabasi_albert),
        cmocka_unit_test(test_direct_short_generators),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
