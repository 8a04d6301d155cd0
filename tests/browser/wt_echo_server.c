/*
 * wt_echo_server: our WebTransport server on real QUIC, for the browser tests.
 *
 *   wt_echo_server [--port N] [--host A]
 *
 * Listens on UDP (QUIC, ALPN h3) and on TCP (GET /certificate.sha256) at the
 * same port, with a fresh self-signed ECDSA P-256 certificate valid 10 days.
 * Prints one JSON line {"port":N,"fingerprint":"hex"} when ready, then one
 * JSON line per event the test checks (session, uni, closed). Sessions on
 * /echo (others get 404) choose a protocol from moqt-17, moqt-16, moq-00 and:
 *   - echo each bidi stream back on the same stream;
 *   - answer a uni stream with a uni stream carrying the same bytes, except
 *     "please close", which makes the server close the session with code
 *     4242 and reason "server closing";
 *   - echo datagrams.
 * Stops after SIGTERM / SIGINT or stdin closing.
 */
#include <moqt/moqt_runtime.h>
#include <moqt/moqt_transport.h>

#include <ev.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "webtransport/cert_http.h"
#include "webtransport/qpack.h"
#include "webtransport/wt.h"

#define MAX_SESSIONS 64
#define MAX_STREAMS  64

typedef struct echo_stream {
    uint64_t id, out;
    uint8_t *buf;
    size_t len, cap, sent;
    bool fin, used, out_open, done;
} echo_stream;

typedef struct session {
    moqt_transport *t;
    int n;
    echo_stream st[MAX_STREAMS];
    bool used;
} session;

static session sessions[MAX_SESSIONS];
static moqt_wt_conn *conns[MAX_SESSIONS]; /* live HTTP/3 connections */
static int session_count;
static const char *const protocols[] = {"moqt-17", "moqt-16", "moq-00"};

static void json_str(const uint8_t *p, size_t len)
{
    putchar('"');
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '"' || p[i] == '\\') {
            printf("\\%c", p[i]);
        } else if (p[i] < 0x20 || p[i] > 0x7e) {
            printf("\\u%04x", p[i]);
        } else {
            putchar(p[i]);
        }
    }
    putchar('"');
}

static echo_stream *stream_for(session *s, uint64_t id)
{
    for (int i = 0; i < MAX_STREAMS; i++) {
        if (s->st[i].used && s->st[i].id == id) {
            return &s->st[i];
        }
    }
    for (int i = 0; i < MAX_STREAMS; i++) {
        if (!s->st[i].used) {
            s->st[i] = (echo_stream){.id = id, .used = true};
            return &s->st[i];
        }
    }
    return NULL;
}

/* Writes what is buffered and not yet sent. The buffer never moves while the
 * transport may still reference it: it only grows before the first write. */
static void flush(session *s, echo_stream *e)
{
    if (e->done || !e->out_open) {
        return;
    }
    moqt_ssize n = moqt_transport_write(s->t, e->out, e->buf + e->sent, e->len - e->sent, e->fin);
    if (n > 0) {
        e->sent += (size_t)n;
    }
    if (n >= 0 && e->sent == e->len && e->fin) {
        e->done = true;
    }
}

static int on_data(moqt_transport *t, uint64_t id, const uint8_t *d, size_t len, bool fin, void *ud)
{
    session *s = ud;
    echo_stream *e = stream_for(s, id);
    if (e == NULL) {
        return 0;
    }
    if (e->len + len > e->cap) {
        if (e->sent > 0) {
            return 0; /* already echoing from this buffer: keep it in place */
        }
        size_t cap = e->cap ? e->cap * 2 : 4096;
        while (cap < e->len + len) {
            cap *= 2;
        }
        e->buf = realloc(e->buf, cap);
        e->cap = cap;
    }
    if (len > 0) {
        memcpy(e->buf + e->len, d, len);
    }
    e->len += len;
    e->fin = fin;
    if (!moqt_stream_id_is_uni(id)) {
        e->out = id;
        e->out_open = true;
        if (fin) {
            flush(s, e);
        }
        return 0;
    }
    if (!fin) {
        return 0;
    }
    printf("{\"event\":\"uni\",\"session\":%d,\"data\":", s->n);
    json_str(e->buf, e->len);
    printf("}\n");
    if (e->len == 12 && memcmp(e->buf, "please close", 12) == 0) {
        static const char reason[] = "server closing";
        moqt_transport_close(t, 4242, (const uint8_t *)reason, sizeof reason - 1);
        return 0;
    }
    if (moqt_transport_open_stream(t, false, &e->out) == 0) {
        e->out_open = true;
        flush(s, e);
    }
    return 0;
}

static int on_writable(moqt_transport *t, uint64_t id, void *ud)
{
    session *s = ud;
    (void)t;
    for (int i = 0; i < MAX_STREAMS; i++) {
        if (s->st[i].used && s->st[i].out_open && s->st[i].out == id) {
            flush(s, &s->st[i]);
        }
    }
    return 0;
}

static int on_datagram(moqt_transport *t, const uint8_t *d, size_t len, void *ud)
{
    (void)ud;
    (void)moqt_transport_send_datagram(t, d, len);
    return 0;
}

static void on_closed(moqt_transport *t, bool remote, bool app, uint64_t code,
                      const uint8_t *reason, size_t reasonlen, void *ud)
{
    session *s = ud;
    (void)t;
    printf("{\"event\":\"closed\",\"session\":%d,\"remote\":%s,\"app\":%s,\"code\":%llu,"
           "\"reason\":",
           s->n, remote ? "true" : "false", app ? "true" : "false", (unsigned long long)code);
    json_str(reason, reasonlen);
    printf("}\n");
}

static const moqt_transport_callbacks session_cb = {
    .struct_size = sizeof(moqt_transport_callbacks),
    .stream_data = on_data,
    .stream_writable = on_writable,
    .datagram = on_datagram,
    .closed = on_closed,
};

static int on_request(moqt_wt_conn *c, const moqt_wt_request *req, int *chosen, void *ud)
{
    (void)c;
    (void)ud;
    printf("{\"event\":\"request\",\"path\":");
    json_str(req->path.base, req->path.len);
    printf(",\"draft02\":%s,\"offered\":[", req->draft02 ? "true" : "false");
    for (size_t i = 0; i < req->noffered; i++) {
        printf("%s", i ? "," : "");
        json_str((const uint8_t *)req->offered[i], strlen(req->offered[i]));
    }
    printf("]}\n");
    if (!moqt_h3_bytes_is(req->path, "/echo")) {
        return 404;
    }
    *chosen = -1;
    for (size_t i = 0; i < req->noffered && *chosen < 0; i++) {
        for (size_t k = 0; k < 3; k++) {
            if (strcmp(req->offered[i], protocols[k]) == 0) {
                *chosen = (int)i;
            }
        }
    }
    return session_count < MAX_SESSIONS ? 200 : 429;
}

static int on_session(moqt_wt_conn *c, moqt_transport *t, const moqt_wt_request *req, void *ud)
{
    (void)c;
    (void)req;
    (void)ud;
    session *s = &sessions[session_count];
    s->t = t;
    s->n = session_count++;
    s->used = true;
    printf("{\"event\":\"session\",\"session\":%d,\"peer_draft\":%d}\n", s->n,
           moqt_wt_conn_peer_draft(c));
    return moqt_transport_set_callbacks(t, &session_cb, s);
}

static void on_conn_closed(moqt_wt_conn *c, bool remote, uint64_t code, void *ud)
{
    (void)ud;
    printf("{\"event\":\"conn_closed\",\"remote\":%s,\"code\":%llu}\n", remote ? "true" : "false",
           (unsigned long long)code);
    for (int i = 0; i < MAX_SESSIONS; i++) {
        if (conns[i] == c) {
            conns[i] = NULL;
        }
    }
    moqt_wt_conn_del(c);
}

static int on_accept(moqt_quic_server *srv, moqt_transport *t, void *ud)
{
    (void)srv;
    (void)ud;
    moqt_wt_settings ws;
    moqt_wt_settings_default(&ws);
    ws.protocols = protocols;
    ws.nprotocols = 3;
    ws.max_sessions = MAX_SESSIONS;
    moqt_wt_callbacks cb = {.struct_size = sizeof cb,
                            .session_request = on_request,
                            .session_new = on_session,
                            .conn_closed = on_conn_closed};
    for (int i = 0; i < MAX_SESSIONS; i++) {
        if (conns[i] == NULL) {
            return moqt_wt_conn_new(t, &ws, &cb, NULL, NULL, &conns[i]);
        }
    }
    return -1; /* full: refuse the connection */
}

static void stop_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
    (void)w;
    (void)revents;
    ev_break(loop, EVBREAK_ALL);
}

static void stdin_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    char buf[256];
    (void)revents;
    if (read(w->fd, buf, sizeof buf) <= 0) {
        ev_break(loop, EVBREAK_ALL);
    }
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    uint16_t port = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            port = (uint16_t)atoi(argv[++i]);
        } else if (strcmp(argv[i], "--host") == 0 && i + 1 < argc) {
            host = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--port N] [--host A]\n", argv[0]);
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    moqt_runtime *rt;
    moqt_tls_config *tls;
    if (moqt_runtime_new(NULL, NULL, &rt) != 0 ||
        moqt_tls_server_config_self_signed(NULL, &tls) != 0) {
        fprintf(stderr, "wt_echo_server: cannot set up the runtime or certificate\n");
        return 1;
    }
    static const char *const alpns[] = {"h3"};
    moqt_quic_settings qs;
    moqt_quic_settings_default(&qs);
    qs.alpns = alpns;
    qs.nalpns = 1;
    moqt_quic_server *srv;
    moqt_cert_http *http = NULL;
    /* The same port number on UDP and TCP; with port 0, retry until both bind. */
    for (int attempt = 0; attempt < 20; attempt++) {
        if (moqt_runtime_listen(rt, host, port, &qs, tls, on_accept, NULL, &srv) != 0) {
            fprintf(stderr, "wt_echo_server: cannot listen on %s:%u\n", host, port);
            return 1;
        }
        uint16_t bound = moqt_quic_server_port(srv);
        if (moqt_cert_http_start(moqt_runtime_loop(rt), host, bound,
                                 moqt_tls_config_fingerprint(tls), NULL, &http) == 0) {
            port = bound;
            break;
        }
        if (port != 0) {
            fprintf(stderr, "wt_echo_server: TCP port %u is taken\n", port);
            return 1;
        }
        /* the UDP server stays bound until the runtime ends; try another */
    }
    if (http == NULL) {
        return 1;
    }
    printf("{\"port\":%u,\"fingerprint\":\"%s\"}\n", port, moqt_tls_config_fingerprint(tls));
    struct ev_loop *loop = moqt_runtime_loop(rt);
    ev_signal sterm, sint;
    ev_signal_init(&sterm, stop_cb, SIGTERM);
    ev_signal_init(&sint, stop_cb, SIGINT);
    ev_signal_start(loop, &sterm);
    ev_signal_start(loop, &sint);
    ev_io in;
    ev_io_init(&in, stdin_cb, 0, EV_READ);
    ev_io_start(loop, &in);
    moqt_runtime_run(rt);
    moqt_cert_http_stop(http);
    moqt_runtime_del(rt); /* closes connections without callbacks */
    for (int i = 0; i < MAX_SESSIONS; i++) {
        moqt_wt_conn_del(conns[i]);
    }
    moqt_tls_config_del(tls);
    for (int i = 0; i < MAX_SESSIONS; i++) {
        for (int k = 0; k < MAX_STREAMS; k++) {
            free(sessions[i].st[k].buf);
        }
    }
    return 0;
}
