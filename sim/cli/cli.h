/*
 * The command line's shared parts: the option table of run (and later sweep and
 * analyze), one parser over it, help printed from the same table, and the way
 * scenario problems and errors reach the terminal. Only cli/ prints or exits.
 */
#ifndef CASCADE_CLI_H
#define CASCADE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "cascade/error.h"
#include "cascade/scenario.h"

enum { CLI_FORMAT_PNG = 1u, CLI_FORMAT_PDF = 2u, CLI_FORMAT_SVG = 4u };

typedef struct cli_options {
    const char *out;        /* -o DIR, or NULL for out/NAME */
    const char **sets;      /* --set KEY=VALUE and the shorthands, in order */
    size_t n_sets;
    char **owned;           /* strings made for shorthands, freed by cli_options_release */
    size_t n_owned;
    int threads;            /* 0: all cores */
    bool quiet;
    const char *scenario;   /* the first positional argument (SCENARIO), or NULL */
    const char **args;      /* all positional arguments */
    size_t n_args;
    unsigned formats;       /* CLI_FORMAT_* bits, default png and pdf */
    bool no_plot;
    const char **varies;    /* --vary KEY=SPEC, in order */
    size_t n_varies;
    const char *sample;     /* --sample KIND:N, or NULL */
    unsigned shard, shards; /* --shard I/K (1-based), 0/0 when absent */
    bool resume;
    bool partial;           /* merge --partial: tables even with runs missing */
    const char *metric;     /* --metric NAME, or NULL */
} cli_options;

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;   /* "run [SCENARIO] [OPTIONS]" */
    const char *brief;   /* one line for `cascade --help` */
    const char *summary; /* the paragraph `cascade help COMMAND` opens with */
    int max_args;        /* positional arguments it takes; -1: any number */
} cli_command;

extern const cli_command cli_commands[];
extern const size_t cli_n_commands;

/* Parses the common options of cmd. Returns -1 to go on, else the exit status (help
 * printed: 0; bad usage reported: 2). */
int cli_parse(int argc, char **argv, const cli_command *cmd, cli_options *o);
void cli_options_release(cli_options *o);
void cli_print_help(const cli_command *cmd);
const cli_command *cli_find(const char *name);

/* Loads the scenario with the options' overrides; prints its problems and returns NULL
 * (with *exit_code set) when it is not valid. */
cascade_scenario *cli_load(const cli_options *o, int *exit_code);

/* The scenario with the --set overrides and then extra, the settings of a --vary point
 * (KEY=VALUE), not yet checked; NULL when out of memory. */
cascade_scenario *cli_load_with(const cli_options *o, const char *const *extra, size_t n_extra);

/* Prints the problems of the scenario of --vary point `point`, loaded with the --set
 * overrides and then the point's settings: those checked alone first, a problem of an
 * override is one of the point's settings, labelled --vary as the user typed it. */
void cli_print_point_problems(const cascade_scenario *sc, size_t point);

/* Prints an error; a key is located in the scenario when sc is given. Returns the exit
 * status for err->status. */
int cli_report(const cascade_scenario *sc, const cascade_error *err);

/* The output folder: -o DIR, or out/NAME from the scenario's name (malloc'ed; NULL
 * when out of memory). */
char *cli_out_dir(const cli_options *o, const cascade_scenario *sc);

/* Refuses (CASCADE_EINVAL) to write into a folder that holds another command's results:
 * a run's (timeseries.csv or summary.csv), a sweep's (journal.csv or plan.csv), an
 * analysis's (threshold_map.csv or fixed_points.csv). Each writes its own scenario.cfg,
 * so one would replace the other's and leave its tables beside them. A merge is refused
 * a sweep's folder too: its tables could outlive a smaller journal. command is "run",
 * "sweep", "merge" or "analyze". */
cascade_status cli_check_folder(const char *out, const char *command, cascade_error *err);

/* Draws the charts of folder `out` (cascade_plot_dir) unless --no-plot, after the
 * CSV files were committed, so a chart failure never removes them; label names the
 * scenario in the footer (NULL: the folder's scenario.cfg). On success *charts
 * gets the chart files, ", "-separated (malloc'ed; NULL when none); on failure it prints
 * "cascade CMD: cannot draw the charts: ..." and returns false (exit status 1). */
bool cli_draw_charts(const char *cmd, const char *out, const cli_options *o, const char *label,
                     char **charts);

/* Usage error: prints "cascade CMD: message" and a hint; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

int cmd_analyze(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_sweep(int argc, char **argv);

#endif
