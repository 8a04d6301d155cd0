/*
 * Session test harness: a client and a server session over the in-memory
 * transport pair. Each end records what its callbacks saw; the server end
 * answers SUBSCRIBE as its |mode| says. Header-only (static functions), shared
 * by the tests of tests/unit/session/.
 */
#ifndef MOQT_TESTS_SESS_HARNESS_H
#define MOQT_TESTS_SESS_HARNESS_H

#include <stdio.h>
#include <string.h>

#include <moqt/moqt_session.h>

#include "tf.h"
#include "wire/errcode.h"

#define SH_MAX_OBJS 256

typedef enum sh_mode {
    SH_ACCEPT = 0,     /* accept every SUBSCRIBE at once */
    SH_REJECT_MISSING, /* refuse with DOES_NOT_EXIST */
    SH_HOLD            /* record it, answer later */
} sh_mode;

typedef struct sh_obj {
    uint64_t rid, group, subgroup, object_id;
    moqt_object_state status;
    uint8_t prio;
    char payload[32];
    size_t len;
} sh_obj;

typedef struct sh_peer {
    moqt_session *s;
    sh_mode mode;
    int setup_done;
    uint64_t version;
    /* publisher */
    int nsubs;
    uint64_t sub_ids[16];
    char last_track[64];
    moqt_subscribe_filter last_filter;
    moqt_location last_start;
    uint64_t last_end_group;
    bool last_forward;
    uint8_t last_prio;
    char last_token[32];
    size_t last_token_count;
    int unsubs;
    int goaways;
    char goaway_uri[64];
    /* subscriber */
    int sub_ok, sub_err;
    moqt_request_error err_code;
    uint64_t err_wire;
    int dones;
    uint64_t done_streams;
    moqt_done_reason done_reason;
    sh_obj objs[SH_MAX_OBJS];
    size_t nobjs;
    /* both */
    bool closed, closed_remote;
    uint64_t close_code;
} sh_peer;

typedef struct sh_env {
    moqt_mem_pair *mp;
    sh_peer c, sv;
    tf_alloc alloc;  /* the transport pair's */
    tf_alloc salloc; /* both sessions' (an OOM sweep fails its Nth allocation) */
} sh_env;

static inline int sh_setup_done(moqt_session *s, uint64_t version, void *ud)
{
    (void)s;
    sh_peer *p = ud;
    p->setup_done++;
    p->version = version;
    return 0;
}

static inline int sh_subscribe(moqt_session *s, const moqt_subscribe_request *req, void *ud)
{
    sh_peer *p = ud;
    if (p->nsubs < 16) {
        p->sub_ids[p->nsubs] = req->request_id;
    }
    p->nsubs++;
    snprintf(p->last_track, sizeof p->last_track, "%.*s", (int)req->track_name.len,
             (const char *)req->track_name.base);
    p->last_filter = req->filter;
    p->last_start = req->start;
    p->last_end_group = req->end_group;
    p->last_forward = req->forward;
    p->last_prio = req->subscriber_priority;
    p->last_token_count = req->auth_token_count;
    p->last_token[0] = 0;
    if (req->auth_token_count > 0) {
        snprintf(p->last_token, sizeof p->last_token, "%.*s", (int)req->auth_tokens[0].len,
                 (const char *)req->auth_tokens[0].base);
    }
    switch (p->mode) {
    case SH_ACCEPT:
        return moqt_session_subscribe_accept(s, req->request_id, NULL, 0);
    case SH_REJECT_MISSING:
        return moqt_session_subscribe_reject(s, req->request_id, MOQT_REQUEST_ERROR_DOES_NOT_EXIST,
                                             "no such track", 0);
    default:
        return 0;
    }
}

static inline int sh_subscribe_ok(moqt_session *s, uint64_t rid, const moqt_location *largest,
                                  void *ud)
{
    (void)s;
    (void)rid;
    (void)largest;
    ((sh_peer *)ud)->sub_ok++;
    return 0;
}

static inline int sh_subscribe_error(moqt_session *s, uint64_t rid, moqt_request_error code,
                                     uint64_t wire, moqt_bytes reason, void *ud)
{
    (void)s;
    (void)rid;
    (void)reason;
    sh_peer *p = ud;
    p->sub_err++;
    p->err_code = code;
    p->err_wire = wire;
    return 0;
}

static inline int sh_object(moqt_session *s, const moqt_object *o, void *ud)
{
    (void)s;
    sh_peer *p = ud;
    if (p->nobjs < SH_MAX_OBJS) {
        sh_obj *r = &p->objs[p->nobjs];
        r->rid = o->request_id;
        r->group = o->group;
        r->subgroup = o->subgroup;
        r->object_id = o->object_id;
        r->status = o->status;
        r->prio = o->publisher_priority;
        r->len = o->payload_len < sizeof r->payload ? o->payload_len : sizeof r->payload;
        memcpy(r->payload, o->payload, r->len);
    }
    p->nobjs++;
    return 0;
}

static inline int sh_publish_done(moqt_session *s, uint64_t rid, moqt_done_reason reason,
                                  uint64_t wire, uint64_t streams, moqt_bytes text, void *ud)
{
    (void)s;
    (void)rid;
    (void)wire;
    (void)text;
    sh_peer *p = ud;
    p->dones++;
    p->done_streams = streams;
    p->done_reason = reason;
    return 0;
}

static inline int sh_unsubscribe(moqt_session *s, uint64_t rid, void *ud)
{
    (void)s;
    (void)rid;
    ((sh_peer *)ud)->unsubs++;
    return 0;
}

static inline int sh_goaway(moqt_session *s, moqt_bytes uri, void *ud)
{
    (void)s;
    sh_peer *p = ud;
    p->goaways++;
    snprintf(p->goaway_uri, sizeof p->goaway_uri, "%.*s", (int)uri.len, (const char *)uri.base);
    return 0;
}

static inline void sh_closed(moqt_session *s, bool remote, uint64_t code, moqt_bytes reason,
                             void *ud)
{
    (void)s;
    (void)reason;
    sh_peer *p = ud;
    p->closed = true;
    p->closed_remote = remote;
    p->close_code = code;
}

static const moqt_session_callbacks sh_callbacks = {
    .struct_size = sizeof(moqt_session_callbacks),
    .setup_done = sh_setup_done,
    .subscribe = sh_subscribe,
    .subscribe_ok = sh_subscribe_ok,
    .subscribe_error = sh_subscribe_error,
    .object = sh_object,
    .publish_done = sh_publish_done,
    .unsubscribe = sh_unsubscribe,
    .goaway = sh_goaway,
    .closed = sh_closed,
};

/* The ALPN a pair uses for draft |p|: "moq-00" for in-band drafts. */
static inline const char *sh_alpn(const moqt_profile *p)
{
    return p->version_in_setup ? "moq-00" : p->alpn;
}

typedef struct sh_opts {
    const char *alpn;
    uint32_t client_drafts, server_drafts;
    uint64_t server_max_requests;
    size_t max_chunk, stream_window;
    uint64_t max_streams_bidi;
    size_t client_max_early_bytes;
    size_t client_max_object_size; /* 0: the default */
    size_t server_max_send_buffer;
    size_t session_fail_at;                  /* fail the sessions' Nth allocation (0: never) */
    const moqt_session_callbacks *callbacks; /* NULL: sh_callbacks */
    uint64_t server_auth_cache;              /* server's MAX_AUTH_TOKEN_CACHE_SIZE */
} sh_opts;

static inline void sh_opts_for(sh_opts *o, const moqt_profile *p)
{
    memset(o, 0, sizeof(*o));
    o->alpn = sh_alpn(p);
    o->client_drafts = o->server_drafts = MOQT_DRAFT_BIT(p->version & 0xff);
}

static inline bool sh_start(sh_env *e, const sh_opts *o)
{
    memset(e, 0, sizeof(*e));
    tf_alloc_init(&e->alloc, 0);
    tf_alloc_init(&e->salloc, o->session_fail_at);
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = o->alpn;
    ps.max_chunk = o->max_chunk;
    ps.stream_window = o->stream_window;
    if (o->max_streams_bidi) {
        ps.max_streams_bidi = o->max_streams_bidi;
    }
    if (moqt_mem_pair_new(&ps, &e->alloc.mem, &e->mp) != 0) {
        return false;
    }
    moqt_session_settings cs, ss;
    moqt_session_settings_default(&cs);
    moqt_session_settings_default(&ss);
    cs.drafts = o->client_drafts;
    ss.drafts = o->server_drafts;
    cs.path = "/moq";
    cs.implementation = "libmoqt-test";
    if (o->client_max_early_bytes) {
        cs.max_early_bytes = o->client_max_early_bytes;
    }
    if (o->client_max_object_size) {
        cs.max_object_size = o->client_max_object_size;
    }
    if (o->server_max_send_buffer) {
        ss.max_send_buffer = o->server_max_send_buffer;
    }
    if (o->server_max_requests) {
        ss.max_requests = o->server_max_requests;
    }
    ss.max_auth_token_cache_size = o->server_auth_cache;
    const moqt_session_callbacks *cb = o->callbacks ? o->callbacks : &sh_callbacks;
    if (moqt_session_client_new(moqt_mem_pair_client(e->mp), &cs, cb, &e->salloc.mem, &e->c,
                                &e->c.s) != 0) {
        return false;
    }
    return moqt_session_server_new(moqt_mem_pair_server(e->mp), &ss, cb, &e->alloc.mem, &e->sv,
                                   &e->sv.s) == 0;
}

static inline void sh_run(sh_env *e)
{
    moqt_ssize n = moqt_mem_pair_run(e->mp, 0);
    TF_CHECK(n >= 0);
}

static inline void sh_stop(sh_env *e)
{
    moqt_session_del(e->c.s);
    moqt_session_del(e->sv.s);
    moqt_mem_pair_del(e->mp);
    TF_CHECK_EQ(e->alloc.live, 0);
    TF_CHECK_EQ(e->salloc.live, 0);
}

/* Subscribes the client to clock/second. */
static inline int sh_subscribe_clock(sh_env *e, uint64_t *rid)
{
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    return moqt_session_subscribe(e->c.s, &sp, rid, 0);
}

/* Sends |ngroups| groups of |nobjs| objects "gG-oO" on subgroup 0. */
static inline void sh_send_groups(sh_env *e, uint64_t rid, uint64_t first_group, int ngroups,
                                  int nobjs)
{
    for (uint64_t g = first_group; g < first_group + (uint64_t)ngroups; g++) {
        for (int o = 0; o < nobjs; o++) {
            char buf[32];
            int n = snprintf(buf, sizeof buf, "g%llu-o%d", (unsigned long long)g, o);
            TF_CHECK_INT(moqt_session_send_object(e->sv.s, rid, g, 0, (uint64_t)o, 7,
                                                  MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                                  (const uint8_t *)buf, (size_t)n, 0),
                         0);
        }
        TF_CHECK_INT(moqt_session_end_subgroup(e->sv.s, rid, g, 0, 0), 0);
    }
}

#endif /* MOQT_TESTS_SESS_HARNESS_H */
