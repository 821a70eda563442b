/* The HTML renderer (html.h). */
#include "doc/html.h"

#include <string.h>

int doc_html_escape(struct buf *out, const char *text, int br)
{
    int rc = 0;
    for (const char *c = text; rc == 0 && *c; c++) {
        switch (*c) {
        case '&':
            rc = buf_adds(out, "&amp;");
            break;
        case '<':
            rc = buf_adds(out, "&lt;");
            break;
        case '>':
            rc = buf_adds(out, "&gt;");
            break;
        case '"':
            rc = buf_adds(out, "&quot;");
            break;
        case '\'':
            rc = buf_adds(out, "&#39;");
            break;
        case '\n':
            rc = buf_adds(out, br ? "<br>" : " ");
            break;
        default:
            rc = buf_add(out, c, 1);
        }
    }
    return rc;
}

/* <tag class="cls">text</tag> */
static int html_element(struct buf *out, const char *tag, const char *cls,
                        const char *text)
{
    int rc = buf_addf(out, "<%s", tag);
    if (rc == 0 && cls)
        rc = buf_addf(out, " class=\"%s\"", cls);
    if (rc == 0)
        rc = buf_adds(out, ">");
    if (rc == 0)
        rc = doc_html_escape(out, text, 1);
    if (rc == 0)
        rc = buf_addf(out, "</%s>\n", tag);
    return rc;
}

int doc_html(const struct doc *d, const char *stylesheet, struct buf *out)
{
    int rc = buf_adds(out, "<!DOCTYPE html>\n<html lang=\"");
    if (rc == 0)
        rc = doc_html_escape(out, d->lang, 0);
    if (rc == 0)
        rc = buf_adds(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                           "<meta name=\"viewport\" "
                           "content=\"width=device-width, initial-scale=1\">\n"
                           "<title>");
    if (rc == 0)
        rc = doc_html_escape(out, d->name, 0);
    if (rc == 0)
        rc = buf_adds(out, "</title>\n");
    if (rc == 0 && stylesheet && stylesheet[0]) {
        rc = buf_adds(out, "<link rel=\"stylesheet\" href=\"");
        if (rc == 0)
            rc = doc_html_escape(out, stylesheet, 0);
        if (rc == 0)
            rc = buf_adds(out, "\">\n");
    }
    if (rc == 0)
        rc = buf_adds(out, "</head>\n<body class=\"doc\">\n<main>\n");
    int in_table = 0, headed = 0;
    for (size_t i = 0; rc == 0 && i < d->n; i++) {
        const struct doc_block *b = &d->blocks[i];
        if (in_table && b->kind != DOC_ROW) {
            rc = buf_adds(out, "</tbody></table>\n");
            in_table = 0;
        }
        if (rc)
            break;
        switch (b->kind) {
        case DOC_TITLE:
            /* One h1 per page; a second title is a section's. */
            rc = html_element(out, headed ? "h2" : "h1", NULL, b->text);
            headed = 1;
            break;
        case DOC_SUBTITLE:
            rc = html_element(out, "p", "subtitle", b->text);
            break;
        case DOC_HEADING:
            rc = html_element(out, "h2", NULL, b->text);
            break;
        case DOC_PARAGRAPH:
            rc = html_element(out, "p", NULL, b->text);
            break;
        case DOC_NOTE:
            rc = html_element(out, "p", "note", b->text);
            break;
        case DOC_ROW:
            if (!in_table)
                rc = buf_adds(out, "<table><tbody>\n");
            in_table = 1;
            if (rc == 0)
                rc = buf_adds(out, "<tr><th scope=\"row\">");
            if (rc == 0)
                rc = doc_html_escape(out, b->label, 1);
            if (rc == 0)
                rc = buf_adds(out, "</th><td>");
            if (rc == 0)
                rc = doc_html_escape(out, b->text, 1);
            if (rc == 0)
                rc = buf_adds(out, "</td></tr>\n");
            break;
        case DOC_PAGE_BREAK:
            rc = buf_adds(out, "<div class=\"page-break\"></div>\n");
            break;
        }
    }
    if (rc == 0 && in_table)
        rc = buf_adds(out, "</tbody></table>\n");
    if (rc == 0)
        rc = buf_adds(out, "</main>\n");
    if (rc == 0 && d->footer[0])
        rc = html_element(out, "footer", NULL, d->footer);
    if (rc == 0)
        rc = buf_adds(out, "</body>\n</html>\n");
    return rc;
}
