/*
 * Shared pieces of the data plane: Object Status maps, object properties
 * (extension headers), Immutable Properties, unidirectional stream types,
 * padding, and names for printing.
 */
#include <string.h>

#include "wire/data_int.h"

/* ---- results ------------------------------------------------------------ */

moqt_ssize moqt_data_finish(int rv, const moqt_rd *r, const uint8_t *start, const char **pwhy)
{
    if (pwhy) {
        *pwhy = rv == 0 ? NULL : r->why;
    }
    if (rv != 0) {
        return rv;
    }
    return (moqt_ssize)(r->pos - start);
}

moqt_ssize moqt_data_written(int rv, const moqt_wr *w, const uint8_t *start)
{
    if (rv != 0) {
        return rv;
    }
    return (moqt_ssize)(w->pos - start);
}

void moqt_object_hdr_init(moqt_object_hdr *o)
{
    memset(o, 0, sizeof(*o));
    o->kind = MOQT_ITEM_OBJECT;
    o->has_priority = true;
    o->status = MOQT_OBJECT_NORMAL;
}

/* ---- Object Status ------------------------------------------------------ */

int moqt_object_status_from_wire(const moqt_profile *p, uint64_t wire, moqt_object_status *st)
{
    switch (wire) {
    case 0x0:
        *st = MOQT_OBJECT_NORMAL;
        return 0;
    case 0x1:
        if (p->draft >= 16) { /* mt-16 l.3233: only 0x0, 0x3, 0x4 remain */
            return MOQT_ERR_WIRE_MALFORMED;
        }
        *st = MOQT_OBJECT_DOES_NOT_EXIST;
        return 0;
    case 0x3:
        *st = MOQT_OBJECT_END_OF_GROUP;
        return 0;
    case 0x4:
        /* mt-07 l.2093, mt-08 l.2383: "end of Track and Group"; mt-11 l.2940:
         * "End of Track" (also ends the last group) */
        *st = p->draft <= 10 ? MOQT_OBJECT_END_OF_TRACK_AND_GROUP : MOQT_OBJECT_END_OF_TRACK;
        return 0;
    case 0x5:
        if (p->draft == 7) { /* mt-07 l.2099: end of Subgroup */
            *st = MOQT_OBJECT_END_OF_SUBGROUP;
            return 0;
        }
        if (p->draft <= 10) { /* mt-08 l.2390: end of Track */
            *st = MOQT_OBJECT_END_OF_TRACK;
            return 0;
        }
        return MOQT_ERR_WIRE_MALFORMED;
    default:
        return MOQT_ERR_WIRE_MALFORMED;
    }
}

int moqt_object_status_to_wire(const moqt_profile *p, moqt_object_status st, uint64_t *wire)
{
    switch (st) {
    case MOQT_OBJECT_NORMAL:
        *wire = 0x0;
        return 0;
    case MOQT_OBJECT_DOES_NOT_EXIST:
        if (p->draft >= 16) {
            return MOQT_ERR_UNSUPPORTED; /* 16+: Prior gap properties / End of Range */
        }
        *wire = 0x1;
        return 0;
    case MOQT_OBJECT_END_OF_GROUP:
        *wire = 0x3;
        return 0;
    case MOQT_OBJECT_END_OF_TRACK_AND_GROUP:
        *wire = 0x4; /* 11+: coalesced into End of Track (mt-11 l.2940) */
        return 0;
    case MOQT_OBJECT_END_OF_TRACK:
        if (p->draft == 7) {
            return MOQT_ERR_UNSUPPORTED; /* 07 has only End of Track and Group */
        }
        *wire = p->draft <= 10 ? 0x5 : 0x4;
        return 0;
    case MOQT_OBJECT_END_OF_SUBGROUP:
        if (p->draft != 7) {
            return MOQT_ERR_UNSUPPORTED; /* 08+: a FIN ends a subgroup */
        }
        *wire = 0x5;
        return 0;
    }
    return MOQT_ERR_UNSUPPORTED;
}

const char *moqt_object_status_str(moqt_object_status st)
{
    switch (st) {
    case MOQT_OBJECT_NORMAL:
        return "NORMAL";
    case MOQT_OBJECT_DOES_NOT_EXIST:
        return "DOES_NOT_EXIST";
    case MOQT_OBJECT_END_OF_GROUP:
        return "END_OF_GROUP";
    case MOQT_OBJECT_END_OF_TRACK_AND_GROUP:
        return "END_OF_TRACK_AND_GROUP";
    case MOQT_OBJECT_END_OF_TRACK:
        return "END_OF_TRACK";
    case MOQT_OBJECT_END_OF_SUBGROUP:
        return "END_OF_SUBGROUP";
    }
    return "?";
}

int moqt_status_read(moqt_rd *r, const moqt_profile *p, moqt_object_status *st)
{
    uint64_t v;
    MOQT_TRY(moqt_rd_int(r, &v));
    if (moqt_object_status_from_wire(p, v, st) != 0) {
        return moqt_rd_fail(r, "§Object Status: value not defined by this draft");
    }
    return 0;
}

/* ---- Properties --------------------------------------------------------- */

uint64_t moqt_prop_prior_group_gap_type(const moqt_profile *p)
{
    if (p->draft < 11) {
        return 0;
    }
    /* mt-11 l.3350 .. mt-13 l.3663: 0x40; mt-14 l.3658: 0x3C */
    return p->draft <= 13 ? MOQT_PROP_PRIOR_GROUP_ID_GAP_D11 : MOQT_PROP_PRIOR_GROUP_ID_GAP;
}

uint64_t moqt_prop_prior_object_gap_type(const moqt_profile *p)
{
    return p->draft >= 14 ? MOQT_PROP_PRIOR_OBJECT_ID_GAP : 0; /* mt-14 l.3730 */
}

static bool props_delta(const moqt_profile *p)
{
    return p->draft >= 16; /* mt-16 l.273: Delta Type */
}

static bool has_immutable(const moqt_profile *p)
{
    return p->draft >= 14; /* mt-14 l.3686 */
}

/* Decode the nested list of an Immutable Properties value; 0 or MALFORMED/LIMIT. */
static int immutable_read(const moqt_profile *p, moqt_bytes value, moqt_kvp_list *out,
                          const char **why)
{
    moqt_rd r;
    moqt_kvp_cursor c;
    moqt_rd_init(&r, value.base, value.len, p->int_kind);
    moqt_kvp_cursor_init(&c, props_delta(p), value.len);
    int rv = moqt_kvps_read_until(&r, &c, r.end, out);
    if (rv == MOQT_ERR_WIRE_NEED_MORE) {
        rv = moqt_rd_fail(&r, "d14 §Immutable Extensions: a Key-Value-Pair cannot be parsed");
    }
    if (rv == 0) {
        for (size_t i = 0; i < out->count; i++) {
            if (out->item[i].type == MOQT_PROP_IMMUTABLE) {
                /* mt-14 l.3706 */
                rv = moqt_rd_fail(&r, "d14 §Immutable Extensions: nested Immutable Extensions");
                break;
            }
        }
    }
    *why = r.why;
    return rv;
}

int moqt_wire_decode_immutable_props(const moqt_profile *p, moqt_bytes value, moqt_kvp_list *out,
                                     const char **pwhy)
{
    const char *why = NULL;
    int rv = has_immutable(p) ? immutable_read(p, value, out, &why) : MOQT_ERR_UNSUPPORTED;
    if (pwhy) {
        *pwhy = why;
    }
    return rv;
}

moqt_ssize moqt_wire_encode_immutable_props(const moqt_profile *p, const moqt_kvp_list *in,
                                            uint8_t *out, size_t cap)
{
    if (!has_immutable(p)) {
        return MOQT_ERR_UNSUPPORTED;
    }
    for (size_t i = 0; i < in->count; i++) {
        if (in->item[i].type == MOQT_PROP_IMMUTABLE) {
            return MOQT_ERR_INVALID_ARGUMENT;
        }
    }
    moqt_wr w;
    moqt_kvp_cursor c;
    moqt_wr_init(&w, out, cap, p->int_kind);
    moqt_kvp_cursor_init(&c, props_delta(p), SIZE_MAX);
    return moqt_data_written(moqt_kvps_write(&w, &c, in), &w, out);
}

static int props_validate(moqt_rd *r, const moqt_profile *p, const moqt_kvp_list *l)
{
    if (!has_immutable(p)) {
        return 0;
    }
    for (size_t i = 0; i < l->count; i++) {
        if (l->item[i].type != MOQT_PROP_IMMUTABLE) {
            continue;
        }
        moqt_kvp_list nested;
        const char *why = NULL;
        int rv = immutable_read(p, l->item[i].bytes, &nested, &why);
        if (rv != 0) {
            r->why = why;
            return rv;
        }
    }
    return 0;
}

int moqt_props_read(moqt_rd *r, const moqt_profile *p, moqt_kvp_list *out)
{
    moqt_kvp_cursor c;
    uint64_t n;
    out->count = 0;
    MOQT_TRY(moqt_rd_int(r, &n));
    if (p->draft == 8) { /* mt-08 l.2526: Extension Count */
        if (n > MOQT_MAX_KVPS) {
            r->why = "more extension headers than this implementation keeps (MOQT_MAX_KVPS)";
            return MOQT_ERR_WIRE_LIMIT;
        }
        moqt_kvp_cursor_init(&c, false, MOQT_MAX_PROPS_BYTES);
        return moqt_kvps_read_count(r, &c, n, out);
    }
    /* 09+: byte length (mt-09 l.2542, mt-15 "Extensions", mt-17 "Properties") */
    if (n > MOQT_MAX_PROPS_BYTES) {
        r->why = "properties longer than this implementation accepts (MOQT_MAX_PROPS_BYTES)";
        return MOQT_ERR_WIRE_LIMIT;
    }
    if (moqt_rd_left(r) < n) {
        return MOQT_ERR_WIRE_NEED_MORE;
    }
    moqt_kvp_cursor_init(&c, props_delta(p), (size_t)n);
    MOQT_TRY(moqt_kvps_read_until(r, &c, r->pos + n, out));
    return props_validate(r, p, out);
}

int moqt_props_write(moqt_wr *w, const moqt_profile *p, const moqt_kvp_list *in)
{
    moqt_kvp_cursor c;
    moqt_kvp_cursor_init(&c, props_delta(p), SIZE_MAX);
    if (p->draft == 7) {
        return in->count ? MOQT_ERR_UNSUPPORTED : 0; /* 07 has no extension headers */
    }
    if (p->draft == 8) {
        MOQT_TRY(moqt_wr_int(w, in->count));
    } else {
        for (size_t i = 1; i < in->count; i++) {
            if (props_delta(p) && in->item[i].type < in->item[i - 1].type) {
                return MOQT_ERR_UNSUPPORTED; /* delta coding needs ascending types */
            }
        }
        MOQT_TRY(moqt_wr_int(w, moqt_kvps_encoded_len(w->ik, props_delta(p), in)));
    }
    return moqt_kvps_write(w, &c, in);
}

/* The rule a non-empty property list on an object of status |st| breaks, or NULL. */
static const char *props_status_rule(const moqt_profile *p, moqt_object_status st,
                                     const moqt_kvp_list *props)
{
    if (props->count == 0 || p->draft < 11) {
        return NULL;
    }
    if (p->draft <= 14 && st == MOQT_OBJECT_DOES_NOT_EXIST) {
        return "d11 §Object Extension Header: extensions on a non-existent Object";
    }
    if (p->draft >= 15 && st != MOQT_OBJECT_NORMAL) {
        return "d15 §Object Extension Header: extensions on a non-Normal Object";
    }
    return NULL;
}

int moqt_props_check_status(moqt_rd *r, const moqt_profile *p, moqt_object_status st,
                            const moqt_kvp_list *props)
{
    const char *why = props_status_rule(p, st, props);
    return why ? moqt_rd_fail(r, why) : 0;
}

int moqt_props_allowed(const moqt_profile *p, moqt_object_status st, const moqt_kvp_list *props)
{
    return props_status_rule(p, st, props) ? MOQT_ERR_UNSUPPORTED : 0;
}

/* ---- Stream types ------------------------------------------------------- */

/* Is |t| a SUBGROUP_HEADER type of draft |p|? (mode 0b11 is never valid) */
static bool subgroup_type_valid(const moqt_profile *p, uint64_t t)
{
    if (p->draft <= 10) {
        return t == 0x4; /* mt-07 l.2024, mt-08 l.2290 */
    }
    if (p->draft == 11) {
        return t >= 0x08 && t <= 0x0D; /* mt-11 l.3084 */
    }
    /* 12-14: 0x10-0x15, 0x18-0x1D (mt-12 l.3419, §11 decision: the section
     * table, not the 0x08-0x0D of the stream-type table); 15-17 add 0x20
     * DEFAULT_PRIORITY (mt-15 l.3350, mt-16 l.3414; the stream-type tables of
     * mt-15 l.3020, mt-16 l.3168, mt-17 l.914 still list only 0x10-0x1D: we
     * take the section); 18+ add 0x40 FIRST_OBJECT (mt-18 l.4007). */
    uint64_t allowed = 0x0F;
    if (p->draft >= 15) {
        allowed |= 0x20;
    }
    if (p->draft >= 18) {
        allowed |= 0x40;
    }
    if ((t & ~allowed) != 0x10) {
        return false;
    }
    return (t & 0x06) != 0x06;
}

moqt_stream_kind moqt_wire_stream_kind(const moqt_profile *p, uint64_t type)
{
    if (type == MOQT_STREAM_TYPE_FETCH) {
        return MOQT_STREAM_FETCH;
    }
    if (subgroup_type_valid(p, type)) {
        return MOQT_STREAM_SUBGROUP;
    }
    if (p->setup_shape == MOQT_SETUP_2F00 && type == MOQT_STREAM_TYPE_SETUP) {
        return MOQT_STREAM_SETUP; /* mt-17 l.916 */
    }
    if (p->has_padding && type == MOQT_STREAM_TYPE_PADDING) {
        return MOQT_STREAM_PADDING; /* mt-18 l.4310 */
    }
    return MOQT_STREAM_UNKNOWN;
}

moqt_ssize moqt_wire_decode_stream_type(const moqt_profile *p, const uint8_t *data, size_t len,
                                        uint64_t *ptype, moqt_stream_kind *pkind, const char **pwhy)
{
    moqt_rd r;
    moqt_rd_init(&r, data, len, p->int_kind);
    int rv = moqt_rd_int(&r, ptype);
    if (rv == 0) {
        *pkind = moqt_wire_stream_kind(p, *ptype);
        if (*pkind == MOQT_STREAM_UNKNOWN) {
            rv = moqt_rd_fail(&r, "d07 §Data Streams: unknown stream type");
        }
    }
    return moqt_data_finish(rv, &r, data, pwhy);
}

const char *moqt_wire_stream_type_name(const moqt_profile *p, uint64_t type)
{
    switch (moqt_wire_stream_kind(p, type)) {
    case MOQT_STREAM_SUBGROUP:
        return p->draft == 7 ? "STREAM_HEADER_SUBGROUP" : "SUBGROUP_HEADER";
    case MOQT_STREAM_FETCH:
        return "FETCH_HEADER";
    case MOQT_STREAM_SETUP:
        return "SETUP";
    case MOQT_STREAM_PADDING:
        return "PADDING";
    case MOQT_STREAM_UNKNOWN:
        break;
    }
    return NULL;
}

int moqt_wire_check_padding(const uint8_t *data, size_t len, const char **pwhy)
{
    for (size_t i = 0; i < len; i++) {
        if (data[i] != 0) {
            if (pwhy) {
                *pwhy = "d18 §Padding: padding bytes MUST all be zero";
            }
            return MOQT_ERR_WIRE_MALFORMED;
        }
    }
    return 0;
}

moqt_ssize moqt_wire_encode_padding_stream(const moqt_profile *p, size_t n, uint8_t *out,
                                           size_t cap)
{
    if (!p->has_padding) {
        return MOQT_ERR_UNSUPPORTED;
    }
    moqt_wr w;
    moqt_wr_init(&w, out, cap, p->int_kind);
    int rv = moqt_wr_int(&w, MOQT_STREAM_TYPE_PADDING);
    if (rv == 0 && (size_t)(w.end - w.pos) < n) {
        rv = MOQT_ERR_NOBUF;
    }
    if (rv == 0) {
        memset(w.pos, 0, n);
        w.pos += n;
    }
    return moqt_data_written(rv, &w, out);
}
