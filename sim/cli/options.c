/*
 * The option table (curl's habit: one sorted table is the single source of parsing and
 * help) and the shared plumbing of the commands.
 */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_SET = 256, OPT_SEED, OPT_REPLICATES, OPT_TICKS, OPT_THREADS };

typedef struct option_row {
    const char *name;
    int short_name;
    int value;          /* getopt_long's val */
    const char *metavar; /* NULL: no argument */
    const char *help;
} option_row;

static const option_row options[] = {
    {"help", 'h', 'h', NULL, "show this help"},
    {"out", 'o', 'o', "DIR", "output folder (default out/NAME, NAME from the scenario)"},
    {"quiet", 'q', 'q', NULL, "print nothing but errors"},
    {"replicates", 0, OPT_REPLICATES, "R", "shorthand for --set run.replicates=R"},
    {"seed", 0, OPT_SEED, "N", "shorthand for --set run.seed=N"},
    {"set", 0, OPT_SET, "KEY=VALUE", "override a scenario key (repeatable), e.g. "
                                     "--set regime.purge_rate=0.002"},
    {"threads", 0, OPT_THREADS, "N", "threads to use (default: all cores)"},
    {"ticks", 0, OPT_TICKS, "T", "shorthand for --set run.ticks=T"},
};
#define N_OPTIONS (sizeof options / sizeof options[0])

void cli_print_help(const cli_command *cmd)
{
    printf("usage: cascade %s\n\n%s\n", cmd->usage, cmd->summary);
    if (strcmp(cmd->name, "run") != 0 && strcmp(cmd->name, "check") != 0) {
        return;
    }
    printf("\noptions:\n");
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const option_row *r = &options[i];
        if (strcmp(cmd->name, "check") == 0 && r->value != 'h' && r->value != OPT_SET &&
            r->value != OPT_SEED && r->value != OPT_REPLICATES && r->value != OPT_TICKS) {
            continue;
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
    printf("\nKeys (see `cascade help keys`) are written group.key, as in the scenario file;\n"
           "VALUE uses scenario syntax (0.3, \"text\" or a bare word, true, [1, 2]).\n");
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

int cli_parse(int argc, char **argv, const cli_command *cmd, cli_options *o)
{
    memset(o, 0, sizeof *o);
    struct option longs[N_OPTIONS + 1];
    char shorts[2 * N_OPTIONS + 2] = ":";
    size_t ns = 1;
    for (size_t i = 0; i < N_OPTIONS; i++) {
        longs[i] = (struct option){options[i].name, options[i].metavar ? required_argument
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
    longs[N_OPTIONS] = (struct option){0, 0, 0, 0};
    optind = 1;
    opterr = 0;
    bool check = strcmp(cmd->name, "check") == 0;
    int c;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        long v;
        bool ok = true;
        if (check && (c == 'o' || c == 'q' || c == OPT_THREADS)) {
            for (size_t i = 0; i < N_OPTIONS; i++) {
                if (options[i].value == c) {
                    return cli_usage_error(cmd->name, "option --%s does not apply to check",
                                           options[i].name);
                }
            }
        }
        switch (c) {
        case 'h':
            cli_print_help(cmd);
            return CASCADE_EXIT_OK;
        case 'o':
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
    if (optind < argc) {
        o->scenario = argv[optind++];
    }
    if (optind < argc) {
        return cli_usage_error(cmd->name, "unexpected argument \"%s\"", argv[optind]);
    }
    return -1;
}

void cli_options_release(cli_options *o)
{
    for (size_t i = 0; i < o->n_owned; i++) {
        free(o->owned[i]);
    }
    free(o->owned);
    free(o->sets);
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
