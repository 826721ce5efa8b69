/*
 * Charts of results: the cascade curve of a run, the sweep chart and phase diagram of a
 * sweep, and the mean-field threshold map (cobweb) and bifurcation diagram of analyze.
 *
 * Charts are drawn from result tables (the CSV files of INTERFACE.md), never from model
 * internals, in two steps (STYLE.md, "Charts"):
 *   layout  pure: data -> a cascade_scene of marks in device units (points, 1/72 inch):
 *           axes, nice ticks and their labels, polylines, bands, legend boxes, text;
 *           text widths come from a cascade_measure (Pango when painting, a fixed
 *           estimate in tests, so layouts are exact numbers there);
 *   paint   one function draws a scene on any cairo_t; PNG, PDF and SVG differ only in
 *           the surface (PNG at twice the point size).
 * cascade_plot_dir reads a folder's CSV files and does both.
 *
 * Standards: ticks at 1, 2 or 5 times a power of ten; every axis labelled; legends in
 * strips outside the plot areas, so never over data; Okabe-Ito colours for lines,
 * viridis for heatmaps; one sans family (DejaVu Sans through fontconfig); a footer with
 * the program version and the scenario file. Long series are decimated to at most four
 * points per half point of width after every statistic is computed on the full data.
 */
#ifndef CASCADE_CHART_H
#define CASCADE_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "cascade/error.h"
#include "cascade/table.h"

/* Chart formats, the same bits as the command line's --format. */
enum { CASCADE_FORMAT_PNG = 1u, CASCADE_FORMAT_PDF = 2u, CASCADE_FORMAT_SVG = 4u };

/* PNG pixels per point. */
#define CASCADE_CHART_PNG_SCALE 2.0

/* ---------------------------------------------------------------------------------------
 * The entry point
 * ------------------------------------------------------------------------------------- */

/* Draws every chart whose data are in dir, each in every format of formats, as
 * dir/NAME.{png,pdf,svg}, each written under a temporary name and renamed into place:
 *   timeseries.csv + summary.csv          -> cascade.*
 *   points.csv (one varied key)           -> sweep.*  (the sweep chart)
 *   points.csv (two or more varied keys)  -> sweep.*  (phase diagram of metric, default
 *                                            cascade_prob; keys beyond the first two are
 *                                            averaged over, as the subtitle says)
 *   threshold_map.csv + fixed_points.csv (+ cobweb.csv) -> cobweb.*
 *   bifurcation.csv                       -> bifurcation.*
 * The title is the `name` of dir/scenario.cfg (when present); the footer names the
 * program version and scenario_label, or dir/scenario.cfg when scenario_label is NULL.
 * Errors: EINVAL with "FILE:LINE: what" for a malformed CSV file or a folder with no chart
 * data or an unknown metric; EIO when a chart cannot be written; ENOMEM. */
cascade_status cascade_plot_dir(const char *dir, unsigned formats, const char *metric,
                                const char *scenario_label, cascade_error *err);

/* The chart files cascade_plot_dir(dir, formats, ...) writes, judged by the files present,
 * as one malloc'ed ", "-separated list of paths ("" when none; NULL when out of memory).
 * The caller frees it. */
char *cascade_plot_dir_outputs(const char *dir, unsigned formats);

/* ---------------------------------------------------------------------------------------
 * Numbers: ticks, scales, statistics, colours
 * ------------------------------------------------------------------------------------- */

#define CASCADE_CHART_MAX_TICKS 24

typedef struct cascade_ticks {
    double lo, hi;                          /* the axis range (extended to ticks if asked) */
    double step;                            /* 1, 2 or 5 times a power of ten */
    int decimals;                           /* digits after the point the labels need */
    size_t n;                               /* ticks in [lo, hi] */
    double values[CASCADE_CHART_MAX_TICKS]; /* increasing */
} cascade_ticks;

/* The smallest 1-2-5 step that divides span into at most target intervals (target >= 1,
 * span > 0): 1 -> 0.2 for target 5, 200 -> 50. */
double cascade_chart_nice_step(double span, size_t target);

/* Ticks of a nice step for [lo, hi] aiming at target intervals; with extend, lo and hi
 * move out to the nearest ticks. A range of zero width is widened first (by 0.5 each
 * side around 0, else by a tenth of |lo|). NaN or infinite ends give [0, 1]. */
cascade_ticks cascade_chart_ticks(double lo, double hi, size_t target, bool extend);

/* A tick label: value with the given decimals, a thousands separator from 10,000 on, and
 * never "-0". Returns the length written into buf. */
int cascade_chart_format_tick(char *buf, size_t len, double value, int decimals);

/* A linear map from data [d0, d1] to device [r0, r1] (r1 < r0 for a y axis). */
typedef struct cascade_scale {
    double d0, d1;
    double r0, r1;
} cascade_scale;

double cascade_scale_map(const cascade_scale *s, double v);
double cascade_scale_invert(const cascade_scale *s, double device);

/* Wilson score interval of k successes in n trials at normal quantile z (1.96 for 95%);
 * n = 0 gives [0, 1]. */
void cascade_chart_wilson(size_t k, size_t n, double z, double *lo, double *hi);

/* The p-quantile (0 <= p <= 1) of v[0..n-1] by linear interpolation between order
 * statistics (Hyndman and Fan's type 7, as R and GSL); reorders v. NaN for n = 0. */
double cascade_chart_quantile(float *v, size_t n, double p);

typedef struct cascade_rgba {
    double r, g, b, a; /* each in [0, 1] */
} cascade_rgba;

/* Okabe and Ito (2008), colour-blind safe: black, orange, sky blue, bluish green, yellow,
 * blue, vermillion, reddish purple. */
enum {
    CASCADE_OI_BLACK,
    CASCADE_OI_ORANGE,
    CASCADE_OI_SKY_BLUE,
    CASCADE_OI_GREEN,
    CASCADE_OI_YELLOW,
    CASCADE_OI_BLUE,
    CASCADE_OI_VERMILLION,
    CASCADE_OI_PURPLE
};
extern const cascade_rgba cascade_okabe_ito[8];

/* Viridis (van der Walt and Smith 2015, matplotlib's table of 256, CC0) at t in [0, 1],
 * clamped, linearly interpolated between entries; NaN gives light grey. */
cascade_rgba cascade_chart_viridis(double t);

/* Marching squares: the level line of z over the grid x[0..nx-1] (increasing) by
 * y[0..ny-1] (increasing), z[j * nx + i] at (x[i], y[j]). Writes segments as x0, y0, x1,
 * y1 into segs (room for max_segs segments; 2 (nx - 1)(ny - 1) always suffice) and
 * returns their number. A corner is inside when z >= level; crossings are interpolated
 * linearly along cell edges; a saddle is resolved by the mean of its four corners; cells
 * with a NaN corner are skipped. */
size_t cascade_chart_contour(const double *x, size_t nx, const double *y, size_t ny,
                             const double *z, double level, double *segs, size_t max_segs);

/* Min-max decimation of a polyline whose x never decreases (device units): within each
 * bucket of width 1/per_unit keeps the first, lowest, highest and last points, in order,
 * so the drawn line covers the same pixels. Writes at most 4 per bucket into out (room for
 * n points) and returns the count. Lines shorter than that are copied. */
size_t cascade_chart_decimate(const double *xy, size_t n, double per_unit, double *out);

/* ---------------------------------------------------------------------------------------
 * Scenes
 * ------------------------------------------------------------------------------------- */

typedef struct cascade_rect {
    double x, y, w, h; /* top-left corner and size, device units (y grows downwards) */
} cascade_rect;

typedef enum cascade_mark_kind {
    CASCADE_MARK_PATH,   /* polyline (or filled polygon, or separate segments) */
    CASCADE_MARK_RECT,   /* rectangle x, y, w, h */
    CASCADE_MARK_CIRCLE, /* circle at x, y of radius w */
    CASCADE_MARK_TEXT    /* one line of text anchored at x, y */
} cascade_mark_kind;

typedef enum cascade_dash { CASCADE_SOLID, CASCADE_DASHED, CASCADE_DOTTED } cascade_dash;
typedef enum cascade_halign { CASCADE_LEFT, CASCADE_CENTER, CASCADE_RIGHT } cascade_halign;
typedef enum cascade_valign { CASCADE_TOP, CASCADE_MIDDLE, CASCADE_BOTTOM } cascade_valign;

typedef struct cascade_mark {
    cascade_mark_kind kind;
    cascade_rgba stroke; /* alpha 0: no stroke */
    cascade_rgba fill;   /* alpha 0: no fill (text uses fill) */
    double line_width;   /* points */
    cascade_dash dash;
    bool closed;         /* path: close (and fill) it */
    bool segments;       /* path: xy holds separate two-point segments */
    size_t n_points;     /* path */
    double *xy;          /* path: x0, y0, x1, y1, ... (owned by the scene) */
    double x, y, w, h;   /* rect; circle (w = radius); text anchor */
    char *text;          /* text (owned by the scene) */
    double size;         /* text: font size, points */
    bool bold;
    bool vertical;       /* text: rotated a quarter turn anticlockwise */
    cascade_halign halign;
    cascade_valign valign;
    int clip;            /* 0: none; k: clipped to panel k - 1's plot area */
} cascade_mark;

#define CASCADE_SCENE_MAX_PANELS 4
#define CASCADE_SCENE_MAX_LEGENDS 8

/* One plot area with its axes. */
typedef struct cascade_panel {
    cascade_rect plot;     /* the data area */
    cascade_scale x, y;    /* data -> device */
    cascade_ticks xticks, yticks;
} cascade_panel;

typedef struct cascade_scene {
    double width, height;  /* points */
    cascade_mark *marks;   /* in drawing order */
    size_t n_marks, cap_marks;
    cascade_panel panels[CASCADE_SCENE_MAX_PANELS];
    size_t n_panels;
    cascade_rect legends[CASCADE_SCENE_MAX_LEGENDS]; /* legend boxes, never inside a panel */
    size_t n_legends;
    char *title;           /* the document title (PDF metadata) */
    cascade_status status; /* sticky: ENOMEM once an addition failed */
} cascade_scene;

/* Frees a scene; NULL is accepted. */
void cascade_scene_free(cascade_scene *s);

/* Text measurement for layouts: width and height (points) of text at size. */
typedef struct cascade_measure {
    void (*fn)(void *ctx, const char *text, double size, bool bold, double *w, double *h);
    void *ctx;
} cascade_measure;

/* A fixed estimate (0.55 em per character, 1.2 em high): exact, font-free layouts for
 * tests. */
cascade_measure cascade_measure_estimate(void);

/* Pango's measurement with the fonts cascade paints with; release with
 * cascade_measure_pango_release. Falls back to the estimate if Pango is unusable. */
cascade_measure cascade_measure_pango(void);
void cascade_measure_pango_release(cascade_measure *m);

/* Title, subtitle and footer, shared by every chart (borrowed strings, may be NULL). */
typedef struct cascade_chart_labels {
    const char *title;
    const char *subtitle;
    const char *footer;
} cascade_chart_labels;

/* ---------------------------------------------------------------------------------------
 * Chart data and layouts. Each layout returns a new scene (NULL only when out of memory;
 * check scene->status too) or, for invalid data, NULL with err set.
 * ------------------------------------------------------------------------------------- */

/* A shock of the scenario, drawn as a labelled vertical marker. */
typedef struct cascade_chart_shock {
    double tick;
    char label[48];
} cascade_chart_shock;

/* A run's time series, one value per (recorded tick, replicate), tick-major:
 * series[t * n_replicates + r]. Single precision: 1e-7 relative, far below a pixel. */
typedef struct cascade_run_series {
    size_t n_replicates, n_ticks;
    double *tick;               /* n_ticks recorded ticks, increasing */
    float *public_dissent;      /* shares of N */
    float *private_opposition;
    float *defected;
    float *purged;
    float *security_active;     /* share of M */
    bool has_security;          /* false when there are no security forces */
    double *collapse_tick;      /* n_replicates; NaN: no collapse */
    double *final_dissent;      /* n_replicates, to pick representative replicates */
    cascade_chart_shock *shocks;
    size_t n_shocks;
} cascade_run_series;

/* Allocates series for n_replicates x n_ticks (values zeroed, collapse ticks NaN). */
cascade_run_series *cascade_run_series_alloc(size_t n_replicates, size_t n_ticks);
void cascade_run_series_free(cascade_run_series *d);

/* Reads timeseries.csv and summary.csv (rows in replicate order, as run writes them; a
 * replicate stopped at its collapse keeps its last values afterwards). */
cascade_status cascade_run_series_read(const char *timeseries_csv, const char *summary_csv,
                                       cascade_run_series **out, cascade_error *err);

cascade_scene *cascade_chart_cascade(const cascade_run_series *d, const cascade_chart_labels *l,
                                     const cascade_measure *m);

/* Sweep chart of points.csv with exactly one varied key (the column before `n`). */
cascade_scene *cascade_chart_sweep(const cascade_table *points, const cascade_chart_labels *l,
                                   const cascade_measure *m, cascade_error *err);

/* Phase diagram of points.csv with two or more varied keys: metric (NULL: cascade_prob)
 * over the first two, averaged over the others. */
cascade_scene *cascade_chart_phase(const cascade_table *points, const char *metric,
                                   const cascade_chart_labels *l, const cascade_measure *m,
                                   cascade_error *err);

/* Threshold map F(x) (x,F), fixed points (x,stable), cobweb iterates (step,x; may be
 * NULL). */
cascade_scene *cascade_chart_cobweb(const cascade_table *map, const cascade_table *fixed,
                                    const cascade_table *cobweb, const cascade_chart_labels *l,
                                    const cascade_measure *m, cascade_error *err);

/* Bifurcation diagram: first column the varied key, then x, stable. */
cascade_scene *cascade_chart_bifurcation(const cascade_table *bif, const cascade_chart_labels *l,
                                         const cascade_measure *m, cascade_error *err);

/* The number of varied keys of a points.csv table: the columns before `n` (0 when there
 * is no `n` column). */
size_t cascade_chart_sweep_keys(const cascade_table *points);

/* ---------------------------------------------------------------------------------------
 * Paint
 * ------------------------------------------------------------------------------------- */

struct _cairo; /* cairo_t */

/* Draws the scene on cr in device units (points), white background first. Errors stay in
 * cr's sticky status. */
void cascade_scene_paint(const cascade_scene *s, struct _cairo *cr);

/* Writes the scene to base.png, base.pdf, base.svg for each bit of formats, each under a
 * temporary name renamed into place. */
cascade_status cascade_scene_write(const cascade_scene *s, const char *base, unsigned formats,
                                   cascade_error *err);

#endif
