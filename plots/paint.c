/*
 * Paint: one function draws a scene on any cairo_t; PNG, PDF and SVG differ only in the
 * surface made for them (cairo's design). Text goes through Pango in one family
 * (CHART_FONT, DejaVu Sans through fontconfig) with hinting off and greyscale
 * antialiasing, and font sizes are absolute device units, so the measurement used by the
 * layout and the glyphs painted agree at every scale and in every format.
 *
 * Errors: cairo's status is sticky; it is checked once per file, after drawing.
 */
#include "cascade/chart.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#define CHART_FONT "DejaVu Sans"

/* The fixed font setup: no hinting (metrics do not depend on the scale), greyscale
 * antialiasing (no subpixel colour fringes in PNGs). */
static void setup_fonts(PangoContext *pc)
{
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pc, fo);
    pango_cairo_context_set_resolution(pc, 72.0);
    cairo_font_options_destroy(fo);
}

static PangoLayout *make_layout(cairo_t *cr, const char *text, double size, bool bold)
{
    PangoLayout *layout = pango_cairo_create_layout(cr);
    setup_fonts(pango_layout_get_context(layout));
    pango_layout_context_changed(layout);
    PangoFontDescription *fd = pango_font_description_from_string(CHART_FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(layout, text, -1);
    return layout;
}

typedef struct pango_measure {
    cairo_surface_t *surface;
    cairo_t *cr;
} pango_measure;

static void measure_pango(void *ctx, const char *text, double size, bool bold, double *w,
                          double *h)
{
    pango_measure *pm = ctx;
    PangoLayout *layout = make_layout(pm->cr, text, size, bold);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
    g_object_unref(layout);
}

cascade_measure cascade_measure_pango(void)
{
    pango_measure *pm = malloc(sizeof *pm);
    if (pm == NULL) {
        return cascade_measure_estimate();
    }
    pm->surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    pm->cr = cairo_create(pm->surface);
    if (cairo_status(pm->cr) != CAIRO_STATUS_SUCCESS) {
        cairo_destroy(pm->cr);
        cairo_surface_destroy(pm->surface);
        free(pm);
        return cascade_measure_estimate();
    }
    return (cascade_measure){measure_pango, pm};
}

void cascade_measure_pango_release(cascade_measure *m)
{
    if (m->fn == measure_pango && m->ctx != NULL) {
        pango_measure *pm = m->ctx;
        cairo_destroy(pm->cr);
        cairo_surface_destroy(pm->surface);
        free(pm);
    }
    m->ctx = NULL;
}

static void set_colour(cairo_t *cr, cascade_rgba c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

static void set_dash(cairo_t *cr, cascade_dash dash, double width)
{
    double unit = fmax(width, 1.0);
    double dashed[2] = {4.0 * unit, 2.5 * unit};
    double dotted[2] = {0.01, 2.0 * unit};
    switch (dash) {
    case CASCADE_SOLID:
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        break;
    case CASCADE_DASHED:
        cairo_set_dash(cr, dashed, 2, 0);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        break;
    case CASCADE_DOTTED:
        cairo_set_dash(cr, dotted, 2, 0);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        break;
    }
}

static void fill_and_stroke(cairo_t *cr, const cascade_mark *mk)
{
    if (mk->fill.a > 0) {
        set_colour(cr, mk->fill);
        if (mk->stroke.a > 0) {
            cairo_fill_preserve(cr);
        } else {
            cairo_fill(cr);
        }
    }
    if (mk->stroke.a > 0) {
        set_colour(cr, mk->stroke);
        cairo_set_line_width(cr, mk->line_width);
        set_dash(cr, mk->dash, mk->line_width);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
}

static void paint_path(cairo_t *cr, const cascade_mark *mk)
{
    const double *p = mk->xy;
    if (mk->segments) {
        for (size_t i = 0; i + 1 < mk->n_points; i += 2) {
            cairo_move_to(cr, p[2 * i], p[2 * i + 1]);
            cairo_line_to(cr, p[2 * i + 2], p[2 * i + 3]);
        }
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        set_colour(cr, mk->stroke);
        cairo_set_line_width(cr, mk->line_width);
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_stroke(cr);
        return;
    }
    cairo_move_to(cr, p[0], p[1]);
    for (size_t i = 1; i < mk->n_points; i++) {
        cairo_line_to(cr, p[2 * i], p[2 * i + 1]);
    }
    if (mk->closed) {
        cairo_close_path(cr);
    }
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    fill_and_stroke(cr, mk);
}

static void paint_text(cairo_t *cr, const cascade_mark *mk)
{
    PangoLayout *layout = make_layout(cr, mk->text, mk->size, mk->bold);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    double w = (double)logical.width / PANGO_SCALE, h = (double)logical.height / PANGO_SCALE;
    double dx = mk->halign == CASCADE_LEFT ? 0 : mk->halign == CASCADE_CENTER ? -w / 2 : -w;
    double dy = mk->valign == CASCADE_TOP ? 0 : mk->valign == CASCADE_MIDDLE ? -h / 2 : -h;
    cairo_save(cr);
    cairo_translate(cr, mk->x, mk->y);
    if (mk->vertical) {
        cairo_rotate(cr, -M_PI / 2);
    }
    cairo_move_to(cr, dx, dy);
    set_colour(cr, mk->fill);
    pango_cairo_update_layout(cr, layout);
    pango_cairo_show_layout(cr, layout);
    cairo_restore(cr);
    g_object_unref(layout);
}

void cascade_scene_paint(const cascade_scene *s, cairo_t *cr)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, s->width, s->height);
    cairo_fill(cr);
    for (size_t i = 0; i < s->n_marks; i++) {
        const cascade_mark *mk = &s->marks[i];
        cairo_save(cr);
        if (mk->clip > 0 && (size_t)mk->clip <= s->n_panels) {
            const cascade_rect *r = &s->panels[mk->clip - 1].plot;
            cairo_rectangle(cr, r->x, r->y, r->w, r->h);
            cairo_clip(cr);
        }
        switch (mk->kind) {
        case CASCADE_MARK_PATH:
            if (mk->n_points > 0) {
                paint_path(cr, mk);
            }
            break;
        case CASCADE_MARK_RECT:
            cairo_rectangle(cr, mk->x, mk->y, mk->w, mk->h);
            fill_and_stroke(cr, mk);
            break;
        case CASCADE_MARK_CIRCLE:
            cairo_new_sub_path(cr);
            cairo_arc(cr, mk->x, mk->y, mk->w, 0, 2 * M_PI);
            fill_and_stroke(cr, mk);
            break;
        case CASCADE_MARK_TEXT:
            paint_text(cr, mk);
            break;
        }
        cairo_restore(cr);
    }
    cairo_restore(cr);
}

/* Draws s on a surface and finishes it; returns cairo's first error or success. */
static cairo_status_t draw(const cascade_scene *s, cairo_surface_t *surface, double scale)
{
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, scale, scale);
    cascade_scene_paint(s, cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    if (st == CAIRO_STATUS_SUCCESS) {
        st = cairo_surface_status(surface);
    }
    return st;
}

static cascade_status write_one(const cascade_scene *s, const char *base, const char *ext,
                                cascade_error *err)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s.%s", base, ext);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *probe = fopen(tmp, "wb"); /* cairo says only "error while writing": ask why first */
    if (probe == NULL) {
        return cascade_error_set(err, CASCADE_EIO, "", "cannot write %s: %s", path,
                                 strerror(errno));
    }
    fclose(probe);
    cairo_surface_t *surface;
    cairo_status_t st;
    if (strcmp(ext, "png") == 0) {
        int w = (int)ceil(s->width * CASCADE_CHART_PNG_SCALE);
        int h = (int)ceil(s->height * CASCADE_CHART_PNG_SCALE);
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        st = draw(s, surface, CASCADE_CHART_PNG_SCALE);
        if (st == CAIRO_STATUS_SUCCESS) {
            st = cairo_surface_write_to_png(surface, tmp);
        }
    } else {
        if (strcmp(ext, "pdf") == 0) {
            surface = cairo_pdf_surface_create(tmp, s->width, s->height);
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, s->title);
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                           "cascade " CASCADE_VERSION);
        } else {
            surface = cairo_svg_surface_create(tmp, s->width, s->height);
            cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT);
        }
        st = draw(s, surface, 1.0);
        cairo_surface_finish(surface);
        if (st == CAIRO_STATUS_SUCCESS) {
            st = cairo_surface_status(surface);
        }
    }
    cairo_surface_destroy(surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        remove(tmp);
        return cascade_error_set(err, st == CAIRO_STATUS_NO_MEMORY ? CASCADE_ENOMEM : CASCADE_EIO,
                                 "", "cannot write %s: %s", path, cairo_status_to_string(st));
    }
    if (rename(tmp, path) != 0) {
        cascade_status r = cascade_error_set(err, CASCADE_EIO, "", "cannot write %s: %s", path,
                                             strerror(errno));
        remove(tmp);
        return r;
    }
    return CASCADE_OK;
}

cascade_status cascade_scene_write(const cascade_scene *s, const char *base, unsigned formats,
                                   cascade_error *err)
{
    if (s->status != CASCADE_OK) {
        return cascade_error_set(err, s->status, "", "out of memory laying out %s", base);
    }
    static const struct {
        unsigned bit;
        const char *ext;
    } kinds[] = {{CASCADE_FORMAT_PNG, "png"}, {CASCADE_FORMAT_PDF, "pdf"},
                 {CASCADE_FORMAT_SVG, "svg"}};
    for (size_t i = 0; i < 3; i++) {
        if (formats & kinds[i].bit) {
            cascade_status st = write_one(s, base, kinds[i].ext, err);
            if (st != CASCADE_OK) {
                return st;
            }
        }
    }
    return CASCADE_OK;
}
