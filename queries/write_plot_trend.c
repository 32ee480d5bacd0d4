/* write_plot_trend.c - series by year: the international share of countries (`plot trend
 * --country`) and the papers of a pair with its first-author shares (`plot trend
 * --pair`), drawn from coauth_intl_result / coauth_pair_result.
 *
 * Invariant: a year is a band of equal width on the x axis, its point at the band's
 * centre (bars and lines line up); a share is drawn only for a year with papers, and a
 * line joins two points only in consecutive years, so a year without papers is a gap,
 * never a drop to 0. Nothing is written before the data is known to hold a paper.
 */
#include "write_plot_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INK   0x222222u
#define MUTED 0x666666u
#define GRID  0xe3e3e3u

typedef struct frame {
    double x0, x1, y0, y1; /* plot area, y0 at the top */
    int32_t first, last;   /* years */
    double ymax;           /* value at y0 (the bottom is 0) */
} frame;

static double band(const frame *f)
{
    return (f->x1 - f->x0) / (double)(f->last - f->first + 1);
}

static double xat(const frame *f, int32_t year)
{
    return f->x0 + ((double)(year - f->first) + 0.5) * band(f);
}

static double yat(const frame *f, double v)
{
    return f->y1 - v / f->ymax * (f->y1 - f->y0);
}

static void title(cairo_t *cr, double x, const char *head, const char *sub)
{
    coauth_plot_rgb(cr, INK, 1);
    coauth_plot_font(cr, 13, true);
    coauth_plot_text(cr, x, 22, 0, head);
    if (sub) {
        coauth_plot_rgb(cr, MUTED, 1);
        coauth_plot_font(cr, 9, false);
        coauth_plot_text(cr, x, 37, 0, sub);
    }
}

/* Horizontal grid lines and labels of the y axis, 0 to ymax by step; percent: "20%". */
static void y_axis(cairo_t *cr, const frame *f, double step, bool percent, const char *name)
{
    coauth_plot_font(cr, 9, false);
    for (int i = 0;; i++) {
        double v = i * step;
        if (v > f->ymax * (1 + 1e-9))
            break;
        double y = yat(f, v);
        if (i > 0) {
            coauth_plot_rgb(cr, GRID, 1);
            cairo_set_line_width(cr, 0.6);
            cairo_move_to(cr, f->x0, y);
            cairo_line_to(cr, f->x1, y);
            cairo_stroke(cr);
        }
        char lab[32];
        if (percent)
            snprintf(lab, sizeof lab, "%g%%", v);
        else
            snprintf(lab, sizeof lab, "%g", v);
        coauth_plot_rgb(cr, MUTED, 1);
        coauth_plot_text(cr, f->x0 - 5, y + 3.2, 1, lab);
    }
    coauth_plot_rgb(cr, INK, 1);
    coauth_plot_font(cr, 10, false);
    coauth_plot_text_up(cr, 16, (f->y0 + f->y1) / 2, 0.5, name);
}

/* The baseline, year ticks and (when `labels`) year labels below it. */
static void x_axis(cairo_t *cr, const frame *f, bool labels)
{
    coauth_plot_rgb(cr, 0x444444u, 1);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, f->x0, f->y1);
    cairo_line_to(cr, f->x1, f->y1);
    cairo_stroke(cr);
    coauth_plot_font(cr, 9, false);
    int step = coauth_plot_year_step(f->first, f->last, (int)((f->x1 - f->x0) / 34));
    for (int32_t yr = f->first; yr <= f->last; yr++) {
        if (yr % step != 0 && !(step > f->last - f->first && yr == f->first))
            continue;
        double x = xat(f, yr);
        coauth_plot_rgb(cr, 0x444444u, 1);
        cairo_move_to(cr, x, f->y1);
        cairo_line_to(cr, x, f->y1 + 3.5);
        cairo_stroke(cr);
        if (labels) {
            char lab[16];
            snprintf(lab, sizeof lab, "%" PRId32, yr);
            coauth_plot_rgb(cr, MUTED, 1);
            coauth_plot_text(cr, x, f->y1 + 14, 0.5, lab);
        }
    }
}

/* Marker radius for a point resting on `papers` of the largest `pmax` (area by papers;
 * pmax 0: all the same size). */
static double marker(uint64_t papers, uint64_t pmax)
{
    if (pmax == 0)
        return 2.4;
    return 1.6 + 4.4 * sqrt((double)papers / (double)pmax);
}

/* One series of shares: v[i] for year first + i, has[i] false = no point; the marker
 * of year i has area by papers[i] (NULL: one size). */
static void series(cairo_t *cr, const frame *f, const double *v, const bool *has,
                   const uint64_t *papers, uint64_t pmax, uint32_t rgb)
{
    size_t n = (size_t)(f->last - f->first + 1);
    coauth_plot_rgb(cr, rgb, 1);
    cairo_set_line_width(cr, 1.8);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    for (size_t i = 0; i < n; i++) {
        if (!has[i])
            continue;
        double x = xat(f, f->first + (int32_t)i), y = yat(f, v[i]);
        if (i > 0 && has[i - 1])
            cairo_line_to(cr, x, y);
        else
            cairo_move_to(cr, x, y);
    }
    cairo_stroke(cr);
    for (size_t i = 0; i < n; i++) {
        if (!has[i])
            continue;
        cairo_arc(cr, xat(f, f->first + (int32_t)i), yat(f, v[i]),
                  marker(papers ? papers[i] : 0, papers ? pmax : 0), 0, 2 * 3.14159265358979);
        coauth_plot_rgb(cr, rgb, 1);
        cairo_fill_preserve(cr);
        coauth_plot_rgb(cr, 0xffffffu, 1);
        cairo_set_line_width(cr, 0.7);
        cairo_stroke(cr);
    }
}

static void legend_entry(cairo_t *cr, double x, double y, uint32_t rgb, const char *head,
                         const char *sub)
{
    coauth_plot_rgb(cr, rgb, 1);
    cairo_set_line_width(cr, 1.8);
    cairo_move_to(cr, x, y - 3.5);
    cairo_line_to(cr, x + 18, y - 3.5);
    cairo_stroke(cr);
    cairo_arc(cr, x + 9, y - 3.5, 2.4, 0, 2 * 3.14159265358979);
    cairo_fill(cr);
    coauth_plot_rgb(cr, INK, 1);
    coauth_plot_font(cr, 10, true);
    coauth_plot_text(cr, x + 24, y, 0, head);
    if (sub) {
        coauth_plot_rgb(cr, MUTED, 1);
        coauth_plot_font(cr, 8.5, false);
        coauth_plot_text(cr, x + 24, y + 11, 0, sub);
    }
}

static void year_range(char *buf, size_t n, int32_t a, int32_t b)
{
    if (a == b)
        snprintf(buf, n, "%" PRId32, a);
    else
        snprintf(buf, n, "%" PRId32 "\xe2\x80\x93%" PRId32, a, b); /* en dash */
}

/* ---- international share ---------------------------------------------------------- */

typedef struct country_series {
    char code[3];
    size_t first_row, n_rows;
    uint64_t papers;
} country_series;

static int series_cmp(const void *a, const void *b)
{
    const country_series *x = a, *y = b;
    if (x->papers != y->papers)
        return x->papers > y->papers ? -1 : 1;
    return strcmp(x->code, y->code);
}

coauth_status coauth_plot_intl_trend(FILE *f, enum coauth_plot_format fmt,
                                     const coauth_intl_result *r, size_t max_series,
                                     coauth_error *err)
{
    if (r->by != COAUTH_BY_COUNTRY_YEAR)
        return coauth_fail(err, COAUTH_EINVAL, "a trend needs the intl result by country and year");
    if (max_series == 0)
        max_series = COAUTH_PLOT_MAX_SERIES;
    coauth_status rc = COAUTH_OK;
    country_series *cs = NULL;
    double *v = NULL;
    bool *has = NULL;
    uint64_t *pp = NULL, pmax = 0;
    size_t n_cs = 0;
    int32_t first = INT32_MAX, last = INT32_MIN;

    cs = malloc((r->n_rows ? r->n_rows : 1) * sizeof *cs);
    if (!cs)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory drawing a trend");
    for (size_t i = 0; i < r->n_rows; i++) {
        const coauth_intl_row *row = &r->rows[i];
        if (row->year == 0)
            continue;
        if (n_cs == 0 || strcmp(cs[n_cs - 1].code, row->country) != 0) {
            cs[n_cs] = (country_series){.first_row = i};
            memcpy(cs[n_cs].code, row->country, 3);
            n_cs++;
        }
        cs[n_cs - 1].n_rows = i + 1 - cs[n_cs - 1].first_row;
        cs[n_cs - 1].papers += row->papers;
    }
    qsort(cs, n_cs, sizeof *cs, series_cmp);
    if (n_cs > max_series)
        n_cs = max_series;
    while (n_cs > 0 && cs[n_cs - 1].papers == 0)
        n_cs--; /* sorted by papers: countries without any paper are last */
    for (size_t s = 0; s < n_cs; s++)
        for (size_t i = cs[s].first_row; i < cs[s].first_row + cs[s].n_rows; i++) {
            if (r->rows[i].year < first)
                first = r->rows[i].year;
            if (r->rows[i].year > last)
                last = r->rows[i].year;
        }
    if (n_cs == 0) {
        free(cs);
        return coauth_fail(err, COAUTH_EINVAL, COAUTH_PLOT_NO_DATA);
    }
    size_t n_years = (size_t)(last - first + 1);
    v = calloc(n_years * n_cs, sizeof *v);
    has = calloc(n_years * n_cs, sizeof *has);
    pp = calloc(n_years * n_cs, sizeof *pp);
    if (!v || !has || !pp) {
        rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory drawing a trend");
        goto out;
    }
    double vmax = 0;
    for (size_t s = 0; s < n_cs; s++)
        for (size_t i = cs[s].first_row; i < cs[s].first_row + cs[s].n_rows; i++) {
            const coauth_intl_row *row = &r->rows[i];
            if (row->papers == 0)
                continue;
            size_t k = s * n_years + (size_t)(row->year - first);
            v[k] = 100.0 * (double)row->international / (double)row->papers;
            has[k] = true;
            pp[k] = row->papers;
            if (row->papers > pmax)
                pmax = row->papers;
            if (v[k] > vmax)
                vmax = v[k];
        }

    coauth_canvas c;
    if ((rc = coauth_canvas_open(&c, f, fmt, 576, 360, err)))
        goto out;
    cairo_t *cr = c.cr;
    frame fr = {.x0 = 56, .x1 = 576 - 124, .y0 = 54, .y1 = 360 - 40, .first = first, .last = last};
    double step = coauth_plot_nice_step(vmax > 10 ? vmax : 10, 5);
    fr.ymax = ceil((vmax > 10 ? vmax : 10) / step - 1e-9) * step;
    if (fr.ymax > 100)
        fr.ymax = 100;
    char yrs[32], sub[160];
    year_range(yrs, sizeof yrs, first, last);
    snprintf(sub, sizeof sub,
             "papers with authors in two or more countries, %% of the country's papers, %s", yrs);
    title(cr, fr.x0, "International co-authorship by year", sub);
    y_axis(cr, &fr, step, true, "International share");
    x_axis(cr, &fr, true);
    for (size_t s = n_cs; s-- > 0;) /* the largest country drawn last, on top */
        series(cr, &fr, v + s * n_years, has + s * n_years, pp + s * n_years, pmax,
               coauth_plot_palette[s % COAUTH_PLOT_N_PALETTE]);
    for (size_t s = 0; s < n_cs; s++) {
        char papers[48];
        snprintf(papers, sizeof papers, "%" PRIu64 " paper%s", cs[s].papers,
                 cs[s].papers == 1 ? "" : "s");
        legend_entry(cr, fr.x1 + 16, fr.y0 + 8 + (double)s * 28,
                     coauth_plot_palette[s % COAUTH_PLOT_N_PALETTE], cs[s].code, papers);
    }
    coauth_plot_rgb(cr, MUTED, 1);
    coauth_plot_font(cr, 8.5, false);
    coauth_plot_text(cr, fr.x1 + 16, fr.y0 + 14 + (double)n_cs * 28, 0, "marker area: the");
    coauth_plot_text(cr, fr.x1 + 16, fr.y0 + 25 + (double)n_cs * 28, 0, "country's papers");
    coauth_plot_text(cr, fr.x1 + 16, fr.y0 + 36 + (double)n_cs * 28, 0, "that year");
    coauth_plot_rgb(cr, INK, 1);
    coauth_plot_font(cr, 10, false);
    coauth_plot_text(cr, (fr.x0 + fr.x1) / 2, 360 - 8, 0.5, "Publication year");
    rc = coauth_canvas_close(&c, COAUTH_OK, err);
out:
    free(cs);
    free(v);
    free(has);
    free(pp);
    return rc;
}

/* ---- a pair ----------------------------------------------------------------------- */

coauth_status coauth_plot_pair_trend(FILE *f, enum coauth_plot_format fmt,
                                     const coauth_pair_result *r, coauth_error *err)
{
    if (r->by != COAUTH_PAIR_BY_YEAR)
        return coauth_fail(err, COAUTH_EINVAL, "a trend needs the pair result by year");
    uint64_t total = 0, pmax = 0;
    int32_t first = INT32_MAX, last = INT32_MIN;
    for (size_t i = 0; i < r->n_rows; i++) {
        const coauth_pair_row *row = &r->rows[i];
        total += row->papers;
        if (row->papers > pmax)
            pmax = row->papers;
        if (row->year < first)
            first = row->year;
        if (row->year > last)
            last = row->year;
    }
    if (total == 0)
        return coauth_fail(err, COAUTH_EINVAL, COAUTH_PLOT_NO_DATA);
    size_t n_years = (size_t)(last - first + 1);
    coauth_status rc = COAUTH_OK;
    double *v = calloc(2 * n_years, sizeof *v);
    bool *has = calloc(2 * n_years, sizeof *has);
    uint64_t *pp = calloc(n_years, sizeof *pp);
    if (!v || !has || !pp) {
        rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory drawing a trend");
        goto out;
    }
    uint64_t first_a = 0, first_b = 0;
    for (size_t i = 0; i < r->n_rows; i++) {
        const coauth_pair_row *row = &r->rows[i];
        if (row->papers == 0)
            continue;
        size_t k = (size_t)(row->year - first);
        v[k] = 100.0 * (double)row->first_a / (double)row->papers;
        v[n_years + k] = 100.0 * (double)row->first_b / (double)row->papers;
        has[k] = has[n_years + k] = true;
        pp[k] = row->papers;
        first_a += row->first_a;
        first_b += row->first_b;
    }

    const double W = 576, H = 420;
    coauth_canvas c;
    if ((rc = coauth_canvas_open(&c, f, fmt, W, H, err)))
        goto out;
    cairo_t *cr = c.cr;
    char head[64], sub[200], yrs[32];
    snprintf(head, sizeof head, "%s\xe2\x80\x93%s co-authored papers by year", r->country_a,
             r->country_b);
    year_range(yrs, sizeof yrs, first, last);
    snprintf(sub, sizeof sub, "%" PRIu64 " paper%s with authors in both countries, %s", total,
             total == 1 ? "" : "s", yrs);
    title(cr, 56, head, sub);

    /* top panel: papers per year */
    frame top = {.x0 = 56, .x1 = W - 20, .y0 = 54, .y1 = 196, .first = first, .last = last};
    double step = coauth_plot_nice_step((double)pmax, 4);
    if (step < 1)
        step = 1;
    top.ymax = ceil((double)pmax / step - 1e-9) * step;
    y_axis(cr, &top, step, false, "Papers");
    double bw = band(&top) * 0.7;
    coauth_plot_rgb(cr, 0x8da0b8u, 1);
    for (size_t i = 0; i < r->n_rows; i++) {
        const coauth_pair_row *row = &r->rows[i];
        if (row->papers == 0)
            continue;
        double x = xat(&top, row->year), y = yat(&top, (double)row->papers);
        cairo_rectangle(cr, x - bw / 2, y, bw, top.y1 - y);
    }
    cairo_fill(cr);
    x_axis(cr, &top, false);

    /* bottom panel: first-author shares */
    frame bot = {
        .x0 = 56, .x1 = W - 20, .y0 = 238, .y1 = H - 40, .first = first, .last = last, .ymax = 100};
    y_axis(cr, &bot, 25, true, "First author");
    x_axis(cr, &bot, true);
    series(cr, &bot, v + n_years, has + n_years, pp, pmax, coauth_plot_palette[1]);
    series(cr, &bot, v, has, pp, pmax, coauth_plot_palette[0]);
    /* the bottom panel's legend, one row above it */
    const char *codes[2] = {r->country_a, r->country_b};
    uint64_t firsts[2] = {first_a, first_b};
    double lx = bot.x0, ly = bot.y0 - 12;
    coauth_plot_rgb(cr, INK, 1);
    coauth_plot_font(cr, 9.5, true);
    coauth_plot_text(cr, lx, ly, 0, "First author in:");
    lx += coauth_plot_text_width(cr, "First author in:") + 12;
    for (int k = 0; k < 2; k++) {
        char lab[96];
        snprintf(lab, sizeof lab, "%s (%" PRIu64 " of %" PRIu64 " papers)", codes[k], firsts[k],
                 total);
        coauth_plot_rgb(cr, coauth_plot_palette[k], 1);
        cairo_set_line_width(cr, 1.8);
        cairo_move_to(cr, lx, ly - 3.5);
        cairo_line_to(cr, lx + 18, ly - 3.5);
        cairo_stroke(cr);
        cairo_arc(cr, lx + 9, ly - 3.5, 2.8, 0, 2 * 3.14159265358979);
        cairo_fill(cr);
        coauth_plot_rgb(cr, INK, 1);
        coauth_plot_font(cr, 9.5, false);
        coauth_plot_text(cr, lx + 23, ly, 0, lab);
        lx += 23 + coauth_plot_text_width(cr, lab) + 16;
    }
    coauth_plot_rgb(cr, MUTED, 1);
    coauth_plot_font(cr, 8.5, false);
    coauth_plot_text(cr, bot.x1, ly, 1, "marker area: papers that year");
    coauth_plot_rgb(cr, INK, 1);
    coauth_plot_font(cr, 10, false);
    coauth_plot_text(cr, (bot.x0 + bot.x1) / 2, H - 8, 0.5, "Publication year");
    rc = coauth_canvas_close(&c, COAUTH_OK, err);
out:
    free(v);
    free(has);
    free(pp);
    return rc;
}
