/*
 * Capsule stream parser (the CONNECT stream's DATA payloads) and the
 * WT-Available-Protocols Structured-Field list. First byte: even = capsules,
 * odd = an sf-list.
 */
#include <stdlib.h>
#include <string.h>

#include "webtransport/wt_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void capsules(moqt_rd *r)
{
    for (;;) {
        uint64_t type;
        moqt_bytes v;
        if (moqt_capsule_decode(r, &type, &v) != 0) {
            return;
        }
        uint32_t code;
        moqt_bytes msg;
        uint64_t n;
        static uint8_t out[2048];
        moqt_wr w;
        moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
        switch (type) {
        case MOQT_CAPSULE_WT_CLOSE_SESSION:
            if (moqt_capsule_close_decode(v, &code, &msg) == 0) {
                if (moqt_capsule_close_encode(&w, code, msg.base, msg.len) != 0) {
                    abort();
                }
                moqt_rd r2;
                moqt_bytes v2;
                moqt_rd_init(&r2, out, (size_t)(w.pos - out), MOQT_INT_QUIC);
                if (moqt_capsule_decode(&r2, &type, &v2) != 0 || v2.len != v.len ||
                    memcmp(v2.base, v.base, v.len) != 0) {
                    abort();
                }
            }
            break;
        case MOQT_CAPSULE_WT_DRAIN_SESSION:
            (void)moqt_capsule_drain_decode(v);
            break;
        case MOQT_CAPSULE_WT_MAX_DATA:
        case MOQT_CAPSULE_WT_MAX_STREAMS_BIDI:
        case MOQT_CAPSULE_WT_MAX_STREAMS_UNI:
        case MOQT_CAPSULE_WT_DATA_BLOCKED:
        case MOQT_CAPSULE_WT_STREAMS_BLOCKED_BIDI:
        case MOQT_CAPSULE_WT_STREAMS_BLOCKED_UNI:
            if (moqt_capsule_varint_decode(v, &n) == 0 &&
                moqt_capsule_varint_encode(&w, type, n) != 0) {
                abort();
            }
            break;
        default:
            break;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    moqt_rd r;
    moqt_rd_init(&r, data + 1, size - 1, MOQT_INT_QUIC);
    if ((data[0] & 1) == 0) {
        capsules(&r);
        return 0;
    }
    for (int i = 0; i < 1000; i++) {
        char s[64];
        size_t len;
        const uint8_t *before = r.pos;
        int rv = moqt_sf_list_next(&r, s, sizeof s, &len);
        if (rv != 0) {
            break;
        }
        if (r.pos == before) {
            abort(); /* every member consumes input */
        }
        if (len != SIZE_MAX) {
            uint8_t out[256];
            moqt_wr w;
            moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
            if (moqt_sf_string_encode(&w, s, len) != 0) {
                abort(); /* what we parsed as a string must re-encode */
            }
        }
    }
    return 0;
}
