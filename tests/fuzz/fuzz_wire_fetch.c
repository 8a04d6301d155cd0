/*
 * FETCH stream decoder, every draft: the first input byte picks the draft
 * (07 + byte % 13) and, by its next bit, the group order (descending) that 18+
 * Group ID Deltas follow. The rest is a FETCH stream. Every item that decodes
 * must re-encode from the same stream state, and the re-encoding must decode
 * and encode to the same bytes again. Payload bytes are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "wire/data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_item(const moqt_object_hdr *a, const moqt_object_hdr *b)
{
    return a->kind == b->kind && a->group == b->group && a->object_id == b->object_id &&
           a->payload_len == b->payload_len && a->status == b->status &&
           a->props.count == b->props.count && a->publisher_priority == b->publisher_priority;
}

static void check_item(const moqt_profile *p, const moqt_fetch_stream *before,
                       const moqt_object_hdr *o)
{
    static uint8_t out1[70000], out2[70000];
    moqt_fetch_stream s1 = *before, s2 = *before, s3 = *before;
    moqt_object_hdr o2;
    moqt_ssize e1 = moqt_wire_encode_fetch_object(p, &s1, o, out1, sizeof(out1));
    if (e1 <= 0) {
        return;
    }
    if (moqt_wire_decode_fetch_object(p, &s2, out1, (size_t)e1, &o2, NULL) != e1) {
        abort();
    }
    if (!same_item(o, &o2)) {
        abort();
    }
    moqt_ssize e2 = moqt_wire_encode_fetch_object(p, &s3, &o2, out2, sizeof(out2));
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
    bool descending = (data[0] / 13) & 1;
    data++;
    size--;
    uint64_t request_id;
    moqt_ssize n = moqt_wire_decode_fetch_header(p, data, size, &request_id, NULL);
    if (n <= 0) {
        return 0;
    }
    data += n;
    size -= (size_t)n;
    moqt_fetch_stream s;
    moqt_fetch_stream_init(&s, descending);
    while (size > 0) {
        moqt_fetch_stream before = s;
        moqt_object_hdr o;
        n = moqt_wire_decode_fetch_object(p, &s, data, size, &o, NULL);
        if (n <= 0) {
            break;
        }
        check_item(p, &before, &o);
        data += n;
        size -= (size_t)n;
        size_t skip = o.payload_len < size ? (size_t)o.payload_len : size;
        data += skip;
        size -= skip;
    }
    return 0;
}
