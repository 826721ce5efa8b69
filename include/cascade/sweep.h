/*
 * Sweeps: the scenario at every point of a grid (or a sample) of parameter values, many
 * replicates each.
 *
 * A plan is the varied keys and the table of points (n_points x n_keys values). Runs
 * are tasks t = replicate * n_points + point, so that replicates interleave across
 * points: a sweep stopped early has covered the whole space evenly. Each task's seed
 * comes from (run.seed, point, replicate), so results never depend on which thread,
 * rank or shard ran it, nor when; the final tables are sorted by (point, replicate).
 *
 * This module plans and executes (OpenMP here, MPI in sweep_mpi.c when built with it);
 * the journal and tables are written through callbacks by the caller.
 */
#ifndef CASCADE_SWEEP_H
#define CASCADE_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cascade/error.h"
#include "cascade/model.h"
#include "cascade/run.h"

typedef enum cascade_vary_kind {
    CASCADE_VARY_GRID = 0, /* A:B:N, N evenly spaced values from A to B inclusive */
    CASCADE_VARY_LIST,     /* V1,V2,... */
    CASCADE_VARY_RANGE     /* A:B, sampled with --sample */
} cascade_vary_kind;

typedef struct cascade_vary {
    char key[96];
    cascade_vary_kind kind;
    bool integer;       /* an integer key: values are rounded to integers */
    double a, b;        /* GRID, RANGE */
    uint32_t n;         /* GRID */
    double *values;     /* the key's values (GRID, LIST), owned */
    size_t n_values;
} cascade_vary;

typedef enum cascade_sample_kind {
    CASCADE_SAMPLE_NONE = 0,
    CASCADE_SAMPLE_SOBOL,
    CASCADE_SAMPLE_LHS
} cascade_sample_kind;

typedef struct cascade_sweep_plan {
    size_t n_keys;
    cascade_vary *keys;   /* owned */
    size_t n_points;
    double *values;       /* n_points x n_keys, row per point, owned */
} cascade_sweep_plan;

/* Parses "KEY=SPEC" (A:B:N, V1,V2,..., or A:B when `sampled`). integer says whether
 * the key takes integers. On error err names the key ("--vary" when none). */
cascade_status cascade_vary_parse(const char *arg, bool integer, bool sampled,
                                  cascade_vary *out, cascade_error *err);
void cascade_vary_release(cascade_vary *vary);

/* Parses "sobol:N" or "lhs:N". */
cascade_status cascade_sample_parse(const char *arg, cascade_sample_kind *kind, size_t *n,
                                    cascade_error *err);

/* Builds the plan: the grid product of the keys (the first key varies slowest), or
 * n_samples points of a Sobol sequence (GSL, up to 40 keys) or a Latin hypercube drawn
 * from a generator seeded with (seed, 0, 0, CASCADE_RNG_SAMPLE). Takes ownership of
 * keys (even on failure). */
cascade_status cascade_sweep_plan_build(cascade_sweep_plan *plan, cascade_vary *keys,
                                        size_t n_keys, cascade_sample_kind sample,
                                        size_t n_samples, uint64_t seed, cascade_error *err);
void cascade_sweep_plan_release(cascade_sweep_plan *plan);

/* The value of key k at point p. */
static inline double cascade_sweep_value(const cascade_sweep_plan *plan, size_t p, size_t k)
{
    return plan->values[p * plan->n_keys + k];
}

/* Whether a varied key can change the network a run builds: a network.* key or
 * population.size. When none does and the base network is fixed, every task of the
 * sweep runs on the same network, which can then be built once. */
bool cascade_sweep_plan_varies_network(const cascade_sweep_plan *plan);

/* Writes "KEY=VALUE" for key k at point p into buf (shortest round-trip number). */
void cascade_sweep_setting(const cascade_sweep_plan *plan, size_t p, size_t k, char *buf,
                           size_t len);

/* ---- execution ---- */

/* One finished (or failed) task, as handed to the sink. */
typedef struct cascade_sweep_outcome {
    uint64_t task;
    uint32_t point;
    uint32_t replicate;
    uint64_t seed;
    cascade_status status;   /* CASCADE_OK, or why the run failed */
    cascade_summary summary; /* when status is CASCADE_OK */
    char reason[256];        /* when it failed */
} cascade_sweep_outcome;

typedef struct cascade_sweep_exec {
    size_t n_points;
    uint32_t replicates;
    /* The parameters of point p, valid until release(ctx, *handle); may be called from
     * several threads at once. NULL when they cannot be had (out of memory). */
    const cascade_params *(*acquire)(void *ctx, size_t point, void **handle);
    void (*release)(void *ctx, void *handle);
    /* Whether task t is still to run (not journaled, in this shard). */
    bool (*pending)(void *ctx, uint64_t task);
    /* Called for each outcome, never concurrently. Returns false to stop. */
    bool (*sink)(void *ctx, const cascade_sweep_outcome *outcome);
    /* Called between tasks, never concurrently; returns true to stop early (Ctrl-C). */
    bool (*interrupted)(void *ctx);
    void *ctx;
    int threads;             /* 0: all cores */
    const cascade_network *shared; /* the network of every task (the plan varies no key
                                      of a fixed network), or NULL: each builds its own */
} cascade_sweep_exec;

/* Runs every task left to do on this machine's threads. Returns CASCADE_OK when the
 * sink accepted every outcome (failed runs included), else the sink's failure. */
cascade_status cascade_sweep_run_local(const cascade_sweep_exec *exec, cascade_error *err);

/* Runs one task (used by every executor). A failed run is an outcome, not an error. */
void cascade_sweep_run_task(const cascade_sweep_exec *exec, uint64_t task,
                            cascade_sweep_outcome *out);

/* Task t of a plan with n_points points. */
static inline uint32_t cascade_sweep_task_point(uint64_t task, size_t n_points)
{
    return (uint32_t)(task % n_points);
}
static inline uint32_t cascade_sweep_task_replicate(uint64_t task, size_t n_points)
{
    return (uint32_t)(task / n_points);
}

/* Whether this program was built with MPI, and started under mpirun with more than one
 * rank (it never initialises MPI otherwise). */
bool cascade_sweep_mpi_available(void);
bool cascade_sweep_mpi_launched(void);

/* MPI: rank 0 hands out tasks and calls the sink; every rank, rank 0 included, runs
 * tasks. Returns on every rank; *is_root says whether this rank is rank 0 (the only one
 * whose sink is called and which should write files). ranks receives the rank count. */
cascade_status cascade_sweep_run_mpi(const cascade_sweep_exec *exec, bool *is_root, int *ranks,
                                     cascade_error *err);
/* Initialises MPI when launched under mpirun; finalises at exit. */
void cascade_sweep_mpi_init(int *argc, char ***argv);
void cascade_sweep_mpi_finalize(void);
int cascade_sweep_mpi_rank(void);
/* Rank 0's status, on every rank (a broadcast under mpirun; the status itself otherwise). */
cascade_status cascade_sweep_mpi_share_status(cascade_status status);
/* Whether ok holds on every rank (a reduction under mpirun; ok itself otherwise). */
bool cascade_sweep_mpi_all_ok(bool ok);
/* How many threads a run's own OpenMP work may take on this rank: `threads` (0: every
 * core) alone, at most `threads` (default 1) per rank under mpirun. */
int cascade_sweep_mpi_rank_threads(int threads);

#endif
