/*
 * Private to plots/: building scenes. The helpers add marks to a scene (sticky ENOMEM,
 * cairo's habit: callers check scene->status once) and lay out the parts every chart
 * shares: the title block, the footer, legend strips and panels with their axes.
 * Sizes are points on a page CHART_WIDTH wide; the PNG is drawn at twice that.
 */
#ifndef CASCADE_PLOTS_LAYOUT_H
#define CASCADE_PLOTS_LAYOUT_H

#include "cascade/chart.h"

#define CHART_WIDTH 800.0     /* page width, points (PNG: 1600 px) */
#define MARGIN_LEFT 92.0      /* room for y tick labels and the y axis label */
#define MARGIN_RIGHT 36.0
#define MARGIN_TOP 22.0
#define MARGIN_BOTTOM 14.0

#define FONT_TITLE 21.0
#define FONT_SUBTITLE 13.5
#define FONT_AXIS 14.0
#define FONT_TICK 12.5
#define FONT_LEGEND 12.5
#define FONT_NOTE 11.5
#define FONT_FOOTER 10.5

#define TICK_LENGTH 5.0
#define TICK_TARGET 6        /* aim at about six intervals per axis */
#define LINE_MAIN 2.4        /* medians and main curves */
#define LINE_THIN 1.0

extern const cascade_rgba chart_ink;       /* titles and axis labels */
extern const cascade_rgba chart_ink_soft;  /* tick labels, notes, footer */
extern const cascade_rgba chart_grid;      /* grid lines */
extern const cascade_rgba chart_axis;      /* axis lines and ticks */
extern const cascade_rgba chart_white;
extern const cascade_rgba chart_none;      /* alpha 0: nothing */

cascade_rgba chart_alpha(cascade_rgba c, double a);

cascade_scene *scene_new(double width, double height, const char *title);
cascade_mark *scene_add(cascade_scene *s, cascade_mark_kind kind);
/* a polyline of n points (copied) */
void scene_path(cascade_scene *s, const double *xy, size_t n, cascade_rgba stroke, double width,
                cascade_dash dash, int clip);
/* a filled polygon of n points (copied) */
void scene_polygon(cascade_scene *s, const double *xy, size_t n, cascade_rgba fill, int clip);
/* n separate segments of two points each (4 n numbers, copied) */
void scene_segments(cascade_scene *s, const double *xy, size_t n, cascade_rgba stroke,
                    double width, cascade_dash dash, int clip);
void scene_line(cascade_scene *s, double x0, double y0, double x1, double y1, cascade_rgba stroke,
                double width, cascade_dash dash, int clip);
void scene_rect(cascade_scene *s, double x, double y, double w, double h, cascade_rgba fill,
                cascade_rgba stroke, double width);
void scene_circle(cascade_scene *s, double x, double y, double r, cascade_rgba fill,
                  cascade_rgba stroke, double width, int clip);
void scene_text(cascade_scene *s, double x, double y, const char *text, double size, bool bold,
                cascade_rgba colour, cascade_halign h, cascade_valign v);
void scene_vtext(cascade_scene *s, double x, double y, const char *text, double size,
                 cascade_rgba colour);

double text_width(const cascade_measure *m, const char *text, double size, bool bold);
double text_height(const cascade_measure *m, double size);

/* Title, subtitle (wrapped at "; " to the width) at the top; returns the y below them. */
double layout_header(cascade_scene *s, const cascade_measure *m, const cascade_chart_labels *l);
/* Footer at the bottom of the page; returns its top y. */
double layout_footer(cascade_scene *s, const cascade_measure *m, const cascade_chart_labels *l);

typedef enum swatch_kind {
    SWATCH_LINE,       /* a line in colour, dash and width */
    SWATCH_BAND_LINE,  /* a line over a light band of the same colour */
    SWATCH_BAND,       /* a light band alone */
    SWATCH_DOT,        /* a filled circle */
    SWATCH_RING,       /* an open circle */
    SWATCH_DOT_BAR,    /* a point with an error bar */
    SWATCH_TICK        /* a short vertical mark */
} swatch_kind;

typedef struct legend_item {
    const char *label;
    swatch_kind swatch;
    cascade_rgba colour;
    cascade_dash dash;
    double width;
} legend_item;

/* Height of a legend strip of the items wrapped to width. */
double legend_height(const cascade_measure *m, const legend_item *items, size_t n, double width);
/* Draws the strip with its top-left at (x, y); records the box in s->legends; returns the
 * height. */
double legend_draw(cascade_scene *s, const cascade_measure *m, const legend_item *items, size_t n,
                   double x, double y, double width);

/* A panel: grid lines at the y ticks, axis lines, ticks, tick labels (x tick labels only
 * when x_labels), the axis labels (NULL: none). Returns the panel's clip index (its index
 * + 1) for marks drawn into it. */
int layout_panel(cascade_scene *s, const cascade_measure *m, cascade_rect plot,
                 const cascade_ticks *xt, const cascade_ticks *yt, const char *xlabel,
                 const char *ylabel, bool x_labels);

/* Height below a panel's plot area taken by x tick labels and the x axis label. */
double panel_below(const cascade_measure *m, bool with_label);

/* Device coordinates of data (x, y) in panel k. */
double px(const cascade_scene *s, int clip, double x);
double py(const cascade_scene *s, int clip, double y);

#endif
