/*
 * FETCH, FETCH_OK, FETCH_ERROR and FETCH_CANCEL, drafts 07..19.
 *
 * Fields after Type and Length, by draft (figures: FETCH mt-07 l.1420, mt-08
 * l.1511, mt-09 l.1514, mt-10 l.1751, mt-11 l.2180, mt-12 l.2466, mt-13 l.2468,
 * mt-14 l.2547, mt-15 l.2695, mt-16 l.2806, mt-17 l.2986, mt-18 l.3396, mt-19
 * l.3649; FETCH_OK mt-07 l.1745, mt-08 l.1909, mt-09 l.1914, mt-10 l.1861,
 * mt-11 l.2298, mt-12 l.2577, mt-13 l.2579, mt-14 l.2637, mt-15 l.2775, mt-16
 * l.2887, mt-17 l.3071, mt-18 l.3477, mt-19 l.3730):
 *
 *   FETCH     07     ID, NS, Name, SubPrio(8), GroupOrder(8), Start G/O, End G/O, Params
 *             08-14  ID, SubPrio(8), GroupOrder(8), FetchType,
 *                    [NS, Name, Start, End] (type 1) | [Joining ID, Joining Start] (2, 3)
 *                    Params
 *             15-16  ID, FetchType, [standalone | joining], Params
 *             17     ID, Required Request ID Delta, FetchType, ..., Params
 *             18-19  as 15
 *   FETCH_OK  07-14  ID, GroupOrder(8), EndOfTrack(8), End Location, Params
 *             15     ID, EndOfTrack(8), End Location, Params
 *             16     ... Params, Track Extensions (rest of message)
 *             17+    no ID
 *   FETCH_ERROR  07-14  ID, Error Code, Reason
 *   FETCH_CANCEL 07-16  ID
 *
 * Fetch types: 07 has only the standalone fetch and no Fetch Type field; 08-10
 * add the joining fetch (0x2, "Preceding Group Offset"); 11+ add the absolute
 * joining fetch (0x3) and call 0x2 the relative joining fetch.
 *
 * Subscriber Priority and Group Order are fixed fields up to 14 and parameters
 * from 15 (mt-15 l.3977). When the model has no value for a fixed field, the
 * encoder writes what a draft-15+ receiver assumes for the omitted parameter,
 * so a message means the same under every draft: Subscriber Priority 128
 * (mt-15 l.1831) and Group Order Ascending (mt-15 l.1850, mt-16 l.1949).
 *
 * What the encoder does with a value its draft cannot carry:
 * - Dropped, because the receiver learns it another way: the Request ID of
 *   FETCH_OK under 17+ (the request stream names it); the Required Request ID
 *   Delta outside 17 (<= 16 order requests on one control stream, 18 removed
 *   it); the Group Order of FETCH_OK under 15+ (see encode_fetch_ok); the name
 *   and range of a joining fetch, the joining fields of a standalone one.
 * - MOQT_ERR_UNSUPPORTED: a Fetch Type the draft lacks (0, 4+, 0x2 in 07, 0x3
 *   before 11); Track Extensions / Properties on FETCH_OK before 16; a Group
 *   Order or End Of Track out of range; a Full Track Name above 4096 bytes.
 * Left to the session: an End before the Start (answered with an Invalid
 * Range error, not a session close), unknown joining Request IDs, and 17's
 * "2 x Required Request ID Delta exceeds the Request ID", which has its own
 * session error code INVALID_REQUIRED_REQUEST_ID (mt-17 l.1901).
 */
#include "wire/codec_int.h"
#include "wire/params.h"

/* SubPrio and GroupOrder as fixed fields: 07-14 (moved to parameters by
 * mt-15 l.3977; compare mt-14 l.2547 with mt-15 l.2695). */
static bool fixed_priority_fields(const moqt_profile *p)
{
    return p->draft <= 14;
}

/* mt-17 l.2986: Required Request ID Delta follows the Request ID; 18 removed it
 * (mt-18 l.3396). */
static bool has_required_request_id_delta(const moqt_profile *p)
{
    return p->draft == 17;
}

/* 07 has no Fetch Type field (mt-07 l.1420); 08+ do (mt-08 l.1511). */
static bool has_fetch_type_field(const moqt_profile *p)
{
    return p->has_joining_fetch;
}

/* mt-08 l.1494: types 0x1, 0x2; mt-11 l.2156 and later: 0x1, 0x2, 0x3. */
static bool fetch_type_defined(const moqt_profile *p, uint64_t type)
{
    switch (type) {
    case MOQT_FETCH_STANDALONE:
        return true;
    case MOQT_FETCH_RELATIVE_JOINING:
        return p->has_joining_fetch;
    case MOQT_FETCH_ABSOLUTE_JOINING:
        return p->has_absolute_joining_fetch;
    default:
        return false;
    }
}

#define DEFAULT_SUBSCRIBER_PRIORITY 128 /* mt-15 l.1831 */

/* ---- shared pieces ---- */

/* ---- FETCH ---- */

/* SubPrio(8), GroupOrder(8) of 07-14. In FETCH, Group Order 0x0 means "the
 * original publisher's order" and values above 0x2 are errors (mt-07 l.1454,
 * mt-14 l.2570). Unlike SUBSCRIBE's 0x0 (subscribe.c), FETCH's 0x0 is not
 * what 15+ mean by an omitted GROUP_ORDER, which is Ascending for a FETCH
 * (mt-15 l.1850, mt-16 l.1949): it keeps MOQT_P_GROUP_ORDER set with value 0,
 * and a 15+ encoder refuses it (params.c) rather than change the order. */
static int read_fetch_priority_fields(moqt_rd *r, moqt_msg_params *pa)
{
    MOQT_TRY(moqt_rd_u8(r, &pa->subscriber_priority));
    MOQT_TRY(moqt_rd_u8(r, &pa->group_order));
    if (pa->group_order > MOQT_GROUP_ORDER_DESCENDING) {
        return moqt_rd_fail(r, "d07-14 FETCH: Group Order above 0x2 (mt-14 l.2570)");
    }
    pa->has |= MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER;
    return 0;
}

static int write_fetch_priority_fields(moqt_wr *w, const moqt_msg_params *pa)
{
    uint8_t prio = (pa->has & MOQT_P_SUBSCRIBER_PRIORITY) ? pa->subscriber_priority
                                                          : DEFAULT_SUBSCRIBER_PRIORITY;
    uint8_t order = (pa->has & MOQT_P_GROUP_ORDER) ? pa->group_order : MOQT_GROUP_ORDER_ASCENDING;
    if (order > MOQT_GROUP_ORDER_DESCENDING) {
        return MOQT_ERR_UNSUPPORTED;
    }
    MOQT_TRY(moqt_wr_u8(w, prio));
    return moqt_wr_u8(w, order);
}

/* Start and End: two integers each ("StartGroup, StartObject" in 07-11,
 * "Start Location" from 12: the same bytes). */
static int read_range(moqt_rd *r, moqt_fetch_fields *f)
{
    MOQT_TRY(moqt_rd_location(r, &f->start));
    return moqt_rd_location(r, &f->end);
}

static int write_range(moqt_wr *w, const moqt_fetch_fields *f)
{
    MOQT_TRY(moqt_wr_location(w, f->start));
    return moqt_wr_location(w, f->end);
}

static int decode_fetch(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    moqt_fetch_fields *f = &m->fetch;
    MOQT_TRY(moqt_rd_int(r, &m->request_id));
    if (has_required_request_id_delta(p)) {
        MOQT_TRY(moqt_rd_int(r, &m->required_request_id_delta));
    }
    if (!has_fetch_type_field(p)) {
        /* mt-07 l.1420: NS, Name, SubPrio, GroupOrder, Start, End. */
        f->fetch_type = MOQT_FETCH_STANDALONE;
        MOQT_TRY(moqt_rd_full_track_name(r, p, &m->ns, &m->track_name));
        MOQT_TRY(read_fetch_priority_fields(r, &m->params));
        MOQT_TRY(read_range(r, f));
        return moqt_params_read(r, p, MOQT_MSG_FETCH, &m->params);
    }
    if (fixed_priority_fields(p)) {
        MOQT_TRY(read_fetch_priority_fields(r, &m->params));
    }
    MOQT_TRY(moqt_rd_int(r, &f->fetch_type));
    if (!fetch_type_defined(p, f->fetch_type)) {
        return moqt_rd_fail(r, p->has_absolute_joining_fetch
                                   ? "FETCH: Fetch Type other than 0x1, 0x2, 0x3 (d11 l.2156)"
                                   : "FETCH: Fetch Type other than 0x1, 0x2 (d08 l.1494)");
    }
    if (f->fetch_type == MOQT_FETCH_STANDALONE) {
        MOQT_TRY(moqt_rd_full_track_name(r, p, &m->ns, &m->track_name));
        MOQT_TRY(read_range(r, f));
    } else {
        MOQT_TRY(moqt_rd_int(r, &f->joining_request_id));
        MOQT_TRY(moqt_rd_int(r, &f->joining_start));
    }
    return moqt_params_read(r, p, MOQT_MSG_FETCH, &m->params);
}

static int encode_fetch(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    const moqt_fetch_fields *f = &m->fetch;
    if (!fetch_type_defined(p, f->fetch_type)) {
        return MOQT_ERR_UNSUPPORTED;
    }
    uint32_t fixed = fixed_priority_fields(p) ? MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER : 0;
    MOQT_TRY(moqt_wr_int(w, m->request_id));
    if (has_required_request_id_delta(p)) {
        MOQT_TRY(moqt_wr_int(w, m->required_request_id_delta));
    }
    if (!has_fetch_type_field(p)) {
        MOQT_TRY(moqt_wr_full_track_name(w, p, &m->ns, m->track_name));
        MOQT_TRY(write_fetch_priority_fields(w, &m->params));
        MOQT_TRY(write_range(w, f));
        return moqt_params_write(w, p, MOQT_MSG_FETCH, &m->params, fixed);
    }
    if (fixed_priority_fields(p)) {
        MOQT_TRY(write_fetch_priority_fields(w, &m->params));
    }
    MOQT_TRY(moqt_wr_int(w, f->fetch_type));
    if (f->fetch_type == MOQT_FETCH_STANDALONE) {
        MOQT_TRY(moqt_wr_full_track_name(w, p, &m->ns, m->track_name));
        MOQT_TRY(write_range(w, f));
    } else {
        MOQT_TRY(moqt_wr_int(w, f->joining_request_id));
        MOQT_TRY(moqt_wr_int(w, f->joining_start));
    }
    return moqt_params_write(w, p, MOQT_MSG_FETCH, &m->params, fixed);
}

/* ---- FETCH_OK ---- */

/*
 * Group Order of FETCH_OK exists up to 14 only. From 15 a fetch is delivered
 * in the order its FETCH asked for (mt-15 l.2760) and GROUP_ORDER is not a
 * FETCH_OK parameter (mt-15 l.1836, mt-16 l.1938), so the encoder for 15+
 * leaves a group order out of FETCH_OK instead of refusing the message: the
 * receiver already knows it from its own request.
 */
static int decode_fetch_ok(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    if (p->responses_have_request_id) {
        MOQT_TRY(moqt_rd_int(r, &m->request_id));
    }
    if (fixed_priority_fields(p)) {
        uint8_t order;
        MOQT_TRY(moqt_rd_u8(r, &order));
        if (order == 0 || order > MOQT_GROUP_ORDER_DESCENDING) {
            return moqt_rd_fail(r, "d07-14 FETCH_OK: Group Order 0x0 or above 0x2 (mt-14 l.2655)");
        }
        m->params.group_order = order;
        m->params.has |= MOQT_P_GROUP_ORDER;
    }
    MOQT_TRY(moqt_rd_bool8(r, &m->fetch.end_of_track,
                           "FETCH_OK: End Of Track neither 0 nor 1 (mt-14 l.2657)"));
    /* "Largest Group ID, Largest Object ID" in 07-10, "End Location" from 11:
     * the same two integers. mt-07 l.1771 says they are present only "if
     * ContentExists has a value of 1", but FETCH_OK has no ContentExists: a
     * sentence copied from SUBSCRIBE_OK, gone in mt-08 l.1934. Always present. */
    MOQT_TRY(moqt_rd_location(r, &m->fetch.end_location));
    MOQT_TRY(moqt_params_read(r, p, MOQT_MSG_FETCH_OK, &m->params));
    if (p->has_track_properties) {
        /* mt-16 l.2887: Track Extensions; mt-17 l.3071: Track Properties. */
        MOQT_TRY(moqt_track_props_read(r, p, &m->track_props));
    }
    return 0;
}

static int encode_fetch_ok(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    const moqt_msg_params *pa = &m->params;
    if (m->fetch.end_of_track > 1) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (m->track_props.count != 0 && !p->has_track_properties) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (p->responses_have_request_id) {
        MOQT_TRY(moqt_wr_int(w, m->request_id));
    }
    if (fixed_priority_fields(p)) {
        uint8_t order =
            (pa->has & MOQT_P_GROUP_ORDER) ? pa->group_order : MOQT_GROUP_ORDER_ASCENDING;
        if (order == 0 || order > MOQT_GROUP_ORDER_DESCENDING) {
            return MOQT_ERR_UNSUPPORTED;
        }
        MOQT_TRY(moqt_wr_u8(w, order));
    }
    MOQT_TRY(moqt_wr_u8(w, m->fetch.end_of_track));
    MOQT_TRY(moqt_wr_location(w, m->fetch.end_location));
    /* <= 14: written above; 15+: not expressible and implied (see above). */
    MOQT_TRY(moqt_params_write(w, p, MOQT_MSG_FETCH_OK, pa, MOQT_P_GROUP_ORDER));
    if (p->has_track_properties) {
        MOQT_TRY(moqt_track_props_write(w, p, &m->track_props));
    }
    return 0;
}

/* ---- FETCH_ERROR (07-14), FETCH_CANCEL (07-16) ---- */

/* mt-07 l.1784 ... mt-14 l.2687: ID, Error Code, Reason Phrase. */
static int decode_fetch_error(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    MOQT_TRY(moqt_rd_int(r, &m->request_id));
    MOQT_TRY(moqt_rd_int(r, &m->error_code));
    return moqt_rd_reason(r, p, &m->reason);
}

static int encode_fetch_error(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    MOQT_TRY(moqt_wr_int(w, m->request_id));
    MOQT_TRY(moqt_wr_int(w, m->error_code));
    return moqt_wr_reason(w, p, m->reason);
}

int moqt_fetch_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_FETCH:
        return decode_fetch(r, p, m);
    case MOQT_MSG_FETCH_OK:
        return decode_fetch_ok(r, p, m);
    case MOQT_MSG_FETCH_ERROR:
        return decode_fetch_error(r, p, m);
    case MOQT_MSG_FETCH_CANCEL:
        /* mt-07 l.1494 ... mt-16 l.2940: the ID alone. */
        return moqt_rd_int(r, &m->request_id);
    default:
        return moqt_rd_fail(r, "fetch codec called for another message kind");
    }
}

int moqt_fetch_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_FETCH:
        return encode_fetch(w, p, m);
    case MOQT_MSG_FETCH_OK:
        return encode_fetch_ok(w, p, m);
    case MOQT_MSG_FETCH_ERROR:
        return encode_fetch_error(w, p, m);
    case MOQT_MSG_FETCH_CANCEL:
        return moqt_wr_int(w, m->request_id);
    default:
        return MOQT_ERR_UNSUPPORTED;
    }
}
