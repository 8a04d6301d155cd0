/* Shared pieces of the message model: namespaces, locations, reasons. */
#include "wire/model.h"

#include <string.h>

#include "wire/buf.h"

void moqt_msg_init(moqt_msg *m, moqt_msg_kind kind)
{
    memset(m, 0, sizeof(*m));
    m->kind = kind;
}

/* Minimum namespace tuple length: 1 up to 16, 0 from 17 (mt-17 §2.4 "0-32"). */
static size_t namespace_min_fields(const moqt_profile *p)
{
    return p->int_kind == MOQT_INT_QUIC ? 1 : 0;
}

/* From 16 every Track Namespace Field has at least one byte (mt-16 l.539,
 * mt-17 l.624, mt-19 l.654); 07-15 allow empty fields. */
static bool namespace_field_may_be_empty(const moqt_profile *p)
{
    return p->draft < 16;
}

int moqt_rd_namespace(moqt_rd *r, const moqt_profile *p, moqt_namespace *ns)
{
    uint64_t count;
    MOQT_TRY(moqt_rd_int(r, &count));
    if (count < namespace_min_fields(p) || count > MOQT_MAX_NAMESPACE_FIELDS) {
        return moqt_rd_fail(r, "Track Namespace: number of fields outside 1..32 (0..32 from d17)");
    }
    ns->count = (size_t)count;
    size_t total = 0;
    for (size_t i = 0; i < ns->count; i++) {
        MOQT_TRY(moqt_rd_lbytes(r, MOQT_MAX_FULL_NAME_LEN, &ns->field[i],
                                "Track Namespace field longer than the 4096-byte full name"));
        if (ns->field[i].len == 0 && !namespace_field_may_be_empty(p)) {
            return moqt_rd_fail(r, "d16: Track Namespace Field of length 0 (mt-16 l.539)");
        }
        total += ns->field[i].len;
        if (total > MOQT_MAX_FULL_NAME_LEN) {
            return moqt_rd_fail(r, "Track Namespace longer than 4096 bytes (d11 §2.4.1)");
        }
    }
    return 0;
}

int moqt_wr_namespace(moqt_wr *w, const moqt_profile *p, const moqt_namespace *ns)
{
    if (ns->count < namespace_min_fields(p) || ns->count > MOQT_MAX_NAMESPACE_FIELDS) {
        return MOQT_ERR_UNSUPPORTED;
    }
    for (size_t i = 0; i < ns->count; i++) {
        if (ns->field[i].len == 0 && !namespace_field_may_be_empty(p)) {
            return MOQT_ERR_UNSUPPORTED;
        }
    }
    MOQT_TRY(moqt_wr_int(w, ns->count));
    for (size_t i = 0; i < ns->count; i++) {
        MOQT_TRY(moqt_wr_lbytes(w, ns->field[i]));
    }
    return 0;
}

int moqt_rd_location(moqt_rd *r, moqt_location *loc)
{
    MOQT_TRY(moqt_rd_int(r, &loc->group));
    return moqt_rd_int(r, &loc->object);
}

int moqt_wr_location(moqt_wr *w, moqt_location loc)
{
    MOQT_TRY(moqt_wr_int(w, loc.group));
    return moqt_wr_int(w, loc.object);
}

/* Reason phrases are bounded at 1024 bytes from 11 (mt-11 l.352); earlier
 * drafts set no bound, so we apply our full-name limit as an implementation cap. */
static size_t reason_max(const moqt_profile *p)
{
    return p->control_length_16 ? MOQT_MAX_REASON_LEN : MOQT_MAX_FULL_NAME_LEN;
}

int moqt_rd_reason(moqt_rd *r, const moqt_profile *p, moqt_bytes *reason)
{
    return moqt_rd_lbytes(r, reason_max(p), reason, "Reason Phrase longer than 1024 bytes");
}

int moqt_wr_reason(moqt_wr *w, const moqt_profile *p, moqt_bytes reason)
{
    if (reason.len > reason_max(p)) {
        return MOQT_ERR_UNSUPPORTED;
    }
    return moqt_wr_lbytes(w, reason);
}

static size_t namespace_bytes(const moqt_namespace *ns)
{
    size_t total = 0;
    for (size_t i = 0; i < ns->count && i < MOQT_MAX_NAMESPACE_FIELDS; i++) {
        total += ns->field[i].len;
    }
    return total;
}

int moqt_rd_full_track_name(moqt_rd *r, const moqt_profile *p, moqt_namespace *ns, moqt_bytes *name)
{
    MOQT_TRY(moqt_rd_namespace(r, p, ns)); /* bounds the namespace alone */
    uint64_t len;
    MOQT_TRY(moqt_rd_int(r, &len));
    if (len > MOQT_MAX_FULL_NAME_LEN - namespace_bytes(ns)) {
        if (p->draft >= 11) {
            return moqt_rd_fail(r, "Full Track Name longer than 4096 bytes (mt-11 l.491)");
        }
        r->why = "Full Track Name longer than our 4096-byte limit";
        return MOQT_ERR_WIRE_LIMIT;
    }
    return moqt_rd_bytes(r, (size_t)len, name);
}

int moqt_wr_full_track_name(moqt_wr *w, const moqt_profile *p, const moqt_namespace *ns,
                            moqt_bytes name)
{
    if (namespace_bytes(ns) + name.len > MOQT_MAX_FULL_NAME_LEN) {
        return MOQT_ERR_UNSUPPORTED;
    }
    MOQT_TRY(moqt_wr_namespace(w, p, ns));
    return moqt_wr_lbytes(w, name);
}

bool moqt_bytes_eq(moqt_bytes a, moqt_bytes b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.base, b.base, a.len) == 0);
}

bool moqt_namespace_eq(const moqt_namespace *a, const moqt_namespace *b)
{
    if (a->count != b->count) {
        return false;
    }
    for (size_t i = 0; i < a->count; i++) {
        if (!moqt_bytes_eq(a->field[i], b->field[i])) {
            return false;
        }
    }
    return true;
}
