/* write_plot_internal.h - what the picture writers share: a cairo canvas writing SVG, PNG or
 * PDF to the caller's FILE, text in DejaVu Sans, the palettes, axis ticks.
 *
 * Invariant: coordinates are points (1/72 inch) in every format; a PNG is rendered at
 * COAUTH_PLOT_PNG_SCALE pixels per point. Every byte reaches the FILE through one write
 * callback, which records the first failed write (errno), so a full disk becomes
 * COAUTH_EIO from coauth_canvas_close. Text metrics are unhinted (hint style and metrics off),
 * so a text measures the same in every format.
 */
#ifndef COAUTH_WRITE_PLOT_INTERNAL_H
#define COAUTH_WRITE_PLOT_INTERNAL_H

#include <coauth/plot.h>

#include <cairo.h>
#include <stdbool.h>

#define COAUTH_PLOT_PNG_SCALE 1.5 /* pixels per point in a PNG */
#define COAUTH_PLOT_FONT      "DejaVu Sans"

typedef struct coauth_canvas {
    cairo_surface_t *surface; /* SVG/PDF: the stream surface; PNG: an RGB24 image */
    cairo_t *cr;
    FILE *f;
    enum coauth_plot_format fmt;
    double w, h; /* in points */
    bool write_failed;
    int write_errno;
} coauth_canvas;

/* A w x h point canvas writing to f, painted white, font set to COAUTH_PLOT_FONT 10 pt. On
 * failure nothing needs releasing. */
COAUTH_NODISCARD coauth_status coauth_canvas_open(coauth_canvas *c, FILE *f,
                                                  enum coauth_plot_format fmt, double w, double h,
                                                  coauth_error *err);
/* Finish the picture (a PNG is encoded here) and release the canvas, on every path.
 * `rc` is the drawing's status so far: when not COAUTH_OK the canvas is only released
 * and rc returned. */
COAUTH_NODISCARD coauth_status coauth_canvas_close(coauth_canvas *c, coauth_status rc,
                                                   coauth_error *err);

/* Colours as 0xRRGGBB. */
void coauth_plot_rgb(cairo_t *cr, uint32_t rgb, double alpha);
/* The qualitative palette (Tableau 10 without its grey): COAUTH_PLOT_N_PALETTE colours. */
#define COAUTH_PLOT_N_PALETTE 9
extern const uint32_t coauth_plot_palette[COAUTH_PLOT_N_PALETTE];
#define COAUTH_PLOT_OTHER 0xb8b8b8u /* communities past the palette */
/* A fixed colour for a country code (the same in every picture). */
uint32_t coauth_plot_country_rgb(const char *code);

/* Font: COAUTH_PLOT_FONT at `size` points, bold or not. */
void coauth_plot_font(cairo_t *cr, double size, bool bold);
/* Advance width of UTF-8 text in the current font. */
double coauth_plot_text_width(cairo_t *cr, const char *text);
/* Draw text with its baseline at y; x is the left end (align 0), the centre (0.5) or
 * the right end (1). */
void coauth_plot_text(cairo_t *cr, double x, double y, double align, const char *text);
/* The same, rotated a quarter turn counter-clockwise about (x, y) (a y-axis title). */
void coauth_plot_text_up(cairo_t *cr, double x, double y, double align, const char *text);
/* Ascent and descent of the current font. */
void coauth_plot_font_extents(cairo_t *cr, double *ascent, double *descent);

/* A "nice" tick step (1, 2 or 5 times a power of ten) for about n ticks over span. */
double coauth_plot_nice_step(double span, int n);
/* A year step (1, 2, 5, 10, 20, 25, 50, ...) giving at most max_ticks ticks. */
int coauth_plot_year_step(int first, int last, int max_ticks);

#endif
