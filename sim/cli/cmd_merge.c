/*
 * cascade merge OUT DIR...: joins the folders of a sharded sweep (--shard I/K) into the
 * files one unsharded sweep writes: scenario.cfg, plan.csv, journal.csv and, when every
 * run is in some shard, sweep.csv, points.csv and the charts. The shards must come from
 * the same sweep (the journals' fingerprints agree), and each shard's scenario.cfg and
 * plan.csv must still give its journal's fingerprint, as sweep --resume requires; a
 * shard refused writes nothing. With runs missing, OUT is left as an unfinished sweep
 * leaves its folder (no tables), for a later merge with the missing shards or --resume.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cascade/io.h"
#include "cascade/journal.h"
#include "cascade/sweep.h"
#include "cli.h"

#define MISSING_SHOWN 20

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

/* Refuses shard dir, whose scenario.cfg or plan.csv (texts cfg and pl) no longer gives
 * its journal's fingerprint: names the file that differs from a sound shard's (scenario
 * and plan; NULL when no shard given is sound), or both when there is none to compare. */
static cascade_status refuse_damaged(const char *dir, const char *cfg, const char *pl,
                                     const char *scenario, const char *plan, cascade_error *err)
{
    bool cfg_differs = scenario == NULL || strcmp(cfg, scenario) != 0;
    bool plan_differs = plan == NULL || strcmp(pl, plan) != 0;
    bool both = scenario != NULL && cfg_differs && plan_differs;
    return cascade_error_set(err, CASCADE_EINVAL, "",
                             "%s%s%s%s%s %s %s/journal.csv was written with (written over "
                             "since?); copy %s back from another shard of the sweep",
                             cfg_differs ? dir : "", cfg_differs ? "/scenario.cfg" : "",
                             cfg_differs && plan_differs ? (both ? " and " : " or ") : "",
                             plan_differs ? dir : "", plan_differs ? "/plan.csv" : "",
                             both ? "differ from the ones" : "differs from the one", dir,
                             both ? "them" : "it");
}

/* Reports the runs the merged journal lacks, so the user can tell which shards are
 * missing (shard I/K ran the runs equal to I - 1 modulo K). */
static void report_missing(const cascade_journal *journal, const char *out, size_t n_points,
                           uint32_t replicates, bool partial)
{
    uint64_t all = (uint64_t)n_points * replicates, count = cascade_journal_count(journal);
    uint64_t shown = 0;
    fprintf(stderr, "cascade merge: %" PRIu64 " of %" PRIu64 " runs are in no shard given: runs",
            all - count, all);
    for (uint64_t t = 0; t < all && shown < MISSING_SHOWN; t++) {
        if (!cascade_journal_has(journal, cascade_sweep_task_point(t, n_points),
                                 cascade_sweep_task_replicate(t, n_points))) {
            fprintf(stderr, "%s %" PRIu64, shown++ ? "," : "", t);
        }
    }
    if (all - count > shown) {
        fprintf(stderr, " and %" PRIu64 " more", all - count - shown);
    }
    fprintf(stderr, " (run = replicate x %zu + point; shard I/K runs those equal to I - 1 "
                    "modulo K): a shard left out, unfinished or with failed runs\n",
            n_points);
    if (partial) {
        fprintf(stderr, "cascade merge: --partial: the tables in %s leave them out\n", out);
        return;
    }
    fprintf(stderr, "cascade merge: %s holds the %" PRIu64 " runs found and no sweep.csv or "
                    "points.csv until every run is in; add the missing shards with: cascade "
                    "merge OUT %s DIR..., or finish with: cascade sweep ... -o %s --resume; "
                    "if they are runs that failed (each fails again with its seed), write the "
                    "tables without them with: cascade merge --partial OUT %s\n",
            out, count, out, out, out);
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
    for (size_t i = 0; i < o.n_args; i++) {
        if (o.args[i][0] == '\0') {
            cli_options_release(&o);
            return cli_usage_error("merge", "%s: expected a folder, got \"\"", i ? "DIR" : "OUT");
        }
    }
    const char *out = o.args[0];
    size_t n = o.n_args - 1;
    char **journals = calloc(n, sizeof *journals);
    char *scenario = NULL, *plan = NULL; /* a sound shard's: they give its fingerprint */
    char *bad_cfg = NULL, *bad_plan = NULL;
    size_t bad = n;                       /* the first shard whose files do not */
    cascade_error err = {0};
    cascade_atomic_file merged = {0};
    cascade_journal *journal = NULL;
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
        if (i > 0 && (fp != fingerprint || np != n_points || nr != replicates)) {
            free(cfg);
            free(pl);
            cascade_error_set(&err, CASCADE_EINVAL, "",
                              "%s is a shard of a different sweep than %s", dir, o.args[1]);
            goto fail;
        }
        fingerprint = fp;
        n_points = np;
        replicates = nr;
        bool sound = cascade_journal_fingerprint(cfg, pl) == fp;
        if (sound && scenario == NULL) {
            scenario = cfg;
            plan = pl;
        } else if (!sound && bad == n) {
            bad = i;
            bad_cfg = cfg;
            bad_plan = pl;
        } else {
            free(cfg);
            free(pl);
        }
    }
    if (bad < n) {
        refuse_damaged(o.args[bad + 1], bad_cfg, bad_plan, scenario, plan, &err);
        goto fail;
    }
    if (cli_check_folder(out, "merge", &err) != CASCADE_OK) { /* a new folder, always */
        goto fail;
    }
    char *cfg_out = cascade_io_join(out, "scenario.cfg");
    char *plan_out = cascade_io_join(out, "plan.csv");
    char *journal_out = cascade_io_join(out, "journal.csv");
    uint64_t missing = 0;
    bool complete = false;
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
    /* the tables come from the merged journal, as a sweep's from its own, and only when
     * it holds every run, or with --partial */
    if (s == CASCADE_OK && (s = cascade_journal_load(&journal, journal_out, fingerprint, n_points,
                                                     replicates, true, &err)) == CASCADE_OK) {
        complete = cascade_journal_count(journal) == (uint64_t)n_points * replicates;
    }
    if (s == CASCADE_OK && (complete || o.partial)) {
        const char *merged_journal[1] = {journal_out};
        s = cascade_sweep_tables_write(out, plan_out, merged_journal, 1, n_points, replicates,
                                       &missing, &err);
    }
    free(cfg_out);
    free(plan_out);
    free(journal_out);
    if (s != CASCADE_OK) {
        goto fail;
    }
    if (!complete && !o.partial) {
        if (!o.quiet) {
            printf("merged %zu shards: wrote %s/scenario.cfg, %s/plan.csv, %s/journal.csv "
                   "(%" PRIu64 " of %" PRIu64 " runs)\n",
                   n, out, out, out, cascade_journal_count(journal),
                   (uint64_t)n_points * replicates);
        }
        report_missing(journal, out, n_points, replicates, false);
        status = CASCADE_EXIT_FAILURE;
        goto done;
    }
    char *charts;
    bool plotted = cli_draw_charts("merge", out, &o, NULL, &charts);
    if (!o.quiet) {
        printf("merged %zu shards: wrote %s/sweep.csv, %s/points.csv%s%s (%zu points x %" PRIu32
               " replicates)\n",
               n, out, out, charts ? ", " : "", charts ? charts : "", n_points, replicates);
    }
    free(charts);
    if (!complete) {
        report_missing(journal, out, n_points, replicates, true);
    }
    status = plotted && complete && missing == 0 ? CASCADE_EXIT_OK : CASCADE_EXIT_FAILURE;
    goto done;
fail:
    cascade_atomic_abort(&merged);
    status = cli_report(NULL, &err);
done:
    cascade_journal_close(journal, NULL);
    for (size_t i = 0; journals && i < n; i++) {
        free(journals[i]);
    }
    free(journals);
    free(scenario);
    free(plan);
    free(bad_cfg);
    free(bad_plan);
    cli_options_release(&o);
    return status;
}
