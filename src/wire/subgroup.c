/*
 * Subgroup streams, every draft:
 *   07-10  0x4 {Alias, Group, Subgroup, Priority(8)}       (mt-07 l.2154, mt-08 l.2504)
 *   11     0x08-0x0D {Type, Alias, Group, [Subgroup], Priority(8)} (mt-11 l.3065)
 *   12-14  0x10-0x15, 0x18-0x1D (+ End of Group)          (mt-12 l.3419)
 *   15-17  + 0x30-0x3D (DEFAULT_PRIORITY: no Priority)    (mt-15 l.3350, mt-16 l.3414)
 *   18+    + 0x50-0x7D (FIRST_OBJECT)                     (mt-18 l.4007)
 * Objects: {Object ID, [Ext], Payload Length, [Status], Payload}; the Object ID
 * is absolute up to 13 and a delta from 14 (mt-14 l.3429).
 */
#include "wire/data_int.h"

/* Type bits of 11+ (the 11 base is 0x08, 12+ 0x10; mt-16 l.3419 names them). */
#define SG_PROPS        0x01
#define SG_MODE_MASK    0x06
#define SG_END_OF_GROUP 0x08
#define SG_DEFAULT_PRIO 0x20
#define SG_FIRST_OBJECT 0x40

static bool sg_is_legacy(const moqt_profile *p)
{
    return p->draft <= 10; /* one type 0x4, every field present */
}

/* Do objects carry a properties field? 08-10 always (mt-08 l.2526), 11+ when
 * the type says so (mt-11 l.3102), 07 never. */
static bool sg_props_field(const moqt_profile *p, const moqt_subgroup_header *h)
{
    return p->draft >= 11 ? h->has_props : p->draft >= 8;
}

static bool sg_has_delta(const moqt_profile *p)
{
    return p->draft >= 14; /* mt-14 l.3429: Object ID Delta */
}

int64_t moqt_subgroup_type(const moqt_profile *p, const moqt_subgroup_header *h)
{
    if (sg_is_legacy(p)) {
        if (h->subgroup_mode != MOQT_SUBGROUP_ID_EXPLICIT || h->end_of_group || !h->has_priority) {
            return MOQT_ERR_UNSUPPORTED;
        }
        return 0x4;
    }
    /* 11 has no End of Group bit (mt-11 l.3084); 11-14 no DEFAULT_PRIORITY. */
    if (h->end_of_group && p->draft < 12) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (!h->has_priority && p->draft < 15) {
        return MOQT_ERR_UNSUPPORTED;
    }
    uint64_t t = p->draft == 11 ? 0x08 : 0x10;
    t |= h->has_props ? SG_PROPS : 0;
    t |= (uint64_t)h->subgroup_mode << 1;
    t |= h->end_of_group ? SG_END_OF_GROUP : 0;
    t |= h->has_priority ? 0 : SG_DEFAULT_PRIO;
    /* FIRST_OBJECT is a hint (mt-18 l.4041); before 18 it is dropped. */
    t |= (h->first_object && p->draft >= 18) ? SG_FIRST_OBJECT : 0;
    return (int64_t)t;
}

static int sg_header_read(moqt_rd *r, const moqt_profile *p, moqt_subgroup_header *h)
{
    uint64_t t;
    MOQT_TRY(moqt_rd_int(r, &t));
    if (moqt_wire_stream_kind(p, t) != MOQT_STREAM_SUBGROUP) {
        /* mt-16 l.3452: mode 0b11 and other forms MUST close the session */
        return moqt_rd_fail(r, "§Subgroup Header: not a SUBGROUP_HEADER type of this draft");
    }
    h->type = t;
    if (sg_is_legacy(p)) {
        h->subgroup_mode = MOQT_SUBGROUP_ID_EXPLICIT;
        h->has_props = p->draft >= 8; /* 08-10: every object has the field */
        h->end_of_group = false;
        h->has_priority = true;
        h->first_object = false;
    } else {
        h->has_props = (t & SG_PROPS) != 0;
        h->subgroup_mode = (moqt_subgroup_id_mode)((t & SG_MODE_MASK) >> 1);
        h->end_of_group = p->draft >= 12 && (t & SG_END_OF_GROUP);
        h->has_priority = !(t & SG_DEFAULT_PRIO);
        h->first_object = (t & SG_FIRST_OBJECT) != 0;
    }
    MOQT_TRY(moqt_rd_int(r, &h->track_alias));
    MOQT_TRY(moqt_rd_int(r, &h->group));
    h->subgroup = 0;
    if (h->subgroup_mode == MOQT_SUBGROUP_ID_EXPLICIT) {
        MOQT_TRY(moqt_rd_int(r, &h->subgroup));
    }
    h->publisher_priority = 0;
    if (h->has_priority) {
        MOQT_TRY(moqt_rd_u8(r, &h->publisher_priority));
    }
    return 0;
}

moqt_ssize moqt_wire_decode_subgroup_header(const moqt_profile *p, const uint8_t *data, size_t len,
                                            moqt_subgroup_header *h, const char **pwhy)
{
    moqt_rd r;
    moqt_rd_init(&r, data, len, p->int_kind);
    return moqt_data_finish(sg_header_read(&r, p, h), &r, data, pwhy);
}

static int sg_header_write(moqt_wr *w, const moqt_profile *p, const moqt_subgroup_header *h)
{
    int64_t t = moqt_subgroup_type(p, h);
    if (t < 0) {
        return (int)t;
    }
    MOQT_TRY(moqt_wr_int(w, (uint64_t)t));
    MOQT_TRY(moqt_wr_int(w, h->track_alias));
    MOQT_TRY(moqt_wr_int(w, h->group));
    if (h->subgroup_mode == MOQT_SUBGROUP_ID_EXPLICIT) {
        MOQT_TRY(moqt_wr_int(w, h->subgroup));
    }
    if (h->has_priority) {
        MOQT_TRY(moqt_wr_u8(w, h->publisher_priority));
    }
    return 0;
}

moqt_ssize moqt_wire_encode_subgroup_header(const moqt_profile *p, const moqt_subgroup_header *h,
                                            uint8_t *out, size_t cap)
{
    moqt_wr w;
    moqt_wr_init(&w, out, cap, p->int_kind);
    return moqt_data_written(sg_header_write(&w, p, h), &w, out);
}

void moqt_subgroup_stream_init(moqt_subgroup_stream *s, const moqt_subgroup_header *h)
{
    s->hdr = *h;
    s->have_prev = false;
    s->prev_object = 0;
}

/* Object ID of the next object: absolute (<=13) or delta (14+). */
static int sg_object_id_read(moqt_rd *r, const moqt_profile *p, const moqt_subgroup_stream *s,
                             uint64_t *id)
{
    uint64_t v;
    MOQT_TRY(moqt_rd_int(r, &v));
    if (!sg_has_delta(p)) {
        if (s->have_prev && v < s->prev_object) {
            /* mt-07 l.2183, mt-11 l.3126 */
            return moqt_rd_fail(r, "§Subgroup Header: Object ID less than a previous one");
        }
        *id = v;
        return 0;
    }
    if (!s->have_prev) {
        *id = v; /* mt-14 l.3429: the first Object ID is the delta */
        return 0;
    }
    if (v >= UINT64_MAX - s->prev_object) {
        /* mt-18 l.4065; before 18 such an ID cannot be represented either */
        return moqt_rd_fail(r, "d18 §Subgroup Header: Object ID Delta overflows 2^64-1");
    }
    *id = s->prev_object + v + 1;
    return 0;
}

static int sg_object_read(moqt_rd *r, const moqt_profile *p, moqt_subgroup_stream *s,
                          moqt_object_hdr *o)
{
    uint64_t id = 0; /* set by sg_object_id_read; gcc -O2 cannot see through MOQT_TRY */
    moqt_object_hdr_init(o);
    MOQT_TRY(sg_object_id_read(r, p, s, &id));
    if (sg_props_field(p, &s->hdr)) {
        MOQT_TRY(moqt_props_read(r, p, &o->props));
    }
    MOQT_TRY(moqt_rd_int(r, &o->payload_len));
    if (o->payload_len == 0) { /* "only sent if the Object Payload Length is zero" */
        MOQT_TRY(moqt_status_read(r, p, &o->status));
    }
    MOQT_TRY(moqt_props_check_status(r, p, o->status, &o->props));
    o->object_id = id;
    o->track_alias = s->hdr.track_alias;
    o->group = s->hdr.group;
    o->subgroup = s->hdr.subgroup;
    if (s->hdr.subgroup_mode == MOQT_SUBGROUP_ID_FIRST_OBJECT && !s->have_prev) {
        o->subgroup = id;
    }
    o->has_priority = s->hdr.has_priority;
    o->publisher_priority = s->hdr.publisher_priority;
    return 0;
}

moqt_ssize moqt_wire_decode_subgroup_object(const moqt_profile *p, moqt_subgroup_stream *s,
                                            const uint8_t *data, size_t len, moqt_object_hdr *o,
                                            const char **pwhy)
{
    moqt_rd r;
    moqt_rd_init(&r, data, len, p->int_kind);
    moqt_ssize n = moqt_data_finish(sg_object_read(&r, p, s, o), &r, data, pwhy);
    if (n > 0) {
        if (s->hdr.subgroup_mode == MOQT_SUBGROUP_ID_FIRST_OBJECT && !s->have_prev) {
            s->hdr.subgroup = o->object_id;
        }
        s->have_prev = true;
        s->prev_object = o->object_id;
    }
    return n;
}

static int sg_object_write(moqt_wr *w, const moqt_profile *p, const moqt_subgroup_stream *s,
                           const moqt_object_hdr *o)
{
    if (o->status != MOQT_OBJECT_NORMAL && o->payload_len != 0) {
        return MOQT_ERR_INVALID_ARGUMENT; /* "MUST have an empty payload" */
    }
    uint64_t id = o->object_id;
    if (sg_has_delta(p)) {
        if (s->have_prev && id <= s->prev_object) {
            return MOQT_ERR_UNSUPPORTED; /* a delta cannot go backwards or repeat */
        }
        id = s->have_prev ? id - s->prev_object - 1 : id;
    } else if (s->have_prev && id < s->prev_object) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    MOQT_TRY(moqt_props_allowed(p, o->status, &o->props));
    MOQT_TRY(moqt_wr_int(w, id));
    if (sg_props_field(p, &s->hdr)) {
        MOQT_TRY(moqt_props_write(w, p, &o->props));
    } else if (o->props.count) {
        return MOQT_ERR_UNSUPPORTED; /* the stream type has no properties field */
    }
    MOQT_TRY(moqt_wr_int(w, o->payload_len));
    if (o->payload_len == 0) {
        uint64_t st;
        MOQT_TRY(moqt_object_status_to_wire(p, o->status, &st));
        MOQT_TRY(moqt_wr_int(w, st));
    }
    return 0;
}

moqt_ssize moqt_wire_encode_subgroup_object(const moqt_profile *p, moqt_subgroup_stream *s,
                                            const moqt_object_hdr *o, uint8_t *out, size_t cap)
{
    moqt_wr w;
    moqt_wr_init(&w, out, cap, p->int_kind);
    moqt_ssize n = moqt_data_written(sg_object_write(&w, p, s, o), &w, out);
    if (n > 0) {
        if (s->hdr.subgroup_mode == MOQT_SUBGROUP_ID_FIRST_OBJECT && !s->have_prev) {
            s->hdr.subgroup = o->object_id;
        }
        s->have_prev = true;
        s->prev_object = o->object_id;
    }
    return n;
}
