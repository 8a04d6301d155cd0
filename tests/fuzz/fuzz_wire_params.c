/*
 * Message parameter and track property decoders, every draft: the first input
 * byte picks the draft (07 + byte % 13), the second the message kind the
 * parameters are read for, the rest is a parameter block optionally followed
 * by trailing track properties. Whatever decodes must re-encode, and the
 * re-encoding must decode and encode to the same bytes again.
 */
#include <stdlib.h>
#include <string.h>

#include "wire/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t encode_all(const moqt_profile *p, moqt_msg_kind kind, const moqt_msg_params *in,
                         const moqt_kvp_list *props, uint8_t *out, size_t cap, int *rv)
{
    moqt_wr w;
    moqt_wr_init(&w, out, cap, p->int_kind);
    *rv = moqt_params_write(&w, p, kind, in, 0);
    if (*rv == 0) {
        *rv = moqt_track_props_write(&w, p, props);
    }
    return (size_t)(w.pos - out);
}

static int decode_all(const moqt_profile *p, moqt_msg_kind kind, const uint8_t *data, size_t size,
                      moqt_msg_params *out, moqt_kvp_list *props)
{
    moqt_rd r;
    moqt_rd_init(&r, data, size, p->int_kind);
    memset(out, 0, sizeof(*out));
    int rv = moqt_params_read(&r, p, kind, out);
    if (rv == 0) {
        rv = moqt_track_props_read(&r, p, props);
    }
    if (rv == 0 && moqt_rd_left(&r) != 0) {
        rv = MOQT_ERR_WIRE_MALFORMED; /* trailing bytes before 16 */
    }
    return rv;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) {
        return 0;
    }
    const moqt_profile *p = moqt_profile_for_draft(MOQT_DRAFT_MIN + data[0] % 13);
    moqt_msg_kind kind = (moqt_msg_kind)(1 + data[1] % (MOQT_MSG_KIND_COUNT - 1));
    data += 2;
    size -= 2;

    static moqt_msg_params m1, m2;
    static moqt_kvp_list t1, t2;
    if (decode_all(p, kind, data, size, &m1, &t1) != 0) {
        return 0;
    }
    static uint8_t out1[70000], out2[70000];
    int rv;
    size_t n1 = encode_all(p, kind, &m1, &t1, out1, sizeof(out1), &rv);
    if (rv != 0) {
        abort(); /* everything we decode must be encodable under the same draft */
    }
    if (decode_all(p, kind, out1, n1, &m2, &t2) != 0) {
        abort(); /* our own encoding must decode */
    }
    size_t n2 = encode_all(p, kind, &m2, &t2, out2, sizeof(out2), &rv);
    if (rv != 0 || n2 != n1 || memcmp(out1, out2, n1) != 0) {
        abort(); /* encode(decode(encode(x))) == encode(x) */
    }
    return 0;
}
