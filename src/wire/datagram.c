/*
 * Object datagrams, every draft (DRAFT-CHANGES §8.1/§8.2):
 *   07     0x1 {Alias, Group, Object, Priority(8), Length, [Status], Payload}
 *   08     0x1 {..., Ext Count, [Ext], Length, [Status], Payload}; 0x2 STATUS
 *   09-10  0x1 {..., Ext Length, [Ext], Payload = rest}; 0x2 {..., Ext, Status}
 *   11     0x00-0x01 payload, 0x02-0x03 status (bit 0x01: extensions)
 *   12-13  0x00-0x03 payload (0x02 End of Group), 0x04-0x05 status
 *   14     0x00-0x07 (0x04: Object ID absent), 0x20-0x21 status
 *   15+    bitfield 0b00X0XXXX (0x08 DEFAULT_PRIORITY; STATUS+END_OF_GROUP invalid)
 *   18+    + 0x132B3E29 padding
 *
 * Decisions on self-contradicting drafts (DRAFT-CHANGES §11):
 * - mt-08 l.2453-2464 vs l.2467: the OBJECT_DATAGRAM figure has Object Payload
 *   Length and [Object Status] while the prose says "There is no explicit length
 *   field". We follow the figure (as 07's, mt-07 l.2121, also has the length) and
 *   require the payload to end the datagram exactly.
 * - mt-12 l.3142 / mt-13: the datagram table gives OBJECT_DATAGRAM_STATUS
 *   0x04-0x05 while the prose (mt-12 l.3361) still says 0x02-0x03, which 12 gave
 *   to End-of-Group payload datagrams (mt-12 l.3325). We take the table,
 *   0x04-0x05 (bit 0x01: extensions), the only reading without a collision.
 * - mt-15 l.3240-3241: rows 0x2C/0x2D say "Object ID Present: Yes" although bit
 *   0x04 is the absent-Object-ID bit in every other row. We read 0x2C/0x2D as
 *   the bitfield says (Object ID absent), as 16 formalised (mt-16 l.3329).
 */
#include <string.h>

#include "wire/data_int.h"

#define DG_PROPS        0x01
#define DG_END_OF_GROUP 0x02
#define DG_ZERO_OBJECT  0x04
#define DG_DEFAULT_PRIO 0x08
#define DG_STATUS       0x20

/* What a datagram type says is present. */
typedef struct dg_shape {
    bool status;       /* Object Status instead of a payload */
    bool props;        /* properties field present */
    bool end_of_group; /* 12+ */
    bool zero_object;  /* Object ID absent, it is 0 (14+) */
    bool no_priority;  /* Priority absent, inherited (15+) */
    bool length_field; /* 07-08: Object Payload Length and [Status] */
} dg_shape;

static bool dg_shape_bits(uint64_t t, dg_shape *s)
{
    s->props = (t & DG_PROPS) != 0;
    s->end_of_group = (t & DG_END_OF_GROUP) != 0;
    s->zero_object = (t & DG_ZERO_OBJECT) != 0;
    s->no_priority = (t & DG_DEFAULT_PRIO) != 0;
    s->status = (t & DG_STATUS) != 0;
    /* mt-16 l.3359: STATUS with END_OF_GROUP is invalid */
    return (t & ~(uint64_t)0x2F) == 0 && !(s->status && s->end_of_group);
}

/* Returns false if |t| is not an OBJECT_DATAGRAM type of draft |p|. */
static bool dg_shape_of(const moqt_profile *p, uint64_t t, dg_shape *s)
{
    memset(s, 0, sizeof(*s));
    switch (p->draft) {
    case 7:
        s->length_field = true;
        return t == 0x1; /* mt-07 l.2022 */
    case 8:
        s->length_field = t == 0x1;
        s->props = t == 0x1;
        s->status = t == 0x2; /* mt-08 l.2476: 0x2 has no extensions */
        return t == 0x1 || t == 0x2;
    case 9:
    case 10:
        s->props = true;
        s->status = t == 0x2; /* mt-09 l.2490 */
        return t == 0x1 || t == 0x2;
    case 11:
        s->props = t & 0x01;
        s->status = t & 0x02; /* mt-11 l.2857 */
        return t <= 0x03;
    case 12:
    case 13:
        s->props = t & 0x01;
        if (t >= 0x04) {
            s->status = true; /* table, mt-12 l.3142 (see the decision above) */
            return t <= 0x05;
        }
        s->end_of_group = t & 0x02;
        return true;
    case 14:
        /* mt-14 l.3118: 0x00-0x07, 0x20-0x21 */
        return (t <= 0x07 || t == 0x20 || t == 0x21) && dg_shape_bits(t, s);
    default:
        return dg_shape_bits(t, s); /* mt-15 l.3217 table, mt-16 l.3329 bits */
    }
}

const char *moqt_wire_datagram_type_name(const moqt_profile *p, uint64_t type)
{
    dg_shape s;
    if (p->has_padding && type == MOQT_DATAGRAM_TYPE_PADDING) {
        return "PADDING";
    }
    if (!dg_shape_of(p, type, &s)) {
        return NULL;
    }
    /* 14 merged the status datagram into OBJECT_DATAGRAM (mt-14 l.3118) */
    return s.status && p->draft <= 13 ? "OBJECT_DATAGRAM_STATUS" : "OBJECT_DATAGRAM";
}

int64_t moqt_datagram_type(const moqt_profile *p, const moqt_object_hdr *o)
{
    if (o->kind == MOQT_ITEM_PADDING) {
        return p->has_padding ? (int64_t)MOQT_DATAGRAM_TYPE_PADDING : MOQT_ERR_UNSUPPORTED;
    }
    if (o->kind != MOQT_ITEM_OBJECT) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    bool status = o->status != MOQT_OBJECT_NORMAL;
    bool props = o->props.count > 0;
    if ((o->end_of_group && p->draft < 12) || (!o->has_priority && p->draft < 15)) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (status && o->end_of_group) {
        return MOQT_ERR_UNSUPPORTED; /* no draft has a status datagram ending a group */
    }
    if (moqt_props_allowed(p, o->status, &o->props) != 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    switch (p->draft) {
    case 7:
        return props ? MOQT_ERR_UNSUPPORTED : 0x1;
    case 8:
        if (status && props) {
            return MOQT_ERR_UNSUPPORTED; /* 0x2 has no extensions */
        }
        return status ? 0x2 : 0x1;
    case 9:
    case 10:
        return status ? 0x2 : 0x1;
    case 11:
        return (status ? 0x02 : 0x00) | (props ? 0x01 : 0x00);
    case 12:
    case 13:
        if (status) {
            return 0x04 | (props ? 0x01 : 0x00);
        }
        return (o->end_of_group ? 0x02 : 0x00) | (props ? 0x01 : 0x00);
    default:
        break;
    }
    uint64_t t = props ? DG_PROPS : 0;
    t |= o->end_of_group ? DG_END_OF_GROUP : 0;
    /* 14 has no status type without an Object ID (mt-14 l.3118) */
    t |= (o->object_id == 0 && !(status && p->draft == 14)) ? DG_ZERO_OBJECT : 0;
    t |= o->has_priority ? 0 : DG_DEFAULT_PRIO;
    t |= status ? DG_STATUS : 0;
    return (int64_t)t;
}

static int dg_padding_read(moqt_rd *r, moqt_object_hdr *o)
{
    o->kind = MOQT_ITEM_PADDING;
    o->has_priority = false;
    o->payload.base = r->pos;
    o->payload.len = moqt_rd_left(r);
    o->payload_len = o->payload.len;
    r->pos = r->end;
    const char *why = NULL;
    if (moqt_wire_check_padding(o->payload.base, o->payload.len, &why) != 0) {
        return moqt_rd_fail(r, why);
    }
    return 0;
}

/* The tail after the properties: status, payload length, payload. */
static int dg_tail_read(moqt_rd *r, const moqt_profile *p, const dg_shape *s, moqt_object_hdr *o)
{
    if (s->length_field) {
        MOQT_TRY(moqt_rd_int(r, &o->payload_len));
        if (o->payload_len == 0) {
            MOQT_TRY(moqt_status_read(r, p, &o->status));
        }
        if (o->payload_len != moqt_rd_left(r)) {
            return moqt_rd_fail(r, "d07 §Object Datagram: payload length is not the rest of the "
                                   "datagram");
        }
    } else if (s->status) {
        MOQT_TRY(moqt_status_read(r, p, &o->status));
        if (moqt_rd_left(r) != 0) {
            return moqt_rd_fail(r, "§Object Datagram Status: bytes after the Object Status");
        }
    }
    o->payload.base = r->pos;
    o->payload.len = moqt_rd_left(r);
    o->payload_len = o->payload.len;
    r->pos = r->end;
    return 0;
}

static int dg_read(moqt_rd *r, const moqt_profile *p, moqt_object_hdr *o)
{
    uint64_t t;
    dg_shape s;
    moqt_object_hdr_init(o);
    MOQT_TRY(moqt_rd_int(r, &t));
    if (p->has_padding && t == MOQT_DATAGRAM_TYPE_PADDING) {
        return dg_padding_read(r, o); /* mt-18 l.4330 */
    }
    if (!dg_shape_of(p, t, &s)) {
        return moqt_rd_fail(r, "§Datagrams: unknown or invalid datagram type");
    }
    o->end_of_group = s.end_of_group;
    MOQT_TRY(moqt_rd_int(r, &o->track_alias));
    MOQT_TRY(moqt_rd_int(r, &o->group));
    if (!s.zero_object) {
        MOQT_TRY(moqt_rd_int(r, &o->object_id));
    }
    o->has_priority = !s.no_priority;
    if (o->has_priority) {
        MOQT_TRY(moqt_rd_u8(r, &o->publisher_priority));
    }
    if (s.props) {
        moqt_rd peek = *r;
        uint64_t n;
        MOQT_TRY(moqt_rd_int(&peek, &n));
        if (p->draft >= 11 && n == 0) {
            /* mt-11 l.3010, mt-16 l.3333: Extensions Present with Length 0 */
            return moqt_rd_fail(r, "d11 §Object Datagram: extensions present with length 0");
        }
        MOQT_TRY(moqt_props_read(r, p, &o->props));
    }
    MOQT_TRY(dg_tail_read(r, p, &s, o));
    return moqt_props_check_status(r, p, o->status, &o->props);
}

moqt_ssize moqt_wire_decode_datagram(const moqt_profile *p, const uint8_t *data, size_t len,
                                     moqt_object_hdr *o, const char **pwhy)
{
    moqt_rd r;
    moqt_rd_init(&r, data, len, p->int_kind);
    int rv = dg_read(&r, p, o);
    if (rv == MOQT_ERR_WIRE_NEED_MORE) {
        rv = moqt_rd_fail(&r, "§Datagrams: datagram ends inside a field");
    }
    return moqt_data_finish(rv, &r, data, pwhy);
}

static int dg_write(moqt_wr *w, const moqt_profile *p, const moqt_object_hdr *o)
{
    int64_t t = moqt_datagram_type(p, o);
    if (t < 0) {
        return (int)t;
    }
    MOQT_TRY(moqt_wr_int(w, (uint64_t)t));
    if (o->kind == MOQT_ITEM_PADDING) {
        if ((size_t)(w->end - w->pos) < o->payload_len) {
            return MOQT_ERR_NOBUF;
        }
        memset(w->pos, 0, (size_t)o->payload_len);
        w->pos += o->payload_len;
        return 0;
    }
    dg_shape s;
    dg_shape_of(p, (uint64_t)t, &s);
    bool status = o->status != MOQT_OBJECT_NORMAL;
    if (status && o->payload.len) {
        return MOQT_ERR_INVALID_ARGUMENT; /* "MUST have an empty payload" */
    }
    MOQT_TRY(moqt_props_allowed(p, o->status, &o->props));
    MOQT_TRY(moqt_wr_int(w, o->track_alias));
    MOQT_TRY(moqt_wr_int(w, o->group));
    if (!s.zero_object) {
        MOQT_TRY(moqt_wr_int(w, o->object_id));
    }
    if (!s.no_priority) {
        MOQT_TRY(moqt_wr_u8(w, o->publisher_priority));
    }
    if (s.props) {
        MOQT_TRY(moqt_props_write(w, p, &o->props));
    }
    uint64_t st;
    MOQT_TRY(moqt_object_status_to_wire(p, o->status, &st));
    if (s.length_field) {
        MOQT_TRY(moqt_wr_int(w, o->payload.len));
        if (o->payload.len == 0) {
            MOQT_TRY(moqt_wr_int(w, st));
        }
    } else if (s.status) {
        return moqt_wr_int(w, st);
    }
    return moqt_wr_bytes(w, o->payload.base, o->payload.len);
}

moqt_ssize moqt_wire_encode_datagram(const moqt_profile *p, const moqt_object_hdr *o, uint8_t *out,
                                     size_t cap)
{
    moqt_wr w;
    moqt_wr_init(&w, out, cap, p->int_kind);
    return moqt_data_written(dg_write(&w, p, o), &w, out);
}
