/*
 * The sans-I/O server endpoint: routes datagrams to connections by
 * destination connection ID, accepts new connections from Initial packets,
 * answers unknown versions with Version Negotiation and unknown short-header
 * packets with a stateless reset (RFC 9000 §10.3) whose token is derived
 * from a per-server secret, so a connection id always maps to one token.
 */
#include "transport/quic.h"

#include <gnutls/crypto.h>
#include <string.h>

#include "base/log.h"
#include "base/mem.h"

typedef struct quic_cid_entry {
    ngtcp2_cid cid;
    quic_conn *qc; /* NULL: empty; TOMBSTONE: deleted */
} quic_cid_entry;

static quic_conn tombstone_conn;
#define TOMBSTONE (&tombstone_conn)

static uint64_t cid_hash(const ngtcp2_cid *cid)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < cid->datalen; i++) {
        h = (h ^ cid->data[i]) * 1099511628211ull;
    }
    return h;
}

static quic_cid_entry *cid_slot(quic_server *srv, const ngtcp2_cid *cid, bool for_insert)
{
    if (srv->tablecap == 0) {
        return NULL;
    }
    size_t mask = srv->tablecap - 1, i = (size_t)cid_hash(cid) & mask;
    quic_cid_entry *first_free = NULL;
    for (size_t probes = 0; probes < srv->tablecap; probes++, i = (i + 1) & mask) {
        quic_cid_entry *e = &srv->table[i];
        if (e->qc == NULL) {
            return for_insert && first_free ? first_free : (for_insert ? e : NULL);
        }
        if (e->qc == TOMBSTONE) {
            if (first_free == NULL) {
                first_free = e;
            }
        } else if (ngtcp2_cid_eq(&e->cid, cid)) {
            return e;
        }
    }
    return for_insert ? first_free : NULL;
}

static int table_resize(quic_server *srv, size_t cap)
{
    quic_cid_entry *old = srv->table;
    size_t oldcap = srv->tablecap;
    srv->table = moqt_mem_calloc(srv->mem, cap, sizeof(*srv->table));
    if (srv->table == NULL) {
        srv->table = old;
        return MOQT_ERR_NOMEM;
    }
    srv->tablecap = cap;
    srv->tablecount = 0;
    for (size_t i = 0; i < oldcap; i++) {
        if (old[i].qc && old[i].qc != TOMBSTONE) {
            quic_cid_entry *e = cid_slot(srv, &old[i].cid, true);
            *e = old[i];
            srv->tablecount++;
        }
    }
    moqt_mem_free(srv->mem, old);
    return 0;
}

int quic_server_add_cid(quic_server *srv, const ngtcp2_cid *cid, quic_conn *qc)
{
    /* Tombstones count as used, so the table is rebuilt before it fills. */
    if ((srv->tablecount + 1) * 2 > srv->tablecap) {
        int rv = table_resize(srv, srv->tablecap ? srv->tablecap * 2 : 256);
        if (rv != 0) {
            return rv;
        }
    }
    quic_cid_entry *e = cid_slot(srv, cid, true);
    if (e->qc == NULL) {
        srv->tablecount++;
    }
    e->cid = *cid;
    e->qc = qc;
    return 0;
}

void quic_server_remove_cid(quic_server *srv, const ngtcp2_cid *cid)
{
    quic_cid_entry *e = cid_slot(srv, cid, false);
    if (e) {
        e->qc = TOMBSTONE;
    }
}

void quic_server_forget(quic_server *srv, quic_conn *qc)
{
    for (size_t i = 0; i < srv->tablecap; i++) {
        if (srv->table[i].qc == qc) {
            srv->table[i].qc = TOMBSTONE;
        }
    }
    for (size_t i = 0; i < srv->nconns; i++) {
        if (srv->conns[i].qc == qc) {
            srv->conns[i] = srv->conns[--srv->nconns];
            break;
        }
    }
    qc->server = NULL;
}

void quic_server_stateless_reset_token(const quic_server *srv, uint8_t *token,
                                       const ngtcp2_cid *cid)
{
    ngtcp2_crypto_generate_stateless_reset_token(token, srv->static_secret,
                                                 sizeof(srv->static_secret), cid);
}

int quic_server_init(quic_server *srv, const moqt_quic_settings *s, const moqt_tls_config *tls,
                     const moqt_mem *mem)
{
    memset(srv, 0, sizeof(*srv));
    srv->mem = moqt_mem_or_default(mem);
    quic_settings_copy(&srv->s, s, srv->alpn_store, srv->alpns);
    if (srv->s.qlog_dir) {
        snprintf(srv->qlog_dir, sizeof(srv->qlog_dir), "%s", srv->s.qlog_dir);
        srv->s.qlog_dir = srv->qlog_dir;
    }
    srv->s.server_name = NULL;
    srv->tls = tls;
    if (tls == NULL || !tls->is_server) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    return gnutls_rnd(GNUTLS_RND_KEY, srv->static_secret, sizeof(srv->static_secret)) == 0
               ? 0
               : MOQT_ERR_TRANSPORT;
}

void quic_server_free(quic_server *srv)
{
    while (srv->nconns > 0) {
        quic_conn_del(srv->conns[srv->nconns - 1].qc); /* removes itself */
    }
    moqt_mem_free(srv->mem, srv->conns);
    moqt_mem_free(srv->mem, srv->table);
    srv->conns = NULL;
    srv->table = NULL;
}

static int send_version_negotiation(const ngtcp2_version_cid *vc, const ngtcp2_path *path,
                                    quic_send_fn send, void *ctx)
{
    uint8_t buf[256], unused;
    uint32_t versions[] = {NGTCP2_PROTO_VER_V1};
    gnutls_rnd(GNUTLS_RND_NONCE, &unused, 1);
    ngtcp2_ssize n = ngtcp2_pkt_write_version_negotiation(
        buf, sizeof(buf), unused, vc->scid, vc->scidlen, vc->dcid, vc->dcidlen, versions, 1);
    return n > 0 ? send(ctx, path, 0, buf, (size_t)n, (size_t)n) : 0;
}

static int send_stateless_reset(quic_server *srv, const uint8_t *dcid, size_t dcidlen,
                                size_t pktlen, const ngtcp2_path *path, quic_send_fn send,
                                void *ctx)
{
    /* RFC 9000 §10.3.3: smaller than the packet that triggered it (no loops),
     * and at least 41 bytes so it looks like any short-header packet. */
    if (pktlen <= 41) {
        return 0;
    }
    ngtcp2_cid cid;
    ngtcp2_cid_init(&cid, dcid, dcidlen);
    uint8_t token[NGTCP2_STATELESS_RESET_TOKENLEN], rand[64], buf[128];
    quic_server_stateless_reset_token(srv, token, &cid);
    size_t max = pktlen - 1 < sizeof(buf) ? pktlen - 1 : sizeof(buf);
    size_t randlen = max - NGTCP2_STATELESS_RESET_TOKENLEN - 1;
    if (randlen > sizeof(rand)) {
        randlen = sizeof(rand);
    }
    gnutls_rnd(GNUTLS_RND_NONCE, rand, randlen);
    ngtcp2_ssize n = ngtcp2_pkt_write_stateless_reset(buf, max, token, rand, randlen);
    return n > 0 ? send(ctx, path, 0, buf, (size_t)n, (size_t)n) : 0;
}

static int accept_conn(quic_server *srv, const ngtcp2_path *path, const uint8_t *pkt, size_t pktlen,
                       ngtcp2_tstamp now, quic_conn **pqc)
{
    ngtcp2_pkt_hd hd;
    if (ngtcp2_accept(&hd, pkt, pktlen) != 0) {
        return 0; /* not an acceptable Initial: drop */
    }
    ngtcp2_cid scid;
    scid.datalen = QUIC_SCID_LEN;
    gnutls_rnd(GNUTLS_RND_RANDOM, scid.data, scid.datalen);
    quic_conn *qc;
    int rv = quic_conn_server_new(&qc, srv, &srv->s, srv->tls, &hd, &scid, path, now, srv->mem);
    if (rv != 0) {
        return rv;
    }
    if (srv->nconns == srv->conncap) {
        size_t cap = srv->conncap ? srv->conncap * 2 : 16;
        struct quic_conn_slot *c = moqt_mem_realloc(srv->mem, srv->conns, cap * sizeof(*c));
        if (c == NULL) {
            qc->server = NULL;
            quic_conn_del(qc);
            return MOQT_ERR_NOMEM;
        }
        srv->conns = c;
        srv->conncap = cap;
    }
    srv->conns[srv->nconns++].qc = qc;
    if (quic_server_add_cid(srv, &scid, qc) != 0 || quic_server_add_cid(srv, &hd.dcid, qc) != 0 ||
        (srv->accept && srv->accept(srv->driver, qc) != 0)) {
        quic_conn_del(qc);
        return 0;
    }
    MOQT_LOG_D(qc->tag, "accepted");
    *pqc = qc;
    return 0;
}

int quic_server_read_pkt(quic_server *srv, const ngtcp2_path *path, uint32_t ecn,
                         const uint8_t *pkt, size_t pktlen, ngtcp2_tstamp now, quic_send_fn send,
                         void *ctx, quic_conn **pqc)
{
    *pqc = NULL;
    ngtcp2_version_cid vc;
    int rv = ngtcp2_pkt_decode_version_cid(&vc, pkt, pktlen, QUIC_SCID_LEN);
    if (rv == NGTCP2_ERR_VERSION_NEGOTIATION) {
        return send_version_negotiation(&vc, path, send, ctx);
    }
    if (rv != 0) {
        return 0;
    }
    ngtcp2_cid dcid;
    ngtcp2_cid_init(&dcid, vc.dcid, vc.dcidlen);
    quic_cid_entry *e = cid_slot(srv, &dcid, false);
    if (e == NULL) {
        if (pkt[0] & 0x80) {
            rv = accept_conn(srv, path, pkt, pktlen, now, pqc);
            if (rv != 0 || *pqc == NULL) {
                return rv;
            }
        } else {
            return send_stateless_reset(srv, vc.dcid, vc.dcidlen, pktlen, path, send, ctx);
        }
    } else {
        *pqc = e->qc;
    }
    quic_conn_read_pkt(*pqc, path, ecn, pkt, pktlen, now);
    return 0;
}
