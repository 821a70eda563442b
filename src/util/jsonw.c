/* Direct JSON writing (jsonw.h). */
#include "util/jsonw.h"

#include <string.h>

int jsonw_str(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    char out[256];
    size_t n = 0;
    int rc = 0;
    out[n++] = '"';
    for (; *s && rc == 0; s++) {
        unsigned char c = (unsigned char)*s;
        if (n > sizeof(out) - 8) {
            rc = buf_add(b, out, n);
            n = 0;
        }
        if (c == '"' || c == '\\') {
            out[n++] = '\\';
            out[n++] = (char)c;
        } else if (c < 0x20) {
            memcpy(out + n, "\\u00", 4);
            out[n + 4] = hex[c >> 4];
            out[n + 5] = hex[c & 15];
            n += 6;
        } else {
            out[n++] = (char)c;
        }
    }
    out[n++] = '"';
    return rc ? rc : buf_add(b, out, n);
}

int jsonw_int(struct buf *b, int64_t v)
{
    char out[24];
    char *p = out + sizeof(out);
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return buf_add(b, p, (size_t)(out + sizeof(out) - p));
}

int jsonw_hundredths(struct buf *b, int v)
{
    int64_t u = v;
    if (u < 0 && buf_add(b, "-", 1) != 0)
        return -1;
    u = u < 0 ? -u : u;
    int rc = jsonw_int(b, u / 100);
    int frac = (int)(u % 100);
    if (rc || frac == 0)
        return rc;
    char out[3] = {'.', (char)('0' + frac / 10), (char)('0' + frac % 10)};
    return buf_add(b, out, frac % 10 ? 3 : 2);
}
