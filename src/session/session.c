/*
 * Session lifecycle, the stream table and transport events.
 *
 * The session consumes moqt_transport callbacks (installed at _new) and acts
 * through the transport's verbs, which never call back synchronously, so a
 * verb is safe anywhere here. Transport callbacks carry no timestamp: the
 * session keeps the latest |now| the application gave it (no timer depends
 * on it yet).
 */
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "session/session_int.h"

/* Control messages are at most 65535 payload bytes plus a type and length. */
#define SCRATCH_CAP (MOQT_MAX_CONTROL_PAYLOAD + 32)
/* A control stream holds at most one partial message. */
#define CONTROL_RX_LIMIT SCRATCH_CAP

void moqt_session_settings_default(moqt_session_settings *st)
{
    memset(st, 0, sizeof(*st));
    st->struct_size = sizeof(*st);
    st->drafts = MOQT_DRAFTS_ALL;
    st->max_requests = 100;
    st->max_send_buffer = 4u << 20;
    st->max_object_size = 1u << 20;
    st->max_early_bytes = 256u << 10;
    st->max_open_subgroups = 16;
}

void moqt_subscribe_params_default(moqt_subscribe_params *p)
{
    memset(p, 0, sizeof(*p));
    p->struct_size = sizeof(*p);
    p->subscriber_priority = 128;
    p->forward = true;
}

/* ---- Streams -------------------------------------------------------------------- */

sstream *moqt_session_stream_find(moqt_session *s, uint64_t id)
{
    for (size_t i = 0; i < s->nstreams; i++) {
        if (s->streams[i]->id == id) {
            return s->streams[i];
        }
    }
    return NULL;
}

sstream *moqt_session_stream_add(moqt_session *s, uint64_t id, sstream_kind kind)
{
    if (s->nstreams == s->cap_streams) {
        size_t cap = s->cap_streams ? s->cap_streams * 2 : 16;
        sstream **n = moqt_mem_realloc(s->mem, s->streams, cap * sizeof(*n));
        if (n == NULL) {
            return NULL;
        }
        s->streams = n;
        s->cap_streams = cap;
    }
    sstream *ss = moqt_mem_calloc(s->mem, 1, sizeof(*ss));
    if (ss == NULL) {
        return NULL;
    }
    ss->id = id;
    ss->kind = kind;
    s->streams[s->nstreams++] = ss;
    return ss;
}

int moqt_session_stream_open(moqt_session *s, bool bidi, sstream_kind kind, sstream **pss)
{
    uint64_t id;
    int rv = moqt_transport_open_stream(s->t, bidi, &id);
    if (rv != 0) {
        return rv;
    }
    *pss = moqt_session_stream_add(s, id, kind);
    if (*pss == NULL) {
        moqt_transport_reset_stream(s->t, id, 0);
        return MOQT_ERR_NOMEM;
    }
    return 0;
}

static void stream_free(moqt_session *s, sstream *ss)
{
    if (ss->early) {
        s->early_bytes -= ss->rxlen;
    }
    moqt_sendq_clear(s->mem, &ss->sq);
    moqt_mem_free(s->mem, ss->rx);
    moqt_mem_free(s->mem, ss);
}

void moqt_session_stream_forget(moqt_session *s, sstream *ss)
{
    for (size_t i = 0; i < s->nstreams; i++) {
        if (s->streams[i] == ss) {
            s->streams[i] = s->streams[--s->nstreams];
            break;
        }
    }
    if (ss->req && ss->req->stream == ss) {
        ss->req->stream = NULL;
    }
    if (s->control == ss) {
        s->control = NULL;
    }
    if (s->control_rx == ss) {
        s->control_rx = NULL;
    }
    if (s->control_tx == ss) {
        s->control_tx = NULL;
    }
    stream_free(s, ss);
}

int moqt_session_stream_append(moqt_session *s, sstream *ss, const uint8_t *data, size_t len,
                               size_t limit)
{
    if (len == 0) {
        return 0;
    }
    if (ss->rxlen + len > limit) {
        return MOQT_ERR_WIRE_LIMIT;
    }
    if (ss->rxlen + len > ss->rxcap) {
        size_t cap = ss->rxcap ? ss->rxcap : 256;
        while (cap < ss->rxlen + len) {
            cap *= 2;
        }
        uint8_t *n = moqt_mem_realloc(s->mem, ss->rx, cap);
        if (n == NULL) {
            return MOQT_ERR_NOMEM;
        }
        ss->rx = n;
        ss->rxcap = cap;
    }
    memcpy(ss->rx + ss->rxlen, data, len);
    ss->rxlen += len;
    if (ss->early) {
        s->early_bytes += len;
    }
    return 0;
}

void moqt_session_stream_consume(sstream *ss, size_t n)
{
    memmove(ss->rx, ss->rx + n, ss->rxlen - n);
    ss->rxlen -= n;
}

int moqt_session_stream_send(moqt_session *s, sstream *ss, const uint8_t *a, size_t alen,
                             const uint8_t *b, size_t blen, bool fin)
{
    if (ss->reset_sent || ss->sq.fin_queued) {
        return MOQT_ERR_INVALID_STATE;
    }
    int rv = moqt_sendq_push(s->mem, &ss->sq, a, alen, b, blen);
    if (rv != 0) {
        return rv;
    }
    if (alen + blen > 0) {
        ss->sq.tail->queued_at = s->now; /* delivery timeouts count from here (timers.c) */
    }
    if (fin) {
        ss->fin_at = s->now;
    }
    ss->sq.fin_queued = fin;
    return moqt_sendq_flush(&ss->sq, s->t, ss->id);
}

int moqt_session_stream_reset(moqt_session *s, sstream *ss, moqt_reset_code code)
{
    /* Nothing to abandon once every byte and the FIN were acknowledged. */
    if (ss->reset_sent || (ss->sq.fin_written && moqt_sendq_unacked(&ss->sq) == 0)) {
        return 0;
    }
    ss->reset_sent = true;
    uint64_t wire = moqt_errcode_to_wire_or_fallback(s->p, MOQT_ERRTAB_STREAM_RESET, code);
    moqt_sendq_clear(s->mem, &ss->sq);
    int rv = moqt_transport_reset_stream(s->t, ss->id, wire);
    return rv == MOQT_ERR_INVALID_STATE ? 0 : rv;
}

int moqt_session_send_msg(moqt_session *s, sstream *ss, const moqt_msg *m, bool fin)
{
    moqt_ssize n = moqt_wire_encode_control(s->p, m, s->scratch, s->scratch_cap);
    if (n < 0) {
        MOQT_LOG_W(SESSION_TAG, "cannot encode %s under %s: %s", moqt_msg_name(s->p, m->kind),
                   s->p->name, moqt_strerror((int)n));
        return (int)n;
    }
    MOQT_LOG_D(SESSION_TAG, "%s send %s (%zd bytes) on stream %llu", s->is_server ? "S" : "C",
               moqt_msg_name(s->p, m->kind), n, (unsigned long long)ss->id);
    return moqt_session_stream_send(s, ss, s->scratch, (size_t)n, NULL, 0, fin);
}

int moqt_session_fail(moqt_session *s, moqt_term term, const char *why)
{
    if (s->closing || s->closed) {
        return term == MOQT_TERM_NO_ERROR ? 0 : MOQT_ERR_PROTOCOL_VIOLATION;
    }
    s->closing = true;
    const moqt_profile *p = s->p;
    if (p == NULL) {
        size_t count;
        p = moqt_profile_all(&count); /* the oldest row: codes 0x0-0x3 agree in all drafts */
    }
    uint64_t code = moqt_errcode_to_wire_or_fallback(p, MOQT_ERRTAB_TERMINATION, term);
    if (term != MOQT_TERM_NO_ERROR) {
        MOQT_LOG_W(SESSION_TAG, "%s closing session: %s (0x%llx): %s", s->is_server ? "S" : "C",
                   moqt_term_str(term), (unsigned long long)code, why ? why : "");
    }
    size_t len = why ? strlen(why) : 0;
    if (len > MOQT_MAX_REASON_LEN) {
        len = MOQT_MAX_REASON_LEN;
    }
    moqt_transport_close(s->t, code, (const uint8_t *)why, len);
    return term == MOQT_TERM_NO_ERROR ? 0 : MOQT_ERR_PROTOCOL_VIOLATION;
}

int moqt_session_callback_result(moqt_session *s, int rv)
{
    if (rv == 0) {
        return 0;
    }
    moqt_session_fail(s, MOQT_TERM_INTERNAL, "application callback failed");
    return MOQT_ERR_CALLBACK_FAILURE;
}

/* ---- Requests ------------------------------------------------------------------- */

request *moqt_session_request_find(moqt_session *s, uint64_t id, bool local)
{
    for (request *rq = s->requests; rq; rq = rq->next) {
        if (rq->id == id && rq->local == local) {
            return rq;
        }
    }
    return NULL;
}

request *moqt_session_request_new(moqt_session *s, uint64_t id, moqt_msg_kind kind, bool local)
{
    request *rq = moqt_mem_calloc(s->mem, 1, sizeof(*rq));
    if (rq == NULL) {
        return NULL;
    }
    rq->id = id;
    rq->kind = kind;
    rq->local = local;
    rq->sub_priority = 128; /* the drafts' default until a SUBSCRIBE / PUBLISH_OK names one */
    rq->group_order = MOQT_GROUP_ORDER_ASCENDING;
    rq->next = s->requests;
    s->requests = rq;
    return rq;
}

void moqt_session_request_free(moqt_session *s, request *rq)
{
    for (request **pp = &s->requests; *pp; pp = &(*pp)->next) {
        if (*pp == rq) {
            *pp = rq->next;
            break;
        }
    }
    for (size_t i = 0; i < s->nstreams; i++) {
        if (s->streams[i]->req == rq) {
            s->streams[i]->req = NULL;
        }
    }
    moqt_mem_free(s->mem, rq->pending);
    moqt_mem_free(s->mem, rq->ns_store);
    moqt_mem_free(s->mem, rq->nsu_prefix); /* ns_update.c */
    moqt_mem_free(s->mem, rq);
}

/* ---- Transport events ----------------------------------------------------------- */

static int on_handshake_done(moqt_transport *t, const char *alpn, void *user_data)
{
    (void)t;
    moqt_session *s = user_data;
    int rv = moqt_setup_start(s, alpn);
    return rv == MOQT_ERR_PROTOCOL_VIOLATION ? 0 : rv;
}

/* The kind of a stream the peer opened: uni streams are classified by their
 * type later; the first bidi stream of <=16 is the control stream. */
static sstream_kind peer_stream_kind(moqt_session *s, uint64_t id)
{
    if (moqt_stream_id_is_uni(id)) {
        return SS_UNKNOWN;
    }
    bool per_request = s->p && s->p->topology == MOQT_TOPO_REQUEST_STREAMS;
    if (!per_request && s->control == NULL && s->is_server) {
        return SS_CONTROL;
    }
    return SS_REQUEST;
}

static int on_stream_opened(moqt_transport *t, uint64_t id, void *user_data)
{
    (void)t;
    moqt_session *s = user_data;
    if (moqt_session_stream_find(s, id)) {
        return 0;
    }
    sstream *ss = moqt_session_stream_add(s, id, peer_stream_kind(s, id));
    if (ss == NULL) {
        return MOQT_ERR_NOMEM;
    }
    if (ss->kind == SS_CONTROL) {
        s->control = ss;
    }
    return 0;
}

/* Reads the type of a peer uni stream and classifies it. */
static int classify_uni(moqt_session *s, sstream *ss)
{
    if (s->p == NULL) {
        return 0; /* the draft is not known yet: keep the bytes */
    }
    if (ss->rxlen == 0) {
        if (ss->fin_rcvd) {
            ss->kind = SS_IGNORED; /* an empty stream carries nothing */
        }
        return 0;
    }
    uint64_t type;
    moqt_stream_kind kind;
    const char *why = NULL;
    moqt_ssize n = moqt_wire_decode_stream_type(s->p, ss->rx, ss->rxlen, &type, &kind, &why);
    if (n == MOQT_ERR_WIRE_NEED_MORE) {
        return 0;
    }
    if (n < 0) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION, why ? why : "bad stream type");
    }
    switch (kind) {
    case MOQT_STREAM_SETUP:
        if (s->control_rx != NULL) {
            return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                     "a second control stream (SETUP) from the peer");
        }
        ss->kind = SS_CONTROL_RX;
        s->control_rx = ss;
        return 0;
    case MOQT_STREAM_SUBGROUP:
        ss->kind = SS_SUBGROUP_RX;
        return 0;
    case MOQT_STREAM_FETCH:
        ss->kind = SS_FETCH_RX;
        return 0;
    default:
        /* FETCH streams are not in this slice; padding is discarded. */
        ss->kind = SS_IGNORED;
        moqt_mem_free(s->mem, ss->rx);
        ss->rx = NULL;
        ss->rxlen = ss->rxcap = 0;
        if (kind != MOQT_STREAM_PADDING) {
            moqt_transport_stop_sending(s->t, ss->id,
                                        moqt_errcode_to_wire_or_fallback(
                                            s->p, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_INTERNAL));
        }
        return 0;
    }
}

int moqt_session_stream_dispatch(moqt_session *s, sstream *ss)
{
    for (;;) {
        switch (ss->kind) {
        case SS_UNKNOWN: {
            int rv = classify_uni(s, ss);
            if (rv != 0 || ss->kind == SS_UNKNOWN) {
                return rv;
            }
            continue;
        }
        case SS_CONTROL:
        case SS_CONTROL_RX:
            return moqt_control_on_data(s, ss);
        case SS_REQUEST:
            return moqt_control_on_request_stream_data(s, ss);
        case SS_SUBGROUP_RX:
            return moqt_object_rx_on_data(s, ss);
        case SS_FETCH_RX:
            return moqt_fetch_rx_on_data(s, ss);
        default:
            return 0;
        }
    }
}

static size_t rx_limit(moqt_session *s, const sstream *ss)
{
    switch (ss->kind) {
    case SS_SUBGROUP_RX:
    case SS_FETCH_RX:
        /* one object's header, properties and payload at a time */
        return s->settings.max_object_size + CONTROL_RX_LIMIT;
    default:
        return CONTROL_RX_LIMIT;
    }
}

static int on_stream_data(moqt_transport *t, uint64_t id, const uint8_t *data, size_t len, bool fin,
                          void *user_data)
{
    moqt_session *s = user_data;
    if (s->closing || s->closed) {
        return 0;
    }
    sstream *ss = moqt_session_stream_find(s, id);
    if (ss == NULL) {
        on_stream_opened(t, id, user_data);
        ss = moqt_session_stream_find(s, id);
        if (ss == NULL) {
            return MOQT_ERR_NOMEM;
        }
    }
    if (ss->kind == SS_IGNORED || ss->kind == SS_SUBGROUP_TX || ss->kind == SS_CONTROL_TX ||
        ss->kind == SS_FETCH_TX) {
        return 0;
    }
    int rv = moqt_session_stream_append(s, ss, data, len, rx_limit(s, ss));
    if (rv == MOQT_ERR_WIRE_LIMIT) {
        if (ss->kind == SS_SUBGROUP_RX) {
            rv = moqt_object_rx_too_large(s, ss); /* tells subgroup_end (object_rx.c) */
            return rv == MOQT_ERR_PROTOCOL_VIOLATION || rv == MOQT_ERR_CALLBACK_FAILURE ? 0 : rv;
        }
        if (ss->kind == SS_FETCH_RX) {
            MOQT_LOG_W(SESSION_TAG, "object on stream %llu exceeds max_object_size: stopping it",
                       (unsigned long long)id);
            ss->kind = SS_IGNORED;
            return moqt_transport_stop_sending(
                s->t, id,
                moqt_errcode_to_wire_or_fallback(s->p, MOQT_ERRTAB_STREAM_RESET,
                                                 MOQT_RESET_INTERNAL));
        }
        moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION, "control message too long");
        return 0;
    }
    if (rv != 0) {
        return rv;
    }
    ss->fin_rcvd = fin;
    rv = moqt_session_stream_dispatch(s, ss);
    if (rv == MOQT_ERR_PROTOCOL_VIOLATION || rv == MOQT_ERR_CALLBACK_FAILURE) {
        return 0; /* the session is closing; the transport carries on */
    }
    return rv;
}

static int on_stream_reset(moqt_transport *t, uint64_t id, uint64_t code, void *user_data)
{
    (void)t;
    moqt_session *s = user_data;
    sstream *ss = moqt_session_stream_find(s, id);
    if (ss == NULL || s->closing) {
        return 0;
    }
    switch (ss->kind) {
    case SS_CONTROL:
    case SS_CONTROL_RX:
        moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION, "the peer reset a control stream");
        return 0;
    case SS_REQUEST:
        if (ss->req) {
            int rv = moqt_subscribe_on_stream_end(s, ss->req);
            return rv == MOQT_ERR_PROTOCOL_VIOLATION ? 0 : rv;
        }
        return 0;
    case SS_FETCH_RX: {
        int rv = moqt_fetch_rx_on_reset(s, ss);
        return rv == MOQT_ERR_PROTOCOL_VIOLATION || rv == MOQT_ERR_CALLBACK_FAILURE ? 0 : rv;
    }
    case SS_SUBGROUP_RX:
    case SS_UNKNOWN: {
        if (ss->kind == SS_SUBGROUP_RX && !ss->early && ss->req != NULL) {
            int rv = moqt_object_rx_on_reset(s, ss, code); /* tells subgroup_end */
            return rv == MOQT_ERR_PROTOCOL_VIOLATION || rv == MOQT_ERR_CALLBACK_FAILURE ? 0 : rv;
        }
        if (ss->early) {
            s->early_bytes -= ss->rxlen;
            ss->early = false;
        }
        ss->rxlen = 0;
        ss->kind = SS_IGNORED;
        ss->req = NULL;
        /* Reset before its header named a subscription (e.g. a slow
         * subscriber's old group): counted for PUBLISH_DONE anyway. */
        s->orphan_stream_ends++;
        int rv = moqt_subscribe_orphans_available(s);
        return rv == MOQT_ERR_PROTOCOL_VIOLATION || rv == MOQT_ERR_CALLBACK_FAILURE ? 0 : rv;
    }
    default:
        return 0;
    }
}

static int on_stop_sending(moqt_transport *t, uint64_t id, uint64_t code, void *user_data)
{
    (void)t;
    (void)code;
    moqt_session *s = user_data;
    sstream *ss = moqt_session_stream_find(s, id);
    if (ss == NULL) {
        return 0;
    }
    /* The transport already reset our side and released its data. */
    ss->reset_sent = true;
    moqt_sendq_clear(s->mem, &ss->sq);
    if (s->closing) {
        return 0;
    }
    if (ss->kind == SS_CONTROL || ss->kind == SS_CONTROL_TX) {
        moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION, "the peer stopped a control stream");
        return 0;
    }
    if (ss->kind == SS_REQUEST && ss->req) {
        int rv = moqt_subscribe_on_stream_end(s, ss->req);
        return rv == MOQT_ERR_PROTOCOL_VIOLATION ? 0 : rv;
    }
    return 0;
}

static int on_stream_acked(moqt_transport *t, uint64_t id, uint64_t offset, void *user_data)
{
    (void)t;
    moqt_session *s = user_data;
    sstream *ss = moqt_session_stream_find(s, id);
    if (ss) {
        moqt_sendq_ack(s->mem, &ss->sq, offset);
    }
    return 0;
}

static int on_stream_writable(moqt_transport *t, uint64_t id, void *user_data)
{
    (void)t;
    moqt_session *s = user_data;
    sstream *ss = moqt_session_stream_find(s, id);
    if (ss == NULL || ss->reset_sent) {
        return 0;
    }
    int rv = moqt_sendq_flush(&ss->sq, s->t, ss->id);
    return rv == MOQT_ERR_INVALID_STATE ? 0 : rv;
}

static int on_streams_available(moqt_transport *t, bool bidi, void *user_data)
{
    (void)t;
    moqt_session *s = user_data;
    if (!bidi || s->closing) {
        return 0;
    }
    int rv = moqt_control_flush_pending(s);
    return rv == MOQT_ERR_PROTOCOL_VIOLATION ? 0 : rv;
}

static int on_stream_closed(moqt_transport *t, uint64_t id, void *user_data)
{
    (void)t;
    moqt_session *s = user_data;
    sstream *ss = moqt_session_stream_find(s, id);
    if (ss == NULL || ss == s->control || ss == s->control_rx || ss == s->control_tx) {
        return 0;
    }
    if (ss->kind == SS_SUBGROUP_RX && ss->early) {
        ss->transport_closed = true; /* its objects wait for SUBSCRIBE_OK */
        return 0;
    }
    moqt_session_stream_forget(s, ss);
    return 0;
}

static int on_datagram(moqt_transport *t, const uint8_t *data, size_t len, void *user_data)
{
    (void)t;
    int rv = moqt_datagram_on_receive(user_data, data, len);
    return rv == MOQT_ERR_PROTOCOL_VIOLATION || rv == MOQT_ERR_CALLBACK_FAILURE ? 0 : rv;
}

static void on_closed(moqt_transport *t, bool remote, bool app, uint64_t code,
                      const uint8_t *reason, size_t reasonlen, void *user_data)
{
    (void)t;
    (void)app;
    moqt_session *s = user_data;
    if (s->closed) {
        return;
    }
    s->closed = true;
    s->closing = true;
    for (size_t i = 0; i < s->nstreams; i++) {
        moqt_sendq_clear(s->mem, &s->streams[i]->sq);
    }
    if (s->cb.closed) {
        s->cb.closed(s, remote, code, (moqt_bytes){reason, reasonlen}, s->user_data);
    }
}

static const moqt_transport_callbacks transport_callbacks = {
    .struct_size = sizeof(moqt_transport_callbacks),
    .handshake_done = on_handshake_done,
    .stream_opened = on_stream_opened,
    .stream_data = on_stream_data,
    .stream_reset = on_stream_reset,
    .stop_sending = on_stop_sending,
    .stream_acked = on_stream_acked,
    .stream_writable = on_stream_writable,
    .streams_available = on_streams_available,
    .stream_closed = on_stream_closed,
    .datagram = on_datagram,
    .closed = on_closed,
};

/* ---- Lifecycle ------------------------------------------------------------------ */

/* The strings of the settings are copied: the caller's may not outlive _new. */
static char *dup_string(moqt_session *s, const char *str, int *rv)
{
    if (str == NULL) {
        return NULL;
    }
    size_t n = strlen(str) + 1;
    char *copy = moqt_mem_malloc(s->mem, n);
    if (copy == NULL) {
        *rv = MOQT_ERR_NOMEM;
        return NULL;
    }
    memcpy(copy, str, n);
    return copy;
}

static int copy_setting_strings(moqt_session *s)
{
    int rv = 0;
    moqt_session_settings *st = &s->settings;
    st->protocol = dup_string(s, st->protocol, &rv);
    st->path = dup_string(s, st->path, &rv);
    st->authority = dup_string(s, st->authority, &rv);
    st->implementation = dup_string(s, st->implementation, &rv);
    return rv;
}

static void free_setting_strings(moqt_session *s)
{
    moqt_mem_free(s->mem, (void *)s->settings.protocol);
    moqt_mem_free(s->mem, (void *)s->settings.path);
    moqt_mem_free(s->mem, (void *)s->settings.authority);
    moqt_mem_free(s->mem, (void *)s->settings.implementation);
}

static int session_new(moqt_transport *t, bool is_server, const moqt_session_settings *settings,
                       const moqt_session_callbacks *callbacks, const moqt_mem *mem,
                       void *user_data, moqt_session **psession)
{
    if (t == NULL || psession == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    mem = moqt_mem_or_default(mem);
    moqt_session *s = moqt_mem_calloc(mem, 1, sizeof(*s));
    if (s == NULL) {
        return MOQT_ERR_NOMEM;
    }
    s->mem_storage = *mem;
    s->mem = &s->mem_storage;
    s->t = t;
    s->is_server = is_server;
    moqt_session_settings_default(&s->settings);
    if (settings) {
        size_t n = settings->struct_size < sizeof(s->settings) ? settings->struct_size
                                                               : sizeof(s->settings);
        memcpy(&s->settings, settings, n);
        s->settings.struct_size = sizeof(s->settings);
    }
    if (callbacks) {
        size_t n = callbacks->struct_size < sizeof(s->cb) ? callbacks->struct_size : sizeof(s->cb);
        memcpy(&s->cb, callbacks, n);
    }
    s->user_data = user_data;
    s->scratch_cap = SCRATCH_CAP;
    /* Every string field becomes a copy or NULL, even when one copy fails. */
    int rv = copy_setting_strings(s);
    s->scratch = moqt_mem_malloc(s->mem, s->scratch_cap);
    if (rv == 0 && s->scratch == NULL) {
        rv = MOQT_ERR_NOMEM;
    }
    if (rv == 0) {
        rv = moqt_transport_set_callbacks(t, &transport_callbacks, s);
    }
    if (rv != 0) {
        free_setting_strings(s);
        moqt_mem_free(s->mem, s->scratch);
        moqt_mem_free(s->mem, s);
        return rv;
    }
    *psession = s;
    return 0;
}

int moqt_session_client_new(moqt_transport *t, const moqt_session_settings *settings,
                            const moqt_session_callbacks *callbacks, const moqt_mem *mem,
                            void *user_data, moqt_session **psession)
{
    return session_new(t, false, settings, callbacks, mem, user_data, psession);
}

int moqt_session_server_new(moqt_transport *t, const moqt_session_settings *settings,
                            const moqt_session_callbacks *callbacks, const moqt_mem *mem,
                            void *user_data, moqt_session **psession)
{
    return session_new(t, true, settings, callbacks, mem, user_data, psession);
}

void moqt_session_del(moqt_session *s)
{
    if (s == NULL) {
        return;
    }
    /* After the closed event a runtime may already have freed the transport. */
    if (!s->closed) {
        static const moqt_transport_callbacks none = {.struct_size = sizeof(none)};
        moqt_transport_set_callbacks(s->t, &none, NULL);
    }
    while (s->requests) {
        moqt_session_request_free(s, s->requests);
    }
    moqt_datagram_free(s);
    moqt_auth_free(s);
    for (size_t i = 0; i < s->nstreams; i++) {
        stream_free(s, s->streams[i]);
    }
    moqt_mem_free(s->mem, s->streams);
    moqt_mem_free(s->mem, s->scratch);
    free_setting_strings(s);
    moqt_mem mem = s->mem_storage; /* s->mem points into s */
    moqt_mem_free(&mem, s);
}

uint64_t moqt_session_version(const moqt_session *s)
{
    return s->setup_done && s->p ? s->p->version : 0;
}

bool moqt_session_is_closed(const moqt_session *s)
{
    return s->closed || s->closing;
}

int moqt_session_close(moqt_session *s, uint64_t code, const char *reason, moqt_tstamp now)
{
    s->now = now;
    if (s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    s->closing = true;
    size_t len = reason ? strlen(reason) : 0;
    return moqt_transport_close(s->t, code, (const uint8_t *)reason, len);
}
