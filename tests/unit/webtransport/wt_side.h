/*
 * Test-side WebTransport session endpoints shared by the in-memory and the
 * QUIC loopback tests: a "side" records what its transport delivered and can
 * echo (bidi on the same stream, uni on a new uni stream, datagrams); a
 * "server_app" routes by path and chooses moqt-16.
 */
#ifndef MOQT_TESTS_WT_SIDE_H
#define MOQT_TESTS_WT_SIDE_H

#include <stdio.h>
#include <string.h>

#include <moqt/moqt_transport.h>

#include "webtransport/qpack.h"
#include "webtransport/wt.h"

#define MAX_STREAMS 64

typedef struct rx_stream {
    uint64_t id;
    uint8_t data[256];
    size_t len;
    bool fin, reset, stopped, closed;
    uint64_t code;
    uint64_t echo_id; /* where the echo goes */
    size_t echo_off;  /* bytes of the echo written so far */
    bool echoing;
} rx_stream;

typedef struct side {
    moqt_transport *t;
    bool echo; /* echo bidi data back, uni data on a new uni stream */
    char alpn[64];
    bool ready;
    rx_stream rx[MAX_STREAMS];
    size_t nrx;
    uint8_t dgram[256];
    size_t dgramlen;
    int ndgrams;
    bool closed, closed_remote, closed_app;
    uint64_t closed_code;
    char reason[64];
    uint64_t acked;
    int available; /* streams_available events */
    int writable;  /* stream_writable events */
} side;

static rx_stream *rx_for(side *s, uint64_t id)
{
    for (size_t i = 0; i < s->nrx; i++) {
        if (s->rx[i].id == id) {
            return &s->rx[i];
        }
    }
    if (s->nrx == MAX_STREAMS) {
        return NULL;
    }
    s->rx[s->nrx] = (rx_stream){.id = id};
    return &s->rx[s->nrx++];
}

static inline int on_ready(moqt_transport *t, const char *alpn, void *ud)
{
    side *s = ud;
    (void)t;
    s->ready = true;
    snprintf(s->alpn, sizeof s->alpn, "%s", alpn);
    return 0;
}

/* r->data stays put (the side outlives the run), as the zero-copy contract needs. */
static inline int echo_more(moqt_transport *t, rx_stream *r)
{
    moqt_ssize n =
        moqt_transport_write(t, r->echo_id, r->data + r->echo_off, r->len - r->echo_off, true);
    if (n == MOQT_ERR_WOULDBLOCK) {
        return 0;
    }
    if (n < 0) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    r->echo_off += (size_t)n;
    r->echoing = r->echo_off < r->len;
    return 0;
}

static inline int on_data(moqt_transport *t, uint64_t id, const uint8_t *d, size_t len, bool fin,
                          void *ud)
{
    side *s = ud;
    rx_stream *r = rx_for(s, id);
    if (r == NULL || r->len + len > sizeof r->data) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    memcpy(r->data + r->len, d, len);
    r->len += len;
    r->fin = fin;
    if (fin && s->echo && !moqt_stream_id_is_local(t, id)) {
        r->echo_id = id;
        if (moqt_stream_id_is_uni(id) && moqt_transport_open_stream(t, false, &r->echo_id) != 0) {
            return MOQT_ERR_CALLBACK_FAILURE;
        }
        r->echoing = true;
        return echo_more(t, r);
    }
    return 0;
}

static inline int on_writable(moqt_transport *t, uint64_t id, void *ud)
{
    side *s = ud;
    s->writable++;
    for (size_t i = 0; i < s->nrx; i++) {
        if (s->rx[i].echoing && s->rx[i].echo_id == id) {
            return echo_more(t, &s->rx[i]);
        }
    }
    return 0;
}

static inline int on_reset(moqt_transport *t, uint64_t id, uint64_t code, void *ud)
{
    (void)t;
    rx_stream *r = rx_for(ud, id);
    r->reset = true;
    r->code = code;
    return 0;
}

static inline int on_stop(moqt_transport *t, uint64_t id, uint64_t code, void *ud)
{
    (void)t;
    rx_stream *r = rx_for(ud, id);
    r->stopped = true;
    r->code = code;
    return 0;
}

static inline int on_stream_closed(moqt_transport *t, uint64_t id, void *ud)
{
    (void)t;
    rx_for(ud, id)->closed = true;
    return 0;
}

static inline int on_acked(moqt_transport *t, uint64_t id, uint64_t off, void *ud)
{
    side *s = ud;
    (void)t;
    (void)id;
    s->acked += off; /* sums offsets; tests only check it grows */
    return 0;
}

static inline int on_dgram(moqt_transport *t, const uint8_t *d, size_t len, void *ud)
{
    side *s = ud;
    if (len > sizeof s->dgram) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    memcpy(s->dgram, d, len);
    s->dgramlen = len;
    s->ndgrams++;
    if (s->echo) {
        return moqt_transport_send_datagram(t, s->dgram, len) == 0 ? 0 : MOQT_ERR_CALLBACK_FAILURE;
    }
    return 0;
}

static inline void on_closed(moqt_transport *t, bool remote, bool app, uint64_t code,
                             const uint8_t *r, size_t rl, void *ud)
{
    side *s = ud;
    (void)t;
    s->closed = true;
    s->closed_remote = remote;
    s->closed_app = app;
    s->closed_code = code;
    snprintf(s->reason, sizeof s->reason, "%.*s", (int)rl, (const char *)r);
}

static inline int on_available(moqt_transport *t, bool bidi, void *ud)
{
    side *s = ud;
    (void)t;
    (void)bidi;
    s->available++;
    return 0;
}

static const moqt_transport_callbacks side_cb = {
    .streams_available = on_available,
    .struct_size = sizeof(moqt_transport_callbacks),
    .handshake_done = on_ready,
    .stream_data = on_data,
    .stream_reset = on_reset,
    .stop_sending = on_stop,
    .stream_acked = on_acked,
    .stream_writable = on_writable,
    .stream_closed = on_stream_closed,
    .datagram = on_dgram,
    .closed = on_closed,
};

/* The server application: routes by path, echoes, keeps up to 16 sessions. */
typedef struct server_app {
    side sessions[16];
    size_t n;
    char last_path[64];
    char last_offered[64];
    bool last_draft02;
} server_app;

static inline int srv_request(moqt_wt_conn *c, const moqt_wt_request *req, int *chosen, void *ud)
{
    server_app *a = ud;
    (void)c;
    snprintf(a->last_path, sizeof a->last_path, "%.*s", (int)req->path.len,
             (const char *)req->path.base);
    a->last_offered[0] = 0;
    for (size_t i = 0; i < req->noffered; i++) {
        strncat(a->last_offered, req->offered[i],
                sizeof a->last_offered - strlen(a->last_offered) - 2);
        strcat(a->last_offered, ";");
    }
    a->last_draft02 = req->draft02;
    if (!moqt_h3_bytes_is(req->path, "/moq") && !moqt_h3_bytes_is(req->path, "/echo")) {
        return 404;
    }
    *chosen = -1;
    for (size_t i = 0; i < req->noffered; i++) {
        if (strcmp(req->offered[i], "moqt-16") == 0) {
            *chosen = (int)i;
        }
    }
    return 200;
}

static inline int srv_session(moqt_wt_conn *c, moqt_transport *t, const moqt_wt_request *req,
                              void *ud)
{
    server_app *a = ud;
    (void)c;
    (void)req;
    if (a->n == 16) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    side *s = &a->sessions[a->n++];
    memset(s, 0, sizeof *s);
    s->t = t;
    s->echo = true;
    return moqt_transport_set_callbacks(t, &side_cb, s);
}

#endif /* MOQT_TESTS_WT_SIDE_H */
