/*
 * Sweeps across machines with MPI. Built only with -DCASCADE_MPI=ON; this is the only
 * file that includes mpi.h.
 *
 * Rank 0 hands out tasks one at a time and is the only rank that calls the sink (and so
 * writes files); every rank, rank 0 included, runs tasks, one at a time. Rank 0 answers
 * requests only between its own runs, so each worker keeps PREFETCH requests
 * outstanding and a queue of the tasks it was given: it always has work in hand while
 * rank 0 is busy. Once told there is nothing left, a worker finishes its queue, collects
 * the answers to its outstanding requests, and sends DONE; since MPI keeps the order of
 * messages between two ranks, rank 0 has then seen every request and result of that
 * worker. Outcomes travel as the raw bytes of cascade_sweep_outcome: every rank runs the
 * same binary.
 *
 * MPI is initialised only when the program was started by mpirun (or mpiexec), so the
 * same binary runs alone without any MPI set-up.
 */
#include "cascade/sweep.h"

#include <stdlib.h>
#include <string.h>

#include <mpi.h>
#include <omp.h>

enum { TAG_REQUEST = 1, TAG_ASSIGN = 2, TAG_RESULT = 3, TAG_DONE = 4 };
#define NO_TASK UINT64_MAX
#define PREFETCH 3

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
        /* Open MPI's shared-memory transport (vader) slowed the computing worker ranks
         * by a third on our test machine (2 ranks: 137 runs/s against 164 with TCP, the
         * worker doing 146 of 400 runs instead of 197); the sweep's messages are few and
         * small, so TCP costs nothing. A user's own choice (OMPI_MCA_btl or --mca btl)
         * wins; other MPI libraries ignore the variable. */
        setenv("OMPI_MCA_btl", "self,tcp", 0);
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

bool cascade_sweep_mpi_all_ok(bool ok)
{
    if (initialised) {
        int mine = ok, all = 0;
        MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
        ok = all != 0;
    }
    return ok;
}

int cascade_sweep_mpi_rank_threads(int threads)
{
    int size = 1;
    if (initialised) {
        MPI_Comm_size(MPI_COMM_WORLD, &size);
    }
    return size > 1 && threads <= 0 ? 1 : threads;
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
    while (m->cursor < m->total && !m->x->pending(m->x->ctx, m->cursor)) {
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

/* Handles one message from a worker; counts the workers that are done. */
static void handle(master *m, const MPI_Status *st, int *finished)
{
    int w = st->MPI_SOURCE;
    if (st->MPI_TAG == TAG_REQUEST) {
        MPI_Recv(NULL, 0, MPI_BYTE, w, TAG_REQUEST, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        uint64_t t = next_task(m);
        MPI_Send(&t, 1, MPI_UINT64_T, w, TAG_ASSIGN, MPI_COMM_WORLD);
    } else if (st->MPI_TAG == TAG_RESULT) {
        cascade_sweep_outcome o;
        MPI_Recv(&o, (int)sizeof o, MPI_BYTE, w, TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        deliver(m, &o);
    } else {
        MPI_Recv(NULL, 0, MPI_BYTE, w, TAG_DONE, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        (*finished)++;
    }
}

static void run_master(const cascade_sweep_exec *x, int ranks)
{
    master m = {.x = x, .total = (uint64_t)x->n_points * x->replicates};
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
            handle(&m, &st, &finished);
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
            handle(&m, &st, &finished);
        }
    }
    int failed = m.sink_failed;
    MPI_Bcast(&failed, 1, MPI_INT, 0, MPI_COMM_WORLD);
}

static void run_worker(const cascade_sweep_exec *x)
{
    uint64_t queue[PREFETCH];
    size_t head = 0, queued = 0;
    int outstanding = 0;
    bool exhausted = false;
    for (int i = 0; i < PREFETCH; i++) {
        MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_REQUEST, MPI_COMM_WORLD);
        outstanding++;
    }
    for (;;) {
        /* take the answers that have arrived; wait for one when there is nothing to do */
        while (outstanding > 0) {
            int flag = 1;
            if (queued > 0) {
                MPI_Iprobe(0, TAG_ASSIGN, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
            }
            if (!flag) {
                break;
            }
            uint64_t t;
            MPI_Recv(&t, 1, MPI_UINT64_T, 0, TAG_ASSIGN, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            outstanding--;
            if (t == NO_TASK) {
                exhausted = true;
            } else {
                queue[(head + queued++) % PREFETCH] = t;
            }
        }
        if (queued == 0) {
            break; /* exhausted, every request answered */
        }
        uint64_t t = queue[head];
        head = (head + 1) % PREFETCH;
        queued--;
        if (!exhausted) {
            MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_REQUEST, MPI_COMM_WORLD);
            outstanding++;
        }
        cascade_sweep_outcome o;
        cascade_sweep_run_task(x, t, &o);
        MPI_Send(&o, (int)sizeof o, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
    }
    MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_DONE, MPI_COMM_WORLD);
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
    /* One task at a time per rank, on one core unless --threads gives more: OpenMP work
     * inside a run (the network generator) would otherwise take every core on every
     * rank of the machine. */
    int saved = omp_get_max_threads();
    omp_set_num_threads(cascade_sweep_mpi_rank_threads(x->threads));
    if (rank == 0) {
        run_master(x, size);
    } else {
        run_worker(x);
    }
    omp_set_num_threads(saved);
    return CASCADE_OK;
}
