/*
 * cascade merge OUT DIR...: joins the folders of a sharded sweep (--shard I/K) into the
 * files one unsharded sweep writes: scenario.cfg, plan.csv, journal.csv, sweep.csv and
 * points.csv. The shards must come from the same sweep: same scenario, plan and
 * replicates (the journals' fingerprints agree).
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cascade/io.h"
#include "cascade/journal.h"
#include "cli.h"

/* A whole small file as a string, or NULL. */
static char *read_all(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap);
    while (text != NULL) {
        len += fread(text + len, 1, cap - len - 1, f);
        if (len < cap - 1) {
            break;
        }
        char *grown = realloc(text, cap * 2);
        if (grown == NULL) {
            free(text);
            text = NULL;
        }
        text = grown;
        cap *= 2;
    }
    if (text) {
        text[len] = '\0';
    }
    fclose(f);
    return text;
}

/* Appends the run lines of journal `from` to `to`. */
static bool copy_runs(FILE *to, const char *from)
{
    FILE *f = fopen(from, "r");
    if (f == NULL) {
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[0] != '#' && strncmp(line, "point,", 6) != 0 && line[len - 1] == '\n') {
            fputs(line, to);
        }
    }
    free(line);
    fclose(f);
    return true;
}

int cmd_merge(int argc, char **argv)
{
    cli_options o;
    int status = cli_parse(argc, argv, cli_find("merge"), &o);
    if (status >= 0) {
        cli_options_release(&o);
        return status;
    }
    if (o.n_args < 2) {
        cli_options_release(&o);
        return cli_usage_error("merge", "needs OUT and at least one shard folder DIR");
    }
    const char *out = o.args[0];
    size_t n = o.n_args - 1;
    char **journals = calloc(n, sizeof *journals);
    char *scenario = NULL, *plan = NULL;
    cascade_error err = {0};
    cascade_atomic_file merged = {0};
    uint64_t fingerprint = 0;
    size_t n_points = 0;
    uint32_t replicates = 0;
    char out_real[PATH_MAX];
    bool out_exists = realpath(out, out_real) != NULL;
    if (journals == NULL) {
        cascade_error_set(&err, CASCADE_ENOMEM, "", "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const char *dir = o.args[i + 1];
        char dir_real[PATH_MAX];
        if (out_exists && realpath(dir, dir_real) && strcmp(dir_real, out_real) == 0) {
            cascade_error_set(&err, CASCADE_EINVAL, "", "OUT must not be one of the shards (%s)",
                              dir);
            goto fail;
        }
        char *cfg_path = cascade_io_join(dir, "scenario.cfg");
        char *plan_path = cascade_io_join(dir, "plan.csv");
        journals[i] = cascade_io_join(dir, "journal.csv");
        char *cfg = cfg_path ? read_all(cfg_path) : NULL;
        char *pl = plan_path ? read_all(plan_path) : NULL;
        free(cfg_path);
        free(plan_path);
        uint64_t fp;
        size_t np;
        uint32_t nr;
        if (cfg == NULL || pl == NULL || journals[i] == NULL) {
            free(cfg);
            free(pl);
            cascade_error_set(&err, CASCADE_EINVAL, "",
                              "%s is not a sweep folder (needs scenario.cfg, plan.csv and "
                              "journal.csv)",
                              dir);
            goto fail;
        }
        if (cascade_journal_header(journals[i], &fp, &np, &nr, &err) != CASCADE_OK) {
            free(cfg);
            free(pl);
            goto fail;
        }
        if (i == 0) {
            scenario = cfg;
            plan = pl;
            fingerprint = fp;
            n_points = np;
            replicates = nr;
            continue;
        }
        bool same = fp == fingerprint && np == n_points && nr == replicates &&
                    strcmp(cfg, scenario) == 0 && strcmp(pl, plan) == 0;
        free(cfg);
        free(pl);
        if (!same) {
            cascade_error_set(&err, CASCADE_EINVAL, "",
                              "%s is a shard of a different sweep than %s", dir, o.args[1]);
            goto fail;
        }
    }
    char *cfg_out = cascade_io_join(out, "scenario.cfg");
    char *plan_out = cascade_io_join(out, "plan.csv");
    char *journal_out = cascade_io_join(out, "journal.csv");
    uint64_t missing = 0;
    cascade_status s = CASCADE_OK;
    if (!cfg_out || !plan_out || !journal_out) {
        s = cascade_error_set(&err, CASCADE_ENOMEM, "", "out of memory");
    }
    if (s == CASCADE_OK) {
        s = cascade_io_mkdirs(out, &err);
    }
    if (s == CASCADE_OK) {
        s = cascade_io_write_text(cfg_out, scenario, &err);
    }
    if (s == CASCADE_OK) {
        s = cascade_io_write_text(plan_out, plan, &err);
    }
    if (s == CASCADE_OK) {
        s = cascade_sweep_tables_write(out, plan_out, (const char *const *)journals, n, n_points,
                                       replicates, &missing, &err);
    }
    if (s == CASCADE_OK && (s = cascade_atomic_open(&merged, journal_out, &err)) == CASCADE_OK) {
        fprintf(merged.f,
                "# cascade sweep journal v1; fingerprint=%016" PRIx64 "; points=%zu; "
                "replicates=%" PRIu32 "\npoint,replicate,seed,",
                fingerprint, n_points, replicates);
        cascade_csv_summary_names(merged.f);
        fputc('\n', merged.f);
        for (size_t i = 0; i < n; i++) {
            copy_runs(merged.f, journals[i]);
        }
        s = cascade_atomic_commit(&merged, &err);
    }
    free(cfg_out);
    free(plan_out);
    free(journal_out);
    if (s != CASCADE_OK) {
        goto fail;
    }
    char *charts;
    bool plotted = cli_draw_charts("merge", out, &o, NULL, &charts);
    if (!o.quiet) {
        printf("merged %zu shards: wrote %s/sweep.csv, %s/points.csv%s%s (%zu points x %" PRIu32
               " replicates)\n",
               n, out, out, charts ? ", " : "", charts ? charts : "", n_points, replicates);
    }
    free(charts);
    status = plotted ? CASCADE_EXIT_OK : CASCADE_EXIT_FAILURE;
    if (missing) {
        fprintf(stderr, "cascade merge: %" PRIu64 " runs are in no shard and are missing from "
                        "the tables (a shard not given, unfinished or with failed runs)\n",
                missing);
        status = CASCADE_EXIT_FAILURE;
    }
    goto done;
fail:
    cascade_atomic_abort(&merged);
    status = cli_report(NULL, &err);
done:
    for (size_t i = 0; journals && i < n; i++) {
        free(journals[i]);
    }
    free(journals);
    free(scenario);
    free(plan);
    cli_options_release(&o);
    return status;
}
