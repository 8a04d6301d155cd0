/*
 * Message parameters of every draft 07..19, read into and written from the
 * version-neutral moqt_msg_params.
 *
 * Four wire eras (moqt_profile.param_encoding):
 *   TLV        07-10  Type(i) Length(i) Value; integers are varints that must
 *                     fill Length exactly (mt-07 l.1019 "Parameter Length Mismatch").
 *   KVP        11-15  even type => one varint, odd type => Length + bytes (mt-11 l.310).
 *   DELTA_KVP  16     as KVP with delta-coded types (mt-16 l.273-312).
 *   TYPED      17+    Type Delta then a value whose encoding is fixed by the type:
 *                     uint8, varint, Location (two bare ints), length-prefixed
 *                     (mt-17 l.1905-1930), or a Track Namespace (0x34, mt-18 l.2599).
 *
 * Decisions (see also params.h):
 * - Unknown parameters are skipped in 07-15 ("Receivers ignore unrecognized
 *   parameters", mt-07 l.991, mt-15 l.1621) and are malformed from 16
 *   ("An endpoint that receives an unknown Message Parameter MUST close the
 *   session with PROTOCOL_VIOLATION", mt-16 l.1726, mt-17 l.1934).
 * - A parameter the draft defines, received on a message its definition does
 *   not list, is accepted and stored by moqt_params_read: 07-16 say it "MUST
 *   be ignored" (mt-07 l.1024, mt-16 l.1762); 17+ make it a PROTOCOL_VIOLATION
 *   (mt-17 l.1966). The per-draft scope tables of 17+ are partly inconsistent
 *   with the message sections (e.g. GROUP_ORDER on PUBLISH_OK in 18 but not
 *   19), and a REQUEST_OK's scope depends on the request it answers, which
 *   only the session knows; so the check is a separate function,
 *   moqt_params_out_of_scope, that the session calls and may relax per peer.
 * - Duplicates of a known parameter are malformed in every draft (all drafts:
 *   "Receivers SHOULD check ... and close the session", mt-07 l.987, mt-17 l.1941),
 *   except AUTHORIZATION TOKEN from 11 ("MAY be repeated", mt-11 l.1341) and
 *   the 19 range filters 0x25-0x29 ("MAY appear multiple times", mt-19 l.1623).
 *   Unknown duplicates are allowed where unknowns are skipped (mt-11 l.1310).
 * - Value checks the drafts make session errors are malformed here: FORWARD
 *   not 0/1 (mt-15 l.1900), SUBSCRIBER/PUBLISHER PRIORITY > 255 (mt-15 l.1815,
 *   l.1828), GROUP_ORDER not 1/2 (mt-15 l.1844), DYNAMIC_GROUPS > 1
 *   (mt-15 l.1910), DELIVERY_TIMEOUT 0 in 16 (mt-16 l.1892), a length-prefixed
 *   value whose content does not fill its length (mt-15 l.1857), an undecodable
 *   Token (mt-15 l.1703 KEY_VALUE_FORMATTING_ERROR).
 */
#include "wire/params.h"

#include <string.h>

#include "wire/kvp.h"

/* Longest odd-type / length-prefixed value: a control message is at most
 * 2^16-1 bytes (mt-16 l.303). */
#define PARAM_MAX_BYTES 65535

/* Parameter meanings, independent of their per-draft type numbers. */
typedef enum pid {
    PID_NONE = 0,
    PID_AUTH,
    PID_DELIVERY_TIMEOUT,
    PID_SUBGROUP_DELIVERY_TIMEOUT,
    PID_MAX_CACHE_DURATION,
    PID_RENDEZVOUS_TIMEOUT,
    PID_EXPIRES,
    PID_LARGEST,
    PID_FILL_TIMEOUT,
    PID_PUBLISHER_PRIORITY,
    PID_FORWARD,
    PID_SUBSCRIBER_PRIORITY,
    PID_FILTER,
    PID_GROUP_ORDER,
    PID_DYNAMIC_GROUPS,
    PID_NEW_GROUP_REQUEST,
    PID_TRACK_NAMESPACE_PREFIX,
    PID_RANGE_FILTER, /* 19: 0x25-0x29, kept raw in |other| */
    PID_COUNT
} pid;

/* Value encodings of the typed era (17+); also used to know which values are
 * structured in the KVP eras. */
typedef enum venc { VENC_VARINT = 0, VENC_UINT8, VENC_LOCATION, VENC_LBYTES, VENC_NAMESPACE } venc;

typedef struct param_def {
    uint64_t type;
    pid id;
    unsigned from, to; /* drafts */
    venc typed;        /* encoding in 17+ */
} param_def;

#define LAST_DRAFT 99

/* Per-draft parameter types: DRAFT-CHANGES §6, checked against the IANA
 * tables (mt-15 l.3849, mt-16 l.4015, mt-17 l.4274, mt-18 l.4963, mt-19 l.5252)
 * and the 07-14 sections (mt-07 l.1028-1065, mt-11 l.1334-1468, mt-12 l.1450). */
static const param_def param_defs[] = {
    /* 07-10 TLV */
    {0x02, PID_AUTH, 7, 10, VENC_LBYTES},               /* AUTHORIZATION INFO, mt-07 l.1030 */
    {0x03, PID_DELIVERY_TIMEOUT, 7, 10, VENC_VARINT},   /* mt-07 l.1037 */
    {0x04, PID_MAX_CACHE_DURATION, 7, 15, VENC_VARINT}, /* mt-07 l.1065; gone in 16 */
    /* 11+ */
    {0x01, PID_AUTH, 11, 11, VENC_LBYTES},                       /* mt-11 l.1336 */
    {0x02, PID_DELIVERY_TIMEOUT, 11, LAST_DRAFT, VENC_VARINT},   /* OBJECT_DELIVERY_TIMEOUT 18+ */
    {0x03, PID_AUTH, 12, LAST_DRAFT, VENC_LBYTES},               /* mt-12 l.1450 */
    {0x04, PID_RENDEZVOUS_TIMEOUT, 17, LAST_DRAFT, VENC_VARINT}, /* mt-17 l.2140 */
    {0x06, PID_SUBGROUP_DELIVERY_TIMEOUT, 18, LAST_DRAFT, VENC_VARINT}, /* mt-18 l.2407 */
    {0x08, PID_EXPIRES, 15, LAST_DRAFT, VENC_VARINT},                   /* mt-15 l.1863 */
    {0x09, PID_LARGEST, 15, LAST_DRAFT, VENC_LOCATION},          /* mt-15 l.1882, mt-17 l.2220 */
    {0x0A, PID_FILL_TIMEOUT, 18, LAST_DRAFT, VENC_VARINT},       /* mt-18 l.2427 */
    {0x0E, PID_PUBLISHER_PRIORITY, 15, 15, VENC_VARINT},         /* mt-15 l.1810 */
    {0x10, PID_FORWARD, 15, LAST_DRAFT, VENC_UINT8},             /* mt-15 l.1894, mt-17 l.2231 */
    {0x20, PID_SUBSCRIBER_PRIORITY, 15, LAST_DRAFT, VENC_UINT8}, /* mt-15 l.1821 */
    {0x21, PID_FILTER, 15, LAST_DRAFT, VENC_LBYTES},             /* LOCATION_FILTER in 19 */
    {0x22, PID_GROUP_ORDER, 15, LAST_DRAFT, VENC_UINT8},         /* mt-15 l.1834 */
    {0x25, PID_RANGE_FILTER, 19, LAST_DRAFT, VENC_LBYTES},       /* mt-19 l.1585-1640 */
    {0x26, PID_RANGE_FILTER, 19, LAST_DRAFT, VENC_LBYTES},
    {0x27, PID_RANGE_FILTER, 19, LAST_DRAFT, VENC_LBYTES},
    {0x28, PID_RANGE_FILTER, 19, LAST_DRAFT, VENC_LBYTES},
    {0x29, PID_RANGE_FILTER, 19, LAST_DRAFT, VENC_LBYTES},
    {0x30, PID_DYNAMIC_GROUPS, 15, 15, VENC_VARINT},                    /* mt-15 l.1907 */
    {0x32, PID_NEW_GROUP_REQUEST, 15, LAST_DRAFT, VENC_VARINT},         /* mt-15 l.1919 */
    {0x34, PID_TRACK_NAMESPACE_PREFIX, 18, LAST_DRAFT, VENC_NAMESPACE}, /* mt-18 l.2599 */
};

#define N_DEFS (sizeof(param_defs) / sizeof(param_defs[0]))

/* Presence bit of each field-backed parameter (0: kept elsewhere). */
static const uint32_t pid_bit[PID_COUNT] = {
    [PID_DELIVERY_TIMEOUT] = MOQT_P_DELIVERY_TIMEOUT,
    [PID_SUBGROUP_DELIVERY_TIMEOUT] = MOQT_P_SUBGROUP_DELIVERY_TIMEOUT,
    [PID_MAX_CACHE_DURATION] = MOQT_P_MAX_CACHE_DURATION,
    [PID_RENDEZVOUS_TIMEOUT] = MOQT_P_RENDEZVOUS_TIMEOUT,
    [PID_EXPIRES] = MOQT_P_EXPIRES,
    [PID_LARGEST] = MOQT_P_LARGEST,
    [PID_FILL_TIMEOUT] = MOQT_P_FILL_TIMEOUT,
    [PID_PUBLISHER_PRIORITY] = MOQT_P_PUBLISHER_PRIORITY,
    [PID_FORWARD] = MOQT_P_FORWARD,
    [PID_SUBSCRIBER_PRIORITY] = MOQT_P_SUBSCRIBER_PRIORITY,
    [PID_FILTER] = MOQT_P_FILTER,
    [PID_GROUP_ORDER] = MOQT_P_GROUP_ORDER,
    [PID_DYNAMIC_GROUPS] = MOQT_P_DYNAMIC_GROUPS,
    [PID_NEW_GROUP_REQUEST] = MOQT_P_NEW_GROUP_REQUEST,
    [PID_TRACK_NAMESPACE_PREFIX] = MOQT_P_TRACK_NAMESPACE_PREFIX,
};

static const param_def *def_by_type(const moqt_profile *p, uint64_t type)
{
    for (size_t i = 0; i < N_DEFS; i++) {
        const param_def *d = &param_defs[i];
        if (d->type == type && p->draft >= d->from && p->draft <= d->to) {
            return d;
        }
    }
    return NULL;
}

static const param_def *def_by_pid(const moqt_profile *p, pid id)
{
    for (size_t i = 0; i < N_DEFS; i++) {
        const param_def *d = &param_defs[i];
        if (d->id == id && p->draft >= d->from && p->draft <= d->to) {
            return d;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Subscription filter (shared with the 07-14 fixed SUBSCRIBE fields).       */

/* Filter Type 0x1: Latest Group in 07-08 (mt-08 l.1293), undefined in 09-10
 * (mt-10 l.1348 lists 0x2-0x4 only), Next Group Start from 11 (mt-11 l.1691). */
static int filter_type_from_wire(const moqt_profile *p, uint64_t v, moqt_filter_type *t)
{
    switch (v) {
    case 0x1:
        if (p->draft <= 8) {
            *t = MOQT_FILTER_LATEST_GROUP;
            return 0;
        }
        if (p->draft >= 11) {
            *t = MOQT_FILTER_NEXT_GROUP_START;
            return 0;
        }
        return -1;
    case 0x2:
        *t = MOQT_FILTER_LARGEST_OBJECT;
        return 0;
    case 0x3:
        *t = MOQT_FILTER_ABSOLUTE_START;
        return 0;
    case 0x4:
        *t = MOQT_FILTER_ABSOLUTE_RANGE;
        return 0;
    default:
        return -1;
    }
}

static int filter_type_to_wire(const moqt_profile *p, moqt_filter_type t, uint64_t *v)
{
    switch (t) {
    case MOQT_FILTER_LATEST_GROUP:
        *v = 0x1;
        return p->draft <= 8 ? 0 : -1;
    case MOQT_FILTER_NEXT_GROUP_START:
        *v = 0x1;
        return p->draft >= 11 ? 0 : -1;
    case MOQT_FILTER_LARGEST_OBJECT:
        *v = 0x2;
        return 0;
    case MOQT_FILTER_ABSOLUTE_START:
        *v = 0x3;
        return 0;
    case MOQT_FILTER_ABSOLUTE_RANGE:
        *v = 0x4;
        return 0;
    default:
        return -1;
    }
}

/* End Group is a delta from the start group from 17 (mt-17 l.1251). */
static bool end_group_is_delta(const moqt_profile *p)
{
    return p->int_kind != MOQT_INT_QUIC;
}

int moqt_rd_filter(moqt_rd *r, const moqt_profile *p, moqt_filter *f)
{
    uint64_t wire;
    MOQT_TRY(moqt_rd_int(r, &wire));
    memset(f, 0, sizeof(*f));
    if (filter_type_from_wire(p, wire, &f->type) != 0) {
        return moqt_rd_fail(r, "Subscription Filter: filter type not defined by this draft "
                               "(mt-08 l.1312, mt-15 l.1026: MUST close the session)");
    }
    if (f->type != MOQT_FILTER_ABSOLUTE_START && f->type != MOQT_FILTER_ABSOLUTE_RANGE) {
        return 0;
    }
    MOQT_TRY(moqt_rd_location(r, &f->start));
    if (f->type != MOQT_FILTER_ABSOLUTE_RANGE) {
        return 0;
    }
    uint64_t end;
    MOQT_TRY(moqt_rd_int(r, &end));
    if (end_group_is_delta(p)) {
        if (end > UINT64_MAX - f->start.group) {
            return moqt_rd_fail(r, "d19 §5.1.2: Start Group + End Group Delta exceeds 2^64-1");
        }
        f->end_group = f->start.group + end;
    } else {
        if (end < f->start.group) {
            return moqt_rd_fail(r, "Subscription Filter: End Group before Start Group "
                                   "(mt-07 l.1234, mt-15 l.1023: MUST be same or later)");
        }
        f->end_group = end;
    }
    if (p->draft == 7) {
        /* mt-07 l.1264: AbsoluteRange carries EndObject (dropped in 08). */
        MOQT_TRY(moqt_rd_int(r, &f->end_object));
    }
    return 0;
}

int moqt_wr_filter(moqt_wr *w, const moqt_profile *p, const moqt_filter *f)
{
    uint64_t wire;
    if (filter_type_to_wire(p, f->type, &wire) != 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    bool has_start = f->type == MOQT_FILTER_ABSOLUTE_START || f->type == MOQT_FILTER_ABSOLUTE_RANGE;
    bool has_end = f->type == MOQT_FILTER_ABSOLUTE_RANGE;
    if (has_end && f->end_group < f->start.group) {
        return MOQT_ERR_UNSUPPORTED;
    }
    /* An end object (07: "plus 1", 0 = whole group, mt-07 l.1308) other than
     * the whole group cannot be said from 08 on. */
    if (has_end && p->draft != 7 && f->end_object != 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    MOQT_TRY(moqt_wr_int(w, wire));
    if (!has_start) {
        return 0;
    }
    MOQT_TRY(moqt_wr_location(w, f->start));
    if (!has_end) {
        return 0;
    }
    MOQT_TRY(moqt_wr_int(w, end_group_is_delta(p) ? f->end_group - f->start.group : f->end_group));
    if (p->draft == 7) {
        MOQT_TRY(moqt_wr_int(w, f->end_object));
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Authorization token (11+ Token structure; 07-10 AUTHORIZATION INFO).       */

int moqt_rd_auth_token(moqt_rd *r, moqt_auth_token *t)
{
    memset(t, 0, sizeof(*t));
    MOQT_TRY(moqt_rd_int(r, &t->alias_type));
    switch (t->alias_type) {
    case MOQT_TOKEN_ALIAS_DELETE:
    case MOQT_TOKEN_ALIAS_USE_ALIAS:
        return moqt_rd_int(r, &t->alias);
    case MOQT_TOKEN_ALIAS_REGISTER:
        MOQT_TRY(moqt_rd_int(r, &t->alias));
        /* fall through */
    case MOQT_TOKEN_ALIAS_USE_VALUE:
        MOQT_TRY(moqt_rd_int(r, &t->token_type));
        /* Token Value (..) runs to the end of the parameter (mt-11 l.1352). */
        return moqt_rd_bytes(r, moqt_rd_left(r), &t->value);
    default:
        return moqt_rd_fail(r, "Token: unknown Alias Type (mt-15 l.1703: cannot be decoded)");
    }
}

int moqt_wr_auth_token(moqt_wr *w, const moqt_auth_token *t)
{
    MOQT_TRY(moqt_wr_int(w, t->alias_type));
    switch (t->alias_type) {
    case MOQT_TOKEN_ALIAS_DELETE:
    case MOQT_TOKEN_ALIAS_USE_ALIAS:
        return moqt_wr_int(w, t->alias);
    case MOQT_TOKEN_ALIAS_REGISTER:
        MOQT_TRY(moqt_wr_int(w, t->alias));
        /* fall through */
    case MOQT_TOKEN_ALIAS_USE_VALUE:
        MOQT_TRY(moqt_wr_int(w, t->token_type));
        return moqt_wr_bytes(w, t->value.base, t->value.len);
    default:
        return MOQT_ERR_UNSUPPORTED;
    }
}

static int push_token(moqt_rd *r, moqt_auth_token *arr, size_t *count, const moqt_auth_token *t)
{
    if (*count >= MOQT_MAX_AUTH_TOKENS) {
        r->why = "more authorization tokens than this implementation keeps (MOQT_MAX_AUTH_TOKENS)";
        return MOQT_ERR_WIRE_LIMIT;
    }
    arr[(*count)++] = *t;
    return 0;
}

int moqt_rd_auth_param(moqt_rd *sub, const moqt_profile *p, moqt_auth_token *arr, size_t *count)
{
    moqt_auth_token t;
    if (p->param_encoding == MOQT_PARAMS_TLV) {
        /* 07-10: an ASCII string (mt-07 l.1030) = USE_VALUE of type 0. */
        memset(&t, 0, sizeof(t));
        t.alias_type = MOQT_TOKEN_ALIAS_USE_VALUE;
        MOQT_TRY(moqt_rd_bytes(sub, moqt_rd_left(sub), &t.value));
    } else {
        MOQT_TRY(moqt_rd_auth_token(sub, &t));
    }
    return push_token(sub, arr, count, &t);
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                     */

/* Stores an integer-valued parameter after the draft's range checks. */
static int apply_int(moqt_rd *r, const moqt_profile *p, pid id, uint64_t v, moqt_msg_params *out)
{
    switch (id) {
    case PID_DELIVERY_TIMEOUT:
        if (v == 0 && p->draft == 16) {
            return moqt_rd_fail(r, "d16 §9.2.2: DELIVERY_TIMEOUT of 0 (mt-16 l.1892)");
        }
        out->delivery_timeout_ms = v;
        break;
    case PID_SUBGROUP_DELIVERY_TIMEOUT:
        out->subgroup_delivery_timeout_ms = v;
        break;
    case PID_MAX_CACHE_DURATION:
        out->max_cache_duration_ms = v;
        break;
    case PID_RENDEZVOUS_TIMEOUT:
        out->rendezvous_timeout_ms = v;
        break;
    case PID_EXPIRES:
        out->expires_ms = v;
        break;
    case PID_FILL_TIMEOUT:
        out->fill_timeout_ms = v;
        break;
    case PID_PUBLISHER_PRIORITY:
        if (v > 255) {
            return moqt_rd_fail(r, "d15: PUBLISHER PRIORITY above 255 (mt-15 l.1815)");
        }
        out->publisher_priority = (uint8_t)v;
        break;
    case PID_SUBSCRIBER_PRIORITY:
        if (v > 255) {
            return moqt_rd_fail(r, "SUBSCRIBER PRIORITY above 255 (mt-15 l.1828)");
        }
        out->subscriber_priority = (uint8_t)v;
        break;
    case PID_FORWARD:
        if (v > 1) {
            return moqt_rd_fail(r, "FORWARD not 0 or 1 (mt-15 l.1900, mt-17 l.2236)");
        }
        out->forward = (uint8_t)v;
        break;
    case PID_GROUP_ORDER:
        if (v != MOQT_GROUP_ORDER_ASCENDING && v != MOQT_GROUP_ORDER_DESCENDING) {
            return moqt_rd_fail(r, "GROUP ORDER parameter not 1 or 2 (mt-15 l.1844, mt-17 l.2184)");
        }
        out->group_order = (uint8_t)v;
        break;
    case PID_DYNAMIC_GROUPS:
        if (v > 1) {
            return moqt_rd_fail(r, "d15: DYNAMIC_GROUPS above 1 (mt-15 l.1910)");
        }
        out->dynamic_groups = v;
        break;
    case PID_NEW_GROUP_REQUEST:
        out->new_group_request = v;
        break;
    default:
        return moqt_rd_fail(r, "parameter has a structured value, not an integer");
    }
    out->has |= pid_bit[id];
    return 0;
}

/* Reads a structured value from |sub|, which holds exactly its bytes. */
static int apply_struct(moqt_rd *sub, const moqt_profile *p, const param_def *d,
                        moqt_msg_params *out)
{
    switch (d->id) {
    case PID_AUTH:
        return moqt_rd_auth_param(sub, p, out->auth, &out->auth_count);
    case PID_LARGEST:
        /* 15-16: length-prefixed Location (mt-15 l.1884). */
        MOQT_TRY(moqt_rd_location(sub, &out->largest));
        out->has |= MOQT_P_LARGEST;
        return 0;
    case PID_FILTER:
        MOQT_TRY(moqt_rd_filter(sub, p, &out->filter));
        out->has |= MOQT_P_FILTER;
        return 0;
    case PID_RANGE_FILTER: {
        moqt_bytes raw;
        MOQT_TRY(moqt_rd_bytes(sub, moqt_rd_left(sub), &raw));
        if (moqt_kvps_add_bytes(&out->other, d->type, raw) != 0) {
            sub->why = "more raw parameters than this implementation keeps (MOQT_MAX_KVPS)";
            return MOQT_ERR_WIRE_LIMIT;
        }
        return 0;
    }
    default: {
        /* TLV era: an integer inside the value bytes. */
        uint64_t v;
        MOQT_TRY(moqt_rd_int(sub, &v));
        return apply_int(sub, p, d->id, v, out);
    }
    }
}

/* Runs apply_struct on |bytes| and requires it to consume them all. A value
 * ending early is malformed too: its length is what the sender declared. */
static int apply_bytes(moqt_rd *r, const moqt_profile *p, const param_def *d, moqt_bytes bytes,
                       moqt_msg_params *out)
{
    moqt_rd sub;
    moqt_rd_init(&sub, bytes.base, bytes.len, p->int_kind);
    int rv = apply_struct(&sub, p, d, out);
    if (rv == MOQT_ERR_WIRE_NEED_MORE || (rv == 0 && moqt_rd_left(&sub) != 0)) {
        return moqt_rd_fail(r, "parameter value does not match its Length "
                               "(mt-07 l.1019, mt-11 l.327, mt-15 l.1857)");
    }
    if (rv != 0) {
        r->why = sub.why;
    }
    return rv;
}

/* Records |d| as seen; malformed if it may appear once and already did. */
static int note_seen(moqt_rd *r, const moqt_profile *p, const param_def *d, uint32_t *seen)
{
    bool repeatable = d->id == PID_RANGE_FILTER || (d->id == PID_AUTH && p->draft >= 11);
    uint32_t bit = 1u << d->id;
    if (!repeatable && (*seen & bit)) {
        return moqt_rd_fail(r, "duplicate parameter (mt-07 l.987, mt-17 l.1941)");
    }
    *seen |= bit;
    return 0;
}

static int read_tlv_param(moqt_rd *r, const moqt_profile *p, uint32_t *seen, moqt_msg_params *out)
{
    uint64_t type;
    moqt_bytes value;
    MOQT_TRY(moqt_rd_int(r, &type));
    MOQT_TRY(moqt_rd_lbytes(r, PARAM_MAX_BYTES, &value, "TLV parameter longer than 65535"));
    const param_def *d = def_by_type(p, type);
    if (d == NULL) {
        return 0; /* mt-07 l.991: receivers ignore unrecognized parameters */
    }
    MOQT_TRY(note_seen(r, p, d, seen));
    return apply_bytes(r, p, d, value, out);
}

static int read_kvp_param(moqt_rd *r, const moqt_profile *p, moqt_kvp_cursor *c, uint32_t *seen,
                          moqt_msg_params *out)
{
    moqt_kvp kv;
    MOQT_TRY(moqt_kvp_read(r, c, &kv));
    const param_def *d = def_by_type(p, kv.type);
    if (d == NULL) {
        if (p->param_encoding == MOQT_PARAMS_DELTA_KVP) {
            return moqt_rd_fail(r, "d16 §9.2: unknown Message Parameter (mt-16 l.1726)");
        }
        return 0; /* mt-11 l.1313, mt-15 l.1621: ignore unrecognized parameters */
    }
    MOQT_TRY(note_seen(r, p, d, seen));
    if ((kv.type & 1) == 0) {
        return apply_int(r, p, d->id, kv.value, out);
    }
    return apply_bytes(r, p, d, kv.bytes, out);
}

/* A Location inside a length prefix (the compatibility form, see
 * location_params_length_prefixed): the two integers must fill the length. */
static int read_prefixed_location(moqt_rd *r, moqt_msg_params *out)
{
    moqt_bytes value;
    MOQT_TRY(moqt_rd_lbytes(r, PARAM_MAX_BYTES, &value, "parameter longer than 65535"));
    moqt_rd sub;
    moqt_rd_init(&sub, value.base, value.len, r->ik);
    int rv = moqt_rd_location(&sub, &out->largest);
    if (rv != 0 || moqt_rd_left(&sub) != 0) {
        return moqt_rd_fail(r, "length-prefixed LARGEST_OBJECT does not hold exactly a Location");
    }
    out->has |= MOQT_P_LARGEST;
    return 0;
}

static int read_typed_param(moqt_rd *r, const moqt_profile *p, uint64_t *prev, uint32_t *seen,
                            moqt_msg_params *out)
{
    uint64_t delta;
    MOQT_TRY(moqt_rd_int(r, &delta));
    if (delta > UINT64_MAX - *prev) {
        return moqt_rd_fail(r, "d18 §9.3: parameter Type Delta overflows 2^64-1");
    }
    uint64_t type = *prev + delta;
    *prev = type;
    const param_def *d = def_by_type(p, type);
    if (d == NULL) {
        return moqt_rd_fail(r, "d17 §9.3: unknown Message Parameter (mt-17 l.1934)");
    }
    /* A delta of 0 after the first parameter repeats the previous type; the
     * ascending order itself cannot be broken (deltas are unsigned). */
    MOQT_TRY(note_seen(r, p, d, seen));
    switch (d->typed) {
    case VENC_VARINT: {
        uint64_t v;
        MOQT_TRY(moqt_rd_int(r, &v));
        return apply_int(r, p, d->id, v, out);
    }
    case VENC_UINT8: {
        if (p->uint8_params_as_varint) { /* a peer's compatibility form (profile.h) */
            uint64_t wide;
            MOQT_TRY(moqt_rd_int(r, &wide));
            return apply_int(r, p, d->id, wide, out);
        }
        uint8_t v;
        MOQT_TRY(moqt_rd_u8(r, &v));
        return apply_int(r, p, d->id, v, out);
    }
    case VENC_LOCATION:
        /* Spec: two bare integers (mt-17 l.1926, l.2220). @moq/lite reads and
         * writes a length prefix here (STACK.md); the session turns
         * location_params_length_prefixed on for such a peer only. */
        if (p->location_params_length_prefixed) {
            return read_prefixed_location(r, out);
        }
        MOQT_TRY(moqt_rd_location(r, &out->largest));
        out->has |= MOQT_P_LARGEST;
        return 0;
    case VENC_NAMESPACE:
        /* mt-18 l.2601: "uses the Track Namespace encoding". */
        MOQT_TRY(moqt_rd_namespace(r, p, &out->track_namespace_prefix));
        out->has |= MOQT_P_TRACK_NAMESPACE_PREFIX;
        return 0;
    case VENC_LBYTES:
    default: {
        moqt_bytes value;
        MOQT_TRY(moqt_rd_lbytes(r, PARAM_MAX_BYTES, &value, "parameter longer than 65535"));
        return apply_bytes(r, p, d, value, out);
    }
    }
}

int moqt_params_read(moqt_rd *r, const moqt_profile *p, moqt_msg_kind kind, moqt_msg_params *out)
{
    (void)kind; /* see the file comment: scope is the session's business */
    uint64_t count;
    MOQT_TRY(moqt_rd_int(r, &count));
    /* Each parameter takes at least two bytes: a count beyond that cannot be
     * satisfied by this message (and would make us loop for a long time). */
    if (count > moqt_rd_left(r)) {
        return MOQT_ERR_WIRE_NEED_MORE;
    }
    uint32_t seen = 0;
    uint64_t prev = 0;
    moqt_kvp_cursor c;
    moqt_kvp_cursor_init(&c, p->param_encoding == MOQT_PARAMS_DELTA_KVP, PARAM_MAX_BYTES);
    for (uint64_t i = 0; i < count; i++) {
        switch (p->param_encoding) {
        case MOQT_PARAMS_TLV:
            MOQT_TRY(read_tlv_param(r, p, &seen, out));
            break;
        case MOQT_PARAMS_KVP:
        case MOQT_PARAMS_DELTA_KVP:
            MOQT_TRY(read_kvp_param(r, p, &c, &seen, out));
            break;
        case MOQT_PARAMS_TYPED:
        default:
            MOQT_TRY(read_typed_param(r, p, &prev, &seen, out));
            break;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                     */

/* One parameter to write: its wire type, its meaning, and for repeated
 * parameters the index into auth[] or other.item[]. */
typedef struct out_item {
    uint64_t type;
    const param_def *def;
    size_t index;
} out_item;

#define MAX_OUT_ITEMS (PID_COUNT + MOQT_MAX_AUTH_TOKENS + MOQT_MAX_KVPS)

typedef struct out_list {
    size_t count;
    out_item item[MAX_OUT_ITEMS];
} out_list;

static void out_push(out_list *l, const param_def *d, size_t index)
{
    /* Stable insertion by type: ascending order is required from 16 (delta
     * coding) and harmless before. */
    size_t i = l->count++;
    while (i > 0 && l->item[i - 1].type > d->type) {
        l->item[i] = l->item[i - 1];
        i--;
    }
    l->item[i].type = d->type;
    l->item[i].def = d;
    l->item[i].index = index;
}

static int collect(const moqt_profile *p, const moqt_msg_params *in, uint32_t fixed, out_list *l)
{
    l->count = 0;
    uint32_t want = in->has & ~fixed;
    for (int id = PID_NONE + 1; id < PID_COUNT; id++) {
        uint32_t bit = pid_bit[id];
        if (bit == 0 || !(want & bit)) {
            continue;
        }
        want &= ~bit;
        if (id == PID_FILTER && in->filter.type == MOQT_FILTER_NONE) {
            continue; /* an omitted filter means unfiltered (mt-15 l.1860) */
        }
        const param_def *d = def_by_pid(p, (pid)id);
        if (d == NULL) {
            return MOQT_ERR_UNSUPPORTED; /* no such parameter in this draft */
        }
        out_push(l, d, 0);
    }
    if (want != 0) {
        return MOQT_ERR_UNSUPPORTED; /* a bit this codec does not know */
    }
    if (in->auth_count > MOQT_MAX_AUTH_TOKENS || in->other.count > MOQT_MAX_KVPS) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (in->auth_count > 0) {
        const param_def *d = def_by_pid(p, PID_AUTH);
        if (d == NULL) {
            return MOQT_ERR_UNSUPPORTED;
        }
        if (p->param_encoding == MOQT_PARAMS_TLV) {
            /* 07-10 carry one plain string (mt-07 l.1030): no alias, no type. */
            const moqt_auth_token *t = &in->auth[0];
            if (in->auth_count > 1 || t->alias_type != MOQT_TOKEN_ALIAS_USE_VALUE ||
                t->token_type != 0) {
                return MOQT_ERR_UNSUPPORTED;
            }
        }
        for (size_t i = 0; i < in->auth_count; i++) {
            out_push(l, d, i);
        }
    }
    for (size_t i = 0; i < in->other.count; i++) {
        const param_def *d = def_by_type(p, in->other.item[i].type);
        if (d == NULL || d->id != PID_RANGE_FILTER) {
            return MOQT_ERR_UNSUPPORTED;
        }
        out_push(l, d, i);
    }
    return 0;
}

static uint64_t int_value(const moqt_msg_params *in, pid id)
{
    switch (id) {
    case PID_DELIVERY_TIMEOUT:
        return in->delivery_timeout_ms;
    case PID_SUBGROUP_DELIVERY_TIMEOUT:
        return in->subgroup_delivery_timeout_ms;
    case PID_MAX_CACHE_DURATION:
        return in->max_cache_duration_ms;
    case PID_RENDEZVOUS_TIMEOUT:
        return in->rendezvous_timeout_ms;
    case PID_EXPIRES:
        return in->expires_ms;
    case PID_FILL_TIMEOUT:
        return in->fill_timeout_ms;
    case PID_PUBLISHER_PRIORITY:
        return in->publisher_priority;
    case PID_SUBSCRIBER_PRIORITY:
        return in->subscriber_priority;
    case PID_FORWARD:
        return in->forward;
    case PID_GROUP_ORDER:
        return in->group_order;
    case PID_DYNAMIC_GROUPS:
        return in->dynamic_groups;
    case PID_NEW_GROUP_REQUEST:
    default:
        return in->new_group_request;
    }
}

static bool is_int_pid(pid id)
{
    return id != PID_AUTH && id != PID_LARGEST && id != PID_FILTER && id != PID_RANGE_FILTER &&
           id != PID_TRACK_NAMESPACE_PREFIX;
}

/* Refuses values the receiver would reject, so we never send a malformed
 * message (the same rules as apply_int). */
static int check_int(const moqt_profile *p, pid id, uint64_t v)
{
    switch (id) {
    case PID_FORWARD:
    case PID_DYNAMIC_GROUPS:
        return v <= 1 ? 0 : MOQT_ERR_UNSUPPORTED;
    case PID_GROUP_ORDER:
        return (v == 1 || v == 2) ? 0 : MOQT_ERR_UNSUPPORTED;
    case PID_DELIVERY_TIMEOUT:
        return (v == 0 && p->draft == 16) ? MOQT_ERR_UNSUPPORTED : 0;
    default:
        return 0;
    }
}

/* Writes the structured value of |it| (without any length prefix). */
static int write_struct(moqt_wr *w, const moqt_profile *p, const moqt_msg_params *in,
                        const out_item *it)
{
    switch (it->def->id) {
    case PID_AUTH:
        if (p->param_encoding == MOQT_PARAMS_TLV) {
            const moqt_bytes *v = &in->auth[it->index].value;
            return moqt_wr_bytes(w, v->base, v->len);
        }
        return moqt_wr_auth_token(w, &in->auth[it->index]);
    case PID_LARGEST:
        return moqt_wr_location(w, in->largest);
    case PID_FILTER:
        return moqt_wr_filter(w, p, &in->filter);
    case PID_RANGE_FILTER: {
        const moqt_bytes *v = &in->other.item[it->index].bytes;
        return moqt_wr_bytes(w, v->base, v->len);
    }
    case PID_TRACK_NAMESPACE_PREFIX:
        return moqt_wr_namespace(w, p, &in->track_namespace_prefix);
    default:
        return moqt_wr_int(w, int_value(in, it->def->id));
    }
}

/* Writes the value of |it| preceded by its byte length: the value is written
 * first, then moved up by the size of the length that now precedes it. */
static int write_prefixed(moqt_wr *w, const moqt_profile *p, const moqt_msg_params *in,
                          const out_item *it)
{
    uint8_t *start = w->pos;
    MOQT_TRY(write_struct(w, p, in, it));
    size_t len = (size_t)(w->pos - start);
    if (len > PARAM_MAX_BYTES) {
        return MOQT_ERR_UNSUPPORTED;
    }
    size_t n = moqt_int_len(w->ik, len);
    if (n == 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if ((size_t)(w->end - w->pos) < n) {
        return MOQT_ERR_NOBUF;
    }
    memmove(start + n, start, len);
    moqt_wr hdr;
    moqt_wr_init(&hdr, start, n, w->ik);
    MOQT_TRY(moqt_wr_int(&hdr, len));
    w->pos = start + n + len;
    return 0;
}

static int write_one(moqt_wr *w, const moqt_profile *p, const moqt_msg_params *in,
                     const out_item *it, uint64_t *prev)
{
    pid id = it->def->id;
    if (is_int_pid(id)) {
        MOQT_TRY(check_int(p, id, int_value(in, id)));
    }
    bool delta =
        p->param_encoding == MOQT_PARAMS_DELTA_KVP || p->param_encoding == MOQT_PARAMS_TYPED;
    MOQT_TRY(moqt_wr_int(w, delta ? it->type - *prev : it->type));
    *prev = it->type;
    switch (p->param_encoding) {
    case MOQT_PARAMS_TLV:
        return write_prefixed(w, p, in, it); /* every TLV value has a Length */
    case MOQT_PARAMS_KVP:
    case MOQT_PARAMS_DELTA_KVP:
        if ((it->type & 1) == 0) {
            return moqt_wr_int(w, int_value(in, id));
        }
        return write_prefixed(w, p, in, it);
    case MOQT_PARAMS_TYPED:
    default:
        switch (it->def->typed) {
        case VENC_UINT8:
            if (p->uint8_params_as_varint) { /* a peer's compatibility form (profile.h) */
                return moqt_wr_int(w, int_value(in, id));
            }
            return moqt_wr_u8(w, (uint8_t)int_value(in, id));
        case VENC_LBYTES:
            return write_prefixed(w, p, in, it);
        case VENC_LOCATION:
            if (p->location_params_length_prefixed) {
                return write_prefixed(w, p, in, it); /* compatibility form */
            }
            return write_struct(w, p, in, it);
        default: /* varint, Namespace: no length */
            return write_struct(w, p, in, it);
        }
    }
}

int moqt_params_write(moqt_wr *w, const moqt_profile *p, moqt_msg_kind kind,
                      const moqt_msg_params *in, uint32_t fixed)
{
    (void)kind;
    out_list l;
    MOQT_TRY(collect(p, in, fixed, &l));
    MOQT_TRY(moqt_wr_int(w, l.count));
    uint64_t prev = 0;
    for (size_t i = 0; i < l.count; i++) {
        MOQT_TRY(write_one(w, p, in, &l.item[i], &prev));
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Message scope (17+)                                                        */

#define K(kind) (1ull << (kind))

_Static_assert(MOQT_MSG_KIND_COUNT <= 64, "message kinds must fit a 64-bit mask");

/* Kinds that "PUBLISH_OK" names: its own message in 17, a REQUEST_OK alias
 * from 18 (mt-18 l.2804: "shorthand PUBLISH_OK ... refer to a REQUEST_OK"). */
#define K_PUBLISH_OK (K(MOQT_MSG_PUBLISH_OK) | K(MOQT_MSG_REQUEST_OK))

typedef struct scope_row {
    pid id;
    uint64_t type; /* 0: every type of |id|; else only this one (range filters) */
    unsigned from, to;
    uint64_t kinds;
} scope_row;

/* Where each parameter "MAY appear" (mt-17 l.1971-2250, mt-18 l.2282-2606,
 * mt-19 l.2466-2825, and mt-19 l.1620-1625 for the range filters). A
 * REQUEST_OK in response to X (X_OK in 18+) is MOQT_MSG_REQUEST_OK: the wire
 * layer does not know which request it answers, so the union is allowed. */
static const scope_row scope_rows[] = {
    {PID_AUTH, 0, 17, 17,
     K(MOQT_MSG_PUBLISH) | K(MOQT_MSG_SUBSCRIBE) | K(MOQT_MSG_REQUEST_UPDATE) |
         K(MOQT_MSG_SUBSCRIBE_NAMESPACE) | K(MOQT_MSG_PUBLISH_NAMESPACE) |
         K(MOQT_MSG_TRACK_STATUS) | K(MOQT_MSG_FETCH)},
    {PID_AUTH, 0, 18, LAST_DRAFT,
     K(MOQT_MSG_PUBLISH) | K(MOQT_MSG_SUBSCRIBE) | K(MOQT_MSG_REQUEST_UPDATE) |
         K(MOQT_MSG_SUBSCRIBE_NAMESPACE) | K(MOQT_MSG_SUBSCRIBE_TRACKS) |
         K(MOQT_MSG_PUBLISH_NAMESPACE) | K(MOQT_MSG_TRACK_STATUS) | K(MOQT_MSG_FETCH)},
    {PID_DELIVERY_TIMEOUT, 0, 17, LAST_DRAFT,
     K_PUBLISH_OK | K(MOQT_MSG_SUBSCRIBE) | K(MOQT_MSG_REQUEST_UPDATE)},
    {PID_SUBGROUP_DELIVERY_TIMEOUT, 0, 18, LAST_DRAFT,
     K_PUBLISH_OK | K(MOQT_MSG_SUBSCRIBE) | K(MOQT_MSG_REQUEST_UPDATE)},
    {PID_FILL_TIMEOUT, 0, 18, LAST_DRAFT, K(MOQT_MSG_FETCH)},
    {PID_RENDEZVOUS_TIMEOUT, 0, 17, LAST_DRAFT, K(MOQT_MSG_SUBSCRIBE)},
    {PID_SUBSCRIBER_PRIORITY, 0, 17, LAST_DRAFT,
     K(MOQT_MSG_SUBSCRIBE) | K(MOQT_MSG_FETCH) | K(MOQT_MSG_REQUEST_UPDATE) | K_PUBLISH_OK},
    {PID_GROUP_ORDER, 0, 17, 18, K(MOQT_MSG_SUBSCRIBE) | K_PUBLISH_OK | K(MOQT_MSG_FETCH)},
    {PID_GROUP_ORDER, 0, 19, LAST_DRAFT,
     K(MOQT_MSG_SUBSCRIBE) | K(MOQT_MSG_SUBSCRIBE_TRACKS) | K(MOQT_MSG_FETCH)},
    {PID_FILTER, 0, 17, LAST_DRAFT,
     K(MOQT_MSG_SUBSCRIBE) | K_PUBLISH_OK | K(MOQT_MSG_REQUEST_UPDATE)},
    {PID_EXPIRES, 0, 17, LAST_DRAFT, K(MOQT_MSG_SUBSCRIBE_OK) | K(MOQT_MSG_PUBLISH) | K_PUBLISH_OK},
    {PID_LARGEST, 0, 17, LAST_DRAFT,
     K(MOQT_MSG_SUBSCRIBE_OK) | K(MOQT_MSG_PUBLISH) | K(MOQT_MSG_REQUEST_OK)},
    {PID_FORWARD, 0, 17, 17,
     K(MOQT_MSG_SUBSCRIBE) | K(MOQT_MSG_REQUEST_UPDATE) | K(MOQT_MSG_PUBLISH) | K_PUBLISH_OK |
         K(MOQT_MSG_SUBSCRIBE_NAMESPACE)},
    {PID_FORWARD, 0, 18, LAST_DRAFT,
     K(MOQT_MSG_SUBSCRIBE) | K(MOQT_MSG_REQUEST_UPDATE) | K(MOQT_MSG_PUBLISH) | K_PUBLISH_OK |
         K(MOQT_MSG_SUBSCRIBE_TRACKS)},
    {PID_NEW_GROUP_REQUEST, 0, 17, LAST_DRAFT,
     K_PUBLISH_OK | K(MOQT_MSG_SUBSCRIBE) | K(MOQT_MSG_REQUEST_UPDATE)},
    {PID_TRACK_NAMESPACE_PREFIX, 0, 18, LAST_DRAFT, K(MOQT_MSG_REQUEST_UPDATE)},
    {PID_RANGE_FILTER, 0x29, 19, LAST_DRAFT,
     K(MOQT_MSG_SUBSCRIBE_TRACKS) | K(MOQT_MSG_REQUEST_UPDATE)},
    {PID_RANGE_FILTER, 0, 19, LAST_DRAFT,
     K(MOQT_MSG_FETCH) | K(MOQT_MSG_SUBSCRIBE) | K(MOQT_MSG_SUBSCRIBE_TRACKS) | K_PUBLISH_OK |
         K(MOQT_MSG_REQUEST_UPDATE)},
};

/* Whether parameter |d| may appear on |kind| under draft |p|. */
static bool in_scope(const moqt_profile *p, moqt_msg_kind kind, const param_def *d)
{
    for (size_t i = 0; i < sizeof(scope_rows) / sizeof(scope_rows[0]); i++) {
        const scope_row *row = &scope_rows[i];
        if (row->id == d->id && (row->type == 0 || row->type == d->type) && p->draft >= row->from &&
            p->draft <= row->to) {
            return (row->kinds & K(kind)) != 0;
        }
    }
    return false;
}

uint64_t moqt_params_out_of_scope(const moqt_profile *p, moqt_msg_kind kind,
                                  const moqt_msg_params *m, uint32_t fixed)
{
    if (p->param_encoding != MOQT_PARAMS_TYPED || kind <= MOQT_MSG_NONE ||
        kind >= MOQT_MSG_KIND_COUNT) {
        return 0; /* 07-16: out-of-scope parameters are ignored, not errors */
    }
    for (int id = PID_NONE + 1; id < PID_COUNT; id++) {
        uint32_t bit = pid_bit[id];
        if (bit == 0 || !(m->has & bit & ~fixed)) {
            continue;
        }
        const param_def *d = def_by_pid(p, (pid)id);
        if (d != NULL && !in_scope(p, kind, d)) {
            return d->type;
        }
    }
    const param_def *auth = def_by_pid(p, PID_AUTH);
    if (m->auth_count > 0 && auth != NULL && !in_scope(p, kind, auth)) {
        return auth->type;
    }
    for (size_t i = 0; i < m->other.count; i++) {
        const param_def *d = def_by_type(p, m->other.item[i].type);
        if (d != NULL && !in_scope(p, kind, d)) {
            return d->type;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Track Extensions (16) / Track Properties (17+)                             */

/* The rule a Track Property value breaks, or NULL. The drafts make these
 * values a PROTOCOL_VIOLATION; they are malformed here as the parameters they
 * replaced are (apply_int): DELIVERY_TIMEOUT 0 in 16 (mt-16 l.3766; 17 makes
 * 0 "no timeout", mt-17 l.3936), DEFAULT_PUBLISHER_PRIORITY above 255 (mt-16
 * l.3795, mt-17 l.3968), DEFAULT_PUBLISHER_GROUP_ORDER other than 1 or 2
 * (mt-16 l.3808, mt-17 l.3981), DYNAMIC_GROUPS above 1 (mt-16 l.3819, mt-17
 * l.3992). */
static const char *track_prop_rule(const moqt_profile *p, const moqt_kvp *kv)
{
    switch (kv->type) {
    case 0x02:
        return (p->draft == 16 && kv->value == 0) ? "d16 Track Extensions: DELIVERY_TIMEOUT of 0 "
                                                    "(mt-16 l.3766)"
                                                  : NULL;
    case 0x0E:
        return kv->value > 255 ? "Track Properties: DEFAULT_PUBLISHER_PRIORITY above 255 "
                                 "(mt-16 l.3795, mt-17 l.3968)"
                               : NULL;
    case 0x22:
        return (kv->value != MOQT_GROUP_ORDER_ASCENDING && kv->value != MOQT_GROUP_ORDER_DESCENDING)
                   ? "Track Properties: DEFAULT_PUBLISHER_GROUP_ORDER neither 1 nor 2 "
                     "(mt-16 l.3808, mt-17 l.3981)"
                   : NULL;
    case 0x30:
        return kv->value > 1
                   ? "Track Properties: DYNAMIC_GROUPS above 1 (mt-16 l.3819, mt-17 l.3992)"
                   : NULL;
    default:
        return NULL;
    }
}

int moqt_track_props_read(moqt_rd *r, const moqt_profile *p, moqt_kvp_list *out)
{
    out->count = 0;
    if (!p->has_track_properties) {
        return 0;
    }
    /* Delta-coded KVPs to the end of the message (mt-16 l.2425 "Track
     * Extensions", mt-17 "Track Properties"); deltas are unsigned, so the
     * types ascend by construction. */
    moqt_kvp_cursor c;
    moqt_kvp_cursor_init(&c, true, PARAM_MAX_BYTES);
    MOQT_TRY(moqt_kvps_read_until(r, &c, r->end, out));
    for (size_t i = 0; i < out->count; i++) {
        const char *why = track_prop_rule(p, &out->item[i]);
        if (why != NULL) {
            return moqt_rd_fail(r, why);
        }
    }
    return 0;
}

int moqt_track_props_write(moqt_wr *w, const moqt_profile *p, const moqt_kvp_list *in)
{
    if (!p->has_track_properties) {
        return in->count ? MOQT_ERR_UNSUPPORTED : 0;
    }
    for (size_t i = 0; i < in->count; i++) {
        if (track_prop_rule(p, &in->item[i]) != NULL) {
            return MOQT_ERR_UNSUPPORTED; /* the receiver would close the session */
        }
    }
    moqt_kvp_cursor c;
    moqt_kvp_cursor_init(&c, true, PARAM_MAX_BYTES);
    return moqt_kvps_write(w, &c, in);
}
