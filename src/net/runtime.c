/*
 * The libev runtime: owns UDP sockets and per-connection timers and drives
 * the sans-I/O QUIC core (src/transport/quic*.c). One ev_io per socket reads
 * batches; every connection that received something, whose timer fired, or
 * on which the application acted (dirty) is written before the loop sleeps
 * (ev_prepare). A full socket buffer keeps the unsent batch and waits for
 * EV_WRITE.
 */
#include <moqt/moqt_runtime.h>

#include <ev.h>
#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/mem.h"
#include "net/udp.h"
#include "transport/quic.h"

typedef struct rt_conn rt_conn;

typedef struct rt_socket {
    udp_socket u;
    ev_io rio, wio;
    struct moqt_runtime *rt;
    struct moqt_quic_server *srv; /* server socket, or NULL */
    rt_conn *client;              /* client socket: its one connection */
    bool blocked;                 /* EAGAIN: pending holds the unsent rest */
    uint8_t *pending;
    size_t pendinglen, pendinggso;
    uint32_t pendingecn;
    struct sockaddr_storage pending_local, pending_remote;
    socklen_t pending_remotelen;
    bool pending_has_local;
} rt_socket;

struct rt_conn {
    struct moqt_runtime *rt;
    quic_conn *qc;
    rt_socket *sock;
    rt_socket own_sock; /* client connections own their socket */
    ev_timer timer;
    rt_conn *dirty_next;
    bool in_dirty;
    rt_conn *prev, *next; /* all connections of the runtime */
    int busy;             /* inside a call that may emit callbacks */
    bool del_requested;   /* the app freed it while busy */
    bool is_client;
};

struct moqt_quic_server {
    struct moqt_runtime *rt;
    quic_server qs;
    rt_socket sock;
    moqt_quic_accept_cb accept;
    void *user_data;
    struct moqt_quic_server *next;
};

struct moqt_runtime {
    const moqt_mem *mem;
    struct ev_loop *loop;
    bool own_loop;
    ev_prepare prepare;
    rt_conn *dirty;
    rt_conn *conns;
    struct moqt_quic_server *servers;
    udp_rx *rx;
};

static ngtcp2_tstamp now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ngtcp2_tstamp)ts.tv_sec * NGTCP2_SECONDS + (ngtcp2_tstamp)ts.tv_nsec;
}

/* ---- sending ---------------------------------------------------------------- */

static void keep_pending(rt_socket *s, const ngtcp2_path *path, uint32_t ecn, const uint8_t *data,
                         size_t len, size_t gso)
{
    if (s->pending == NULL) {
        s->pending = moqt_mem_malloc(s->rt->mem, (size_t)QUIC_MAX_GSO_PKTS * QUIC_MAX_UDP_PAYLOAD);
        if (s->pending == NULL) {
            return; /* lost, as on a congested link */
        }
    }
    memcpy(s->pending, data, len);
    s->pendinglen = len;
    s->pendinggso = gso;
    s->pendingecn = ecn;
    s->pending_has_local = path->local.addrlen > 0;
    if (s->pending_has_local) {
        memcpy(&s->pending_local, path->local.addr, path->local.addrlen);
    }
    memcpy(&s->pending_remote, path->remote.addr, path->remote.addrlen);
    s->pending_remotelen = path->remote.addrlen;
    s->blocked = true;
    ev_io_start(s->rt->loop, &s->wio);
}

static int rt_send(void *ctx, const ngtcp2_path *path, uint32_t ecn, const uint8_t *data,
                   size_t len, size_t gso)
{
    rt_socket *s = ctx;
    if (s->blocked) {
        return MOQT_ERR_WOULDBLOCK;
    }
    size_t sent = 0;
    const struct sockaddr *local = s->srv && path->local.addrlen ? path->local.addr : NULL;
    int rv =
        udp_send(&s->u, local, path->remote.addr, path->remote.addrlen, ecn, data, len, gso, &sent);
    if (rv == -EAGAIN) {
        keep_pending(s, path, ecn, data + sent, len - sent, gso);
        return MOQT_ERR_WOULDBLOCK;
    }
    if (rv != 0) {
        MOQT_LOG_D("udp", "send: %s", strerror(-rv));
    }
    return 0;
}

/* ---- connection bookkeeping ------------------------------------------------------- */

static void conn_on_dirty(void *driver)
{
    rt_conn *c = driver;
    if (!c->in_dirty) {
        c->in_dirty = true;
        c->dirty_next = c->rt->dirty;
        c->rt->dirty = c;
    }
}

/* Takes |c| off the runtime's lists and stops its timer. */
static void conn_unlink(rt_conn *c)
{
    moqt_runtime *rt = c->rt;
    ev_timer_stop(rt->loop, &c->timer);
    if (c->in_dirty) {
        for (rt_conn **pp = &rt->dirty; *pp; pp = &(*pp)->dirty_next) {
            if (*pp == c) {
                *pp = c->dirty_next;
                break;
            }
        }
        c->in_dirty = false;
    }
    if (c->prev) {
        c->prev->next = c->next;
    } else {
        rt->conns = c->next;
    }
    if (c->next) {
        c->next->prev = c->prev;
    }
}

static void conn_free(rt_conn *c)
{
    moqt_runtime *rt = c->rt;
    conn_unlink(c);
    quic_conn_del(c->qc);
    if (c->is_client) {
        ev_io_stop(rt->loop, &c->own_sock.rio);
        ev_io_stop(rt->loop, &c->own_sock.wio);
        udp_close(&c->own_sock.u);
        moqt_mem_free(rt->mem, c->own_sock.pending);
    }
    moqt_mem_free(rt->mem, c);
}

static void conn_arm_timer(rt_conn *c)
{
    ngtcp2_tstamp exp = quic_conn_expiry(c->qc);
    ev_timer_stop(c->rt->loop, &c->timer);
    if (exp == UINT64_MAX) {
        return;
    }
    ngtcp2_tstamp now = now_ns();
    /* libev sleeps at least 1 ms (epoll's resolution) for any timer that is
     * not yet due, which would throttle pacing on fast paths (gaps of a few
     * microseconds on loopback). Deadlines closer than that fire at once: the
     * loop then polls without sleeping until ngtcp2 lets the packets go. */
    double delay = exp > now + NGTCP2_MILLISECONDS ? (double)(exp - now) / 1e9 : 0.0;
    ev_timer_set(&c->timer, delay, 0.0);
    ev_timer_start(c->rt->loop, &c->timer);
}

/* After any work on |c|: free it if it ended (server) or was freed by the
 * app meanwhile; otherwise re-arm its timer. */
static void conn_settle(rt_conn *c)
{
    if (c->busy > 0) {
        return;
    }
    if (c->del_requested || (c->qc->dead && !c->is_client)) {
        conn_free(c);
        return;
    }
    conn_arm_timer(c);
}

static void conn_write(rt_conn *c)
{
    if (c->sock->blocked) {
        return; /* resumed on EV_WRITE */
    }
    c->busy++;
    quic_conn_write(c->qc, rt_send, c->sock, now_ns());
    c->busy--;
}

static void flush_dirty(moqt_runtime *rt)
{
    while (rt->dirty) {
        rt_conn *c = rt->dirty;
        rt->dirty = c->dirty_next;
        c->in_dirty = false;
        c->dirty_next = NULL;
        conn_write(c);
        conn_settle(c);
    }
}

static void on_prepare(struct ev_loop *loop, ev_prepare *w, int revents)
{
    (void)loop;
    (void)revents;
    flush_dirty(w->data);
}

static void on_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)loop;
    (void)revents;
    rt_conn *c = w->data;
    c->busy++;
    quic_conn_handle_expiry(c->qc, now_ns());
    c->busy--;
    conn_write(c);
    conn_settle(c);
}

static rt_conn *conn_wrap(moqt_runtime *rt, quic_conn *qc, rt_socket *sock, bool client)
{
    rt_conn *c = moqt_mem_calloc(rt->mem, 1, sizeof(*c));
    if (c == NULL) {
        return NULL;
    }
    c->rt = rt;
    c->qc = qc;
    c->sock = sock;
    c->is_client = client;
    if (qc) {
        qc->driver = c;
        qc->on_dirty = conn_on_dirty;
    }
    ev_timer_init(&c->timer, on_timer, 0.0, 0.0);
    c->timer.data = c;
    c->next = rt->conns;
    if (rt->conns) {
        rt->conns->prev = c;
    }
    rt->conns = c;
    return c;
}

/* ---- reading ----------------------------------------------------------------------- */

static void read_packet(rt_socket *s, const ngtcp2_path *path, uint32_t ecn, const uint8_t *pkt,
                        size_t len, ngtcp2_tstamp now)
{
    if (s->srv) {
        quic_conn *qc = NULL;
        quic_server_read_pkt(&s->srv->qs, path, ecn, pkt, len, now, rt_send, s, &qc);
    } else if (s->client) {
        rt_conn *c = s->client;
        c->busy++;
        quic_conn_read_pkt(c->qc, path, ecn, pkt, len, now);
        c->busy--;
    }
}

static void read_socket(rt_socket *s)
{
    moqt_runtime *rt = s->rt;
    /* A few batches per wakeup, so one busy socket cannot starve timers. */
    for (int round = 0; round < 16; round++) {
        int n = udp_recv(&s->u, rt->rx);
        if (n <= 0) {
            break;
        }
        ngtcp2_tstamp now = now_ns();
        for (int i = 0; i < n; i++) {
            udp_datagram *d = &rt->rx->dg[i];
            ngtcp2_path path = {
                .local = {(ngtcp2_sockaddr *)&d->local, d->locallen},
                .remote = {(ngtcp2_sockaddr *)&d->remote, d->remotelen},
            };
            /* A GRO datagram holds packets of d->gso bytes (the last may be shorter). */
            size_t step = d->gso ? d->gso : d->len;
            for (size_t off = 0; off < d->len && step > 0; off += step) {
                size_t len = d->len - off < step ? d->len - off : step;
                read_packet(s, &path, d->ecn, d->data + off, len, now);
            }
        }
        if (n < UDP_RX_BATCH) {
            break;
        }
    }
    flush_dirty(rt);
}

static void on_readable(struct ev_loop *loop, ev_io *w, int revents)
{
    (void)loop;
    (void)revents;
    read_socket(w->data);
}

static void on_writable(struct ev_loop *loop, ev_io *w, int revents)
{
    (void)revents;
    rt_socket *s = w->data;
    size_t sent = 0;
    int rv = udp_send(&s->u, s->pending_has_local ? (struct sockaddr *)&s->pending_local : NULL,
                      (struct sockaddr *)&s->pending_remote, s->pending_remotelen, s->pendingecn,
                      s->pending, s->pendinglen, s->pendinggso, &sent);
    if (rv == -EAGAIN) {
        memmove(s->pending, s->pending + sent, s->pendinglen - sent);
        s->pendinglen -= sent;
        return;
    }
    s->blocked = false;
    ev_io_stop(loop, w);
    /* Every connection on this socket may have waited. */
    if (s->client) {
        conn_on_dirty(s->client);
    } else if (s->srv) {
        for (size_t i = 0; i < s->srv->qs.nconns; i++) {
            conn_on_dirty(s->srv->qs.conns[i].qc->driver);
        }
    }
    flush_dirty(s->rt);
}

static void socket_watch(moqt_runtime *rt, rt_socket *s)
{
    s->rt = rt;
    ev_io_init(&s->rio, on_readable, s->u.fd, EV_READ);
    ev_io_init(&s->wio, on_writable, s->u.fd, EV_WRITE);
    s->rio.data = s->wio.data = s;
    ev_io_start(rt->loop, &s->rio);
}

/* ---- runtime ------------------------------------------------------------------------- */

int moqt_runtime_new(struct ev_loop *loop, const moqt_mem *mem, moqt_runtime **prt)
{
    moqt_runtime *rt = moqt_mem_calloc(mem, 1, sizeof(*rt));
    if (rt == NULL) {
        return MOQT_ERR_NOMEM;
    }
    rt->mem = moqt_mem_or_default(mem);
    rt->rx = moqt_mem_malloc(rt->mem, sizeof(*rt->rx));
    rt->own_loop = loop == NULL;
    rt->loop = loop ? loop : ev_loop_new(EVFLAG_AUTO);
    if (rt->rx == NULL || rt->loop == NULL) {
        moqt_runtime_del(rt);
        return MOQT_ERR_NOMEM;
    }
    ev_prepare_init(&rt->prepare, on_prepare);
    rt->prepare.data = rt;
    ev_prepare_start(rt->loop, &rt->prepare);
    /* The prepare watcher alone must not keep ev_run alive. */
    ev_unref(rt->loop);
    *prt = rt;
    return 0;
}

static void server_free(moqt_quic_server *srv)
{
    moqt_runtime *rt = srv->rt;
    for (size_t i = srv->qs.nconns; i-- > 0;) {
        rt_conn *c = srv->qs.conns[i].qc->driver;
        conn_free(c); /* removes itself from qs.conns */
    }
    quic_server_free(&srv->qs);
    ev_io_stop(rt->loop, &srv->sock.rio);
    ev_io_stop(rt->loop, &srv->sock.wio);
    udp_close(&srv->sock.u);
    moqt_mem_free(rt->mem, srv->sock.pending);
    moqt_mem_free(rt->mem, srv);
}

void moqt_runtime_del(moqt_runtime *rt)
{
    if (rt == NULL) {
        return;
    }
    while (rt->servers) {
        moqt_quic_server *srv = rt->servers;
        rt->servers = srv->next;
        server_free(srv);
    }
    while (rt->conns) {
        conn_free(rt->conns);
    }
    if (rt->loop) {
        ev_ref(rt->loop);
        ev_prepare_stop(rt->loop, &rt->prepare);
        if (rt->own_loop) {
            ev_loop_destroy(rt->loop);
        }
    }
    moqt_mem_free(rt->mem, rt->rx);
    moqt_mem_free(rt->mem, rt);
}

struct ev_loop *moqt_runtime_loop(moqt_runtime *rt)
{
    return rt->loop;
}

int moqt_runtime_run(moqt_runtime *rt)
{
    ev_run(rt->loop, 0);
    return 0;
}

void moqt_runtime_stop(moqt_runtime *rt)
{
    ev_break(rt->loop, EVBREAK_ALL);
}

static void on_deadline(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)loop;
    (void)revents;
    *(bool *)w->data = true;
}

bool moqt_runtime_run_until(moqt_runtime *rt, bool (*cond)(void *arg), void *arg,
                            moqt_duration timeout)
{
    bool expired = false;
    ev_timer deadline;
    ev_timer_init(&deadline, on_deadline, (double)timeout / 1e9, 0.0);
    deadline.data = &expired;
    ev_timer_start(rt->loop, &deadline);
    bool ok;
    while (!(ok = cond(arg)) && !expired) {
        flush_dirty(rt);
        ev_run(rt->loop, EVRUN_ONCE);
    }
    ev_timer_stop(rt->loop, &deadline);
    return ok;
}

/* ---- servers -------------------------------------------------------------------------- */

static int server_accept(void *driver, quic_conn *qc)
{
    moqt_quic_server *srv = driver;
    rt_conn *c = conn_wrap(srv->rt, qc, &srv->sock, false);
    if (c == NULL) {
        return MOQT_ERR_NOMEM;
    }
    if (srv->accept && srv->accept(srv, qc->t, srv->user_data) != 0) {
        /* Refused: the QUIC core frees the connection itself. */
        qc->driver = NULL;
        qc->on_dirty = NULL;
        conn_unlink(c);
        moqt_mem_free(srv->rt->mem, c);
        return -1;
    }
    return 0;
}

static int resolve(const char *host, uint16_t port, bool passive, struct sockaddr_storage *ss,
                   socklen_t *len)
{
    struct addrinfo hints = {0}, *res = NULL;
    char portstr[8];
    snprintf(portstr, sizeof(portstr), "%u", port);
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_family = AF_UNSPEC;
    hints.ai_flags = passive ? AI_PASSIVE | AI_NUMERICHOST : AI_ADDRCONFIG;
    if (host == NULL || host[0] == '\0') {
        host = "::";
    }
    if (getaddrinfo(host, portstr, &hints, &res) != 0 || res == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

int moqt_runtime_listen(moqt_runtime *rt, const char *host, uint16_t port,
                        const moqt_quic_settings *settings, const moqt_tls_config *tls,
                        moqt_quic_accept_cb accept, void *user_data, moqt_quic_server **psrv)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (tls == NULL || !tls->is_server || resolve(host, port, true, &ss, &sslen) != 0) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    moqt_quic_server *srv = moqt_mem_calloc(rt->mem, 1, sizeof(*srv));
    if (srv == NULL) {
        return MOQT_ERR_NOMEM;
    }
    srv->rt = rt;
    srv->accept = accept;
    srv->user_data = user_data;
    srv->sock.u.fd = -1;
    int rv = quic_server_init(&srv->qs, settings, tls, rt->mem);
    if (rv != 0) {
        moqt_mem_free(rt->mem, srv);
        return rv;
    }
    srv->qs.accept = server_accept;
    srv->qs.driver = srv;
    if ((rv = udp_bind(&srv->sock.u, (struct sockaddr *)&ss, sslen)) != 0) {
        MOQT_LOG_E("udp", "bind: %s", strerror(-rv));
        quic_server_free(&srv->qs);
        moqt_mem_free(rt->mem, srv);
        return MOQT_ERR_TRANSPORT;
    }
    srv->sock.srv = srv;
    socket_watch(rt, &srv->sock);
    srv->next = rt->servers;
    rt->servers = srv;
    MOQT_LOG_I("server", "listening on UDP port %u%s", moqt_quic_server_port(srv),
               srv->sock.u.gso ? " (GSO)" : "");
    *psrv = srv;
    return 0;
}

uint16_t moqt_quic_server_port(const moqt_quic_server *srv)
{
    const struct sockaddr_storage *ss = &srv->sock.u.local;
    return ntohs(ss->ss_family == AF_INET ? ((const struct sockaddr_in *)ss)->sin_port
                                          : ((const struct sockaddr_in6 *)ss)->sin6_port);
}

size_t moqt_quic_server_connections(const moqt_quic_server *srv)
{
    return srv->qs.nconns;
}

void moqt_quic_server_drop_state(moqt_quic_server *srv)
{
    for (size_t i = srv->qs.nconns; i-- > 0;) {
        conn_free(srv->qs.conns[i].qc->driver);
    }
}

/* ---- clients --------------------------------------------------------------------------- */

int moqt_runtime_connect(moqt_runtime *rt, const char *host, uint16_t port,
                         const moqt_quic_settings *settings, const moqt_tls_config *tls,
                         moqt_transport **pt)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (host == NULL || tls == NULL || tls->is_server ||
        resolve(host, port, false, &ss, &sslen) != 0) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    rt_conn *c = conn_wrap(rt, NULL, NULL, true);
    if (c == NULL) {
        return MOQT_ERR_NOMEM;
    }
    c->sock = &c->own_sock;
    c->own_sock.u.fd = -1;
    int rv = udp_connect(&c->own_sock.u, (struct sockaddr *)&ss, sslen);
    if (rv != 0) {
        MOQT_LOG_E("udp", "connect: %s", strerror(-rv));
        c->own_sock.u.fd = -1;
        conn_free(c);
        return MOQT_ERR_TRANSPORT;
    }
    ngtcp2_path path = {
        .local = {(ngtcp2_sockaddr *)&c->own_sock.u.local, c->own_sock.u.locallen},
        .remote = {(ngtcp2_sockaddr *)&ss, sslen},
    };
    const char *sni = settings && settings->server_name ? settings->server_name : host;
    rv = quic_conn_client_new(&c->qc, settings, tls, sni, &path, now_ns(), rt->mem);
    if (rv != 0) {
        conn_free(c);
        return rv;
    }
    c->qc->driver = c;
    c->qc->on_dirty = conn_on_dirty;
    c->own_sock.client = c;
    socket_watch(rt, &c->own_sock);
    conn_on_dirty(c); /* the first flight goes out before the loop sleeps */
    *pt = c->qc->t;
    return 0;
}

void moqt_runtime_conn_del(moqt_runtime *rt, moqt_transport *t)
{
    (void)rt;
    if (t == NULL || moqt_transport_get_ops(t) != &quic_transport_ops) {
        return;
    }
    quic_conn *qc = moqt_transport_impl(t);
    rt_conn *c = qc->driver;
    if (c->busy > 0) {
        c->del_requested = true;
        return;
    }
    conn_free(c);
}
