/*
 * CLIENT_SETUP / SERVER_SETUP (07-16) and SETUP (17+).
 *
 * Layouts (DRAFT-CHANGES §5):
 *   07-10  CLIENT_SETUP 0x40 {Number of Versions, Versions..., Number of Params, TLV params}
 *          SERVER_SETUP 0x41 {Selected Version, Number of Params, TLV params}   (mt-07 l.1086)
 *   11-14  0x20 / 0x21, same fields, KVP params                             (mt-14 l.1668)
 *   15-16  0x20 / 0x21 {Number of Params, params} (no versions; 16 delta KVP) (mt-15 l.1971)
 *   17+    SETUP 0x2F00 {Setup Options...} delta KVPs to the end of the message,
 *          no count                                                         (mt-17 l.2299)
 *
 * Setup parameters share one namespace across versions (mt-07 l.1005):
 *   0x00 ROLE (07 only, mt-07 l.1133)        0x01 PATH (all)
 *   0x02 MAX_SUBSCRIBE_ID/MAX_REQUEST_ID (07-16)  0x03 AUTHORIZATION TOKEN (12+)
 *   0x04 MAX_AUTH_TOKEN_CACHE_SIZE (11+)     0x05 AUTHORITY (14+)
 *   0x06 MAX_FILTER_RANGES (19+)             0x07 MOQT_IMPLEMENTATION (15+; see 14 below)
 *   0x08 MAX_REQUEST_UPDATES (19+)
 * Unknown parameters, GREASE (0x7f*N+0x9D, mt-17 l.4228) included, are ignored
 * and may repeat (mt-17 l.2311); a known one other than AUTHORIZATION TOKEN
 * ("one or more tokens", mt-14 l.1767) may not repeat (mt-07 l.987).
 *
 * Decisions:
 * - ROLE (07): "Both endpoints MUST close the session if the ROLE parameter is
 *   missing" (mt-07 l.1155). The wire layer only parses: a missing ROLE is
 *   reported by the absence of MOQT_S_ROLE and the session closes. A ROLE
 *   value other than 1..3 is a value error and is malformed here.
 * - MOQT_IMPLEMENTATION in 14: the draft gives 0x05 to both AUTHORITY
 *   (mt-14 l.1715) and MOQT_IMPLEMENTATION (mt-14 l.1780); 15 resolved it by
 *   moving the implementation to 0x07 (mt-15 setup section, DRAFT-CHANGES §11).
 *   We read 0x05 as AUTHORITY in CLIENT_SETUP (AUTHORITY is client-only,
 *   mt-14 l.1717) and as MOQT_IMPLEMENTATION in SERVER_SETUP (a server must
 *   not send AUTHORITY, so a 14 server that sends 0x05 means its
 *   implementation). 0x07 is read as MOQT_IMPLEMENTATION in 14 as a tolerated
 *   extension (@moq/lite's draft-14 path sends it, STACK.md), and we write the
 *   implementation as 0x07 in 14: a strict 14 peer ignores it as unknown
 *   instead of mistaking it for an AUTHORITY it does not serve.
 * - Fields a draft cannot carry (ROLE outside 07, versions in 15+, MAX_REQUEST_ID
 *   in 17+, ...) make the encoder return MOQT_ERR_UNSUPPORTED.
 */
#include <string.h>

#include "wire/codec_int.h"
#include "wire/kvp.h"
#include "wire/params.h"

#define SETUP_MAX_BYTES 65535
#define LAST_DRAFT      99

typedef enum sid {
    SID_ROLE = 0,
    SID_PATH,
    SID_MAX_REQUEST_ID,
    SID_AUTH,
    SID_MAX_AUTH_TOKEN_CACHE_SIZE,
    SID_AUTHORITY,
    SID_MAX_FILTER_RANGES,
    SID_IMPLEMENTATION,
    SID_MAX_REQUEST_UPDATES,
    SID_COUNT
} sid;

typedef struct setup_def {
    uint64_t type;
    sid id;
    unsigned from, to;
    uint32_t bit; /* MOQT_S_*, 0 for AUTH */
} setup_def;

static const setup_def setup_defs[] = {
    {0x00, SID_ROLE, 7, 7, MOQT_S_ROLE},
    {0x01, SID_PATH, 7, LAST_DRAFT, MOQT_S_PATH},
    {0x02, SID_MAX_REQUEST_ID, 7, 16, MOQT_S_MAX_REQUEST_ID},
    {0x03, SID_AUTH, 12, LAST_DRAFT, 0},
    {0x04, SID_MAX_AUTH_TOKEN_CACHE_SIZE, 11, LAST_DRAFT, MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE},
    {0x05, SID_AUTHORITY, 14, LAST_DRAFT, MOQT_S_AUTHORITY},
    {0x06, SID_MAX_FILTER_RANGES, 19, LAST_DRAFT, MOQT_S_MAX_FILTER_RANGES},
    {0x07, SID_IMPLEMENTATION, 14, LAST_DRAFT, MOQT_S_IMPLEMENTATION},
    {0x08, SID_MAX_REQUEST_UPDATES, 19, LAST_DRAFT, MOQT_S_MAX_REQUEST_UPDATES},
};

#define N_SETUP_DEFS (sizeof(setup_defs) / sizeof(setup_defs[0]))

static const setup_def implementation_as_05 = {0x05, SID_IMPLEMENTATION, 14, 14,
                                               MOQT_S_IMPLEMENTATION};

static const setup_def *setup_def_by_type(const moqt_profile *p, moqt_msg_kind kind, uint64_t type)
{
    if (p->draft == 14 && type == 0x05 && kind == MOQT_MSG_SERVER_SETUP) {
        return &implementation_as_05; /* see the file comment */
    }
    for (size_t i = 0; i < N_SETUP_DEFS; i++) {
        const setup_def *d = &setup_defs[i];
        if (d->type == type && p->draft >= d->from && p->draft <= d->to) {
            return d;
        }
    }
    return NULL;
}

static const setup_def *setup_def_by_id(const moqt_profile *p, sid id)
{
    for (size_t i = 0; i < N_SETUP_DEFS; i++) {
        const setup_def *d = &setup_defs[i];
        if (d->id == id && p->draft >= d->from && p->draft <= d->to) {
            return d;
        }
    }
    return NULL;
}

static bool sid_is_bytes(sid id)
{
    return id == SID_PATH || id == SID_AUTH || id == SID_AUTHORITY || id == SID_IMPLEMENTATION;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                     */

static int store_int(moqt_rd *r, sid id, uint64_t v, moqt_setup_fields *s)
{
    switch (id) {
    case SID_ROLE:
        if (v < MOQT_ROLE_PUBLISHER || v > MOQT_ROLE_PUBSUB) {
            return moqt_rd_fail(r, "d07 §6.2.2.1: ROLE not 1, 2 or 3 (mt-07 l.1155)");
        }
        s->role = v;
        break;
    case SID_MAX_REQUEST_ID:
        s->max_request_id = v;
        break;
    case SID_MAX_AUTH_TOKEN_CACHE_SIZE:
        s->max_auth_token_cache_size = v;
        break;
    case SID_MAX_FILTER_RANGES:
        s->max_filter_ranges = v;
        break;
    case SID_MAX_REQUEST_UPDATES:
    default:
        s->max_request_updates = v;
        break;
    }
    return 0;
}

static int store_bytes(moqt_rd *r, const moqt_profile *p, sid id, moqt_bytes v,
                       moqt_setup_fields *s)
{
    switch (id) {
    case SID_PATH:
        s->path = v;
        return 0;
    case SID_AUTHORITY:
        s->authority = v;
        return 0;
    case SID_IMPLEMENTATION:
        s->implementation = v;
        return 0;
    case SID_AUTH:
    default: {
        moqt_rd sub;
        moqt_rd_init(&sub, v.base, v.len, p->int_kind);
        int rv = moqt_rd_auth_param(&sub, p, s->auth, &s->auth_count);
        if (rv == MOQT_ERR_WIRE_NEED_MORE) {
            return moqt_rd_fail(r, "AUTHORIZATION TOKEN: Token longer than its parameter");
        }
        if (rv != 0) {
            r->why = sub.why;
        }
        return rv;
    }
    }
}

static int note_seen(moqt_rd *r, const setup_def *d, uint32_t *seen)
{
    uint32_t bit = 1u << d->id;
    if (d->id != SID_AUTH && (*seen & bit)) {
        return moqt_rd_fail(r, "duplicate setup parameter (mt-07 l.987, mt-17 l.2310)");
    }
    *seen |= bit;
    return 0;
}

/* Applies one parameter whose type is known; |value| holds the TLV value
 * (07-10) or the KVP bytes (odd types), |ival| the KVP integer (even types). */
static int apply(moqt_rd *r, const moqt_profile *p, const setup_def *d, bool tlv, moqt_bytes value,
                 uint64_t ival, moqt_setup_fields *s, uint32_t *seen)
{
    MOQT_TRY(note_seen(r, d, seen));
    s->has |= d->bit;
    if (sid_is_bytes(d->id)) {
        return store_bytes(r, p, d->id, value, s);
    }
    if (tlv) {
        /* mt-07 l.1019: the integer must fill the parameter's Length. */
        moqt_rd sub;
        moqt_rd_init(&sub, value.base, value.len, p->int_kind);
        if (moqt_rd_int(&sub, &ival) != 0 || moqt_rd_left(&sub) != 0) {
            return moqt_rd_fail(r, "setup parameter length does not match its integer "
                                   "(mt-07 l.1019 Parameter Length Mismatch)");
        }
    }
    return store_int(r, d->id, ival, s);
}

static int read_tlv_setup_param(moqt_rd *r, const moqt_profile *p, moqt_msg_kind kind,
                                moqt_setup_fields *s, uint32_t *seen)
{
    uint64_t type;
    moqt_bytes value;
    MOQT_TRY(moqt_rd_int(r, &type));
    MOQT_TRY(moqt_rd_lbytes(r, SETUP_MAX_BYTES, &value, "setup parameter longer than 65535"));
    const setup_def *d = setup_def_by_type(p, kind, type);
    if (d == NULL) {
        return 0; /* mt-07 l.1080: peers MUST ignore unknown setup parameters */
    }
    return apply(r, p, d, true, value, 0, s, seen);
}

static int read_kvp_setup_param(moqt_rd *r, const moqt_profile *p, moqt_msg_kind kind,
                                moqt_kvp_cursor *c, moqt_setup_fields *s, uint32_t *seen)
{
    moqt_kvp kv;
    MOQT_TRY(moqt_kvp_read(r, c, &kv));
    const setup_def *d = setup_def_by_type(p, kind, kv.type);
    if (d == NULL) {
        return 0; /* unknown and GREASE options are ignored (mt-17 l.2309) */
    }
    return apply(r, p, d, false, kv.bytes, kv.value, s, seen);
}

static int read_setup_params(moqt_rd *r, const moqt_profile *p, moqt_msg_kind kind,
                             moqt_setup_fields *s)
{
    uint32_t seen = 0;
    moqt_kvp_cursor c;
    moqt_kvp_cursor_init(&c, p->param_encoding >= MOQT_PARAMS_DELTA_KVP, SETUP_MAX_BYTES);
    if (p->setup_shape == MOQT_SETUP_2F00) {
        /* mt-17 l.2299: no count, options run to the end of the message. */
        while (moqt_rd_left(r) > 0) {
            int rv = read_kvp_setup_param(r, p, kind, &c, s, &seen);
            if (rv == MOQT_ERR_WIRE_NEED_MORE) {
                return moqt_rd_fail(r, "d17 §9.3: Setup Option crosses the end of SETUP");
            }
            MOQT_TRY(rv);
        }
        return 0;
    }
    uint64_t count;
    MOQT_TRY(moqt_rd_int(r, &count));
    if (count > moqt_rd_left(r)) {
        return MOQT_ERR_WIRE_NEED_MORE; /* every parameter takes at least 2 bytes */
    }
    for (uint64_t i = 0; i < count; i++) {
        if (p->param_encoding == MOQT_PARAMS_TLV) {
            MOQT_TRY(read_tlv_setup_param(r, p, kind, s, &seen));
        } else {
            MOQT_TRY(read_kvp_setup_param(r, p, kind, &c, s, &seen));
        }
    }
    return 0;
}

static int read_versions(moqt_rd *r, moqt_setup_fields *s)
{
    uint64_t count;
    MOQT_TRY(moqt_rd_int(r, &count));
    if (count > MOQT_MAX_SETUP_VERSIONS) {
        if (count > moqt_rd_left(r)) {
            return MOQT_ERR_WIRE_NEED_MORE;
        }
        r->why = "more supported versions than this implementation keeps (MOQT_MAX_SETUP_VERSIONS)";
        return MOQT_ERR_WIRE_LIMIT;
    }
    s->version_count = (size_t)count;
    for (size_t i = 0; i < s->version_count; i++) {
        MOQT_TRY(moqt_rd_int(r, &s->versions[i]));
    }
    return 0;
}

int moqt_setup_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    moqt_setup_fields *s = &m->setup;
    if (p->version_in_setup) {
        if (m->kind == MOQT_MSG_CLIENT_SETUP) {
            MOQT_TRY(read_versions(r, s));
        } else if (m->kind == MOQT_MSG_SERVER_SETUP) {
            MOQT_TRY(moqt_rd_int(r, &s->selected_version));
        }
    }
    return read_setup_params(r, p, m->kind, s);
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                     */

typedef struct setup_item {
    uint64_t type;
    sid id;
    size_t index; /* into auth[] */
} setup_item;

typedef struct setup_list {
    size_t count;
    setup_item item[SID_COUNT + MOQT_MAX_AUTH_TOKENS];
} setup_list;

static void push_item(setup_list *l, uint64_t type, sid id, size_t index)
{
    size_t i = l->count++;
    while (i > 0 && l->item[i - 1].type > type) {
        l->item[i] = l->item[i - 1];
        i--;
    }
    l->item[i] = (setup_item){type, id, index};
}

static int collect(const moqt_profile *p, moqt_msg_kind kind, const moqt_setup_fields *s,
                   setup_list *l)
{
    l->count = 0;
    if (p->draft == 14 && kind == MOQT_MSG_SERVER_SETUP && (s->has & MOQT_S_AUTHORITY)) {
        /* 0x05 from a 14 server reads as MOQT_IMPLEMENTATION (file comment);
         * a server never sends AUTHORITY anyway (mt-14 l.1717). */
        return MOQT_ERR_UNSUPPORTED;
    }
    uint32_t want = s->has;
    for (size_t i = 0; i < N_SETUP_DEFS; i++) {
        uint32_t bit = setup_defs[i].bit;
        if (bit == 0 || !(want & bit)) {
            continue;
        }
        want &= ~bit;
        const setup_def *d = setup_def_by_id(p, setup_defs[i].id);
        if (d == NULL) {
            return MOQT_ERR_UNSUPPORTED; /* no such parameter in this draft */
        }
        push_item(l, d->type, d->id, 0);
    }
    if (want != 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (s->auth_count > MOQT_MAX_AUTH_TOKENS) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (s->auth_count > 0) {
        const setup_def *d = setup_def_by_id(p, SID_AUTH);
        if (d == NULL) {
            return MOQT_ERR_UNSUPPORTED;
        }
        for (size_t i = 0; i < s->auth_count; i++) {
            push_item(l, d->type, SID_AUTH, i);
        }
    }
    return 0;
}

static uint64_t int_field(const moqt_setup_fields *s, sid id)
{
    switch (id) {
    case SID_ROLE:
        return s->role;
    case SID_MAX_REQUEST_ID:
        return s->max_request_id;
    case SID_MAX_AUTH_TOKEN_CACHE_SIZE:
        return s->max_auth_token_cache_size;
    case SID_MAX_FILTER_RANGES:
        return s->max_filter_ranges;
    case SID_MAX_REQUEST_UPDATES:
    default:
        return s->max_request_updates;
    }
}

/* Writes the value of a bytes-valued item (no length). */
static int write_bytes_value(moqt_wr *w, const moqt_setup_fields *s, const setup_item *it)
{
    const moqt_bytes *b;
    switch (it->id) {
    case SID_PATH:
        b = &s->path;
        break;
    case SID_AUTHORITY:
        b = &s->authority;
        break;
    case SID_IMPLEMENTATION:
        b = &s->implementation;
        break;
    case SID_AUTH:
    default:
        return moqt_wr_auth_token(w, &s->auth[it->index]);
    }
    return moqt_wr_bytes(w, b->base, b->len);
}

/* Writes a value preceded by its byte length (written, then shifted). */
static int write_prefixed(moqt_wr *w, const moqt_setup_fields *s, const setup_item *it)
{
    uint8_t *start = w->pos;
    if (sid_is_bytes(it->id)) {
        MOQT_TRY(write_bytes_value(w, s, it));
    } else {
        MOQT_TRY(moqt_wr_int(w, int_field(s, it->id)));
    }
    size_t len = (size_t)(w->pos - start);
    if (len > SETUP_MAX_BYTES) {
        return MOQT_ERR_UNSUPPORTED;
    }
    size_t n = moqt_int_len(w->ik, len);
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

static int write_setup_params(moqt_wr *w, const moqt_profile *p, moqt_msg_kind kind,
                              const moqt_setup_fields *s)
{
    setup_list l;
    MOQT_TRY(collect(p, kind, s, &l));
    if (s->has & MOQT_S_ROLE) {
        if (s->role < MOQT_ROLE_PUBLISHER || s->role > MOQT_ROLE_PUBSUB) {
            return MOQT_ERR_UNSUPPORTED;
        }
    }
    if (p->setup_shape != MOQT_SETUP_2F00) {
        MOQT_TRY(moqt_wr_int(w, l.count));
    }
    bool delta = p->param_encoding >= MOQT_PARAMS_DELTA_KVP;
    uint64_t prev = 0;
    for (size_t i = 0; i < l.count; i++) {
        const setup_item *it = &l.item[i];
        MOQT_TRY(moqt_wr_int(w, delta ? it->type - prev : it->type));
        prev = it->type;
        if (p->param_encoding == MOQT_PARAMS_TLV || sid_is_bytes(it->id)) {
            MOQT_TRY(write_prefixed(w, s, it));
        } else {
            MOQT_TRY(moqt_wr_int(w, int_field(s, it->id)));
        }
    }
    return 0;
}

int moqt_setup_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    const moqt_setup_fields *s = &m->setup;
    bool client = m->kind == MOQT_MSG_CLIENT_SETUP;
    bool server = m->kind == MOQT_MSG_SERVER_SETUP;
    if (p->version_in_setup && client) {
        if (s->version_count > MOQT_MAX_SETUP_VERSIONS || s->selected_version != 0) {
            return MOQT_ERR_UNSUPPORTED;
        }
        MOQT_TRY(moqt_wr_int(w, s->version_count));
        for (size_t i = 0; i < s->version_count; i++) {
            MOQT_TRY(moqt_wr_int(w, s->versions[i]));
        }
    } else if (p->version_in_setup && server) {
        if (s->version_count != 0) {
            return MOQT_ERR_UNSUPPORTED;
        }
        MOQT_TRY(moqt_wr_int(w, s->selected_version));
    } else if (s->version_count != 0 || s->selected_version != 0) {
        return MOQT_ERR_UNSUPPORTED; /* 15+: the version is agreed by ALPN */
    }
    return write_setup_params(w, p, m->kind, s);
}
