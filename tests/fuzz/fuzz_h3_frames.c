/*
 * HTTP/3 frame parsers: the input is a stream of frames as a control or
 * request stream carries them. SETTINGS and GOAWAY payloads are decoded, and a
 * decoded SETTINGS must re-encode to something that decodes to the same values.
 * The first byte picks the mode: even = frames, odd = one HTTP datagram.
 */
#include <stdlib.h>
#include <string.h>

#include "webtransport/h3_frame.h"
#include "webtransport/wt_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_settings(const moqt_h3_settings *s)
{
    static uint8_t out[1024];
    moqt_wr w;
    moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
    if (moqt_h3_settings_encode(&w, s) != 0) {
        abort(); /* every decoded value is a varint, so it must encode */
    }
    moqt_rd r;
    moqt_rd_init(&r, out, (size_t)(w.pos - out), MOQT_INT_QUIC);
    uint64_t type, len;
    moqt_h3_settings d;
    if (moqt_h3_frame_header_decode(&r, &type, &len) != 0 || len != moqt_rd_left(&r) ||
        moqt_h3_settings_decode(&r, &d) != 0 || d.present != s->present) {
        abort();
    }
    for (int i = 0; i < MOQT_H3_SET_COUNT; i++) {
        if (moqt_h3_settings_get(&d, i) != moqt_h3_settings_get(s, i)) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    int mode = data[0] & 1;
    moqt_rd r;
    moqt_rd_init(&r, data + 1, size - 1, MOQT_INT_QUIC);
    if (mode == 1) {
        uint64_t sid;
        moqt_bytes pl;
        if (moqt_h3_datagram_decode(&r, &sid, &pl) == 0 && (sid % 4 != 0 || pl.len > size)) {
            abort();
        }
        return 0;
    }
    while (moqt_rd_left(&r) > 0) {
        uint64_t type, len;
        if (moqt_h3_frame_header_decode(&r, &type, &len) != 0) {
            break;
        }
        if (type == MOQT_H3_FRAME_WT_STREAM) {
            break; /* the rest of the stream belongs to WebTransport */
        }
        if (len > moqt_rd_left(&r)) {
            break;
        }
        moqt_rd p;
        moqt_rd_init(&p, r.pos, (size_t)len, MOQT_INT_QUIC);
        if (type == MOQT_H3_FRAME_SETTINGS) {
            moqt_h3_settings s;
            if (moqt_h3_settings_decode(&p, &s) == 0) {
                check_settings(&s);
            } else if (p.why == NULL) {
                abort(); /* MALFORMED always names the rule */
            }
        } else if (type == MOQT_H3_FRAME_GOAWAY) {
            uint64_t id;
            (void)moqt_h3_goaway_decode(&p, &id);
        }
        r.pos += len;
    }
    return 0;
}
