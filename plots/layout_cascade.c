/*
 * The cascade chart of a run: public dissent over ticks (median line, 10-90% band of the
 * replicates, a few single replicates), private opposition dashed so the falsification
 * gap shows between the two, shocks as labelled markers and each replicate's collapse
 * tick in a strip; below, cumulative defections and purges and the security forces'
 * active share.
 *
 * Every statistic is computed per recorded tick over all replicates; only the resulting
 * polylines are decimated (cascade_chart_decimate), so 1,000 replicates x 10,000 ticks
 * cost one selection per tick and series and a few thousand points to draw.
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_HEIGHT 820.0
#define TOP_PLOT_HEIGHT 290.0
#define BOTTOM_PLOT_HEIGHT 170.0
#define COLLAPSE_STRIP 22.0
#define N_SINGLE 5              /* single replicates drawn as faint lines */
#define GAP_LABEL_MIN 40.0      /* points: the falsification gap is annotated when wider */

typedef struct band {
    double *lo, *mid, *hi; /* per tick: 10%, 50%, 90% over replicates */
} band;

static void band_free(band *b)
{
    free(b->lo);
    free(b->mid);
    free(b->hi);
}

/* Quantiles of one series per tick; lo and hi only when want_band. */
static bool band_compute(const cascade_run_series *d, const float *series, bool want_band,
                         float *scratch, band *b)
{
    size_t T = d->n_ticks, R = d->n_replicates;
    b->mid = malloc(T * sizeof *b->mid);
    b->lo = want_band ? malloc(T * sizeof *b->lo) : NULL;
    b->hi = want_band ? malloc(T * sizeof *b->hi) : NULL;
    if (b->mid == NULL || (want_band && (b->lo == NULL || b->hi == NULL))) {
        return false;
    }
    for (size_t t = 0; t < T; t++) {
        memcpy(scratch, series + t * R, R * sizeof *scratch);
        b->mid[t] = cascade_chart_quantile(scratch, R, 0.5);
        if (want_band) {
            b->lo[t] = cascade_chart_quantile(scratch, R, 0.1);
            b->hi[t] = cascade_chart_quantile(scratch, R, 0.9);
        }
    }
    return true;
}

/* Polyline of (tick, v[t]) in panel clip, decimated; xy and tmp have room for T points. */
static void draw_series(cascade_scene *s, int clip, const cascade_run_series *d, const double *v,
                        double *xy, double *tmp, cascade_rgba c, double width, cascade_dash dash)
{
    for (size_t t = 0; t < d->n_ticks; t++) {
        tmp[2 * t] = px(s, clip, d->tick[t]);
        tmp[2 * t + 1] = py(s, clip, v[t]);
    }
    size_t n = cascade_chart_decimate(tmp, d->n_ticks, CASCADE_CHART_PNG_SCALE, xy);
    scene_path(s, xy, n, c, width, dash, clip);
}

/* The band between lo and hi, each edge decimated; xy has room for 2 T points. */
static void draw_band(cascade_scene *s, int clip, const cascade_run_series *d, const band *b,
                      double *xy, double *tmp, cascade_rgba c)
{
    size_t T = d->n_ticks;
    for (size_t t = 0; t < T; t++) {
        tmp[2 * t] = px(s, clip, d->tick[t]);
        tmp[2 * t + 1] = py(s, clip, b->hi[t]);
    }
    size_t n_hi = cascade_chart_decimate(tmp, T, CASCADE_CHART_PNG_SCALE, xy);
    for (size_t t = 0; t < T; t++) {
        tmp[2 * t + 1] = py(s, clip, b->lo[t]);
    }
    double *lower = xy + 2 * n_hi;
    size_t n_lo = cascade_chart_decimate(tmp, T, CASCADE_CHART_PNG_SCALE, lower);
    for (size_t i = 0; i < n_lo / 2; i++) { /* walk the lower edge backwards */
        for (int k = 0; k < 2; k++) {
            double a = lower[2 * i + k];
            lower[2 * i + k] = lower[2 * (n_lo - 1 - i) + k];
            lower[2 * (n_lo - 1 - i) + k] = a;
        }
    }
    scene_polygon(s, xy, n_hi + n_lo, chart_alpha(c, 0.22), clip);
}

static double max_of(const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] > m) {
            m = v[i];
        }
    }
    return m;
}

/* Replicates to draw singly: those at evenly spaced ranks of final dissent, so both
 * outcomes appear when the replicates split. */
static size_t pick_singles(const cascade_run_series *d, size_t *out)
{
    size_t R = d->n_replicates;
    size_t k = R < N_SINGLE ? R : N_SINGLE;
    size_t *order = malloc(R * sizeof *order);
    if (order == NULL) {
        return 0;
    }
    for (size_t i = 0; i < R; i++) {
        order[i] = i;
    }
    /* insertion sort by final dissent, ties by index: R is small enough where it matters */
    for (size_t i = 1; i < R; i++) {
        size_t v = order[i];
        size_t j = i;
        while (j > 0 && d->final_dissent[order[j - 1]] > d->final_dissent[v]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
    for (size_t i = 0; i < k; i++) {
        out[i] = order[(size_t)(((double)i + 0.5) / (double)k * (double)R)];
    }
    free(order);
    return k;
}

static void draw_single(cascade_scene *s, int clip, const cascade_run_series *d, size_t r,
                        double *xy, double *tmp, cascade_rgba c)
{
    for (size_t t = 0; t < d->n_ticks; t++) {
        tmp[2 * t] = px(s, clip, d->tick[t]);
        tmp[2 * t + 1] = py(s, clip, d->public_dissent[t * d->n_replicates + r]);
    }
    size_t n = cascade_chart_decimate(tmp, d->n_ticks, CASCADE_CHART_PNG_SCALE, xy);
    scene_path(s, xy, n, chart_alpha(c, 0.45), 0.9, CASCADE_SOLID, clip);
}

/* A vertical double arrow from y0 to y1 at x with a label to its right. */
static void gap_arrow(cascade_scene *s, const cascade_measure *m, double x, double y0, double y1)
{
    const cascade_rgba c = chart_ink_soft;
    double head = 5;
    scene_line(s, x, y0, x, y1, c, 1.1, CASCADE_SOLID, 0);
    double top = fmin(y0, y1), bottom = fmax(y0, y1);
    double a[6] = {x - head * 0.7, top + head, x, top, x + head * 0.7, top + head};
    double b[6] = {x - head * 0.7, bottom - head, x, bottom, x + head * 0.7, bottom - head};
    scene_path(s, a, 3, c, 1.1, CASCADE_SOLID, 0);
    scene_path(s, b, 3, c, 1.1, CASCADE_SOLID, 0);
    (void)m;
    scene_text(s, x + 6, (y0 + y1) / 2, "falsification gap", FONT_NOTE, false, c, CASCADE_LEFT,
               CASCADE_MIDDLE);
}

/* The shocks' marks above the top panel: one per tick in the panel's range, the labels of
 * shocks at the same tick joined ("crackdown = 0, dissent shock 5%"), in order of tick,
 * each on the lowest row where it clears the labels beside it. */
#define MAX_SHOCK_MARKS 32
#define SHOCK_ROWS 3 /* a label that clears none of them goes on the lowest */
#define SHOCK_GAP 8  /* points between two labels on a row */

typedef struct shock_mark {
    double tick;
    char label[160];
    size_t row;
} shock_mark;

static int by_tick(const void *a, const void *b)
{
    double x = ((const shock_mark *)a)->tick, y = ((const shock_mark *)b)->tick;
    return (x > y) - (x < y);
}

static size_t shock_marks(const cascade_run_series *d, const cascade_measure *m,
                          const cascade_ticks *xt, double left, double width, shock_mark *marks)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n_shocks; i++) {
        double t = d->shocks[i].tick;
        if (t < xt->lo || t > xt->hi) {
            continue;
        }
        size_t k = 0;
        while (k < n && marks[k].tick != t) {
            k++;
        }
        if (k < n) { /* another shock at this tick: one label */
            size_t used = strlen(marks[k].label);
            snprintf(marks[k].label + used, sizeof marks[k].label - used, ", %s",
                     d->shocks[i].label);
        } else if (n < MAX_SHOCK_MARKS) {
            marks[n].tick = t;
            snprintf(marks[n].label, sizeof marks[n].label, "%s", d->shocks[i].label);
            n++;
        }
    }
    qsort(marks, n, sizeof *marks, by_tick);
    double right_of[SHOCK_ROWS]; /* where each row's last label ends */
    for (size_t r = 0; r < SHOCK_ROWS; r++) {
        right_of[r] = -INFINITY;
    }
    for (size_t i = 0; i < n; i++) {
        double x = left + (marks[i].tick - xt->lo) / (xt->hi - xt->lo) * width;
        double half = text_width(m, marks[i].label, FONT_NOTE, false) / 2;
        size_t r = 0;
        while (r < SHOCK_ROWS && x - half < right_of[r] + SHOCK_GAP) {
            r++;
        }
        marks[i].row = r < SHOCK_ROWS ? r : 0;
        right_of[marks[i].row] = x + half;
    }
    return n;
}

cascade_scene *cascade_chart_cascade(const cascade_run_series *d, const cascade_chart_labels *l,
                                     const cascade_measure *m)
{
    size_t T = d->n_ticks, R = d->n_replicates;
    cascade_scene *s = scene_new(CHART_WIDTH, PAGE_HEIGHT, l->title);
    float *scratch = malloc((R ? R : 1) * sizeof *scratch);
    double *xy = malloc(4 * (T ? T : 1) * sizeof *xy);
    double *tmp = malloc(2 * (T ? T : 1) * sizeof *tmp);
    band pub = {0}, priv = {0}, def = {0}, pur = {0}, sec = {0};
    if (s == NULL || scratch == NULL || xy == NULL || tmp == NULL || T == 0 || R == 0 ||
        !band_compute(d, d->public_dissent, true, scratch, &pub) ||
        !band_compute(d, d->private_opposition, false, scratch, &priv) ||
        !band_compute(d, d->defected, true, scratch, &def) ||
        !band_compute(d, d->purged, true, scratch, &pur) ||
        (d->has_security && !band_compute(d, d->security_active, true, scratch, &sec))) {
        if (s != NULL) {
            s->status = CASCADE_ENOMEM;
        }
        goto done;
    }
    const cascade_rgba c_pub = cascade_okabe_ito[CASCADE_OI_BLUE];
    const cascade_rgba c_priv = cascade_okabe_ito[CASCADE_OI_VERMILLION];
    const cascade_rgba c_def = cascade_okabe_ito[CASCADE_OI_ORANGE];
    const cascade_rgba c_pur = cascade_okabe_ito[CASCADE_OI_BLACK];
    const cascade_rgba c_sec = cascade_okabe_ito[CASCADE_OI_GREEN];
    const double width = CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

    size_t n_collapsed = 0;
    for (size_t r = 0; r < R; r++) {
        n_collapsed += !isnan(d->collapse_tick[r]);
    }
    char collapse_label[96];
    snprintf(collapse_label, sizeof collapse_label, "collapse, one mark per replicate (%zu of %zu)",
             n_collapsed, R);
    size_t singles[N_SINGLE];
    size_t n_singles = pick_singles(d, singles);
    char singles_label[64];
    snprintf(singles_label, sizeof singles_label, "%zu single replicate%s", n_singles,
             n_singles == 1 ? "" : "s");
    legend_item top_items[] = {
        {"public dissent, median", SWATCH_LINE, c_pub, CASCADE_SOLID, LINE_MAIN},
        {"10\xe2\x80\x93" "90% of replicates", SWATCH_BAND, c_pub, CASCADE_SOLID, 0},
        {singles_label, SWATCH_LINE, chart_alpha(c_pub, 0.45), CASCADE_SOLID, 0.9},
        {"private opposition, median", SWATCH_LINE, c_priv, CASCADE_DASHED, LINE_MAIN},
        {collapse_label, SWATCH_TICK, c_pur, CASCADE_SOLID, 1.4},
    };
    size_t n_top = sizeof top_items / sizeof top_items[0];
    if (n_collapsed == 0) {
        n_top--;
    }

    double y = layout_header(s, m, l);
    y += legend_draw(s, m, top_items, n_top, MARGIN_LEFT, y, width) + 8;
    cascade_ticks xt = cascade_chart_ticks(d->tick[0], d->tick[T - 1], TICK_TARGET + 2, true);
    shock_mark marks[MAX_SHOCK_MARKS];
    size_t n_marks = shock_marks(d, m, &xt, MARGIN_LEFT, width, marks);
    size_t rows = 0;
    for (size_t i = 0; i < n_marks; i++) {
        rows = rows > marks[i].row + 1 ? rows : marks[i].row + 1;
    }
    double shock_line = text_height(m, FONT_NOTE) + 4;
    y += (double)rows * shock_line;

    /* top panel: public dissent and private opposition */
    double ymax = fmax(max_of(pub.hi, T), max_of(priv.mid, T));
    for (size_t i = 0; i < n_singles; i++) {
        for (size_t t = 0; t < T; t++) {
            ymax = fmax(ymax, d->public_dissent[t * R + singles[i]]);
        }
    }
    cascade_ticks yt = cascade_chart_ticks(0, fmin(fmax(ymax, 0.01), 1.0), TICK_TARGET - 1, true);
    cascade_rect top = {MARGIN_LEFT, y, width, TOP_PLOT_HEIGHT};
    int c1 = layout_panel(s, m, top, &xt, &yt, "tick", "share of elites", true);
    if (c1 == 0) {
        goto done;
    }
    for (size_t i = 0; i < n_marks; i++) {
        double x = px(s, c1, marks[i].tick);
        scene_line(s, x, top.y, x, top.y + top.h, chart_axis, 1.0, CASCADE_DASHED, 0);
        scene_text(s, x, top.y - 3 - (double)marks[i].row * shock_line, marks[i].label,
                   FONT_NOTE, false, chart_ink_soft, CASCADE_CENTER, CASCADE_BOTTOM);
    }
    draw_band(s, c1, d, &pub, xy, tmp, c_pub);
    for (size_t i = 0; i < n_singles; i++) {
        draw_single(s, c1, d, singles[i], xy, tmp, c_pub);
    }
    draw_series(s, c1, d, priv.mid, xy, tmp, c_priv, LINE_MAIN, CASCADE_DASHED);
    draw_series(s, c1, d, pub.mid, xy, tmp, c_pub, LINE_MAIN, CASCADE_SOLID);
    /* the falsification gap where it is widest, away from the panel's edges */
    size_t widest = T / 10;
    for (size_t t = T / 10; t < T - T / 4; t++) {
        if (priv.mid[t] - pub.mid[t] > priv.mid[widest] - pub.mid[widest]) {
            widest = t;
        }
    }
    double g0 = py(s, c1, pub.mid[widest]), g1 = py(s, c1, priv.mid[widest]);
    if (g0 - g1 > GAP_LABEL_MIN) {
        double x = px(s, c1, d->tick[widest]);
        gap_arrow(s, m, x, g1 + 3, g0 - 3);
    }
    y = top.y + top.h + panel_below(m, true) + 6;

    /* collapse strip */
    if (n_collapsed > 0) {
        double mid = y + COLLAPSE_STRIP / 2;
        scene_line(s, top.x, mid, top.x + top.w, mid, chart_grid, 1.0, CASCADE_SOLID, 0);
        scene_text(s, top.x - TICK_LENGTH - 4, mid, "collapses", FONT_NOTE, false, chart_ink_soft,
                   CASCADE_RIGHT, CASCADE_MIDDLE);
        for (size_t r = 0; r < R; r++) {
            double t = d->collapse_tick[r];
            if (!isnan(t) && t >= xt.lo && t <= xt.hi) {
                double x = px(s, c1, t);
                scene_line(s, x, mid - 7, x, mid + 7, chart_alpha(c_pur, 0.55), 1.4,
                           CASCADE_SOLID, 0);
            }
        }
        y += COLLAPSE_STRIP + 8;
    }

    /* bottom panel: defections, purges, security forces */
    legend_item bottom_items[] = {
        {"defected, cumulative", SWATCH_BAND_LINE, c_def, CASCADE_SOLID, LINE_MAIN},
        {"purged, cumulative", SWATCH_BAND_LINE, c_pur, CASCADE_SOLID, LINE_MAIN},
        {"security forces active (share of officers)", SWATCH_BAND_LINE, c_sec, CASCADE_SOLID,
         LINE_MAIN},
    };
    size_t n_bottom = d->has_security ? 3 : 2;
    y += legend_draw(s, m, bottom_items, n_bottom, MARGIN_LEFT, y, width) + 8;
    double bmax = d->has_security ? 1.0 : fmax(max_of(def.hi, T), max_of(pur.hi, T));
    cascade_ticks byt = cascade_chart_ticks(0, fmin(fmax(bmax, 0.01), 1.0), TICK_TARGET - 2, true);
    cascade_rect bottom = {MARGIN_LEFT, y, width, BOTTOM_PLOT_HEIGHT};
    int c2 = layout_panel(s, m, bottom, &xt, &byt, "tick",
                          d->has_security ? "share of elites / officers" : "share of elites",
                          true);
    if (c2 == 0) {
        goto done;
    }
    draw_band(s, c2, d, &def, xy, tmp, c_def);
    draw_band(s, c2, d, &pur, xy, tmp, c_pur);
    if (d->has_security) {
        draw_band(s, c2, d, &sec, xy, tmp, c_sec);
        draw_series(s, c2, d, sec.mid, xy, tmp, c_sec, LINE_MAIN, CASCADE_SOLID);
    }
    draw_series(s, c2, d, def.mid, xy, tmp, c_def, LINE_MAIN, CASCADE_SOLID);
    draw_series(s, c2, d, pur.mid, xy, tmp, c_pur, LINE_MAIN, CASCADE_SOLID);
    /* the page ends below the last panel */
    s->height = bottom.y + bottom.h + panel_below(m, true) + 18 + text_height(m, FONT_FOOTER) +
                MARGIN_BOTTOM;
    layout_footer(s, m, l);
done:
    band_free(&pub);
    band_free(&priv);
    band_free(&def);
    band_free(&pur);
    band_free(&sec);
    free(scratch);
    free(xy);
    free(tmp);
    return s;
}
