/*
 * cascade run [SCENARIO]: a scenario's replicates on all cores.
 *
 * Writes scenario.cfg (resolved), timeseries.csv and summary.csv into the output folder,
 * each under a temporary name renamed into place only when the whole run succeeded, so a
 * failed or interrupted run leaves the folder as it was. Rows arrive from the run module
 * in replicate order, so the files are byte-identical for any --threads.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "cascade/io.h"
#include "cascade/run.h"
#include "cli.h"

/* Progress appears on a terminal only for runs that last longer than this. */
#define PROGRESS_AFTER_SECONDS 1.5

typedef struct run_ctx {
    cascade_atomic_file timeseries;
    cascade_atomic_file summary;
    double *peaks;          /* peak dissent per replicate, for the median */
    size_t n_cascades, n_collapses;
    bool progress;          /* stderr is a terminal and not --quiet */
    bool progress_shown;
    double started;
} run_ctx;

/* A SIGINT or SIGTERM while the replicates run removes the temporary tables (copied
 * names: the atomic files free theirs) and ends the run with the signal, the folder as
 * it was. While the files are renamed into place it only waits (signal_pending), and
 * ends the run once they all are, so the folder is never half old and half new. A signal
 * ignored when the run started (a background job of a script) stays ignored. */
static char signal_tmp[2][4200];
static volatile sig_atomic_t signal_armed, signal_committing, signal_pending;

static void on_signal(int sig)
{
    if (signal_committing) {
        signal_pending = sig;
        return;
    }
    if (signal_armed) {
        (void)unlink(signal_tmp[0]);
        (void)unlink(signal_tmp[1]);
    }
    static const char msg[] = "cascade run: interrupted; the output folder is as it was\n";
    (void)write(STDERR_FILENO, msg, sizeof msg - 1);
    signal(sig, SIG_DFL);
    raise(sig);
}

typedef struct signal_handlers {
    bool installed[2];
    struct sigaction old[2];
} signal_handlers;

static const int run_signals[2] = {SIGINT, SIGTERM};

static void catch_signals(signal_handlers *h)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART; /* during the commit the handler returns */
    for (int i = 0; i < 2; i++) {
        h->installed[i] = sigaction(run_signals[i], NULL, &h->old[i]) == 0 &&
                          h->old[i].sa_handler != SIG_IGN &&
                          sigaction(run_signals[i], &sa, NULL) == 0;
    }
}

/* Puts the handlers back (before the flags fall, so a signal in between still waits); a
 * signal that came while the files were committed ends the run now, with its own status.
 * written: whether the commit succeeded. */
static void release_signals(signal_handlers *h, bool written)
{
    for (int i = 0; i < 2; i++) {
        if (h->installed[i]) {
            sigaction(run_signals[i], &h->old[i], NULL);
            h->installed[i] = false;
        }
    }
    signal_armed = 0;
    signal_committing = 0;
    if (signal_pending) {
        fprintf(stderr, "cascade run: interrupted %s\n",
                written ? "after the files were written" : "while the files were written");
        signal(signal_pending, SIG_DFL);
        raise(signal_pending);
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static cascade_status sink(void *vctx, const cascade_run_result *r)
{
    run_ctx *ctx = vctx;
    for (size_t i = 0; i < r->n_records; i++) {
        cascade_csv_timeseries_row(ctx->timeseries.f, r->replicate, &r->records[i]);
    }
    cascade_csv_summary_row(ctx->summary.f, r->replicate, r->seed, &r->summary);
    ctx->peaks[r->replicate] = r->summary.peak_dissent;
    ctx->n_cascades += r->summary.cascade;
    ctx->n_collapses += r->summary.collapsed;
    if (ferror(ctx->timeseries.f) || ferror(ctx->summary.f)) {
        return CASCADE_EIO;
    }
    return CASCADE_OK;
}

static void progress(void *vctx, size_t done, size_t total)
{
    run_ctx *ctx = vctx;
    double elapsed = now() - ctx->started;
    if (!ctx->progress || (elapsed < PROGRESS_AFTER_SECONDS && done < total)) {
        return;
    }
    if (done == total && !ctx->progress_shown) {
        return;
    }
    double rate = done / elapsed;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    fprintf(stderr, "\rrun: %zu/%zu replicates (%.0f%%), %.1f runs/s, ETA %.0f s   ", done,
            total, 100.0 * (double)done / (double)total, rate, eta);
    ctx->progress_shown = true;
}

/* charts: the chart files written, ", "-separated, or NULL */
static void print_summary(const run_ctx *ctx, size_t n, const char *out, const char *charts)
{
    gsl_sort(ctx->peaks, 1, n);
    double median = gsl_stats_median_from_sorted_data(ctx->peaks, 1, n);
    printf("replicates: %zu\n", n);
    printf("cascades:   %zu of %zu (%.0f%%)\n", ctx->n_cascades, n,
           100.0 * (double)ctx->n_cascades / (double)n);
    printf("median peak public dissent: %.3f\n", median);
    printf("collapses:  %zu of %zu (%.0f%%)\n", ctx->n_collapses, n,
           100.0 * (double)ctx->n_collapses / (double)n);
    printf("wrote %s/scenario.cfg, %s/timeseries.csv, %s/summary.csv%s%s\n", out, out, out,
           charts && charts[0] ? ", " : "", charts ? charts : "");
}

int cmd_run(int argc, char **argv)
{
    cli_options o;
    int status = cli_parse(argc, argv, cli_find("run"), &o);
    if (status >= 0) {
        cli_options_release(&o);
        return status;
    }
    cascade_scenario *sc = cli_load(&o, &status);
    if (sc == NULL) {
        cli_options_release(&o);
        return status;
    }
    const cascade_params *p = cascade_scenario_params(sc);
    char *out = cli_out_dir(&o, sc);
    char *resolved = cascade_scenario_format(sc);
    char *paths[3] = {NULL, NULL, NULL};
    run_ctx ctx = {0};
    cascade_error err = {0};
    cascade_network network = {0};
    signal_handlers handlers = {0};
    ctx.peaks = malloc(p->replicates * sizeof *ctx.peaks);
    if (out == NULL || resolved == NULL || ctx.peaks == NULL) {
        cascade_error_set(&err, CASCADE_ENOMEM, "", "out of memory");
        goto fail;
    }
    /* a fixed network (every file is one) is built once, here, which also checks the
     * file before any output */
    bool fixed = cascade_network_is_fixed(&p->network);
    if (cli_check_folder(out, "run", &err) != CASCADE_OK ||
        cascade_run_check_memory(p, o.threads, p->replicates, fixed, true, &err) != CASCADE_OK ||
        (fixed && cascade_run_build_fixed(p, o.threads, &network, &err) != CASCADE_OK) ||
        cascade_io_mkdirs(out, &err) != CASCADE_OK) {
        goto fail;
    }
    paths[0] = cascade_io_join(out, "scenario.cfg");
    paths[1] = cascade_io_join(out, "timeseries.csv");
    paths[2] = cascade_io_join(out, "summary.csv");
    if (!paths[0] || !paths[1] || !paths[2]) {
        cascade_error_set(&err, CASCADE_ENOMEM, "", "out of memory");
        goto fail;
    }
    catch_signals(&handlers);
    if (cascade_atomic_open(&ctx.timeseries, paths[1], &err) != CASCADE_OK ||
        cascade_atomic_open(&ctx.summary, paths[2], &err) != CASCADE_OK) {
        goto fail;
    }
    snprintf(signal_tmp[0], sizeof signal_tmp[0], "%s", ctx.timeseries.tmp_path);
    snprintf(signal_tmp[1], sizeof signal_tmp[1], "%s", ctx.summary.tmp_path);
    signal_armed = 1;
    cascade_csv_timeseries_header(ctx.timeseries.f);
    cascade_csv_summary_header(ctx.summary.f);
    ctx.progress = !o.quiet && isatty(STDERR_FILENO);
    ctx.started = now();
    cascade_run_options ro = {.threads = o.threads,
                              .point = 0,
                              .keep_records = true,
                              .sink = sink,
                              .progress = progress,
                              .ctx = &ctx,
                              .network = fixed ? &network : NULL};
    cascade_status s = cascade_run_replicates(p, &ro, &err);
    if (ctx.progress_shown) {
        fprintf(stderr, "\r%60s\r", "");
    }
    if (s != CASCADE_OK) {
        if (s == CASCADE_EIO && err.msg[0] == '\0') {
            cascade_error_set(&err, CASCADE_EIO, "", "cannot write to %s", out);
        }
        goto fail;
    }
    signal_committing = 1;
    if (cascade_io_write_text(paths[0], resolved, &err) != CASCADE_OK ||
        cascade_atomic_commit(&ctx.timeseries, &err) != CASCADE_OK ||
        cascade_atomic_commit(&ctx.summary, &err) != CASCADE_OK) {
        goto fail;
    }
    release_signals(&handlers, true); /* the files are in place: a signal now stops charts */
    char *charts;
    bool plotted = cli_draw_charts("run", out, &o, cascade_scenario_path(sc), &charts);
    if (!o.quiet) {
        print_summary(&ctx, p->replicates, out, charts);
    }
    free(charts);
    status = plotted ? CASCADE_EXIT_OK : CASCADE_EXIT_FAILURE;
    goto done;
fail:
    cascade_atomic_abort(&ctx.timeseries);
    cascade_atomic_abort(&ctx.summary);
    status = cli_report(sc, &err);
done:
    release_signals(&handlers, status == CASCADE_EXIT_OK);
    cascade_network_release(&network);
    for (int i = 0; i < 3; i++) {
        free(paths[i]);
    }
    free(ctx.peaks);
    free(resolved);
    free(out);
    cascade_scenario_free(sc);
    cli_options_release(&o);
    return status;
}
