/*
 * SUBSCRIBE family round trips: for every kind under every draft that defines
 * it, models holding only what that draft carries (several variants each:
 * every filter type the draft has, content / no content, every status code,
 * extreme integers, parameters, properties) go model -> bytes -> model ->
 * bytes, and must come back field for field and byte for byte.
 */
#include "subscribe_support.h"

/* The largest integer the draft's encoding carries: 2^62-1 for QUIC varints
 * (07-16), 2^64-1 for vi64 (17+). */
static uint64_t max_int(const moqt_profile *p)
{
    return p->int_kind == MOQT_INT_QUIC ? (1ull << 62) - 1 : UINT64_MAX;
}

static void named(moqt_msg *m, moqt_msg_kind kind)
{
    moqt_msg_init(m, kind);
    m->ns = (moqt_namespace)SUB_NS;
    m->track_name = (moqt_bytes)SUB_NAME;
}

/* Filter variant |v| for draft |p|; false when the draft lacks that type. */
static bool filter_variant(const moqt_profile *p, int v, moqt_filter *f)
{
    memset(f, 0, sizeof(*f));
    switch (v) {
    case 0:
        f->type = MOQT_FILTER_LATEST_GROUP;
        return p->draft <= 8;
    case 1:
        f->type = MOQT_FILTER_NEXT_GROUP_START;
        return p->draft >= 11;
    case 2:
        f->type = MOQT_FILTER_LARGEST_OBJECT;
        return true;
    case 3:
        f->type = MOQT_FILTER_ABSOLUTE_START;
        f->start = (moqt_location){300, 70000};
        return true;
    case 4:
        f->type = MOQT_FILTER_ABSOLUTE_RANGE;
        f->start = (moqt_location){300, 70000};
        f->end_group = 300 + (1u << 20);
        f->end_object = p->draft == 7 ? 5 : 0;
        return true;
    case 5:
        f->type = MOQT_FILTER_ABSOLUTE_RANGE; /* single group, extreme start */
        f->start = (moqt_location){max_int(p) - 1, max_int(p)};
        f->end_group = max_int(p) - 1;
        return true;
    default:
        return false;
    }
}

/* SUBSCRIBE (and the 13+ TRACK_STATUS request, same layout). */
static bool subscribe_variant(const moqt_profile *p, moqt_msg_kind kind, int v, moqt_msg *m)
{
    moqt_filter f;
    if (v >= 6 * 2) {
        return false;
    }
    named(m, kind);
    m->request_id = v % 2 ? max_int(p) : 0;
    m->track_alias = p->draft <= 11 && kind == MOQT_MSG_SUBSCRIBE ? 77 : 0;
    m->required_request_id_delta = p->draft == 17 ? 9 : 0;
    if (!filter_variant(p, v / 2, &f)) {
        m->kind = MOQT_MSG_NONE; /* this draft lacks the filter type: skip */
        return true;
    }
    moqt_msg_params *pr = &m->params;
    pr->has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_DELIVERY_TIMEOUT;
    pr->filter = f;
    pr->subscriber_priority = v % 2 ? 255 : 0;
    pr->delivery_timeout_ms = 5000;
    if (v % 2) {
        pr->has |= MOQT_P_GROUP_ORDER;
        pr->group_order = (uint8_t)(1 + v / 2 % 2);
    }
    if (p->draft >= 11) {
        pr->has |= MOQT_P_FORWARD;
        pr->forward = (uint8_t)(v / 2 % 2);
    }
    return true;
}

static bool subscribe_ok_variant(const moqt_profile *p, moqt_msg_kind kind, int v, moqt_msg *m)
{
    if (v >= 4) {
        return false;
    }
    moqt_msg_init(m, kind);
    m->request_id = p->responses_have_request_id ? (v ? max_int(p) : 3) : 0;
    m->track_alias = p->draft >= 12 && kind == MOQT_MSG_SUBSCRIBE_OK ? (v ? max_int(p) : 1) : 0;
    moqt_msg_params *pr = &m->params;
    if (p->draft <= 14) {
        pr->has = MOQT_P_EXPIRES | MOQT_P_GROUP_ORDER; /* always on the wire */
    }
    if (v & 1) {
        pr->has |= MOQT_P_EXPIRES | MOQT_P_GROUP_ORDER | MOQT_P_LARGEST;
        pr->expires_ms = max_int(p);
        pr->group_order = MOQT_GROUP_ORDER_DESCENDING;
        pr->largest = (moqt_location){max_int(p), 0};
    } else {
        pr->group_order = MOQT_GROUP_ORDER_ASCENDING;
    }
    if (v & 2) {
        pr->has |= MOQT_P_DELIVERY_TIMEOUT;
        pr->delivery_timeout_ms = 1;
        if (p->has_track_properties && kind == MOQT_MSG_SUBSCRIBE_OK) {
            m->track_props.count = 2;
            m->track_props.item[0] = (moqt_kvp){.type = 0x04, .value = 200};
            m->track_props.item[1] = (moqt_kvp){.type = 0x0b, .bytes = SUB_B("prop")};
        }
    }
    return true;
}

static bool subscribe_error_variant(const moqt_profile *p, moqt_msg_kind kind, int v, moqt_msg *m)
{
    static uint8_t long_reason[MOQT_MAX_REASON_LEN];
    if (v >= 2) {
        return false;
    }
    memset(long_reason, 'r', sizeof(long_reason));
    moqt_msg_init(m, kind);
    m->request_id = v ? max_int(p) : 0;
    m->error_code = v ? max_int(p) : 0;
    m->reason = v ? (moqt_bytes){long_reason, sizeof(long_reason)} : (moqt_bytes){NULL, 0};
    m->err.retry_track_alias = p->draft <= 11 ? (v ? max_int(p) : 4) : 0;
    return true;
}

static bool update_variant(const moqt_profile *p, moqt_msg_kind kind, int v, moqt_msg *m)
{
    if (v >= 3) {
        return false;
    }
    moqt_msg_init(m, kind);
    m->request_id = p->draft >= 14 ? 6 : 0;
    m->existing_request_id = p->draft <= 16 ? (v ? max_int(p) : 2) : 0;
    m->required_request_id_delta = p->draft == 17 ? 1 : 0;
    moqt_msg_params *pr = &m->params;
    if (v == 2 && p->draft >= 15) {
        pr->has = MOQT_P_FORWARD; /* 15+: everything else unchanged */
        pr->forward = 0;
        return true;
    }
    pr->has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY;
    pr->subscriber_priority = (uint8_t)(v * 100);
    pr->filter.start = (moqt_location){10, 2};
    if (v == 0) {
        pr->filter.type = MOQT_FILTER_ABSOLUTE_START;
    } else {
        pr->filter.type = MOQT_FILTER_ABSOLUTE_RANGE;
        pr->filter.end_group = v == 1 ? 10 : 4000000;
        pr->filter.end_object = p->draft == 7 ? 9 : 0;
    }
    if (p->draft >= 11) {
        pr->has |= MOQT_P_FORWARD;
        pr->forward = (uint8_t)(v % 2);
    }
    return true;
}

static bool unsubscribe_variant(const moqt_profile *p, moqt_msg_kind kind, int v, moqt_msg *m)
{
    if (v >= 2) {
        return false;
    }
    moqt_msg_init(m, kind);
    m->request_id = v ? max_int(p) : 0;
    return true;
}

static bool done_variant(const moqt_profile *p, moqt_msg_kind kind, int v, moqt_msg *m)
{
    if (v >= 2) {
        return false;
    }
    moqt_msg_init(m, kind);
    m->request_id = p->responses_have_request_id ? 8 : 0;
    m->done.status_code = v ? max_int(p) : 0;
    m->reason = v ? (moqt_bytes)SUB_B("the end") : (moqt_bytes){NULL, 0};
    if (p->draft == 7) {
        m->done.content_exists = (uint8_t)v;
        m->done.final = v ? (moqt_location){max_int(p), 12} : (moqt_location){0, 0};
    } else {
        m->done.stream_count = v ? max_int(p) : 0;
    }
    return true;
}

static bool track_status_variant(const moqt_profile *p, moqt_msg_kind kind, int v, moqt_msg *m)
{
    if (p->draft >= 13 && p->draft <= 15) {
        return subscribe_variant(p, kind, v, m);
    }
    if (v >= 2) {
        return false;
    }
    named(m, kind);
    m->required_request_id_delta = p->draft == 17 ? 2 : 0;
    if (p->draft >= 11) {
        m->request_id = v ? max_int(p) : 0;
        if (v) {
            m->params.auth_count = 1;
            m->params.auth[0].alias_type = MOQT_TOKEN_ALIAS_USE_ALIAS;
            m->params.auth[0].alias = 12;
        }
    }
    return true;
}

static bool track_status_reply_variant(const moqt_profile *p, moqt_msg_kind kind, int v,
                                       moqt_msg *m)
{
    if (p->draft >= 13) {
        return subscribe_ok_variant(p, kind, v, m);
    }
    if (v > 4) {
        return false;
    }
    if (p->draft <= 10) {
        named(m, kind);
    } else {
        moqt_msg_init(m, kind);
        m->request_id = 5;
    }
    m->done.status_code = (uint64_t)v; /* 0x00..0x04 (mt-07 l.1934-1947) */
    if (v != 1 && v != 2) {
        m->params.has = MOQT_P_LARGEST;
        m->params.largest = (moqt_location){(uint64_t)v * 1000, max_int(p)};
    }
    return true;
}

typedef bool (*variant_fn)(const moqt_profile *p, moqt_msg_kind kind, int v, moqt_msg *m);

static const struct {
    moqt_msg_kind kind;
    variant_fn make;
} families[] = {
    {MOQT_MSG_SUBSCRIBE, subscribe_variant},
    {MOQT_MSG_SUBSCRIBE_OK, subscribe_ok_variant},
    {MOQT_MSG_SUBSCRIBE_ERROR, subscribe_error_variant},
    {MOQT_MSG_REQUEST_UPDATE, update_variant},
    {MOQT_MSG_UNSUBSCRIBE, unsubscribe_variant},
    {MOQT_MSG_PUBLISH_DONE, done_variant},
    {MOQT_MSG_TRACK_STATUS, track_status_variant},
    {MOQT_MSG_TRACK_STATUS_OK, track_status_reply_variant},
    {MOQT_MSG_TRACK_STATUS_ERROR, subscribe_error_variant},
};

TF_DRAFT_TEST("wire/subscribe", roundtrip_every_kind)
{
    for (size_t k = 0; k < sizeof(families) / sizeof(families[0]); k++) {
        if (!moqt_profile_msg_type(p, families[k].kind)) {
            continue;
        }
        moqt_msg m;
        int v = 0;
        while (families[k].make(p, families[k].kind, v, &m)) {
            if (m.kind == MOQT_MSG_NONE) {
                v++;
                continue;
            }
            char ctx[96];
            snprintf(ctx, sizeof(ctx), "%s variant %d", moqt_msg_kind_str(families[k].kind), v);
            SUB_ROUNDTRIP(ctx, p, &m);
            v++;
        }
        TF_CHECK(v > 0);
    }
}
