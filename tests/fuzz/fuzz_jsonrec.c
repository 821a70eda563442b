/*
 * The region file's reader (util/jsonrec.h, randa import) on any bytes,
 * arriving in pieces of any size (the first byte chooses): it must read
 * exactly the documents jansson reads whole as one object with distinct
 * names, and give back the same values, or refuse with a reason, never
 * crash. Only values longer than its limit and nested deeper than its
 * limit may it refuse where jansson does not.
 */
#include "fuzz.h"

#include "util/jsonrec.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define FUZZ_VALUE_MAX 4096

struct fuzz_src {
    const unsigned char *data;
    size_t len, pos, chunk;
};

static long fuzz_read(void *arg, char *dst, size_t n)
{
    struct fuzz_src *s = arg;
    size_t k = s->len - s->pos;
    if (k > n)
        k = n;
    if (s->chunk && k > s->chunk)
        k = s->chunk;
    memcpy(dst, s->data + s->pos, k);
    s->pos += k;
    return (long)k;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    struct fuzz_src src = {data + 1, size - 1, 0, data[0] % 17};
    struct jsonrec *r = jsonrec_new(fuzz_read, &src, FUZZ_VALUE_MAX);
    json_t *doc = json_object(), *array = NULL;
    struct jsonrec_item it;
    struct err_info ei;
    err_clear(&ei);
    int rc, items = 0;
    while ((rc = jsonrec_next(r, &it, &ei)) == 0) {
        FUZZ_CHECK(++items < 1000000, "the reader does not end");
        if (it.event == JSONREC_END)
            break;
        switch (it.event) {
        case JSONREC_MEMBER:
            FUZZ_CHECK(it.value && it.name, "a member without its value");
            json_object_set_new(doc, it.name, it.value);
            break;
        case JSONREC_ARRAY:
            array = json_array();
            json_object_set_new(doc, it.name, array);
            break;
        case JSONREC_ELEMENT:
            FUZZ_CHECK(it.value && array, "an element outside an array");
            json_array_append_new(array, it.value);
            break;
        case JSONREC_ARRAY_END:
            FUZZ_CHECK(array, "an array ends that did not begin");
            array = NULL;
            break;
        default:
            FUZZ_CHECK(0, "an unknown event %d", (int)it.event);
        }
    }
    jsonrec_free(r);

    json_error_t je;
    json_t *whole = json_loadb((const char *)data + 1, size - 1,
                               JSON_REJECT_DUPLICATES, &je);
    if (rc == 0) {
        FUZZ_CHECK(json_is_object(whole), "read, but jansson refuses: %s",
                   je.text);
        FUZZ_CHECK(json_equal(whole, doc), "read other values than jansson");
    }
    /* jansson skips a NUL byte where this reader refuses it. */
    int nul = memchr(data + 1, '\0', size - 1) != NULL;
    FUZZ_CHECK(!nul || rc != 0, "a NUL byte read");
    if (rc != 0) {
        FUZZ_CHECK(ei.msg[0] != '\0', "a refusal without a reason");
        FUZZ_CHECK(rc == ERR_SYNTAX || rc == ERR_TOOBIG, "refused with %d", rc);
        int limit =
            rc == ERR_TOOBIG || strstr(ei.msg, "nested too deeply") || nul;
        FUZZ_CHECK(!json_is_object(whole) || limit,
                   "refused (%s), but jansson reads it", ei.msg);
    }
    json_decref(whole);
    json_decref(doc);
    return 0;
}
