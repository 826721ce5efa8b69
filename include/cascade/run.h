/*
 * Runs: one replicate of a scenario, and all of a scenario's replicates spread over
 * threads (OpenMP), handed to a sink strictly in replicate order so that output does
 * not depend on thread count.
 *
 * Each run (point, replicate) gets its own generator seeded with
 * cascade_rng_derive(run.seed, point, replicate, CASCADE_RNG_RUN); the network is built
 * from that generator first, unless it is fixed (complete, ring, file, network.seed),
 * in which case it is built once and shared read-only by all runs.
 */
#ifndef CASCADE_RUN_H
#define CASCADE_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cascade/error.h"
#include "cascade/model.h"

typedef struct cascade_run_result {
    uint32_t point;
    uint32_t replicate;
    uint64_t seed;                 /* the run's derived 64-bit seed */
    cascade_summary summary;
    size_t n_records;              /* recorded ticks: 0, k, 2k, ... and the last tick */
    cascade_observables *records;  /* owned; NULL when records were not kept */
} cascade_run_result;

/* Called with each finished run, in replicate order, never concurrently. A status
 * other than CASCADE_OK stops the remaining runs and is returned. */
typedef cascade_status (*cascade_run_sink)(void *ctx, const cascade_run_result *result);
/* Called after each run finishes (in completion order, never concurrently). */
typedef void (*cascade_run_progress)(void *ctx, size_t done, size_t total);

typedef struct cascade_run_options {
    int threads;                   /* 0: all cores */
    uint32_t point;                /* sweep point (0 for a plain run) */
    bool keep_records;             /* keep the time series (for timeseries.csv) */
    cascade_run_sink sink;
    cascade_run_progress progress; /* may be NULL */
    void *ctx;
    const cascade_network *network; /* a fixed network the caller built with
                                       cascade_run_build_fixed (NULL: built here) */
} cascade_run_options;

/* Runs one replicate into *out (which the caller releases). A shared network may be
 * passed (NULL: build the run's own). */
cascade_status cascade_run_one(const cascade_params *params, const cascade_network *shared,
                               uint32_t point, uint32_t replicate, bool keep_records,
                               cascade_run_result *out, cascade_error *err);

/* Builds the one network every run of params shares when the network is fixed
 * (cascade_network_is_fixed: a file, the ring or complete graph, or network.seed), from
 * network.seed, on at most `threads` OpenMP threads (0: the caller's setting, which is
 * restored). */
cascade_status cascade_run_build_fixed(const cascade_params *params, int threads,
                                       cascade_network *net, cascade_error *err);

/* Runs params->replicates replicates. Fails before starting, with CASCADE_ENOMEM and
 * the memory needed, when the runs cannot fit in this machine's memory. */
cascade_status cascade_run_replicates(const cascade_params *params,
                                      const cascade_run_options *options, cascade_error *err);

void cascade_run_result_release(cascade_run_result *result);

/* Bytes one run needs at its peak: state and records when kept and, when it builds its
 * own network, that network's arrays or its build, whichever is larger (the build comes
 * first; cascade_network_build_bytes). */
double cascade_run_bytes(const cascade_params *params, bool own_network, bool keep_records);

/* CASCADE_ENOMEM, with how much memory would be needed, when `runs` runs, at most
 * `threads` at once (0: all cores), cannot fit in this machine's memory: each building
 * its own network, or all sharing one built before them (shared_network). igraph's
 * builds (its generators, network files) take one at a time. */
cascade_status cascade_run_check_memory(const cascade_params *params, int threads, uint64_t runs,
                                       bool shared_network, bool keep_records,
                                       cascade_error *err);

/* CASCADE_ENOMEM, with key population.size and how much memory would be needed, when
 * `need` bytes for params cannot fit in this machine's memory; detail says in a few words
 * how they were counted (cascade_run_check_memory's "1.2 GiB per run, 4 at once"). The
 * check of cascade_run_check_memory and of cascade analyze. */
cascade_status cascade_run_check_bytes(const cascade_params *params, double need,
                                      const char *detail, cascade_error *err);

/* Checks what only building can check: a network file is read and must fit the
 * population (CASCADE_EINVAL with key network.path otherwise). */
cascade_status cascade_run_validate(const cascade_params *params, cascade_error *err);

/* Installs a GSL error handler that records the error for the failing run instead of
 * aborting the process. Call once from main, before any threads start. */
void cascade_run_install_gsl_handler(void);

#endif
