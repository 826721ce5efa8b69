/*
 * Network builds of bench/run (docs/PERFORMANCE.md): the common network types at N
 * elites, mean degree 10, with igraph's generators and with the direct generator (on
 * every OpenMP thread where it is parallel). Factions as in the default scenario: 5
 * factions, homophily 0.8; watts_strogatz rewire 0.1; barabasi_albert attach 5. Not a test: figures are medians
 * of several repetitions in one process, never asserted.
 *
 * Output: one line per figure, "NET<TAB>N<TAB>figure<TAB>median<TAB>min<TAB>max",
 * figures TYPE_GENERATOR_s and TYPE_GENERATOR_edges.
 *
 * usage: cascade_net_bench N [--reps R]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "cascade/network.h"
#include "cascade/rng.h"
#include "bench_util.h"

#define MAX_REPS 32

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: cascade_net_bench N [--reps R]\n");
        return 2;
    }
    unsigned long n = strtoul(argv[1], NULL, 10);
    int reps = argc >= 4 && strcmp(argv[2], "--reps") == 0 ? atoi(argv[3]) : 3;
    reps = reps < 1 ? 1 : (reps > MAX_REPS ? MAX_REPS : reps);
    const cascade_network_type types[] = {CASCADE_NET_ERDOS_RENYI, CASCADE_NET_FACTIONS,
                                          CASCADE_NET_RING, CASCADE_NET_WATTS_STROGATZ,
                                          CASCADE_NET_BARABASI_ALBERT};
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        for (int direct = 0; direct < 2; direct++) {
            cascade_network_spec spec;
            memset(&spec, 0, sizeof spec);
            spec.type = types[t];
            spec.mean_degree = 10.0;
            spec.factions = 5;
            spec.homophily = 0.8;
            spec.rewire = 0.1;
            spec.attach = 5;
            spec.generator = direct ? CASCADE_NETGEN_DIRECT : CASCADE_NETGEN_IGRAPH;
            double x[MAX_REPS];
            size_t edges = 0;
            for (int r = 0; r < reps; r++) {
                gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, cascade_rng_derive(
                                                     2002, (uint64_t)r, 0, CASCADE_RNG_NETWORK));
                cascade_network net;
                cascade_error err = {0};
                double t0 = now();
                if (cascade_network_build(&spec, (uint32_t)n, rng, &net, &err) != CASCADE_OK) {
                    fprintf(stderr, "cascade_net_bench: %s\n", err.msg);
                    return 1;
                }
                x[r] = now() - t0;
                edges = net.n_edges;
                cascade_network_release(&net);
                gsl_rng_free(rng);
            }
            gsl_sort(x, 1, (size_t)reps);
            const char *name = cascade_network_type_name(types[t]);
            printf("NET\t%lu\t%s_%s_s\t%.6g\t%.6g\t%.6g\n", n, name, direct ? "direct" : "igraph",
                   gsl_stats_median_from_sorted_data(x, 1, (size_t)reps), x[0], x[reps - 1]);
            printf("NET\t%lu\t%s_%s_edges\t%zu\t%zu\t%zu\n", n, name, direct ? "direct" : "igraph",
                   edges, edges, edges);
        }
    }
    return 0;
}
