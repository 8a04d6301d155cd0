/*
 * Control message decoder, every draft: the first input byte picks the draft
 * (07 + byte % 13), the rest is a stream of control messages. Every message that
 * decodes must re-encode, and the re-encoding must decode to the same bytes
 * again (encode is a function of the model).
 */
#include <stdlib.h>
#include <string.h>

#include "wire/control.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    const moqt_profile *p = moqt_profile_for_draft(MOQT_DRAFT_MIN + data[0] % 13);
    data++;
    size--;
    static uint8_t out1[70000], out2[70000];
    while (size > 0) {
        moqt_msg m, m2;
        moqt_ssize n = moqt_wire_decode_control(p, data, size, &m, NULL);
        if (n <= 0) {
            break;
        }
        moqt_ssize e1 = moqt_wire_encode_control(p, &m, out1, sizeof(out1));
        if (e1 > 0) {
            moqt_ssize d2 = moqt_wire_decode_control(p, out1, (size_t)e1, &m2, NULL);
            if (d2 != e1) {
                abort(); /* our own encoding must decode */
            }
            moqt_ssize e2 = moqt_wire_encode_control(p, &m2, out2, sizeof(out2));
            if (e2 != e1 || memcmp(out1, out2, (size_t)e1) != 0) {
                abort(); /* encode(decode(encode(m))) == encode(m) */
            }
        }
        data += n;
        size -= (size_t)n;
    }
    return 0;
}
