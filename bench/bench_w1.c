/*
 * Benchmark W1 (docs/PERFORMANCE.md): Watts's threshold cascade (bench/w1.cfg) on an
 * Erdos-Renyi graph of N elites, run until a tick changes nothing. Not a test: figures
 * are medians of several repetitions in one process, never asserted.
 *
 * For one N it times, each REPS times: building the graph with the direct generator (on
 * every OpenMP thread, and again on one) and with igraph (the cascade runs on the direct
 * graph), the cascade (model allocation and
 * the tick-0 seeds excluded: from the seeded state to the first tick that changes
 * nothing, that tick included), and the hardware reference: one pass over the whole
 * adjacency array incrementing a 32-bit counter of the neighbour each entry names. It
 * reports adjacency entries visited per second (the degrees of the elites the cascade
 * activated: each is scattered to its neighbours once) and the peak resident size after
 * the direct build and cascade, and again after the igraph builds.
 *
 * With --dump DIR it writes the graph and the seeds for the Python comparisons
 * (bench/w1_networkx.py, bench/w1_numpy.py): DIR/w1-N.offsets and DIR/w1-N.adj (the CSR
 * arrays, uint32 little-endian), DIR/w1-N.seeds (the seeded elites, uint32) and
 * DIR/w1-N.final (the final number of dissenting elites, as text).
 *
 * Output: one line per figure, "W1<TAB>N<TAB>figure<TAB>median<TAB>min<TAB>max".
 *
 * usage: cascade_w1 N [--reps R] [--mean-degree Z] [--no-igraph] [--dump DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <omp.h>


#include "cascade/model.h"
#include "cascade/rng.h"
#include "cascade/scenario.h"
#include "bench_util.h"

#define MAX_REPS 32

static unsigned long n_elites;

static void report(const char *figure, double *x, int reps)
{
    bench_report("W1", n_elites, figure, x, reps);
}

static void report_one(const char *figure, double x)
{
    bench_report_one("W1", n_elites, figure, x);
}

static int build(const cascade_params *p, cascade_network_generator gen, cascade_network *net,
                 double *seconds)
{
    cascade_network_spec spec = p->network;
    spec.generator = gen;
    gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, cascade_rng_derive(2002, 0, 0,
                                                                          CASCADE_RNG_NETWORK));
    cascade_error err = {0};
    double t0 = now();
    cascade_status status = cascade_network_build(&spec, p->size, rng, net, &err);
    *seconds = now() - t0;
    gsl_rng_free(rng);
    if (status != CASCADE_OK) {
        fprintf(stderr, "cascade_w1: %s\n", err.msg);
        return 1;
    }
    return 0;
}

static int write_array(const char *dir, const char *suffix, const uint32_t *a, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/w1-%lu.%s", dir, n_elites, suffix);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(a, sizeof *a, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "cascade_w1: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

/* One cascade from the seeded state to the first tick that changes nothing. */
static double cascade(const cascade_params *p, const cascade_network *net, uint32_t *seeds,
                      uint32_t *n_seeds, uint32_t *final, uint32_t *rounds, double *visited)
{
    gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, cascade_rng_derive(2002, 0, 0,
                                                                          CASCADE_RNG_RUN));
    cascade_model *m = cascade_model_alloc(p, net, rng);
    if (m == NULL) {
        fprintf(stderr, "cascade_w1: out of memory\n");
        exit(1);
    }
    *n_seeds = 0;
    for (uint32_t i = 0; i < p->size; i++) {
        if (cascade_model_state(m, i) == CASCADE_DISSENT) {
            seeds[(*n_seeds)++] = i;
        }
    }
    uint32_t before, after = cascade_model_count(m, CASCADE_DISSENT);
    *rounds = 0;
    double t0 = now();
    do {
        before = after;
        cascade_model_step(m);
        after = cascade_model_count(m, CASCADE_DISSENT);
        (*rounds)++;
    } while (after != before && !cascade_model_done(m));
    double seconds = now() - t0;
    *final = after;
    double degrees = 0;
    for (uint32_t i = 0; i < p->size; i++) {
        if (cascade_model_state(m, i) == CASCADE_DISSENT) {
            degrees += cascade_network_degree(net, i);
        }
    }
    for (uint32_t s = 0; s < *n_seeds; s++) {
        degrees -= cascade_network_degree(net, seeds[s]);
    }
    *visited = degrees;
    cascade_model_free(m);
    gsl_rng_free(rng);
    return seconds;
}

int main(int argc, char **argv)
{
    int reps = 5;
    const char *mean_degree = "4";
    const char *dump = NULL;
    int igraph = 1;
    if (argc < 2) {
        fprintf(stderr, "usage: cascade_w1 N [--reps R] [--mean-degree Z] [--no-igraph] "
                        "[--dump DIR]\n");
        return 2;
    }
    n_elites = strtoul(argv[1], NULL, 10);
    for (int a = 2; a < argc; a++) {
        if (strcmp(argv[a], "--reps") == 0 && a + 1 < argc) {
            reps = atoi(argv[++a]);
        } else if (strcmp(argv[a], "--mean-degree") == 0 && a + 1 < argc) {
            mean_degree = argv[++a];
        } else if (strcmp(argv[a], "--dump") == 0 && a + 1 < argc) {
            dump = argv[++a];
        } else if (strcmp(argv[a], "--no-igraph") == 0) {
            igraph = 0;
        } else {
            fprintf(stderr, "cascade_w1: unknown option %s\n", argv[a]);
            return 2;
        }
    }
    reps = reps < 1 ? 1 : (reps > MAX_REPS ? MAX_REPS : reps);
    char size[64], degree[64];
    snprintf(size, sizeof size, "population.size=%lu", n_elites);
    snprintf(degree, sizeof degree, "network.mean_degree=%s", mean_degree);
    const char *sets[] = {size, degree};
    cascade_scenario *sc = cascade_scenario_load(CASCADE_SOURCE_DIR "/bench/w1.cfg", sets, 2);
    if (sc == NULL || !cascade_scenario_ok(sc)) {
        for (size_t i = 0; sc != NULL && i < cascade_scenario_n_diagnostics(sc); i++) {
            fprintf(stderr, "%s\n", cascade_scenario_diagnostic(sc, i));
        }
        cascade_scenario_free(sc);
        return 1;
    }
    const cascade_params *p = cascade_scenario_params(sc);

    double t[MAX_REPS];
    cascade_network net = {0};
    for (int r = 0; r < reps; r++) {
        cascade_network_release(&net);
        if (build(p, CASCADE_NETGEN_DIRECT, &net, &t[r]) != 0) {
            return 1;
        }
    }
    report("build_direct_s", t, reps);
    int threads = omp_get_max_threads();
    report_one("build_threads", threads);
    omp_set_num_threads(1);
    for (int r = 0; r < reps; r++) {
        cascade_network_release(&net);
        if (build(p, CASCADE_NETGEN_DIRECT, &net, &t[r]) != 0) {
            return 1;
        }
    }
    omp_set_num_threads(threads);
    report("build_direct_1thread_s", t, reps);
    report_one("edges", (double)net.n_edges);

    uint32_t *seeds = malloc((size_t)p->size * sizeof *seeds);
    uint32_t n_seeds = 0, final = 0, rounds = 0;
    double visited = 0;
    for (int r = 0; r < reps; r++) {
        t[r] = cascade(p, &net, seeds, &n_seeds, &final, &rounds, &visited);
    }
    report("cascade_s", t, reps);
    double cascade_median = bench_median(t, reps);
    report_one("seeds", n_seeds);
    report_one("final_size", final);
    report_one("rounds", rounds);
    report_one("entries_visited", visited);
    report_one("entries_per_s", visited / cascade_median);

    uint32_t *counter = calloc(p->size, sizeof *counter);
    size_t n_entries = 2 * net.n_edges;
    uint64_t check = 0;
    for (int r = 0; r < reps; r++) {
        memset(counter, 0, (size_t)p->size * sizeof *counter);
        double t0 = now();
        for (size_t e = 0; e < n_entries; e++) {
            counter[net.adj[e]]++;
        }
        t[r] = now() - t0;
        check += counter[r % p->size];
    }
    report("scatter_s", t, reps);
    report_one("scatter_entries_per_s", (double)n_entries / bench_median(t, reps));
    if (check == UINT64_MAX) {
        printf("#\n"); /* keeps the scatter from being optimised away */
    }
    report_one("peak_rss_direct_mib", peak_rss_mib());

    if (dump != NULL) {
        char text[64];
        snprintf(text, sizeof text, "%u\n", final);
        char path[4096];
        snprintf(path, sizeof path, "%s/w1-%lu.final", dump, n_elites);
        FILE *f = fopen(path, "w");
        if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0 ||
            write_array(dump, "offsets", net.offsets, (size_t)p->size + 1) != 0 ||
            write_array(dump, "adj", net.adj, n_entries) != 0 ||
            write_array(dump, "seeds", seeds, n_seeds) != 0) {
            return 1;
        }
    }
    free(counter);
    free(seeds);
    cascade_network_release(&net);

    if (igraph) {
        for (int r = 0; r < reps; r++) {
            if (build(p, CASCADE_NETGEN_IGRAPH, &net, &t[r]) != 0) {
                return 1;
            }
            cascade_network_release(&net);
        }
        report("build_igraph_s", t, reps);
        report_one("peak_rss_igraph_mib", peak_rss_mib());
    }
    cascade_scenario_free(sc);
    return 0;
}
