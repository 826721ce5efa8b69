/*
 * Sweeps without MPI (built with -DCASCADE_MPI=OFF or without an MPI library): one
 * process, the local executor; mpirun is not recognised.
 */
#include "cascade/sweep.h"

bool cascade_sweep_mpi_available(void)
{
    return false;
}

bool cascade_sweep_mpi_launched(void)
{
    return false;
}

void cascade_sweep_mpi_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

void cascade_sweep_mpi_finalize(void)
{
}

int cascade_sweep_mpi_rank(void)
{
    return 0;
}

cascade_status cascade_sweep_mpi_share_status(cascade_status status)
{
    return status;
}

bool cascade_sweep_mpi_all_ok(bool ok)
{
    return ok;
}

int cascade_sweep_mpi_rank_threads(int threads)
{
    return threads;
}

cascade_status cascade_sweep_run_mpi(const cascade_sweep_exec *exec, bool *is_root, int *ranks,
                                     cascade_error *err)
{
    *is_root = true;
    *ranks = 1;
    return cascade_sweep_run_local(exec, err);
}
