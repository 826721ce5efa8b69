/*
 * Local execution of a sweep: OpenMP over tasks with dynamic scheduling, each thread
 * with its own generator and model (inside cascade_run_one). Outcomes go to the sink
 * as they finish, serialised by a critical section; order does not matter because the
 * final tables are sorted. Nothing is held per task, so memory stays flat however many
 * runs the sweep has.
 */
#include "cascade/sweep.h"

#include <stdio.h>
#include <string.h>

#include <omp.h>

#include "cascade/rng.h"

/* Runs task t into *out (never fails as a C call: a failed run is an outcome). */
static void run_task(const cascade_sweep_exec *x, uint64_t t, cascade_sweep_outcome *out)
{
    memset(out, 0, sizeof *out);
    out->task = t;
    out->point = cascade_sweep_task_point(t, x->n_points);
    out->replicate = cascade_sweep_task_replicate(t, x->n_points);
    void *handle = NULL;
    const cascade_params *p = x->acquire(x->ctx, out->point, &handle);
    if (p == NULL) {
        out->status = CASCADE_ENOMEM;
        snprintf(out->reason, sizeof out->reason, "out of memory for the point's scenario");
        return;
    }
    cascade_run_result res;
    cascade_error e = {0};
    out->status = cascade_run_one(p, x->shared, out->point, out->replicate, false, &res, &e);
    out->seed = cascade_rng_derive(p->seed, out->point, out->replicate, CASCADE_RNG_RUN);
    if (out->status == CASCADE_OK) {
        out->summary = res.summary;
        cascade_run_result_release(&res);
    } else {
        snprintf(out->reason, sizeof out->reason, "%.60s%s%.180s", e.key,
                 e.key[0] ? ": " : "", e.msg);
    }
    if (x->release) {
        x->release(x->ctx, handle);
    }
}

void cascade_sweep_run_task(const cascade_sweep_exec *exec, uint64_t task,
                            cascade_sweep_outcome *out)
{
    run_task(exec, task, out);
}

/* At most `threads` threads in all: each task's own OpenMP work (the network
 * generator) runs on its one thread. */
cascade_status cascade_sweep_run_local(const cascade_sweep_exec *x, cascade_error *err)
{
    uint64_t total = (uint64_t)x->n_points * x->replicates;
    int threads = x->threads > 0 ? x->threads : omp_get_num_procs();
    volatile bool stop = false;
    bool sink_failed = false;

#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (uint64_t t = 0; t < total; t++) {
        bool skip;
        omp_set_num_threads(1); /* for this thread's tasks only, even where nested
                                   parallelism is enabled */
#pragma omp critical(cascade_sweep_sink)
        {
            if (!stop && x->interrupted != NULL && x->interrupted(x->ctx)) {
                stop = true;
            }
            skip = stop || !x->pending(x->ctx, t);
        }
        if (skip) {
            continue;
        }
        cascade_sweep_outcome out;
        run_task(x, t, &out);
#pragma omp critical(cascade_sweep_sink)
        {
            if (!stop && !x->sink(x->ctx, &out)) {
                stop = true;
                sink_failed = true;
            }
        }
    }
    if (sink_failed) {
        return cascade_error_set(err, CASCADE_EIO, "", "cannot record a finished run");
    }
    return CASCADE_OK;
}
