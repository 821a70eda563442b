/*
 * The PDF renderer (pdf.h). The document is drawn twice: once to count its
 * pages, into a PDF surface that writes nowhere, then for real with the
 * count known for the footers. Both passes use the same kind of surface,
 * so that their text metrics, and so their page breaks, are the same.
 */
#include "doc/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#define MM        (72.0 / 25.4)
#define MARGIN_X  (20 * MM)
#define MARGIN_T  (20 * MM)
#define MARGIN_B  (24 * MM)
#define FOOTER_Y  (DOC_A4_HEIGHT - 14 * MM)
#define LABEL_W   0.34 /* of the text's width */
#define ROW_PAD   3.0
#define ROW_GAP   8.0
#define KEEP_NEXT 48.0 /* room a heading needs below it */

/* The look of each kind of block: font, colour, space around. */
static const struct {
    const char *font;
    double grey; /* 0 black */
    double before, after;
} doc_styles[] = {
    [DOC_TITLE] = {DOC_FONT " Bold 15", 0, 0, 4},
    [DOC_SUBTITLE] = {DOC_FONT " 12.5", 0.15, 0, 10},
    [DOC_HEADING] = {DOC_FONT " Bold 11", 0, 10, 4},
    [DOC_PARAGRAPH] = {DOC_FONT " 9.5", 0, 0, 6},
    [DOC_NOTE] = {DOC_FONT " 8", 0.3, 0, 4},
    [DOC_ROW] = {DOC_FONT " 9.5", 0, 0, 0},
    [DOC_PAGE_BREAK] = {DOC_FONT " 9.5", 0, 0, 0},
};
#define LABEL_FONT  DOC_FONT " Bold 9"
#define FOOTER_FONT DOC_FONT " 7.5"

struct pdf {
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoContext *pango;
    const struct doc *d;
    double y;   /* where the next block starts on this page */
    int page;   /* 1-based */
    int total;  /* pages in all, or 0 while counting */
    int in_row; /* the block before was a row */
    struct buf *out;
    int failed; /* writing to out failed */
};

static const double doc_width = DOC_A4_WIDTH - 2 * MARGIN_X;
static const double doc_bottom = DOC_A4_HEIGHT - MARGIN_B;

static cairo_status_t pdf_write(void *closure, const unsigned char *data,
                                unsigned int len)
{
    struct pdf *p = closure;
    if (!p->out)
        return CAIRO_STATUS_SUCCESS; /* counting pages */
    if (buf_add(p->out, data, len) != 0) {
        p->failed = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* A layout of text in font, width points wide (0: unbounded). */
static PangoLayout *pdf_layout(struct pdf *p, const char *font,
                               const char *text, double width)
{
    PangoLayout *l = pango_layout_new(p->pango);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(l, text, -1);
    return l;
}

static double pdf_height(PangoLayout *l)
{
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return h / (double)PANGO_SCALE;
}

static void pdf_grey(struct pdf *p, double g)
{
    cairo_set_source_rgb(p->cr, g, g, g);
}

static void pdf_footer(struct pdf *p)
{
    char pages[64];
    snprintf(pages, sizeof(pages), "sida %d av %d", p->page, p->total);
    pdf_grey(p, 0.3);
    PangoLayout *l = pdf_layout(p, FOOTER_FONT, pages, 0);
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    double right = DOC_A4_WIDTH - MARGIN_X - w / (double)PANGO_SCALE;
    cairo_move_to(p->cr, right, FOOTER_Y);
    pango_cairo_show_layout(p->cr, l);
    g_object_unref(l);
    if (p->d->footer[0]) {
        l = pdf_layout(p, FOOTER_FONT, p->d->footer, right - MARGIN_X - 12);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        cairo_move_to(p->cr, MARGIN_X, FOOTER_Y);
        pango_cairo_show_layout(p->cr, l);
        g_object_unref(l);
    }
    cairo_set_line_width(p->cr, 0.5);
    pdf_grey(p, 0.6);
    cairo_move_to(p->cr, MARGIN_X, FOOTER_Y - 4);
    cairo_line_to(p->cr, DOC_A4_WIDTH - MARGIN_X, FOOTER_Y - 4);
    cairo_stroke(p->cr);
}

static void pdf_new_page(struct pdf *p)
{
    pdf_footer(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN_T;
    p->in_row = 0;
}

/* Room left on this page below y. */
static double pdf_room(const struct pdf *p)
{
    return doc_bottom - p->y;
}

/*
 * Draws l at x from p->y line by line, going on to the next page when a
 * line does not fit; p->y ends below its last line.
 */
static void pdf_lines(struct pdf *p, PangoLayout *l, double x)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    double base = p->y; /* where the layout's top would be on this page */
    do {
        PangoRectangle r;
        pango_layout_iter_get_line_extents(it, NULL, &r);
        double top = base + r.y / (double)PANGO_SCALE;
        double h = r.height / (double)PANGO_SCALE;
        if (top + h > doc_bottom && top > MARGIN_T + 0.5) {
            pdf_new_page(p);
            base = MARGIN_T - r.y / (double)PANGO_SCALE;
            top = MARGIN_T;
        }
        cairo_move_to(p->cr, x,
                      base + pango_layout_iter_get_baseline(it) /
                                 (double)PANGO_SCALE);
        pango_cairo_show_layout_line(p->cr,
                                     pango_layout_iter_get_line_readonly(it));
        p->y = top + h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

/* A label/value row of a table, with a rule below it. */
static void pdf_row(struct pdf *p, const struct doc_block *b)
{
    double label_w = doc_width * LABEL_W;
    double value_w = doc_width - label_w - ROW_GAP;
    PangoLayout *label = pdf_layout(p, LABEL_FONT, b->label, label_w);
    PangoLayout *value =
        pdf_layout(p, doc_styles[DOC_ROW].font, b->text, value_w);
    double lh = pdf_height(label), vh = pdf_height(value);
    double h = (lh > vh ? lh : vh) + 2 * ROW_PAD;
    if (h > pdf_room(p) && p->y > MARGIN_T + 0.5 && h <= doc_bottom - MARGIN_T)
        pdf_new_page(p);
    if (!p->in_row) {
        cairo_set_line_width(p->cr, 0.6);
        pdf_grey(p, 0.55);
        cairo_move_to(p->cr, MARGIN_X, p->y);
        cairo_line_to(p->cr, DOC_A4_WIDTH - MARGIN_X, p->y);
        cairo_stroke(p->cr);
    }
    double top = p->y;
    pdf_grey(p, 0.1);
    cairo_move_to(p->cr, MARGIN_X, top + ROW_PAD);
    pango_cairo_show_layout(p->cr, label);
    pdf_grey(p, 0);
    /* A value taller than the page goes on line by line. */
    int page = p->page;
    p->y = top + ROW_PAD;
    pdf_lines(p, value, MARGIN_X + label_w + ROW_GAP);
    if (p->page == page && p->y < top + ROW_PAD + lh)
        p->y = top + ROW_PAD + lh;
    p->y += ROW_PAD;
    cairo_set_line_width(p->cr, 0.4);
    pdf_grey(p, 0.75);
    cairo_move_to(p->cr, MARGIN_X, p->y);
    cairo_line_to(p->cr, DOC_A4_WIDTH - MARGIN_X, p->y);
    cairo_stroke(p->cr);
    g_object_unref(label);
    g_object_unref(value);
    p->in_row = 1;
}

/* A block of running text: a title, heading, paragraph or note. */
static void pdf_text(struct pdf *p, const struct doc_block *b,
                     const struct doc_block *next)
{
    if (p->in_row)
        p->y += 8; /* after a table */
    p->in_row = 0;
    PangoLayout *l =
        pdf_layout(p, doc_styles[b->kind].font, b->text, doc_width);
    double h = pdf_height(l);
    if (p->y > MARGIN_T + 0.5)
        p->y += doc_styles[b->kind].before;
    /* A heading keeps with what follows it. */
    double keep = b->kind == DOC_HEADING && next ? KEEP_NEXT : 0;
    if (h + keep > pdf_room(p) && p->y > MARGIN_T + 0.5 &&
        h <= doc_bottom - MARGIN_T)
        pdf_new_page(p);
    pdf_grey(p, doc_styles[b->kind].grey);
    pdf_lines(p, l, MARGIN_X);
    p->y += doc_styles[b->kind].after;
    g_object_unref(l);
}

/* Draws the whole document into p's surface; p->page ends as the count. */
static void pdf_draw(struct pdf *p)
{
    p->page = 1;
    p->y = MARGIN_T;
    p->in_row = 0;
    for (size_t i = 0; i < p->d->n; i++) {
        const struct doc_block *b = &p->d->blocks[i];
        const struct doc_block *next = i + 1 < p->d->n ? b + 1 : NULL;
        switch (b->kind) {
        case DOC_ROW:
            pdf_row(p, b);
            break;
        case DOC_PAGE_BREAK:
            if (p->y > MARGIN_T + 0.5)
                pdf_new_page(p);
            break;
        default:
            pdf_text(p, b, next);
            break;
        }
    }
    pdf_footer(p);
    cairo_show_page(p->cr);
}

/* The title, and the date (ISO 8601, as cairo takes it) when there is one,
 * so that the same document gives the same bytes. */
static void pdf_metadata(struct pdf *p)
{
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE,
                                   p->d->name);
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR,
                                   "Randa");
    if (p->d->created[0]) {
        cairo_pdf_surface_set_metadata(
            p->surface, CAIRO_PDF_METADATA_CREATE_DATE, p->d->created);
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_MOD_DATE,
                                       p->d->created);
    }
}

/* One pass: into out, or (out NULL) only to count the pages. */
static int pdf_pass(PangoFontMap *fonts, const struct doc *d, struct buf *out,
                    int total, int *pages, struct err_info *ei)
{
    struct pdf p;
    memset(&p, 0, sizeof(p));
    p.d = d;
    p.out = out;
    p.total = total;
    p.surface = cairo_pdf_surface_create_for_stream(pdf_write, &p, DOC_A4_WIDTH,
                                                    DOC_A4_HEIGHT);
    p.cr = cairo_create(p.surface);
    p.pango = pango_font_map_create_context(fonts);
    pango_cairo_update_context(p.cr, p.pango);
    pango_context_set_language(p.pango, pango_language_from_string(d->lang));
    pdf_metadata(&p);
    pdf_draw(&p);
    *pages = p.page;
    g_object_unref(p.pango);
    cairo_destroy(p.cr);
    cairo_surface_finish(p.surface);
    cairo_status_t st = cairo_surface_status(p.surface);
    cairo_surface_destroy(p.surface);
    if (p.failed)
        return err_set(ei, ERR_TOOBIG, "", "the PDF is larger than allowed");
    if (st != CAIRO_STATUS_SUCCESS)
        return err_set(ei, ERR_IO, "", "cairo: %s", cairo_status_to_string(st));
    return 0;
}

int doc_pdf(const struct doc *d, struct buf *out, int *pages,
            struct err_info *ei)
{
    /* A font map of the call's own, not pango's default one per thread,
     * so that nothing it loads outlives the call. */
    PangoFontMap *fonts = pango_cairo_font_map_new();
    int total = 0, drawn = 0;
    int rc = pdf_pass(fonts, d, NULL, 0, &total, ei);
    if (rc == 0)
        rc = pdf_pass(fonts, d, out, total, &drawn, ei);
    g_object_unref(fonts);
    if (pages)
        *pages = drawn;
    return rc;
}
