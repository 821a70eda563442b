/*
 * A document (doc.h) as a page to read and print in the browser: plain
 * HTML with every text escaped, styled by a stylesheet the page links to
 * (the server's Content-Security-Policy allows no inline style), tables of
 * label/value rows with row headers, and page breaks for print.
 */
#ifndef RANDA_DOC_HTML_H
#define RANDA_DOC_HTML_H

#include "doc/doc.h"
#include "util/buf.h"

/*
 * Appends d as an HTML page to out, linking stylesheet (a URL, "" for
 * none). 0, or ERR_TOOBIG when out's cap is reached.
 */
int doc_html(const struct doc *d, const char *stylesheet, struct buf *out);

/* Appends text to out with &, <, >, " and ' escaped; a newline as <br>
 * when br is set. */
int doc_html_escape(struct buf *out, const char *text, int br);

#endif
