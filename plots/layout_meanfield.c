/*
 * Mean-field charts of `cascade analyze` (Granovetter 1978; Watts 2002): the threshold
 * map F(x), the share who would dissent when a share x does, against the diagonal, with
 * its fixed points (filled: stable, open: unstable) and a cobweb of iterates from the
 * seed share; and the bifurcation diagram, the fixed points against a parameter, with
 * branches joined across parameter values (stable solid, unstable dashed).
 *
 * Joining branches: between neighbouring parameter values, points of the same stability
 * are paired greedily by increasing distance in x, never across a jump wider than
 * BRANCH_JUMP of the axis; a point left unpaired on both sides is drawn as a marker.
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQUARE 500.0          /* points: side of the threshold map's plot */
#define BRANCH_JUMP 0.2       /* share of the y axis: the widest step within one branch */

/* [0, 1] when the values lie in it (shares), else their nice range. */
static cascade_ticks share_axis(double lo, double hi)
{
    if (lo >= 0 && hi <= 1) {
        return cascade_chart_ticks(0, 1, 5, true);
    }
    return cascade_chart_ticks(fmin(lo, 0), hi, TICK_TARGET, true);
}

static void column_range(const cascade_table *t, size_t col, double *lo, double *hi)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        double v = cascade_table_at(t, r, col);
        if (!isnan(v)) {
            *lo = fmin(*lo, v);
            *hi = fmax(*hi, v);
        }
    }
}

static void with_subtitle(char *buf, size_t len, const cascade_chart_labels *l, const char *what)
{
    if (l->subtitle && l->subtitle[0]) {
        snprintf(buf, len, "%s; %s", what, l->subtitle);
    } else {
        snprintf(buf, len, "%s", what);
    }
}

cascade_scene *cascade_chart_cobweb(const cascade_table *map, const cascade_table *fixed,
                                    const cascade_table *cobweb, const cascade_chart_labels *l,
                                    const cascade_measure *m, cascade_error *err)
{
    size_t mx, mf, fx, fs, cx = 0;
    if (cascade_table_need(map, "x", &mx, err) != CASCADE_OK ||
        cascade_table_need(map, "F", &mf, err) != CASCADE_OK ||
        cascade_table_need(fixed, "x", &fx, err) != CASCADE_OK ||
        cascade_table_need(fixed, "stable", &fs, err) != CASCADE_OK ||
        (cobweb != NULL && cascade_table_need(cobweb, "x", &cx, err) != CASCADE_OK)) {
        return NULL;
    }
    if (map->n_rows < 2) {
        cascade_error_set(err, CASCADE_EINVAL, "", "%s:%zu: the threshold map needs at least two "
                          "points", map->path, map->n_rows + 2);
        return NULL;
    }
    size_t n_cob = cobweb ? cobweb->n_rows : 0;
    size_t n_xy = map->n_rows > 2 * n_cob + 2 ? map->n_rows : 2 * n_cob + 2;
    double *xy = malloc(2 * n_xy * sizeof *xy);
    char what[300], subtitle[700], cob_label[64];
    if (n_cob > 0) {
        snprintf(what, sizeof what, "mean-field threshold map; fixed points where F(x) = x; "
                 "cobweb of %zu steps", n_cob - 1);
    } else {
        snprintf(what, sizeof what, "mean-field threshold map; fixed points where F(x) = x");
    }
    with_subtitle(subtitle, sizeof subtitle, l, what);
    cascade_chart_labels sl = {l->title, subtitle, l->footer};
    cascade_scene *s = scene_new(CHART_WIDTH, 800, l->title);
    if (xy == NULL || s == NULL) {
        free(xy);
        cascade_scene_free(s);
        cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
        return NULL;
    }
    const cascade_rgba c_map = cascade_okabe_ito[CASCADE_OI_BLUE];
    const cascade_rgba c_cob = cascade_okabe_ito[CASCADE_OI_VERMILLION];
    const cascade_rgba c_fix = cascade_okabe_ito[CASCADE_OI_BLACK];
    double x0 = n_cob ? cascade_table_at(cobweb, 0, cx) : NAN;
    snprintf(cob_label, sizeof cob_label, "cobweb from x\xe2\x82\x80 = %.3g", x0);
    legend_item items[] = {
        {"threshold map F(x)", SWATCH_LINE, c_map, CASCADE_SOLID, LINE_MAIN},
        {"diagonal F(x) = x", SWATCH_LINE, chart_axis, CASCADE_DASHED, 1.2},
        {"stable fixed point", SWATCH_DOT, c_fix, CASCADE_SOLID, 0},
        {"unstable fixed point", SWATCH_RING, c_fix, CASCADE_SOLID, 0},
        {cob_label, SWATCH_LINE, c_cob, CASCADE_SOLID, 1.4},
    };
    double plot_x = (CHART_WIDTH - SQUARE) / 2 + 24;
    double y = layout_header(s, m, &sl);
    y += legend_draw(s, m, items, n_cob ? 5 : 4, plot_x - 60, y, SQUARE + 90) + 12;

    double lo = INFINITY, hi = -INFINITY;
    column_range(map, mx, &lo, &hi);
    column_range(map, mf, &lo, &hi);
    cascade_ticks t = share_axis(lo, hi);
    cascade_rect plot = {plot_x, y, SQUARE, SQUARE};
    int c = layout_panel(s, m, plot, &t, &t, "share of elites dissenting, x",
                         "share who then dissent, F(x)", true);
    if (c == 0) {
        goto done;
    }
    scene_line(s, px(s, c, t.lo), py(s, c, t.lo), px(s, c, t.hi), py(s, c, t.hi), chart_axis, 1.2,
               CASCADE_DASHED, c);
    for (size_t r = 0; r < map->n_rows; r++) {
        xy[2 * r] = px(s, c, cascade_table_at(map, r, mx));
        xy[2 * r + 1] = py(s, c, cascade_table_at(map, r, mf));
    }
    scene_path(s, xy, map->n_rows, c_map, LINE_MAIN, CASCADE_SOLID, c);
    if (n_cob > 0) {
        /* from (x0, x0) on the diagonal: up or down to F, across to the diagonal, ... */
        size_t k = 0;
        double prev = x0;
        xy[k++] = px(s, c, prev);
        xy[k++] = py(s, c, prev);
        for (size_t r = 1; r < n_cob; r++) {
            double next = cascade_table_at(cobweb, r, cx);
            xy[k++] = px(s, c, prev);
            xy[k++] = py(s, c, next);
            xy[k++] = px(s, c, next);
            xy[k++] = py(s, c, next);
            prev = next;
        }
        scene_path(s, xy, k / 2, c_cob, 1.4, CASCADE_SOLID, c);
        scene_circle(s, px(s, c, x0), py(s, c, x0), 3.5, c_cob, chart_none, 0, c);
    }
    for (size_t r = 0; r < fixed->n_rows; r++) {
        double v = cascade_table_at(fixed, r, fx);
        bool stable = cascade_table_at(fixed, r, fs) != 0;
        scene_circle(s, px(s, c, v), py(s, c, v), 6.5, stable ? c_fix : chart_white, c_fix, 2.0,
                     0);
    }
    s->height = plot.y + plot.h + panel_below(m, true) + 18 + text_height(m, FONT_FOOTER) +
                MARGIN_BOTTOM;
    layout_footer(s, m, &sl);
done:
    free(xy);
    return s;
}

typedef struct eq {
    double p, x;
    bool stable;
    long next, prev; /* indices of the joined neighbours in the branch, -1 none */
} eq;

static int by_p_then_x(const void *a, const void *b)
{
    const eq *u = a, *v = b;
    if (u->p != v->p) {
        return (u->p > v->p) - (u->p < v->p);
    }
    return (u->x > v->x) - (u->x < v->x);
}

typedef struct pair {
    double d;
    size_t a, b;
} pair;

static int by_distance(const void *a, const void *b)
{
    const pair *u = a, *v = b;
    if (u->d != v->d) {
        return (u->d > v->d) - (u->d < v->d);
    }
    return (u->a > v->a) - (u->a < v->a);
}

/* Joins the equilibria at column [a0, a1) to those at [b0, b1). */
static bool join(eq *e, size_t a0, size_t a1, size_t b0, size_t b1, double jump)
{
    size_t n = (a1 - a0) * (b1 - b0);
    pair *pairs = malloc((n ? n : 1) * sizeof *pairs);
    if (pairs == NULL) {
        return false;
    }
    size_t k = 0;
    for (size_t a = a0; a < a1; a++) {
        for (size_t b = b0; b < b1; b++) {
            double d = fabs(e[a].x - e[b].x);
            if (e[a].stable == e[b].stable && d <= jump) {
                pairs[k++] = (pair){d, a, b};
            }
        }
    }
    qsort(pairs, k, sizeof *pairs, by_distance);
    for (size_t i = 0; i < k; i++) {
        if (e[pairs[i].a].next < 0 && e[pairs[i].b].prev < 0) {
            e[pairs[i].a].next = (long)pairs[i].b;
            e[pairs[i].b].prev = (long)pairs[i].a;
        }
    }
    free(pairs);
    return true;
}

cascade_scene *cascade_chart_bifurcation(const cascade_table *t, const cascade_chart_labels *l,
                                         const cascade_measure *m, cascade_error *err)
{
    size_t xc, sc;
    if (cascade_table_need(t, "x", &xc, err) != CASCADE_OK ||
        cascade_table_need(t, "stable", &sc, err) != CASCADE_OK) {
        return NULL;
    }
    if (xc == 0 || t->n_rows == 0) {
        cascade_error_set(err, CASCADE_EINVAL, "", "%s:%d: expected the varied key, then x, stable, "
                          "and at least one row", t->path, xc == 0 ? 1 : 2);
        return NULL;
    }
    size_t n = t->n_rows;
    eq *e = malloc(n * sizeof *e);
    double *xy = malloc(2 * n * sizeof *xy);
    char what[300], subtitle[700];
    snprintf(what, sizeof what, "mean-field equilibria against %s", t->names[0]);
    with_subtitle(subtitle, sizeof subtitle, l, what);
    cascade_chart_labels sl = {l->title, subtitle, l->footer};
    cascade_scene *s = scene_new(CHART_WIDTH, 640, l->title);
    if (e == NULL || xy == NULL || s == NULL) {
        free(e);
        free(xy);
        cascade_scene_free(s);
        cascade_error_set(err, CASCADE_ENOMEM, "", "out of memory");
        return NULL;
    }
    size_t k = 0;
    double plo = INFINITY, phi = -INFINITY, xlo = INFINITY, xhi = -INFINITY;
    for (size_t r = 0; r < n; r++) {
        double p = cascade_table_at(t, r, 0), x = cascade_table_at(t, r, xc);
        if (isnan(p) || isnan(x)) {
            continue;
        }
        e[k++] = (eq){p, x, cascade_table_at(t, r, sc) != 0, -1, -1};
        plo = fmin(plo, p);
        phi = fmax(phi, p);
        xlo = fmin(xlo, x);
        xhi = fmax(xhi, x);
    }
    qsort(e, k, sizeof *e, by_p_then_x);
    const cascade_rgba c_stable = cascade_okabe_ito[CASCADE_OI_BLUE];
    const cascade_rgba c_unstable = cascade_okabe_ito[CASCADE_OI_VERMILLION];
    legend_item items[] = {
        {"stable equilibrium", SWATCH_LINE, c_stable, CASCADE_SOLID, LINE_MAIN},
        {"unstable equilibrium", SWATCH_LINE, c_unstable, CASCADE_DASHED, LINE_MAIN},
    };
    const double width = CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
    double y = layout_header(s, m, &sl);
    y += legend_draw(s, m, items, 2, MARGIN_LEFT, y, width) + 12;
    cascade_ticks yt = share_axis(k ? xlo : 0, k ? xhi : 1);
    double span = phi - plo;
    cascade_ticks xt = span > 0 ? cascade_chart_ticks(plo, phi, TICK_TARGET + 2, false)
                                : cascade_chart_ticks(plo, phi, TICK_TARGET, true);
    if (span > 0) {
        xt.lo = plo;
        xt.hi = phi;
    }
    cascade_rect plot = {MARGIN_LEFT, y, width, 420};
    int c = layout_panel(s, m, plot, &xt, &yt, t->names[0], "equilibrium share dissenting, x*",
                         true);
    if (c == 0) {
        goto done;
    }
    double jump = BRANCH_JUMP * (yt.hi - yt.lo);
    size_t a0 = 0;
    while (a0 < k) {
        size_t a1 = a0;
        while (a1 < k && e[a1].p == e[a0].p) {
            a1++;
        }
        size_t b1 = a1;
        while (b1 < k && e[b1].p == e[a1].p) {
            b1++;
        }
        if (a1 < k && !join(e, a0, a1, a1, b1, jump)) {
            s->status = CASCADE_ENOMEM;
            break;
        }
        a0 = a1;
    }
    for (size_t i = 0; i < k; i++) {
        if (e[i].prev >= 0) {
            continue;
        }
        cascade_rgba col = e[i].stable ? c_stable : c_unstable;
        if (e[i].next < 0) {
            scene_circle(s, px(s, c, e[i].p), py(s, c, e[i].x), 2.5, col, chart_none, 0, c);
            continue;
        }
        size_t np = 0;
        for (long j = (long)i; j >= 0; j = e[j].next) {
            xy[2 * np] = px(s, c, e[j].p);
            xy[2 * np + 1] = py(s, c, e[j].x);
            np++;
        }
        scene_path(s, xy, np, col, LINE_MAIN, e[i].stable ? CASCADE_SOLID : CASCADE_DASHED, c);
    }
    s->height = plot.y + plot.h + panel_below(m, true) + 18 + text_height(m, FONT_FOOTER) +
                MARGIN_BOTTOM;
    layout_footer(s, m, &sl);
done:
    free(e);
    free(xy);
    return s;
}
