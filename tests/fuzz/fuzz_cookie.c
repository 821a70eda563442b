/*
 * Fuzz target: the Cookie header, as http_cookie() reads the session cookie
 * out of it. The input is "NAME\nHEADER" (a NUL ends the header, as in C),
 * or just HEADER without a newline. The cookie is looked up under NAME, the
 * session cookie's two names, "", and the names of the header's first
 * pairs, each into buffers of several sizes: 0, 1, the value's exact fit,
 * one byte short, and large; every buffer is malloc'd to its exact size so
 * that AddressSanitizer sees a write past it. Checks: the answer agrees
 * with a naive reference parse written from the function's contract (the
 * first pair of that name wins; blanks, tabs and empty pieces before a pair
 * are skipped, trailing blanks and tabs and one pair of double quotes
 * around the value are dropped), out is always NUL-terminated within size,
 * a found value holds no ';' and fits, and a miss leaves out "".
 */
#include "fuzz.h"

#include <stdint.h>

#define FUZZ_COOKIE_NAMES 8

/*
 * The reference: finds name in header the slow way, piece by piece. Returns
 * 1 with the value (a copy, malloc'd) in *value, or 0.
 */
static int fuzz_cookie_ref(const char *header, const char *name, char **value)
{
    *value = NULL;
    size_t n = strlen(header);
    size_t i = 0;
    while (i < n) {
        /* A piece runs to the next ';' or the end. */
        size_t start = i;
        while (i < n && header[i] != ';')
            i++;
        size_t end = i;
        i++; /* past the ';' */
        while (start < end && (header[start] == ' ' || header[start] == '\t'))
            start++;
        size_t eq = start;
        while (eq < end && header[eq] != '=')
            eq++;
        if (eq == end)
            continue; /* no '=': not a pair */
        if (eq - start != strlen(name) ||
            strncmp(header + start, name, eq - start) != 0)
            continue;
        size_t vs = eq + 1, ve = end;
        while (ve > vs && (header[ve - 1] == ' ' || header[ve - 1] == '\t'))
            ve--;
        if (ve - vs >= 2 && header[vs] == '"' && header[ve - 1] == '"')
            vs++, ve--;
        *value = malloc(ve - vs + 1);
        memcpy(*value, header + vs, ve - vs);
        (*value)[ve - vs] = '\0';
        return 1;
    }
    return 0;
}

/* Looks name up in header into a buffer of exactly size bytes; checks. */
static void fuzz_cookie_one(const char *header, const char *name, size_t size,
                            int ref_found, const char *ref)
{
    /* size 0: a one-byte buffer the function may not touch. */
    char *out = malloc(size ? size : 1);
    memset(out, 'X', size ? size : 1);
    int rc = http_cookie(header, name, out, size);
    FUZZ_CHECK(rc == 0 || rc == 1, "rc %d", rc);
    if (size == 0) {
        FUZZ_CHECK(rc == 0, "a value found into no room");
        FUZZ_CHECK(out[0] == 'X', "wrote into a buffer of size 0");
        free(out);
        return;
    }
    FUZZ_CHECK(memchr(out, '\0', size) != NULL,
               "out not NUL-terminated within %zu bytes", size);
    if (rc == 1) {
        FUZZ_CHECK(ref_found, "found %s='%s', the reference did not", name,
                   out);
        FUZZ_CHECK(strlen(out) < size, "value of %zu bytes in %zu", strlen(out),
                   size);
        FUZZ_CHECK(strchr(out, ';') == NULL, "';' in the value '%s'", out);
        FUZZ_CHECK(strcmp(out, ref) == 0, "%s: '%s', the reference '%s'", name,
                   out, ref);
    } else {
        FUZZ_CHECK(out[0] == '\0', "a miss left '%s' in out", out);
        FUZZ_CHECK(!ref_found || strlen(ref) + 1 > size,
                   "%s='%s' fits in %zu bytes but was not found", name, ref,
                   size);
    }
    free(out);
}

/* Every size worth trying for name in header. */
static void fuzz_cookie_name(const char *header, const char *name)
{
    char *ref = NULL;
    int found = fuzz_cookie_ref(header, name, &ref);
    size_t len = found ? strlen(ref) : 0;
    const size_t sizes[] = {0, 1, 2, len, len + 1, len + 2, 64, 8192};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        fuzz_cookie_one(header, name, sizes[i], found, ref);
    free(ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *input = malloc(size + 1);
    memcpy(input, data, size);
    input[size] = '\0';
    const char *header = input;
    const char *names[FUZZ_COOKIE_NAMES + 4];
    int n = 0;
    char *nl = memchr(input, '\n', size);
    if (nl) {
        *nl = '\0';
        names[n++] = input;
        header = nl + 1;
    }
    names[n++] = "randa_session";
    names[n++] = "__Host-randa_session";
    names[n++] = "";

    /* The names of the header's first pairs, so that lookups hit. */
    char *pieces = strdup(header);
    char *save = NULL;
    for (char *p = strtok_r(pieces, ";", &save);
         p && n < (int)(sizeof(names) / sizeof(names[0]));
         p = strtok_r(NULL, ";", &save)) {
        p += strspn(p, " \t");
        char *eq = strchr(p, '=');
        if (!eq)
            continue;
        *eq = '\0';
        names[n++] = p;
    }
    for (int i = 0; i < n; i++)
        fuzz_cookie_name(header, names[i]);
    /* No header at all: nothing is found. */
    char one[1] = {'X'};
    FUZZ_CHECK(http_cookie(NULL, "randa_session", one, sizeof(one)) == 0 &&
                   one[0] == '\0',
               "a cookie in no header");
    free(pieces);
    free(input);
    return 0;
}
