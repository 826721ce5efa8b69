/*
 * cascade sweep SCENARIO --vary KEY=SPEC ...: the scenario at every point of a grid or
 * sample, many replicates each, on all cores, across ranks under mpirun, or one shard
 * of it (--shard I/K, joined later by cascade merge).
 *
 * The output folder holds scenario.cfg (the base scenario resolved, with the sweep
 * specification in comments), plan.csv (the points), journal.csv (one line per finished
 * run, flushed: kill -9 loses only runs in flight, --resume finishes the rest) and, once
 * every run of an unsharded sweep is done, sweep.csv and points.csv, sorted by (point,
 * replicate) and so byte-identical however the sweep was run.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cascade/format.h"
#include "cascade/io.h"
#include "cascade/journal.h"
#include "cascade/sweep.h"
#include "cli.h"

#define PROGRESS_INTERVAL_SECONDS 0.25
#define FAILURES_SHOWN 20
/* Up to this many points keep their loaded scenario for the whole sweep (about 8 KiB
 * each); beyond, each run loads its point's scenario (about 0.1 ms), so memory stays
 * flat however large the plan. */
#ifndef CACHED_POINTS
#define CACHED_POINTS 1024
#endif

static volatile sig_atomic_t interrupt_requested;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupt_requested = 1;
}

typedef struct sweep_ctx {
    const cli_options *options;
    const cascade_sweep_plan *plan;
    cascade_scenario **points;  /* one loaded scenario per point, when cached */
    size_t n_points;
    uint32_t replicates;
    cascade_params heaviest;    /* the point whose runs need the most memory */
    size_t heaviest_point;
    double heaviest_bytes;
    cascade_journal *journal;
    unsigned shard, shards;     /* 1-based shard, or 0 */
    uint64_t total, done_before, done_now, failed;
    cascade_sweep_outcome failures[FAILURES_SHOWN];
    size_t n_failures_kept;
    cascade_error journal_err;
    bool progress;
    double started, last_progress;
} sweep_ctx;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The scenario of point p: the base overrides, then the point's values. */
static cascade_scenario *load_point(const cli_options *o, const cascade_sweep_plan *plan,
                                    size_t p)
{
    const char **settings = malloc((plan->n_keys ? plan->n_keys : 1) * sizeof *settings);
    char *buf = malloc((plan->n_keys ? plan->n_keys : 1) * 160);
    cascade_scenario *sc = NULL;
    if (settings != NULL && buf != NULL) {
        for (size_t k = 0; k < plan->n_keys; k++) {
            cascade_sweep_setting(plan, p, k, buf + 160 * k, 160);
            settings[k] = buf + 160 * k;
        }
        sc = cli_load_with(o, settings, plan->n_keys);
    }
    free(settings);
    free(buf);
    return sc;
}

static const cascade_params *acquire(void *vctx, size_t point, void **handle)
{
    sweep_ctx *ctx = vctx;
    if (ctx->points != NULL) {
        *handle = NULL;
        return cascade_scenario_params(ctx->points[point]);
    }
    cascade_scenario *sc = load_point(ctx->options, ctx->plan, point);
    *handle = sc;
    return sc && cascade_scenario_ok(sc) ? cascade_scenario_params(sc) : NULL;
}

static void release(void *vctx, void *handle)
{
    (void)vctx;
    cascade_scenario_free(handle);
}

static bool in_shard(const sweep_ctx *ctx, uint64_t task)
{
    return ctx->shards == 0 || task % ctx->shards == ctx->shard - 1;
}

static bool pending(void *vctx, uint64_t task)
{
    sweep_ctx *ctx = vctx;
    return in_shard(ctx, task) &&
           !cascade_journal_has(ctx->journal, cascade_sweep_task_point(task, ctx->n_points),
                                cascade_sweep_task_replicate(task, ctx->n_points));
}

static bool interrupted(void *vctx)
{
    (void)vctx;
    return interrupt_requested != 0;
}

static void show_progress(sweep_ctx *ctx, bool final)
{
    double t = now();
    if (!ctx->progress || (!final && t - ctx->last_progress < PROGRESS_INTERVAL_SECONDS)) {
        return;
    }
    ctx->last_progress = t;
    uint64_t done = ctx->done_before + ctx->done_now;
    double rate = ctx->done_now / (t - ctx->started + 1e-9);
    double eta = rate > 0 ? (double)(ctx->total - done) / rate : 0;
    fprintf(stderr, "\rsweep: %" PRIu64 "/%" PRIu64 " runs (%.0f%%), %.1f runs/s, ETA %.0f s   ",
            done, ctx->total, 100.0 * (double)done / (double)(ctx->total ? ctx->total : 1), rate,
            eta);
}

static bool sink(void *vctx, const cascade_sweep_outcome *o)
{
    sweep_ctx *ctx = vctx;
    if (o->status != CASCADE_OK) {
        if (ctx->n_failures_kept < FAILURES_SHOWN) {
            ctx->failures[ctx->n_failures_kept++] = *o;
        }
        ctx->failed++;
        return true;
    }
    if (cascade_journal_append(ctx->journal, o->point, o->replicate, o->seed, &o->summary,
                               &ctx->journal_err) != CASCADE_OK) {
        return false;
    }
    ctx->done_now++;
    show_progress(ctx, false);
    return true;
}

/* Validates the scenario of every point, keeping them when there are few. */
static int load_points(const cli_options *o, const cascade_sweep_plan *plan, sweep_ctx *ctx)
{
    bool keep = plan->n_points <= CACHED_POINTS;
    if (keep && (ctx->points = calloc(plan->n_points, sizeof *ctx->points)) == NULL) {
        fprintf(stderr, "cascade sweep: out of memory\n");
        return CASCADE_EXIT_FAILURE;
    }
    for (size_t p = 0; p < plan->n_points; p++) {
        cascade_scenario *sc = load_point(o, plan, p);
        if (sc == NULL) {
            fprintf(stderr, "cascade sweep: out of memory\n");
            return CASCADE_EXIT_FAILURE;
        }
        if (!cascade_scenario_ok(sc)) {
            cli_print_point_problems(sc, p);
            cascade_scenario_free(sc);
            return CASCADE_EXIT_USAGE;
        }
        const cascade_params *params = cascade_scenario_params(sc);
        double bytes = cascade_run_bytes(params, true, false); /* tasks build their own */
        if (p == 0 || bytes > ctx->heaviest_bytes) {
            ctx->heaviest = *params; /* the memory check reads only its scalars */
            ctx->heaviest_point = p;
            ctx->heaviest_bytes = bytes;
        }
        if (keep) {
            ctx->points[p] = sc;
            ctx->n_points = p + 1;
        } else {
            cascade_scenario_free(sc);
        }
    }
    ctx->n_points = plan->n_points;
    return -1;
}

/* Whether the sweep's heaviest point fits in memory, with every task building its own
 * network or all sharing one (shared). When the base scenario fits and the point does
 * not, its varied values are to blame, so the message names them instead of the base
 * scenario's line for the key; when the base does not fit either, the message is the
 * base's, with its own values. */
static cascade_status check_memory(const sweep_ctx *ctx, const cascade_params *base,
                                   int threads, bool shared, cascade_error *err)
{
    cascade_status status = cascade_run_check_memory(&ctx->heaviest, threads, ctx->total,
                                                     shared, false, err);
    cascade_error base_err = {0};
    if (status == CASCADE_OK) {
        return status;
    }
    if (cascade_run_check_memory(base, threads, ctx->total, shared, false, &base_err) !=
        CASCADE_OK) {
        *err = base_err; /* too large as it stands: its own values, where they were set */
        return base_err.status;
    }
    char values[256] = "", setting[160];
    for (size_t k = 0; k < ctx->plan->n_keys; k++) {
        cascade_sweep_setting(ctx->plan, ctx->heaviest_point, k, setting, sizeof setting);
        size_t used = strlen(values);
        snprintf(values + used, sizeof values - used, "%s%s", k ? ", " : "", setting);
    }
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    return cascade_error_set(err, status, "", "--vary point %zu (%s): %s", ctx->heaviest_point,
                             values, msg);
}

/* Parses the --vary and --sample options into a plan. */
static int make_plan(const cli_options *o, uint64_t seed, cascade_sweep_plan *plan)
{
    cascade_sample_kind sample = CASCADE_SAMPLE_NONE;
    size_t n_samples = 0;
    cascade_error err = {0};
    if (o->sample && cascade_sample_parse(o->sample, &sample, &n_samples, &err) != CASCADE_OK) {
        fprintf(stderr, "%s: %s\n", err.key, err.msg);
        return CASCADE_EXIT_USAGE;
    }
    cascade_vary *keys = calloc(o->n_varies, sizeof *keys);
    if (keys == NULL) {
        fprintf(stderr, "cascade sweep: out of memory\n");
        return CASCADE_EXIT_FAILURE;
    }
    for (size_t k = 0; k < o->n_varies; k++) {
        char name[96];
        const char *eq = strchr(o->varies[k], '=');
        snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - o->varies[k]) : 0, o->varies[k]);
        const char *near;
        cascade_key_kind kind = cascade_scenario_key_kind(name, &near);
        const char *problem = NULL;
        if (eq == NULL) {
            problem = "expected KEY=SPEC";
        } else if (kind == CASCADE_KEY_UNKNOWN) {
            problem = "unknown key";
        } else if (kind == CASCADE_KEY_OTHER) {
            problem = "only numeric keys can be varied";
        } else if (strcmp(name, "run.replicates") == 0) {
            problem = "cannot be varied: every point has the same replicates (use --replicates)";
        }
        for (size_t j = 0; j < k && !problem; j++) {
            if (strcmp(keys[j].key, name) == 0) {
                problem = "varied twice";
            }
        }
        if (problem) {
            fprintf(stderr, "--vary: %s: %s%s%s%s\n", eq ? name : o->varies[k], problem,
                    near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
            for (size_t j = 0; j < k; j++) {
                cascade_vary_release(&keys[j]);
            }
            free(keys);
            return CASCADE_EXIT_USAGE;
        }
        if (cascade_vary_parse(o->varies[k], kind == CASCADE_KEY_INTEGER, sample != 0, &keys[k],
                               &err) != CASCADE_OK) {
            fprintf(stderr, "--vary: %s: %s\n", err.key, err.msg);
            for (size_t j = 0; j < k; j++) {
                cascade_vary_release(&keys[j]);
            }
            free(keys);
            return CASCADE_EXIT_USAGE;
        }
    }
    if (cascade_sweep_plan_build(plan, keys, o->n_varies, sample, n_samples, seed, &err) !=
        CASCADE_OK) {
        fprintf(stderr, "%s: %s\n", err.key[0] ? err.key : "cascade sweep", err.msg);
        return cascade_status_exit_code(err.status);
    }
    return -1;
}

static char *plan_csv(const cascade_sweep_plan *plan)
{
    size_t cap = 256 + plan->n_points * (plan->n_keys * 40 + 24);
    for (size_t k = 0; k < plan->n_keys; k++) {
        cap += strlen(plan->keys[k].key) + 1;
    }
    char *text = malloc(cap);
    if (text == NULL) {
        return NULL;
    }
    size_t len = (size_t)snprintf(text, cap, "point");
    for (size_t k = 0; k < plan->n_keys; k++) {
        len += (size_t)snprintf(text + len, cap - len, ",%s", plan->keys[k].key);
    }
    len += (size_t)snprintf(text + len, cap - len, "\n");
    for (size_t p = 0; p < plan->n_points; p++) {
        len += (size_t)snprintf(text + len, cap - len, "%zu", p);
        for (size_t k = 0; k < plan->n_keys; k++) {
            char setting[160];
            cascade_sweep_setting(plan, p, k, setting, sizeof setting);
            const char *value = strchr(setting, '=') + 1;
            len += (size_t)snprintf(text + len, cap - len, ",%s", value);
        }
        len += (size_t)snprintf(text + len, cap - len, "\n");
    }
    return text;
}

static char *sweep_description(const cli_options *o, uint32_t replicates)
{
    size_t cap = 512;
    for (size_t i = 0; i < o->n_varies; i++) {
        cap += strlen(o->varies[i]) + 32;
    }
    char *text = malloc(cap);
    if (text == NULL) {
        return NULL;
    }
    size_t len = (size_t)snprintf(text, cap, "# sweep:");
    for (size_t i = 0; i < o->n_varies; i++) {
        len += (size_t)snprintf(text + len, cap - len, " --vary %s", o->varies[i]);
    }
    if (o->sample) {
        len += (size_t)snprintf(text + len, cap - len, " --sample %s", o->sample);
    }
    snprintf(text + len, cap - len, "\n# sweep: %" PRIu32 " replicates per point\n", replicates);
    return text;
}

/* On resume, checks that path, if it exists, says exactly text. */
static cascade_status check_unchanged(const char *path, const char *text, bool resume,
                                      cascade_error *err)
{
    if (resume && access(path, F_OK) == 0) {
        FILE *f = fopen(path, "r");
        bool same = false;
        if (f != NULL) {
            size_t len = strlen(text);
            char *buf = malloc(len + 2);
            same = buf != NULL && fread(buf, 1, len + 1, f) == len && memcmp(buf, text, len) == 0;
            free(buf);
            fclose(f);
        }
        if (!same) {
            return cascade_error_set(err, CASCADE_EINVAL, "",
                                     "%s differs from this sweep's; resume it with the same "
                                     "scenario, options and program version, or use another folder",
                                     path);
        }
    }
    return CASCADE_OK;
}

/* Writes path with text, unless on resume it exists (check_unchanged compared it). */
static cascade_status write_new(const char *path, const char *text, bool resume,
                                cascade_error *err)
{
    return resume && access(path, F_OK) == 0 ? CASCADE_OK : cascade_io_write_text(path, text, err);
}

static void print_failures(const sweep_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_failures_kept; i++) {
        const cascade_sweep_outcome *f = &ctx->failures[i];
        fprintf(stderr, "cascade sweep: run failed: point %" PRIu32 ", replicate %" PRIu32
                        ", seed %" PRIu64 ": %s\n",
                f->point, f->replicate, f->seed, f->reason);
    }
    if (ctx->failed > ctx->n_failures_kept) {
        fprintf(stderr, "cascade sweep: ... and %" PRIu64 " more failed runs\n",
                ctx->failed - ctx->n_failures_kept);
    }
}

int cmd_sweep(int argc, char **argv)
{
    cli_options o;
    int status = cli_parse(argc, argv, cli_find("sweep"), &o);
    if (status >= 0) {
        cli_options_release(&o);
        return status;
    }
    sweep_ctx ctx = {0};
    cascade_sweep_plan plan = {0};
    cascade_scenario *base = NULL;
    char *out = NULL, *resolved = NULL, *plan_text = NULL, *description = NULL;
    char *paths[3] = {NULL, NULL, NULL};
    cascade_error err = {0};
    bool is_root = true;
    cascade_network network = {0}; /* the one network of every task, when shared */
    if (o.scenario == NULL) {
        status = cli_usage_error("sweep", "needs a SCENARIO file");
        goto done;
    }
    if (o.n_varies == 0) {
        status = cli_usage_error("sweep", "needs at least one --vary KEY=SPEC");
        goto done;
    }
    if ((base = cli_load(&o, &status)) == NULL) {
        goto done;
    }
    const cascade_params *bp = cascade_scenario_params(base);
    if ((status = make_plan(&o, bp->seed, &plan)) >= 0 || (status = load_points(&o, &plan, &ctx)) >= 0) {
        goto done;
    }
    ctx.options = &o;
    ctx.plan = &plan;
    ctx.replicates = bp->replicates;
    ctx.shard = o.shard;
    ctx.shards = o.shards;
    uint64_t all = (uint64_t)plan.n_points * ctx.replicates;
    ctx.total = o.shards ? all / o.shards + (all % o.shards > o.shard - 1) : all;
    out = cli_out_dir(&o, base);
    resolved = cascade_scenario_format(base);
    plan_text = plan_csv(&plan);
    description = sweep_description(&o, ctx.replicates);
    paths[0] = out ? cascade_io_join(out, "scenario.cfg") : NULL;
    paths[1] = out ? cascade_io_join(out, "plan.csv") : NULL;
    paths[2] = out ? cascade_io_join(out, "journal.csv") : NULL;
    char *scenario_text = NULL;
    if (resolved && description) {
        size_t len = strlen(resolved) + strlen(description) + 1;
        if ((scenario_text = malloc(len)) != NULL) {
            snprintf(scenario_text, len, "%s%s", resolved, description);
        }
    }
    if (!out || !resolved || !plan_text || !description || !paths[0] || !paths[1] || !paths[2] ||
        !scenario_text) {
        free(scenario_text);
        cascade_error_set(&err, CASCADE_ENOMEM, "", "out of memory");
        status = cli_report(NULL, &err);
        goto done;
    }
    uint64_t fingerprint = cascade_journal_fingerprint(scenario_text, plan_text);
    is_root = cascade_sweep_mpi_rank() == 0;
    /* A fixed network (a file, network.seed, ...) that no varied key touches is the
     * same for every task: it is built once on each rank, and the build checks the
     * file. Rank 0 first refuses a folder it cannot resume and learns what is left,
     * reading only; every rank must have the network before rank 0 writes anything, and
     * none builds it when nothing is left. The collective calls below are made in the
     * same order on every rank: share is the same on all. */
    bool share = cascade_network_is_fixed(&bp->network) && !cascade_sweep_plan_varies_network(&plan);
    cascade_status ready = CASCADE_OK;
    if (is_root) {
        (void)((ready = cli_check_folder(out, "sweep", &err)) != CASCADE_OK ||
               (ready = share ? CASCADE_OK : cascade_run_validate(bp, &err)) != CASCADE_OK ||
               (ready = check_memory(&ctx, bp, o.threads, share, &err)) != CASCADE_OK ||
               (ready = cascade_journal_load(&ctx.journal, paths[2], fingerprint, plan.n_points,
                                             ctx.replicates, o.resume, &err)) != CASCADE_OK ||
               (ready = check_unchanged(paths[0], scenario_text, o.resume, &err)) != CASCADE_OK ||
               (ready = check_unchanged(paths[1], plan_text, o.resume, &err)) != CASCADE_OK);
        for (uint64_t t = 0; ready == CASCADE_OK && t < all; t++) {
            ctx.done_before += in_shard(&ctx, t) &&
                               cascade_journal_has(ctx.journal,
                                                   cascade_sweep_task_point(t, plan.n_points),
                                                   cascade_sweep_task_replicate(t, plan.n_points));
        }
    }
    ready = cascade_sweep_mpi_share_status(ready);
    bool built = false;
    if (ready == CASCADE_OK && share &&
        cascade_sweep_mpi_all_ok(!is_root || ctx.done_before < ctx.total)) {
        cascade_error build_err = {0};
        cascade_status b = cascade_run_build_fixed(
            bp, cascade_sweep_mpi_rank_threads(o.threads), &network, is_root ? &err : &build_err);
        if (b != CASCADE_OK && !is_root) {
            fprintf(stderr, "cascade sweep: rank %d: %s: %s\n", cascade_sweep_mpi_rank(),
                    build_err.key, build_err.msg);
        }
        built = cascade_sweep_mpi_all_ok(b == CASCADE_OK);
        if (!built) {
            ready = b != CASCADE_OK ? b : CASCADE_EFAIL;
            if (is_root && b == CASCADE_OK) {
                cascade_error_set(&err, CASCADE_EFAIL, "",
                                  "another rank cannot build the network (its message says why)");
            }
        }
    }
    if (is_root && ready == CASCADE_OK) {
        (void)((ready = cascade_io_mkdirs(out, &err)) != CASCADE_OK ||
               (ready = cascade_journal_start(ctx.journal, &err)) != CASCADE_OK ||
               (ready = write_new(paths[0], scenario_text, o.resume, &err)) != CASCADE_OK ||
               (ready = write_new(paths[1], plan_text, o.resume, &err)) != CASCADE_OK);
    }
    /* under mpirun every rank learns whether rank 0 could start, so none waits forever */
    ready = cascade_sweep_mpi_share_status(ready);
    if (ready != CASCADE_OK) {
        free(scenario_text);
        status = is_root ? cli_report(base, &err) : cascade_status_exit_code(ready);
        goto done;
    }
    free(scenario_text);
    struct sigaction sa = {0}, old_int, old_term;
    sa.sa_handler = on_interrupt;
    sigaction(SIGINT, NULL, &old_int);
    sigaction(SIGTERM, NULL, &old_term);
    if (old_int.sa_handler != SIG_IGN) { /* ignored, as in a script's background job: kept */
        sigaction(SIGINT, &sa, NULL);
    }
    if (old_term.sa_handler != SIG_IGN) {
        sigaction(SIGTERM, &sa, NULL);
    }
    ctx.progress = is_root && !o.quiet && isatty(STDERR_FILENO);
    ctx.started = now();
    cascade_sweep_exec x = {.n_points = plan.n_points,
                            .replicates = ctx.replicates,
                            .acquire = acquire,
                            .release = release,
                            .pending = pending,
                            .sink = sink,
                            .interrupted = interrupted,
                            .ctx = &ctx,
                            .threads = o.threads,
                            .shared = built ? &network : NULL};
    int ranks = 1;
    cascade_status s = cascade_sweep_mpi_launched() ? cascade_sweep_run_mpi(&x, &is_root, &ranks, &err)
                                                     : cascade_sweep_run_local(&x, &err);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    double wall = now() - ctx.started;
    if (!is_root) {
        status = s == CASCADE_OK ? CASCADE_EXIT_OK : CASCADE_EXIT_FAILURE;
        goto done;
    }
    show_progress(&ctx, true);
    if (ctx.progress) {
        fputc('\n', stderr);
    }
    cascade_status closed = cascade_journal_close(ctx.journal, &err);
    ctx.journal = NULL;
    if (s != CASCADE_OK || closed != CASCADE_OK) {
        if (ctx.journal_err.msg[0]) {
            err = ctx.journal_err;
        }
        status = cli_report(NULL, &err);
        goto done;
    }
    print_failures(&ctx);
    uint64_t done_runs = ctx.done_before + ctx.done_now;
    if (!o.quiet) {
        int cores = o.threads > 0 ? o.threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
        printf("runs: %" PRIu64 " of %" PRIu64 " done (%" PRIu64 " now, %" PRIu64
               " before) in %.1f s, %.1f runs/s, %d %s, %d %s\n",
               done_runs, ctx.total, ctx.done_now, ctx.done_before, wall,
               ctx.done_now / (wall > 0 ? wall : 1), ranks > 1 ? 1 : cores,
               ranks > 1 ? "core per rank" : (cores == 1 ? "core" : "cores"), ranks,
               ranks == 1 ? "rank" : "ranks");
        if (built) {
            printf("network: built once%s and shared by every run (fixed, and no --vary key "
                   "changes it)\n", ranks > 1 ? " per rank" : "");
        }
    }
    if (interrupt_requested) {
        fprintf(stderr, "cascade sweep: interrupted with %" PRIu64 " of %" PRIu64
                        " runs in %s; finish with: cascade sweep ... -o %s --resume\n",
                done_runs, ctx.total, paths[2], out);
        status = 130;
        goto done;
    }
    if (o.shards) {
        if (!o.quiet) {
            printf("shard %u/%u: %" PRIu64 " runs in %s; join the shards with: cascade merge OUT "
                   "DIR...\n",
                   o.shard, o.shards, done_runs, out);
        }
        status = ctx.failed ? CASCADE_EXIT_FAILURE : CASCADE_EXIT_OK;
        goto done;
    }
    uint64_t missing = 0;
    const char *journals[1] = {paths[2]};
    if (cascade_sweep_tables_write(out, paths[1], journals, 1, plan.n_points, ctx.replicates,
                                   &missing, &err) != CASCADE_OK) {
        status = cli_report(NULL, &err);
        goto done;
    }
    char *charts;
    bool plotted = cli_draw_charts("sweep", out, &o, cascade_scenario_path(base), &charts);
    if (!o.quiet) {
        printf("wrote %s/sweep.csv, %s/points.csv%s%s (%zu points x %" PRIu32 " replicates)\n",
               out, out, charts ? ", " : "", charts ? charts : "", plan.n_points,
               ctx.replicates);
    }
    free(charts);
    if (!plotted) {
        status = CASCADE_EXIT_FAILURE;
        goto done;
    }
    if (ctx.failed || missing) {
        fprintf(stderr, "cascade sweep: %" PRIu64 " runs failed and are missing from the tables; "
                        "rerun with --resume to retry them\n",
                missing);
        status = CASCADE_EXIT_FAILURE;
        goto done;
    }
    status = CASCADE_EXIT_OK;
done:
    cascade_network_release(&network);
    cascade_journal_close(ctx.journal, NULL);
    for (size_t p = 0; ctx.points && p < ctx.n_points; p++) {
        cascade_scenario_free(ctx.points[p]);
    }
    free(ctx.points);
    for (int i = 0; i < 3; i++) {
        free(paths[i]);
    }
    free(out);
    free(resolved);
    free(plan_text);
    free(description);
    cascade_sweep_plan_release(&plan);
    cascade_scenario_free(base);
    cli_options_release(&o);
    return status;
}
