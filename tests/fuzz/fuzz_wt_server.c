/*
 * The WebTransport server's HTTP/3 state machine (h3.c, wt_session.c) fed by
 * a hostile client over the in-memory transport. The input is a program:
 *   op byte, then for data ops a length byte and that many bytes.
 *   op % 8: 0 open a uni stream and write, 1 open a bidi stream and write,
 *           2 write on an earlier stream, 3 end an earlier stream, 4 send a
 *           datagram, 5 reset an earlier stream, 6 STOP_SENDING, 7 run.
 * The first four streams carry a valid control stream, QPACK streams and a
 * CONNECT, so the fuzzer starts from an open session. Sessions echo.
 */
#include <stdlib.h>
#include <string.h>

#include <moqt/moqt_transport.h>

#include "base/log.h"
#include "webtransport/wt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int echo_data(moqt_transport *t, uint64_t id, const uint8_t *d, size_t len, bool fin,
                     void *ud)
{
    (void)ud;
    (void)d;
    if (fin && !moqt_stream_id_is_uni(id) && !moqt_stream_id_is_local(t, id)) {
        static const uint8_t ok[] = "ok";
        (void)moqt_transport_write(t, id, ok, len ? 2 : 0, true);
    }
    return 0;
}

static int echo_dgram(moqt_transport *t, const uint8_t *d, size_t len, void *ud)
{
    (void)ud;
    (void)moqt_transport_send_datagram(t, d, len);
    return 0;
}

static int on_session(moqt_wt_conn *c, moqt_transport *t, const moqt_wt_request *req, void *ud)
{
    (void)c;
    (void)req;
    (void)ud;
    static const moqt_transport_callbacks cb = {
        .struct_size = sizeof cb, .stream_data = echo_data, .datagram = echo_dgram};
    return moqt_transport_set_callbacks(t, &cb, NULL);
}

/* Chromium's SETTINGS and a CONNECT (static-table and literal field lines). */
static const uint8_t control[] = {0x00, 0x04, 0x0b, 0x01, 0x00, 0x07, 0x00,
                                  0x33, 0x01, 0xab, 0x60, 0x37, 0x42, 0x01};
static const uint8_t connect[] = {0x01, 0x32, 0x00, 0x00, 0xcf, 0xd7, 0x50, 0x0d, '1', '2', '7',
                                  '.',  '0',  '.',  '0',  '.',  '1',  ':',  '4',  '4', '3', 0x51,
                                  0x05, '/',  'e',  'c',  'h',  'o',  0x27, 0x02, ':', 'p', 'r',
                                  'o',  't',  'o',  'c',  'o',  'l',  0x0c, 'w',  'e', 'b', 't',
                                  'r',  'a',  'n',  's',  'p',  'o',  'r',  't'};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    moqt_log_set_level(getenv("FUZZ_LOG") ? MOQT_LOG_INFO : MOQT_LOG_OFF);
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = "h3";
    ps.max_chunk = size > 0 ? (data[0] & 7) : 0; /* 0 = whole writes */
    moqt_mem_pair *pair;
    if (moqt_mem_pair_new(&ps, NULL, &pair) != 0) {
        return 0;
    }
    moqt_transport *cl = moqt_mem_pair_client(pair);
    moqt_wt_callbacks cb = {.struct_size = sizeof cb, .session_new = on_session};
    moqt_wt_conn *srv;
    if (moqt_wt_conn_new(moqt_mem_pair_server(pair), NULL, &cb, NULL, NULL, &srv) != 0) {
        moqt_mem_pair_del(pair);
        return 0;
    }
    moqt_mem_pair_run(pair, 0);
    uint64_t ids[64];
    size_t nids = 0;
    uint64_t id;
    static const uint8_t enc = 0x02, dec = 0x03;
    if (moqt_transport_open_stream(cl, false, &id) == 0 &&
        moqt_transport_write(cl, id, control, sizeof control, false) >= 0) {
        ids[nids++] = id;
    }
    if (moqt_transport_open_stream(cl, false, &id) == 0) {
        (void)moqt_transport_write(cl, id, &enc, 1, false);
        ids[nids++] = id;
    }
    if (moqt_transport_open_stream(cl, false, &id) == 0) {
        (void)moqt_transport_write(cl, id, &dec, 1, false);
        ids[nids++] = id;
    }
    if (moqt_transport_open_stream(cl, true, &id) == 0) {
        (void)moqt_transport_write(cl, id, connect, sizeof connect, false);
        ids[nids++] = id;
    }
    moqt_mem_pair_run(pair, 0);
    size_t i = size > 0 ? 1 : 0;
    while (i < size && !moqt_transport_is_closed(cl)) {
        uint8_t op = data[i++] % 8;
        uint8_t sel = i < size ? data[i++] : 0;
        size_t len = 0;
        const uint8_t *p = NULL;
        if (op <= 4 && i < size) {
            len = data[i++];
            if (len > size - i) {
                len = size - i;
            }
            p = data + i;
            i += len;
        }
        uint64_t pick = nids ? ids[sel % nids] : 0;
        switch (op) {
        case 0:
        case 1:
            if (nids < 64 && moqt_transport_open_stream(cl, op == 1, &id) == 0) {
                ids[nids++] = id;
                (void)moqt_transport_write(cl, id, p, len, false);
            }
            break;
        case 2:
            if (nids) {
                (void)moqt_transport_write(cl, pick, p, len, false);
            }
            break;
        case 3:
            if (nids) {
                (void)moqt_transport_write(cl, pick, NULL, 0, true);
            }
            break;
        case 4:
            (void)moqt_transport_send_datagram(cl, p, len);
            break;
        case 5:
            if (nids) {
                (void)moqt_transport_reset_stream(cl, pick, 0x52e4a40fa8dbULL + i);
            }
            break;
        case 6:
            if (nids) {
                (void)moqt_transport_stop_sending(cl, pick, 0x10c);
            }
            break;
        default:
            moqt_mem_pair_run(pair, 0);
            break;
        }
    }
    moqt_mem_pair_run(pair, 0);
    moqt_wt_conn_del(srv);
    moqt_mem_pair_del(pair);
    return 0;
}
