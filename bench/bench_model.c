/*
 * Benchmark of the model's hot loop (issue: speed and memory goals). Not a test: the
 * machine is shared and noisy, so figures are medians of several repetitions, all
 * measured in one invocation.
 *
 * For each N it loads the default scenario with the network switched to Erdos-Renyi of
 * mean degree 10 (every mechanism on, as the default story has them), builds the
 * network once, then times R runs of 200 ticks on one core, reporting the median and
 * range, seconds per tick at tick 10 and tick 190 (flat when a tick costs O(N) plus the
 * degrees of the elites that changed), and memory: bytes per elite of model state, bytes
 * per undirected edge of the network, and the peak resident size.
 *
 * usage: cascade_bench [N ...]   (default: 100000 1000000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "cascade/model.h"
#include "cascade/rng.h"
#include "cascade/scenario.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double peak_rss_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static int bench(unsigned long n, int reps)
{
    char size[64];
    snprintf(size, sizeof size, "population.size=%lu", n);
    const char *sets[] = {size, "network.type=erdos_renyi", "network.mean_degree=10",
                          "run.ticks=200"};
    cascade_scenario *sc = cascade_scenario_load(NULL, sets, 4);
    if (sc == NULL || !cascade_scenario_ok(sc)) {
        fprintf(stderr, "bench: cannot load the default scenario\n");
        cascade_scenario_free(sc);
        return 1;
    }
    const cascade_params *p = cascade_scenario_params(sc);
    gsl_rng *rng = cascade_rng_alloc(gsl_rng_mt19937, 12345);
    cascade_network net = {0};
    cascade_error err = {0};
    double t0 = now();
    if (cascade_network_build(&p->network, p->size, rng, &net, &err) != CASCADE_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    double build = now() - t0;
    double *total = malloc((size_t)reps * sizeof *total);
    double *tick10 = malloc((size_t)reps * sizeof *tick10);
    double *tick190 = malloc((size_t)reps * sizeof *tick190);
    double final_dissent = 0;
    for (int r = 0; r < reps; r++) {
        cascade_rng_seed(rng, cascade_rng_derive(1, 0, (uint64_t)r, CASCADE_RNG_RUN));
        double start = now();
        cascade_model *m = cascade_model_alloc(p, &net, rng);
        while (!cascade_model_done(m)) {
            uint32_t t = cascade_model_tick(m);
            double ts = now();
            cascade_model_step(m);
            if (t == 9) {
                tick10[r] = now() - ts;
            } else if (t == 189) {
                tick190[r] = now() - ts;
            }
        }
        total[r] = now() - start;
        cascade_summary s;
        cascade_model_summarize(m, &s);
        final_dissent = s.final_dissent;
        cascade_model_free(m);
    }
    gsl_sort(total, 1, (size_t)reps);
    gsl_sort(tick10, 1, (size_t)reps);
    gsl_sort(tick190, 1, (size_t)reps);
    double state = cascade_model_state_bytes(p) / (double)n;
    double edges = (double)net.n_edges;
    double net_bytes = 4.0 * (double)(n + 1) + 8.0 * edges;
    printf("N = %lu, Erdos-Renyi mean degree 10 (%.0f edges), 200 ticks, 1 core, %d runs\n", n,
           edges, reps);
    printf("  network build (igraph):   %.3f s\n", build);
    printf("  run, median [min, max]:   %.3f s [%.3f, %.3f]  (goal: %s)\n",
           gsl_stats_median_from_sorted_data(total, 1, (size_t)reps), total[0], total[reps - 1],
           n >= 1000000 ? "< 10 s at 1e6" : "< 1 s at 1e5");
    printf("  tick 10 vs tick 190:      %.2f ms vs %.2f ms (medians)\n",
           1e3 * gsl_stats_median_from_sorted_data(tick10, 1, (size_t)reps),
           1e3 * gsl_stats_median_from_sorted_data(tick190, 1, (size_t)reps));
    printf("  memory: %.1f bytes/elite state + %.2f bytes/elite offsets; %.1f bytes/edge; "
           "total %.1f MiB; peak RSS %.0f MiB  (goal: <= 48 B/elite + 8 B/edge)\n",
           state, 4.0 * (double)(n + 1) / (double)n, edges > 0 ? 8.0 : 0.0,
           (state * (double)n + net_bytes) / 1048576.0, peak_rss_mib());
    printf("  final public dissent of the last run: %.3f\n", final_dissent);
    free(total);
    free(tick10);
    free(tick190);
    cascade_network_release(&net);
    gsl_rng_free(rng);
    cascade_scenario_free(sc);
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long sizes[8] = {100000, 1000000};
    int n_sizes = 2;
    if (argc > 1) {
        n_sizes = 0;
        for (int i = 1; i < argc && n_sizes < 8; i++) {
            sizes[n_sizes++] = strtoul(argv[i], NULL, 10);
        }
    }
    for (int i = 0; i < n_sizes; i++) {
        int reps = sizes[i] >= 1000000 ? 3 : 7;
        if (bench(sizes[i], reps) != 0) {
            return 1;
        }
    }
    return 0;
}
