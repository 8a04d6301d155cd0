#include "wire/kvp.h"

void moqt_kvp_cursor_init(moqt_kvp_cursor *c, bool delta, size_t max_bytes)
{
    c->delta = delta;
    c->prev_type = 0;
    c->max_bytes = max_bytes;
}

static bool type_is_odd(uint64_t type)
{
    return (type & 1) != 0;
}

int moqt_kvp_read(moqt_rd *r, moqt_kvp_cursor *c, moqt_kvp *kv)
{
    uint64_t t;
    MOQT_TRY(moqt_rd_int(r, &t));
    if (c->delta) {
        if (t > UINT64_MAX - c->prev_type) {
            return moqt_rd_fail(r, "d16 §1.4.2: Delta Type overflows 64 bits");
        }
        t += c->prev_type;
    }
    c->prev_type = t;
    kv->type = t;
    kv->value = 0;
    kv->bytes.base = NULL;
    kv->bytes.len = 0;
    if (!type_is_odd(t)) {
        return moqt_rd_int(r, &kv->value);
    }
    return moqt_rd_lbytes(r, c->max_bytes, &kv->bytes,
                          "key-value pair: odd-type value longer than allowed");
}

int moqt_kvp_write(moqt_wr *w, moqt_kvp_cursor *c, const moqt_kvp *kv)
{
    uint64_t t = kv->type;
    if (c->delta) {
        if (t < c->prev_type) {
            return MOQT_ERR_UNSUPPORTED; /* delta coding needs ascending types */
        }
        t -= c->prev_type;
    }
    c->prev_type = kv->type;
    MOQT_TRY(moqt_wr_int(w, t));
    if (!type_is_odd(kv->type)) {
        return moqt_wr_int(w, kv->value);
    }
    if (kv->bytes.len > c->max_bytes) {
        return MOQT_ERR_UNSUPPORTED;
    }
    return moqt_wr_lbytes(w, kv->bytes);
}

static int list_push(moqt_rd *r, moqt_kvp_list *out, const moqt_kvp *kv)
{
    if (out->count >= MOQT_MAX_KVPS) {
        r->why = "more key-value pairs than this implementation keeps (MOQT_MAX_KVPS)";
        return MOQT_ERR_WIRE_LIMIT;
    }
    out->item[out->count++] = *kv;
    return 0;
}

int moqt_kvps_read_until(moqt_rd *r, moqt_kvp_cursor *c, const uint8_t *end, moqt_kvp_list *out)
{
    if (end > r->end) {
        return MOQT_ERR_WIRE_NEED_MORE; /* the list has not fully arrived */
    }
    moqt_rd sub = *r;
    sub.end = end;
    out->count = 0;
    while (sub.pos < end) {
        moqt_kvp kv;
        int rv = moqt_kvp_read(&sub, c, &kv);
        if (rv == MOQT_ERR_WIRE_NEED_MORE) {
            return moqt_rd_fail(r, "key-value pair crosses the end of its list");
        }
        if (rv != 0) {
            r->why = sub.why;
            return rv;
        }
        rv = list_push(r, out, &kv);
        if (rv != 0) {
            return rv;
        }
    }
    r->pos = sub.pos;
    return 0;
}

int moqt_kvps_read_count(moqt_rd *r, moqt_kvp_cursor *c, uint64_t count, moqt_kvp_list *out)
{
    out->count = 0;
    for (uint64_t i = 0; i < count; i++) {
        moqt_kvp kv;
        MOQT_TRY(moqt_kvp_read(r, c, &kv));
        MOQT_TRY(list_push(r, out, &kv));
    }
    return 0;
}

int moqt_kvps_write(moqt_wr *w, moqt_kvp_cursor *c, const moqt_kvp_list *in)
{
    for (size_t i = 0; i < in->count; i++) {
        MOQT_TRY(moqt_kvp_write(w, c, &in->item[i]));
    }
    return 0;
}

size_t moqt_kvps_encoded_len(moqt_int_kind ik, bool delta, const moqt_kvp_list *in)
{
    size_t n = 0;
    uint64_t prev = 0;
    for (size_t i = 0; i < in->count; i++) {
        const moqt_kvp *kv = &in->item[i];
        n += moqt_int_len(ik, delta ? kv->type - prev : kv->type);
        prev = kv->type;
        if (type_is_odd(kv->type)) {
            n += moqt_int_len(ik, kv->bytes.len) + kv->bytes.len;
        } else {
            n += moqt_int_len(ik, kv->value);
        }
    }
    return n;
}

const moqt_kvp *moqt_kvps_find(const moqt_kvp_list *l, uint64_t type)
{
    for (size_t i = 0; i < l->count; i++) {
        if (l->item[i].type == type) {
            return &l->item[i];
        }
    }
    return NULL;
}

int moqt_kvps_add_int(moqt_kvp_list *l, uint64_t type, uint64_t value)
{
    if (l->count >= MOQT_MAX_KVPS) {
        return MOQT_ERR_WIRE_LIMIT;
    }
    moqt_kvp *kv = &l->item[l->count++];
    kv->type = type;
    kv->value = value;
    kv->bytes.base = NULL;
    kv->bytes.len = 0;
    return 0;
}

int moqt_kvps_add_bytes(moqt_kvp_list *l, uint64_t type, moqt_bytes value)
{
    if (l->count >= MOQT_MAX_KVPS) {
        return MOQT_ERR_WIRE_LIMIT;
    }
    moqt_kvp *kv = &l->item[l->count++];
    kv->type = type;
    kv->value = 0;
    kv->bytes = value;
    return 0;
}
