/*
 * Charts of a sweep's points.csv: with one varied key, the sweep chart (final and peak
 * dissent, median with the 10-90% band; cascade and collapse probability with 95% Wilson
 * intervals); with two or more, the phase diagram: a heatmap of a metric (default
 * cascade_prob) over the first two keys, averaged over any others, with a viridis
 * colorbar and the 0.5 level line by marching squares. Points that do not fill a grid
 * (a sobol or lhs sample) are drawn as coloured dots instead of cells, with no level line.
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define Z95 1.959963984540054   /* normal quantile of 0.975 */
#define GRID_FILL 0.75          /* share of cells with data for a grid, else scattered */
#define SAME_VALUE 1e-9         /* relative: key values closer than this are one value */
#define DODGE 3.0               /* points: sideways offset of the two probability series */
#define COLORBAR_STEPS 128

size_t cascade_chart_sweep_keys(const cascade_table *points)
{
    long n = cascade_table_column(points, "n");
    return n < 0 ? 0 : (size_t)n;
}

static const char *metric_title(const char *metric)
{
    if (strcmp(metric, "cascade_prob") == 0) {
        return "cascade probability";
    }
    if (strcmp(metric, "collapse_prob") == 0) {
        return "collapse probability";
    }
    return metric;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static bool same(double a, double b)
{
    return fabs(a - b) <= SAME_VALUE * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* The distinct values of column col, sorted, into out (room for n_rows); returns count. */
static size_t distinct(const cascade_table *t, size_t col, double *out)
{
    size_t n = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        double v = cascade_table_at(t, r, col);
        if (!isnan(v)) {
            out[n++] = v;
        }
    }
    qsort(out, n, sizeof *out, by_value);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k == 0 || !same(out[k - 1], out[i])) {
            out[k++] = out[i];
        }
    }
    return k;
}

static size_t index_of(const double *values, size_t n, double v)
{
    for (size_t i = 0; i < n; i++) {
        if (same(values[i], v)) {
            return i;
        }
    }
    return n;
}

/* An axis over data values: their range padded by a share of it each side. */
static cascade_ticks value_axis(double lo, double hi, double pad)
{
    double span = hi - lo;
    if (span <= 0) {
        span = lo == 0 ? 1 : fabs(lo) * 0.2;
        pad = 0.5;
    }
    return cascade_chart_ticks(lo - pad * span, hi + pad * span, TICK_TARGET, false);
}

static cascade_status need_all(const cascade_table *t, const char *const *names, size_t n,
                               size_t *cols, cascade_error *err)
{
    for (size_t i = 0; i < n; i++) {
        cascade_status st = cascade_table_need(t, names[i], &cols[i], err);
        if (st != CASCADE_OK) {
            return st;
        }
    }
    return CASCADE_OK;
}

static void compose_subtitle(char *buf, size_t len, const cascade_chart_labels *l,
                             const char *what)
{
    if (l->subtitle && l->subtitle[0]) {
        snprintf(buf, len, "%s; %s", what, l->subtitle);
    } else {
        snprintf(buf, len, "%s", what);
    }
}

/* A point with a vertical interval bar and a line through the points, in panel clip. */
static void probability_series(cascade_scene *s, int clip, const double *x, const double *p,
                               const double *n, size_t rows, double dodge, cascade_rgba c,
                               double *xy)
{
    for (size_t i = 0; i < rows; i++) {
        xy[2 * i] = px(s, clip, x[i]) + dodge;
        xy[2 * i + 1] = py(s, clip, p[i]);
    }
    scene_path(s, xy, rows, chart_alpha(c, 0.8), 1.6, CASCADE_SOLID, clip);
    for (size_t i = 0; i < rows; i++) {
        if (isnan(p[i]) || isnan(n[i]) || n[i] < 1) {
            continue;
        }
        size_t nn = (size_t)llround(n[i]);
        size_t k = (size_t)llround(p[i] * n[i]);
        double lo, hi;
        cascade_chart_wilson(k > nn ? nn : k, nn, Z95, &lo, &hi);
        double x0 = px(s, clip, x[i]) + dodge;
        scene_line(s, x0, py(s, clip, lo), x0, py(s, clip, hi), c, 1.4, CASCADE_SOLID, clip);
        scene_line(s, x0 - 3, py(s, clip, lo), x0 + 3, py(s, clip, lo), c, 1.2, CASCADE_SOLID,
                   clip);
        scene_line(s, x0 - 3, py(s, clip, hi), x0 + 3, py(s, clip, hi), c, 1.2, CASCADE_SOLID,
                   clip);
        scene_circle(s, x0, py(s, clip, p[i]), 3.6, c, chart_white, 0.8, clip);
    }
}

/* The median with its points and the 10-90% band: filled, or (filled false) as two thin
 * lines, so that two overlapping bands stay readable instead of mixing into grey. */
static void median_band(cascade_scene *s, int clip, const double *x, const double *lo,
                        const double *mid, const double *hi, size_t rows, cascade_rgba c,
                        bool filled, double *xy)
{
    if (filled) {
        for (size_t i = 0; i < rows; i++) {
            xy[2 * i] = px(s, clip, x[i]);
            xy[2 * i + 1] = py(s, clip, hi[i]);
            xy[2 * (2 * rows - 1 - i)] = px(s, clip, x[i]);
            xy[2 * (2 * rows - 1 - i) + 1] = py(s, clip, lo[i]);
        }
        scene_polygon(s, xy, 2 * rows, chart_alpha(c, 0.22), clip);
    } else {
        for (int edge = 0; edge < 2; edge++) {
            for (size_t i = 0; i < rows; i++) {
                xy[2 * i] = px(s, clip, x[i]);
                xy[2 * i + 1] = py(s, clip, edge ? hi[i] : lo[i]);
            }
            scene_path(s, xy, rows, chart_alpha(c, 0.75), 1.1, CASCADE_DASHED, clip);
        }
    }
    for (size_t i = 0; i < rows; i++) {
        xy[2 * i] = px(s, clip, x[i]);
        xy[2 * i + 1] = py(s, clip, mid[i]);
    }
    scene_path(s, xy, rows, c, LINE_MAIN, CASCADE_SOLID, clip);
    for (size_t i = 0; i < rows; i++) {
        scene_circle(s, xy[2 * i], xy[2 * i + 1], 3.4, c, chart_white, 0.8, clip);
    }
}

enum { S_N, S_F10, S_F50, S_F90, S_P10, S_P50, S_P90, S_CAS, S_COL, S_COLS };

cascade_scene *cascade_chart_sweep(const cascade_table *t, const cascade_chart_labels *l,
                                   const cascade_measure *m, cascade_error *err)
{
    static const char *const names[S_COLS] = {
        "n", "final_dissent_q10", "final_dissent_q50", "final_dissent_q90", "peak_dissent_q10",
        "peak_dissent_q50", "peak_dissent_q90", "cascade_prob", "collapse_prob"};
    size_t cols[S_COLS];
    if (need_all(t, names, S_COLS, cols, err) != CASCADE_OK) {
        return NULL;
    }
    if (t->n_rows == 0) {
        cascade_error_set(err, CASCADE_EINVAL, "", "%s:2: no points", t->path);
        return NULL;
    }
    size_t rows = t->n_rows;
    /* columns sorted by the key: v[c][i] */
    double *v = malloc((S_COLS + 1) * rows * sizeof *v);
    size_t *order = malloc(rows * sizeof *order);
    double *xy = malloc(4 * rows * sizeof *xy);
    cascade_scene *s = scene_new(CHART_WIDTH, 760, l->title);
    if (v == NULL || order == NULL || xy == NULL || s == NULL) {
        cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
        cascade_scene_free(s);
        s = NULL;
        goto done;
    }
    for (size_t i = 0; i < rows; i++) {
        order[i] = i;
    }
    for (size_t i = 1; i < rows; i++) { /* insertion sort by the key: few points */
        size_t o = order[i], j = i;
        while (j > 0 && cascade_table_at(t, order[j - 1], 0) > cascade_table_at(t, o, 0)) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = o;
    }
    double *x = v + S_COLS * rows;
    for (size_t i = 0; i < rows; i++) {
        x[i] = cascade_table_at(t, order[i], 0);
        for (size_t c = 0; c < S_COLS; c++) {
            v[c * rows + i] = cascade_table_at(t, order[i], cols[c]);
        }
    }
#define COL(c) (v + (size_t)(c) * rows)
    const char *key = t->names[0];
    char subtitle[512], what[256];
    double nmin = INFINITY, nmax = 0;
    for (size_t i = 0; i < rows; i++) {
        nmin = fmin(nmin, COL(S_N)[i]);
        nmax = fmax(nmax, COL(S_N)[i]);
    }
    if (nmin == nmax) {
        snprintf(what, sizeof what, "%zu values of %s, %.0f replicates each", rows, key, nmin);
    } else {
        snprintf(what, sizeof what, "%zu values of %s, %.0f to %.0f replicates each", rows, key,
                 nmin, nmax);
    }
    compose_subtitle(subtitle, sizeof subtitle, l, what);
    cascade_chart_labels sl = {l->title, subtitle, l->footer};
    const cascade_rgba c_final = cascade_okabe_ito[CASCADE_OI_BLUE];
    const cascade_rgba c_peak = cascade_okabe_ito[CASCADE_OI_VERMILLION];
    const cascade_rgba c_cas = cascade_okabe_ito[CASCADE_OI_GREEN];
    const cascade_rgba c_col = cascade_okabe_ito[CASCADE_OI_PURPLE];
    const cascade_rgba c_gap = cascade_okabe_ito[CASCADE_OI_BLACK];
    const double width = CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
    /* the falsification gap at the end (points.csv's final_gap_mean), when present: the
     * hidden discontent that public dissent does not show */
    long gap_col = cascade_table_column(t, "final_gap_mean");
    double *gap = gap_col >= 0 ? malloc(rows * sizeof *gap) : NULL;
    for (size_t i = 0; gap != NULL && i < rows; i++) {
        gap[i] = cascade_table_at(t, order[i], (size_t)gap_col);
    }

    double y = layout_header(s, m, &sl);
    legend_item top_items[] = {
        {"final dissent, median", SWATCH_LINE, c_final, CASCADE_SOLID, LINE_MAIN},
        {"final, 10\xe2\x80\x93" "90% of replicates", SWATCH_BAND, c_final, CASCADE_SOLID, 0},
        {"peak dissent, median", SWATCH_LINE, c_peak, CASCADE_SOLID, LINE_MAIN},
        {"peak, 10\xe2\x80\x93" "90%", SWATCH_LINE, chart_alpha(c_peak, 0.75), CASCADE_DASHED,
         1.1},
        {"falsification gap at the end, mean", SWATCH_LINE, c_gap, CASCADE_DOTTED, LINE_MAIN},
    };
    y += legend_draw(s, m, top_items, gap ? 5 : 4, MARGIN_LEFT, y, width) + 10;
    cascade_ticks xt = value_axis(x[0], x[rows - 1], 0.03);
    double ymax = 0;
    for (size_t i = 0; i < rows; i++) {
        ymax = fmax(ymax, fmax(COL(S_F90)[i], COL(S_P90)[i]));
        if (gap != NULL && !isnan(gap[i])) {
            ymax = fmax(ymax, gap[i]);
        }
    }
    cascade_ticks yt = cascade_chart_ticks(0, fmin(fmax(ymax, 0.01), 1.0), TICK_TARGET - 1, true);
    cascade_rect top = {MARGIN_LEFT, y, width, 240};
    int c1 = layout_panel(s, m, top, &xt, &yt, NULL, "share of elites", true);
    median_band(s, c1, x, COL(S_P10), COL(S_P50), COL(S_P90), rows, c_peak, false, xy);
    median_band(s, c1, x, COL(S_F10), COL(S_F50), COL(S_F90), rows, c_final, true, xy);
    if (gap != NULL) {
        for (size_t i = 0; i < rows; i++) {
            xy[2 * i] = px(s, c1, x[i]);
            xy[2 * i + 1] = py(s, c1, gap[i]);
        }
        scene_path(s, xy, rows, c_gap, LINE_MAIN, CASCADE_DOTTED, c1);
        free(gap);
    }
    y = top.y + top.h + panel_below(m, false) + 16;

    legend_item bottom_items[] = {
        {"cascade probability", SWATCH_DOT_BAR, c_cas, CASCADE_SOLID, 1.6},
        {"collapse probability", SWATCH_DOT_BAR, c_col, CASCADE_SOLID, 1.6},
        {"bars: 95% Wilson intervals", SWATCH_TICK, chart_axis, CASCADE_SOLID, 1.4},
    };
    y += legend_draw(s, m, bottom_items, 3, MARGIN_LEFT, y, width) + 10;
    cascade_ticks pt = cascade_chart_ticks(0, 1, 5, true);
    cascade_rect bottom = {MARGIN_LEFT, y, width, 200};
    int c2 = layout_panel(s, m, bottom, &xt, &pt, key, "probability", true);
    probability_series(s, c2, x, COL(S_CAS), COL(S_N), rows, -DODGE, c_cas, xy);
    probability_series(s, c2, x, COL(S_COL), COL(S_N), rows, DODGE, c_col, xy);
#undef COL
    s->height = bottom.y + bottom.h + panel_below(m, true) + 18 + text_height(m, FONT_FOOTER) +
                MARGIN_BOTTOM;
    layout_footer(s, m, &sl);
done:
    free(v);
    free(order);
    free(xy);
    return s;
}

/* ---- phase diagram ---- */

/* Cell edges of sorted centres: midpoints, the outer ones half a gap beyond. */
static void edges(const double *c, size_t n, double *e)
{
    if (n == 1) {
        double half = c[0] == 0 ? 0.5 : fabs(c[0]) * 0.1;
        e[0] = c[0] - half;
        e[1] = c[0] + half;
        return;
    }
    for (size_t i = 1; i < n; i++) {
        e[i] = 0.5 * (c[i - 1] + c[i]);
    }
    e[0] = c[0] - (e[1] - c[0]);
    e[n] = c[n - 1] + (c[n - 1] - e[n - 1]);
}

static void colorbar(cascade_scene *s, const cascade_measure *m, cascade_rect bar,
                     const cascade_ticks *ct, const char *label)
{
    double step = bar.h / COLORBAR_STEPS;
    for (int i = 0; i < COLORBAR_STEPS; i++) {
        double t = ((double)i + 0.5) / COLORBAR_STEPS;
        double y = bar.y + bar.h - (double)(i + 1) * step;
        scene_rect(s, bar.x, y - (i + 1 < COLORBAR_STEPS ? 0.5 : 0), bar.w,
                   step + (i + 1 < COLORBAR_STEPS ? 0.5 : 0), cascade_chart_viridis(t), chart_none,
                   0);
    }
    scene_rect(s, bar.x, bar.y, bar.w, bar.h, chart_none, chart_axis, 0.8);
    cascade_scale sc = {ct->lo, ct->hi, bar.y + bar.h, bar.y};
    char buf[64];
    double widest = 0;
    for (size_t i = 0; i < ct->n; i++) {
        double y = cascade_scale_map(&sc, ct->values[i]);
        double x = bar.x + bar.w;
        scene_line(s, x, y, x + TICK_LENGTH, y, chart_axis, 1.0, CASCADE_SOLID, 0);
        cascade_chart_format_tick(buf, sizeof buf, ct->values[i], ct->decimals);
        scene_text(s, x + TICK_LENGTH + 4, y, buf, FONT_TICK, false, chart_ink_soft, CASCADE_LEFT,
                   CASCADE_MIDDLE);
        widest = fmax(widest, text_width(m, buf, FONT_TICK, false));
    }
    /* the label reads upwards, right of the tick labels */
    scene_vtext(s, bar.x + bar.w + TICK_LENGTH + 4 + widest + 8, bar.y + bar.h / 2, label,
                FONT_AXIS, chart_ink);
}

cascade_scene *cascade_chart_phase(const cascade_table *t, const char *metric,
                                   const cascade_chart_labels *l, const cascade_measure *m,
                                   cascade_error *err)
{
    if (metric == NULL) {
        metric = "cascade_prob";
    }
    size_t n_keys = cascade_chart_sweep_keys(t);
    long mc = cascade_table_column(t, metric);
    if (n_keys < 2) {
        cascade_error_set(err, CASCADE_EINVAL, "", "%s:1: a phase diagram needs two varied keys "
                          "before the column n", t->path);
        return NULL;
    }
    if (mc < 0 || (size_t)mc <= n_keys) {
        char choices[300] = "";
        size_t len = 0;
        for (size_t c = n_keys + 1; c < t->n_cols && len + 2 < sizeof choices; c++) {
            len += (size_t)snprintf(choices + len, sizeof choices - len, "%s%s",
                                    c > n_keys + 1 ? ", " : "", t->names[c]);
        }
        cascade_error_set(err, CASCADE_EINVAL, "", "%s:1: no metric column %s (one of: %s)",
                          t->path, metric, choices);
        return NULL;
    }
    size_t n_col;
    if (cascade_table_need(t, "n", &n_col, err) != CASCADE_OK) {
        return NULL;
    }
    if (t->n_rows == 0) {
        cascade_error_set(err, CASCADE_EINVAL, "", "%s:2: no points", t->path);
        return NULL;
    }
    size_t rows = t->n_rows;
    double *xs = malloc(rows * sizeof *xs), *ys = malloc(rows * sizeof *ys);
    double *xe = malloc((rows + 1) * sizeof *xe), *ye = malloc((rows + 1) * sizeof *ye);
    size_t nx = 0, ny = 0;
    double *sum = NULL, *z = NULL, *segs = NULL;
    size_t *cnt = NULL;
    cascade_scene *s = NULL;
    if (xs == NULL || ys == NULL || xe == NULL || ye == NULL) {
        goto oom;
    }
    nx = distinct(t, 0, xs);
    ny = distinct(t, 1, ys);
    if (nx == 0 || ny == 0) {
        cascade_error_set(err, CASCADE_EINVAL, "", "%s:2: no values of %s and %s", t->path,
                          t->names[0], t->names[1]);
        goto fail;
    }
    size_t cells = nx * ny;
    bool small = cells <= 4 * rows + 16;
    if (small) {
        sum = calloc(cells, sizeof *sum);
        z = malloc(cells * sizeof *z);
        cnt = calloc(cells, sizeof *cnt);
        if (sum == NULL || z == NULL || cnt == NULL) {
            goto oom;
        }
    }
    double vmin = INFINITY, vmax = -INFINITY, nmin = INFINITY, nmax = 0;
    size_t filled = 0;
    for (size_t r = 0; r < rows; r++) {
        double v = cascade_table_at(t, r, (size_t)mc);
        double nn = cascade_table_at(t, r, n_col);
        nmin = fmin(nmin, nn);
        nmax = fmax(nmax, nn);
        if (isnan(v)) {
            continue;
        }
        if (small) {
            size_t i = index_of(xs, nx, cascade_table_at(t, r, 0));
            size_t j = index_of(ys, ny, cascade_table_at(t, r, 1));
            if (i < nx && j < ny) {
                filled += cnt[j * nx + i] == 0;
                sum[j * nx + i] += v;
                cnt[j * nx + i]++;
            }
        }
    }
    bool grid = small && (double)filled >= GRID_FILL * (double)cells && nx > 1 && ny > 1;
    if (grid) {
        for (size_t c = 0; c < cells; c++) {
            z[c] = cnt[c] ? sum[c] / (double)cnt[c] : NAN;
            if (cnt[c]) {
                vmin = fmin(vmin, z[c]);
                vmax = fmax(vmax, z[c]);
            }
        }
    } else {
        for (size_t r = 0; r < rows; r++) {
            double v = cascade_table_at(t, r, (size_t)mc);
            if (!isnan(v)) {
                vmin = fmin(vmin, v);
                vmax = fmax(vmax, v);
            }
        }
    }
    if (!isfinite(vmin)) {
        vmin = 0;
        vmax = 1;
    }
    bool probability = strstr(metric, "_prob") != NULL;
    cascade_ticks ct = probability ? cascade_chart_ticks(0, 1, 5, true)
                                   : cascade_chart_ticks(vmin, vmax, 5, true);

    /* subtitle: what is shown and what was averaged over */
    char what[600], subtitle[900];
    size_t len = (size_t)snprintf(what, sizeof what, "%s over %s and %s", metric, t->names[0],
                                  t->names[1]);
    if (n_keys > 2) {
        len += (size_t)snprintf(what + len, sizeof what - len, ", averaged over");
        for (size_t k = 2; k < n_keys && len < sizeof what; k++) {
            len += (size_t)snprintf(what + len, sizeof what - len, "%s %s", k > 2 ? "," : "",
                                    t->names[k]);
        }
    }
    if (len < sizeof what) {
        if (nmin == nmax) {
            len += (size_t)snprintf(what + len, sizeof what - len, "; %.0f replicates per point",
                                    nmin);
        } else {
            len += (size_t)snprintf(what + len, sizeof what - len,
                                    "; %.0f to %.0f replicates per point", nmin, nmax);
        }
    }
    if (!grid && len < sizeof what) {
        snprintf(what + len, sizeof what - len, "; sampled points, not a grid: no level line");
    }
    compose_subtitle(subtitle, sizeof subtitle, l, what);
    cascade_chart_labels sl = {l->title, subtitle, l->footer};

    s = scene_new(CHART_WIDTH, 700, l->title);
    if (s == NULL) {
        goto oom;
    }
    double y = layout_header(s, m, &sl);
    bool contour = grid && vmin < 0.5 && vmax > 0.5;
    legend_item items[] = {{"0.5 level", SWATCH_LINE, chart_white, CASCADE_SOLID, 2.0}};
    if (contour) {
        /* a white line with a dark edge: drawn as the plot draws it */
        double lh = text_height(m, FONT_LEGEND);
        scene_line(s, MARGIN_LEFT, y + lh / 2, MARGIN_LEFT + 26, y + lh / 2, chart_ink, 4.2,
                   CASCADE_SOLID, 0);
        y += legend_draw(s, m, items, 1, MARGIN_LEFT, y, 400) + 10;
    }
    double plot_w = CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT - 110;
    cascade_rect plot = {MARGIN_LEFT, y, plot_w, 460};
    cascade_ticks xt, yt;
    if (grid) {
        /* ticks among the grid's values, not out to the cells' outer edges (a purge rate
         * of -0.0005 there is no value anyone set); one value: its cell */
        edges(xs, nx, xe);
        edges(ys, ny, ye);
        xt = nx > 1 ? cascade_chart_ticks(xs[0], xs[nx - 1], TICK_TARGET, false)
                    : cascade_chart_ticks(xe[0], xe[nx], TICK_TARGET, false);
        yt = ny > 1 ? cascade_chart_ticks(ys[0], ys[ny - 1], TICK_TARGET, false)
                    : cascade_chart_ticks(ye[0], ye[ny], TICK_TARGET, false);
        xt.lo = xe[0];
        xt.hi = xe[nx];
        yt.lo = ye[0];
        yt.hi = ye[ny];
    } else {
        xt = value_axis(xs[0], xs[nx - 1], 0.04);
        yt = value_axis(ys[0], ys[ny - 1], 0.04);
    }
    int c = layout_panel(s, m, plot, &xt, &yt, t->names[0], t->names[1], true);
    if (c == 0) {
        goto done;
    }
    double span = ct.hi - ct.lo;
    if (grid) {
        /* cells overlap their upper and right neighbours by a hair so no seam shows */
        for (size_t j = 0; j < ny; j++) {
            for (size_t i = 0; i < nx; i++) {
                double x0 = px(s, c, xe[i]), x1 = px(s, c, xe[i + 1]);
                double y0 = py(s, c, ye[j + 1]), y1 = py(s, c, ye[j]);
                double ox = i + 1 < nx ? 0.5 : 0, oy = j + 1 < ny ? 0.5 : 0;
                scene_rect(s, x0, y0 - oy, x1 - x0 + ox, y1 - y0 + oy,
                           cascade_chart_viridis((z[j * nx + i] - ct.lo) / span), chart_none, 0);
            }
        }
        if (contour) {
            size_t max = 2 * (nx - 1) * (ny - 1);
            segs = malloc(4 * (max ? max : 1) * sizeof *segs);
            if (segs == NULL) {
                goto oom;
            }
            size_t n = cascade_chart_contour(xs, nx, ys, ny, z, 0.5, segs, max);
            for (size_t k = 0; k < 2 * n; k++) {
                segs[2 * k] = px(s, c, segs[2 * k]);
                segs[2 * k + 1] = py(s, c, segs[2 * k + 1]);
            }
            scene_segments(s, segs, n, chart_ink, 4.2, CASCADE_SOLID, c);
            scene_segments(s, segs, n, chart_white, 2.0, CASCADE_SOLID, c);
        }
    } else {
        for (size_t r = 0; r < rows; r++) {
            double v = cascade_table_at(t, r, (size_t)mc);
            scene_circle(s, px(s, c, cascade_table_at(t, r, 0)), py(s, c, cascade_table_at(t, r, 1)),
                         6.0, cascade_chart_viridis((v - ct.lo) / span), chart_white, 0.8, c);
        }
    }
    cascade_rect bar = {plot.x + plot.w + 22, plot.y, 18, plot.h};
    colorbar(s, m, bar, &ct, metric_title(metric));
    s->height = plot.y + plot.h + panel_below(m, true) + 18 + text_height(m, FONT_FOOTER) +
                MARGIN_BOTTOM;
    layout_footer(s, m, &sl);
    goto done;
oom:
    cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
fail:
    cascade_scene_free(s);
    s = NULL;
done:
    free(xs);
    free(ys);
    free(xe);
    free(ye);
    free(sum);
    free(z);
    free(cnt);
    free(segs);
    return s;
}
