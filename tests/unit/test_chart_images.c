/*
 * Image tests of the charts: fixed data (tests/data/plots/) drawn to PNG with the real
 * painter and fonts, compared with the reference images in tests/images/ pixel by pixel.
 *
 * Font setup pinned: FONTCONFIG_FILE is tests/images/fonts.conf (DejaVu only, no hinting,
 * greyscale antialiasing), set before fontconfig starts; the painter fixes the resolution
 * (72 units per inch, PNG at 2 px per point). The footer is a fixed string, so the
 * program version does not enter the images.
 *
 * Tolerance: a pixel differs when one of its channels differs by more than
 * CHANNEL_TOLERANCE (of 255); an image passes with at most MAX_DIFFERING of its pixels
 * differing (antialiasing of glyph edges moves a little across pixman and FreeType
 * versions), and must have the reference's size. On failure the output and an amplified
 * difference image (|difference| x 8, differing pixels marked red) are written to
 * chart-images/ under the test's working folder.
 *
 * Regenerate the references (after a deliberate change, reviewed by looking at them):
 * scripts/regenerate-reference-images, which runs this test with
 * CASCADE_REGENERATE_IMAGES=1.
 *
 * Also: a known data point lands on the expected pixel (the sweep chart's cascade
 * probability 0.5 at regime.punishment = 0.8), and the PNG is 1600 px wide.
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
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>

#include "cascade/chart.h"

#define SRC CASCADE_SOURCE_DIR
#define DATA SRC "/tests/data/plots"
#define REFERENCES SRC "/tests/images"
#define OUT "chart-images"
#define FONT_FILE "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

#define CHANNEL_TOLERANCE 24
#define MAX_DIFFERING 0.0005 /* share of pixels */
#define DIFF_GAIN 8

static const cascade_chart_labels labels = {"synthetic", NULL,
                                            "cascade (version omitted) \xc2\xb7 test data"};

static cascade_table *load(const char *path)
{
    cascade_table *t;
    cascade_error err = {0};
    if (cascade_table_read(path, &t, &err) != CASCADE_OK) {
        fail_msg("%s", err.msg);
    }
    return t;
}

static void write_png(const cascade_scene *s, const char *name)
{
    char base[512];
    bool regenerate = getenv("CASCADE_REGENERATE_IMAGES") != NULL;
    snprintf(base, sizeof base, "%s/%s", regenerate ? REFERENCES : OUT, name);
    mkdir(OUT, 0777);
    cascade_error err = {0};
    if (cascade_scene_write(s, base, CASCADE_FORMAT_PNG, &err) != CASCADE_OK) {
        fail_msg("%s", err.msg);
    }
}

static uint32_t pixel(const unsigned char *data, int stride, int x, int y)
{
    return *(const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride + 4 * (size_t)x);
}

static int channel(uint32_t p, int shift)
{
    return (int)((p >> shift) & 0xff);
}

/* Compares OUT/name.png with the reference; writes OUT/name-diff.png on failure. */
static void compare(const char *name)
{
    if (getenv("CASCADE_REGENERATE_IMAGES") != NULL) {
        return;
    }
    char got_path[512], ref_path[512], diff_path[512];
    snprintf(got_path, sizeof got_path, "%s/%s.png", OUT, name);
    snprintf(ref_path, sizeof ref_path, "%s/%s.png", REFERENCES, name);
    snprintf(diff_path, sizeof diff_path, "%s/%s-diff.png", OUT, name);
    cairo_surface_t *got = cairo_image_surface_create_from_png(got_path);
    cairo_surface_t *ref = cairo_image_surface_create_from_png(ref_path);
    if (cairo_surface_status(ref) != CAIRO_STATUS_SUCCESS) {
        fail_msg("cannot read the reference %s (regenerate: scripts/regenerate-reference-images)",
                 ref_path);
    }
    assert_int_equal(cairo_surface_status(got), CAIRO_STATUS_SUCCESS);
    int w = cairo_image_surface_get_width(got), h = cairo_image_surface_get_height(got);
    if (w != cairo_image_surface_get_width(ref) || h != cairo_image_surface_get_height(ref)) {
        fail_msg("%s: %d x %d px, the reference %d x %d", got_path, w, h,
                 cairo_image_surface_get_width(ref), cairo_image_surface_get_height(ref));
    }
    cairo_surface_flush(got);
    cairo_surface_flush(ref);
    const unsigned char *a = cairo_image_surface_get_data(got);
    const unsigned char *b = cairo_image_surface_get_data(ref);
    int sa = cairo_image_surface_get_stride(got), sb = cairo_image_surface_get_stride(ref);
    cairo_surface_t *diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    unsigned char *d = cairo_image_surface_get_data(diff);
    int sd = cairo_image_surface_get_stride(diff);
    size_t differing = 0;
    int worst = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            uint32_t p = pixel(a, sa, x, y), q = pixel(b, sb, x, y);
            int dmax = 0;
            uint32_t out = 0;
            for (int shift = 0; shift <= 16; shift += 8) {
                int dc = abs(channel(p, shift) - channel(q, shift));
                dmax = dc > dmax ? dc : dmax;
                int amp = dc * DIFF_GAIN > 255 ? 255 : dc * DIFF_GAIN;
                out |= (uint32_t)amp << shift;
            }
            if (dmax > CHANNEL_TOLERANCE) {
                differing++;
                out = 0xff0000;
            }
            worst = dmax > worst ? dmax : worst;
            *(uint32_t *)(void *)(d + (size_t)y * (size_t)sd + 4 * (size_t)x) = out;
        }
    }
    cairo_surface_mark_dirty(diff);
    double share = (double)differing / ((double)w * (double)h);
    if (share > MAX_DIFFERING) {
        cairo_surface_write_to_png(diff, diff_path);
    }
    cairo_surface_destroy(diff);
    cairo_surface_destroy(got);
    cairo_surface_destroy(ref);
    if (share > MAX_DIFFERING) {
        fail_msg("%s differs from %s in %zu pixels (%.3f%%, worst channel difference %d): see %s",
                 got_path, ref_path, differing, 100 * share, worst, diff_path);
    }
}

static void test_image_cascade(void **state)
{
    (void)state;
    cascade_run_series *d;
    cascade_error err = {0};
    assert_int_equal(cascade_run_series_read(DATA "/run/timeseries.csv", DATA "/run/summary.csv",
                                             &d, &err), CASCADE_OK);
    d->shocks = calloc(1, sizeof *d->shocks);
    assert_non_null(d->shocks);
    d->n_shocks = 1;
    d->shocks[0].tick = 60;
    snprintf(d->shocks[0].label, sizeof d->shocks[0].label, "dissent shock 8%%");
    cascade_measure m = cascade_measure_pango();
    cascade_scene *s = cascade_chart_cascade(d, &labels, &m);
    write_png(s, "cascade");
    compare("cascade");
    cascade_scene_free(s);
    cascade_measure_pango_release(&m);
    cascade_run_series_free(d);
}

static void test_image_sweep(void **state)
{
    (void)state;
    cascade_table *t = load(DATA "/sweep1/points.csv");
    cascade_measure m = cascade_measure_pango();
    cascade_error err = {0};
    cascade_scene *s = cascade_chart_sweep(t, &labels, &m, &err);
    assert_non_null(s);
    write_png(s, "sweep");
    compare("sweep");
    if (getenv("CASCADE_REGENERATE_IMAGES") == NULL) {
        /* the known point: cascade probability 0.5 at 0.8, drawn 3 pt left (dodged) */
        const cascade_panel *p = &s->panels[1];
        double x = (cascade_scale_map(&p->x, 0.8) - 3.0) * CASCADE_CHART_PNG_SCALE;
        double y = cascade_scale_map(&p->y, 0.5) * CASCADE_CHART_PNG_SCALE;
        /* the axis agrees: the tick labelled 0.8 is at the same x, 0.5 at half height */
        bool tick = false;
        for (size_t i = 0; i < p->xticks.n; i++) {
            tick |= fabs(p->xticks.values[i] - 0.8) < 1e-12;
        }
        assert_true(tick);
        assert_true(fabs(y / CASCADE_CHART_PNG_SCALE - (p->plot.y + p->plot.h / 2)) < 1e-9);
        cairo_surface_t *img = cairo_image_surface_create_from_png(OUT "/sweep.png");
        assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
        assert_int_equal(cairo_image_surface_get_width(img), 1600);
        uint32_t px = pixel(cairo_image_surface_get_data(img), cairo_image_surface_get_stride(img),
                            (int)floor(x), (int)floor(y));
        /* bluish green #009E73, the marker's fill */
        assert_in_range(channel(px, 16), 0, 24);
        assert_in_range(channel(px, 8), 158 - 24, 158 + 24);
        assert_in_range(channel(px, 0), 115 - 24, 115 + 24);
        cairo_surface_destroy(img);
    }
    cascade_scene_free(s);
    cascade_measure_pango_release(&m);
    cascade_table_free(t);
}

static void test_image_phase(void **state)
{
    (void)state;
    cascade_table *t = load(DATA "/sweep2/points.csv");
    cascade_measure m = cascade_measure_pango();
    cascade_error err = {0};
    cascade_scene *s = cascade_chart_phase(t, NULL, &labels, &m, &err);
    assert_non_null(s);
    write_png(s, "phase");
    compare("phase");
    cascade_scene_free(s);
    cascade_measure_pango_release(&m);
    cascade_table_free(t);
}

static void test_image_meanfield(void **state)
{
    (void)state;
    cascade_table *map = load(DATA "/meanfield/threshold_map.csv");
    cascade_table *fixed = load(DATA "/meanfield/fixed_points.csv");
    cascade_table *cob = load(DATA "/meanfield/cobweb.csv");
    cascade_table *bif = load(DATA "/meanfield/bifurcation.csv");
    cascade_measure m = cascade_measure_pango();
    cascade_error err = {0};
    cascade_scene *s = cascade_chart_cobweb(map, fixed, cob, &labels, &m, &err);
    assert_non_null(s);
    write_png(s, "cobweb");
    compare("cobweb");
    cascade_scene_free(s);
    s = cascade_chart_bifurcation(bif, &labels, &m, &err);
    assert_non_null(s);
    write_png(s, "bifurcation");
    compare("bifurcation");
    cascade_scene_free(s);
    cascade_measure_pango_release(&m);
    cascade_table_free(map);
    cascade_table_free(fixed);
    cascade_table_free(cob);
    cascade_table_free(bif);
}

/* A chart that cannot be written says why, in the system's words (cairo's own message is
 * only "error while writing to output stream"). */
static void test_write_error(void **state)
{
    (void)state;
    cascade_table *map = load(DATA "/meanfield/threshold_map.csv");
    cascade_table *fixed = load(DATA "/meanfield/fixed_points.csv");
    cascade_table *cob = load(DATA "/meanfield/cobweb.csv");
    cascade_measure m = cascade_measure_estimate();
    cascade_error err = {0};
    cascade_scene *s = cascade_chart_cobweb(map, fixed, cob, &labels, &m, &err);
    assert_non_null(s);
    assert_int_equal(cascade_scene_write(s, OUT "/no-such-folder/cobweb", CASCADE_FORMAT_PNG,
                                         &err), CASCADE_EIO);
    assert_non_null(strstr(err.msg, "no-such-folder/cobweb.png: No such file or directory"));
    cascade_scene_free(s);
    cascade_table_free(map);
    cascade_table_free(fixed);
    cascade_table_free(cob);
}

int main(void)
{
    if (access(FONT_FILE, R_OK) != 0) {
        fprintf(stderr, "skip: %s missing (Debian package fonts-dejavu-core)\n", FONT_FILE);
        return 77;
    }
    setenv("FONTCONFIG_FILE", REFERENCES "/fonts.conf", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image_cascade),
        cmocka_unit_test(test_image_sweep),
        cmocka_unit_test(test_image_phase),
        cmocka_unit_test(test_image_meanfield),
        cmocka_unit_test(test_write_error),
    };
    int failures = cmocka_run_group_tests(tests, NULL, NULL);
    return failures;
}
