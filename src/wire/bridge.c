/*
 * Bridging drafts (see bridge.h): moving the values that changed
 * representation between a parameter / fixed field (07-15) and a Track
 * Property (16+), and object property type numbers.
 *
 * Table-driven: moved_values[] has one row per moved value (its MOQT_P_* bit,
 * its property type, the first draft with the property, its legal range and
 * what happens when the target has no place for it); param_places[] says on
 * which message kinds and drafts the value is a parameter or fixed field.
 * Where a value lives for (draft, kind) is then one of:
 *   PARAM  the MOQT_P_* bit of m->params (the codec writes a fixed field or a
 *          parameter, whichever the draft has);
 *   PROP   a pair of m->track_props, on the kinds that carry Track Extensions
 *          / Properties (PUBLISH, SUBSCRIBE_OK, FETCH_OK from 16, mt-16 l.2425,
 *          l.2539, l.2895; REQUEST_OK from 18, mt-18 l.2815);
 *   NONE   the draft cannot say it on this kind.
 *
 * A value with no place in the target is dropped or refused:
 * - Refused (MOQT_ERR_UNSUPPORTED): MAX_CACHE_DURATION, a bound a caching
 *   relay downstream MUST obey (mt-07 l.1066, mt-16 l.3778: "the relay MUST
 *   NOT start forwarding ... after"); a Mandatory Track Property (18+,
 *   0x4000-0x7FFF) toward a draft or kind without it (mt-18 l.808-833: the
 *   track must not reach an endpoint that does not understand it); a property
 *   value outside the range of the field it must become (Group Order not 1/2,
 *   priority above 255, Dynamic Groups above 1: the receiver would close the
 *   session, mt-15 l.1844, l.1815, l.1910); a Delivery Timeout of 0 into 16,
 *   which forbids it (mt-16 l.3766).
 * - Dropped, because the receiver loses nothing it could act on: a delivery
 *   timeout (the bridging relay publishes downstream and applies the upstream
 *   timeouts to what it forwards itself, mt-16 l.1898); the default publisher
 *   priority before 15 (every object carries its priority there; objects that
 *   inherit it get it from moqt_wire_bridge_object); Dynamic Groups before 15
 *   (no NEW_GROUP_REQUEST to use it with, mt-15 l.1919); a group order on
 *   FETCH_OK (15+ deliver a fetch in the order its FETCH asked, mt-15
 *   l.2760); SUBGROUP_DELIVERY_TIMEOUT before 18 (only the object timeout
 *   exists); everything on REQUEST_OK, which only answers TRACK_STATUS with
 *   information (no objects flow under it); Track Properties the target does
 *   not know ("Endpoints MUST ignore unknown Property types", mt-18 l.5009, so
 *   dropping is what the receiver would do), and properties that were unknown
 *   in the source draft but have a meaning in the target (forwarding them
 *   would invent a meaning the publisher never gave).
 * - A Delivery Timeout of 0 from 17+ means "no timeout" (mt-17 l.3936), which
 *   every draft says by leaving the value out: it is dropped when moved, and
 *   on every message (subscriber's parameters too) when bridging to <= 16.
 *
 * Not the bridge's business (the codecs drop them by design; the session
 * supplies them): Request IDs of 17+ responses (named by the request stream),
 * the Required Request ID Delta outside 17, the Track Alias on the side that
 * does not own it (subscriber <= 11, publisher 12+), FETCH_OK's Group Order
 * from 15.
 *
 * Values inside an Immutable Properties pair (0x0B) are read when the target
 * has no Track Properties; toward 16+ the pair is forwarded as it is.
 */
#include "wire/bridge.h"

#include <string.h>

#include "wire/kvp.h"

#define LAST_DRAFT 99

typedef enum moved_id {
    MV_DELIVERY_TIMEOUT = 0,
    MV_SUBGROUP_DELIVERY_TIMEOUT,
    MV_MAX_CACHE_DURATION,
    MV_PUBLISHER_PRIORITY,
    MV_GROUP_ORDER,
    MV_DYNAMIC_GROUPS,
    MV_COUNT
} moved_id;

typedef enum when_lost { LOST_DROP = 0, LOST_REFUSE } when_lost;

typedef struct moved_value {
    uint64_t prop_type; /* Track Property type */
    uint64_t min, max;  /* legal values */
    moved_id id;
    uint32_t bit;       /* MOQT_P_* when some draft has it as a parameter, else 0 */
    unsigned prop_from; /* first draft with the property */
    when_lost lost;
} moved_value;

static const moved_value moved_values[MV_COUNT] = {
    /* DELIVERY TIMEOUT extension 0x02, mt-16 l.3762, mt-17 l.3932;
     * OBJECT_DELIVERY_TIMEOUT from 18, mt-18 l.4422. */
    {0x02, 0, UINT64_MAX, MV_DELIVERY_TIMEOUT, MOQT_P_DELIVERY_TIMEOUT, 16, LOST_DROP},
    /* SUBGROUP_DELIVERY_TIMEOUT 0x06, mt-18 l.4417 (a parameter only on the
     * subscriber's messages, mt-18 l.2409). */
    {0x06, 0, UINT64_MAX, MV_SUBGROUP_DELIVERY_TIMEOUT, 0, 18, LOST_DROP},
    /* MAX_CACHE_DURATION 0x04, mt-16 l.3775, mt-17 l.3949. */
    {0x04, 0, UINT64_MAX, MV_MAX_CACHE_DURATION, MOQT_P_MAX_CACHE_DURATION, 16, LOST_REFUSE},
    /* DEFAULT_PUBLISHER_PRIORITY 0x0E, mt-16 l.3791, mt-17 l.3965. */
    {0x0E, 0, 255, MV_PUBLISHER_PRIORITY, MOQT_P_PUBLISHER_PRIORITY, 16, LOST_DROP},
    /* DEFAULT_PUBLISHER_GROUP_ORDER 0x22, mt-16 l.3802, mt-17 l.3976. */
    {0x22, MOQT_GROUP_ORDER_ASCENDING, MOQT_GROUP_ORDER_DESCENDING, MV_GROUP_ORDER,
     MOQT_P_GROUP_ORDER, 16, LOST_DROP},
    /* DYNAMIC_GROUPS 0x30, mt-16 l.3815, mt-17 l.3988. */
    {0x30, 0, 1, MV_DYNAMIC_GROUPS, MOQT_P_DYNAMIC_GROUPS, 16, LOST_DROP},
};

typedef struct param_place {
    moved_id id;
    moqt_msg_kind kind;
    unsigned from, to; /* drafts */
} param_place;

/* Where a publisher's value is a parameter or fixed field (07-15). */
static const param_place param_places[] = {
    /* DELIVERY TIMEOUT "MAY appear in ... SUBSCRIBE_OK" mt-07 l.1037, mt-11
     * l.1435; PUBLISH from 14 (mt-14 l.1610; mt-12 l.1559, mt-13 l.1561 do not
     * list it); REQUEST_OK answering TRACK_STATUS, mt-15 l.1758. */
    {MV_DELIVERY_TIMEOUT, MOQT_MSG_SUBSCRIBE_OK, 7, 15},
    {MV_DELIVERY_TIMEOUT, MOQT_MSG_PUBLISH, 14, 15},
    {MV_DELIVERY_TIMEOUT, MOQT_MSG_REQUEST_OK, 15, 15},
    /* MAX_CACHE_DURATION: 07-10 name no message, only "this subscription"
     * (mt-07 l.1065); 11-13 SUBSCRIBE_OK, FETCH_OK (mt-11 l.1468, mt-12
     * l.1596); PUBLISH from 14 (mt-14 l.1645); REQUEST_OK in 15 (mt-15 l.1796). */
    {MV_MAX_CACHE_DURATION, MOQT_MSG_SUBSCRIBE_OK, 7, 15},
    {MV_MAX_CACHE_DURATION, MOQT_MSG_FETCH_OK, 7, 15},
    {MV_MAX_CACHE_DURATION, MOQT_MSG_PUBLISH, 14, 15},
    {MV_MAX_CACHE_DURATION, MOQT_MSG_REQUEST_OK, 15, 15},
    /* PUBLISHER PRIORITY "valid in SUBSCRIBE_OK and PUBLISH", 15 only
     * (mt-15 l.1814). */
    {MV_PUBLISHER_PRIORITY, MOQT_MSG_SUBSCRIBE_OK, 15, 15},
    {MV_PUBLISHER_PRIORITY, MOQT_MSG_PUBLISH, 15, 15},
    /* Group Order: fixed field of SUBSCRIBE_OK 07-14 (mt-07 l.1667, mt-14
     * l.2017) and PUBLISH 12-14 (mt-12 l.2257); GROUP_ORDER parameter on
     * SUBSCRIBE_OK, PUBLISH and REQUEST_OK (TRACK_STATUS) in 15 (mt-15 l.1834).
     * FETCH_OK's Group Order (07-14) is the fetch's delivery order, not the
     * track's preference: it is not moved. */
    {MV_GROUP_ORDER, MOQT_MSG_SUBSCRIBE_OK, 7, 15},
    {MV_GROUP_ORDER, MOQT_MSG_PUBLISH, 12, 15},
    {MV_GROUP_ORDER, MOQT_MSG_REQUEST_OK, 15, 15},
    /* DYNAMIC_GROUPS "MAY appear in PUBLISH or SUBSCRIBE_OK", 15 only
     * (mt-15 l.1907). */
    {MV_DYNAMIC_GROUPS, MOQT_MSG_SUBSCRIBE_OK, 15, 15},
    {MV_DYNAMIC_GROUPS, MOQT_MSG_PUBLISH, 15, 15},
};

#define N_PLACES (sizeof(param_places) / sizeof(param_places[0]))

/* Mandatory Track Properties, 18+ (mt-18 l.800). */
#define MANDATORY_FIRST 0x4000
#define MANDATORY_LAST  0x7FFF

typedef enum place { PLACE_NONE = 0, PLACE_PARAM, PLACE_PROP } place;

/* Does |kind| end with Track Extensions / Properties under |p|? */
static bool kind_has_track_props(const moqt_profile *p, moqt_msg_kind kind)
{
    if (!p->has_track_properties) {
        return false;
    }
    switch (kind) {
    case MOQT_MSG_PUBLISH:
    case MOQT_MSG_SUBSCRIBE_OK:
    case MOQT_MSG_FETCH_OK:
        return true; /* mt-16 l.2425, l.2539, l.2895 */
    case MOQT_MSG_REQUEST_OK:
        return p->draft >= 18; /* mt-18 l.2815 */
    default:
        return false;
    }
}

static place where(const moqt_profile *p, moqt_msg_kind kind, const moved_value *v)
{
    if (kind_has_track_props(p, kind)) {
        return p->draft >= v->prop_from ? PLACE_PROP : PLACE_NONE;
    }
    for (size_t i = 0; i < N_PLACES; i++) {
        const param_place *pl = &param_places[i];
        if (pl->id == v->id && pl->kind == kind && p->draft >= pl->from && p->draft <= pl->to) {
            return PLACE_PARAM;
        }
    }
    return PLACE_NONE;
}

/* A Track Property type that draft |p| gives a meaning (the moved values,
 * and the Mandatory range from 18). */
static bool prop_known(const moqt_profile *p, uint64_t type)
{
    if (p->draft >= 18 && type >= MANDATORY_FIRST && type <= MANDATORY_LAST) {
        return true;
    }
    for (size_t i = 0; i < MV_COUNT; i++) {
        if (moved_values[i].prop_type == type && p->draft >= moved_values[i].prop_from) {
            return true;
        }
    }
    return false;
}

static bool prop_mandatory(const moqt_profile *p, uint64_t type)
{
    return p->draft >= 18 && type >= MANDATORY_FIRST && type <= MANDATORY_LAST;
}

/* ---- parameter values by bit ---- */

static uint64_t param_get(const moqt_msg_params *pa, uint32_t bit)
{
    switch (bit) {
    case MOQT_P_DELIVERY_TIMEOUT:
        return pa->delivery_timeout_ms;
    case MOQT_P_MAX_CACHE_DURATION:
        return pa->max_cache_duration_ms;
    case MOQT_P_PUBLISHER_PRIORITY:
        return pa->publisher_priority;
    case MOQT_P_GROUP_ORDER:
        return pa->group_order;
    case MOQT_P_DYNAMIC_GROUPS:
    default:
        return pa->dynamic_groups;
    }
}

static void param_set(moqt_msg_params *pa, uint32_t bit, uint64_t v)
{
    switch (bit) {
    case MOQT_P_DELIVERY_TIMEOUT:
        pa->delivery_timeout_ms = v;
        break;
    case MOQT_P_MAX_CACHE_DURATION:
        pa->max_cache_duration_ms = v;
        break;
    case MOQT_P_PUBLISHER_PRIORITY:
        pa->publisher_priority = (uint8_t)v;
        break;
    case MOQT_P_GROUP_ORDER:
        pa->group_order = (uint8_t)v;
        break;
    case MOQT_P_DYNAMIC_GROUPS:
    default:
        pa->dynamic_groups = v;
        break;
    }
    pa->has |= bit;
}

/* ---- property list edits ---- */

/* Removes the first pair of |type|; returns whether one was there. */
static bool props_take(moqt_kvp_list *l, uint64_t type, uint64_t *value)
{
    for (size_t i = 0; i < l->count; i++) {
        if (l->item[i].type == type) {
            *value = l->item[i].value;
            memmove(&l->item[i], &l->item[i + 1], (l->count - i - 1) * sizeof(l->item[0]));
            l->count--;
            return true;
        }
    }
    return false;
}

/* Inserts an integer pair keeping ascending type order (after equal types). */
static int props_insert(moqt_kvp_list *l, uint64_t type, uint64_t value)
{
    if (l->count >= MOQT_MAX_KVPS) {
        return MOQT_ERR_WIRE_LIMIT;
    }
    size_t i = l->count;
    while (i > 0 && l->item[i - 1].type > type) {
        l->item[i] = l->item[i - 1];
        i--;
    }
    memset(&l->item[i], 0, sizeof(l->item[i]));
    l->item[i].type = type;
    l->item[i].value = value;
    l->count++;
    return 0;
}

/* Stable sort by type: 16+ delta-code types and need them ascending. */
static void props_sort(moqt_kvp_list *l)
{
    for (size_t i = 1; i < l->count; i++) {
        moqt_kvp kv = l->item[i];
        size_t j = i;
        while (j > 0 && l->item[j - 1].type > kv.type) {
            l->item[j] = l->item[j - 1];
            j--;
        }
        l->item[j] = kv;
    }
}

/* ---- messages ---- */

/* The properties that stay after the moved ones were taken out: what the
 * target cannot carry or would misread is dropped or refused. */
static int filter_rest(const moqt_profile *from, const moqt_profile *to, moqt_msg *m)
{
    moqt_kvp_list *l = &m->track_props;
    bool target_has = kind_has_track_props(to, m->kind);
    size_t out = 0;
    for (size_t i = 0; i < l->count; i++) {
        uint64_t t = l->item[i].type;
        if (prop_mandatory(from, t) && !(target_has && prop_mandatory(to, t))) {
            return MOQT_ERR_UNSUPPORTED; /* mt-18 l.808-833 */
        }
        if (!target_has || (!prop_known(from, t) && prop_known(to, t))) {
            continue; /* dropped: see the file comment */
        }
        l->item[out++] = l->item[i];
    }
    l->count = out;
    return 0;
}

/* A Track Property may also sit inside Immutable Properties (0x0B, Track
 * and Object scope from 16; "processors MUST search both", mt-17 l.4019-4021): its value still has
 * to reach a target without Track Properties (the 0x0B pair itself is then dropped with the rest of
 * the list; toward 16+ it is forwarded untouched). */
static bool immutable_find(const moqt_profile *from, const moqt_kvp_list *l, uint64_t type,
                           uint64_t *val)
{
    const moqt_kvp *imm = moqt_kvps_find(l, MOQT_PROP_IMMUTABLE);
    moqt_kvp_list nested;
    if (imm == NULL || moqt_wire_decode_immutable_props(from, imm->bytes, &nested, NULL) != 0) {
        return false;
    }
    const moqt_kvp *kv = moqt_kvps_find(&nested, type);
    if (kv == NULL) {
        return false;
    }
    *val = kv->value;
    return true;
}

/* Takes value |v| out of its place under |from|. */
static bool take_value(const moqt_profile *from, moqt_msg *m, const moved_value *v, uint64_t *val)
{
    switch (where(from, m->kind, v)) {
    case PLACE_PARAM:
        if (!(m->params.has & v->bit)) {
            return false;
        }
        *val = param_get(&m->params, v->bit);
        m->params.has &= ~v->bit;
        return true;
    case PLACE_PROP:
        return props_take(&m->track_props, v->prop_type, val) ||
               immutable_find(from, &m->track_props, v->prop_type, val);
    case PLACE_NONE:
    default:
        return false;
    }
}

/* Puts value |val| of |v| where |to| has it (or drops / refuses it). */
static int put_value(const moqt_profile *to, moqt_msg *m, const moved_value *v, uint64_t val)
{
    bool informational = m->kind == MOQT_MSG_REQUEST_OK;
    place pt = where(to, m->kind, v);
    if (pt == PLACE_NONE) {
        return (v->lost == LOST_REFUSE && !informational) ? MOQT_ERR_UNSUPPORTED : 0;
    }
    if (val < v->min || val > v->max) {
        return informational ? 0 : MOQT_ERR_UNSUPPORTED;
    }
    if (v->id == MV_DELIVERY_TIMEOUT && val == 0 && to->draft == 16) {
        return MOQT_ERR_UNSUPPORTED; /* mt-16 l.3766: MUST be greater than 0 */
    }
    if (pt == PLACE_PROP) {
        return props_insert(&m->track_props, v->prop_type, val);
    }
    if (informational && (m->params.has & v->bit)) {
        return 0; /* REQUEST_OK 18+ as PUBLISH_OK keeps its own parameter */
    }
    param_set(&m->params, v->bit, val);
    return 0;
}

/* From 17 a delivery timeout of 0 means "no timeout" (mt-17 l.2109, l.3936;
 * mt-18 l.1813), which 07-16 say by leaving the value out (16 even forbids
 * 0, mt-16 l.1891, l.3766): zeros are removed when bridging to 16 or older,
 * parameters of any message (the subscriber's too) and properties alike. */
static void zero_timeouts_absent(const moqt_profile *from, const moqt_profile *to, moqt_msg *m)
{
    if (from->draft < 17 || to->draft >= 17) {
        return;
    }
    moqt_msg_params *pa = &m->params;
    if ((pa->has & MOQT_P_DELIVERY_TIMEOUT) && pa->delivery_timeout_ms == 0) {
        pa->has &= ~(uint32_t)MOQT_P_DELIVERY_TIMEOUT;
    }
    if ((pa->has & MOQT_P_SUBGROUP_DELIVERY_TIMEOUT) && pa->subgroup_delivery_timeout_ms == 0) {
        pa->has &= ~(uint32_t)MOQT_P_SUBGROUP_DELIVERY_TIMEOUT;
    }
    moqt_kvp_list *l = &m->track_props;
    size_t out = 0;
    for (size_t i = 0; i < l->count; i++) {
        uint64_t t = l->item[i].type;
        bool timeout = t == moved_values[MV_DELIVERY_TIMEOUT].prop_type ||
                       t == moved_values[MV_SUBGROUP_DELIVERY_TIMEOUT].prop_type;
        if (!(timeout && l->item[i].value == 0)) {
            l->item[out++] = l->item[i];
        }
    }
    l->count = out;
}

/* FETCH_OK's End Location names the last Object in 07-11 ("Largest Object
 * ID available", mt-07 l.1773; "the largest object covered", mt-11 l.2322)
 * and uses the FETCH request's "plus 1" encoding from 12 ({Largest.Group,
 * Largest.Object + 1}, mt-12 l.2603; "the last Object, plus 1; or 0 to
 * indicate the entire Group", mt-18 l.3492). 11 also says "the minimum of
 * the {End Group, End Object} specified in FETCH", mixing the two; we read 11
 * by its first sentence, as inclusive. An End Location of {G, 0} ("all of
 * group G") cannot be said inclusively without knowing G's last Object, which
 * only the relay's cache knows: MOQT_ERR_UNSUPPORTED. */
static bool end_location_plus_one(const moqt_profile *p)
{
    return p->draft >= 12;
}

static int bridge_fetch_end_location(const moqt_profile *from, const moqt_profile *to, moqt_msg *m)
{
    moqt_location *loc = &m->fetch.end_location;
    bool f = end_location_plus_one(from), t = end_location_plus_one(to);
    if (f == t) {
        return 0;
    }
    if (t) {
        if (loc->object == UINT64_MAX) {
            return MOQT_ERR_UNSUPPORTED;
        }
        loc->object++;
        return 0;
    }
    if (loc->object == 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    loc->object--;
    return 0;
}

static bool kind_is_bridged(moqt_msg_kind kind)
{
    return kind == MOQT_MSG_PUBLISH || kind == MOQT_MSG_SUBSCRIBE_OK || kind == MOQT_MSG_FETCH_OK ||
           kind == MOQT_MSG_REQUEST_OK;
}

int moqt_wire_bridge_msg(const moqt_profile *from, const moqt_profile *to, moqt_msg *m)
{
    if (from == NULL || to == NULL || m == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (from->draft == to->draft) {
        return 0;
    }
    zero_timeouts_absent(from, to, m);
    if (!kind_is_bridged(m->kind)) {
        return 0;
    }
    bool has[MV_COUNT] = {false};
    uint64_t val[MV_COUNT] = {0};
    for (size_t i = 0; i < MV_COUNT; i++) {
        const moved_value *v = &moved_values[i];
        if (where(from, m->kind, v) == where(to, m->kind, v)) {
            continue; /* same place (same bit or same property type) */
        }
        has[i] = take_value(from, m, v, &val[i]);
        if (has[i] && v->id == MV_DELIVERY_TIMEOUT && val[i] == 0 && from->draft >= 17) {
            has[i] = false; /* mt-17 l.3936: 0 is "no timeout", i.e. absent (17 -> 18+) */
        }
    }
    if (m->kind == MOQT_MSG_FETCH_OK) {
        MOQT_TRY(bridge_fetch_end_location(from, to, m));
    }
    MOQT_TRY(filter_rest(from, to, m));
    for (size_t i = 0; i < MV_COUNT; i++) {
        if (has[i]) {
            MOQT_TRY(put_value(to, m, &moved_values[i], val[i]));
        }
    }
    return 0;
}

uint8_t moqt_wire_track_default_priority(const moqt_profile *p, const moqt_msg *m)
{
    const moved_value *v = &moved_values[MV_PUBLISHER_PRIORITY];
    uint64_t prio = MOQT_DEFAULT_PUBLISHER_PRIORITY;
    switch (where(p, m->kind, v)) {
    case PLACE_PARAM:
        if (m->params.has & v->bit) {
            prio = m->params.publisher_priority;
        }
        break;
    case PLACE_PROP: {
        const moqt_kvp *kv = moqt_kvps_find(&m->track_props, v->prop_type);
        uint64_t found;
        if (kv != NULL && kv->value <= v->max) {
            prio = kv->value;
        } else if (kv == NULL && immutable_find(p, &m->track_props, v->prop_type, &found) &&
                   found <= v->max) {
            prio = found;
        }
        break;
    }
    case PLACE_NONE:
    default:
        break;
    }
    return (uint8_t)prio;
}

/* ---- objects ---- */

typedef enum obj_prop_id {
    OP_NONE = 0,
    OP_PRIOR_GROUP_GAP,
    OP_PRIOR_OBJECT_GAP,
    OP_IMMUTABLE,
    OP_OBJECT_DELIVERY_TIMEOUT,
    OP_SUBGROUP_DELIVERY_TIMEOUT
} obj_prop_id;

typedef struct obj_prop_def {
    uint64_t type;
    obj_prop_id id;
    unsigned from, to;
    when_lost lost;
} obj_prop_def;

/* Object properties / extension headers that have a meaning, per draft. */
static const obj_prop_def obj_props[] = {
    /* Prior Group ID Gap: 0x40 in 11-13 (mt-11 l.3350, mt-13 l.3663), 0x3C
     * from 14 (mt-14 l.3658). A hint that groups were skipped: dropped where
     * the target has none (the receiver then simply does not know). */
    {MOQT_PROP_PRIOR_GROUP_ID_GAP_D11, OP_PRIOR_GROUP_GAP, 11, 13, LOST_DROP},
    {MOQT_PROP_PRIOR_GROUP_ID_GAP, OP_PRIOR_GROUP_GAP, 14, LAST_DRAFT, LOST_DROP},
    /* Prior Object ID Gap 0x3E from 14 (mt-14 l.3730). */
    {MOQT_PROP_PRIOR_OBJECT_ID_GAP, OP_PRIOR_OBJECT_GAP, 14, LAST_DRAFT, LOST_DROP},
    /* Immutable Extensions / Properties 0x0B from 14 (mt-14 l.3686): relays
     * must not change them, so they cannot be flattened for an older draft. */
    {MOQT_PROP_IMMUTABLE, OP_IMMUTABLE, 14, LAST_DRAFT, LOST_REFUSE},
    /* Object scope of the delivery timeouts from 19 (mt-19 l.4700, l.4707);
     * the bridging relay applies them to what it forwards. */
    {0x02, OP_OBJECT_DELIVERY_TIMEOUT, 19, LAST_DRAFT, LOST_DROP},
    {0x06, OP_SUBGROUP_DELIVERY_TIMEOUT, 19, LAST_DRAFT, LOST_DROP},
};

#define N_OBJ_PROPS (sizeof(obj_props) / sizeof(obj_props[0]))

static const obj_prop_def *obj_prop_by_type(const moqt_profile *p, uint64_t type)
{
    for (size_t i = 0; i < N_OBJ_PROPS; i++) {
        const obj_prop_def *d = &obj_props[i];
        if (d->type == type && p->draft >= d->from && p->draft <= d->to) {
            return d;
        }
    }
    return NULL;
}

static const obj_prop_def *obj_prop_by_id(const moqt_profile *p, obj_prop_id id)
{
    for (size_t i = 0; i < N_OBJ_PROPS; i++) {
        const obj_prop_def *d = &obj_props[i];
        if (d->id == id && p->draft >= d->from && p->draft <= d->to) {
            return d;
        }
    }
    return NULL;
}

/* Re-encodes an Immutable Properties value for the target's KVP coding (the
 * types are delta-coded from 16, mt-16 l.273). */
static int reencode_immutable(const moqt_profile *from, const moqt_profile *to, moqt_kvp *kv,
                              uint8_t **scratch, size_t *cap)
{
    moqt_kvp_list nested;
    MOQT_TRY(moqt_wire_decode_immutable_props(from, kv->bytes, &nested, NULL));
    if (to->draft >= 16) {
        props_sort(&nested);
    }
    moqt_ssize n = moqt_wire_encode_immutable_props(to, &nested, *scratch, *cap);
    if (n < 0) {
        return (int)n;
    }
    kv->bytes.base = *scratch;
    kv->bytes.len = (size_t)n;
    *scratch += n;
    *cap -= (size_t)n;
    return 0;
}

/* Maps one property; *keep false when it is dropped. */
static int bridge_obj_prop(const moqt_profile *from, const moqt_profile *to, moqt_kvp *kv,
                           bool *keep, uint8_t **scratch, size_t *cap)
{
    const obj_prop_def *src = obj_prop_by_type(from, kv->type);
    *keep = true;
    if (src == NULL) {
        /* Unknown in the source: forwarded as is unless the target gives the
         * type a meaning the publisher never meant. */
        *keep = obj_prop_by_type(to, kv->type) == NULL;
        return 0;
    }
    const obj_prop_def *dst = obj_prop_by_id(to, src->id);
    if (dst == NULL) {
        *keep = false;
        return src->lost == LOST_REFUSE ? MOQT_ERR_UNSUPPORTED : 0;
    }
    kv->type = dst->type;
    if (src->id == OP_IMMUTABLE) {
        return reencode_immutable(from, to, kv, scratch, cap);
    }
    return 0;
}

int moqt_wire_bridge_object(const moqt_profile *from, const moqt_profile *to, moqt_object_hdr *o,
                            uint8_t default_priority, uint8_t *scratch, size_t cap)
{
    if (from == NULL || to == NULL || o == NULL || (scratch == NULL && cap != 0)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    /* DEFAULT_PRIORITY stream / datagram types exist from 15 (mt-15 l.3350). */
    if (!o->has_priority && to->draft < 15) {
        o->has_priority = true;
        o->publisher_priority = default_priority;
    }
    /* From 11 End of Track also ends the last group (mt-11 l.2940): 07-10
     * spell that End of Track and Group (0x4, mt-07 l.2093, mt-08 l.2383);
     * 07 has no End of Track alone (mt-07 l.2093). (End of Subgroup, 07 only, is a FIN from
     * 08: the codec refuses it and the caller closes the stream instead.) */
    if (o->status == MOQT_OBJECT_END_OF_TRACK && to->draft <= 10 &&
        (from->draft >= 11 || to->draft == 7)) {
        o->status = MOQT_OBJECT_END_OF_TRACK_AND_GROUP;
    }
    /* Datagrams say End of Group from 12 (mt-12 l.3325): a hint. */
    if (o->end_of_group && to->draft < 12) {
        o->end_of_group = false;
    }
    if (from->draft == to->draft) {
        return 0;
    }
    moqt_kvp_list *l = &o->props;
    size_t out = 0;
    for (size_t i = 0; i < l->count; i++) {
        bool keep;
        MOQT_TRY(bridge_obj_prop(from, to, &l->item[i], &keep, &scratch, &cap));
        if (keep) {
            l->item[out++] = l->item[i];
        }
    }
    l->count = out;
    if (to->draft == 7 && l->count != 0) {
        return MOQT_ERR_UNSUPPORTED; /* 07 has no extension headers (mt-07 l.2154) */
    }
    if (to->draft >= 16) {
        props_sort(l); /* delta-coded types (mt-16 l.273) */
    }
    return 0;
}

int moqt_wire_bridge_subgroup_header(const moqt_profile *from, const moqt_profile *to,
                                     moqt_subgroup_header *h, uint8_t default_priority)
{
    if (from == NULL || to == NULL || h == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (!h->has_priority && to->draft < 15) { /* mt-15 l.3350 */
        h->has_priority = true;
        h->publisher_priority = default_priority;
    }
    if (to->draft <= 10) { /* one type 0x4 with every field (mt-07 l.2154) */
        h->subgroup_mode = MOQT_SUBGROUP_ID_EXPLICIT;
    }
    if (h->end_of_group && to->draft < 12) { /* mt-12 l.3419 */
        h->end_of_group = false;
    }
    if (to->draft == 7) {
        h->has_props = false;
    } else if (to->draft <= 10) {
        h->has_props = true; /* 08-10: every object has the field (mt-08 l.2526) */
    }
    return 0;
}

/* ---- the session's track values ---- */

_Static_assert((int)MOQT_TV_DELIVERY_TIMEOUT == (int)MV_DELIVERY_TIMEOUT &&
                   (int)MOQT_TV_SUBGROUP_DELIVERY_TIMEOUT == (int)MV_SUBGROUP_DELIVERY_TIMEOUT &&
                   (int)MOQT_TV_MAX_CACHE_DURATION == (int)MV_MAX_CACHE_DURATION,
               "track values index moved_values");

int moqt_wire_track_value_put(const moqt_profile *p, moqt_msg *m, moqt_track_value v,
                              uint64_t value)
{
    if (p == NULL || m == NULL || (unsigned)v > MOQT_TV_MAX_CACHE_DURATION) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    return put_value(p, m, &moved_values[v], value);
}

bool moqt_wire_track_value_get(const moqt_profile *p, const moqt_msg *m, moqt_track_value v,
                               uint64_t *value)
{
    if (p == NULL || m == NULL || (unsigned)v > MOQT_TV_MAX_CACHE_DURATION) {
        return false;
    }
    const moved_value *mv = &moved_values[v];
    switch (where(p, m->kind, mv)) {
    case PLACE_PARAM:
        if (!(m->params.has & mv->bit)) {
            return false;
        }
        *value = param_get(&m->params, mv->bit);
        return true;
    case PLACE_PROP: {
        const moqt_kvp *kv = moqt_kvps_find(&m->track_props, mv->prop_type);
        if (kv != NULL) {
            *value = kv->value;
            return true;
        }
        return immutable_find(p, &m->track_props, mv->prop_type, value);
    }
    case PLACE_NONE:
    default:
        return false;
    }
}
