/*
 * The doc layer: a document of blocks rendered as A4 PDF pages (cairo and
 * pango) with "sida N av M" on each, and as an HTML page with every text
 * escaped. The PDFs are read back with poppler's pdftotext and pdfinfo
 * (poppler-utils, installed by scripts/install-deps.sh).
 */
#include "doc/doc.h"
#include "doc/html.h"
#include "doc/pdf.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char pdf_path[64];

static void setup(void)
{
    snprintf(pdf_path, sizeof(pdf_path), "/tmp/randa-doc-%d.pdf",
             (int)getpid());
}

static void teardown(void)
{
    unlink(pdf_path);
}

TestSuite(doc, .init = setup, .fini = teardown);

/* Renders d into pdf_path; returns the number of pages doc_pdf() counted. */
static int render(const struct doc *d)
{
    struct buf out = BUF_INIT(0);
    struct err_info ei = {0};
    int pages = 0;
    cr_assert_eq(doc_pdf(d, &out, &pages, &ei), 0, "%s", ei.msg);
    cr_assert_gt(out.len, 100);
    cr_assert(memcmp(out.data, "%PDF-", 5) == 0);
    FILE *f = fopen(pdf_path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(out.data, 1, out.len, f), out.len);
    fclose(f);
    buf_release(&out);
    return pages;
}

/* What a command prints, as a string the caller frees. */
static char *run(const char *fmt, const char *arg)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), fmt, arg);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "%s", cmd);
    struct buf out = BUF_INIT(0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
        buf_add(&out, chunk, n);
    cr_assert_eq(pclose(p), 0, "%s failed (poppler-utils installed?)", cmd);
    return buf_detach(&out);
}

static char *pdf_text(void)
{
    return run("pdftotext -enc UTF-8 '%s' -", pdf_path);
}

/* pdfinfo's "Pages:" */
static int pdf_pages(void)
{
    char *info = run("pdfinfo '%s'", pdf_path);
    const char *p = strstr(info, "Pages:");
    cr_assert_not_null(p, "%s", info);
    int n = atoi(p + 6);
    free(info);
    return n;
}

Test(doc, swedish_text_comes_back_from_the_pdf_on_one_numbered_page)
{
    struct doc d;
    doc_init(&d, "Intyg för Åsa Öberg");
    doc_set_footer(&d, "Åsa Öberg – Randa");
    doc_title(&d, "Intyg om genomförd utbildningsaktivitet");
    doc_subtitle(&d, "Klinisk tjänstgöring under handledning");
    doc_heading(&d, "Sökande");
    doc_row(&d, "Namn", "Åsa Öberg");
    doc_row(&d, "Handledare", "Ärla Ängström, specialist sedan 2010");
    doc_para(&d, "Delmål STc7 är uppfyllt; ÅÄÖ åäö é ü.");
    doc_note(&d, "Upprättat i Randa.");
    cr_assert_eq(render(&d), 1);
    cr_assert_eq(pdf_pages(), 1);
    char *text = pdf_text();
    static const char *const wants[] = {
        "Intyg om genomförd utbildningsaktivitet",
        "Klinisk tjänstgöring under handledning",
        "Sökande",
        "Åsa Öberg",
        "Ärla Ängström",
        "STc7",
        "ÅÄÖ åäö é ü",
        "sida 1 av 1",
    };
    for (size_t i = 0; i < sizeof(wants) / sizeof(*wants); i++)
        cr_assert_not_null(strstr(text, wants[i]), "no \"%s\" in:\n%s",
                           wants[i], text);
    free(text);
    doc_release(&d);
}

/* How many times needle occurs in hay. */
static int occurrences(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

Test(doc, a_long_document_breaks_into_pages_each_numbered_of_the_total)
{
    struct doc d;
    doc_init(&d, "Lång sammanställning");
    doc_title(&d, "Sammanställning");
    for (int i = 1; i <= 120; i++) {
        if (i % 10 == 1) {
            char h[32];
            snprintf(h, sizeof(h), "Avsnitt %d", i / 10 + 1);
            doc_heading(&d, h);
        }
        char label[16];
        snprintf(label, sizeof(label), "STc%d", i);
        doc_rowf(&d, label,
                 "Delmål %d: uppfyllt genom klinisk tjänstgöring på "
                 "Kvinnokliniken, Sus Lund, och en kurs i förlossningsvård",
                 i);
    }
    int pages = render(&d);
    cr_assert_geq(pages, 3, "%d pages", pages);
    cr_assert_eq(pdf_pages(), pages);
    char *text = pdf_text();
    char want[32];
    for (int p = 1; p <= pages; p++) {
        snprintf(want, sizeof(want), "sida %d av %d", p, pages);
        cr_assert_eq(occurrences(text, want), 1, "\"%s\" in:\n%s", want, text);
    }
    /* Every row is there once: none lost at a page break. */
    for (int i = 1; i <= 120; i++) {
        snprintf(want, sizeof(want), "Delmål %d:", i);
        cr_assert_eq(occurrences(text, want), 1, "%s", want);
    }
    free(text);
    doc_release(&d);
}

Test(doc, a_page_break_starts_a_new_page_and_a_break_at_the_top_does_not)
{
    struct doc d;
    doc_init(&d, "Två sidor");
    doc_page_break(&d); /* at the top of the first page: nothing */
    doc_para(&d, "Första sidan");
    doc_page_break(&d);
    doc_page_break(&d); /* twice: still one new page */
    doc_para(&d, "Andra sidan");
    cr_assert_eq(render(&d), 2);
    cr_assert_eq(pdf_pages(), 2);
    char *text = pdf_text();
    const char *one = strstr(text, "Första sidan");
    const char *two = strstr(text, "Andra sidan");
    cr_assert(one && two && one < two);
    /* pdftotext ends each page with a form feed. */
    cr_assert_not_null(memchr(one, '\f', (size_t)(two - one)));
    free(text);
    doc_release(&d);
}

Test(doc, text_taller_than_a_page_goes_on_over_the_next_pages)
{
    struct doc d;
    doc_init(&d, "Lång text");
    struct buf long_text = BUF_INIT(0);
    for (int i = 1; i <= 150; i++)
        buf_addf(&long_text, "Rad %d av den långa anteckningen.\n", i);
    doc_row(&d, "Anteckning", long_text.data);
    doc_para(&d, long_text.data);
    buf_release(&long_text);
    int pages = render(&d);
    cr_assert_geq(pages, 4, "%d pages", pages);
    char *text = pdf_text();
    cr_assert_eq(occurrences(text, "Rad 150 av den långa"), 2);
    cr_assert_eq(occurrences(text, "Rad 1 av den långa"), 2);
    free(text);
    doc_release(&d);
}

/* Whether b holds text (b may hold NUL bytes). */
static int has_bytes(const struct buf *b, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, text, n) == 0)
            return 1;
    return 0;
}

Test(doc, the_same_document_gives_the_same_bytes)
{
    struct doc d;
    doc_init(&d, "Samma");
    doc_set_created(&d, "2026-11-23T10:00:00Z");
    doc_title(&d, "Intyg");
    doc_row(&d, "Namn", "Örjan Åberg");
    struct buf a = BUF_INIT(0), b = BUF_INIT(0);
    struct err_info ei = {0};
    cr_assert_eq(doc_pdf(&d, &a, NULL, &ei), 0);
    cr_assert_eq(doc_pdf(&d, &b, NULL, &ei), 0);
    cr_assert_eq(a.len, b.len);
    cr_assert(memcmp(a.data, b.data, a.len) == 0);
    cr_assert(has_bytes(&a, "/CreationDate (20261123100000Z)"));
    buf_release(&a);
    buf_release(&b);
    doc_release(&d);
}

Test(doc, a_pdf_over_the_cap_is_too_big)
{
    struct doc d;
    doc_init(&d, "Stor");
    doc_para(&d, "Text");
    struct buf out = BUF_INIT(64);
    struct err_info ei = {0};
    cr_assert_eq(doc_pdf(&d, &out, NULL, &ei), ERR_TOOBIG);
    buf_release(&out);
    doc_release(&d);
}

Test(doc, html_escapes_every_text_and_makes_rows_a_table)
{
    struct doc d;
    doc_init(&d, "Intyg <Åsa> & \"Öberg\"");
    doc_set_footer(&d, "Randa");
    doc_title(&d, "Intyg");
    doc_subtitle(&d, "Kurs");
    doc_heading(&d, "Sökande");
    doc_row(&d, "Namn", "<script>alert(1)</script>");
    doc_row(&d, "Rader", "ett\ntvå");
    doc_para(&d, "Ö'Brien & co");
    doc_page_break(&d);
    doc_note(&d, "liten text");
    struct buf out = BUF_INIT(0);
    cr_assert_eq(doc_html(&d, "/print.css", &out), 0);
    const char *h = out.data;
    cr_assert(strncmp(h, "<!DOCTYPE html>", 15) == 0);
    cr_assert_not_null(strstr(h, "<html lang=\"sv\">"));
    cr_assert_not_null(
        strstr(h, "<title>Intyg &lt;Åsa&gt; &amp; &quot;Öberg&quot;</title>"));
    cr_assert_not_null(
        strstr(h, "<link rel=\"stylesheet\" href=\"/print.css\">"));
    cr_assert_not_null(strstr(h, "<h1>Intyg</h1>"));
    cr_assert_not_null(strstr(h, "<p class=\"subtitle\">Kurs</p>"));
    cr_assert_not_null(strstr(h, "<h2>Sökande</h2>"));
    cr_assert_null(strstr(h, "<script>"));
    cr_assert_not_null(strstr(h, "<tr><th scope=\"row\">Namn</th><td>"
                                 "&lt;script&gt;alert(1)&lt;/script&gt;"
                                 "</td></tr>"));
    cr_assert_not_null(strstr(h, "ett<br>två"));
    cr_assert_not_null(strstr(h, "<p>Ö&#39;Brien &amp; co</p>"));
    cr_assert_not_null(strstr(h, "<div class=\"page-break\"></div>"));
    cr_assert_not_null(strstr(h, "<footer>Randa</footer>"));
    /* Two rows, one table. */
    cr_assert_eq(occurrences(h, "<table>"), 1);
    cr_assert_eq(occurrences(h, "</table>"), 1);
    buf_release(&out);
    doc_release(&d);
}
