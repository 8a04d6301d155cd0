/*
 * Bridging drafts (src/wire/bridge.c).
 *
 * The matrix test works from features: one value of a message (a field, a
 * parameter, a moved track value) with a setter that gives it a non-default
 * value and a getter that reads its meaning (defaults applied) under a draft.
 * For each message kind and draft, fit() adds the features one by one to a
 * message and keeps those that survive encode -> decode under that draft: the
 * result is a representative message with everything the draft can carry set,
 * and the list of features the draft can express for that kind. Then for every
 * pair (from, to) that both define the kind: encode under from, decode, bridge,
 * encode under to, decode, and every feature both drafts can express must mean
 * the same. A refusal must be one the bridge documents (checked against this
 * file's own reading of the drafts, written apart from bridge.c's table).
 *
 * Where the moved values live, per draft and kind (test's own reading):
 *   DELIVERY_TIMEOUT  SUBSCRIBE_OK 07-15, PUBLISH 14-15, REQUEST_OK 15 (param);
 *                     PUBLISH / SUBSCRIBE_OK / FETCH_OK 16+, REQUEST_OK 18+ (0x02)
 *   SUBGROUP_DT       track property 0x06 from 18
 *   MAX_CACHE         SUBSCRIBE_OK / FETCH_OK 07-15, PUBLISH 14-15, REQUEST_OK 15;
 *                     property 0x04 16+
 *   PUBLISHER_PRIO    SUBSCRIBE_OK / PUBLISH 15; property 0x0E 16+
 *   GROUP_ORDER       SUBSCRIBE_OK 07-15, PUBLISH 12-15, REQUEST_OK 15; 0x22 16+
 *   DYNAMIC_GROUPS    SUBSCRIBE_OK / PUBLISH 15; property 0x30 16+
 */
#include <stdlib.h>

#include "tf.h"

#include "wire/bridge.h"
#include "wire/control.h"
#include "wire/kvp.h"

static const moqt_profile *draft(unsigned n)
{
    return moqt_profile_for_draft(n);
}

#define B(s)                                                                                       \
    (moqt_bytes)                                                                                   \
    {                                                                                              \
        (const uint8_t *)(s), sizeof(s) - 1                                                        \
    }

/* ---- where the moved values live (independent of bridge.c) ---- */

enum { TV_DT, TV_SGDT, TV_CACHE, TV_PRIO, TV_ORDER, TV_DYN, TV_COUNT };

static const struct {
    uint32_t bit;
    uint64_t prop;
    unsigned prop_from;
    uint64_t set;  /* the non-default value the tests use */
    uint64_t dflt; /* meaning when absent */
} tv[TV_COUNT] = {
    [TV_DT] = {MOQT_P_DELIVERY_TIMEOUT, 0x02, 16, 5000, 0},
    [TV_SGDT] = {0, 0x06, 18, 6000, 0},
    [TV_CACHE] = {MOQT_P_MAX_CACHE_DURATION, 0x04, 16, 7000, UINT64_MAX},
    [TV_PRIO] = {MOQT_P_PUBLISHER_PRIORITY, 0x0E, 16, 9, 128},
    [TV_ORDER] = {MOQT_P_GROUP_ORDER, 0x22, 16, 2, 1},
    [TV_DYN] = {MOQT_P_DYNAMIC_GROUPS, 0x30, 16, 1, 0},
};

enum { AT_NONE, AT_PARAM, AT_PROP };

static bool has_props(unsigned d, moqt_msg_kind k)
{
    if (k == MOQT_MSG_REQUEST_OK) {
        return d >= 18;
    }
    return d >= 16 &&
           (k == MOQT_MSG_PUBLISH || k == MOQT_MSG_SUBSCRIBE_OK || k == MOQT_MSG_FETCH_OK);
}

static bool in(unsigned d, unsigned lo, unsigned hi)
{
    return d >= lo && d <= hi;
}

static int param_at(int t, unsigned d, moqt_msg_kind k)
{
    bool sok = k == MOQT_MSG_SUBSCRIBE_OK, pub = k == MOQT_MSG_PUBLISH;
    bool fok = k == MOQT_MSG_FETCH_OK, rok = k == MOQT_MSG_REQUEST_OK;
    switch (t) {
    case TV_DT:
        return (sok && in(d, 7, 15)) || (pub && in(d, 14, 15)) || (rok && d == 15);
    case TV_CACHE:
        return ((sok || fok) && in(d, 7, 15)) || (pub && in(d, 14, 15)) || (rok && d == 15);
    case TV_PRIO:
    case TV_DYN:
        return (sok || pub) && d == 15;
    case TV_ORDER:
        return (sok && in(d, 7, 15)) || (pub && in(d, 12, 15)) || (rok && d == 15);
    default:
        return 0;
    }
}

static int tv_at(int t, unsigned d, moqt_msg_kind k)
{
    if (has_props(d, k)) {
        return d >= tv[t].prop_from ? AT_PROP : AT_NONE;
    }
    return param_at(t, d, k) ? AT_PARAM : AT_NONE;
}

/* Is |bit| a moved value's parameter on |k| in some draft? */
static bool bit_moves_on(uint32_t bit, moqt_msg_kind k)
{
    for (int t = 0; t < TV_COUNT; t++) {
        for (unsigned d = 7; d <= 19; d++) {
            if (tv[t].bit == bit && param_at(t, d, k)) {
                return true;
            }
        }
    }
    return false;
}

static uint64_t tv_get(int t, const moqt_profile *p, const moqt_msg *m)
{
    switch (tv_at(t, p->draft, m->kind)) {
    case AT_PARAM: {
        const moqt_msg_params *pa = &m->params;
        if (!(pa->has & tv[t].bit)) {
            return tv[t].dflt;
        }
        switch (t) {
        case TV_DT:
            return pa->delivery_timeout_ms;
        case TV_CACHE:
            return pa->max_cache_duration_ms;
        case TV_PRIO:
            return pa->publisher_priority;
        case TV_ORDER:
            return pa->group_order;
        default:
            return pa->dynamic_groups;
        }
    }
    case AT_PROP: {
        const moqt_kvp *kv = moqt_kvps_find(&m->track_props, tv[t].prop);
        return kv ? kv->value : tv[t].dflt;
    }
    default:
        return tv[t].dflt;
    }
}

static void tv_set(int t, const moqt_profile *p, moqt_msg *m)
{
    uint64_t v = tv[t].set;
    if (tv_at(t, p->draft, m->kind) == AT_PROP) {
        moqt_kvp_list *l = &m->track_props;
        /* keep ascending order: insert */
        size_t i = l->count;
        TF_REQUIRE(i < MOQT_MAX_KVPS);
        while (i > 0 && l->item[i - 1].type > tv[t].prop) {
            l->item[i] = l->item[i - 1];
            i--;
        }
        memset(&l->item[i], 0, sizeof(l->item[i]));
        l->item[i].type = tv[t].prop;
        l->item[i].value = v;
        l->count++;
        return;
    }
    moqt_msg_params *pa = &m->params;
    pa->has |= tv[t].bit;
    switch (t) {
    case TV_DT:
        pa->delivery_timeout_ms = v;
        break;
    case TV_CACHE:
        pa->max_cache_duration_ms = v;
        break;
    case TV_PRIO:
        pa->publisher_priority = (uint8_t)v;
        break;
    case TV_ORDER:
        pa->group_order = (uint8_t)v;
        break;
    default:
        pa->dynamic_groups = v;
        break;
    }
}

/* ---- features ---- */

static uint64_t hash_bytes(uint64_t h, moqt_bytes b)
{
    h ^= b.len;
    h *= 1099511628211ull;
    for (size_t i = 0; i < b.len; i++) {
        h ^= b.base[i];
        h *= 1099511628211ull;
    }
    return h;
}

static uint64_t hash_ns(const moqt_namespace *ns)
{
    uint64_t h = 14695981039346656037ull ^ ns->count;
    for (size_t i = 0; i < ns->count; i++) {
        h = hash_bytes(h, ns->field[i]);
    }
    return h;
}

static uint64_t hash_token(uint64_t h, const moqt_auth_token *t)
{
    h = (h ^ t->alias_type) * 31 + t->alias;
    h = h * 31 + t->token_type;
    return hash_bytes(h, t->value);
}

typedef struct feature {
    const char *name;
    /* set: give the value a non-default meaning; get: its meaning under p. */
    void (*set)(const moqt_profile *p, moqt_msg *m);
    uint64_t (*get)(const moqt_profile *p, const moqt_msg *m);
    int tv;       /* moved value index, or -1 */
    uint32_t bit; /* generic parameter bit, or 0 */
} feature;

#define FIELD_FEATURE(fname, expr_set, expr_get)                                                   \
    static void set_##fname(const moqt_profile *p, moqt_msg *m)                                    \
    {                                                                                              \
        (void)p;                                                                                   \
        expr_set;                                                                                  \
    }                                                                                              \
    static uint64_t get_##fname(const moqt_profile *p, const moqt_msg *m)                          \
    {                                                                                              \
        (void)p;                                                                                   \
        return (uint64_t)(expr_get);                                                               \
    }

FIELD_FEATURE(request_id, m->request_id = 5, m->request_id)
FIELD_FEATURE(existing_request_id, m->existing_request_id = 6, m->existing_request_id)
FIELD_FEATURE(required_delta, m->required_request_id_delta = 2, m->required_request_id_delta)
FIELD_FEATURE(track_alias, m->track_alias = 7, m->track_alias)
FIELD_FEATURE(ns, (m->ns.count = 2, m->ns.field[0] = B("moq"), m->ns.field[1] = B("clock")),
              hash_ns(&m->ns))
FIELD_FEATURE(track_name, m->track_name = B("now"), hash_bytes(0, m->track_name))
FIELD_FEATURE(error_code, m->error_code = 0x3, m->error_code)
FIELD_FEATURE(reason, m->reason = B("why not"), hash_bytes(0, m->reason))
FIELD_FEATURE(max_request_id, m->max_request_id = 9, m->max_request_id)
FIELD_FEATURE(fetch_range,
              (m->fetch.start = (moqt_location){1, 2}, m->fetch.end = (moqt_location){3, 4}),
              m->fetch.start.group * 1000 + m->fetch.start.object * 100 + m->fetch.end.group * 10 +
                  m->fetch.end.object)
FIELD_FEATURE(end_of_track, m->fetch.end_of_track = 1, m->fetch.end_of_track)
/* FETCH_OK's End Location: the last Object in 07-11, that plus 1 from 12
 * (mt-07 l.1773, mt-12 l.2603, mt-18 l.3492); compared as the last Object. */
FIELD_FEATURE(end_location, m->fetch.end_location = ((moqt_location){5, 6}),
              m->fetch.end_location.group * 10 + m->fetch.end_location.object -
                  (p->draft >= 12 && m->kind == MOQT_MSG_FETCH_OK))
FIELD_FEATURE(status_code, m->done.status_code = 0x3, m->done.status_code)
FIELD_FEATURE(stream_count, m->done.stream_count = 4, m->done.stream_count)
FIELD_FEATURE(final, (m->done.content_exists = 1, m->done.final = (moqt_location){2, 3}),
              m->done.content_exists * 100 + m->done.final.group * 10 + m->done.final.object)
FIELD_FEATURE(goaway_uri, m->goaway.new_session_uri = B("https://relay.example/moq"),
              hash_bytes(0, m->goaway.new_session_uri))
FIELD_FEATURE(goaway_timeout, m->goaway.timeout_ms = 100, m->goaway.timeout_ms)
FIELD_FEATURE(goaway_request_id, (m->goaway.has_request_id = true, m->goaway.request_id = 11),
              m->goaway.has_request_id * 100 + m->goaway.request_id)
FIELD_FEATURE(retry_interval, m->err.retry_interval_ms = 1000, m->err.retry_interval_ms)
FIELD_FEATURE(retry_alias, m->err.retry_track_alias = 12, m->err.retry_track_alias)
FIELD_FEATURE(versions,
              (m->setup.version_count = 2, m->setup.versions[0] = 0xff000007,
               m->setup.versions[1] = 0xff00000e),
              m->setup.version_count * 1000 + (m->setup.versions[1] & 0xff))
FIELD_FEATURE(selected_version, m->setup.selected_version = 0xff00000b, m->setup.selected_version)
FIELD_FEATURE(role, (m->setup.has |= MOQT_S_ROLE, m->setup.role = MOQT_ROLE_PUBLISHER),
              (m->setup.has & MOQT_S_ROLE) ? m->setup.role : 0)
FIELD_FEATURE(path, (m->setup.has |= MOQT_S_PATH, m->setup.path = B("/moq")),
              (m->setup.has & MOQT_S_PATH) ? hash_bytes(0, m->setup.path) : 0)
FIELD_FEATURE(authority, (m->setup.has |= MOQT_S_AUTHORITY, m->setup.authority = B("relay")),
              (m->setup.has & MOQT_S_AUTHORITY) ? hash_bytes(0, m->setup.authority) : 0)
FIELD_FEATURE(setup_max_request_id,
              (m->setup.has |= MOQT_S_MAX_REQUEST_ID, m->setup.max_request_id = 20),
              (m->setup.has & MOQT_S_MAX_REQUEST_ID) ? m->setup.max_request_id : 0)
FIELD_FEATURE(token_cache,
              (m->setup.has |= MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE,
               m->setup.max_auth_token_cache_size = 4096),
              (m->setup.has & MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE) ? m->setup.max_auth_token_cache_size
                                                                : 0)
FIELD_FEATURE(implementation,
              (m->setup.has |= MOQT_S_IMPLEMENTATION, m->setup.implementation = B("libmoqt")),
              (m->setup.has & MOQT_S_IMPLEMENTATION) ? hash_bytes(0, m->setup.implementation) : 0)
FIELD_FEATURE(max_filter_ranges,
              (m->setup.has |= MOQT_S_MAX_FILTER_RANGES, m->setup.max_filter_ranges = 3),
              (m->setup.has & MOQT_S_MAX_FILTER_RANGES) ? m->setup.max_filter_ranges : 0)
FIELD_FEATURE(max_request_updates,
              (m->setup.has |= MOQT_S_MAX_REQUEST_UPDATES, m->setup.max_request_updates = 5),
              (m->setup.has & MOQT_S_MAX_REQUEST_UPDATES) ? m->setup.max_request_updates : 0)
FIELD_FEATURE(setup_auth,
              (m->setup.auth_count = 1,
               m->setup.auth[0] = (moqt_auth_token){MOQT_TOKEN_ALIAS_USE_VALUE, 0, 0, B("tok")}),
              m->setup.auth_count ? hash_token(m->setup.auth_count, &m->setup.auth[0]) : 0)
FIELD_FEATURE(subscribe_options,
              (m->has_subscribe_options = true,
               m->subscribe_options = MOQT_SUBSCRIBE_OPTIONS_PUBLISH),
              m->has_subscribe_options ? m->subscribe_options : 99)
FIELD_FEATURE(auth,
              (m->params.auth_count = 1,
               m->params.auth[0] = (moqt_auth_token){MOQT_TOKEN_ALIAS_USE_VALUE, 0, 0, B("tok")}),
              m->params.auth_count ? hash_token(m->params.auth_count, &m->params.auth[0]) : 0)
FIELD_FEATURE(unknown_prop, (void)moqt_kvps_add_int(&m->track_props, 0x50, 42),
              moqt_kvps_find(&m->track_props, 0x50) ? 42 : 0)

/* Generic parameters: the bit with a non-default value. */
#define PARAM_FEATURE(fname, pbit, expr_set, expr_get)                                             \
    static void set_##fname(const moqt_profile *p, moqt_msg *m)                                    \
    {                                                                                              \
        (void)p;                                                                                   \
        m->params.has |= (pbit);                                                                   \
        expr_set;                                                                                  \
    }                                                                                              \
    static uint64_t get_##fname(const moqt_profile *p, const moqt_msg *m)                          \
    {                                                                                              \
        (void)p;                                                                                   \
        return (m->params.has & (pbit)) ? (uint64_t)(expr_get) : UINT64_MAX;                       \
    }

PARAM_FEATURE(p_delivery, MOQT_P_DELIVERY_TIMEOUT, m->params.delivery_timeout_ms = 3000,
              m->params.delivery_timeout_ms)
PARAM_FEATURE(p_subgroup_delivery, MOQT_P_SUBGROUP_DELIVERY_TIMEOUT,
              m->params.subgroup_delivery_timeout_ms = 3100, m->params.subgroup_delivery_timeout_ms)
PARAM_FEATURE(p_cache, MOQT_P_MAX_CACHE_DURATION, m->params.max_cache_duration_ms = 3200,
              m->params.max_cache_duration_ms)
PARAM_FEATURE(p_rendezvous, MOQT_P_RENDEZVOUS_TIMEOUT, m->params.rendezvous_timeout_ms = 3300,
              m->params.rendezvous_timeout_ms)
PARAM_FEATURE(p_expires, MOQT_P_EXPIRES, m->params.expires_ms = 3400, m->params.expires_ms)
PARAM_FEATURE(p_largest, MOQT_P_LARGEST, m->params.largest = ((moqt_location){9, 10}),
              m->params.largest.group * 100 + m->params.largest.object)
PARAM_FEATURE(p_fill, MOQT_P_FILL_TIMEOUT, m->params.fill_timeout_ms = 3500,
              m->params.fill_timeout_ms)
PARAM_FEATURE(p_pub_prio, MOQT_P_PUBLISHER_PRIORITY, m->params.publisher_priority = 33,
              m->params.publisher_priority)
PARAM_FEATURE(p_forward, MOQT_P_FORWARD, m->params.forward = 0, m->params.forward)
PARAM_FEATURE(p_sub_prio, MOQT_P_SUBSCRIBER_PRIORITY, m->params.subscriber_priority = 3,
              m->params.subscriber_priority)
PARAM_FEATURE(p_filter, MOQT_P_FILTER,
              (m->params.filter = (moqt_filter){MOQT_FILTER_ABSOLUTE_RANGE, {2, 1}, 5, 0}),
              m->params.filter.type * 100000 + m->params.filter.start.group * 1000 +
                  m->params.filter.start.object * 100 + m->params.filter.end_group * 10 +
                  m->params.filter.end_object)
PARAM_FEATURE(p_order, MOQT_P_GROUP_ORDER, m->params.group_order = 2, m->params.group_order)
PARAM_FEATURE(p_dynamic, MOQT_P_DYNAMIC_GROUPS, m->params.dynamic_groups = 1,
              m->params.dynamic_groups)
PARAM_FEATURE(p_new_group, MOQT_P_NEW_GROUP_REQUEST, m->params.new_group_request = 4,
              m->params.new_group_request)
PARAM_FEATURE(p_prefix, MOQT_P_TRACK_NAMESPACE_PREFIX,
              (m->params.track_namespace_prefix.count = 1,
               m->params.track_namespace_prefix.field[0] = B("moq")),
              hash_ns(&m->params.track_namespace_prefix))

#define TV_FEATURE(fname, idx)                                                                     \
    static void set_##fname(const moqt_profile *p, moqt_msg *m)                                    \
    {                                                                                              \
        tv_set(idx, p, m);                                                                         \
    }                                                                                              \
    static uint64_t get_##fname(const moqt_profile *p, const moqt_msg *m)                          \
    {                                                                                              \
        return tv_get(idx, p, m);                                                                  \
    }

TV_FEATURE(tv_dt, TV_DT)
TV_FEATURE(tv_sgdt, TV_SGDT)
TV_FEATURE(tv_cache, TV_CACHE)
TV_FEATURE(tv_prio, TV_PRIO)
TV_FEATURE(tv_order, TV_ORDER)
TV_FEATURE(tv_dyn, TV_DYN)

#define F(n)                                                                                       \
    {                                                                                              \
#n, set_##n, get_##n, -1, 0                                                                \
    }
#define FP(n, b)                                                                                   \
    {                                                                                              \
#n, set_##n, get_##n, -1, b                                                                \
    }
#define FT(n, t)                                                                                   \
    {                                                                                              \
#n, set_##n, get_##n, t, 0                                                                 \
    }

static const feature features[] = {
    F(request_id),
    F(existing_request_id),
    F(required_delta),
    F(track_alias),
    F(ns),
    F(track_name),
    F(error_code),
    F(reason),
    F(max_request_id),
    F(fetch_range),
    F(end_of_track),
    F(end_location),
    F(status_code),
    F(stream_count),
    F(final),
    F(goaway_uri),
    F(goaway_timeout),
    F(goaway_request_id),
    F(retry_interval),
    F(retry_alias),
    F(versions),
    F(selected_version),
    F(role),
    F(path),
    F(authority),
    F(setup_max_request_id),
    F(token_cache),
    F(implementation),
    F(max_filter_ranges),
    F(max_request_updates),
    F(setup_auth),
    F(subscribe_options),
    F(auth),
    FP(p_delivery, MOQT_P_DELIVERY_TIMEOUT),
    FP(p_subgroup_delivery, MOQT_P_SUBGROUP_DELIVERY_TIMEOUT),
    FP(p_cache, MOQT_P_MAX_CACHE_DURATION),
    FP(p_rendezvous, MOQT_P_RENDEZVOUS_TIMEOUT),
    FP(p_expires, MOQT_P_EXPIRES),
    FP(p_largest, MOQT_P_LARGEST),
    FP(p_fill, MOQT_P_FILL_TIMEOUT),
    FP(p_pub_prio, MOQT_P_PUBLISHER_PRIORITY),
    FP(p_forward, MOQT_P_FORWARD),
    FP(p_sub_prio, MOQT_P_SUBSCRIBER_PRIORITY),
    FP(p_filter, MOQT_P_FILTER),
    FP(p_order, MOQT_P_GROUP_ORDER),
    FP(p_dynamic, MOQT_P_DYNAMIC_GROUPS),
    FP(p_new_group, MOQT_P_NEW_GROUP_REQUEST),
    FP(p_prefix, MOQT_P_TRACK_NAMESPACE_PREFIX),
    FT(tv_dt, TV_DT),
    FT(tv_sgdt, TV_SGDT),
    FT(tv_cache, TV_CACHE),
    FT(tv_prio, TV_PRIO),
    FT(tv_order, TV_ORDER),
    FT(tv_dyn, TV_DYN),
    F(unknown_prop),
};

#define N_FEATURES (sizeof(features) / sizeof(features[0]))

static bool feature_applies(const feature *f, const moqt_profile *p, moqt_msg_kind k)
{
    if (f->tv >= 0) {
        return tv_at(f->tv, p->draft, k) != AT_NONE;
    }
    if (f->bit != 0) {
        return !bit_moves_on(f->bit, k); /* the moved value stands for it there */
    }
    if (f->set == set_unknown_prop) {
        return has_props(p->draft, k);
    }
    return true;
}

/* ---- round trips ---- */

/* Encodes |m| under |p| into |buf| and decodes it into |out| (which borrows
 * from |buf|). Returns 0, or the encode / decode error. */
static int round_trip(const moqt_profile *p, const moqt_msg *m, uint8_t *buf, size_t cap,
                      moqt_msg *out)
{
    moqt_ssize n = moqt_wire_encode_control(p, m, buf, cap);
    if (n < 0) {
        return (int)n;
    }
    const char *why = NULL;
    moqt_ssize d = moqt_wire_decode_control(p, buf, (size_t)n, out, &why);
    if (d != n) {
        tf_fail(__FILE__, __LINE__, "draft %u %s: our own bytes decode to %lld of %lld (%s)",
                p->draft, moqt_msg_kind_str(m->kind), (long long)d, (long long)n, why ? why : "");
        return d < 0 ? (int)d : MOQT_ERR_WIRE_MALFORMED;
    }
    return 0;
}

/* Values a message needs before any feature can be added (the 07-14
 * SUBSCRIBE_UPDATE has no "unchanged": filter, priority and forward are
 * fixed fields; a standalone FETCH names a track). */
static void base_msg(const moqt_profile *p, moqt_msg_kind k, moqt_msg *m)
{
    moqt_msg_init(m, k);
    /* A namespace has at least one field before 17 (DRAFT-CHANGES §2). */
    m->ns.count = 1;
    m->ns.field[0] = B("base");
    m->track_name = B("t");
    if (k == MOQT_MSG_REQUEST_UPDATE) {
        m->params.has |= MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FORWARD;
        m->params.filter.type = MOQT_FILTER_ABSOLUTE_START;
        m->params.subscriber_priority = 128;
        m->params.forward = 1;
    }
    if (k == MOQT_MSG_FETCH) {
        m->fetch.fetch_type = MOQT_FETCH_STANDALONE;
    }
    if (k == MOQT_MSG_CLIENT_SETUP || k == MOQT_MSG_SERVER_SETUP || k == MOQT_MSG_SETUP) {
        if (p->version_in_setup && k == MOQT_MSG_CLIENT_SETUP) {
            m->setup.version_count = 1;
            m->setup.versions[0] = p->version;
        } else if (p->version_in_setup) {
            m->setup.selected_version = p->version;
        }
        if (p->has_role_param) {
            m->setup.has |= MOQT_S_ROLE;
            m->setup.role = MOQT_ROLE_PUBSUB;
        }
    }
}

typedef struct fitted {
    moqt_msg m;
    bool kept[N_FEATURES];
    bool ok; /* the base message encodes */
} fitted;

static bool kept_all_hold(const moqt_profile *p, const fitted *f, const moqt_msg *want,
                          const moqt_msg *got, size_t extra)
{
    for (size_t i = 0; i < N_FEATURES; i++) {
        if ((f->kept[i] || i == extra) && features[i].get(p, want) != features[i].get(p, got)) {
            return false;
        }
    }
    return true;
}

/* A representative message of |k| under |p|: every feature that survives a
 * round trip of |p| alongside the ones kept before it. */
static void fit(const moqt_profile *p, moqt_msg_kind k, fitted *f)
{
    static uint8_t buf[16384];
    static moqt_msg trial, back, unset;
    memset(f->kept, 0, sizeof(f->kept));
    base_msg(p, k, &f->m);
    f->ok = round_trip(p, &f->m, buf, sizeof(buf), &back) == 0;
    if (!f->ok) {
        return;
    }
    for (size_t i = 0; i < N_FEATURES; i++) {
        if (!feature_applies(&features[i], p, k)) {
            continue;
        }
        trial = f->m;
        features[i].set(p, &trial);
        if (round_trip(p, &trial, buf, sizeof(buf), &back) != 0) {
            continue;
        }
        base_msg(p, k, &unset);
        if (features[i].get(p, &trial) == features[i].get(p, &unset)) {
            continue; /* the setter could not say anything new here */
        }
        if (kept_all_hold(p, f, &trial, &back, i)) {
            f->m = trial;
            f->kept[i] = true;
        }
    }
}

/* Does the bridge document a refusal for this message? (MAX_CACHE_DURATION
 * with no place in the target, except on the informational REQUEST_OK.) */
static bool refusal_expected(const moqt_profile *from, const moqt_profile *to, const moqt_msg *a)
{
    if (a->kind == MOQT_MSG_REQUEST_OK) {
        return false;
    }
    return tv_at(TV_CACHE, from->draft, a->kind) != AT_NONE &&
           tv_at(TV_CACHE, to->draft, a->kind) == AT_NONE &&
           tv_get(TV_CACHE, from, a) != tv[TV_CACHE].dflt;
}

/* What a session supplies when the target needs a value the source draft
 * never carried (a namespace where the source named the request by ID; the
 * 07-14 SUBSCRIBE_UPDATE fields that have no "unchanged"): the base values. */
static void supply(const moqt_profile *to, moqt_msg *b)
{
    moqt_msg base;
    base_msg(to, b->kind, &base);
    if (b->ns.count == 0) {
        b->ns = base.ns;
    }
    if (b->track_name.len == 0) {
        b->track_name = base.track_name;
    }
    uint32_t missing = base.params.has & ~b->params.has;
    if (missing & MOQT_P_FILTER) {
        b->params.filter = base.params.filter;
    }
    if (missing & MOQT_P_SUBSCRIBER_PRIORITY) {
        b->params.subscriber_priority = base.params.subscriber_priority;
    }
    if (missing & MOQT_P_FORWARD) {
        b->params.forward = base.params.forward;
    }
    b->params.has |= missing;
    /* Setup is hop by hop: each side offers its own versions (and 07's ROLE). */
    b->setup.version_count = base.setup.version_count;
    memcpy(b->setup.versions, base.setup.versions, sizeof(b->setup.versions));
    b->setup.selected_version = base.setup.selected_version;
    if (base.setup.has & MOQT_S_ROLE) {
        b->setup.has |= MOQT_S_ROLE;
        b->setup.role = base.setup.role;
    } else if (b->kind != MOQT_MSG_NONE && to->draft > 7) {
        uint8_t tmp[4096];
        moqt_msg trial = *b;
        trial.setup.has &= ~(uint32_t)MOQT_S_ROLE;
        if (moqt_wire_encode_control(to, b, tmp, sizeof(tmp)) == MOQT_ERR_UNSUPPORTED &&
            moqt_wire_encode_control(to, &trial, tmp, sizeof(tmp)) > 0) {
            *b = trial; /* ROLE does not exist in this draft */
        }
    }
}

/* SUBSCRIBE_NAMESPACE: drafts without Subscribe Options imply one value
 * (NAMESPACE in 07-11 and 18+, BOTH in 12-15); asking for anything else is a
 * different request there (18+: split off as SUBSCRIBE_TRACKS), which the
 * codec refuses (namespace.c subscribe_options_expressible). */
static bool structural_refusal(const moqt_profile *to, const moqt_msg *a)
{
    if (a->kind != MOQT_MSG_SUBSCRIBE_NAMESPACE || !a->has_subscribe_options ||
        (to->draft >= 16 && to->draft <= 17)) {
        return false;
    }
    uint64_t implied = (to->draft <= 11 || to->draft >= 18) ? MOQT_SUBSCRIBE_OPTIONS_NAMESPACE
                                                            : MOQT_SUBSCRIBE_OPTIONS_BOTH;
    bool same = a->subscribe_options == implied ||
                (to->draft <= 11 && a->subscribe_options == MOQT_SUBSCRIBE_OPTIONS_BOTH);
    return !same;
}

typedef struct matrix_stats {
    unsigned pairs, refused, codec_refused, supplied, structural, compared, moved_compared;
} matrix_stats;

static void unset_feature(const moqt_profile *p, moqt_msg_kind k, fitted *f, size_t i)
{
    /* Rebuild the message without feature i. */
    moqt_msg m;
    base_msg(p, k, &m);
    f->kept[i] = false;
    for (size_t j = 0; j < N_FEATURES; j++) {
        if (f->kept[j]) {
            features[j].set(p, &m);
        }
    }
    f->m = m;
}

static void bridge_pair(const moqt_profile *from, const moqt_profile *to, moqt_msg_kind k,
                        fitted *ff, const fitted *ft, matrix_stats *st)
{
    static uint8_t buf_a[16384], buf_c[16384];
    static moqt_msg a, b, c;
    st->pairs++;
    for (int attempt = 0; attempt < 3; attempt++) {
        if (round_trip(from, &ff->m, buf_a, sizeof(buf_a), &a) != 0) {
            tf_fail(__FILE__, __LINE__, "%s %u: fitted message no longer encodes",
                    moqt_msg_kind_str(k), from->draft);
            return;
        }
        b = a;
        int rv = moqt_wire_bridge_msg(from, to, &b);
        if (rv == MOQT_ERR_UNSUPPORTED) {
            if (!refusal_expected(from, to, &a)) {
                tf_fail(__FILE__, __LINE__, "%s %u -> %u: bridge refused", moqt_msg_kind_str(k),
                        from->draft, to->draft);
                return;
            }
            st->refused++;
            for (size_t i = 0; i < N_FEATURES; i++) {
                if (features[i].tv == TV_CACHE && ff->kept[i]) {
                    unset_feature(from, k, ff, i);
                }
            }
            continue;
        }
        if (rv != 0) {
            tf_fail(__FILE__, __LINE__, "%s %u -> %u: bridge %d", moqt_msg_kind_str(k), from->draft,
                    to->draft, rv);
            return;
        }
        if (refusal_expected(from, to, &a)) {
            tf_fail(__FILE__, __LINE__, "%s %u -> %u: MAX_CACHE_DURATION lost without refusal",
                    moqt_msg_kind_str(k), from->draft, to->draft);
        }
        int er = round_trip(to, &b, buf_c, sizeof(buf_c), &c);
        if (er == MOQT_ERR_UNSUPPORTED) {
            /* The codec of |to| refuses a value it cannot express: justified
             * only if |from| carries a feature |to| cannot. Retry without. */
            bool justified = false;
            for (size_t i = 0; i < N_FEATURES; i++) {
                if (ff->kept[i] && !ft->kept[i] && features[i].tv < 0) {
                    justified = true;
                    unset_feature(from, k, ff, i);
                }
            }
            if (justified) {
                st->codec_refused++;
                continue;
            }
            supply(to, &b);
            er = round_trip(to, &b, buf_c, sizeof(buf_c), &c);
            if (er == MOQT_ERR_UNSUPPORTED && structural_refusal(to, &a)) {
                st->structural++;
                return;
            }
            if (er != 0) {
                tf_fail(__FILE__, __LINE__, "%s %u -> %u: encode refused after bridging",
                        moqt_msg_kind_str(k), from->draft, to->draft);
                return;
            }
            st->supplied++;
        }
        if (er != 0) {
            tf_fail(__FILE__, __LINE__, "%s %u -> %u: encode/decode %d", moqt_msg_kind_str(k),
                    from->draft, to->draft, er);
            return;
        }
        for (size_t i = 0; i < N_FEATURES; i++) {
            if (!ff->kept[i] || !ft->kept[i] || features[i].set == set_versions ||
                features[i].set == set_selected_version) {
                continue; /* versions are negotiated hop by hop (supply()) */
            }
            uint64_t va = features[i].get(from, &a), vc = features[i].get(to, &c);
            st->compared++;
            if (features[i].tv >= 0 &&
                tv_at(features[i].tv, from->draft, k) != tv_at(features[i].tv, to->draft, k)) {
                st->moved_compared++;
            }
            if (va != vc) {
                tf_fail(__FILE__, __LINE__, "%s %u -> %u: %s: 0x%llx became 0x%llx",
                        moqt_msg_kind_str(k), from->draft, to->draft, features[i].name,
                        (unsigned long long)va, (unsigned long long)vc);
            }
        }
        return;
    }
    tf_fail(__FILE__, __LINE__, "%s %u -> %u: no attempt succeeded", moqt_msg_kind_str(k),
            from->draft, to->draft);
}

TF_TEST("wire/bridge", matrix_every_kind_every_pair)
{
    static fitted fits[20], work;
    matrix_stats st = {0};
    for (int k = MOQT_MSG_NONE + 1; k < MOQT_MSG_KIND_COUNT; k++) {
        for (unsigned d = 7; d <= 19; d++) {
            if (moqt_profile_msg_type(draft(d), (moqt_msg_kind)k)) {
                fit(draft(d), (moqt_msg_kind)k, &fits[d]);
                if (!fits[d].ok) {
                    tf_fail(__FILE__, __LINE__, "%s under %u: base message does not encode",
                            moqt_msg_kind_str((moqt_msg_kind)k), d);
                }
            }
        }
        for (unsigned from = 7; from <= 19; from++) {
            for (unsigned to = 7; to <= 19; to++) {
                const moqt_profile *pf = draft(from), *pt = draft(to);
                if (!moqt_profile_msg_type(pf, (moqt_msg_kind)k) ||
                    !moqt_profile_msg_type(pt, (moqt_msg_kind)k) || !fits[from].ok ||
                    !fits[to].ok) {
                    continue;
                }
                work = fits[from];
                bridge_pair(pf, pt, (moqt_msg_kind)k, &work, &fits[to], &st);
            }
        }
    }
    /* The matrix must really have exercised the moves and the refusals. */
    TF_CHECK(st.pairs > 1000);
    TF_CHECK(st.moved_compared > 100);
    TF_CHECK(st.refused > 0);
    if (getenv("BRIDGE_STATS")) {
        printf("pairs %u refused %u codec_refused %u supplied %u structural %u compared %u "
               "moved %u\n",
               st.pairs, st.refused, st.codec_refused, st.supplied, st.structural, st.compared,
               st.moved_compared);
    }
}
