/*
 * cascade: when does a trickle of defections from a regime's elite become a preference
 * cascade? The command table (sorted, git's habit), dispatch, --version and --help.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cascade/run.h"
#include "cascade/sweep.h"
#include "cli.h"

const cli_command cli_commands[] = {
    {"analyze", cmd_analyze, "analyze SCENARIO [--vary KEY=A:B:N] [OPTIONS]",
     "mean-field theory: threshold map, fixed points, bifurcation, Watts's condition",
     "Mean-field theory of a scenario's initial state: the threshold map, its fixed points\n"
     "and the equilibrium reached from the seed share; with --vary the bifurcation diagram\n"
     "and hysteresis; on random networks Watts's cascade condition and Gleeson-Cahalane.",
     1},
    {"check", cmd_check, "check [SCENARIO] [--set KEY=VALUE ...]",
     "validate a scenario and print it fully resolved",
     "Validate a scenario and print it fully resolved (every default filled in), in "
     "scenario syntax.", 1},
    {"help", cmd_help, "help [COMMAND | keys]",
     "help on a command, or every scenario key",
     "Show help for a command, or `help keys` for every scenario key with its default.", 1},
    {"list", cmd_list, "list",
     "the scenarios shipped in scenarios/", "List the scenarios shipped in scenarios/, with their descriptions.",
     0},
    {"merge", cmd_merge, "merge OUT DIR...",
     "join the folders of a sharded sweep",
     "Join the folders of a sharded sweep (sweep --shard I/K) into the files one sweep writes.",
     -1},
    {"plot", cmd_plot, "plot DIR [--format png,pdf,svg] [--metric NAME]",
     "draw the charts of a folder again from its CSV files",
     "Draw (again) the charts of a run, sweep or analyze folder from its CSV files:\n"
     "cascade.* from timeseries.csv and summary.csv, sweep.* from points.csv (a phase\n"
     "diagram of --metric for two or more varied keys), cobweb.* and bifurcation.*.",
     1},
    {"run", cmd_run, "run [SCENARIO] [OPTIONS]",
     "run a scenario's replicates on all cores",
     "Run a scenario's replicates on all cores and write scenario.cfg, timeseries.csv and\n"
     "summary.csv to the output folder. Without SCENARIO, runs the built-in default scenario.",
     1},
    {"sweep", cmd_sweep, "sweep SCENARIO --vary KEY=SPEC [--vary KEY=SPEC ...] [OPTIONS]",
     "run a scenario over a grid or sample of parameter values",
     "Run the scenario at every point of a grid (or --sample) of parameter values, many\n"
     "replicates each, on all cores (or under mpirun across machines); writes sweep.csv and\n"
     "points.csv. Results stream to journal.csv: an interrupted sweep finishes with --resume.",
     1},
};
const size_t cli_n_commands = sizeof cli_commands / sizeof cli_commands[0];

const cli_command *cli_find(const char *name)
{
    for (size_t i = 0; i < cli_n_commands; i++) {
        if (strcmp(cli_commands[i].name, name) == 0) {
            return &cli_commands[i];
        }
    }
    return NULL;
}

static int dispatch(int argc, char **argv);

static void overview(FILE *f)
{
    fprintf(f, "cascade %s: elites with hidden preferences, purges, defections and preference "
               "cascades\n\nusage: cascade COMMAND [ARGS]\n\ncommands:\n",
            CASCADE_VERSION);
    for (size_t i = 0; i < cli_n_commands; i++) {
        fprintf(f, "  %-8s %s\n", cli_commands[i].name, cli_commands[i].brief);
    }
    fprintf(f, "\n`cascade help COMMAND` for a command's options; `cascade --version`.\n");
}

int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        overview(stdout);
        return CASCADE_EXIT_OK;
    }
    if (strcmp(argv[1], "keys") == 0) {
        char *text = cascade_scenario_describe_keys();
        if (text == NULL) {
            fprintf(stderr, "cascade: out of memory\n");
            return CASCADE_EXIT_FAILURE;
        }
        fputs(text, stdout);
        free(text);
        return CASCADE_EXIT_OK;
    }
    bool self = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;
    const cli_command *cmd = cli_find(self ? "help" : argv[1]);
    if (cmd == NULL) {
        return cli_usage_error("help", "unknown command \"%s\"", argv[1]);
    }
    cli_print_help(cmd);
    return CASCADE_EXIT_OK;
}

int main(int argc, char **argv)
{
    cascade_run_install_gsl_handler();
    cascade_sweep_mpi_init(&argc, &argv);
    int status = dispatch(argc, argv);
    cascade_sweep_mpi_finalize();
    return status;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        overview(argc < 2 ? stderr : stdout);
        return argc < 2 ? CASCADE_EXIT_USAGE : CASCADE_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("cascade %s\n", CASCADE_VERSION);
        return CASCADE_EXIT_OK;
    }
    const cli_command *cmd = cli_find(argv[1]);
    if (cmd == NULL) {
        fprintf(stderr, "cascade: unknown command \"%s\" (see `cascade --help`)\n", argv[1]);
        return CASCADE_EXIT_USAGE;
    }
    if (cascade_sweep_mpi_rank() != 0) {
        /* under mpirun only sweeps share work, and only rank 0 speaks and writes */
        if (cmd->run != cmd_sweep) {
            return CASCADE_EXIT_OK;
        }
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) {
            return CASCADE_EXIT_FAILURE;
        }
    }
    int status = cmd->run(argc - 1, argv + 1);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "cascade: cannot write to standard output\n");
        return CASCADE_EXIT_FAILURE;
    }
    return status;
}
