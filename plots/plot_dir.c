/*
 * cascade_plot_dir: which charts a folder's files call for, their data read from CSV
 * (cascade/table.h), their titles and footers from the folder's scenario.cfg, and the
 * files written. Also the reader of a run's time series into cascade_run_series.
 *
 * scenario.cfg is read as text, not through libconfig (only the scenario module links
 * it): the resolved file cascade writes puts one setting per line inside `group = {`
 * ... `};`, so a line reader finds name, a few key parameters and the shocks. A file it
 * cannot read only costs the subtitle.
 */
#include "cascade/chart.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_SHOCKS 32

/* ---- scenario.cfg, as text ---- */

typedef struct scenario_meta {
    bool found;
    char name[128];
    char size[32], network[32], mean_degree[32], punishment[32], purge_rate[32],
        openness[32], security_size[32];
    cascade_chart_shock shocks[MAX_SHOCKS];
    size_t n_shocks;
} scenario_meta;

/* The value of `key = VALUE;` in line (quotes stripped) into out; false when absent. */
static bool field(const char *line, const char *key, char *out, size_t len)
{
    size_t klen = strlen(key);
    for (const char *c = line; (c = strstr(c, key)) != NULL; c += klen) {
        bool starts = c == line || c[-1] == ' ' || c[-1] == '{' || c[-1] == '\t';
        if (!starts || strncmp(c + klen, " = ", 3) != 0) {
            continue;
        }
        const char *v = c + klen + 3;
        size_t n;
        if (*v == '"') {
            v++;
            n = strcspn(v, "\"");
        } else {
            n = strcspn(v, ";");
        }
        snprintf(out, len, "%.*s", (int)n, v);
        return true;
    }
    return false;
}

static void shock_label(const char *line, cascade_chart_shock *sh)
{
    char kind[32] = "", v[64] = "";
    field(line, "kind", kind, sizeof kind);
    if (strcmp(kind, "dissent") == 0 && field(line, "fraction", v, sizeof v)) {
        snprintf(sh->label, sizeof sh->label, "dissent shock %.3g%%", 100 * atof(v));
    } else if (strcmp(kind, "dissent") == 0 && field(line, "count", v, sizeof v)) {
        snprintf(sh->label, sizeof sh->label, "dissent shock, %.16s elites", v);
    } else if (strcmp(kind, "grievance") == 0 && field(line, "delta", v, sizeof v)) {
        snprintf(sh->label, sizeof sh->label, "grievance %s%.24s", v[0] == '-' ? "" : "+", v);
    } else if (strcmp(kind, "purge") == 0 && field(line, "count", v, sizeof v)) {
        snprintf(sh->label, sizeof sh->label, "purge of %.24s", v);
    } else if (strcmp(kind, "set") == 0 && field(line, "key", v, sizeof v)) {
        char value[32] = "";
        field(line, "value", value, sizeof value);
        const char *dot = strrchr(v, '.');
        snprintf(sh->label, sizeof sh->label, "%.24s = %.16s", dot ? dot + 1 : v, value);
    } else {
        snprintf(sh->label, sizeof sh->label, "%s", kind[0] ? kind : "shock");
    }
}

static void read_meta(const char *path, scenario_meta *meta)
{
    memset(meta, 0, sizeof *meta);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return;
    }
    meta->found = true;
    char line[2048], group[64] = "";
    bool in_shocks = false;
    while (fgets(line, sizeof line, f) != NULL) {
        char word[64];
        if (line[0] != ' ' && line[0] != '}' && line[0] != ')' &&
            sscanf(line, "%63[a-z_] = {", word) == 1 && strchr(line, '{') &&
            !strchr(line, '}')) {
            snprintf(group, sizeof group, "%s", word);
            continue;
        }
        if (line[0] == '}') {
            group[0] = '\0';
            continue;
        }
        if (strncmp(line, "shocks = (", 10) == 0) {
            in_shocks = !strstr(line, ");");
            continue;
        }
        if (in_shocks) {
            char tick[32];
            if (line[0] == ')') {
                in_shocks = false;
            } else if (field(line, "tick", tick, sizeof tick) && meta->n_shocks < MAX_SHOCKS) {
                cascade_chart_shock *sh = &meta->shocks[meta->n_shocks++];
                sh->tick = atof(tick);
                shock_label(line, sh);
            }
            continue;
        }
        if (group[0] == '\0' && strncmp(line, "name = ", 7) == 0) {
            field(line, "name", meta->name, sizeof meta->name);
        } else if (strcmp(group, "population") == 0) {
            field(line, "size", meta->size, sizeof meta->size);
        } else if (strcmp(group, "network") == 0) {
            field(line, "type", meta->network, sizeof meta->network);
            field(line, "mean_degree", meta->mean_degree, sizeof meta->mean_degree);
        } else if (strcmp(group, "regime") == 0) {
            field(line, "punishment", meta->punishment, sizeof meta->punishment);
            field(line, "purge_rate", meta->purge_rate, sizeof meta->purge_rate);
        } else if (strcmp(group, "information") == 0) {
            field(line, "openness", meta->openness, sizeof meta->openness);
        } else if (strcmp(group, "security") == 0) {
            field(line, "size", meta->security_size, sizeof meta->security_size);
        }
    }
    fclose(f);
}

/* "N = 1000 elites, factions network (mean degree 10), ..." from what was found. */
static void run_subtitle(const scenario_meta *meta, size_t replicates, char *buf, size_t len)
{
    size_t n = 0;
#define ADD(...) (n += n < len ? (size_t)snprintf(buf + n, len - n, __VA_ARGS__) : 0)
    if (meta->size[0]) {
        ADD("N = %s elites", meta->size);
    }
    if (meta->network[0]) {
        const char *t = meta->network;
        bool degree = meta->mean_degree[0] &&
                      (strcmp(t, "erdos_renyi") == 0 || strcmp(t, "watts_strogatz") == 0 ||
                       strcmp(t, "factions") == 0 || strcmp(t, "ring") == 0);
        ADD("%s%s network", n ? ", " : "", t);
        if (degree) {
            ADD(" (mean degree %g)", atof(meta->mean_degree));
        }
    }
    if (meta->punishment[0]) {
        ADD("%spunishment %s", n ? ", " : "", meta->punishment);
    }
    if (meta->purge_rate[0]) {
        ADD("%spurge rate %s", n ? ", " : "", meta->purge_rate);
    }
    if (meta->openness[0]) {
        ADD("%sopenness %s", n ? ", " : "", meta->openness);
    }
    ADD("%s%zu replicate%s", n ? "; " : "", replicates, replicates == 1 ? "" : "s");
#undef ADD
}

/* ---- run series ---- */

cascade_run_series *cascade_run_series_alloc(size_t n_replicates, size_t n_ticks)
{
    cascade_run_series *d = calloc(1, sizeof *d);
    if (d == NULL) {
        return NULL;
    }
    size_t cells = n_replicates * n_ticks;
    d->n_replicates = n_replicates;
    d->n_ticks = n_ticks;
    d->tick = calloc(n_ticks ? n_ticks : 1, sizeof *d->tick);
    d->public_dissent = calloc(cells ? cells : 1, sizeof(float));
    d->private_opposition = calloc(cells ? cells : 1, sizeof(float));
    d->defected = calloc(cells ? cells : 1, sizeof(float));
    d->purged = calloc(cells ? cells : 1, sizeof(float));
    d->security_active = calloc(cells ? cells : 1, sizeof(float));
    d->collapse_tick = malloc((n_replicates ? n_replicates : 1) * sizeof *d->collapse_tick);
    d->final_dissent = calloc(n_replicates ? n_replicates : 1, sizeof *d->final_dissent);
    if (!d->tick || !d->public_dissent || !d->private_opposition || !d->defected ||
        !d->purged || !d->security_active || !d->collapse_tick || !d->final_dissent) {
        cascade_run_series_free(d);
        return NULL;
    }
    for (size_t r = 0; r < n_replicates; r++) {
        d->collapse_tick[r] = NAN;
    }
    d->has_security = true;
    return d;
}

void cascade_run_series_free(cascade_run_series *d)
{
    if (d == NULL) {
        return;
    }
    free(d->tick);
    free(d->public_dissent);
    free(d->private_opposition);
    free(d->defected);
    free(d->purged);
    free(d->security_active);
    free(d->collapse_tick);
    free(d->final_dissent);
    free(d->shocks);
    free(d);
}

enum { TS_REPLICATE, TS_TICK, TS_PUBLIC, TS_PRIVATE, TS_DEFECTED, TS_PURGED, TS_SECURITY,
       TS_COLUMNS };
#define N_SERIES 5

/* Rows as they come (replicate order), before the transpose into tick-major series. */
typedef struct scan_ctx {
    size_t n_replicates;
    const char *summary;   /* for messages */
    float *rows;           /* N_SERIES values per row */
    size_t n_rows, cap;
    size_t *start, *count; /* per replicate: first row, number of rows */
    double *grid;          /* the recorded ticks, the longest replicate's */
    size_t n_grid, cap_grid;
    long current;          /* the replicate being read, -1 before the first */
} scan_ctx;

static const char *const ts_columns[TS_COLUMNS] = {
    "replicate", "tick", "public_dissent", "private_opposition", "defected", "purged",
    "security_active"};

static cascade_status scan_row(void *vctx, const char *path, size_t line, const double *v,
                               cascade_error *err)
{
    scan_ctx *c = vctx;
    double rep = v[TS_REPLICATE];
    if (!(rep >= 0) || rep != floor(rep) || rep >= (double)c->n_replicates) {
        return cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: replicate %g is not one of the "
                                 "%zu replicates of %s", path, line, rep, c->n_replicates,
                                 c->summary);
    }
    long r = (long)rep;
    if (r < c->current) {
        return cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: replicate %ld after replicate "
                                 "%ld: rows must be in replicate order", path, line, r,
                                 c->current);
    }
    if (r > c->current) {
        c->current = r;
        c->start[r] = c->n_rows;
    }
    size_t k = c->count[r];
    double tick = v[TS_TICK];
    if (isnan(tick)) {
        return cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: tick: missing", path, line);
    }
    if (k < c->n_grid) {
        if (c->grid[k] != tick) {
            return cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: tick %g where the other "
                                     "replicates recorded tick %g", path, line, tick, c->grid[k]);
        }
    } else {
        if (k > 0 && tick <= c->grid[k - 1]) {
            return cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: tick %g does not follow "
                                     "tick %g", path, line, tick, c->grid[k - 1]);
        }
        if (c->n_grid == c->cap_grid) {
            size_t cap = c->cap_grid ? 2 * c->cap_grid : 256;
            double *g = realloc(c->grid, cap * sizeof *g);
            if (g == NULL) {
                return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
            }
            c->grid = g;
            c->cap_grid = cap;
        }
        c->grid[c->n_grid++] = tick;
    }
    if (c->n_rows == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4096;
        float *grown = realloc(c->rows, cap * N_SERIES * sizeof *grown);
        if (grown == NULL) {
            return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
        }
        c->rows = grown;
        c->cap = cap;
    }
    for (int s = 0; s < N_SERIES; s++) {
        double x = v[TS_PUBLIC + s];
        if (isnan(x)) {
            return cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: %s: missing, or not a "
                                     "number", path, line, ts_columns[TS_PUBLIC + s]);
        }
        c->rows[c->n_rows * N_SERIES + (size_t)s] = (float)x;
    }
    c->n_rows++;
    c->count[r]++;
    return CASCADE_OK;
}

static cascade_status read_summary(const char *path, cascade_table **out, size_t cols[3],
                                   cascade_error *err)
{
    cascade_status st = cascade_table_read(path, out, err);
    if (st != CASCADE_OK) {
        return st;
    }
    cascade_table *t = *out;
    if (cascade_table_need(t, "replicate", &cols[0], err) != CASCADE_OK ||
        cascade_table_need(t, "final_dissent", &cols[1], err) != CASCADE_OK ||
        cascade_table_need(t, "collapse_tick", &cols[2], err) != CASCADE_OK) {
        return err ? err->status : CASCADE_EINVAL;
    }
    if (t->n_rows == 0) {
        return cascade_error_set(err, CASCADE_EINVAL, "", "%s:2: no replicates", path);
    }
    for (size_t r = 0; r < t->n_rows; r++) {
        if (cascade_table_at(t, r, cols[0]) != (double)r) {
            return cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: replicate %g where "
                                     "replicate %zu was expected", path, r + 2,
                                     cascade_table_at(t, r, cols[0]), r);
        }
    }
    return CASCADE_OK;
}

cascade_status cascade_run_series_read(const char *timeseries_csv, const char *summary_csv,
                                       cascade_run_series **out, cascade_error *err)
{
    *out = NULL;
    cascade_table *sum = NULL;
    size_t scol[3];
    scan_ctx c = {0};
    cascade_run_series *d = NULL;
    cascade_status st = read_summary(summary_csv, &sum, scol, err);
    if (st != CASCADE_OK) {
        goto done;
    }
    size_t R = sum->n_rows;
    c.n_replicates = R;
    c.summary = summary_csv;
    c.current = -1;
    c.start = calloc(R, sizeof *c.start);
    c.count = calloc(R, sizeof *c.count);
    if (c.start == NULL || c.count == NULL) {
        st = cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
        goto done;
    }
    st = cascade_table_scan(timeseries_csv, ts_columns, TS_COLUMNS, scan_row, &c, err);
    if (st != CASCADE_OK) {
        goto done;
    }
    for (size_t r = 0; r < R; r++) {
        if (c.count[r] == 0) {
            st = cascade_error_set(err, CASCADE_EINVAL, "", "%s: no rows for replicate %zu of %s",
                                   timeseries_csv, r, summary_csv);
            goto done;
        }
    }
    size_t T = c.n_grid;
    d = cascade_run_series_alloc(R, T);
    if (d == NULL) {
        st = cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
        goto done;
    }
    memcpy(d->tick, c.grid, T * sizeof *d->tick);
    float *series[N_SERIES] = {d->public_dissent, d->private_opposition, d->defected, d->purged,
                               d->security_active};
    bool any_security = false;
    for (size_t r = 0; r < R; r++) {
        const float *rows = c.rows + c.start[r] * N_SERIES;
        for (size_t t = 0; t < T; t++) {
            /* a replicate stopped at its collapse keeps its last values */
            size_t k = t < c.count[r] ? t : c.count[r] - 1;
            for (int s = 0; s < N_SERIES; s++) {
                series[s][t * R + r] = rows[k * N_SERIES + (size_t)s];
            }
            any_security |= rows[k * N_SERIES + 4] != 0;
        }
        d->final_dissent[r] = cascade_table_at(sum, r, scol[1]);
        d->collapse_tick[r] = cascade_table_at(sum, r, scol[2]);
    }
    d->has_security = any_security;
    *out = d;
    d = NULL;
done:
    cascade_run_series_free(d);
    cascade_table_free(sum);
    free(c.rows);
    free(c.start);
    free(c.count);
    free(c.grid);
    return st;
}

/* ---- the folder ---- */

static bool exists(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

enum { KIND_CASCADE = 1, KIND_SWEEP = 2, KIND_COBWEB = 4, KIND_BIFURCATION = 8 };

static unsigned detect(const char *dir)
{
    unsigned kinds = 0;
    if (exists(dir, "timeseries.csv") && exists(dir, "summary.csv")) {
        kinds |= KIND_CASCADE;
    }
    if (exists(dir, "points.csv")) {
        kinds |= KIND_SWEEP;
    }
    if (exists(dir, "threshold_map.csv")) {
        kinds |= KIND_COBWEB;
    }
    if (exists(dir, "bifurcation.csv")) {
        kinds |= KIND_BIFURCATION;
    }
    return kinds;
}

static const char *const kind_names[] = {"cascade", "sweep", "cobweb", "bifurcation"};

char *cascade_plot_dir_outputs(const char *dir, unsigned formats)
{
    static const char *const exts[] = {"png", "pdf", "svg"};
    unsigned kinds = detect(dir);
    size_t len = 1;
    for (int pass = 0; pass < 2; pass++) {
        char *out = pass ? malloc(len) : NULL;
        if (pass && out == NULL) {
            return NULL;
        }
        size_t n = 0;
        if (out) {
            out[0] = '\0';
        }
        for (unsigned k = 0; k < 4; k++) {
            for (unsigned f = 0; f < 3; f++) {
                if ((kinds & (1u << k)) && (formats & (1u << f))) {
                    int w = snprintf(out ? out + n : NULL, out ? len - n : 0, "%s%s/%s.%s",
                                     n ? ", " : "", dir, kind_names[k], exts[f]);
                    n += (size_t)w;
                }
            }
        }
        if (pass) {
            return out;
        }
        len = n + 1;
    }
    return NULL;
}

static cascade_status read_in(const char *dir, const char *name, cascade_table **t,
                              cascade_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return cascade_table_read(path, t, err);
}

/* Lays out and writes one chart; takes ownership of scene. */
static cascade_status finish(cascade_scene *scene, const char *dir, const char *name,
                             unsigned formats, cascade_error *err)
{
    if (scene == NULL) {
        return err && err->status != CASCADE_OK
                   ? err->status
                   : cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    char base[4096];
    snprintf(base, sizeof base, "%s/%s", dir, name);
    cascade_status st = cascade_scene_write(scene, base, formats, err);
    cascade_scene_free(scene);
    return st;
}

static cascade_status plot_cascade(const char *dir, const scenario_meta *meta,
                                   const cascade_chart_labels *base, unsigned formats,
                                   const cascade_measure *m, cascade_error *err)
{
    char ts[4096], sm[4096], subtitle[512];
    snprintf(ts, sizeof ts, "%s/timeseries.csv", dir);
    snprintf(sm, sizeof sm, "%s/summary.csv", dir);
    cascade_run_series *d;
    cascade_status st = cascade_run_series_read(ts, sm, &d, err);
    if (st != CASCADE_OK) {
        return st;
    }
    if (meta->security_size[0]) {
        d->has_security = atof(meta->security_size) > 0;
    }
    if (meta->n_shocks > 0) {
        d->shocks = malloc(meta->n_shocks * sizeof *d->shocks);
        if (d->shocks != NULL) {
            memcpy(d->shocks, meta->shocks, meta->n_shocks * sizeof *d->shocks);
            d->n_shocks = meta->n_shocks;
        }
    }
    run_subtitle(meta, d->n_replicates, subtitle, sizeof subtitle);
    cascade_chart_labels l = {base->title, subtitle, base->footer};
    cascade_scene *s = cascade_chart_cascade(d, &l, m);
    cascade_run_series_free(d);
    return finish(s, dir, "cascade", formats, err);
}

static cascade_status plot_sweep(const char *dir, const char *metric,
                                 const cascade_chart_labels *l, unsigned formats,
                                 const cascade_measure *m, cascade_error *err)
{
    cascade_table *t;
    cascade_status st = read_in(dir, "points.csv", &t, err);
    if (st != CASCADE_OK) {
        return st;
    }
    size_t keys = cascade_chart_sweep_keys(t);
    cascade_scene *s = NULL;
    if (keys == 0) {
        cascade_error_set(err, CASCADE_EINVAL, "", "%s:1: no column n (expected the varied keys, "
                          "then n)", t->path);
    } else if (keys == 1) {
        s = cascade_chart_sweep(t, l, m, err);
    } else {
        s = cascade_chart_phase(t, metric, l, m, err);
    }
    cascade_table_free(t);
    if (s == NULL && err && err->status != CASCADE_OK) {
        return err->status;
    }
    return finish(s, dir, "sweep", formats, err);
}

static cascade_status plot_cobweb(const char *dir, const cascade_chart_labels *l,
                                  unsigned formats, const cascade_measure *m, cascade_error *err)
{
    cascade_table *map = NULL, *fixed = NULL, *cob = NULL;
    cascade_status st = read_in(dir, "threshold_map.csv", &map, err);
    if (st == CASCADE_OK && !exists(dir, "fixed_points.csv")) {
        st = cascade_error_set(err, CASCADE_EINVAL, "", "%s/fixed_points.csv: missing (the "
                               "threshold map needs its fixed points)", dir);
    }
    if (st == CASCADE_OK) {
        st = read_in(dir, "fixed_points.csv", &fixed, err);
    }
    if (st == CASCADE_OK && exists(dir, "cobweb.csv")) {
        st = read_in(dir, "cobweb.csv", &cob, err);
    }
    if (st == CASCADE_OK) {
        cascade_scene *s = cascade_chart_cobweb(map, fixed, cob, l, m, err);
        st = s == NULL && err && err->status != CASCADE_OK ? err->status
                                                             : finish(s, dir, "cobweb", formats,
                                                                      err);
    }
    cascade_table_free(map);
    cascade_table_free(fixed);
    cascade_table_free(cob);
    return st;
}

static cascade_status plot_bifurcation(const char *dir, const cascade_chart_labels *l,
                                       unsigned formats, const cascade_measure *m,
                                       cascade_error *err)
{
    cascade_table *t;
    cascade_status st = read_in(dir, "bifurcation.csv", &t, err);
    if (st != CASCADE_OK) {
        return st;
    }
    cascade_scene *s = cascade_chart_bifurcation(t, l, m, err);
    cascade_table_free(t);
    if (s == NULL && err && err->status != CASCADE_OK) {
        return err->status;
    }
    return finish(s, dir, "bifurcation", formats, err);
}

cascade_status cascade_plot_dir(const char *dir, unsigned formats, const char *metric,
                                const char *scenario_label, cascade_error *err)
{
    cascade_error_clear(err);
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        return cascade_error_set(err, CASCADE_EINVAL, "", "%s: no such folder", dir);
    }
    unsigned kinds = detect(dir);
    if (kinds == 0) {
        return cascade_error_set(err, CASCADE_EINVAL, "", "%s: no chart data (expected "
                                 "timeseries.csv and summary.csv, points.csv, threshold_map.csv "
                                 "or bifurcation.csv)", dir);
    }
    char cfg[4096], footer[4400];
    snprintf(cfg, sizeof cfg, "%s/scenario.cfg", dir);
    scenario_meta *meta = malloc(sizeof *meta);
    if (meta == NULL) {
        return cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
    }
    read_meta(cfg, meta);
    if (scenario_label != NULL || meta->found) {
        snprintf(footer, sizeof footer, "cascade %s \xc2\xb7 scenario %s", CASCADE_VERSION,
                 scenario_label ? scenario_label : cfg);
    } else {
        snprintf(footer, sizeof footer, "cascade %s \xc2\xb7 data %s", CASCADE_VERSION, dir);
    }
    cascade_chart_labels l = {meta->name[0] ? meta->name : "cascade", NULL, footer};
    cascade_measure m = cascade_measure_pango();
    cascade_status st = CASCADE_OK;
    if (kinds & KIND_CASCADE) {
        st = plot_cascade(dir, meta, &l, formats, &m, err);
    }
    if (st == CASCADE_OK && (kinds & KIND_SWEEP)) {
        st = plot_sweep(dir, metric, &l, formats, &m, err);
    }
    if (st == CASCADE_OK && (kinds & KIND_COBWEB)) {
        st = plot_cobweb(dir, &l, formats, &m, err);
    }
    if (st == CASCADE_OK && (kinds & KIND_BIFURCATION)) {
        st = plot_bifurcation(dir, &l, formats, &m, err);
    }
    cascade_measure_pango_release(&m);
    free(meta);
    return st;
}
