/*
 * Benchmark of the model's hot loop (issue: speed and memory goals). Not a test: the
 * machine is shared and noisy, so figures are medians of several repetitions, all
 * measured in one invocation.
 *
 * For each N it loads the default scenario with the network switched to Erdos-Renyi of
 * mean degree 10 (every mechanism on, as the default story has them), builds the
 * network once, then times R runs of 200 ticks on one core, reporting the median and
 * range, seconds per tick at tick 10 and tick 190 (flat when a tick costs O(N) plus the
 * degrees of the elites that changed), and memory: bytes per elite of model state and
 * the peak resident size. Workload W2 of bench/run (docs/PERFORMANCE.md).
 *
 * Output: one line per figure, "W2<TAB>N<TAB>figure<TAB>median<TAB>min<TAB>max".
 *
 * usage: cascade_bench [N ...]   (default: 100000 1000000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "cascade/model.h"
#include "cascade/rng.h"
#include "cascade/scenario.h"
#include "bench_util.h"

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
    double run_median = gsl_stats_median_from_sorted_data(total, 1, (size_t)reps);
    double state = cascade_model_state_bytes(p) / (double)n;
    printf("W2\t%lu\trun_s\t%.6g\t%.6g\t%.6g\n", n, run_median, total[0], total[reps - 1]);
    printf("W2\t%lu\telite_ticks_per_s\t%.6g\t%.6g\t%.6g\n", n, 200.0 * (double)n / run_median,
           200.0 * (double)n / total[reps - 1], 200.0 * (double)n / total[0]);
    printf("W2\t%lu\ttick10_ms\t%.6g\t%.6g\t%.6g\n", n,
           1e3 * gsl_stats_median_from_sorted_data(tick10, 1, (size_t)reps), 1e3 * tick10[0],
           1e3 * tick10[reps - 1]);
    printf("W2\t%lu\ttick190_ms\t%.6g\t%.6g\t%.6g\n", n,
           1e3 * gsl_stats_median_from_sorted_data(tick190, 1, (size_t)reps), 1e3 * tick190[0],
           1e3 * tick190[reps - 1]);
    printf("W2\t%lu\tbuild_s\t%.6g\t%.6g\t%.6g\n", n, build, build, build);
    printf("W2\t%lu\tstate_bytes_per_elite\t%.4g\t%.4g\t%.4g\n", n, state, state, state);
    printf("W2\t%lu\tpeak_rss_mib\t%.4g\t%.4g\t%.4g\n", n, peak_rss_mib(), peak_rss_mib(),
           peak_rss_mib());
    printf("W2\t%lu\tfinal_dissent_last_run\t%.4g\t%.4g\t%.4g\n", n, final_dissent,
           final_dissent, final_dissent);
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
