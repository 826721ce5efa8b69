/*
 * Scenes and the parts every chart shares. A scene owns its marks, their points and
 * strings; additions after an allocation failure are dropped and the status stays
 * ENOMEM (cairo's sticky status), so layouts check once at the end.
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cascade_rgba chart_ink = {0.13, 0.13, 0.13, 1.0};
const cascade_rgba chart_ink_soft = {0.33, 0.33, 0.33, 1.0};
const cascade_rgba chart_grid = {0.90, 0.90, 0.90, 1.0};
const cascade_rgba chart_axis = {0.40, 0.40, 0.40, 1.0};
const cascade_rgba chart_white = {1.0, 1.0, 1.0, 1.0};
const cascade_rgba chart_none = {0.0, 0.0, 0.0, 0.0};

/* The fixed estimate: DejaVu Sans averages a little over half an em per character. */
#define ESTIMATE_EM_WIDTH 0.55
#define ESTIMATE_EM_HEIGHT 1.2

cascade_rgba chart_alpha(cascade_rgba c, double a)
{
    c.a = a;
    return c;
}

void cascade_scene_free(cascade_scene *s)
{
    if (s == NULL) {
        return;
    }
    for (size_t i = 0; i < s->n_marks; i++) {
        free(s->marks[i].xy);
        free(s->marks[i].text);
    }
    free(s->marks);
    free(s->title);
    free(s);
}

cascade_scene *scene_new(double width, double height, const char *title)
{
    cascade_scene *s = calloc(1, sizeof *s);
    if (s == NULL) {
        return NULL;
    }
    s->width = width;
    s->height = height;
    s->title = strdup(title ? title : "cascade");
    if (s->title == NULL) {
        free(s);
        return NULL;
    }
    return s;
}

cascade_mark *scene_add(cascade_scene *s, cascade_mark_kind kind)
{
    if (s->status != CASCADE_OK) {
        return NULL;
    }
    if (s->n_marks == s->cap_marks) {
        size_t cap = s->cap_marks ? 2 * s->cap_marks : 64;
        cascade_mark *grown = realloc(s->marks, cap * sizeof *grown);
        if (grown == NULL) {
            s->status = CASCADE_ENOMEM;
            return NULL;
        }
        s->marks = grown;
        s->cap_marks = cap;
    }
    cascade_mark *mk = &s->marks[s->n_marks++];
    memset(mk, 0, sizeof *mk);
    mk->kind = kind;
    return mk;
}

static cascade_mark *add_points(cascade_scene *s, const double *xy, size_t n)
{
    if (n == 0) {
        return NULL;
    }
    cascade_mark *mk = scene_add(s, CASCADE_MARK_PATH);
    if (mk == NULL) {
        return NULL;
    }
    mk->xy = malloc(2 * n * sizeof *mk->xy);
    if (mk->xy == NULL) {
        s->n_marks--;
        s->status = CASCADE_ENOMEM;
        return NULL;
    }
    memcpy(mk->xy, xy, 2 * n * sizeof *xy);
    mk->n_points = n;
    return mk;
}

void scene_path(cascade_scene *s, const double *xy, size_t n, cascade_rgba stroke, double width,
                cascade_dash dash, int clip)
{
    cascade_mark *mk = add_points(s, xy, n);
    if (mk != NULL) {
        mk->stroke = stroke;
        mk->line_width = width;
        mk->dash = dash;
        mk->clip = clip;
    }
}

void scene_polygon(cascade_scene *s, const double *xy, size_t n, cascade_rgba fill, int clip)
{
    cascade_mark *mk = add_points(s, xy, n);
    if (mk != NULL) {
        mk->fill = fill;
        mk->closed = true;
        mk->clip = clip;
    }
}

void scene_segments(cascade_scene *s, const double *xy, size_t n, cascade_rgba stroke,
                    double width, cascade_dash dash, int clip)
{
    cascade_mark *mk = add_points(s, xy, 2 * n);
    if (mk != NULL) {
        mk->stroke = stroke;
        mk->line_width = width;
        mk->dash = dash;
        mk->segments = true;
        mk->clip = clip;
    }
}

void scene_line(cascade_scene *s, double x0, double y0, double x1, double y1, cascade_rgba stroke,
                double width, cascade_dash dash, int clip)
{
    double xy[4] = {x0, y0, x1, y1};
    scene_path(s, xy, 2, stroke, width, dash, clip);
}

void scene_rect(cascade_scene *s, double x, double y, double w, double h, cascade_rgba fill,
                cascade_rgba stroke, double width)
{
    cascade_mark *mk = scene_add(s, CASCADE_MARK_RECT);
    if (mk != NULL) {
        mk->x = x;
        mk->y = y;
        mk->w = w;
        mk->h = h;
        mk->fill = fill;
        mk->stroke = stroke;
        mk->line_width = width;
    }
}

void scene_circle(cascade_scene *s, double x, double y, double r, cascade_rgba fill,
                  cascade_rgba stroke, double width, int clip)
{
    cascade_mark *mk = scene_add(s, CASCADE_MARK_CIRCLE);
    if (mk != NULL) {
        mk->x = x;
        mk->y = y;
        mk->w = r;
        mk->fill = fill;
        mk->stroke = stroke;
        mk->line_width = width;
        mk->clip = clip;
    }
}

static cascade_mark *add_text(cascade_scene *s, double x, double y, const char *text,
                              double size, cascade_rgba colour)
{
    cascade_mark *mk = scene_add(s, CASCADE_MARK_TEXT);
    if (mk == NULL) {
        return NULL;
    }
    mk->text = strdup(text);
    if (mk->text == NULL) {
        s->n_marks--;
        s->status = CASCADE_ENOMEM;
        return NULL;
    }
    mk->x = x;
    mk->y = y;
    mk->size = size;
    mk->fill = colour;
    return mk;
}

void scene_text(cascade_scene *s, double x, double y, const char *text, double size, bool bold,
                cascade_rgba colour, cascade_halign h, cascade_valign v)
{
    cascade_mark *mk = add_text(s, x, y, text, size, colour);
    if (mk != NULL) {
        mk->bold = bold;
        mk->halign = h;
        mk->valign = v;
    }
}

void scene_vtext(cascade_scene *s, double x, double y, const char *text, double size,
                 cascade_rgba colour)
{
    cascade_mark *mk = add_text(s, x, y, text, size, colour);
    if (mk != NULL) {
        mk->vertical = true;
        mk->halign = CASCADE_CENTER;
        mk->valign = CASCADE_TOP;
    }
}

static void estimate(void *ctx, const char *text, double size, bool bold, double *w, double *h)
{
    (void)ctx;
    size_t chars = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        chars += (*c & 0xC0) != 0x80; /* count UTF-8 characters, not bytes */
    }
    *w = (double)chars * size * ESTIMATE_EM_WIDTH * (bold ? 1.1 : 1.0);
    *h = size * ESTIMATE_EM_HEIGHT;
}

cascade_measure cascade_measure_estimate(void)
{
    return (cascade_measure){estimate, NULL};
}

double text_width(const cascade_measure *m, const char *text, double size, bool bold)
{
    double w, h;
    m->fn(m->ctx, text, size, bold, &w, &h);
    return w;
}

double text_height(const cascade_measure *m, double size)
{
    double w, h;
    m->fn(m->ctx, "Ag", size, false, &w, &h);
    return h;
}

/* Draws text broken at "; " into lines no wider than width (a piece wider than that
 * stays whole) from (x, y) down; returns the y below the last line. */
static double wrapped(cascade_scene *s, const cascade_measure *m, const char *text, double size,
                      double x, double y, double width)
{
    char line[1024] = "";
    const char *c = text;
    double lh = text_height(m, size);
    while (*c) {
        const char *sep = strstr(c, "; ");
        size_t len = sep ? (size_t)(sep - c) : strlen(c);
        char candidate[1024];
        int w = snprintf(candidate, sizeof candidate, "%s%s%.*s", line, line[0] ? "; " : "",
                         (int)len, c);
        bool too_long = w < 0 || (size_t)w >= sizeof candidate;
        if (line[0] && (too_long || text_width(m, candidate, size, false) > width)) {
            scene_text(s, x, y, line, size, false, chart_ink_soft, CASCADE_LEFT, CASCADE_TOP);
            y += lh;
            snprintf(line, sizeof line, "%.*s", (int)len, c);
        } else {
            snprintf(line, sizeof line, "%s", candidate);
        }
        c += len + (sep ? 2 : 0);
    }
    if (line[0]) {
        scene_text(s, x, y, line, size, false, chart_ink_soft, CASCADE_LEFT, CASCADE_TOP);
        y += lh;
    }
    return y;
}

double layout_header(cascade_scene *s, const cascade_measure *m, const cascade_chart_labels *l)
{
    double y = MARGIN_TOP;
    double x = MARGIN_LEFT * 0.25;
    double width = s->width - x - MARGIN_RIGHT;
    if (l->title && l->title[0]) {
        scene_text(s, x, y, l->title, FONT_TITLE, true, chart_ink, CASCADE_LEFT, CASCADE_TOP);
        y += text_height(m, FONT_TITLE) + 2;
    }
    if (l->subtitle && l->subtitle[0]) {
        y = wrapped(s, m, l->subtitle, FONT_SUBTITLE, x, y, width);
    }
    return y + 10;
}

double layout_footer(cascade_scene *s, const cascade_measure *m, const cascade_chart_labels *l)
{
    double h = text_height(m, FONT_FOOTER);
    double top = s->height - MARGIN_BOTTOM - h;
    if (l->footer && l->footer[0]) {
        scene_text(s, MARGIN_LEFT * 0.25, top, l->footer, FONT_FOOTER, false, chart_ink_soft,
                   CASCADE_LEFT, CASCADE_TOP);
    }
    return top;
}

/* Legend geometry: a swatch, a gap, the label, then a wider gap to the next item. */
#define SWATCH_W 26.0
#define SWATCH_GAP 6.0
#define ITEM_GAP 20.0
#define LEGEND_ROW_GAP 4.0

static double item_width(const cascade_measure *m, const legend_item *it)
{
    return SWATCH_W + SWATCH_GAP + text_width(m, it->label, FONT_LEGEND, false);
}

/* Positions the items in rows; fills xs and rows (when not NULL); returns the row count. */
static size_t legend_rows(const cascade_measure *m, const legend_item *items, size_t n,
                          double width, double *xs, size_t *rows)
{
    size_t row = 0;
    double x = 0;
    for (size_t i = 0; i < n; i++) {
        double w = item_width(m, &items[i]);
        if (x > 0 && x + w > width) {
            row++;
            x = 0;
        }
        if (xs) {
            xs[i] = x;
            rows[i] = row;
        }
        x += w + ITEM_GAP;
    }
    return n ? row + 1 : 0;
}

double legend_height(const cascade_measure *m, const legend_item *items, size_t n, double width)
{
    size_t rows = legend_rows(m, items, n, width, NULL, NULL);
    double lh = text_height(m, FONT_LEGEND);
    return rows ? (double)rows * lh + (double)(rows - 1) * LEGEND_ROW_GAP : 0;
}

static void swatch(cascade_scene *s, const legend_item *it, double x, double yc, double lh)
{
    double x1 = x + SWATCH_W;
    double xm = x + SWATCH_W / 2;
    switch (it->swatch) {
    case SWATCH_BAND:
    case SWATCH_BAND_LINE:
        scene_rect(s, x, yc - lh * 0.32, SWATCH_W, lh * 0.64, chart_alpha(it->colour, 0.25),
                   chart_none, 0);
        if (it->swatch == SWATCH_BAND) {
            break;
        }
        /* fall through */
    case SWATCH_LINE:
        scene_line(s, x, yc, x1, yc, it->colour, it->width, it->dash, 0);
        break;
    case SWATCH_DOT:
        scene_circle(s, xm, yc, 4.5, it->colour, chart_none, 0, 0);
        break;
    case SWATCH_RING:
        scene_circle(s, xm, yc, 4.5, chart_white, it->colour, 1.6, 0);
        break;
    case SWATCH_DOT_BAR:
        scene_line(s, xm, yc - lh * 0.4, xm, yc + lh * 0.4, it->colour, 1.4, CASCADE_SOLID, 0);
        scene_line(s, x, yc, x1, yc, it->colour, it->width, it->dash, 0);
        scene_circle(s, xm, yc, 4.0, it->colour, chart_none, 0, 0);
        break;
    case SWATCH_TICK:
        scene_line(s, xm, yc - lh * 0.4, xm, yc + lh * 0.4, it->colour, it->width, CASCADE_SOLID,
                   0);
        break;
    }
}

double legend_draw(cascade_scene *s, const cascade_measure *m, const legend_item *items, size_t n,
                   double x, double y, double width)
{
    if (n == 0) {
        return 0;
    }
    double xs[16];
    size_t rows[16];
    if (n > 16) {
        n = 16;
    }
    legend_rows(m, items, n, width, xs, rows);
    double lh = text_height(m, FONT_LEGEND);
    double right = 0;
    for (size_t i = 0; i < n; i++) {
        double top = y + (double)rows[i] * (lh + LEGEND_ROW_GAP);
        swatch(s, &items[i], x + xs[i], top + lh / 2, lh);
        scene_text(s, x + xs[i] + SWATCH_W + SWATCH_GAP, top, items[i].label, FONT_LEGEND, false,
                   chart_ink, CASCADE_LEFT, CASCADE_TOP);
        right = fmax(right, xs[i] + item_width(m, &items[i]));
    }
    double h = legend_height(m, items, n, width);
    if (s->n_legends < CASCADE_SCENE_MAX_LEGENDS) {
        s->legends[s->n_legends++] = (cascade_rect){x, y, right, h};
    }
    return h;
}

double panel_below(const cascade_measure *m, bool with_label)
{
    return TICK_LENGTH + 4 + text_height(m, FONT_TICK) +
           (with_label ? 4 + text_height(m, FONT_AXIS) : 0);
}

int layout_panel(cascade_scene *s, const cascade_measure *m, cascade_rect plot,
                 const cascade_ticks *xt, const cascade_ticks *yt, const char *xlabel,
                 const char *ylabel, bool x_labels)
{
    if (s->n_panels >= CASCADE_SCENE_MAX_PANELS) {
        s->status = CASCADE_EINVAL;
        return 0;
    }
    cascade_panel *p = &s->panels[s->n_panels++];
    p->plot = plot;
    p->xticks = *xt;
    p->yticks = *yt;
    p->x = (cascade_scale){xt->lo, xt->hi, plot.x, plot.x + plot.w};
    p->y = (cascade_scale){yt->lo, yt->hi, plot.y + plot.h, plot.y};
    double bottom = plot.y + plot.h;
    char buf[64];
    double widest = 0;
    for (size_t i = 0; i < yt->n; i++) {
        double y = cascade_scale_map(&p->y, yt->values[i]);
        scene_line(s, plot.x, y, plot.x + plot.w, y, chart_grid, 0.8, CASCADE_SOLID, 0);
        scene_line(s, plot.x - TICK_LENGTH, y, plot.x, y, chart_axis, 1.0, CASCADE_SOLID, 0);
        cascade_chart_format_tick(buf, sizeof buf, yt->values[i], yt->decimals);
        scene_text(s, plot.x - TICK_LENGTH - 4, y, buf, FONT_TICK, false, chart_ink_soft,
                   CASCADE_RIGHT, CASCADE_MIDDLE);
        widest = fmax(widest, text_width(m, buf, FONT_TICK, false));
    }
    for (size_t i = 0; i < xt->n; i++) {
        double x = cascade_scale_map(&p->x, xt->values[i]);
        scene_line(s, x, bottom, x, bottom + TICK_LENGTH, chart_axis, 1.0, CASCADE_SOLID, 0);
        if (x_labels) {
            cascade_chart_format_tick(buf, sizeof buf, xt->values[i], xt->decimals);
            scene_text(s, x, bottom + TICK_LENGTH + 4, buf, FONT_TICK, false, chart_ink_soft,
                       CASCADE_CENTER, CASCADE_TOP);
        }
    }
    scene_line(s, plot.x, plot.y, plot.x, bottom, chart_axis, 1.0, CASCADE_SOLID, 0);
    scene_line(s, plot.x, bottom, plot.x + plot.w, bottom, chart_axis, 1.0, CASCADE_SOLID, 0);
    if (xlabel != NULL) {
        scene_text(s, plot.x + plot.w / 2, bottom + panel_below(m, false) + 4, xlabel, FONT_AXIS,
                   false, chart_ink, CASCADE_CENTER, CASCADE_TOP);
    }
    if (ylabel != NULL) {
        double x = plot.x - TICK_LENGTH - 4 - widest - 8 - text_height(m, FONT_AXIS);
        scene_vtext(s, fmax(x, 4.0), plot.y + plot.h / 2, ylabel, FONT_AXIS, chart_ink);
    }
    return (int)s->n_panels;
}

double px(const cascade_scene *s, int clip, double x)
{
    return cascade_scale_map(&s->panels[clip - 1].x, x);
}

double py(const cascade_scene *s, int clip, double y)
{
    return cascade_scale_map(&s->panels[clip - 1].y, y);
}
