/* A document as a list of blocks (doc.h). */
#include "doc/doc.h"

#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void doc_init(struct doc *d, const char *name)
{
    memset(d, 0, sizeof(*d));
    d->name = xstrdup(name);
    d->footer = xstrdup("");
    d->created = xstrdup("");
    d->lang = xstrdup("sv");
}

void doc_release(struct doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->blocks[i].label);
        free(d->blocks[i].text);
    }
    free(d->blocks);
    free(d->name);
    free(d->footer);
    free(d->created);
    free(d->lang);
    memset(d, 0, sizeof(*d));
}

static void doc_replace(char **field, const char *text)
{
    free(*field);
    *field = xstrdup(text ? text : "");
}

void doc_set_footer(struct doc *d, const char *text)
{
    doc_replace(&d->footer, text);
}

void doc_set_created(struct doc *d, const char *timestamp)
{
    doc_replace(&d->created, timestamp);
}

static void doc_add(struct doc *d, enum doc_kind kind, const char *label,
                    const char *text)
{
    xgrow((void **)&d->blocks, &d->cap, d->n + 1, sizeof(*d->blocks));
    struct doc_block *b = &d->blocks[d->n++];
    b->kind = kind;
    b->label = label ? xstrdup(label) : NULL;
    b->text = xstrdup(text ? text : "");
}

void doc_title(struct doc *d, const char *text)
{
    doc_add(d, DOC_TITLE, NULL, text);
}

void doc_subtitle(struct doc *d, const char *text)
{
    doc_add(d, DOC_SUBTITLE, NULL, text);
}

void doc_heading(struct doc *d, const char *text)
{
    doc_add(d, DOC_HEADING, NULL, text);
}

void doc_para(struct doc *d, const char *text)
{
    doc_add(d, DOC_PARAGRAPH, NULL, text);
}

void doc_note(struct doc *d, const char *text)
{
    doc_add(d, DOC_NOTE, NULL, text);
}

void doc_row(struct doc *d, const char *label, const char *value)
{
    doc_add(d, DOC_ROW, label ? label : "", value);
}

void doc_page_break(struct doc *d)
{
    doc_add(d, DOC_PAGE_BREAK, NULL, "");
}

/* vsnprintf into a new string. */
static char *doc_vformat(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *s = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    s[0] = '\0';
    if (n > 0)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

void doc_paraf(struct doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = doc_vformat(fmt, ap);
    va_end(ap);
    doc_para(d, s);
    free(s);
}

void doc_rowf(struct doc *d, const char *label, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = doc_vformat(fmt, ap);
    va_end(ap);
    doc_row(d, label, s);
    free(s);
}
