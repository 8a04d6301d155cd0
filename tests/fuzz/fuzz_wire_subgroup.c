/*
 * Subgroup stream decoder, every draft: the first input byte picks the draft
 * (07 + byte % 13), the rest is a unidirectional stream. The header and every
 * object header that decodes must re-encode, and the re-encoding must decode
 * and encode to the same bytes again. Payload bytes are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "wire/data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_header(const moqt_profile *p, const moqt_subgroup_header *h)
{
    static uint8_t out1[64], out2[64];
    moqt_subgroup_header h2;
    moqt_ssize e1 = moqt_wire_encode_subgroup_header(p, h, out1, sizeof(out1));
    if (e1 <= 0) {
        return;
    }
    if (moqt_wire_decode_subgroup_header(p, out1, (size_t)e1, &h2, NULL) != e1) {
        abort();
    }
    moqt_ssize e2 = moqt_wire_encode_subgroup_header(p, &h2, out2, sizeof(out2));
    if (e2 != e1 || memcmp(out1, out2, (size_t)e1) != 0) {
        abort();
    }
}

static void check_object(const moqt_profile *p, const moqt_subgroup_stream *before,
                         const moqt_object_hdr *o)
{
    static uint8_t out1[70000], out2[70000];
    moqt_subgroup_stream s1 = *before, s2 = *before, s3 = *before;
    moqt_object_hdr o2;
    moqt_ssize e1 = moqt_wire_encode_subgroup_object(p, &s1, o, out1, sizeof(out1));
    if (e1 <= 0) {
        return;
    }
    if (moqt_wire_decode_subgroup_object(p, &s2, out1, (size_t)e1, &o2, NULL) != e1) {
        abort(); /* our own encoding must decode */
    }
    if (o2.object_id != o->object_id || o2.payload_len != o->payload_len ||
        o2.status != o->status || o2.props.count != o->props.count) {
        abort();
    }
    moqt_ssize e2 = moqt_wire_encode_subgroup_object(p, &s3, &o2, out2, sizeof(out2));
    if (e2 != e1 || memcmp(out1, out2, (size_t)e1) != 0) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    const moqt_profile *p = moqt_profile_for_draft(MOQT_DRAFT_MIN + data[0] % 13);
    data++;
    size--;
    uint64_t type;
    moqt_stream_kind kind;
    (void)moqt_wire_decode_stream_type(p, data, size, &type, &kind, NULL);

    moqt_subgroup_header h;
    moqt_ssize n = moqt_wire_decode_subgroup_header(p, data, size, &h, NULL);
    if (n <= 0) {
        return 0;
    }
    check_header(p, &h);
    data += n;
    size -= (size_t)n;
    moqt_subgroup_stream s;
    moqt_subgroup_stream_init(&s, &h);
    while (size > 0) {
        moqt_subgroup_stream before = s;
        moqt_object_hdr o;
        n = moqt_wire_decode_subgroup_object(p, &s, data, size, &o, NULL);
        if (n <= 0) {
            break;
        }
        check_object(p, &before, &o);
        data += n;
        size -= (size_t)n;
        size_t skip = o.payload_len < size ? (size_t)o.payload_len : size;
        data += skip;
        size -= skip;
    }
    return 0;
}
