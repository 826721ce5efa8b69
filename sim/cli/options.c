/*
 * The option table (curl's habit: one sorted table is the single source of parsing and
 * help) and the shared plumbing of the commands.
 */
#include "cli.h"

#include "cascade/chart.h"
#include "cascade/io.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    OPT_SET = 256,
    OPT_SEED,
    OPT_REPLICATES,
    OPT_TICKS,
    OPT_THREADS,
    OPT_FORMAT,
    OPT_NO_PLOT,
    OPT_VARY,
    OPT_SAMPLE,
    OPT_SHARD,
    OPT_RESUME,
    OPT_METRIC,
    OPT_PARTIAL
};

typedef struct option_row {
    const char *name;
    int short_name;
    int value;           /* getopt_long's val */
    const char *metavar; /* NULL: no argument */
    const char *commands; /* the commands that take it, space-separated */
    const char *help;
} option_row;

/* Sorted by name; the single source of parsing and help. An option whose help differs
 * between commands has one row per help, next to each other, with the same value. */
static const option_row options[] = {
    {"format", 0, OPT_FORMAT, "LIST", "run sweep analyze plot merge",
     "chart formats, any of png,pdf,svg (default png,pdf)"},
    {"help", 'h', 'h', NULL, "run sweep analyze plot check merge", "show this help"},
    {"metric", 0, OPT_METRIC, "NAME", "plot sweep merge", "the points.csv column a phase diagram shows "
                                              "(default cascade_prob)"},
    {"no-plot", 0, OPT_NO_PLOT, NULL, "run sweep analyze merge", "write no charts"},
    {"out", 'o', 'o', "DIR", "run sweep analyze",
     "output folder (default out/NAME, NAME from the scenario)"},
    {"partial", 0, OPT_PARTIAL, NULL, "merge",
     "write the tables even with runs missing, as a sweep does with runs that failed"},
    {"quiet", 'q', 'q', NULL, "run sweep analyze plot merge", "print nothing but errors"},
    {"replicates", 0, OPT_REPLICATES, "R", "run sweep analyze check",
     "shorthand for --set run.replicates=R"},
    {"resume", 0, OPT_RESUME, NULL, "sweep",
     "continue the sweep in the output folder, skipping every run already written"},
    {"sample", 0, OPT_SAMPLE, "KIND:N", "sweep",
     "sample N points of the A:B ranges: sobol:N (quasi-random) or lhs:N (Latin hypercube)"},
    {"seed", 0, OPT_SEED, "N", "run sweep analyze check", "shorthand for --set run.seed=N"},
    {"set", 0, OPT_SET, "KEY=VALUE", "run sweep analyze check",
     "override a scenario key (repeatable), e.g. --set regime.purge_rate=0.002"},
    {"shard", 0, OPT_SHARD, "I/K", "sweep",
     "run only the I-th of K parts of the sweep (1 <= I <= K); join them with merge"},
    {"threads", 0, OPT_THREADS, "N", "run sweep analyze", "threads to use (default: all cores)"},
    {"ticks", 0, OPT_TICKS, "T", "run sweep analyze check", "shorthand for --set run.ticks=T"},
    {"vary", 0, OPT_VARY, "KEY=A:B:N", "analyze",
     "vary one key: N evenly spaced values from A to B (A < B, N >= 2)"},
    {"vary", 0, OPT_VARY, "KEY=SPEC", "sweep",
     "vary a key (repeatable): A:B:N (N values from A to B), V1,V2,... or, with --sample, A:B"},
};
#define N_OPTIONS (sizeof options / sizeof options[0])

/* Whether word is one of the space-separated words of list. */
static bool word_in(const char *word, const char *list)
{
    size_t len = strlen(word);
    for (const char *c = list; (c = strstr(c, word)) != NULL; c += len) {
        bool start = c == list || c[-1] == ' ';
        bool end = c[len] == '\0' || c[len] == ' ';
        if (start && end) {
            return true;
        }
    }
    return false;
}

static bool takes(const option_row *r, const char *command)
{
    return word_in(command, r->commands);
}

void cli_print_help(const cli_command *cmd)
{
    printf("usage: cascade %s\n\n%s\n", cmd->usage, cmd->summary);
    bool any = false;
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const option_row *r = &options[i];
        if (!takes(r, cmd->name)) {
            continue;
        }
        if (!any) {
            printf("\noptions:\n");
            any = true;
        }
        char left[64];
        if (r->short_name) {
            snprintf(left, sizeof left, "-%c, --%s%s%s", r->short_name, r->name,
                     r->metavar ? " " : "", r->metavar ? r->metavar : "");
        } else {
            snprintf(left, sizeof left, "    --%s%s%s", r->name, r->metavar ? " " : "",
                     r->metavar ? r->metavar : "");
        }
        printf("  %-26s %s\n", left, r->help);
    }
    bool sets = false; /* the footer explains --set's KEY=VALUE */
    for (size_t i = 0; i < N_OPTIONS; i++) {
        sets = sets || (options[i].value == OPT_SET && takes(&options[i], cmd->name));
    }
    if (sets) {
        printf("\nKeys (see `cascade help keys`) are written group.key, as in the scenario file;\n"
               "VALUE uses scenario syntax (0.3, \"text\" or a bare word, true, [1, 2]).\n");
    }
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    fprintf(stderr, "cascade %s: ", cmd);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see `cascade help %s`)\n", cmd);
    return CASCADE_EXIT_USAGE;
}

static bool add_set(cli_options *o, const char *text, bool owned)
{
    const char **sets = realloc(o->sets, (o->n_sets + 1) * sizeof *sets);
    if (sets == NULL) {
        return false;
    }
    o->sets = sets;
    o->sets[o->n_sets++] = text;
    if (owned) {
        char **ow = realloc(o->owned, (o->n_owned + 1) * sizeof *ow);
        if (ow == NULL) {
            return false;
        }
        o->owned = ow;
        o->owned[o->n_owned++] = (char *)text;
    }
    return true;
}

static bool add_shorthand(cli_options *o, const char *key, const char *value)
{
    size_t len = strlen(key) + strlen(value) + 2;
    char *s = malloc(len);
    if (s == NULL) {
        return false;
    }
    snprintf(s, len, "%s=%s", key, value);
    if (!add_set(o, s, true)) {
        free(s);
        return false;
    }
    return true;
}

static bool is_count(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo || v > hi) {
        return false;
    }
    *out = v;
    return true;
}

static bool add_string(const char ***list, size_t *n, const char *text)
{
    const char **grown = realloc(*list, (*n + 1) * sizeof *grown);
    if (grown == NULL) {
        return false;
    }
    *list = grown;
    grown[(*n)++] = text;
    return true;
}

/* --format LIST: a bitmask of CLI_FORMAT_*, or 0 when a name is unknown. */
static unsigned parse_formats(const char *list)
{
    static const char *const names[] = {"png", "pdf", "svg"};
    unsigned mask = 0;
    const char *c = list;
    while (*c) {
        size_t len = strcspn(c, ",");
        bool found = false;
        for (unsigned i = 0; i < 3; i++) {
            if (len == strlen(names[i]) && strncmp(c, names[i], len) == 0) {
                mask |= 1u << i;
                found = true;
            }
        }
        if (!found) {
            return 0;
        }
        c += len + (c[len] == ',');
    }
    return mask;
}

int cli_parse(int argc, char **argv, const cli_command *cmd, cli_options *o)
{
    memset(o, 0, sizeof *o);
    o->formats = CLI_FORMAT_PNG | CLI_FORMAT_PDF;
    struct option longs[N_OPTIONS + 1];
    char shorts[2 * N_OPTIONS + 2] = ":";
    size_t ns = 1, nl = 0;
    for (size_t i = 0; i < N_OPTIONS; i++) {
        if (i > 0 && options[i].value == options[i - 1].value) {
            continue; /* another row of the same option */
        }
        longs[nl++] = (struct option){options[i].name, options[i].metavar ? required_argument
                                                                           : no_argument,
                                      NULL, options[i].value};
        if (options[i].short_name) {
            shorts[ns++] = (char)options[i].short_name;
            if (options[i].metavar) {
                shorts[ns++] = ':';
            }
        }
    }
    shorts[ns] = '\0';
    longs[nl] = (struct option){0, 0, 0, 0};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        long v;
        bool ok = true;
        const option_row *row = NULL;
        bool applies = false;
        for (size_t i = 0; i < N_OPTIONS; i++) {
            if (options[i].value == c) {
                row = &options[i];
                applies = applies || takes(row, cmd->name);
            }
        }
        if (row != NULL && !applies) {
            return cli_usage_error(cmd->name, "option --%s does not apply to %s", row->name,
                                   cmd->name);
        }
        switch (c) {
        case 'h':
            cli_print_help(cmd);
            return CASCADE_EXIT_OK;
        case 'o':
            if (optarg[0] == '\0') {
                return cli_usage_error(cmd->name, "--out: expected a folder, got \"\"");
            }
            o->out = optarg;
            break;
        case 'q':
            o->quiet = true;
            break;
        case OPT_SET:
            ok = add_set(o, optarg, false);
            break;
        case OPT_SEED:
            ok = add_shorthand(o, "run.seed", optarg);
            break;
        case OPT_REPLICATES:
            ok = add_shorthand(o, "run.replicates", optarg);
            break;
        case OPT_TICKS:
            ok = add_shorthand(o, "run.ticks", optarg);
            break;
        case OPT_THREADS:
            if (!is_count(optarg, 1, 4096, &v)) {
                return cli_usage_error(cmd->name, "--threads: expected a number from 1 to 4096, "
                                                  "got \"%s\"", optarg);
            }
            o->threads = (int)v;
            break;
        case OPT_FORMAT:
            o->formats = parse_formats(optarg);
            if (o->formats == 0) {
                return cli_usage_error(cmd->name, "--format: expected a comma-separated list of "
                                                  "png, pdf, svg, got \"%s\"", optarg);
            }
            break;
        case OPT_NO_PLOT:
            o->no_plot = true;
            break;
        case OPT_VARY:
            ok = add_string(&o->varies, &o->n_varies, optarg);
            break;
        case OPT_SAMPLE:
            o->sample = optarg;
            break;
        case OPT_SHARD: {
            unsigned i, k;
            char extra;
            if (sscanf(optarg, "%u/%u%c", &i, &k, &extra) != 2 || k < 1 || i < 1 || i > k) {
                return cli_usage_error(cmd->name, "--shard: expected I/K with 1 <= I <= K, got "
                                                  "\"%s\"", optarg);
            }
            o->shard = i;
            o->shards = k;
            break;
        }
        case OPT_RESUME:
            o->resume = true;
            break;
        case OPT_PARTIAL:
            o->partial = true;
            break;
        case OPT_METRIC:
            o->metric = optarg;
            break;
        case ':':
            return cli_usage_error(cmd->name, "option %s needs a value", argv[optind - 1]);
        default:
            if (optopt && optopt < 256) {
                return cli_usage_error(cmd->name, "unknown option -%c", optopt);
            }
            return cli_usage_error(cmd->name, "unknown option %s", argv[optind - 1]);
        }
        if (!ok) {
            fprintf(stderr, "cascade: out of memory\n");
            return CASCADE_EXIT_FAILURE;
        }
    }
    for (; optind < argc; optind++) {
        if (cmd->max_args >= 0 && o->n_args >= (size_t)cmd->max_args) {
            return cli_usage_error(cmd->name, "unexpected argument \"%s\"", argv[optind]);
        }
        if (!add_string(&o->args, &o->n_args, argv[optind])) {
            fprintf(stderr, "cascade: out of memory\n");
            return CASCADE_EXIT_FAILURE;
        }
    }
    o->scenario = o->n_args > 0 ? o->args[0] : NULL;
    return -1;
}

void cli_options_release(cli_options *o)
{
    for (size_t i = 0; i < o->n_owned; i++) {
        free(o->owned[i]);
    }
    free(o->owned);
    free(o->sets);
    free(o->varies);
    free(o->args);
    memset(o, 0, sizeof *o);
}

cascade_scenario *cli_load(const cli_options *o, int *exit_code)
{
    cascade_scenario *sc = cascade_scenario_load(o->scenario, o->sets, o->n_sets);
    if (sc == NULL) {
        fprintf(stderr, "cascade: out of memory loading the scenario\n");
        *exit_code = CASCADE_EXIT_FAILURE;
        return NULL;
    }
    if (!cascade_scenario_ok(sc)) {
        for (size_t i = 0; i < cascade_scenario_n_diagnostics(sc); i++) {
            fprintf(stderr, "%s\n", cascade_scenario_diagnostic(sc, i));
        }
        cascade_scenario_free(sc);
        *exit_code = CASCADE_EXIT_USAGE;
        return NULL;
    }
    return sc;
}

cascade_scenario *cli_load_with(const cli_options *o, const char *const *extra, size_t n_extra)
{
    size_t n_sets = o->n_sets + n_extra;
    const char **sets = malloc((n_sets ? n_sets : 1) * sizeof *sets);
    if (sets == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < n_sets; i++) {
        sets[i] = i < o->n_sets ? o->sets[i] : extra[i - o->n_sets];
    }
    cascade_scenario *sc = cascade_scenario_load(o->scenario, sets, n_sets);
    free(sets);
    return sc;
}

void cli_print_point_problems(const cascade_scenario *sc, size_t point)
{
    for (size_t i = 0; i < cascade_scenario_n_diagnostics(sc); i++) {
        const char *d = cascade_scenario_diagnostic(sc, i);
        bool from_set = strncmp(d, "--set: ", 7) == 0;
        fprintf(stderr, "%s%s (at point %zu)\n", from_set ? "--vary: " : "", from_set ? d + 7 : d,
                point);
    }
}

int cli_report(const cascade_scenario *sc, const cascade_error *err)
{
    if (err->key[0] != '\0' && sc != NULL) {
        char where[4200];
        cascade_scenario_where(sc, err->key, where, sizeof where);
        fprintf(stderr, "%s: %s: %s\n", where, err->key, err->msg);
    } else {
        fprintf(stderr, "cascade: %s\n", err->msg);
    }
    return cascade_status_exit_code(err->status);
}

bool cli_draw_charts(const char *cmd, const char *out, const cli_options *o, const char *label,
                     char **charts)
{
    *charts = NULL;
    if (o->no_plot) {
        return true;
    }
    cascade_error err = {0};
    bool ok = cascade_plot_dir(out, o->formats, o->metric, label, &err) == CASCADE_OK;
    if (!ok) {
        fprintf(stderr, "cascade %s: cannot draw the charts: %s\n", cmd, err.msg);
        return false;
    }
    *charts = cascade_plot_dir_outputs(out, o->formats);
    return true;
}

/* The files that mark a folder as one command's results; each command writes its own
 * scenario.cfg. Only the commands named may write into such a folder again (a sweep
 * resumes; a merge always starts a new folder). */
static const struct folder_kind {
    const char *commands;
    const char *what; /* "a sweep" */
    const char *files[2];
} folder_kinds[] = {
    {"run", "a run's results", {"timeseries.csv", "summary.csv"}},
    {"sweep", "a sweep", {"journal.csv", "plan.csv"}},
    {"analyze", "an analysis", {"threshold_map.csv", "fixed_points.csv"}},
};

cascade_status cli_check_folder(const char *out, const char *command, cascade_error *err)
{
    for (size_t k = 0; k < sizeof folder_kinds / sizeof folder_kinds[0]; k++) {
        const struct folder_kind *kind = &folder_kinds[k];
        if (word_in(command, kind->commands)) {
            continue; /* its own kind: the command knows what to do with it */
        }
        for (size_t i = 0; i < 2; i++) {
            char *path = cascade_io_join(out, kind->files[i]);
            if (path == NULL) {
                return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
            }
            bool there = access(path, F_OK) == 0;
            free(path);
            if (there) {
                return cascade_error_set(err, CASCADE_EINVAL, "",
                                         "%s holds %s (%s): cascade %s there would replace or "
                                         "mix with it; choose another folder",
                                         out, kind->what, kind->files[i], command);
            }
        }
    }
    return CASCADE_OK;
}

char *cli_out_dir(const cli_options *o, const cascade_scenario *sc)
{
    if (o->out != NULL) {
        return strdup(o->out);
    }
    const char *name = cascade_scenario_name(sc);
    size_t len = strlen(name) + 8;
    char *p = malloc(len);
    if (p != NULL) {
        snprintf(p, len, "out/%s", name);
    }
    return p;
}
