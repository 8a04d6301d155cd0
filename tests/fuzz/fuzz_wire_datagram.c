/*
 * Datagram decoder, every draft: the first input byte picks the draft
 * (07 + byte % 13), the rest is one datagram. A datagram that decodes must
 * re-encode, and the re-encoding must decode and encode to the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "wire/data.h"

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
    moqt_object_hdr o, o2;
    if (moqt_wire_decode_datagram(p, data, size, &o, NULL) != (moqt_ssize)size) {
        return 0;
    }
    moqt_ssize e1 = moqt_wire_encode_datagram(p, &o, out1, sizeof(out1));
    if (e1 <= 0) {
        return 0;
    }
    if (moqt_wire_decode_datagram(p, out1, (size_t)e1, &o2, NULL) != e1) {
        abort();
    }
    if (o2.kind != o.kind || o2.group != o.group || o2.object_id != o.object_id ||
        o2.status != o.status || o2.payload.len != o.payload.len ||
        o2.end_of_group != o.end_of_group || o2.props.count != o.props.count) {
        abort();
    }
    moqt_ssize e2 = moqt_wire_encode_datagram(p, &o2, out2, sizeof(out2));
    if (e2 != e1 || memcmp(out1, out2, (size_t)e1) != 0) {
        abort();
    }
    return 0;
}
