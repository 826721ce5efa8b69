/*
 * Tests of the chart library's pure parts (plots/, cascade/chart.h) and of the CSV table
 * reader (sim/io/table.c): nice 1-2-5 ticks and their labels, scales, Wilson intervals,
 * quantiles, viridis, marching squares, decimation, and layouts as exact numbers with the
 * fixed text estimate (no fonts involved): page size, panel scales, legends outside every
 * plot area, the footer. Bad CSV files each get their FILE:LINE message checked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cascade/chart.h"
#include "cascade/table.h"

#define DATA CASCADE_SOURCE_DIR "/tests/data/plots"

#include "assert_near.h"

/* ---- ticks ---- */

static void test_nice_step(void **state)
{
    (void)state;
    assert_near(cascade_chart_nice_step(1.0, 5), 0.2, 1e-15);
    assert_near(cascade_chart_nice_step(200, 5), 50, 1e-12);
    assert_near(cascade_chart_nice_step(0.37, 5), 0.1, 1e-15);   /* 0.074 -> 0.1 */
    assert_near(cascade_chart_nice_step(7, 6), 2, 1e-15);        /* 1.17 -> 2 */
    assert_near(cascade_chart_nice_step(10000, 6), 2000, 1e-9);  /* 1667 -> 2000 */
    assert_near(cascade_chart_nice_step(0.9, 6), 0.2, 1e-15);    /* 0.15 -> 0.2 */
    assert_near(cascade_chart_nice_step(1.0, 2), 0.5, 1e-15);    /* exactly 5 x 0.1 */
}

static void test_ticks_extend(void **state)
{
    (void)state;
    cascade_ticks t = cascade_chart_ticks(0, 0.37, 5, true);
    assert_near(t.step, 0.1, 1e-15);
    assert_int_equal(t.decimals, 1);
    assert_near(t.lo, 0, 0);
    assert_near(t.hi, 0.4, 0);
    assert_int_equal(t.n, 5);
    double want[] = {0, 0.1, 0.2, 0.3, 0.4};
    for (size_t i = 0; i < 5; i++) {
        assert_true(t.values[i] == want[i]); /* exactly the decimal's double */
    }
}

static void test_ticks_inside(void **state)
{
    (void)state;
    cascade_ticks t = cascade_chart_ticks(0.3, 1.2, 6, false);
    assert_near(t.lo, 0.3, 0);
    assert_near(t.hi, 1.2, 0);
    assert_int_equal(t.n, 5); /* 0.4 0.6 0.8 1.0 1.2: the end on a tick is kept */
    assert_true(t.values[0] == 0.4 && t.values[4] == 1.2);
    /* ticks of a run's 10,000 ticks */
    t = cascade_chart_ticks(0, 10000, 8, true);
    assert_int_equal(t.n, 6);
    assert_true(t.values[5] == 10000 && t.decimals == 0);
}

static void test_ticks_degenerate(void **state)
{
    (void)state;
    cascade_ticks t = cascade_chart_ticks(0.37, 0.37, 5, true); /* widened by a tenth */
    assert_true(t.lo <= 0.333 && t.hi >= 0.407 && t.n >= 2);
    t = cascade_chart_ticks(0, 0, 5, true);
    assert_true(t.lo <= -0.5 && t.hi >= 0.5);
    t = cascade_chart_ticks(NAN, 1, 5, true);
    assert_near(t.lo, 0, 0);
    assert_near(t.hi, 1, 0);
}

static void test_tick_labels(void **state)
{
    (void)state;
    char buf[64];
    cascade_chart_format_tick(buf, sizeof buf, 0.25, 2);
    assert_string_equal(buf, "0.25");
    cascade_chart_format_tick(buf, sizeof buf, -0.0, 1);
    assert_string_equal(buf, "0.0");
    cascade_chart_format_tick(buf, sizeof buf, -1e-17, 1);
    assert_string_equal(buf, "0.0");
    cascade_chart_format_tick(buf, sizeof buf, 10000, 0);
    assert_string_equal(buf, "10,000");
    cascade_chart_format_tick(buf, sizeof buf, 9000, 0);
    assert_string_equal(buf, "9000");
    cascade_chart_format_tick(buf, sizeof buf, -1234567.5, 1);
    assert_string_equal(buf, "-1,234,567.5");
}

/* ---- scales and statistics ---- */

static void test_scale(void **state)
{
    (void)state;
    cascade_scale x = {0, 200, 92, 764};
    assert_near(cascade_scale_map(&x, 50), 260, 1e-12);
    assert_near(cascade_scale_invert(&x, 260), 50, 1e-12);
    cascade_scale y = {0, 0.8, 500, 210}; /* y axes run upwards */
    assert_near(cascade_scale_map(&y, 0.37), 500 - 0.37 / 0.8 * 290, 1e-12);
    assert_near(cascade_scale_map(&y, 0.8), 210, 1e-12);
}

static void test_wilson(void **state)
{
    (void)state;
    const double z = 1.959963984540054;
    double lo, hi;
    cascade_chart_wilson(20, 40, z, &lo, &hi);
    assert_near(lo, 0.3519952693346538, 1e-13);
    assert_near(hi, 0.64800473066534625, 1e-13);
    cascade_chart_wilson(0, 40, z, &lo, &hi); /* never below 0, and not empty */
    assert_near(lo, 0, 0);
    assert_near(hi, 0.087621601197286653, 1e-13);
    cascade_chart_wilson(37, 40, z, &lo, &hi);
    assert_near(lo, 0.80135766475689463, 1e-13);
    assert_near(hi, 0.9741639742254119, 1e-13);
    cascade_chart_wilson(0, 0, z, &lo, &hi);
    assert_near(lo, 0, 0);
    assert_near(hi, 1, 0);
}

static void test_quantile(void **state)
{
    (void)state;
    float v[] = {0.37f, 0.1f, 0.9f, 0.5f};
    assert_near(cascade_chart_quantile(v, 4, 0.5), 0.435, 1e-6);
    assert_near(cascade_chart_quantile(v, 4, 0.1), 0.181, 1e-6);
    assert_near(cascade_chart_quantile(v, 4, 1.0), 0.9, 1e-6);
    assert_near(cascade_chart_quantile(v, 4, 0.0), 0.1, 1e-6);
    float one[] = {0.37f};
    assert_near(cascade_chart_quantile(one, 1, 0.9), 0.37, 1e-6);
    assert_true(isnan(cascade_chart_quantile(one, 0, 0.5)));
    /* ties and a larger sample: the median of 0..100 shuffled is 50 */
    float w[101];
    for (int i = 0; i < 101; i++) {
        w[i] = (float)((i * 37) % 101);
    }
    assert_near(cascade_chart_quantile(w, 101, 0.5), 50, 0);
    assert_near(cascade_chart_quantile(w, 101, 0.9), 90, 0);
}

static void test_viridis(void **state)
{
    (void)state;
    cascade_rgba c = cascade_chart_viridis(0);
    assert_near(c.r, 0.267004, 1e-12);
    assert_near(c.g, 0.004874, 1e-12);
    assert_near(c.b, 0.329415, 1e-12);
    c = cascade_chart_viridis(1);
    assert_near(c.r, 0.993248, 1e-12);
    assert_near(c.g, 0.906157, 1e-12);
    assert_near(c.b, 0.143936, 1e-12);
    c = cascade_chart_viridis(0.5); /* halfway between entries 127 and 128 */
    assert_near(c.r, 0.1281485, 1e-9);
    assert_near(c.g, 0.565107, 1e-9);
    assert_near(c.b, 0.5508925, 1e-9);
    c = cascade_chart_viridis(-0.37); /* clamped */
    assert_near(c.r, 0.267004, 1e-12);
    c = cascade_chart_viridis(NAN);
    assert_true(c.r == c.g && c.g == c.b); /* grey */
    /* perceptually ordered: lightness (here green) grows */
    for (int i = 1; i <= 100; i++) {
        assert_true(cascade_chart_viridis(i / 100.0).g > cascade_chart_viridis((i - 1) / 100.0).g);
    }
}

static void test_okabe_ito(void **state)
{
    (void)state;
    assert_near(cascade_okabe_ito[CASCADE_OI_BLUE].g * 255, 114, 1e-9);
    assert_near(cascade_okabe_ito[CASCADE_OI_VERMILLION].r * 255, 213, 1e-9);
    assert_near(cascade_okabe_ito[CASCADE_OI_GREEN].g * 255, 158, 1e-9);
}

/* ---- marching squares ---- */

static void test_contour_line(void **state)
{
    (void)state;
    const double x[] = {0, 1, 2}, y[] = {0, 10};
    const double z[] = {0.2, 0.7, 0.9, /* y = 0 */
                        0.3, 0.4, 0.8}; /* y = 10 */
    double segs[4 * 4];
    size_t n = cascade_chart_contour(x, 3, y, 2, z, 0.5, segs, 4);
    assert_int_equal(n, 2);
    /* cell 0: only the bottom-right corner is inside: bottom edge to right edge */
    assert_near(segs[0], 0.6, 1e-12);
    assert_near(segs[1], 0, 0);
    assert_near(segs[2], 1, 0);
    assert_near(segs[3], 20.0 / 3, 1e-12);
    /* cell 1: only the top-left corner is outside: top edge to left edge, meeting cell 0 */
    assert_near(segs[4], 1.25, 1e-12);
    assert_near(segs[5], 10, 0);
    assert_near(segs[6], 1, 0);
    assert_near(segs[7], 20.0 / 3, 1e-12);
}

static void test_contour_saddle(void **state)
{
    (void)state;
    const double x[] = {0, 1}, y[] = {0, 1};
    const double high[] = {0.8, 0.2, 0.3, 0.9}; /* mean 0.55: the inside corners join */
    double segs[8];
    size_t n = cascade_chart_contour(x, 2, y, 2, high, 0.5, segs, 2);
    assert_int_equal(n, 2);
    /* the low corner (1, 0) cut off: bottom edge to right edge */
    assert_near(segs[0], 0.5, 1e-12);
    assert_near(segs[1], 0, 0);
    assert_near(segs[2], 1, 0);
    assert_near(segs[3], 0.3 / 0.7, 1e-12);
    const double low[] = {0.6, 0.2, 0.1, 0.9}; /* mean 0.45: the inside corners apart */
    n = cascade_chart_contour(x, 2, y, 2, low, 0.5, segs, 2);
    assert_int_equal(n, 2);
    /* the high corner (0, 0) cut off: left edge to bottom edge */
    assert_near(segs[0], 0, 0);
    assert_near(segs[1], 0.1 / 0.5, 1e-12);
    assert_near(segs[2], 0.1 / 0.4, 1e-12);
    assert_near(segs[3], 0, 0);
    /* a NaN corner skips the cell; a flat grid has no line */
    const double gap[] = {0.8, NAN, 0.3, 0.9};
    assert_int_equal(cascade_chart_contour(x, 2, y, 2, gap, 0.5, segs, 2), 0);
    const double flat[] = {0.37, 0.37, 0.37, 0.37};
    assert_int_equal(cascade_chart_contour(x, 2, y, 2, flat, 0.5, segs, 2), 0);
}

/* ---- decimation ---- */

static void test_decimate(void **state)
{
    (void)state;
    const size_t n = 10000;
    double *xy = malloc(2 * n * sizeof *xy), *out = malloc(2 * n * sizeof *out);
    assert_non_null(xy);
    assert_non_null(out);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        xy[2 * i] = 100.0 * (double)i / (double)n;
        xy[2 * i + 1] = sin(0.37 * (double)i) + 0.001 * (double)i;
        lo = fmin(lo, xy[2 * i + 1]);
        hi = fmax(hi, xy[2 * i + 1]);
    }
    size_t m = cascade_chart_decimate(xy, n, 2.0, out);
    assert_true(m <= 4 * 200);
    assert_true(m >= 2 * 200);
    assert_true(out[0] == xy[0] && out[1] == xy[1]);
    assert_true(out[2 * m - 2] == xy[2 * n - 2] && out[2 * m - 1] == xy[2 * n - 1]);
    double dlo = INFINITY, dhi = -INFINITY;
    for (size_t i = 0; i < m; i++) {
        dlo = fmin(dlo, out[2 * i + 1]);
        dhi = fmax(dhi, out[2 * i + 1]);
        if (i > 0) {
            assert_true(out[2 * i] >= out[2 * i - 2]);
        }
    }
    assert_true(dlo == lo && dhi == hi); /* the envelope survives */
    /* a short line is kept whole */
    double few[] = {0, 0.37, 10, 0.5, 20, 0.1};
    assert_int_equal(cascade_chart_decimate(few, 3, 2.0, out), 3);
    free(xy);
    free(out);
}

/* ---- the table reader ---- */

static char *write_temp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/cascade-test-chart.%ld.csv", (long)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void expect_table_error(const char *text, const char *suffix)
{
    char *path = write_temp(text);
    cascade_table *t;
    cascade_error err = {0};
    assert_int_equal(cascade_table_read(path, &t, &err), CASCADE_EINVAL);
    assert_null(t);
    char want[512];
    snprintf(want, sizeof want, "%s%s", path, suffix);
    assert_string_equal(err.msg, want);
    remove(path);
}

static void test_table_read(void **state)
{
    (void)state;
    char *path = write_temp("x,F,note\n0.37,0.5,true\n0.5,,false\n");
    cascade_table *t;
    cascade_error err = {0};
    assert_int_equal(cascade_table_read(path, &t, &err), CASCADE_OK);
    assert_int_equal(t->n_rows, 2);
    assert_int_equal(t->n_cols, 3);
    assert_string_equal(t->names[1], "F");
    assert_int_equal(cascade_table_column(t, "note"), 2);
    assert_int_equal(cascade_table_column(t, "y"), -1);
    assert_near(cascade_table_at(t, 0, 0), 0.37, 0);
    assert_true(isnan(cascade_table_at(t, 1, 1)));
    assert_near(cascade_table_at(t, 0, 2), 1, 0);
    size_t col;
    assert_int_equal(cascade_table_need(t, "stable", &col, &err), CASCADE_EINVAL);
    char want[256];
    snprintf(want, sizeof want, "%s:1: no column stable", path);
    assert_string_equal(err.msg, want);
    cascade_table_free(t);
    remove(path);
}

static void test_table_errors(void **state)
{
    (void)state;
    expect_table_error("x,F\n0.1,0.2\n0.3,0.4,0.5\n", ":3: expected 2 fields, got 3");
    expect_table_error("x,F\n0.1,0.2\n0.3\n", ":3: expected 2 fields, got 1");
    expect_table_error("x,F\n0.1,0.2\n0.3,0.4", ":3: the last line has no line end: the file "
                                                 "looks truncated");
    expect_table_error("x,F\n0.1,abc\n", ":2: F: not a number: \"abc\"");
    expect_table_error("x,F\n0.1,0.2x\n", ":2: F: not a number: \"0.2x\"");
    expect_table_error("", ":1: empty file: expected a header line of column names");
    expect_table_error("x,,F\n", ":1: column 2 has no name");
    cascade_table *t;
    cascade_error err = {0};
    assert_int_equal(cascade_table_read("/nonexistent/x.csv", &t, &err), CASCADE_EIO);
}

/* ---- layouts, exact with the fixed estimate ---- */

static bool overlaps(const cascade_rect *a, const cascade_rect *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Shared checks: at least 1600 px wide, legends outside every plot area, the footer. */
static void check_scene(const cascade_scene *s, const char *footer)
{
    assert_non_null(s);
    assert_int_equal(s->status, CASCADE_OK);
    assert_true(s->width * CASCADE_CHART_PNG_SCALE >= 1600);
    assert_true(s->n_panels >= 1);
    for (size_t i = 0; i < s->n_legends; i++) {
        for (size_t k = 0; k < s->n_panels; k++) {
            assert_false(overlaps(&s->legends[i], &s->panels[k].plot));
        }
        assert_true(s->legends[i].x >= 0 && s->legends[i].x + s->legends[i].w <= s->width);
    }
    bool found = false;
    for (size_t i = 0; i < s->n_marks; i++) {
        const cascade_mark *mk = &s->marks[i];
        if (mk->kind == CASCADE_MARK_TEXT && strcmp(mk->text, footer) == 0) {
            found = true;
            assert_true(mk->y + 1.2 * mk->size <= s->height);
        }
        /* every mark lies on the page */
        if (mk->kind == CASCADE_MARK_PATH) {
            for (size_t p = 0; p < mk->n_points; p++) {
                assert_true(mk->xy[2 * p] >= 0 && mk->xy[2 * p] <= s->width);
            }
        }
    }
    assert_true(found);
}

static const cascade_chart_labels labels = {"synthetic", NULL, "cascade test \xc2\xb7 footer"};

static cascade_table *load(const char *path)
{
    cascade_table *t;
    cascade_error err = {0};
    if (cascade_table_read(path, &t, &err) != CASCADE_OK) {
        fail_msg("%s", err.msg);
    }
    return t;
}

static void test_layout_cascade(void **state)
{
    (void)state;
    cascade_run_series *d;
    cascade_error err = {0};
    assert_int_equal(cascade_run_series_read(DATA "/run/timeseries.csv", DATA "/run/summary.csv",
                                             &d, &err), CASCADE_OK);
    assert_int_equal(d->n_replicates, 12);
    assert_int_equal(d->n_ticks, 121);
    assert_near(d->public_dissent[30 * 12 + 0], 0.5, 0); /* replicate 0 at tick 30 */
    assert_true(isnan(d->collapse_tick[11]));
    cascade_measure m = cascade_measure_estimate();
    cascade_scene *s = cascade_chart_cascade(d, &labels, &m);
    check_scene(s, labels.footer);
    assert_int_equal(s->n_panels, 2);
    const cascade_panel *top = &s->panels[0];
    assert_near(top->x.d0, 0, 0);
    assert_near(top->x.d1, 120, 0);
    assert_near(top->y.d1, 1.0, 0); /* dissent reaches 0.8, private opposition 0.36 */
    assert_int_equal(top->yticks.n, 6);
    /* both panels share the tick axis, device x included */
    assert_near(s->panels[1].x.r0, top->x.r0, 0);
    assert_near(s->panels[1].x.r1, top->x.r1, 0);
    assert_near(cascade_scale_map(&top->x, 60), top->plot.x + top->plot.w / 2, 1e-9);
    cascade_scene_free(s);
    cascade_run_series_free(d);
}

/* The text marks of a scene that equal text; *last, the last of them. */
static size_t texts_equal(const cascade_scene *s, const char *text, const cascade_mark **last)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_marks; i++) {
        if (s->marks[i].kind == CASCADE_MARK_TEXT && strcmp(s->marks[i].text, text) == 0) {
            *last = &s->marks[i];
            n++;
        }
    }
    return n;
}

/* Shocks at one tick share a label; a label that would overlap its neighbour's goes a
 * row higher; every row lies between the legend and the top panel. */
static void test_layout_cascade_shocks(void **state)
{
    (void)state;
    cascade_run_series *d;
    cascade_error err = {0};
    assert_int_equal(cascade_run_series_read(DATA "/run/timeseries.csv", DATA "/run/summary.csv",
                                             &d, &err), CASCADE_OK);
    cascade_chart_shock shocks[] = {{30, "crackdown = 0"}, {30, "dissent shock 5%"},
                                    {31, "dissent shock 2%"}, {90, "purge of 10"},
                                    {500, "beyond the last tick"}};
    cascade_chart_shock *own = d->shocks;
    size_t n_own = d->n_shocks;
    d->shocks = shocks;
    d->n_shocks = sizeof shocks / sizeof shocks[0];
    cascade_measure m = cascade_measure_estimate();
    cascade_scene *s = cascade_chart_cascade(d, &labels, &m);
    check_scene(s, labels.footer);
    const cascade_mark *at30 = NULL, *at31 = NULL, *at90 = NULL, *other = NULL;
    assert_int_equal(texts_equal(s, "crackdown = 0, dissent shock 5%", &at30), 1);
    assert_int_equal(texts_equal(s, "crackdown = 0", &other), 0);
    assert_int_equal(texts_equal(s, "dissent shock 2%", &at31), 1);
    assert_int_equal(texts_equal(s, "purge of 10", &at90), 1);
    assert_int_equal(texts_equal(s, "beyond the last tick", &other), 0);
    assert_true(at31->y < at30->y); /* a row higher: one tick apart, the two would overlap */
    assert_near(at90->y, at30->y, 1e-9);
    const cascade_panel *top = &s->panels[0];
    assert_true(at30->y <= top->plot.y);
    for (size_t i = 0; i < s->n_legends; i++) { /* the upper row (bottom-aligned) clears it */
        assert_true(s->legends[i].y + s->legends[i].h <= at31->y - 1.2 * at31->size ||
                    s->legends[i].y > top->plot.y);
    }
    cascade_scene_free(s);
    d->shocks = own;
    d->n_shocks = n_own;
    cascade_run_series_free(d);
}

static void test_layout_sweep(void **state)
{
    (void)state;
    cascade_table *t = load(DATA "/sweep1/points.csv");
    assert_int_equal(cascade_chart_sweep_keys(t), 1);
    cascade_measure m = cascade_measure_estimate();
    cascade_error err = {0};
    cascade_scene *s = cascade_chart_sweep(t, &labels, &m, &err);
    check_scene(s, labels.footer);
    assert_int_equal(s->n_panels, 2);
    /* the key's range 0.3..1.2 padded by 3% each side; probabilities on [0, 1] */
    assert_near(s->panels[0].x.d0, 0.3 - 0.027, 1e-12);
    assert_near(s->panels[0].x.d1, 1.2 + 0.027, 1e-12);
    assert_near(s->panels[1].y.d0, 0, 0);
    assert_near(s->panels[1].y.d1, 1, 0);
    cascade_scene_free(s);
    /* a phase diagram needs two keys */
    assert_null(cascade_chart_phase(t, NULL, &labels, &m, &err));
    assert_int_equal(err.status, CASCADE_EINVAL);
    cascade_table_free(t);
}

static void test_layout_phase(void **state)
{
    (void)state;
    cascade_measure m = cascade_measure_estimate();
    cascade_error err = {0};
    cascade_table *t = load(DATA "/sweep2/points.csv");
    assert_int_equal(cascade_chart_sweep_keys(t), 2);
    cascade_scene *s = cascade_chart_phase(t, NULL, &labels, &m, &err);
    check_scene(s, labels.footer);
    /* cells: 12 x 10 centres 0.2..1.3 and 0..0.09, the axes run from edge to edge */
    assert_near(s->panels[0].x.d0, 0.15, 1e-12);
    assert_near(s->panels[0].x.d1, 1.35, 1e-12);
    assert_near(s->panels[0].y.d0, -0.005, 1e-12);
    assert_near(s->panels[0].y.d1, 0.095, 1e-12);
    cascade_scene_free(s);
    /* ticks among the grid's values only, none on the cells' outer halves: purge rates
     * 0, 0.001, 0.002 and openness 0.02, 0.1 (a real sweep's) gave a tick at -0.0005 */
    cascade_table *e = load(DATA "/sweep_edges/points.csv");
    s = cascade_chart_phase(e, NULL, &labels, &m, &err);
    check_scene(s, labels.footer);
    const cascade_panel *p = &s->panels[0];
    assert_near(p->x.d0, -0.0005, 1e-12);
    assert_true(p->xticks.n >= 2 && p->yticks.n >= 2);
    for (size_t i = 0; i < p->xticks.n; i++) {
        assert_true(p->xticks.values[i] >= -1e-12 && p->xticks.values[i] <= 0.002 + 1e-12);
    }
    for (size_t i = 0; i < p->yticks.n; i++) {
        assert_true(p->yticks.values[i] >= 0.02 - 1e-12 && p->yticks.values[i] <= 0.1 + 1e-12);
    }
    cascade_scene_free(s);
    cascade_table_free(e);
    /* an unknown metric names the choices */
    assert_null(cascade_chart_phase(t, "cascade_probability", &labels, &m, &err));
    assert_non_null(strstr(err.msg, ":1: no metric column cascade_probability (one of: "
                                    "final_dissent_mean,"));
    /* another metric */
    s = cascade_chart_phase(t, "final_dissent_mean", &labels, &m, &err);
    check_scene(s, labels.footer);
    cascade_scene_free(s);
    cascade_table_free(t);
    /* three keys: the third averaged over, and the subtitle says so */
    t = load(DATA "/sweep3/points.csv");
    s = cascade_chart_phase(t, NULL, &labels, &m, &err);
    check_scene(s, labels.footer);
    bool said = false;
    for (size_t i = 0; i < s->n_marks; i++) {
        if (s->marks[i].kind == CASCADE_MARK_TEXT &&
            strstr(s->marks[i].text, "averaged over network.mean_degree")) {
            said = true;
        }
    }
    assert_true(said);
    cascade_scene_free(s);
    cascade_table_free(t);
}

static void test_layout_meanfield(void **state)
{
    (void)state;
    cascade_measure m = cascade_measure_estimate();
    cascade_error err = {0};
    cascade_table *map = load(DATA "/meanfield/threshold_map.csv");
    cascade_table *fixed = load(DATA "/meanfield/fixed_points.csv");
    cascade_table *cob = load(DATA "/meanfield/cobweb.csv");
    cascade_scene *s = cascade_chart_cobweb(map, fixed, cob, &labels, &m, &err);
    check_scene(s, labels.footer);
    const cascade_panel *p = &s->panels[0];
    assert_near(p->plot.w, p->plot.h, 0); /* square, both axes [0, 1] */
    assert_near(p->x.d0, 0, 0);
    assert_near(p->x.d1, 1, 0);
    assert_near(p->y.d1, 1, 0);
    assert_int_equal(p->xticks.n, 6);
    /* the fixed points sit on the diagonal: circles at (x*, x*) */
    size_t circles = 0;
    for (size_t i = 0; i < s->n_marks; i++) {
        const cascade_mark *mk = &s->marks[i];
        if (mk->kind == CASCADE_MARK_CIRCLE && mk->w == 6.5) {
            double v = cascade_table_at(fixed, circles, 0);
            assert_near(mk->x, cascade_scale_map(&p->x, v), 1e-9);
            assert_near(mk->y, cascade_scale_map(&p->y, v), 1e-9);
            bool stable = cascade_table_at(fixed, circles, 1) != 0;
            assert_true(stable ? mk->fill.r == 0 : mk->fill.r == 1); /* filled / open */
            circles++;
        }
    }
    assert_int_equal(circles, fixed->n_rows);
    cascade_scene_free(s);
    /* without a cobweb */
    s = cascade_chart_cobweb(map, fixed, NULL, &labels, &m, &err);
    check_scene(s, labels.footer);
    cascade_scene_free(s);
    cascade_table_free(map);
    cascade_table_free(fixed);
    cascade_table_free(cob);

    cascade_table *bif = load(DATA "/meanfield/bifurcation.csv");
    s = cascade_chart_bifurcation(bif, &labels, &m, &err);
    check_scene(s, labels.footer);
    /* three branches: two stable (solid), one unstable (dashed) */
    size_t solid = 0, dashed = 0;
    for (size_t i = 0; i < s->n_marks; i++) {
        const cascade_mark *mk = &s->marks[i];
        if (mk->kind == CASCADE_MARK_PATH && mk->clip == 1 && mk->n_points > 2) {
            solid += mk->dash == CASCADE_SOLID;
            dashed += mk->dash == CASCADE_DASHED;
        }
    }
    assert_int_equal(solid, 2);
    assert_int_equal(dashed, 1);
    cascade_scene_free(s);
    cascade_table_free(bif);
}

static void test_run_series_errors(void **state)
{
    (void)state;
    cascade_run_series *d;
    cascade_error err = {0};
    char *path = write_temp("replicate,tick,public_dissent,private_opposition,defected,purged,"
                            "security_active\n0,0,0.1,0.3,0,0,1\n0,1,0.1,0.3,0,0,1\n"
                            "0,3,0.1,0.3,0,0,1\n1,0,0.1,0.3,0,0,1\n1,2,0.1,0.3,0,0,1\n");
    assert_int_equal(cascade_run_series_read(path, DATA "/run/summary.csv", &d, &err),
                     CASCADE_EINVAL);
    char want[512];
    snprintf(want, sizeof want, "%s:6: tick 2 where the other replicates recorded tick 1", path);
    assert_string_equal(err.msg, want);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nice_step),
        cmocka_unit_test(test_ticks_extend),
        cmocka_unit_test(test_ticks_inside),
        cmocka_unit_test(test_ticks_degenerate),
        cmocka_unit_test(test_tick_labels),
        cmocka_unit_test(test_scale),
        cmocka_unit_test(test_wilson),
        cmocka_unit_test(test_quantile),
        cmocka_unit_test(test_viridis),
        cmocka_unit_test(test_okabe_ito),
        cmocka_unit_test(test_contour_line),
        cmocka_unit_test(test_contour_saddle),
        cmocka_unit_test(test_decimate),
        cmocka_unit_test(test_table_read),
        cmocka_unit_test(test_table_errors),
        cmocka_unit_test(test_layout_cascade),
        cmocka_unit_test(test_layout_cascade_shocks),
        cmocka_unit_test(test_layout_sweep),
        cmocka_unit_test(test_layout_phase),
        cmocka_unit_test(test_layout_meanfield),
        cmocka_unit_test(test_run_series_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
