/*
 * Sweeps across machines with MPI. Built only with -DCASCADE_MPI=ON; this is the only
 * file that includes mpi.h.
 *
 * Rank 0 hands out tasks one at a time and is the only rank that calls the sink (and so
 * writes files); every rank, rank 0 included, runs tasks, one at a time. A worker asks
 * for its next task as soon as it starts one (one task prefetched), so it never waits
 * while rank 0 is busy with a run of its own. A worker is finished when it has been
 * told there is nothing left and rank 0 has its last result. Outcomes travel as the raw
 * bytes of cascade_sweep_outcome: every rank runs the same binary.
 *
 * MPI is initialised only when the program was started by mpirun (or mpiexec), so the
 * same binary runs alone without any MPI set-up.
 */
#include "cascade/sweep.h"

#include <stdlib.h>
#include <string.h>

#include <mpi.h>

enum { TAG_REQUEST = 1, TAG_ASSIGN = 2, TAG_RESULT = 3 };
#define NO_TASK UINT64_MAX

static bool initialised;

bool cascade_sweep_mpi_available(void)
{
    return true;
}

bool cascade_sweep_mpi_launched(void)
{
    const char *vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        if (getenv(vars[i]) != NULL) {
            return true;
        }
    }
    return false;
}

void cascade_sweep_mpi_init(int *argc, char ***argv)
{
    if (cascade_sweep_mpi_launched() && !initialised) {
        int provided;
        MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
        initialised = true;
    }
}

void cascade_sweep_mpi_finalize(void)
{
    if (initialised) {
        MPI_Finalize();
        initialised = false;
    }
}

int cascade_sweep_mpi_rank(void)
{
    int rank = 0;
    if (initialised) {
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    }
    return rank;
}

cascade_status cascade_sweep_mpi_share_status(cascade_status status)
{
    if (initialised) {
        int value = (int)status;
        MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
        status = (cascade_status)value;
    }
    return status;
}

typedef struct master {
    const cascade_sweep_exec *x;
    uint64_t total;
    uint64_t cursor;
    bool stop;
    bool sink_failed;
} master;

static uint64_t next_task(master *m)
{
    if (m->stop) {
        return NO_TASK;
    }
    if (m->x->interrupted && m->x->interrupted(m->x->ctx)) {
        m->stop = true;
        return NO_TASK;
    }
    while (m->cursor < m->total && !m->x->todo(m->x->ctx, m->cursor)) {
        m->cursor++;
    }
    return m->cursor < m->total ? m->cursor++ : NO_TASK;
}

static void deliver(master *m, const cascade_sweep_outcome *o)
{
    if (!m->sink_failed && !m->x->sink(m->x->ctx, o)) {
        m->sink_failed = true;
        m->stop = true;
    }
}

/* Handles one message; returns whether the sending worker has now finished. */
static void handle(master *m, const MPI_Status *st, uint64_t *outstanding, bool *told_done,
                   int *finished)
{
    int w = st->MPI_SOURCE;
    if (st->MPI_TAG == TAG_REQUEST) {
        MPI_Recv(NULL, 0, MPI_BYTE, w, TAG_REQUEST, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        uint64_t t = next_task(m);
        MPI_Send(&t, 1, MPI_UINT64_T, w, TAG_ASSIGN, MPI_COMM_WORLD);
        if (t == NO_TASK) {
            told_done[w] = true;
        } else {
            outstanding[w]++;
        }
    } else {
        cascade_sweep_outcome o;
        MPI_Recv(&o, (int)sizeof o, MPI_BYTE, w, TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        outstanding[w]--;
        deliver(m, &o);
    }
    if (told_done[w] && outstanding[w] == 0) {
        told_done[w] = false; /* count each worker once */
        outstanding[w] = UINT64_MAX;
        (*finished)++;
    }
}

static void run_master(const cascade_sweep_exec *x, int ranks)
{
    master m = {.x = x, .total = (uint64_t)x->n_points * x->replicates};
    uint64_t *outstanding = calloc((size_t)ranks, sizeof *outstanding);
    bool *told_done = calloc((size_t)ranks, sizeof *told_done);
    int finished = 0;
    bool own_work = true;
    while (finished < ranks - 1 || own_work) {
        int flag = 1;
        MPI_Status st;
        while (finished < ranks - 1) {
            MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
            if (!flag) {
                break;
            }
            handle(&m, &st, outstanding, told_done, &finished);
        }
        if (own_work) {
            uint64_t t = next_task(&m);
            if (t == NO_TASK) {
                own_work = false;
            } else {
                cascade_sweep_outcome o;
                cascade_sweep_run_task(x, t, &o);
                deliver(&m, &o);
            }
        } else if (finished < ranks - 1) {
            MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
            handle(&m, &st, outstanding, told_done, &finished);
        }
    }
    free(outstanding);
    free(told_done);
    int failed = m.sink_failed;
    MPI_Bcast(&failed, 1, MPI_INT, 0, MPI_COMM_WORLD);
}

static void run_worker(const cascade_sweep_exec *x)
{
    uint64_t next;
    MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_REQUEST, MPI_COMM_WORLD);
    MPI_Recv(&next, 1, MPI_UINT64_T, 0, TAG_ASSIGN, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    while (next != NO_TASK) {
        uint64_t t = next;
        MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_REQUEST, MPI_COMM_WORLD);
        cascade_sweep_outcome o;
        cascade_sweep_run_task(x, t, &o);
        MPI_Send(&o, (int)sizeof o, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
        MPI_Recv(&next, 1, MPI_UINT64_T, 0, TAG_ASSIGN, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    int failed;
    MPI_Bcast(&failed, 1, MPI_INT, 0, MPI_COMM_WORLD);
}

cascade_status cascade_sweep_run_mpi(const cascade_sweep_exec *x, bool *is_root, int *ranks,
                                     cascade_error *err)
{
    int rank = 0, size = 1;
    if (initialised) {
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
    }
    *is_root = rank == 0;
    *ranks = size;
    if (size == 1) {
        return cascade_sweep_run_local(x, err);
    }
    if (rank == 0) {
        run_master(x, size);
    } else {
        run_worker(x);
    }
    return CASCADE_OK;
}
