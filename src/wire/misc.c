/*
 * The small control messages: REQUEST_OK, REQUEST_ERROR, GOAWAY,
 * MAX_REQUEST_ID (MAX_SUBSCRIBE_ID) and REQUESTS_BLOCKED (SUBSCRIBES_BLOCKED).
 *
 * Layouts (fields after Type and Length):
 *   REQUEST_OK 0x07     15-16 {Request ID, Parameters}           mt-15 l.2163, mt-16 l.2257
 *                       17    {Parameters}                       mt-17 l.2455
 *                       18+   {Parameters, Track Properties}     mt-18 l.2810, mt-19 l.3051
 *   REQUEST_ERROR 0x05  15    {Request ID, Code, Reason}         mt-15 l.2185
 *                       16    {Request ID, Code, Retry Interval, Reason}  mt-16 l.2279
 *                       17    {Code, Retry Interval, Reason}     mt-17 l.2472
 *                       18+   + [Redirect] when Code = REDIRECT (0x34)   mt-18 l.2869
 *   GOAWAY 0x10         07-16 {New Session URI}                  mt-07 l.1188 .. mt-16 l.2177
 *                       17    + Timeout                          mt-17 l.2422
 *                       18    + Timeout, [Request ID]            mt-18 l.2756
 *                       19    + Timeout (Request ID removed)     mt-19 l.3009
 *   MAX_REQUEST_ID 0x15 07-16 {Subscribe ID / Request ID / Max Request ID}
 *                                                                mt-07 l.1853, mt-11 l.1618
 *   REQUESTS_BLOCKED 0x1A 08-16 {Maximum Subscribe/Request ID}   mt-08 l.2108, mt-11 l.1650
 *
 * Decisions:
 * - Responses carry no Request ID from 17: m->request_id is neither read nor
 *   written there (the session knows it from the request stream).
 * - GOAWAY 18: "[Request ID]" is "Present only when sent on the control
 *   stream" (mt-18 l.2787). The wire layer does not know the stream, so the
 *   field is present iff bytes remain after Timeout (has_request_id).
 * - REQUEST_ERROR 18+: the Redirect (Connect URI, Track Namespace, Track Name,
 *   mt-18 l.2842) is validated and kept raw in m->err.redirect; it is
 *   required when the code is REDIRECT and absent otherwise (trailing bytes
 *   are then a length mismatch).
 * - The New Session URI is at most 8,192 bytes from 11 (mt-11 l.1602); before
 *   that only the control message length bounds it.
 * - Values a draft cannot carry are refused: a Retry Interval in 15, a
 *   Timeout before 17, a GOAWAY Request ID outside 18, a Redirect before 18 or
 *   with another code, Track Properties in REQUEST_OK before 18.
 */
#include "wire/codec_int.h"
#include "wire/control.h"
#include "wire/params.h"

#define GOAWAY_URI_MAX_D11  8192
#define ERROR_CODE_REDIRECT 0x34 /* REQUEST_ERROR code, 18+ (mt-18 l.5099) */
#define REDIRECT_URI_MAX    8192

/* Draft-number tests, each citing where the field appears or goes. */
static bool responses_carry_request_id(const moqt_profile *p)
{
    return p->responses_have_request_id; /* <=16 (mt-17 l.2455: no Request ID) */
}

static bool request_ok_has_track_props(const moqt_profile *p)
{
    return p->draft >= 18; /* mt-18 l.2815 */
}

static bool error_has_retry_interval(const moqt_profile *p)
{
    return p->draft >= 16; /* mt-16 l.2284 */
}

static bool error_has_redirect(const moqt_profile *p)
{
    return p->draft >= 18; /* mt-18 l.2875 */
}

static bool goaway_has_timeout(const moqt_profile *p)
{
    return p->draft >= 17; /* mt-17 l.2427 */
}

static bool goaway_has_request_id(const moqt_profile *p)
{
    return p->draft == 18; /* mt-18 l.2762; removed in mt-19 l.3009 */
}

static size_t goaway_uri_max(const moqt_profile *p)
{
    return p->draft >= 11 ? GOAWAY_URI_MAX_D11 : MOQT_MAX_CONTROL_PAYLOAD;
}

/* ------------------------------------------------------------------------ */
/* Redirect (18+)                                                              */

/* Reads a Redirect structure and returns its raw span in |raw|. */
static int read_redirect(moqt_rd *r, const moqt_profile *p, moqt_bytes *raw)
{
    const uint8_t *start = r->pos;
    moqt_bytes uri, name;
    moqt_namespace ns;
    MOQT_TRY(moqt_rd_lbytes(r, REDIRECT_URI_MAX, &uri, "Redirect: Connect URI too long"));
    MOQT_TRY(moqt_rd_namespace(r, p, &ns));
    MOQT_TRY(moqt_rd_lbytes(r, MOQT_MAX_FULL_NAME_LEN, &name,
                            "Redirect: Track Name longer than 4096 bytes"));
    raw->base = start;
    raw->len = (size_t)(r->pos - start);
    return 0;
}

/* The raw Redirect must be exactly one valid structure. */
static bool redirect_is_valid(const moqt_profile *p, moqt_bytes raw)
{
    moqt_rd r;
    moqt_bytes span;
    moqt_rd_init(&r, raw.base, raw.len, p->int_kind);
    return read_redirect(&r, p, &span) == 0 && moqt_rd_left(&r) == 0;
}

/* ------------------------------------------------------------------------ */
/* Decoding                                                                    */

static int decode_request_ok(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    if (responses_carry_request_id(p)) {
        MOQT_TRY(moqt_rd_int(r, &m->request_id));
    }
    MOQT_TRY(moqt_params_read(r, p, m->kind, &m->params));
    if (request_ok_has_track_props(p)) {
        return moqt_track_props_read(r, p, &m->track_props);
    }
    return 0;
}

static int decode_request_error(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    if (responses_carry_request_id(p)) {
        MOQT_TRY(moqt_rd_int(r, &m->request_id));
    }
    MOQT_TRY(moqt_rd_int(r, &m->error_code));
    if (error_has_retry_interval(p)) {
        MOQT_TRY(moqt_rd_int(r, &m->err.retry_interval_ms));
    }
    MOQT_TRY(moqt_rd_reason(r, p, &m->reason));
    if (error_has_redirect(p) && m->error_code == ERROR_CODE_REDIRECT) {
        m->err.has_redirect = true;
        return read_redirect(r, p, &m->err.redirect);
    }
    return 0;
}

static int decode_goaway(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    MOQT_TRY(moqt_rd_lbytes(r, goaway_uri_max(p), &m->goaway.new_session_uri,
                            "GOAWAY: New Session URI longer than 8,192 bytes (mt-11 l.1602)"));
    if (goaway_has_timeout(p)) {
        MOQT_TRY(moqt_rd_int(r, &m->goaway.timeout_ms));
    }
    if (goaway_has_request_id(p) && moqt_rd_left(r) > 0) {
        m->goaway.has_request_id = true;
        MOQT_TRY(moqt_rd_int(r, &m->goaway.request_id));
    }
    return 0;
}

int moqt_misc_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_REQUEST_OK:
        return decode_request_ok(r, p, m);
    case MOQT_MSG_REQUEST_ERROR:
        return decode_request_error(r, p, m);
    case MOQT_MSG_GOAWAY:
        return decode_goaway(r, p, m);
    case MOQT_MSG_MAX_REQUEST_ID:
    case MOQT_MSG_REQUESTS_BLOCKED:
        return moqt_rd_int(r, &m->max_request_id);
    default:
        return moqt_rd_fail(r, "not a misc-family message");
    }
}

/* ------------------------------------------------------------------------ */
/* Encoding                                                                    */

static int encode_request_ok(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    if (!request_ok_has_track_props(p) && m->track_props.count != 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (responses_carry_request_id(p)) {
        MOQT_TRY(moqt_wr_int(w, m->request_id));
    }
    MOQT_TRY(moqt_params_write(w, p, m->kind, &m->params, 0));
    if (request_ok_has_track_props(p)) {
        return moqt_track_props_write(w, p, &m->track_props);
    }
    return 0;
}

static int encode_request_error(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    if (!error_has_retry_interval(p) && m->err.retry_interval_ms != 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    bool redirect_code = error_has_redirect(p) && m->error_code == ERROR_CODE_REDIRECT;
    if (m->err.has_redirect != redirect_code) {
        return MOQT_ERR_UNSUPPORTED; /* present iff the code is REDIRECT (mt-18 l.2888) */
    }
    if (redirect_code && !redirect_is_valid(p, m->err.redirect)) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (responses_carry_request_id(p)) {
        MOQT_TRY(moqt_wr_int(w, m->request_id));
    }
    MOQT_TRY(moqt_wr_int(w, m->error_code));
    if (error_has_retry_interval(p)) {
        MOQT_TRY(moqt_wr_int(w, m->err.retry_interval_ms));
    }
    MOQT_TRY(moqt_wr_reason(w, p, m->reason));
    if (redirect_code) {
        return moqt_wr_bytes(w, m->err.redirect.base, m->err.redirect.len);
    }
    return 0;
}

static int encode_goaway(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    const moqt_goaway_fields *g = &m->goaway;
    if (g->new_session_uri.len > goaway_uri_max(p)) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (!goaway_has_timeout(p) && g->timeout_ms != 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (!goaway_has_request_id(p) && g->has_request_id) {
        return MOQT_ERR_UNSUPPORTED;
    }
    MOQT_TRY(moqt_wr_lbytes(w, g->new_session_uri));
    if (goaway_has_timeout(p)) {
        MOQT_TRY(moqt_wr_int(w, g->timeout_ms));
    }
    if (g->has_request_id) {
        MOQT_TRY(moqt_wr_int(w, g->request_id));
    }
    return 0;
}

int moqt_misc_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_REQUEST_OK:
        return encode_request_ok(w, p, m);
    case MOQT_MSG_REQUEST_ERROR:
        return encode_request_error(w, p, m);
    case MOQT_MSG_GOAWAY:
        return encode_goaway(w, p, m);
    case MOQT_MSG_MAX_REQUEST_ID:
    case MOQT_MSG_REQUESTS_BLOCKED:
        return moqt_wr_int(w, m->max_request_id);
    default:
        return MOQT_ERR_UNSUPPORTED;
    }
}
