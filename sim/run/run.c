/*
 * Replicates on all cores. Each thread owns its generator, model and network; results
 * finishing out of order wait in a slot until every earlier replicate has been handed
 * to the sink, so the sink sees replicates in order and output is byte-identical
 * whatever the thread count. Memory held is bounded by the out-of-order window.
 *
 * GSL errors (which would abort the process by default) are recorded per thread by the
 * handler installed from main; a run that raised one fails with its message.
 */
#include "cascade/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <omp.h>

#include "cascade/rng.h"

#define GIB (1024.0 * 1024.0 * 1024.0)

static _Thread_local char gsl_failure[256];

static void record_gsl_error(const char *reason, const char *file, int line, int gsl_errno)
{
    if (gsl_failure[0] == '\0') {
        snprintf(gsl_failure, sizeof gsl_failure, "GSL error %d at %s:%d: %s", gsl_errno, file,
                 line, reason);
    }
}

void cascade_run_install_gsl_handler(void)
{
    gsl_set_error_handler(record_gsl_error);
}

double cascade_run_bytes(const cascade_params *p, bool own_network, bool keep_records)
{
    double bytes = cascade_model_state_bytes(p);
    if (keep_records) {
        bytes += (double)(p->ticks / p->record_every + 2) * sizeof(cascade_observables);
    }
    if (own_network) {
        /* cascade_run_one builds the network before it allocates records and model */
        bytes = fmax(bytes + cascade_network_expected_bytes(&p->network, p->size),
                     cascade_network_build_bytes(&p->network, p->size));
    }
    return bytes;
}

void cascade_run_result_release(cascade_run_result *r)
{
    if (r != NULL) {
        free(r->records);
        memset(r, 0, sizeof *r);
    }
}

cascade_status cascade_run_one(const cascade_params *p, const cascade_network *shared,
                               uint32_t point, uint32_t replicate, bool keep_records,
                               cascade_run_result *out, cascade_error *err)
{
    memset(out, 0, sizeof *out);
    out->point = point;
    out->replicate = replicate;
    out->seed = cascade_rng_derive(p->seed, point, replicate, CASCADE_RNG_RUN);
    const gsl_rng_type *type = cascade_rng_type_find(p->rng);
    if (type == NULL) {
        return cascade_error_set(err, CASCADE_EINVAL, "run.rng", "unknown GSL generator \"%s\"",
                                 p->rng);
    }
    gsl_rng *rng = cascade_rng_alloc(type, out->seed);
    cascade_network own = {0};
    cascade_model *model = NULL;
    cascade_status status = CASCADE_OK;
    if (rng == NULL) {
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory for a generator");
    }
    gsl_failure[0] = '\0';
    if (shared == NULL) {
        /* a fixed network is the same in every run, whether shared or built here */
        status = cascade_network_is_fixed(&p->network)
                     ? cascade_run_build_fixed(p, 0, &own, err)
                     : cascade_network_build(&p->network, p->size, rng, &own, err);
        if (status != CASCADE_OK) {
            goto fail;
        }
        shared = &own;
    }
    if (keep_records) {
        size_t cap = p->ticks / p->record_every + 2;
        out->records = malloc(cap * sizeof *out->records);
        if (out->records == NULL) {
            status = cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory for records");
            goto fail;
        }
    }
    model = cascade_model_alloc(p, shared, rng);
    if (model == NULL) {
        status = cascade_error_set(err, CASCADE_ENOMEM, "population.size",
                                   "out of memory for %u elites", p->size);
        goto fail;
    }
    for (;;) {
        uint32_t t = cascade_model_tick(model);
        bool last = cascade_model_done(model);
        if (keep_records && (t % p->record_every == 0 || last)) {
            cascade_model_observe(model, &out->records[out->n_records++]);
        }
        if (last) {
            break;
        }
        cascade_model_step(model);
    }
    cascade_model_summarize(model, &out->summary);
    if (gsl_failure[0] != '\0') {
        status = cascade_error_set(err, CASCADE_EFAIL, "", "%s", gsl_failure);
        goto fail;
    }
    cascade_model_free(model);
    cascade_network_release(&own);
    gsl_rng_free(rng);
    return CASCADE_OK;
fail:
    cascade_model_free(model);
    cascade_network_release(&own);
    gsl_rng_free(rng);
    cascade_run_result_release(out);
    return status;
}

static double physical_bytes(void)
{
    long pages = sysconf(_SC_PHYS_PAGES);
    long size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? (double)pages * (double)size : INFINITY;
}

/* CASCADE_ENOMEM when need bytes do not fit: "SUBJECT need about ...", at key. */
static cascade_status fit(double need, const char *key, const char *subject, const char *detail,
                          cascade_error *err)
{
    double have = physical_bytes();
    if (need > have) {
        return cascade_error_set(err, CASCADE_ENOMEM, key,
                                 "%s need about %.1f GiB of memory (%s), but this machine has "
                                 "%.1f GiB",
                                 subject, need / GIB, detail, have / GIB);
    }
    return CASCADE_OK;
}

cascade_status cascade_run_check_bytes(const cascade_params *p, double need, const char *detail,
                                      cascade_error *err)
{
    char subject[64];
    snprintf(subject, sizeof subject, "%u elites", p->size);
    return fit(need, "population.size", subject, detail, err);
}

cascade_status cascade_run_check_memory(const cascade_params *p, int threads, uint64_t runs,
                                       bool shared_network, bool keep_records,
                                       cascade_error *err)
{
    threads = threads > 0 ? threads : omp_get_num_procs();
    uint64_t at_once = runs < (uint64_t)threads ? runs : (uint64_t)threads;
    double concurrent = at_once > 0 ? (double)at_once : 1.0;
    double arrays = cascade_network_expected_bytes(&p->network, p->size);
    double build = cascade_network_build_bytes(&p->network, p->size);
    double per_run = cascade_run_bytes(p, !shared_network, keep_records);
    double need;
    if (shared_network) { /* built before any run starts */
        need = fmax(build, arrays + concurrent * per_run);
    } else if (p->network.type == CASCADE_NET_FILE ||
               p->network.generator == CASCADE_NETGEN_IGRAPH) {
        /* igraph builds one network at a time (a lock): the others hold their runs */
        double steady = cascade_run_bytes(p, false, keep_records) + arrays;
        need = (concurrent - 1) * steady + per_run;
    } else {
        need = concurrent * per_run;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "%.1f GiB per run, %.0f at once", per_run / GIB, concurrent);
    double records = per_run - cascade_run_bytes(p, !shared_network, false);
    if (records > per_run / 2) { /* the ticks' records, more than the elites, are to blame */
        char subject[64];
        snprintf(subject, sizeof subject, "%u ticks recorded every %u", p->ticks,
                 p->record_every);
        return fit(need, "run.ticks", subject, detail, err);
    }
    return cascade_run_check_bytes(p, need, detail, err);
}

cascade_status cascade_run_validate(const cascade_params *p, cascade_error *err)
{
    if (p->network.type != CASCADE_NET_FILE) {
        return CASCADE_OK;
    }
    cascade_network net = {0};
    cascade_status status = cascade_network_build(&p->network, p->size, NULL, &net, err);
    cascade_network_release(&net);
    return status;
}

cascade_status cascade_run_build_fixed(const cascade_params *p, int threads,
                                       cascade_network *net, cascade_error *err)
{
    gsl_rng *rng = cascade_rng_alloc(
        gsl_rng_mt19937, cascade_rng_derive(p->network.seed, 0, 0, CASCADE_RNG_NETWORK));
    if (rng == NULL) {
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    int saved = omp_get_max_threads();
    if (threads > 0) {
        omp_set_num_threads(threads);
    }
    cascade_status status = cascade_network_build(&p->network, p->size, rng, net, err);
    omp_set_num_threads(saved);
    gsl_rng_free(rng);
    return status;
}

static cascade_status run_replicates(const cascade_params *p, const cascade_run_options *o,
                                     int threads, cascade_error *err)
{
    cascade_status status = cascade_run_check_memory(
        p, threads, p->replicates, cascade_network_is_fixed(&p->network), o->keep_records, err);
    if (status != CASCADE_OK) {
        return status;
    }
    cascade_network shared = {0}; /* built here, or none */
    const cascade_network *network = o->network;
    if (network == NULL && cascade_network_is_fixed(&p->network)) {
        if ((status = cascade_run_build_fixed(p, 0, &shared, err)) != CASCADE_OK) {
            return status;
        }
        network = &shared;
    }
    size_t n = p->replicates;
    cascade_run_result *slots = calloc(n, sizeof *slots);
    bool *ready = calloc(n, sizeof *ready);
    if (slots == NULL || ready == NULL) {
        free(slots);
        free(ready);
        cascade_network_release(&shared);
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    size_t next_out = 0, done = 0;
    volatile bool stop = false;
    cascade_error first_err = {0};

    int team = (size_t)threads < n ? threads : (int)n;
#pragma omp parallel for schedule(dynamic, 1) num_threads(team)
    for (size_t r = 0; r < n; r++) {
        if (team > 1) {
            omp_set_num_threads(1); /* this replicate's own OpenMP work: one thread, even
                                       where nested parallelism is enabled */
        }
        if (stop) {
            continue;
        }
        cascade_error e = {0};
        cascade_run_result res;
        cascade_status s = cascade_run_one(p, network, o->point, (uint32_t)r,
                                           o->keep_records, &res, &e);
#pragma omp critical(cascade_run_flush)
        {
            if (s != CASCADE_OK) {
                if (!stop) {
                    first_err = e;
                    first_err.status = s;
                    if (first_err.msg[0] != '\0' && e.key[0] == '\0') {
                        uint64_t seed = cascade_rng_derive(p->seed, o->point, (uint64_t)r,
                                                           CASCADE_RNG_RUN);
                        snprintf(first_err.msg, sizeof first_err.msg,
                                 "replicate %zu (seed %llu): %.300s", r,
                                 (unsigned long long)seed, e.msg);
                    }
                }
                stop = true;
            } else {
                slots[r] = res;
                ready[r] = true;
                done++;
                while (!stop && next_out < n && ready[next_out]) {
                    cascade_status ss = o->sink ? o->sink(o->ctx, &slots[next_out]) : CASCADE_OK;
                    cascade_run_result_release(&slots[next_out]);
                    ready[next_out] = false;
                    next_out++;
                    if (ss != CASCADE_OK) {
                        first_err.status = ss;
                        stop = true;
                    }
                }
                if (o->progress) {
                    o->progress(o->ctx, done, n);
                }
            }
        }
    }
    for (size_t r = 0; r < n; r++) {
        cascade_run_result_release(&slots[r]);
    }
    free(slots);
    free(ready);
    cascade_network_release(&shared);
    if (first_err.status != CASCADE_OK) {
        if (err) {
            *err = first_err;
        }
        return first_err.status;
    }
    return CASCADE_OK;
}

/* At most `threads` threads in all: replicates run side by side, each on one thread
 * (its network build included), or, for a single replicate, its network build gets the
 * `threads`; the caller's OpenMP setting is restored. */
cascade_status cascade_run_replicates(const cascade_params *p, const cascade_run_options *o,
                                      cascade_error *err)
{
    int threads = o->threads > 0 ? o->threads : omp_get_num_procs();
    int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    cascade_status status = run_replicates(p, o, threads, err);
    omp_set_num_threads(saved);
    return status;
}
