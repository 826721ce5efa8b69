/* Helpers shared by the benchmark programs in bench/ (never built into the library). */
#ifndef CASCADE_BENCH_UTIL_H
#define CASCADE_BENCH_UTIL_H

#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* Seconds on the monotonic clock. */
static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The process's peak resident set size so far, in MiB. */
static inline double peak_rss_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

/* The median of x[0, n), which it sorts. */
static inline double bench_median(double *x, int n)
{
    gsl_sort(x, 1, (size_t)n);
    return gsl_stats_median_from_sorted_data(x, 1, (size_t)n);
}

/* One output row of bench/run, "WORKLOAD<TAB>N<TAB>figure<TAB>median<TAB>min<TAB>max",
 * for the reps measurements x (sorted). */
static inline void bench_report(const char *workload, unsigned long n, const char *figure,
                                double *x, int reps)
{
    double m = bench_median(x, reps);
    printf("%s\t%lu\t%s\t%.6g\t%.6g\t%.6g\n", workload, n, figure, m, x[0], x[reps - 1]);
}

/* The same for a figure measured once. */
static inline void bench_report_one(const char *workload, unsigned long n, const char *figure,
                                    double x)
{
    printf("%s\t%lu\t%s\t%.6g\t%.6g\t%.6g\n", workload, n, figure, x, x, x);
}

#endif
