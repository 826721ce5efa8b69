/*
 * Benchmark of the cascade chart on a large run: 1,000 replicates x 10,000 ticks
 * (synthetic series, a cascade at a different tick in each replicate), laid out with
 * Pango's measurement and painted to PNG and PDF. The bound: under a second.
 * Prints the median and range of REPEATS timings of layout, PNG and PDF separately.
 *
 * usage: bench_chart [REPLICATES [TICKS [OUTDIR]]]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cascade/chart.h"
#include "bench_util.h"

#define REPEATS 5

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *what, double *t)
{
    qsort(t, REPEATS, sizeof *t, by_value);
    printf("%-22s %.3f s [%.3f, %.3f]\n", what, t[REPEATS / 2], t[0], t[REPEATS - 1]);
}

int main(int argc, char **argv)
{
    size_t R = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000;
    size_t T = argc > 2 ? strtoul(argv[2], NULL, 10) : 10000;
    const char *out = argc > 3 ? argv[3] : "/tmp";
    cascade_run_series *d = cascade_run_series_alloc(R, T);
    if (d == NULL) {
        fprintf(stderr, "bench_chart: out of memory\n");
        return 1;
    }
    unsigned long long x = 2015;
    for (size_t r = 0; r < R; r++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        double tip = (double)T * (0.3 + 0.6 * (double)(x >> 11) / 9007199254740992.0);
        for (size_t t = 0; t < T; t++) {
            double u = (double)t;
            size_t i = t * R + r;
            d->public_dissent[i] = (float)(0.7 / (1 + exp(-(u - tip) / 20)) +
                                           0.01 * sin(0.37 * u + (double)r));
            d->private_opposition[i] = (float)(0.35 - 0.1 * u / (double)T);
            d->defected[i] = (float)(0.05 * u / (double)T);
            d->purged[i] = (float)(0.1 * u / (double)T);
            d->security_active[i] = (float)(1 - 0.9 / (1 + exp(-(u - tip - 30) / 10)));
        }
        d->collapse_tick[r] = tip + 30;
        d->final_dissent[r] = d->public_dissent[(T - 1) * R + r];
    }
    for (size_t t = 0; t < T; t++) {
        d->tick[t] = (double)t;
    }
    cascade_chart_labels l = {"benchmark", "1,000 replicates x 10,000 ticks", "cascade bench"};
    double layout[REPEATS], png[REPEATS], pdf[REPEATS], total[REPEATS];
    char base[4096];
    snprintf(base, sizeof base, "%s/bench-chart", out);
    for (int k = 0; k < REPEATS; k++) {
        double t0 = now();
        cascade_measure m = cascade_measure_pango();
        cascade_scene *s = cascade_chart_cascade(d, &l, &m);
        double t1 = now();
        cascade_error err = {0};
        if (s == NULL || cascade_scene_write(s, base, CASCADE_FORMAT_PNG, &err) != CASCADE_OK) {
            fprintf(stderr, "bench_chart: %s\n", err.msg);
            return 1;
        }
        double t2 = now();
        if (cascade_scene_write(s, base, CASCADE_FORMAT_PDF, &err) != CASCADE_OK) {
            fprintf(stderr, "bench_chart: %s\n", err.msg);
            return 1;
        }
        double t3 = now();
        size_t marks = s->n_marks;
        cascade_scene_free(s);
        cascade_measure_pango_release(&m);
        layout[k] = t1 - t0;
        png[k] = t2 - t1;
        pdf[k] = t3 - t2;
        total[k] = t3 - t0;
        if (k == 0) {
            printf("%zu replicates x %zu ticks: %zu marks\n", R, T, marks);
        }
    }
    report("layout (statistics)", layout);
    report("paint PNG", png);
    report("paint PDF", pdf);
    report("layout + PNG + PDF", total);
    cascade_run_series_free(d);
    return 0;
}
