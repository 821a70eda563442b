/*
 * The parser of the messages peer regions send (exchange/xmsg.h, issue 17)
 * on any bytes: it takes a message or refuses it with a field named, never
 * crashes or leaks; a message it takes, built again from its parts, is
 * taken again with the same parts (what the receiver reads is what was
 * sent), and every body of a kind it takes passes that kind's check.
 */
#include "fuzz.h"

#include "exchange/xmsg.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    struct xmsg m;
    struct err_info ei = {0};
    if (xmsg_parse((const char *)data, size, &m, &ei) != 0) {
        FUZZ_CHECK(m.body == NULL, "a refused message left a body");
        FUZZ_CHECK(ei.code != 0 && ei.msg[0] != '\0',
                   "refused without a reason");
        return 0;
    }
    FUZZ_CHECK(xmsg_id_valid(m.id) && xmsg_code_valid(m.from) &&
                   xmsg_code_valid(m.to),
               "taken with a bad id or code");
    FUZZ_CHECK(xmsg_check_body(m.kind, m.body, &ei) == 0, "%s", ei.msg);
    char *again = xmsg_build(m.id, m.from, m.to, m.kind, m.sent_at,
                             json_deep_copy(m.body));
    FUZZ_CHECK(again != NULL, "cannot build it again");
    struct xmsg n;
    FUZZ_CHECK(xmsg_parse(again, strlen(again), &n, &ei) == 0,
               "built again, refused: %s", ei.msg);
    FUZZ_CHECK(strcmp(n.id, m.id) == 0 && n.kind == m.kind &&
                   n.sent_at == m.sent_at && json_equal(n.body, m.body),
               "built again, read otherwise");
    xmsg_release(&n);
    free(again);
    xmsg_release(&m);
    return 0;
}
