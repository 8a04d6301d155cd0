/*
 * Bridging drafts: the first input byte picks the source draft, the second the
 * target (07 + byte % 13 each), the rest is a stream of control messages of
 * the source draft. Every message that decodes is bridged; whatever the bridge
 * accepts and the target's encoder writes must decode under the target to the
 * same number of bytes, and re-encode to the same bytes (the bridge never
 * leads an encoder to write what its own decoder rejects).
 */
#include <stdlib.h>
#include <string.h>

#include "wire/bridge.h"
#include "wire/control.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) {
        return 0;
    }
    const moqt_profile *from = moqt_profile_for_draft(MOQT_DRAFT_MIN + data[0] % 13);
    const moqt_profile *to = moqt_profile_for_draft(MOQT_DRAFT_MIN + data[1] % 13);
    data += 2;
    size -= 2;
    static uint8_t out1[70000], out2[70000];
    while (size > 0) {
        static moqt_msg m, m2;
        moqt_ssize n = moqt_wire_decode_control(from, data, size, &m, NULL);
        if (n <= 0) {
            break;
        }
        data += n;
        size -= (size_t)n;
        if (moqt_wire_bridge_msg(from, to, &m) != 0) {
            continue;
        }
        moqt_ssize e1 = moqt_wire_encode_control(to, &m, out1, sizeof(out1));
        if (e1 <= 0) {
            continue; /* the target cannot express something: refused, fine */
        }
        if (moqt_wire_decode_control(to, out1, (size_t)e1, &m2, NULL) != e1) {
            abort(); /* a bridged encoding the target's decoder rejects */
        }
        moqt_ssize e2 = moqt_wire_encode_control(to, &m2, out2, sizeof(out2));
        if (e2 != e1 || memcmp(out1, out2, (size_t)e1) != 0) {
            abort();
        }
    }
    return 0;
}
