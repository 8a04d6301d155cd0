/*
 * The public sans-I/O QUIC API (moqt_runtime.h, "bring your own loop"): thin
 * wrappers that translate sockaddr-based calls to the internal quic_conn /
 * quic_server core. A moqt_quic_conn is a quic_conn.
 */
#include "transport/quic.h"

#include <string.h>

#include "base/mem.h"

struct moqt_quic_listener {
    quic_server srv;
    moqt_quic_listener_accept_cb accept;
    void *user_data;
};

typedef struct send_adapter {
    moqt_quic_send_cb cb;
    void *user_data;
} send_adapter;

static int adapt_send(void *ctx, const ngtcp2_path *path, uint32_t ecn, const uint8_t *data,
                      size_t len, size_t gso)
{
    send_adapter *a = ctx;
    return a->cb(a->user_data, path->local.addrlen ? path->local.addr : NULL, path->local.addrlen,
                 path->remote.addr, path->remote.addrlen, ecn, data, len, gso);
}

static ngtcp2_path make_path(const struct sockaddr *local, size_t locallen,
                             const struct sockaddr *remote, size_t remotelen)
{
    ngtcp2_path p = {
        .local = {(ngtcp2_sockaddr *)(uintptr_t)local, (ngtcp2_socklen)locallen},
        .remote = {(ngtcp2_sockaddr *)(uintptr_t)remote, (ngtcp2_socklen)remotelen},
    };
    return p;
}

int moqt_quic_client_new(const moqt_quic_settings *settings, const moqt_tls_config *tls,
                         const char *server_name, const struct sockaddr *local, size_t locallen,
                         const struct sockaddr *remote, size_t remotelen, moqt_tstamp now,
                         const moqt_mem *mem, moqt_quic_conn **pconn)
{
    if (local == NULL || remote == NULL || pconn == NULL || tls == NULL || tls->is_server) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    ngtcp2_path path = make_path(local, locallen, remote, remotelen);
    return quic_conn_client_new((quic_conn **)pconn, settings, tls, server_name, &path, now, mem);
}

moqt_transport *moqt_quic_conn_transport(moqt_quic_conn *conn)
{
    return ((quic_conn *)conn)->t;
}

int moqt_quic_conn_read(moqt_quic_conn *conn, const struct sockaddr *local, size_t locallen,
                        const struct sockaddr *remote, size_t remotelen, uint32_t ecn,
                        const uint8_t *data, size_t len, moqt_tstamp now)
{
    ngtcp2_path path = make_path(local, locallen, remote, remotelen);
    return quic_conn_read_pkt((quic_conn *)conn, &path, ecn, data, len, now);
}

int moqt_quic_conn_write(moqt_quic_conn *conn, moqt_quic_send_cb send, void *user_data,
                         moqt_tstamp now)
{
    send_adapter a = {send, user_data};
    return quic_conn_write((quic_conn *)conn, adapt_send, &a, now);
}

moqt_tstamp moqt_quic_conn_expiry(moqt_quic_conn *conn)
{
    return quic_conn_expiry((quic_conn *)conn);
}

int moqt_quic_conn_handle_expiry(moqt_quic_conn *conn, moqt_tstamp now)
{
    return quic_conn_handle_expiry((quic_conn *)conn, now);
}

bool moqt_quic_conn_wants_write(const moqt_quic_conn *conn)
{
    return ((const quic_conn *)conn)->dirty;
}

bool moqt_quic_conn_is_done(const moqt_quic_conn *conn)
{
    return ((const quic_conn *)conn)->dead;
}

void moqt_quic_conn_del(moqt_quic_conn *conn)
{
    quic_conn_del((quic_conn *)conn);
}

static int listener_accept(void *driver, quic_conn *qc)
{
    moqt_quic_listener *l = driver;
    return l->accept ? l->accept(l, (moqt_quic_conn *)qc, l->user_data) : 0;
}

int moqt_quic_listener_new(const moqt_quic_settings *settings, const moqt_tls_config *tls,
                           moqt_quic_listener_accept_cb accept, void *user_data,
                           const moqt_mem *mem, moqt_quic_listener **plistener)
{
    moqt_quic_listener *l = moqt_mem_calloc(mem, 1, sizeof(*l));
    if (l == NULL) {
        return MOQT_ERR_NOMEM;
    }
    int rv = quic_server_init(&l->srv, settings, tls, mem);
    if (rv != 0) {
        moqt_mem_free(mem, l);
        return rv;
    }
    l->srv.accept = listener_accept;
    l->srv.driver = l;
    l->accept = accept;
    l->user_data = user_data;
    *plistener = l;
    return 0;
}

int moqt_quic_listener_read(moqt_quic_listener *l, const struct sockaddr *local, size_t locallen,
                            const struct sockaddr *remote, size_t remotelen, uint32_t ecn,
                            const uint8_t *data, size_t len, moqt_tstamp now,
                            moqt_quic_send_cb send, void *user_data, moqt_quic_conn **pconn)
{
    ngtcp2_path path = make_path(local, locallen, remote, remotelen);
    send_adapter a = {send, user_data};
    quic_conn *qc = NULL;
    int rv = quic_server_read_pkt(&l->srv, &path, ecn, data, len, now, adapt_send, &a, &qc);
    *pconn = (moqt_quic_conn *)qc;
    return rv;
}

void moqt_quic_listener_del(moqt_quic_listener *l)
{
    if (l == NULL) {
        return;
    }
    const moqt_mem *mem = l->srv.mem;
    quic_server_free(&l->srv);
    moqt_mem_free(mem, l);
}
