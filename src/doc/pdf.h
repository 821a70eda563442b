/*
 * A document (doc.h) as a PDF of A4 pages, drawn with cairo and laid out
 * with pango, which shape Swedish text properly with a font fontconfig
 * finds (DejaVu Sans, from Debian's fonts-dejavu-core; no font file is
 * Randa's own). Every page ends with the document's footer and "sida N av
 * M". Text that does not fit a page goes on to the next, line by line; a
 * heading is never left alone at the foot of a page.
 *
 * Thread-safe: each call lays out with its own cairo surface, pango font
 * map and context.
 */
#ifndef RANDA_DOC_PDF_H
#define RANDA_DOC_PDF_H

#include "doc/doc.h"
#include "util/buf.h"
#include "util/err.h"

/* A4 in PostScript points (1/72 inch). */
#define DOC_A4_WIDTH  595.2756
#define DOC_A4_HEIGHT 841.8898

/* The font every block is set in: a family fontconfig resolves. */
#define DOC_FONT "DejaVu Sans"

/*
 * Appends d as a PDF to out, and its number of pages to *pages (NULL: not
 * wanted). 0, or ERR_TOOBIG when out's cap is reached, ERR_IO when cairo
 * fails (ei says why).
 */
int doc_pdf(const struct doc *d, struct buf *out, int *pages,
            struct err_info *ei);

#endif
