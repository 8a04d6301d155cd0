/*
 * The namespace family, drafts 07..19: PUBLISH_NAMESPACE (ANNOUNCE) and its
 * OK / ERROR / DONE (UNANNOUNCE) / CANCEL, SUBSCRIBE_NAMESPACE
 * (SUBSCRIBE_ANNOUNCES) and its OK / ERROR, UNSUBSCRIBE_NAMESPACE, NAMESPACE,
 * NAMESPACE_DONE, SUBSCRIBE_TRACKS, PUBLISH_BLOCKED and PUBLISH_SKIPPED.
 *
 * Every message of the family is a subset, in this order, of
 *   [Request ID] [Required Request ID Delta] [Track Namespace | Prefix | Suffix]
 *   [Subscribe Options] [Error Code, Reason Phrase] [Track Name] [Parameters]
 * so one table (layout_of) says which fields a kind has under a draft, and one
 * decoder and one encoder walk that list. The figures each row follows are
 * cited there.
 *
 * Fields a draft lacks:
 * - Request ID: 07-10 identify the whole family by namespace, 11+ responses and
 *   16+ DONE / CANCEL by Request ID. Neither value is sent where the draft has
 *   no field for it: the session correlates requests and responses, so the
 *   value it keeps in the model for its own bookkeeping is not a loss.
 * - Required Request ID Delta (17 only): a nonzero delta is a delivery-order
 *   dependency that other drafts cannot state, so encoding one elsewhere is
 *   MOQT_ERR_UNSUPPORTED (a relay honours the dependency, then clears it).
 * - Subscribe Options (16-17): see subscribe_options_implied().
 * - Parameters on a message without them, and Track Properties (no message
 *   here has any): MOQT_ERR_UNSUPPORTED rather than dropped.
 */
#include "wire/codec_int.h"
#include "wire/params.h"

/* Fields of a message, in wire order. */
enum {
    F_REQUEST_ID = 1u << 0,
    F_REQUIRED_DELTA = 1u << 1,
    F_NAMESPACE = 1u << 2,   /* a Track Namespace tuple, the draft's 1..32 / 0..32 rule */
    F_NAMESPACE_0 = 1u << 3, /* a tuple that may be empty in this message, 0..32 */
    F_OPTIONS = 1u << 4,
    F_ERROR = 1u << 5, /* Error Code then Reason Phrase */
    F_TRACK_NAME = 1u << 6,
    F_PARAMS = 1u << 7
};

/* 07-10 have no Request IDs; 11 adds them to the requests and their OK /
 * ERROR, which then drop the namespace (mt-11 l.2525, l.2549, l.2566). */
static unsigned request_id_or_namespace(const moqt_profile *p)
{
    return p->draft >= 11 ? F_REQUEST_ID : F_NAMESPACE;
}

/* Required Request ID Delta exists in 17 only (mt-17 l.1884; removed in 18,
 * mt-18 l.3541). */
static unsigned required_delta(const moqt_profile *p)
{
    return p->draft == 17 ? F_REQUIRED_DELTA : 0;
}

static unsigned request_id_if_any(const moqt_profile *p)
{
    return p->draft >= 11 ? F_REQUEST_ID : 0;
}

static unsigned subscribe_namespace_layout(const moqt_profile *p)
{
    if (p->draft == 16) {
        /* mt-16 l.3093; the prefix may have 0 fields (l.3108) although a Track
         * Namespace in 16 has 1..32 (l.545). */
        return F_REQUEST_ID | F_NAMESPACE_0 | F_OPTIONS | F_PARAMS;
    }
    if (p->draft == 17) {
        return F_REQUEST_ID | F_REQUIRED_DELTA | F_NAMESPACE | F_OPTIONS | F_PARAMS; /* l.3211 */
    }
    /* mt-07 l.1603 (prefix, params); mt-11 l.2678 and mt-15 l.2933 (+ Request
     * ID); mt-18 l.3608, mt-19 l.3861 (Subscribe Options gone, 0x50). */
    return request_id_if_any(p) | F_NAMESPACE | F_PARAMS;
}

/* The fields of |kind| under draft |p|, or 0 if the kind is not of this family. */
static unsigned layout_of(moqt_msg_kind kind, const moqt_profile *p)
{
    switch (kind) {
    case MOQT_MSG_PUBLISH_NAMESPACE:
        /* mt-07 l.1876: namespace, params; mt-11 l.2525: + Request ID;
         * mt-17 l.3140: + Required Request ID Delta; mt-18 l.3541: as 16. */
        return request_id_if_any(p) | required_delta(p) | F_NAMESPACE | F_PARAMS;
    case MOQT_MSG_PUBLISH_NAMESPACE_OK:
    case MOQT_MSG_SUBSCRIBE_NAMESPACE_OK:
        /* mt-07 l.1511, l.1972: namespace / prefix; mt-11 l.2549, l.2728 and
         * mt-14 l.2842, l.3008: Request ID only. */
        return request_id_or_namespace(p);
    case MOQT_MSG_PUBLISH_NAMESPACE_ERROR:
    case MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR:
        /* mt-07 l.1529, l.1990; mt-11 l.2566, l.2746; mt-14 l.2859, l.3026. */
        return request_id_or_namespace(p) | F_ERROR;
    case MOQT_MSG_PUBLISH_NAMESPACE_DONE:
        /* Namespace in 07-15 (mt-07 l.1899, mt-15 l.2888); Request ID in 16
         * (mt-16 l.3026). */
        return p->draft >= 16 ? F_REQUEST_ID : F_NAMESPACE;
    case MOQT_MSG_PUBLISH_NAMESPACE_CANCEL:
        /* mt-07 l.1559, mt-15 l.2906: namespace; mt-16 l.3065: Request ID. */
        return (p->draft >= 16 ? F_REQUEST_ID : F_NAMESPACE) | F_ERROR;
    case MOQT_MSG_SUBSCRIBE_NAMESPACE:
        return subscribe_namespace_layout(p);
    case MOQT_MSG_UNSUBSCRIBE_NAMESPACE:
        /* Prefix in 07-14 (mt-07 l.1651, mt-14 l.3086); Request ID in 15
         * (mt-15 l.2997). */
        return p->draft >= 15 ? F_REQUEST_ID : F_NAMESPACE;
    case MOQT_MSG_NAMESPACE:
    case MOQT_MSG_NAMESPACE_DONE:
        /* mt-16 l.3007, l.3046; mt-19 l.3821, l.3842. Deliberate choice: in 16
         * we accept and send an empty suffix although 16's Track Namespace has
         * 1..32 fields (mt-16 l.545): 16 allows an empty prefix (l.3108), and a
         * namespace equal to the prefix leaves nothing after it. */
        return F_NAMESPACE_0;
    case MOQT_MSG_SUBSCRIBE_TRACKS:
        return F_REQUEST_ID | F_NAMESPACE | F_PARAMS; /* mt-18 l.3671, mt-19 l.3924 */
    case MOQT_MSG_PUBLISH_BLOCKED:
    case MOQT_MSG_PUBLISH_SKIPPED:
        /* mt-17 l.3295, mt-18 l.3729, mt-19 l.3999: suffix, track name. */
        return F_NAMESPACE | F_TRACK_NAME;
    default:
        return 0;
    }
}

/*
 * The Subscribe Options value a SUBSCRIBE_NAMESPACE implies in a draft without
 * the field: 07-11 have no PUBLISH, so a namespace subscription yields
 * ANNOUNCEs only; 12-15 forward both PUBLISH_NAMESPACE and PUBLISH (mt-12
 * l.2961, mt-15 l.2929); 18+ split PUBLISH off into SUBSCRIBE_TRACKS (mt-18
 * l.3604).
 */
static uint64_t subscribe_options_implied(const moqt_profile *p)
{
    if (!p->has_publish || p->draft >= 18) {
        return MOQT_SUBSCRIBE_OPTIONS_NAMESPACE;
    }
    return MOQT_SUBSCRIBE_OPTIONS_BOTH;
}

/* Whether a draft without the field can carry |options| without changing what
 * is asked for: in 07-11, BOTH means NAMESPACE since there is no PUBLISH. */
static bool subscribe_options_expressible(const moqt_profile *p, uint64_t options)
{
    if (options == subscribe_options_implied(p)) {
        return true;
    }
    return !p->has_publish && options == MOQT_SUBSCRIBE_OPTIONS_BOTH;
}

/* A tuple; with |may_be_empty| a count of 0 is accepted in any draft. */
static int read_tuple(moqt_rd *r, const moqt_profile *p, bool may_be_empty, moqt_namespace *ns)
{
    if (may_be_empty) {
        moqt_rd peek = *r;
        uint64_t count;
        MOQT_TRY(moqt_rd_int(&peek, &count));
        if (count == 0) {
            *r = peek;
            ns->count = 0;
            return 0;
        }
    }
    return moqt_rd_namespace(r, p, ns);
}

static int write_tuple(moqt_wr *w, const moqt_profile *p, bool may_be_empty,
                       const moqt_namespace *ns)
{
    if (may_be_empty && ns->count == 0) {
        return moqt_wr_int(w, 0);
    }
    return moqt_wr_namespace(w, p, ns);
}

static size_t namespace_bytes(const moqt_namespace *ns)
{
    size_t total = 0;
    for (size_t i = 0; i < ns->count; i++) {
        total += ns->field[i].len;
    }
    return total;
}

static int read_subscribe_options(moqt_rd *r, moqt_msg *m)
{
    /* Only 0x00..0x02 are defined (mt-16 l.3117, mt-17 l.3238); we treat any
     * other value as malformed rather than guess what was asked for. */
    MOQT_TRY(moqt_rd_int_max(r, MOQT_SUBSCRIBE_OPTIONS_BOTH, &m->subscribe_options,
                             "d16 SUBSCRIBE_NAMESPACE: Subscribe Options not 0x0, 0x1 or 0x2"));
    m->has_subscribe_options = true;
    return 0;
}

static int read_track_name(moqt_rd *r, moqt_msg *m)
{
    MOQT_TRY(moqt_rd_lbytes(r, MOQT_MAX_FULL_NAME_LEN, &m->track_name,
                            "d17 §2.4: Track Name longer than 4096 bytes"));
    /* The suffix is only part of the namespace, so this is a lower bound of the
     * Full Track Name; past 4096 it is too long whatever the prefix. */
    if (namespace_bytes(&m->ns) + m->track_name.len > MOQT_MAX_FULL_NAME_LEN) {
        return moqt_rd_fail(r, "d17 §2.4: Full Track Name longer than 4096 bytes");
    }
    return 0;
}

int moqt_namespace_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    unsigned f = layout_of(m->kind, p);
    if (f == 0) {
        return moqt_rd_fail(r, "not a namespace-family message");
    }
    if (f & F_REQUEST_ID) {
        MOQT_TRY(moqt_rd_int(r, &m->request_id));
    }
    if (f & F_REQUIRED_DELTA) {
        /* 2 x delta > Request ID closes the session with
         * INVALID_REQUIRED_REQUEST_ID (mt-17 l.1901), not PROTOCOL_VIOLATION:
         * the session checks it, since it owns that error code. */
        MOQT_TRY(moqt_rd_int(r, &m->required_request_id_delta));
    }
    if (f & (F_NAMESPACE | F_NAMESPACE_0)) {
        MOQT_TRY(read_tuple(r, p, (f & F_NAMESPACE_0) != 0, &m->ns));
    }
    if (f & F_OPTIONS) {
        MOQT_TRY(read_subscribe_options(r, m));
    } else if (m->kind == MOQT_MSG_SUBSCRIBE_NAMESPACE) {
        m->has_subscribe_options = true;
        m->subscribe_options = subscribe_options_implied(p);
    }
    if (f & F_ERROR) {
        MOQT_TRY(moqt_rd_int(r, &m->error_code));
        MOQT_TRY(moqt_rd_reason(r, p, &m->reason));
    }
    if (f & F_TRACK_NAME) {
        MOQT_TRY(read_track_name(r, m));
    }
    if (f & F_PARAMS) {
        MOQT_TRY(moqt_params_read(r, p, m->kind, &m->params));
    }
    return 0;
}

static int write_subscribe_options(moqt_wr *w, const moqt_msg *m)
{
    if (!m->has_subscribe_options) {
        /* What SUBSCRIBE_NAMESPACE asked for before the field existed (15). */
        return moqt_wr_int(w, MOQT_SUBSCRIBE_OPTIONS_BOTH);
    }
    if (m->subscribe_options > MOQT_SUBSCRIBE_OPTIONS_BOTH) {
        return MOQT_ERR_UNSUPPORTED;
    }
    return moqt_wr_int(w, m->subscribe_options);
}

static int write_track_name(moqt_wr *w, const moqt_msg *m)
{
    if (namespace_bytes(&m->ns) + m->track_name.len > MOQT_MAX_FULL_NAME_LEN) {
        return MOQT_ERR_UNSUPPORTED;
    }
    return moqt_wr_lbytes(w, m->track_name);
}

static bool has_any_param(const moqt_msg_params *params)
{
    return params->has != 0 || params->auth_count != 0 || params->other.count != 0;
}

/* Refuses a model this draft cannot state (see the file comment). */
static int check_expressible(const moqt_profile *p, const moqt_msg *m, unsigned f)
{
    if (!(f & F_REQUIRED_DELTA) && m->required_request_id_delta != 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    /* No message of this family carries Track Properties, and only requests
     * carry parameters. */
    if (m->track_props.count != 0 || (!(f & F_PARAMS) && has_any_param(&m->params))) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (m->kind == MOQT_MSG_SUBSCRIBE_NAMESPACE && !(f & F_OPTIONS) && m->has_subscribe_options &&
        !subscribe_options_expressible(p, m->subscribe_options)) {
        return MOQT_ERR_UNSUPPORTED;
    }
    return 0;
}

int moqt_namespace_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    unsigned f = layout_of(m->kind, p);
    if (f == 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    MOQT_TRY(check_expressible(p, m, f));
    if (f & F_REQUEST_ID) {
        MOQT_TRY(moqt_wr_int(w, m->request_id));
    }
    if (f & F_REQUIRED_DELTA) {
        MOQT_TRY(moqt_wr_int(w, m->required_request_id_delta));
    }
    if (f & (F_NAMESPACE | F_NAMESPACE_0)) {
        MOQT_TRY(write_tuple(w, p, (f & F_NAMESPACE_0) != 0, &m->ns));
    }
    if (f & F_OPTIONS) {
        MOQT_TRY(write_subscribe_options(w, m));
    }
    if (f & F_ERROR) {
        MOQT_TRY(moqt_wr_int(w, m->error_code));
        MOQT_TRY(moqt_wr_reason(w, p, m->reason));
    }
    if (f & F_TRACK_NAME) {
        MOQT_TRY(write_track_name(w, m));
    }
    if (f & F_PARAMS) {
        MOQT_TRY(moqt_params_write(w, p, m->kind, &m->params, 0));
    }
    return 0;
}
