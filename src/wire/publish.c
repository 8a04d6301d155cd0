/*
 * PUBLISH, PUBLISH_OK and PUBLISH_ERROR, drafts 12..19.
 *
 * Fields after Type and Length, by draft (figures: PUBLISH mt-12 l.2257, mt-13
 * l.2259, mt-14 l.2309, mt-15 l.2423, mt-16 l.2529, mt-17 l.2706, mt-18
 * l.3136, mt-19 l.3390; PUBLISH_OK mt-12 l.2312, mt-13 l.2314, mt-14 l.2368,
 * mt-15 l.2469, mt-16 l.2578, mt-17 l.2759, mt-18 l.2810 (REQUEST_OK);
 * PUBLISH_ERROR mt-12 l.2352, mt-13 l.2354, mt-14 l.2407):
 *
 *   PUBLISH        12-14  ID, NS, Name, Alias, GroupOrder(8), ContentExists(8),
 *                         [Largest], Forward(8), Params
 *                  15     ID, NS, Name, Alias, Params
 *                  16     ... Params, Track Extensions (rest of message)
 *                  17     ID, Required Request ID Delta, NS, ..., Track Properties
 *                  18-19  as 16 (Track Properties)
 *   PUBLISH_OK     12-14  ID, Forward(8), SubPrio(8), GroupOrder(8), Filter, Params
 *                  15-16  ID, Params
 *                  17     Params (no ID)
 *                  18     REQUEST_OK layout (see below); 19: no such message
 *   PUBLISH_ERROR  12-14  ID, Error Code, Reason
 *
 * Framing: mt-12 and mt-14 draw these three figures with "Length (i)" while
 * every other message of those drafts, and the framing they all share, say
 * Length(16) (mt-12 l.2468, mt-14 l.1364 "Message Length (16)"): the figures
 * are stale (DRAFT-CHANGES §11). control.c frames PUBLISH* with Length(16) like
 * everything else from 11; tests/unit/wire/publish_test.c checks the bytes.
 *
 * PUBLISH_OK in 18: mt-18's message table still lists "0x1E PUBLISH_OK" (mt-18
 * l.2160) but points it at REQUEST_OK, and the text makes PUBLISH_OK shorthand
 * for a REQUEST_OK answering a PUBLISH (mt-18 l.2804) whose Track Properties
 * "are empty in PUBLISH_OK" (mt-18 l.2825-2828). profile.c keeps type 0x1E in
 * 18 (the table row); its body is REQUEST_OK's: Parameters then Track
 * Properties, which must be empty, so trailing bytes are malformed. 19 reserves
 * 0x1E and has no PUBLISH_OK kind at all.
 *
 * Fixed fields that became parameters in 15 (mt-15 l.3977, l.3982) live in
 * m->params with presence bits. When a bit is clear, the 12-14 encoder writes
 * what a 15+ receiver assumes for the omitted parameter: Forward 1 (mt-15
 * l.1905), Subscriber Priority 128 (mt-15 l.1831), Group Order Ascending (mt-15
 * l.1850; for PUBLISH_OK 15 says "the publisher's preference from PUBLISH",
 * which 12-14 cannot express because 0x0 is invalid there, mt-12 l.2339),
 * Content Exists 0, and an AbsoluteStart filter from {0, 0}, which delivers
 * everything published from now on (mt-14 l.1921), i.e. 15's "unfiltered"
 * (mt-15 l.1860).
 *
 * What the encoder does with a value its draft cannot carry:
 * - Dropped, because the receiver learns it another way: the Request ID of
 *   PUBLISH_OK under 17+ (the request stream names it); the Required Request
 *   ID Delta outside 17 (<= 16 order requests on one control stream, 18
 *   removed it).
 * - MOQT_ERR_UNSUPPORTED: Track Extensions / Properties on PUBLISH before 16
 *   and on PUBLISH_OK ever; a Group Order, Forward or Content Exists out of
 *   range (Group Order 0x0 included); a filter type 12-14 lack (Latest Group);
 *   an AbsoluteRange ending before its start group; a Full Track Name above
 *   4096 bytes.
 * An AbsoluteRange End Group before its Start group is malformed on decode
 * (mt-14 l.1928), as in SUBSCRIBE. Whether a Request ID is known is the
 * session's business.
 */
#include "wire/codec_int.h"
#include "wire/params.h"

/* Fixed Group Order / Content Exists / Forward / Priority / Filter: 12-14. */
static bool fixed_subscription_fields(const moqt_profile *p)
{
    return p->draft <= 14;
}

/* mt-17 l.2706: Required Request ID Delta; removed in 18 (mt-18 l.3136). */
static bool has_required_request_id_delta(const moqt_profile *p)
{
    return p->draft == 17;
}

/* mt-18 l.2160, l.2804: 0x1E carries a REQUEST_OK body. */
static bool publish_ok_is_request_ok(const moqt_profile *p)
{
    return p->draft == 18;
}

#define DEFAULT_SUBSCRIBER_PRIORITY 128 /* mt-15 l.1831 */
#define DEFAULT_FORWARD             1   /* mt-15 l.1905 */

/* ---- shared pieces ---- */

/* Group Order of PUBLISH and PUBLISH_OK (12-14): 0x1 or 0x2; "Values of 0x0
 * and those larger than 0x2 are a protocol error" (mt-12 l.2289, l.2339). */
static int read_group_order(moqt_rd *r, moqt_msg_params *pa)
{
    MOQT_TRY(moqt_rd_u8(r, &pa->group_order));
    if (pa->group_order == 0 || pa->group_order > MOQT_GROUP_ORDER_DESCENDING) {
        return moqt_rd_fail(r, "d12-14 PUBLISH/PUBLISH_OK: Group Order 0x0 or above 0x2");
    }
    pa->has |= MOQT_P_GROUP_ORDER;
    return 0;
}

static int write_group_order(moqt_wr *w, const moqt_msg_params *pa)
{
    uint8_t order = (pa->has & MOQT_P_GROUP_ORDER) ? pa->group_order : MOQT_GROUP_ORDER_ASCENDING;
    if (order == 0 || order > MOQT_GROUP_ORDER_DESCENDING) {
        return MOQT_ERR_UNSUPPORTED;
    }
    return moqt_wr_u8(w, order);
}

static int read_forward(moqt_rd *r, moqt_msg_params *pa)
{
    MOQT_TRY(moqt_rd_bool8(r, &pa->forward,
                           "d12-14 PUBLISH/PUBLISH_OK: Forward neither 0 nor 1 "
                           "(mt-12 l.2298)"));
    pa->has |= MOQT_P_FORWARD;
    return 0;
}

static int write_forward(moqt_wr *w, const moqt_msg_params *pa)
{
    uint8_t fwd = (pa->has & MOQT_P_FORWARD) ? pa->forward : DEFAULT_FORWARD;
    if (fwd > 1) {
        return MOQT_ERR_UNSUPPORTED;
    }
    return moqt_wr_u8(w, fwd);
}

/* ---- PUBLISH ---- */

static int decode_publish(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    moqt_msg_params *pa = &m->params;
    MOQT_TRY(moqt_rd_int(r, &m->request_id));
    if (has_required_request_id_delta(p)) {
        MOQT_TRY(moqt_rd_int(r, &m->required_request_id_delta));
    }
    MOQT_TRY(moqt_rd_full_track_name(r, p, &m->ns, &m->track_name));
    MOQT_TRY(moqt_rd_int(r, &m->track_alias));
    if (fixed_subscription_fields(p)) {
        MOQT_TRY(read_group_order(r, pa));
        uint8_t content_exists;
        MOQT_TRY(moqt_rd_bool8(r, &content_exists,
                               "d12-14 PUBLISH: Content Exists neither 0 nor 1 (mt-12 l.2291)"));
        if (content_exists) {
            MOQT_TRY(moqt_rd_location(r, &pa->largest));
            pa->has |= MOQT_P_LARGEST;
        }
        MOQT_TRY(read_forward(r, pa));
    }
    MOQT_TRY(moqt_params_read(r, p, MOQT_MSG_PUBLISH, pa));
    if (p->has_track_properties) {
        MOQT_TRY(moqt_track_props_read(r, p, &m->track_props));
    }
    return 0;
}

static int encode_publish(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    const moqt_msg_params *pa = &m->params;
    if (m->track_props.count != 0 && !p->has_track_properties) {
        return MOQT_ERR_UNSUPPORTED;
    }
    MOQT_TRY(moqt_wr_int(w, m->request_id));
    if (has_required_request_id_delta(p)) {
        MOQT_TRY(moqt_wr_int(w, m->required_request_id_delta));
    }
    MOQT_TRY(moqt_wr_full_track_name(w, p, &m->ns, m->track_name));
    MOQT_TRY(moqt_wr_int(w, m->track_alias));
    uint32_t fixed = 0;
    if (fixed_subscription_fields(p)) {
        MOQT_TRY(write_group_order(w, pa));
        bool content_exists = (pa->has & MOQT_P_LARGEST) != 0;
        MOQT_TRY(moqt_wr_u8(w, content_exists ? 1 : 0));
        if (content_exists) {
            MOQT_TRY(moqt_wr_location(w, pa->largest));
        }
        MOQT_TRY(write_forward(w, pa));
        fixed = MOQT_P_GROUP_ORDER | MOQT_P_LARGEST | MOQT_P_FORWARD;
    }
    MOQT_TRY(moqt_params_write(w, p, MOQT_MSG_PUBLISH, pa, fixed));
    if (p->has_track_properties) {
        MOQT_TRY(moqt_track_props_write(w, p, &m->track_props));
    }
    return 0;
}

/* ---- PUBLISH_OK ---- */

/* Filter Type (i), [Start Location], [End Group] of 12-14 (mt-12 l.1886, "See
 * SUBSCRIBE" l.2342): params.c's filter codec, shared with SUBSCRIBE and the
 * 15+ SUBSCRIPTION_FILTER parameter. An absent filter (bit clear, or type NONE)
 * is written as the "unfiltered" AbsoluteStart {0, 0}. */
static int write_filter(moqt_wr *w, const moqt_profile *p, const moqt_msg_params *pa)
{
    moqt_filter unfiltered = {.type = MOQT_FILTER_ABSOLUTE_START};
    bool present = (pa->has & MOQT_P_FILTER) && pa->filter.type != MOQT_FILTER_NONE;
    return moqt_wr_filter(w, p, present ? &pa->filter : &unfiltered);
}

static int decode_publish_ok(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    moqt_msg_params *pa = &m->params;
    if (publish_ok_is_request_ok(p)) {
        MOQT_TRY(moqt_params_read(r, p, MOQT_MSG_PUBLISH_OK, pa));
        if (moqt_rd_left(r) != 0) {
            return moqt_rd_fail(r, "d18 PUBLISH_OK (REQUEST_OK): Track Properties must be "
                                   "empty (mt-18 l.2825)");
        }
        return 0;
    }
    if (p->responses_have_request_id) {
        MOQT_TRY(moqt_rd_int(r, &m->request_id));
    }
    if (fixed_subscription_fields(p)) {
        MOQT_TRY(read_forward(r, pa));
        MOQT_TRY(moqt_rd_u8(r, &pa->subscriber_priority));
        pa->has |= MOQT_P_SUBSCRIBER_PRIORITY;
        MOQT_TRY(read_group_order(r, pa));
        MOQT_TRY(moqt_rd_filter(r, p, &pa->filter));
        pa->has |= MOQT_P_FILTER;
    }
    return moqt_params_read(r, p, MOQT_MSG_PUBLISH_OK, pa);
}

static int encode_publish_ok(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    const moqt_msg_params *pa = &m->params;
    if (m->track_props.count != 0) {
        return MOQT_ERR_UNSUPPORTED; /* never in PUBLISH_OK; empty in 18 (mt-18 l.2825) */
    }
    if (p->responses_have_request_id) {
        MOQT_TRY(moqt_wr_int(w, m->request_id));
    }
    uint32_t fixed = 0;
    if (fixed_subscription_fields(p)) {
        MOQT_TRY(write_forward(w, pa));
        MOQT_TRY(moqt_wr_u8(w, (pa->has & MOQT_P_SUBSCRIBER_PRIORITY)
                                   ? pa->subscriber_priority
                                   : DEFAULT_SUBSCRIBER_PRIORITY));
        MOQT_TRY(write_group_order(w, pa));
        MOQT_TRY(write_filter(w, p, pa));
        fixed = MOQT_P_FORWARD | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER | MOQT_P_FILTER;
    }
    return moqt_params_write(w, p, MOQT_MSG_PUBLISH_OK, pa, fixed);
}

/* ---- PUBLISH_ERROR (12-14) ---- */

static int decode_publish_error(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    MOQT_TRY(moqt_rd_int(r, &m->request_id));
    MOQT_TRY(moqt_rd_int(r, &m->error_code));
    return moqt_rd_reason(r, p, &m->reason);
}

static int encode_publish_error(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    MOQT_TRY(moqt_wr_int(w, m->request_id));
    MOQT_TRY(moqt_wr_int(w, m->error_code));
    return moqt_wr_reason(w, p, m->reason);
}

int moqt_publish_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_PUBLISH:
        return decode_publish(r, p, m);
    case MOQT_MSG_PUBLISH_OK:
        return decode_publish_ok(r, p, m);
    case MOQT_MSG_PUBLISH_ERROR:
        return decode_publish_error(r, p, m);
    default:
        return moqt_rd_fail(r, "publish codec called for another message kind");
    }
}

int moqt_publish_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_PUBLISH:
        return encode_publish(w, p, m);
    case MOQT_MSG_PUBLISH_OK:
        return encode_publish_ok(w, p, m);
    case MOQT_MSG_PUBLISH_ERROR:
        return encode_publish_error(w, p, m);
    default:
        return MOQT_ERR_UNSUPPORTED;
    }
}
