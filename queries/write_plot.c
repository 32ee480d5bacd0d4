/* write_plot.c - the canvas every picture is drawn on (cairo, SVG/PNG/PDF to a FILE), text,
 * palettes and axis ticks.
 *
 * Invariant: the FILE is written only through write_cb, which stops at the first failed
 * write and keeps its errno; coauth_canvas_close turns that, or any cairo error, into a
 * coauth_status and releases the canvas on every path. A PDF gets no CreationDate (cairo
 * 1.16 leaves it out when the date metadata is set to an empty string), so the same
 * picture gives the same bytes.
 */
#include "write_plot_internal.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <string.h>
#include <strings.h>

const uint32_t coauth_plot_palette[COAUTH_PLOT_N_PALETTE] = {
    0x4e79a7, /* blue */
    0xf28e2b, /* orange */
    0xe15759, /* red */
    0x59a14f, /* green */
    0xb07aa1, /* purple */
    0x76b7b2, /* teal */
    0xedc948, /* yellow */
    0x9c755f, /* brown */
    0xff9da7, /* pink */
};

const char *coauth_cairo_version(void)
{
    return cairo_version_string();
}

void coauth_plot_cleanup(void)
{
    /* cairo's font caches hold fontconfig patterns: those go first, then fontconfig's
     * own configuration (the order fontconfig's FcFini documentation asks for). */
    cairo_debug_reset_static_data();
    FcFini();
}

coauth_status coauth_plot_format_of(const char *path, enum coauth_plot_format *out,
                                    coauth_error *err)
{
    static const struct {
        const char *ext;
        enum coauth_plot_format fmt;
    } exts[] = {{".svg", COAUTH_PLOT_SVG}, {".png", COAUTH_PLOT_PNG}, {".pdf", COAUTH_PLOT_PDF}};
    const char *dot = path ? strrchr(path, '.') : NULL;
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (dot && (!slash || dot > slash))
        for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
            if (strcasecmp(dot, exts[i].ext) == 0) {
                *out = exts[i].fmt;
                return COAUTH_OK;
            }
    if (!path)
        return coauth_fail(err, COAUTH_EINVAL,
                           "a picture needs -o FILE ending in .svg, .png or .pdf");
    return coauth_fail(err, COAUTH_EINVAL,
                       "cannot tell the picture format of '%s' (use .svg, .png or .pdf)", path);
}

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int length)
{
    coauth_canvas *c = closure;
    if (c->write_failed)
        return CAIRO_STATUS_WRITE_ERROR;
    if (length && fwrite(data, 1, length, c->f) != length) {
        c->write_failed = true;
        c->write_errno = errno ? errno : EIO;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

coauth_status coauth_canvas_open(coauth_canvas *c, FILE *f, enum coauth_plot_format fmt, double w,
                                 double h, coauth_error *err)
{
    memset(c, 0, sizeof *c);
    c->f = f;
    c->fmt = fmt;
    c->w = w;
    c->h = h;
    switch (fmt) {
    case COAUTH_PLOT_SVG:
        c->surface = cairo_svg_surface_create_for_stream(write_cb, c, w, h);
        break;
    case COAUTH_PLOT_PDF:
        c->surface = cairo_pdf_surface_create_for_stream(write_cb, c, w, h);
        if (cairo_surface_status(c->surface) == CAIRO_STATUS_SUCCESS)
            cairo_pdf_surface_set_metadata(c->surface, CAIRO_PDF_METADATA_CREATE_DATE, "");
        break;
    case COAUTH_PLOT_PNG:
    default:
        c->surface =
            cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(w * COAUTH_PLOT_PNG_SCALE),
                                       (int)ceil(h * COAUTH_PLOT_PNG_SCALE));
        break;
    }
    cairo_status_t st = cairo_surface_status(c->surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(c->surface);
        c->surface = NULL;
        return coauth_fail(err, st == CAIRO_STATUS_NO_MEMORY ? COAUTH_ENOMEM : COAUTH_EIO,
                           "cannot start a picture: %s", cairo_status_to_string(st));
    }
    c->cr = cairo_create(c->surface);
    st = cairo_status(c->cr);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_destroy(c->cr);
        cairo_surface_destroy(c->surface);
        c->cr = NULL;
        c->surface = NULL;
        return coauth_fail(err, st == CAIRO_STATUS_NO_MEMORY ? COAUTH_ENOMEM : COAUTH_EIO,
                           "cannot start a picture: %s", cairo_status_to_string(st));
    }
    if (fmt == COAUTH_PLOT_PNG)
        cairo_scale(c->cr, COAUTH_PLOT_PNG_SCALE, COAUTH_PLOT_PNG_SCALE);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(c->cr, fo);
    cairo_font_options_destroy(fo);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_paint(c->cr);
    coauth_plot_font(c->cr, 10, false);
    return COAUTH_OK;
}

coauth_status coauth_canvas_close(coauth_canvas *c, coauth_status rc, coauth_error *err)
{
    if (!c->surface)
        return rc;
    cairo_status_t st = cairo_status(c->cr);
    cairo_destroy(c->cr);
    c->cr = NULL;
    if (rc == COAUTH_OK && st == CAIRO_STATUS_SUCCESS) {
        if (c->fmt == COAUTH_PLOT_PNG) {
            cairo_surface_flush(c->surface);
            st = cairo_surface_write_to_png_stream(c->surface, write_cb, c);
        } else {
            cairo_surface_finish(c->surface);
            st = cairo_surface_status(c->surface);
        }
    }
    cairo_surface_destroy(c->surface);
    c->surface = NULL;
    if (rc != COAUTH_OK)
        return rc;
    if (c->write_failed)
        return coauth_fail(err, COAUTH_EIO, "cannot write the picture: %s",
                           strerror(c->write_errno));
    if (st != CAIRO_STATUS_SUCCESS)
        return coauth_fail(err, st == CAIRO_STATUS_NO_MEMORY ? COAUTH_ENOMEM : COAUTH_EIO,
                           "cannot draw the picture: %s", cairo_status_to_string(st));
    return COAUTH_OK;
}

void coauth_plot_rgb(cairo_t *cr, uint32_t rgb, double alpha)
{
    double r = ((rgb >> 16) & 0xff) / 255.0, g = ((rgb >> 8) & 0xff) / 255.0,
           b = (rgb & 0xff) / 255.0;
    if (alpha >= 1.0)
        cairo_set_source_rgb(cr, r, g, b);
    else
        cairo_set_source_rgba(cr, r, g, b, alpha);
}

uint32_t coauth_plot_country_rgb(const char *code)
{
    /* Tableau 20: a country keeps its colour in every picture; neighbours in the code
     * order are spread over the palette by the multiplier. */
    static const uint32_t pal20[20] = {
        0x4e79a7, 0xa0cbe8, 0xf28e2b, 0xffbe7d, 0x59a14f, 0x8cd17d, 0xb6992d,
        0xf1ce63, 0x499894, 0x86bcb6, 0xe15759, 0xff9d9a, 0x79706e, 0xbab0ac,
        0xd37295, 0xfabfd2, 0xb07aa1, 0xd4a6c8, 0x9d7660, 0xd7b5a6,
    };
    unsigned a = (unsigned char)code[0], b = code[0] ? (unsigned char)code[1] : 0;
    return pal20[(a * 26u + b) * 7u % 20u];
}

void coauth_plot_font(cairo_t *cr, double size, bool bold)
{
    cairo_select_font_face(cr, COAUTH_PLOT_FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double coauth_plot_text_width(cairo_t *cr, const char *text)
{
    cairo_text_extents_t te;
    cairo_text_extents(cr, text, &te);
    return te.x_advance;
}

void coauth_plot_text(cairo_t *cr, double x, double y, double align, const char *text)
{
    cairo_move_to(cr, x - align * coauth_plot_text_width(cr, text), y);
    cairo_show_text(cr, text);
    cairo_new_path(cr);
}

void coauth_plot_text_up(cairo_t *cr, double x, double y, double align, const char *text)
{
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, -1.57079632679489662); /* a quarter turn; M_PI is not ISO C */
    coauth_plot_text(cr, 0, 0, align, text);
    cairo_restore(cr);
}

void coauth_plot_font_extents(cairo_t *cr, double *ascent, double *descent)
{
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    *ascent = fe.ascent;
    *descent = fe.descent;
}

double coauth_plot_nice_step(double span, int n)
{
    if (!(span > 0) || n < 1)
        return 1.0;
    double raw = span / n, p = pow(10.0, floor(log10(raw))), m = raw / p;
    return (m <= 1.0 ? 1.0 : m <= 2.0 ? 2.0 : m <= 5.0 ? 5.0 : 10.0) * p;
}

int coauth_plot_year_step(int first, int last, int max_ticks)
{
    static const int steps[] = {1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000};
    int span = last - first;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (span / steps[i] + 1 <= max_ticks)
            return steps[i];
    return 1000;
}
