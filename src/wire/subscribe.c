/*
 * The SUBSCRIBE family under drafts 07..19: SUBSCRIBE, SUBSCRIBE_OK,
 * SUBSCRIBE_ERROR (07-14), REQUEST_UPDATE (SUBSCRIBE_UPDATE 07-15),
 * UNSUBSCRIBE (07-16), PUBLISH_DONE (SUBSCRIBE_DONE 07-13), TRACK_STATUS (the
 * request; TRACK_STATUS_REQUEST 07-12), TRACK_STATUS_OK (the 07-12 reply named
 * TRACK_STATUS; TRACK_STATUS_OK 13-14) and TRACK_STATUS_ERROR (13-14).
 *
 * Message figures read (mt-NN = draft-ietf-moq-transport-NN.md, line):
 *   SUBSCRIBE        07 l.1250  08 l.1323  09 l.1326  10 l.1375  11 l.1731  12 l.1876
 *                    13 l.1878  14 l.1951  15 l.2274  16 l.2377  17 l.2578  18 l.2998
 *                    19 l.3244
 *   SUBSCRIBE_OK     07 l.1667  08 l.1811  09 l.1816  10 l.1449  11 l.1803  12 l.1941
 *                    13 l.1943  14 l.2017  15 l.2315  16 l.2418  17 l.2622  18 l.3030
 *                    19 l.3276
 *   SUBSCRIBE_ERROR  07 l.1713  08 l.1857  09 l.1862  10 l.1495  11 l.1845  12 l.1990
 *                    13 l.1992  14 l.2066
 *   SUBSCRIBE_UPDATE 07 l.1342  08 l.1418  09 l.1421  10 l.1567  11 l.1954  12 l.2083
 *                    13 l.2085  14 l.2146  15 l.2375; REQUEST_UPDATE 16 l.2461
 *                    17 l.2661  18 l.3066  19 l.3320
 *   UNSUBSCRIBE      07 l.1387  08 l.1457  09 l.1460  10 l.1606  11 l.1996  12 l.2125
 *                    13 l.2127  14 l.2192  15 l.2406  16 l.2512
 *   SUBSCRIBE_DONE   07 l.1812  08 l.2023  09 l.2028  10 l.1655  11 l.2046  12 l.2175
 *                    13 l.2177; PUBLISH_DONE 14 l.2241  15 l.2525  16 l.2634
 *                    17 l.2812  18 l.3215  19 l.3468
 *   TRACK_STATUS_REQUEST 07 l.1586  08 l.1728  09 l.1733  10 l.1963  11 l.2444
 *                    12 l.2736; TRACK_STATUS (request) = SUBSCRIBE layout 13 l.2735
 *                    14 l.2776  15 l.2840  16 l.2956  17 l.3115  18 l.3515  19 l.3768
 *   TRACK_STATUS (reply) 07 l.1917  08 l.2170  09 l.2185  10 l.1979  11 l.2472
 *                    12 l.2764; TRACK_STATUS_OK = SUBSCRIBE_OK layout 13 l.2751  14 l.2792
 *   TRACK_STATUS_ERROR = SUBSCRIBE_ERROR layout 13 l.2764  14 l.2805
 *
 * Model mapping (wire/model.h):
 * - Subscribe ID (07-10) and Request ID (11+) are m->request_id; responses of
 *   17+ carry none. SUBSCRIBE_UPDATE's single ID in 07-13 names the
 *   subscription being updated and goes to m->existing_request_id; 14-16 carry
 *   the update's own Request ID (m->request_id) and the subscription's
 *   (m->existing_request_id); 17+ carry only the update's own Request ID.
 * - Subscriber Priority, Group Order, Forward (11-14), Filter, and
 *   SUBSCRIBE_OK's Expires, Group Order, Content Exists + Largest are fixed
 *   fields up to 14 and parameters from 15. They live in m->params with a
 *   MOQT_P_* bit. A decoder sets the bit of every fixed field it reads (but
 *   SUBSCRIBE's Group Order 0x0, "publisher's order", leaves the bit clear: it
 *   is the omitted parameter of 15+, mt-15 l.1847); an encoder for a draft
 *   with the fixed field writes it and passes its bit as |fixed| to
 *   moqt_params_write. With the bit clear, the encoder writes the
 *   value mt-15 gives the omitted parameter: Subscriber Priority 128 (mt-15
 *   l.1831), Group Order 0 "publisher's order" in SUBSCRIBE and 1 Ascending in
 *   SUBSCRIBE_OK (mt-15 l.1847-1850), Forward 1 (mt-15 l.1905), Expires 0 (mt-15
 *   l.1879), Content Exists 0 (mt-15 l.1891), and for the filter "unfiltered"
 *   (mt-15 l.1860), which 11-14 spell AbsoluteStart {0,0} (mt-11 l.1701) and
 *   07-10 Latest Object (mt-07 l.1223; 07 rejects an AbsoluteStart before the
 *   current group, mt-07 l.1229).
 * - SUBSCRIBE_UPDATE (<=14) carries Start, End Group + 1 (0 = open ended) and,
 *   in 07, End Object + 1: decoded into params.filter as ABSOLUTE_START (End
 *   Group 0) or ABSOLUTE_RANGE (end_group = wire - 1). 07's End Object stays as
 *   sent (end Object ID plus 1, 0 = whole group), as in 07's SUBSCRIBE
 *   (mt-07 l.1308, l.1367).
 * - The 07-12 TRACK_STATUS reply: Status Code in m->done.status_code, Last
 *   Group / Object (Largest Location in 11-12) in params.largest with
 *   MOQT_P_LARGEST set, except for codes 0x01 / 0x02 whose location is zero.
 * - SUBSCRIBE_DONE 07: m->done.content_exists + m->done.final; 08+:
 *   m->done.stream_count.
 *
 * What an encoder does with a value its draft cannot carry:
 * - Dropped silently ("lossy"), because the receiving draft learns the same
 *   thing another way or the value has no meaning there: Track Alias in
 *   SUBSCRIBE under 12+ (the publisher picks it, mt-12 l.1945) and in
 *   SUBSCRIBE_OK under 07-11 (the subscriber picked it); Request ID in responses
 *   under 17+ (the request stream names it) and in TRACK_STATUS_REQUEST 07-10
 *   (answered by name); Required Request ID Delta outside 17 (<=16 order
 *   requests on one control stream, 18 removed it); the update's own Request
 *   ID under 07-13 and the existing one under 17+; SUBSCRIBE_ERROR's retry
 *   Track Alias under 12-14 (it only means something with the 07-11 code
 *   'Retry Track Alias', which the error-code map has to handle);
 *   SUBSCRIBE_DONE's Stream Count under 07 and Content Exists / Final under
 *   08+; Forward = 1 under 07-10 (always forwarding there); Priority, Group
 *   Order, Forward and Filter of a TRACK_STATUS request under 07-12 (and every
 *   parameter but the authorization token under 16+), Expires and
 *   Group Order of a TRACK_STATUS reply under 07-12, and its namespace and name
 *   under 11+ (the Request ID names it).
 * - MOQT_ERR_UNSUPPORTED, because the receiver would act differently: Forward
 *   = 0 under 07-10; a filter type the draft lacks (Latest Group outside 07-08,
 *   Next Group Start before 11, anything but a start / range in an update); an
 *   End Object under 08+; a SUBSCRIBE_UPDATE under 07-14 without its filter,
 *   priority or (11-14) forward (those drafts have no "unchanged"); parameters
 *   or Track Properties where the layout has none (TRACK_STATUS_REQUEST /
 *   reply 07-10, SUBSCRIBE_OK before 16); a TRACK_STATUS reply Status Code
 *   other than 0 under 13-14 or a code / location the 07-12 reply forbids;
 *   out-of-range Group Order, Forward or Content Exists; a Full Track Name
 *   above 4096 bytes.
 *
 * End Group before Start Group is malformed in SUBSCRIBE (params.c's filter
 * reader, shared with the 15+ parameter) and in SUBSCRIBE_UPDATE alike, and
 * refused by the encoders. Whether a Request ID is known is the session's
 * business.
 */
#include "wire/codec_int.h"
#include "wire/params.h"

/* --- Which draft has which field ----------------------------------------- */

/* Priority, Group Order, Forward and Filter of SUBSCRIBE and SUBSCRIBE_UPDATE,
 * and Expires / Group Order / Content Exists of SUBSCRIBE_OK are fixed fields
 * up to 14 and parameters from 15 (mt-14 l.1958 vs mt-15 l.2281). */
static bool has_fixed_fields(const moqt_profile *p)
{
    return p->draft <= 14;
}

/* Forward(8): 11-14 (mt-11 l.1741, mt-14 l.1960). */
static bool has_forward_field(const moqt_profile *p)
{
    return p->draft >= 11 && p->draft <= 14;
}

/* End Object in SUBSCRIBE / SUBSCRIBE_UPDATE: 07 only (mt-07 l.1264, l.1349;
 * gone in mt-08 l.1336). */
static bool has_end_object(const moqt_profile *p)
{
    return p->draft == 7;
}

/* Required Request ID Delta in requests: 17 only (mt-17 l.2582, l.2665). */
static bool has_required_request_id(const moqt_profile *p)
{
    return p->draft == 17;
}

/* TRACK_STATUS request / reply shapes: 07-10 by name without Request ID
 * (mt-07 l.1586, l.1917), 11-12 with Request ID and parameters (mt-11 l.2444,
 * l.2472), 13+ the SUBSCRIBE / SUBSCRIBE_OK layouts (mt-13 l.2735, l.2751). */
static bool track_status_mirrors_subscribe(const moqt_profile *p)
{
    return p->draft >= 13;
}

static bool track_status_has_request_id(const moqt_profile *p)
{
    return p->draft >= 11;
}

/* SUBSCRIBE_UPDATE: 07-13 carry only the subscription's ID (mt-13 l.2088);
 * 14-16 add the update's own Request ID before it (mt-14 l.2149, mt-16
 * l.2464); 17+ carry only the update's own (mt-17 l.2664). */
static bool update_has_own_request_id(const moqt_profile *p)
{
    return p->draft >= 14;
}

static bool update_has_existing_request_id(const moqt_profile *p)
{
    return p->draft <= 16;
}

/* SUBSCRIBE_DONE 07: Content Exists + Final after the reason (mt-07 l.1819);
 * 08+: Stream Count before the reason (mt-08 l.2028). */
static bool done_has_stream_count(const moqt_profile *p)
{
    return p->draft >= 8;
}

/* --- Small fields ---------------------------------------------------------- */

/* A one-byte boolean that must be 0 or 1. */
static int rd_flag(moqt_rd *r, uint8_t *v, const char *why)
{
    MOQT_TRY(moqt_rd_u8(r, v));
    return *v > 1 ? moqt_rd_fail(r, why) : 0;
}

static int rd_group_order(moqt_rd *r, bool allow_publisher_order, uint8_t *v)
{
    MOQT_TRY(moqt_rd_u8(r, v));
    if (*v > MOQT_GROUP_ORDER_DESCENDING) {
        return moqt_rd_fail(r, "Group Order larger than 0x2 is a protocol error (mt-07 l.1295, "
                               "mt-11 l.1771, mt-14 l.1984)");
    }
    if (*v == MOQT_GROUP_ORDER_PUBLISHER && !allow_publisher_order) {
        return moqt_rd_fail(r, "SUBSCRIBE_OK Group Order 0x0 is a protocol error (mt-07 l.1692, "
                               "mt-11 l.1827, mt-14 l.2048)");
    }
    return 0;
}

/* A layout without a parameter list can drop |droppable| but nothing else. */
static int check_no_params(const moqt_msg_params *pr, uint32_t droppable)
{
    if ((pr->has & ~droppable) != 0 || pr->auth_count != 0 || pr->other.count != 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    return 0;
}

/* Track Properties trail SUBSCRIBE_OK from 16 (mt-16 l.2425, mt-17 l.2628). */
static int rd_track_props(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    if (!p->has_track_properties) {
        return 0;
    }
    return moqt_track_props_read(r, p, &m->track_props);
}

static int wr_track_props(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    if (!p->has_track_properties) {
        return m->track_props.count != 0 ? MOQT_ERR_UNSUPPORTED : 0;
    }
    return moqt_track_props_write(w, p, &m->track_props);
}

/* --- Filters (fixed fields up to 14) -------------------------------------- */

/* The filter a SUBSCRIBE of 07-14 carries when the model has none: what mt-15
 * calls "unfiltered" (mt-15 l.1860). */
static moqt_filter unfiltered(const moqt_profile *p)
{
    moqt_filter f = {0};
    /* mt-11 l.1701: AbsoluteStart {0,0} receives everything published after the
     * SUBSCRIBE. mt-07 l.1229 rejects a start before the current group, so
     * 07-10 use Latest Object (mt-07 l.1223). */
    f.type = p->draft >= 11 ? MOQT_FILTER_ABSOLUTE_START : MOQT_FILTER_LARGEST_OBJECT;
    return f;
}

/* The fixed Filter Type, [Start], [End Group], [End Object (07)] of 07-14
 * have the bytes of the 15+ Subscription Filter, so params.c's reader serves
 * both: filter types per draft (0x1 Latest Group 07-08 mt-08 l.1293, undefined
 * 09-10 mt-10 l.1348, Next Group Start 11+ mt-11 l.1691; others "MUST be
 * treated as error", mt-07 l.1239, mt-14 l.1931) and End Group not before
 * Start Group (mt-07 l.1234, mt-11 l.1709). */
static int wr_subscribe_filter(moqt_wr *w, const moqt_profile *p, const moqt_msg_params *pr)
{
    moqt_filter f = unfiltered(p);
    if ((pr->has & MOQT_P_FILTER) && pr->filter.type != MOQT_FILTER_NONE) {
        f = pr->filter;
    }
    return moqt_wr_filter(w, p, &f);
}

/* SUBSCRIBE_UPDATE 07-14: Start, End Group + 1 (0 = open ended), and in 07 End
 * Object + 1 (mt-07 l.1364-1368, mt-08 l.1439, mt-14 l.2169). */
static int rd_update_range(moqt_rd *r, const moqt_profile *p, moqt_filter *f)
{
    uint64_t end_plus_one;
    MOQT_TRY(moqt_rd_location(r, &f->start));
    MOQT_TRY(moqt_rd_int(r, &end_plus_one));
    if (has_end_object(p)) {
        MOQT_TRY(moqt_rd_int(r, &f->end_object));
    }
    if (end_plus_one == 0) {
        f->type = MOQT_FILTER_ABSOLUTE_START;
    } else {
        f->type = MOQT_FILTER_ABSOLUTE_RANGE;
        f->end_group = end_plus_one - 1;
        if (f->end_group < f->start.group) {
            /* Treated as malformed, as params.c does for SUBSCRIBE's filter. */
            return moqt_rd_fail(r, "SUBSCRIBE_UPDATE End Group before Start Group: \"Like "
                                   "SUBSCRIBE\" it MUST be the same or later (mt-07 l.1336, "
                                   "mt-11 l.1944, mt-14 l.2136)");
        }
    }
    return 0;
}

static int wr_update_range(moqt_wr *w, const moqt_profile *p, const moqt_filter *f)
{
    uint64_t end_plus_one = 0;
    if (f->type == MOQT_FILTER_ABSOLUTE_RANGE) {
        if (f->end_group == UINT64_MAX) {
            return MOQT_ERR_UNSUPPORTED;
        }
        end_plus_one = f->end_group + 1;
        if (f->end_group < f->start.group || (f->end_object != 0 && !has_end_object(p))) {
            return MOQT_ERR_UNSUPPORTED;
        }
    } else if (f->type != MOQT_FILTER_ABSOLUTE_START) {
        return MOQT_ERR_UNSUPPORTED; /* an update states its range explicitly */
    }
    MOQT_TRY(moqt_wr_location(w, f->start));
    MOQT_TRY(moqt_wr_int(w, end_plus_one));
    if (has_end_object(p)) {
        MOQT_TRY(moqt_wr_int(w, f->end_object));
    }
    return 0;
}

/* Forward under drafts without the field (07-10, and 15+ where it is a
 * parameter, handled by params.c): those drafts always forward, so 1 can be
 * dropped and 0 cannot be expressed. Returns the bits to leave out of the
 * parameter list. */
static int forward_without_field(const moqt_msg_params *pr, uint32_t *skip)
{
    if (pr->has & MOQT_P_FORWARD) {
        if (pr->forward != 1) {
            return MOQT_ERR_UNSUPPORTED;
        }
        *skip |= MOQT_P_FORWARD;
    }
    return 0;
}

/* --- SUBSCRIBE, and TRACK_STATUS from 13 ---------------------------------- */

static int rd_subscribe(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    moqt_msg_params *pr = &m->params;
    MOQT_TRY(moqt_rd_int(r, &m->request_id));
    if (has_required_request_id(p)) {
        MOQT_TRY(moqt_rd_int(r, &m->required_request_id_delta));
    }
    if (p->alias_owner == MOQT_ALIAS_BY_SUBSCRIBER) {
        MOQT_TRY(moqt_rd_int(r, &m->track_alias)); /* 07-11 (mt-11 l.1735) */
    }
    MOQT_TRY(moqt_rd_full_track_name(r, p, &m->ns, &m->track_name));
    if (has_fixed_fields(p)) {
        MOQT_TRY(moqt_rd_u8(r, &pr->subscriber_priority));
        MOQT_TRY(rd_group_order(r, true, &pr->group_order));
        pr->has |= MOQT_P_SUBSCRIBER_PRIORITY;
        if (pr->group_order != MOQT_GROUP_ORDER_PUBLISHER) {
            /* 0x0 "use the publisher's order" is the omitted GROUP_ORDER
             * parameter of 15+ (mt-15 l.1847), which allows only 1 and 2. */
            pr->has |= MOQT_P_GROUP_ORDER;
        }
        if (has_forward_field(p)) {
            MOQT_TRY(rd_flag(r, &pr->forward,
                             "Forward other than 0 or 1 is a protocol violation (mt-11 l.1775, "
                             "mt-14 l.1986)"));
            pr->has |= MOQT_P_FORWARD;
        }
        MOQT_TRY(moqt_rd_filter(r, p, &pr->filter));
        pr->has |= MOQT_P_FILTER;
    }
    return moqt_params_read(r, p, m->kind, pr);
}

/* |dropped|: parameter bits left out (TRACK_STATUS under 16+). */
static int wr_subscribe(moqt_wr *w, const moqt_profile *p, const moqt_msg *m, uint32_t dropped)
{
    const moqt_msg_params *pr = &m->params;
    uint32_t skip = dropped;
    MOQT_TRY(moqt_wr_int(w, m->request_id));
    if (has_required_request_id(p)) {
        MOQT_TRY(moqt_wr_int(w, m->required_request_id_delta));
    }
    if (p->alias_owner == MOQT_ALIAS_BY_SUBSCRIBER) {
        MOQT_TRY(moqt_wr_int(w, m->track_alias));
    }
    MOQT_TRY(moqt_wr_full_track_name(w, p, &m->ns, m->track_name));
    if (has_fixed_fields(p)) {
        bool has_prio = pr->has & MOQT_P_SUBSCRIBER_PRIORITY;
        uint8_t group_order = (pr->has & MOQT_P_GROUP_ORDER) ? pr->group_order : 0;
        if (group_order > MOQT_GROUP_ORDER_DESCENDING) {
            return MOQT_ERR_UNSUPPORTED;
        }
        MOQT_TRY(moqt_wr_u8(w, has_prio ? pr->subscriber_priority : 128));
        MOQT_TRY(moqt_wr_u8(w, group_order));
        if (has_forward_field(p)) {
            uint8_t forward = (pr->has & MOQT_P_FORWARD) ? pr->forward : 1;
            if (forward > 1) {
                return MOQT_ERR_UNSUPPORTED;
            }
            MOQT_TRY(moqt_wr_u8(w, forward));
            skip |= MOQT_P_FORWARD;
        } else {
            MOQT_TRY(forward_without_field(pr, &skip));
        }
        MOQT_TRY(wr_subscribe_filter(w, p, pr));
        skip |= MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER | MOQT_P_FILTER;
    }
    return moqt_params_write(w, p, m->kind, pr, skip);
}

/* --- SUBSCRIBE_OK, and TRACK_STATUS_OK in 13-14 --------------------------- */

static int rd_subscribe_ok(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    moqt_msg_params *pr = &m->params;
    if (p->responses_have_request_id) {
        MOQT_TRY(moqt_rd_int(r, &m->request_id));
    }
    if (p->alias_owner == MOQT_ALIAS_BY_PUBLISHER) {
        MOQT_TRY(moqt_rd_int(r, &m->track_alias)); /* 12+ (mt-12 l.1945) */
    }
    if (has_fixed_fields(p)) {
        uint8_t content_exists;
        MOQT_TRY(moqt_rd_int(r, &pr->expires_ms));
        MOQT_TRY(rd_group_order(r, false, &pr->group_order));
        MOQT_TRY(rd_flag(r, &content_exists,
                         "ContentExists other than 0 or 1 is a protocol violation "
                         "(mt-07 l.1694, mt-11 l.1829, mt-14 l.2050)"));
        pr->has |= MOQT_P_EXPIRES | MOQT_P_GROUP_ORDER;
        if (content_exists) {
            MOQT_TRY(moqt_rd_location(r, &pr->largest));
            pr->has |= MOQT_P_LARGEST;
        }
    }
    MOQT_TRY(moqt_params_read(r, p, m->kind, pr));
    return rd_track_props(r, p, m);
}

static int wr_subscribe_ok(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    const moqt_msg_params *pr = &m->params;
    uint32_t skip = 0;
    if (p->responses_have_request_id) {
        MOQT_TRY(moqt_wr_int(w, m->request_id));
    }
    if (p->alias_owner == MOQT_ALIAS_BY_PUBLISHER) {
        MOQT_TRY(moqt_wr_int(w, m->track_alias));
    }
    if (has_fixed_fields(p)) {
        uint8_t group_order =
            (pr->has & MOQT_P_GROUP_ORDER) ? pr->group_order : MOQT_GROUP_ORDER_ASCENDING;
        if (group_order == MOQT_GROUP_ORDER_PUBLISHER ||
            group_order > MOQT_GROUP_ORDER_DESCENDING) {
            return MOQT_ERR_UNSUPPORTED;
        }
        bool content_exists = pr->has & MOQT_P_LARGEST;
        MOQT_TRY(moqt_wr_int(w, (pr->has & MOQT_P_EXPIRES) ? pr->expires_ms : 0));
        MOQT_TRY(moqt_wr_u8(w, group_order));
        MOQT_TRY(moqt_wr_u8(w, content_exists ? 1 : 0));
        if (content_exists) {
            MOQT_TRY(moqt_wr_location(w, pr->largest));
        }
        skip = MOQT_P_EXPIRES | MOQT_P_GROUP_ORDER | MOQT_P_LARGEST;
    }
    MOQT_TRY(moqt_params_write(w, p, m->kind, pr, skip));
    return wr_track_props(w, p, m);
}

/* --- SUBSCRIBE_ERROR (07-14), TRACK_STATUS_ERROR (13-14) ------------------ */

static int rd_subscribe_error(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    MOQT_TRY(moqt_rd_int(r, &m->request_id));
    MOQT_TRY(moqt_rd_int(r, &m->error_code));
    MOQT_TRY(moqt_rd_reason(r, p, &m->reason));
    if (p->alias_owner == MOQT_ALIAS_BY_SUBSCRIBER) {
        MOQT_TRY(moqt_rd_int(r, &m->err.retry_track_alias)); /* 07-11 (mt-11 l.1851) */
    }
    return 0;
}

static int wr_subscribe_error(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    MOQT_TRY(moqt_wr_int(w, m->request_id));
    MOQT_TRY(moqt_wr_int(w, m->error_code));
    MOQT_TRY(moqt_wr_reason(w, p, m->reason));
    if (p->alias_owner == MOQT_ALIAS_BY_SUBSCRIBER) {
        MOQT_TRY(moqt_wr_int(w, m->err.retry_track_alias));
    }
    return 0;
}

/* --- SUBSCRIBE_UPDATE / REQUEST_UPDATE ------------------------------------- */

static int rd_request_update(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    moqt_msg_params *pr = &m->params;
    if (update_has_own_request_id(p)) {
        MOQT_TRY(moqt_rd_int(r, &m->request_id));
    }
    if (update_has_existing_request_id(p)) {
        MOQT_TRY(moqt_rd_int(r, &m->existing_request_id));
    }
    if (has_required_request_id(p)) {
        MOQT_TRY(moqt_rd_int(r, &m->required_request_id_delta));
    }
    if (has_fixed_fields(p)) {
        MOQT_TRY(rd_update_range(r, p, &pr->filter));
        MOQT_TRY(moqt_rd_u8(r, &pr->subscriber_priority));
        pr->has |= MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY;
        if (has_forward_field(p)) {
            MOQT_TRY(rd_flag(r, &pr->forward,
                             "Forward other than 0 or 1 is a protocol violation (mt-11 l.1982, "
                             "mt-14 l.2176)"));
            pr->has |= MOQT_P_FORWARD;
        }
    }
    return moqt_params_read(r, p, m->kind, pr);
}

static int wr_request_update(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    const moqt_msg_params *pr = &m->params;
    uint32_t skip = 0;
    if (update_has_own_request_id(p)) {
        MOQT_TRY(moqt_wr_int(w, m->request_id));
    }
    if (update_has_existing_request_id(p)) {
        MOQT_TRY(moqt_wr_int(w, m->existing_request_id));
    }
    if (has_required_request_id(p)) {
        MOQT_TRY(moqt_wr_int(w, m->required_request_id_delta));
    }
    if (has_fixed_fields(p)) {
        /* 07-14 restate the whole subscription: nothing can stay "unchanged". */
        uint32_t needed = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY;
        if (has_forward_field(p)) {
            needed |= MOQT_P_FORWARD;
        }
        if ((pr->has & needed) != needed) {
            return MOQT_ERR_UNSUPPORTED;
        }
        MOQT_TRY(wr_update_range(w, p, &pr->filter));
        MOQT_TRY(moqt_wr_u8(w, pr->subscriber_priority));
        if (has_forward_field(p)) {
            if (pr->forward > 1) {
                return MOQT_ERR_UNSUPPORTED;
            }
            MOQT_TRY(moqt_wr_u8(w, pr->forward));
            skip |= MOQT_P_FORWARD;
        } else {
            MOQT_TRY(forward_without_field(pr, &skip));
        }
        skip |= MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY;
    }
    return moqt_params_write(w, p, m->kind, pr, skip);
}

/* --- UNSUBSCRIBE (07-16) -------------------------------------------------- */

static int rd_unsubscribe(moqt_rd *r, moqt_msg *m)
{
    return moqt_rd_int(r, &m->request_id);
}

static int wr_unsubscribe(moqt_wr *w, const moqt_msg *m)
{
    return moqt_wr_int(w, m->request_id);
}

/* --- PUBLISH_DONE / SUBSCRIBE_DONE ---------------------------------------- */

static int rd_publish_done(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    moqt_done_fields *d = &m->done;
    if (p->responses_have_request_id) {
        MOQT_TRY(moqt_rd_int(r, &m->request_id));
    }
    MOQT_TRY(moqt_rd_int(r, &d->status_code));
    if (done_has_stream_count(p)) {
        MOQT_TRY(moqt_rd_int(r, &d->stream_count));
    }
    MOQT_TRY(moqt_rd_reason(r, p, &m->reason));
    if (!done_has_stream_count(p)) {
        MOQT_TRY(rd_flag(r, &d->content_exists,
                         "ContentExists other than 0 or 1 is a protocol violation (mt-07 l.1832)"));
        if (d->content_exists) {
            MOQT_TRY(moqt_rd_location(r, &d->final));
        }
    }
    return 0;
}

static int wr_publish_done(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    const moqt_done_fields *d = &m->done;
    if (p->responses_have_request_id) {
        MOQT_TRY(moqt_wr_int(w, m->request_id));
    }
    MOQT_TRY(moqt_wr_int(w, d->status_code));
    if (done_has_stream_count(p)) {
        MOQT_TRY(moqt_wr_int(w, d->stream_count));
    }
    MOQT_TRY(moqt_wr_reason(w, p, m->reason));
    if (!done_has_stream_count(p)) {
        if (d->content_exists > 1) {
            return MOQT_ERR_UNSUPPORTED;
        }
        MOQT_TRY(moqt_wr_u8(w, d->content_exists));
        if (d->content_exists) {
            MOQT_TRY(moqt_wr_location(w, d->final));
        }
    }
    return 0;
}

/* --- TRACK_STATUS (the request) ------------------------------------------- */

/* What a 07-12 TRACK_STATUS_REQUEST drops from a 13+ one: the subscription
 * shaping fields, which do not change the status a publisher reports. */
#define TRACK_STATUS_REQUEST_DROPPED                                                               \
    (MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER | MOQT_P_FORWARD | MOQT_P_FILTER)

static int rd_track_status(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    if (track_status_mirrors_subscribe(p)) {
        return rd_subscribe(r, p, m);
    }
    if (track_status_has_request_id(p)) {
        MOQT_TRY(moqt_rd_int(r, &m->request_id));
    }
    MOQT_TRY(moqt_rd_full_track_name(r, p, &m->ns, &m->track_name));
    if (track_status_has_request_id(p)) {
        return moqt_params_read(r, p, m->kind, &m->params); /* 11-12 (mt-11 l.2451) */
    }
    return 0;
}

/* 16+ TRACK_STATUS leaves out "subscriber parameters related to Track
 * delivery" (mt-16 l.2957): of the parameters only AUTHORIZATION TOKEN lists
 * TRACK_STATUS (mt-16 l.1768 vs l.1880-2008; mt-19 l.2470), and 17+ close the
 * session on a parameter its definition does not list (mt-17 l.1965). They
 * shape a subscription TRACK_STATUS does not create, so they are dropped. */
static uint32_t track_status_dropped_params(const moqt_profile *p)
{
    return p->draft >= 16 ? UINT32_MAX : 0;
}

static int wr_track_status(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    if (track_status_mirrors_subscribe(p)) {
        return wr_subscribe(w, p, m, track_status_dropped_params(p));
    }
    if (!track_status_has_request_id(p)) {
        MOQT_TRY(check_no_params(&m->params, TRACK_STATUS_REQUEST_DROPPED));
    }
    if (track_status_has_request_id(p)) {
        MOQT_TRY(moqt_wr_int(w, m->request_id));
    }
    MOQT_TRY(moqt_wr_full_track_name(w, p, &m->ns, m->track_name));
    if (track_status_has_request_id(p)) {
        return moqt_params_write(w, p, m->kind, &m->params, TRACK_STATUS_REQUEST_DROPPED);
    }
    return 0;
}

/* --- TRACK_STATUS_OK (the reply) ------------------------------------------ */

/* Status Codes of the 07-12 reply (mt-07 l.1934-1949, mt-11 l.2491-2506). */
#define TRACK_STATUS_IN_PROGRESS   0x00
#define TRACK_STATUS_NOT_EXIST     0x01
#define TRACK_STATUS_NOT_BEGUN     0x02
#define TRACK_STATUS_FINISHED      0x03
#define TRACK_STATUS_RELAY_UNKNOWN 0x04

/* Codes 0x01 and 0x02 require a zero location (mt-07 l.1937, l.1940). */
static bool track_status_has_location(uint64_t status)
{
    return status != TRACK_STATUS_NOT_EXIST && status != TRACK_STATUS_NOT_BEGUN;
}

/* Expires and Group Order of a 13-14 reply have no place in the 07-12 one. */
#define TRACK_STATUS_REPLY_DROPPED (MOQT_P_EXPIRES | MOQT_P_GROUP_ORDER)

static int rd_track_status_reply(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    moqt_location loc;
    if (track_status_mirrors_subscribe(p)) {
        return rd_subscribe_ok(r, p, m);
    }
    if (track_status_has_request_id(p)) {
        MOQT_TRY(moqt_rd_int(r, &m->request_id));
    } else {
        MOQT_TRY(moqt_rd_full_track_name(r, p, &m->ns, &m->track_name));
    }
    MOQT_TRY(moqt_rd_int(r, &m->done.status_code));
    if (m->done.status_code > TRACK_STATUS_RELAY_UNKNOWN) {
        return moqt_rd_fail(r, "TRACK_STATUS Status Code other than 0x00-0x04 is a malformed "
                               "message (mt-07 l.1949, mt-11 l.2506)");
    }
    MOQT_TRY(moqt_rd_location(r, &loc));
    if (track_status_has_location(m->done.status_code)) {
        m->params.largest = loc;
        m->params.has |= MOQT_P_LARGEST;
    } else if (loc.group != 0 || loc.object != 0) {
        return moqt_rd_fail(r, "TRACK_STATUS with Status Code 0x01 or 0x02 needs zero group and "
                               "object (mt-07 l.1937, l.1940)");
    }
    if (track_status_has_request_id(p)) {
        return moqt_params_read(r, p, m->kind, &m->params); /* 11-12 (mt-11 l.2478) */
    }
    return 0;
}

static int wr_track_status_reply(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    const moqt_msg_params *pr = &m->params;
    if (track_status_mirrors_subscribe(p)) {
        /* 13-14 answer a missing track with TRACK_STATUS_ERROR, and have no
         * "finished" or "relay does not know" states. */
        if (m->done.status_code != TRACK_STATUS_IN_PROGRESS) {
            return MOQT_ERR_UNSUPPORTED;
        }
        return wr_subscribe_ok(w, p, m);
    }
    moqt_location loc = {0, 0};
    if (pr->has & MOQT_P_LARGEST) {
        loc = pr->largest;
    }
    if (m->done.status_code > TRACK_STATUS_RELAY_UNKNOWN ||
        (!track_status_has_location(m->done.status_code) && (loc.group | loc.object) != 0)) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (track_status_has_request_id(p)) {
        MOQT_TRY(moqt_wr_int(w, m->request_id));
    } else {
        MOQT_TRY(check_no_params(pr, TRACK_STATUS_REPLY_DROPPED | MOQT_P_LARGEST));
        MOQT_TRY(moqt_wr_full_track_name(w, p, &m->ns, m->track_name));
    }
    MOQT_TRY(moqt_wr_int(w, m->done.status_code));
    MOQT_TRY(moqt_wr_location(w, loc));
    if (track_status_has_request_id(p)) {
        return moqt_params_write(w, p, m->kind, pr, TRACK_STATUS_REPLY_DROPPED | MOQT_P_LARGEST);
    }
    return 0;
}

/* --- Dispatch ------------------------------------------------------------- */

int moqt_subscribe_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_SUBSCRIBE:
        return rd_subscribe(r, p, m);
    case MOQT_MSG_SUBSCRIBE_OK:
        return rd_subscribe_ok(r, p, m);
    case MOQT_MSG_SUBSCRIBE_ERROR:
    case MOQT_MSG_TRACK_STATUS_ERROR:
        return rd_subscribe_error(r, p, m);
    case MOQT_MSG_REQUEST_UPDATE:
        return rd_request_update(r, p, m);
    case MOQT_MSG_UNSUBSCRIBE:
        return rd_unsubscribe(r, m);
    case MOQT_MSG_PUBLISH_DONE:
        return rd_publish_done(r, p, m);
    case MOQT_MSG_TRACK_STATUS:
        return rd_track_status(r, p, m);
    case MOQT_MSG_TRACK_STATUS_OK:
        return rd_track_status_reply(r, p, m);
    default:
        return moqt_rd_fail(r, "not a SUBSCRIBE family message");
    }
}

int moqt_subscribe_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    if (moqt_profile_msg_type(p, m->kind) == 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    switch (m->kind) {
    case MOQT_MSG_SUBSCRIBE:
        return wr_subscribe(w, p, m, 0);
    case MOQT_MSG_SUBSCRIBE_OK:
        return wr_subscribe_ok(w, p, m);
    case MOQT_MSG_SUBSCRIBE_ERROR:
    case MOQT_MSG_TRACK_STATUS_ERROR:
        return wr_subscribe_error(w, p, m);
    case MOQT_MSG_REQUEST_UPDATE:
        return wr_request_update(w, p, m);
    case MOQT_MSG_UNSUBSCRIBE:
        return wr_unsubscribe(w, m);
    case MOQT_MSG_PUBLISH_DONE:
        return wr_publish_done(w, p, m);
    case MOQT_MSG_TRACK_STATUS:
        return wr_track_status(w, p, m);
    case MOQT_MSG_TRACK_STATUS_OK:
        return wr_track_status_reply(w, p, m);
    default:
        return MOQT_ERR_UNSUPPORTED;
    }
}
