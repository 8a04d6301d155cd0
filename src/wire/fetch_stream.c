/*
 * FETCH streams, every draft. Header {Type 0x05, Subscribe/Request ID}
 * (mt-07 l.2193, mt-14 l.3561). Objects:
 *   07-14  {Group, Subgroup, Object, Priority(8), [Ext] (08+), Length, [Status]}
 *          (mt-07 l.2213, mt-08 l.2637, mt-11 l.3277)
 *   15     Serialization Flags (8) + optional fields, prior-object references
 *          (mt-15 l.3552)
 *   16-17  flags become an integer; 0x40 datagram; 0x8C / 0x10C End of Range;
 *          no Object Status (mt-16 l.3626, mt-17 l.3782)
 *   18+    Group ID Delta / Object ID Delta (mt-18 l.4205)
 */
#include "wire/data_int.h"

#define FF_SUBGROUP_MASK   0x03
#define FF_SUBGROUP_ZERO   0x00
#define FF_SUBGROUP_PREV   0x01
#define FF_SUBGROUP_NEXT   0x02
#define FF_SUBGROUP_HERE   0x03
#define FF_OBJECT          0x04
#define FF_GROUP           0x08
#define FF_PRIORITY        0x10
#define FF_PROPS           0x20
#define FF_DATAGRAM        0x40 /* 16+ (mt-16 l.3670); PROTOCOL_VIOLATION in 15 */
#define FF_END_NONEXISTENT 0x8C
#define FF_END_UNKNOWN     0x10C

static bool ff_fixed(const moqt_profile *p)
{
    return p->draft <= 14; /* fixed fields, no flags */
}

static bool ff_varint_flags(const moqt_profile *p)
{
    return p->draft >= 16; /* mt-16 l.3639: "It is a variable-length integer" */
}

static bool ff_deltas(const moqt_profile *p)
{
    return p->draft >= 18; /* mt-18 l.4205 */
}

static bool ff_has_status(const moqt_profile *p)
{
    return p->draft <= 15; /* mt-16 l.3235: absent in Objects delivered via a FETCH */
}

/* ---- header ------------------------------------------------------------- */

moqt_ssize moqt_wire_decode_fetch_header(const moqt_profile *p, const uint8_t *data, size_t len,
                                         uint64_t *request_id, const char **pwhy)
{
    moqt_rd r;
    uint64_t t = 0;
    moqt_rd_init(&r, data, len, p->int_kind);
    int rv = moqt_rd_int(&r, &t);
    if (rv == 0 && t != MOQT_STREAM_TYPE_FETCH) {
        rv = moqt_rd_fail(&r, "§Fetch Header: stream type is not FETCH_HEADER (0x05)");
    }
    if (rv == 0) {
        rv = moqt_rd_int(&r, request_id);
    }
    return moqt_data_finish(rv, &r, data, pwhy);
}

moqt_ssize moqt_wire_encode_fetch_header(const moqt_profile *p, uint64_t request_id, uint8_t *out,
                                         size_t cap)
{
    moqt_wr w;
    moqt_wr_init(&w, out, cap, p->int_kind);
    int rv = moqt_wr_int(&w, MOQT_STREAM_TYPE_FETCH);
    if (rv == 0) {
        rv = moqt_wr_int(&w, request_id);
    }
    return moqt_data_written(rv, &w, out);
}

void moqt_fetch_stream_init(moqt_fetch_stream *s, bool descending)
{
    s->descending = descending;
    s->have_loc = false;
    s->prev_group = 0;
    s->prev_object = 0;
    s->have_subgroup = false;
    s->prev_subgroup = 0;
    s->have_priority = false;
    s->prev_priority = 0;
}

static void ff_remember(moqt_fetch_stream *s, const moqt_object_hdr *o)
{
    s->have_loc = true;
    s->prev_group = o->group;
    s->prev_object = o->object_id;
    if (o->kind != MOQT_ITEM_OBJECT) {
        return; /* mt-17 l.3854: subgroup and priority stay those of the last Object */
    }
    s->have_subgroup = !o->datagram;
    s->prev_subgroup = o->subgroup;
    s->have_priority = true;
    s->prev_priority = o->publisher_priority;
}

/* ---- decode ------------------------------------------------------------- */

static int ff_fixed_read(moqt_rd *r, const moqt_profile *p, moqt_object_hdr *o)
{
    MOQT_TRY(moqt_rd_int(r, &o->group));
    MOQT_TRY(moqt_rd_int(r, &o->subgroup));
    MOQT_TRY(moqt_rd_int(r, &o->object_id));
    MOQT_TRY(moqt_rd_u8(r, &o->publisher_priority));
    if (p->draft >= 8) {
        MOQT_TRY(moqt_props_read(r, p, &o->props));
    }
    MOQT_TRY(moqt_rd_int(r, &o->payload_len));
    if (o->payload_len == 0) { /* mt-07 l.2215 */
        MOQT_TRY(moqt_status_read(r, p, &o->status));
    }
    return moqt_props_check_status(r, p, o->status, &o->props);
}

static int ff_group_read(moqt_rd *r, const moqt_profile *p, const moqt_fetch_stream *s,
                         uint64_t flags, uint64_t *g)
{
    if (!(flags & FF_GROUP)) {
        *g = s->prev_group;
        return 0;
    }
    uint64_t v;
    MOQT_TRY(moqt_rd_int(r, &v));
    if (!ff_deltas(p) || !s->have_loc) {
        *g = v; /* absolute (<=17), or the first object of 18+ (mt-18 l.4251) */
        return 0;
    }
    /* mt-18 l.4258: prior +/- (delta + 1) by Group Order, in range or violation */
    if (s->descending) {
        if (v >= s->prev_group) {
            return moqt_rd_fail(r, "d18 §Fetch Header: Group ID Delta goes below 0");
        }
        *g = s->prev_group - v - 1;
    } else {
        if (v >= UINT64_MAX - s->prev_group) {
            return moqt_rd_fail(r, "d18 §Fetch Header: Group ID Delta overflows 2^64-1");
        }
        *g = s->prev_group + v + 1;
    }
    return 0;
}

static int ff_object_read(moqt_rd *r, const moqt_profile *p, const moqt_fetch_stream *s,
                          uint64_t flags, uint64_t *obj)
{
    const char *overflow = "§Fetch Header: Object ID overflows 2^64-1";
    if (!(flags & FF_OBJECT)) {
        if (s->prev_object == UINT64_MAX) {
            return moqt_rd_fail(r, overflow);
        }
        *obj = s->prev_object + 1; /* prior + 1, whichever group (mt-18 l.4266) */
        return 0;
    }
    uint64_t v;
    MOQT_TRY(moqt_rd_int(r, &v));
    if (!ff_deltas(p) || !s->have_loc || (flags & FF_GROUP)) {
        *obj = v; /* absolute: <=17, first object, or a new group (mt-18 l.4264) */
        return 0;
    }
    if (v > UINT64_MAX - s->prev_object) {
        return moqt_rd_fail(r, overflow);
    }
    *obj = s->prev_object + v;
    return 0;
}

static int ff_subgroup_read(moqt_rd *r, const moqt_fetch_stream *s, uint64_t flags,
                            moqt_object_hdr *o)
{
    const char *no_prior = "§Fetch Header: flags reference the Subgroup ID of no prior Object";
    switch (flags & FF_SUBGROUP_MASK) {
    case FF_SUBGROUP_ZERO:
        o->subgroup = 0;
        return 0;
    case FF_SUBGROUP_PREV:
        if (!s->have_subgroup) {
            return moqt_rd_fail(r, no_prior);
        }
        o->subgroup = s->prev_subgroup;
        return 0;
    case FF_SUBGROUP_NEXT:
        if (!s->have_subgroup || s->prev_subgroup == UINT64_MAX) {
            return moqt_rd_fail(r, no_prior);
        }
        o->subgroup = s->prev_subgroup + 1;
        return 0;
    default:
        return moqt_rd_int(r, &o->subgroup);
    }
}

static int ff_flags_read(moqt_rd *r, const moqt_profile *p, uint64_t *flags)
{
    if (!ff_varint_flags(p)) {
        uint8_t b;
        MOQT_TRY(moqt_rd_u8(r, &b));
        if (b & 0xC0) { /* mt-15 l.3587: 0x40 / 0x80 PROTOCOL_VIOLATION */
            return moqt_rd_fail(r, "d15 §Fetch Header: Serialization Flags 0x40/0x80 set");
        }
        *flags = b;
        return 0;
    }
    MOQT_TRY(moqt_rd_int(r, flags));
    if (*flags >= 128 && *flags != FF_END_NONEXISTENT && *flags != FF_END_UNKNOWN) {
        return moqt_rd_fail(r, "d16 §Fetch Header: undefined Serialization Flags value");
    }
    return 0;
}

/*
 * End of Range (16+): Group ID and Object ID follow, nothing else (mt-16
 * l.3685). Decisions, the text being silent: no Object Payload Length follows
 * (the section lists what is present and names only the two IDs), and in 18+
 * the two IDs stay absolute ("the Group ID and Object ID fields", mt-18 l.4280,
 * unchanged from 16) rather than deltas.
 */
static int ff_range_read(moqt_rd *r, uint64_t flags, moqt_object_hdr *o)
{
    o->kind = flags == FF_END_NONEXISTENT ? MOQT_ITEM_END_OF_NONEXISTENT_RANGE
                                          : MOQT_ITEM_END_OF_UNKNOWN_RANGE;
    MOQT_TRY(moqt_rd_int(r, &o->group));
    MOQT_TRY(moqt_rd_int(r, &o->object_id));
    o->has_priority = false;
    return 0;
}

static int ff_read(moqt_rd *r, const moqt_profile *p, const moqt_fetch_stream *s,
                   moqt_object_hdr *o)
{
    moqt_object_hdr_init(o);
    if (ff_fixed(p)) {
        return ff_fixed_read(r, p, o);
    }
    uint64_t flags;
    MOQT_TRY(ff_flags_read(r, p, &flags));
    if (flags >= 128) {
        return ff_range_read(r, flags, o);
    }
    /* mt-15 l.3590 / mt-18 l.4251: the first object references no prior */
    if (!s->have_loc && (!(flags & FF_GROUP) || !(flags & FF_OBJECT))) {
        return moqt_rd_fail(r, "§Fetch Header: first Object references a prior Object");
    }
    MOQT_TRY(ff_group_read(r, p, s, flags, &o->group));
    o->datagram = (flags & FF_DATAGRAM) != 0;
    if (!o->datagram) {
        MOQT_TRY(ff_subgroup_read(r, s, flags, o));
    }
    MOQT_TRY(ff_object_read(r, p, s, flags, &o->object_id));
    if (flags & FF_PRIORITY) {
        MOQT_TRY(moqt_rd_u8(r, &o->publisher_priority));
    } else if (!s->have_priority) {
        return moqt_rd_fail(r, "§Fetch Header: flags reference the Priority of no prior Object");
    } else {
        o->publisher_priority = s->prev_priority;
    }
    if (flags & FF_PROPS) {
        MOQT_TRY(moqt_props_read(r, p, &o->props));
    }
    MOQT_TRY(moqt_rd_int(r, &o->payload_len));
    if (ff_has_status(p) && o->payload_len == 0) {
        MOQT_TRY(moqt_status_read(r, p, &o->status));
    }
    return moqt_props_check_status(r, p, o->status, &o->props);
}

moqt_ssize moqt_wire_decode_fetch_object(const moqt_profile *p, moqt_fetch_stream *s,
                                         const uint8_t *data, size_t len, moqt_object_hdr *o,
                                         const char **pwhy)
{
    moqt_rd r;
    moqt_rd_init(&r, data, len, p->int_kind);
    moqt_ssize n = moqt_data_finish(ff_read(&r, p, s, o), &r, data, pwhy);
    if (n > 0) {
        ff_remember(s, o);
    }
    return n;
}

/* ---- encode ------------------------------------------------------------- */

static int ff_fixed_write(moqt_wr *w, const moqt_profile *p, const moqt_object_hdr *o)
{
    MOQT_TRY(moqt_wr_int(w, o->group));
    /* mt-08 l.2641: a Datagram object's Subgroup ID is its Object ID */
    MOQT_TRY(moqt_wr_int(w, o->datagram ? o->object_id : o->subgroup));
    MOQT_TRY(moqt_wr_int(w, o->object_id));
    MOQT_TRY(moqt_wr_u8(w, o->publisher_priority));
    if (p->draft >= 8) {
        MOQT_TRY(moqt_props_write(w, p, &o->props));
    } else if (o->props.count) {
        return MOQT_ERR_UNSUPPORTED;
    }
    return 0;
}

/* Fields of a flags-coded object, chosen before anything is written. */
typedef struct ff_plan {
    uint64_t flags;
    uint64_t group_field;
    uint64_t subgroup;
    uint64_t object_field;
} ff_plan;

static int ff_plan_group(const moqt_profile *p, const moqt_fetch_stream *s,
                         const moqt_object_hdr *o, ff_plan *pl)
{
    if (s->have_loc && o->group == s->prev_group) {
        return 0;
    }
    pl->flags |= FF_GROUP;
    pl->group_field = o->group;
    if (!ff_deltas(p) || !s->have_loc) {
        return 0;
    }
    if (s->descending ? o->group > s->prev_group : o->group < s->prev_group) {
        return MOQT_ERR_UNSUPPORTED; /* against the Group Order: no delta says it */
    }
    pl->group_field = s->descending ? s->prev_group - o->group - 1 : o->group - s->prev_group - 1;
    return 0;
}

static int ff_plan_object(const moqt_profile *p, const moqt_fetch_stream *s,
                          const moqt_object_hdr *o, ff_plan *pl)
{
    if (s->have_loc && s->prev_object != UINT64_MAX && o->object_id == s->prev_object + 1) {
        return 0; /* "the prior Object's ID plus one" */
    }
    pl->flags |= FF_OBJECT;
    pl->object_field = o->object_id;
    if (!ff_deltas(p) || !s->have_loc || (pl->flags & FF_GROUP)) {
        return 0;
    }
    if (o->object_id < s->prev_object) {
        return MOQT_ERR_UNSUPPORTED; /* same group, backwards: no delta says it */
    }
    pl->object_field = o->object_id - s->prev_object;
    return 0;
}

static void ff_plan_subgroup(const moqt_profile *p, const moqt_fetch_stream *s,
                             const moqt_object_hdr *o, ff_plan *pl)
{
    if (o->datagram && ff_varint_flags(p)) {
        pl->flags |= FF_DATAGRAM; /* mt-16 l.3679: MUST SET bit 0x40 */
        return;
    }
    /* 15: a Datagram object is treated as Subgroup ID = Object ID (mt-15 l.3599) */
    pl->subgroup = o->datagram ? o->object_id : o->subgroup;
    if (pl->subgroup == 0) {
        pl->flags |= FF_SUBGROUP_ZERO;
    } else if (s->have_subgroup && pl->subgroup == s->prev_subgroup) {
        pl->flags |= FF_SUBGROUP_PREV;
    } else if (s->have_subgroup && pl->subgroup - 1 == s->prev_subgroup) {
        pl->flags |= FF_SUBGROUP_NEXT;
    } else {
        pl->flags |= FF_SUBGROUP_HERE;
    }
}

static int ff_range_write(moqt_wr *w, const moqt_profile *p, const moqt_object_hdr *o)
{
    if (!ff_varint_flags(p)) {
        return MOQT_ERR_UNSUPPORTED; /* End of Range arrived in 16 */
    }
    uint64_t f =
        o->kind == MOQT_ITEM_END_OF_NONEXISTENT_RANGE ? FF_END_NONEXISTENT : FF_END_UNKNOWN;
    MOQT_TRY(moqt_wr_int(w, f));
    MOQT_TRY(moqt_wr_int(w, o->group));
    return moqt_wr_int(w, o->object_id);
}

static int ff_flags_write(moqt_wr *w, const moqt_profile *p, const moqt_fetch_stream *s,
                          const moqt_object_hdr *o)
{
    ff_plan pl = {0, 0, 0, 0};
    MOQT_TRY(ff_plan_group(p, s, o, &pl));
    MOQT_TRY(ff_plan_object(p, s, o, &pl));
    ff_plan_subgroup(p, s, o, &pl);
    bool prio = !s->have_priority || s->prev_priority != o->publisher_priority;
    pl.flags |= prio ? FF_PRIORITY : 0;
    pl.flags |= o->props.count ? FF_PROPS : 0;
    if (ff_varint_flags(p)) {
        MOQT_TRY(moqt_wr_int(w, pl.flags));
    } else {
        MOQT_TRY(moqt_wr_u8(w, (uint8_t)pl.flags));
    }
    if (pl.flags & FF_GROUP) {
        MOQT_TRY(moqt_wr_int(w, pl.group_field));
    }
    if (!(pl.flags & FF_DATAGRAM) && (pl.flags & FF_SUBGROUP_MASK) == FF_SUBGROUP_HERE) {
        MOQT_TRY(moqt_wr_int(w, pl.subgroup));
    }
    if (pl.flags & FF_OBJECT) {
        MOQT_TRY(moqt_wr_int(w, pl.object_field));
    }
    if (prio) {
        MOQT_TRY(moqt_wr_u8(w, o->publisher_priority));
    }
    if (o->props.count) {
        MOQT_TRY(moqt_props_write(w, p, &o->props));
    }
    return 0;
}

static int ff_write(moqt_wr *w, const moqt_profile *p, const moqt_fetch_stream *s,
                    const moqt_object_hdr *o)
{
    if (o->kind == MOQT_ITEM_END_OF_NONEXISTENT_RANGE ||
        o->kind == MOQT_ITEM_END_OF_UNKNOWN_RANGE) {
        return ff_range_write(w, p, o);
    }
    if (o->kind != MOQT_ITEM_OBJECT) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (!o->has_priority) {
        return MOQT_ERR_UNSUPPORTED; /* FETCH objects always carry a priority */
    }
    if (o->status != MOQT_OBJECT_NORMAL && o->payload_len != 0) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (!ff_has_status(p) && o->status != MOQT_OBJECT_NORMAL) {
        return MOQT_ERR_UNSUPPORTED; /* 16+: End of Range markers instead */
    }
    MOQT_TRY(moqt_props_allowed(p, o->status, &o->props));
    if (ff_fixed(p)) {
        MOQT_TRY(ff_fixed_write(w, p, o));
    } else {
        MOQT_TRY(ff_flags_write(w, p, s, o));
    }
    MOQT_TRY(moqt_wr_int(w, o->payload_len));
    if (ff_has_status(p) && o->payload_len == 0) {
        uint64_t st;
        MOQT_TRY(moqt_object_status_to_wire(p, o->status, &st));
        MOQT_TRY(moqt_wr_int(w, st));
    }
    return 0;
}

moqt_ssize moqt_wire_encode_fetch_object(const moqt_profile *p, moqt_fetch_stream *s,
                                         const moqt_object_hdr *o, uint8_t *out, size_t cap)
{
    moqt_wr w;
    moqt_wr_init(&w, out, cap, p->int_kind);
    moqt_ssize n = moqt_data_written(ff_write(&w, p, s, o), &w, out);
    if (n > 0) {
        moqt_object_hdr eff = *o;
        if (o->datagram && !ff_varint_flags(p)) {
            eff.subgroup = o->object_id; /* what the peer decodes */
            eff.datagram = false;
        }
        ff_remember(s, &eff);
    }
    return n;
}
