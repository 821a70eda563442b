/*
 * A document as a list of blocks, for the printable documents Randa makes
 * (the certificates of issue 13): titles, headings, paragraphs, small print,
 * tables of label/value rows and page breaks. What the blocks say is the
 * caller's; how they look is the renderer's: pdf.h draws A4 pages with
 * page numbers, html.h writes a page to print from the browser. The doc
 * layer knows nothing of the store or the API: api -> doc -> util.
 *
 * Text is UTF-8 and taken as plain text (no markup); a newline in it
 * breaks the line. Strings are copied.
 */
#ifndef RANDA_DOC_DOC_H
#define RANDA_DOC_DOC_H

#include <stddef.h>

enum doc_kind {
    DOC_TITLE,      /* the document's title, large, at its head */
    DOC_SUBTITLE,   /* under the title */
    DOC_HEADING,    /* a section; kept with what follows it */
    DOC_PARAGRAPH,  /* running text */
    DOC_NOTE,       /* small print */
    DOC_ROW,        /* label and value; consecutive rows make one table */
    DOC_PAGE_BREAK, /* what follows starts a new page */
};

struct doc_block {
    enum doc_kind kind;
    char *label; /* DOC_ROW only, else NULL */
    char *text;  /* "" for a page break */
};

struct doc {
    char *name;    /* what the document is called (PDF title, HTML <title>) */
    char *footer;  /* printed at the foot of every page, or "" */
    char *created; /* "YYYY-MM-DDTHH:MM:SSZ", the PDF's date, or "" */
    char *lang;    /* the text's language, "sv" */
    struct doc_block *blocks;
    size_t n, cap;
};

/* Starts an empty document called name, in Swedish. */
void doc_init(struct doc *d, const char *name);
void doc_release(struct doc *d);

void doc_set_footer(struct doc *d, const char *text);
void doc_set_created(struct doc *d, const char *timestamp);

void doc_title(struct doc *d, const char *text);
void doc_subtitle(struct doc *d, const char *text);
void doc_heading(struct doc *d, const char *text);
void doc_para(struct doc *d, const char *text);
void doc_note(struct doc *d, const char *text);
void doc_row(struct doc *d, const char *label, const char *value);
void doc_page_break(struct doc *d);

/* The same with printf-style text. */
void doc_paraf(struct doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void doc_rowf(struct doc *d, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
