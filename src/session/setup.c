/*
 * Setup and version negotiation (DRAFT-CHANGES §1, §5).
 *
 * - ALPN "moq-00" (or none): drafts 07-14 negotiate in band. The client
 *   offers every enabled 07-14 version in one CLIENT_SETUP, in the message
 *   shape of the newest one it offers (0x20 for 11-14, 0x40 for 07-10: the
 *   two families cannot share a message, DRAFT-CHANGES §12.2). The server
 *   picks the highest version both support, also across families (a 0x20
 *   CLIENT_SETUP listing 0xff00000a can be answered with a 0x41 SERVER_SETUP;
 *   our client reads either shape), and replies; a mismatch closes with the
 *   draft's VERSION_NEGOTIATION_FAILED (11+, mt-11 l.625) or
 *   PROTOCOL_VIOLATION where the draft has none (07-10).
 * - "moqt-NN" (ALPN on raw QUIC, or settings.protocol for WebTransport's
 *   WT-Protocol): the draft is fixed before any MoQT byte (mt-15 l.600).
 *   15-16 exchange CLIENT_SETUP / SERVER_SETUP on the bidi control stream;
 *   17+ send one SETUP each on a uni control stream (mt-17 l.869), at once.
 * - ROLE (07) is sent by both sides as PUBSUB and required from the peer
 *   (mt-07 l.1155). PATH / AUTHORITY only on raw QUIC and only by the client
 *   (DRAFT-CHANGES §1). MAX_REQUEST_ID is granted by both sides where the
 *   draft has request credit (STACK.md: peers send nothing without it).
 */
#include <string.h>

#include "base/log.h"
#include "session/session_int.h"

static bool draft_enabled(const moqt_session *s, const moqt_profile *p)
{
    return (s->settings.drafts & MOQT_DRAFT_BIT(p->version & 0xff)) != 0;
}

/* The newest enabled draft that negotiates in band, or NULL. */
static const moqt_profile *newest_inband(const moqt_session *s)
{
    size_t count;
    const moqt_profile *all = moqt_profile_all(&count);
    const moqt_profile *best = NULL;
    for (size_t i = 0; i < count; i++) {
        if (all[i].version_in_setup && draft_enabled(s, &all[i])) {
            best = &all[i];
        }
    }
    return best;
}

/* The newest enabled draft (whose close codes a failed negotiation uses when
 * no draft was agreed), or NULL. */
static const moqt_profile *newest_enabled(const moqt_session *s)
{
    size_t count;
    const moqt_profile *all = moqt_profile_all(&count);
    const moqt_profile *best = NULL;
    for (size_t i = 0; i < count; i++) {
        if (draft_enabled(s, &all[i])) {
            best = &all[i];
        }
    }
    return best;
}

/* Closes for a failed negotiation in the terms of |p|: VERSION_NEGOTIATION_FAILED
 * where it has one (11+, mt-11 l.669); 07-10 have no such code, so
 * PROTOCOL_VIOLATION (mt-07 l.555), as the header says. */
static int fail_negotiation(moqt_session *s, const moqt_profile *p, const char *why)
{
    uint64_t wire;
    s->p = p;
    bool has_vnf = p && moqt_errcode_to_wire(p, MOQT_ERRTAB_TERMINATION,
                                             MOQT_TERM_VERSION_NEGOTIATION_FAILED, &wire) == 0;
    return moqt_session_fail(
        s, has_vnf ? MOQT_TERM_VERSION_NEGOTIATION_FAILED : MOQT_TERM_PROTOCOL_VIOLATION, why);
}

/* A profile whose setup message |kind| has wire type |type| (any in-band row of
 * that family decodes the version fields the same way). */
static const moqt_profile *family_of(moqt_msg_kind kind, uint64_t type)
{
    size_t count;
    const moqt_profile *all = moqt_profile_all(&count);
    for (size_t i = 0; i < count; i++) {
        if (all[i].version_in_setup && moqt_profile_msg_type(&all[i], kind) == type) {
            return &all[i];
        }
    }
    return NULL;
}

static void fill_common(moqt_session *s, const moqt_profile *p, moqt_setup_fields *f)
{
    if (p->has_role_param) {
        f->has |= MOQT_S_ROLE;
        f->role = MOQT_ROLE_PUBSUB;
    }
    if (p->has_request_credit) {
        f->has |= MOQT_S_MAX_REQUEST_ID;
        f->max_request_id = moqt_control_granted_max(s, p);
    }
    if (s->settings.max_auth_token_cache_size) {
        f->has |= MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE; /* 11+; dropped before (send_setup) */
        f->max_auth_token_cache_size = s->settings.max_auth_token_cache_size;
    }
    if (s->settings.implementation) {
        f->has |= MOQT_S_IMPLEMENTATION;
        f->implementation = (moqt_bytes){(const uint8_t *)s->settings.implementation,
                                         strlen(s->settings.implementation)};
    }
}

/* Encodes and sends a setup message; optional fields the draft cannot carry
 * (AUTHORITY before 14, the implementation string before 14) are dropped. */
static int send_setup(moqt_session *s, const moqt_profile *p, sstream *ss, moqt_msg *m)
{
    moqt_ssize n = moqt_wire_encode_control(p, m, s->scratch, s->scratch_cap);
    if (n == MOQT_ERR_UNSUPPORTED) {
        m->setup.has &= ~(uint32_t)(MOQT_S_AUTHORITY | MOQT_S_IMPLEMENTATION |
                                    MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE);
        n = moqt_wire_encode_control(p, m, s->scratch, s->scratch_cap);
    }
    if (n < 0) {
        return moqt_session_fail(s, MOQT_TERM_INTERNAL, "cannot encode the setup message");
    }
    s->setup_sent = true;
    return moqt_session_stream_send(s, ss, s->scratch, (size_t)n, NULL, 0, false);
}

static int send_client_setup(moqt_session *s, const moqt_profile *p)
{
    moqt_msg m;
    bool uni = p->setup_shape == MOQT_SETUP_2F00;
    moqt_msg_init(&m, uni ? MOQT_MSG_SETUP : MOQT_MSG_CLIENT_SETUP);
    if (p->version_in_setup) {
        size_t count;
        const moqt_profile *all = moqt_profile_all(&count);
        for (size_t i = count; i-- > 0 && m.setup.version_count < MOQT_MAX_SETUP_VERSIONS;) {
            if (all[i].version_in_setup && draft_enabled(s, &all[i])) {
                m.setup.versions[m.setup.version_count++] = all[i].version;
            }
        }
    }
    fill_common(s, p, &m.setup);
    if (!s->settings.webtransport && s->settings.path) {
        m.setup.has |= MOQT_S_PATH;
        m.setup.path = (moqt_bytes){(const uint8_t *)s->settings.path, strlen(s->settings.path)};
    }
    if (!s->settings.webtransport && s->settings.authority) {
        m.setup.has |= MOQT_S_AUTHORITY;
        m.setup.authority =
            (moqt_bytes){(const uint8_t *)s->settings.authority, strlen(s->settings.authority)};
    }
    sstream *ss;
    int rv = moqt_session_stream_open(s, !uni, uni ? SS_CONTROL_TX : SS_CONTROL, &ss);
    if (rv != 0) {
        return moqt_session_fail(s, MOQT_TERM_INTERNAL, "cannot open the control stream");
    }
    if (uni) {
        s->control_tx = ss;
    } else {
        s->control = ss;
    }
    return send_setup(s, p, ss, &m);
}

static int send_server_setup(moqt_session *s)
{
    const moqt_profile *p = s->p;
    moqt_msg m;
    bool uni = p->setup_shape == MOQT_SETUP_2F00;
    moqt_msg_init(&m, uni ? MOQT_MSG_SETUP : MOQT_MSG_SERVER_SETUP);
    if (p->version_in_setup) {
        m.setup.selected_version = p->version;
    }
    fill_common(s, p, &m.setup);
    sstream *ss = s->control;
    if (uni) {
        int rv = moqt_session_stream_open(s, false, SS_CONTROL_TX, &ss);
        if (rv != 0) {
            return moqt_session_fail(s, MOQT_TERM_INTERNAL, "cannot open the control stream");
        }
        s->control_tx = ss;
    }
    return send_setup(s, p, ss, &m);
}

int moqt_setup_start(moqt_session *s, const char *alpn)
{
    const char *proto = s->settings.protocol ? s->settings.protocol : (alpn ? alpn : "");
    const moqt_profile *p = moqt_profile_for_alpn(proto, strlen(proto));
    if (p != NULL) {
        if (!draft_enabled(s, p)) {
            return fail_negotiation(s, p, "the negotiated protocol names a draft not enabled here");
        }
        s->p = p;
    } else if (newest_inband(s) == NULL) {
        /* No protocol agreed (e.g. WebTransport with no common WT-Protocol)
         * and nothing to negotiate in band: close in our newest draft's terms. */
        return fail_negotiation(s, newest_enabled(s),
                                "no common protocol, and no draft 07-14 enabled for in-band "
                                "negotiation");
    }
    MOQT_LOG_D(SESSION_TAG, "%s handshake done, protocol '%s' (%s)", s->is_server ? "S" : "C",
               proto, p ? p->name : "in-band");
    if (!s->is_server) {
        return send_client_setup(s, p ? p : newest_inband(s));
    }
    if (p && p->setup_shape == MOQT_SETUP_2F00) {
        return send_server_setup(s);
    }
    return 0;
}

/* Chooses the highest version offered by the client that we enable. */
static const moqt_profile *choose_version(moqt_session *s, const moqt_setup_fields *f)
{
    const moqt_profile *best = NULL;
    for (size_t i = 0; i < f->version_count; i++) {
        const moqt_profile *p = moqt_profile_for_version(f->versions[i]);
        if (p && p->version_in_setup && draft_enabled(s, p) &&
            (best == NULL || p->version > best->version)) {
            best = p;
        }
    }
    return best;
}

moqt_ssize moqt_setup_decode_inband(moqt_session *s, const uint8_t *data, size_t len, moqt_msg *m)
{
    uint64_t type;
    if (moqt_quic_varint_decode(data, len, &type) == 0) {
        return MOQT_ERR_WIRE_NEED_MORE;
    }
    moqt_msg_kind kind = s->is_server ? MOQT_MSG_CLIENT_SETUP : MOQT_MSG_SERVER_SETUP;
    const moqt_profile *fam = family_of(kind, type);
    if (fam == NULL) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 s->is_server ? "the first control message is not CLIENT_SETUP"
                                              : "the first control message is not SERVER_SETUP");
    }
    const char *why = NULL;
    moqt_ssize n = moqt_wire_decode_control(fam, data, len, m, &why);
    if (n < 0) {
        if (n == MOQT_ERR_WIRE_NEED_MORE) {
            return n;
        }
        s->p = fam;
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION, why ? why : "bad setup");
    }
    const moqt_profile *chosen;
    if (s->is_server) {
        chosen = choose_version(s, &m->setup);
        if (chosen == NULL) {
            return fail_negotiation(s, fam, "no common MoQT version in CLIENT_SETUP");
        }
    } else {
        chosen = moqt_profile_for_version(m->setup.selected_version);
        if (chosen == NULL || !chosen->version_in_setup || !draft_enabled(s, chosen)) {
            return fail_negotiation(s, fam, "SERVER_SETUP selected a version we did not offer");
        }
    }
    /* Parameters are read under the chosen draft when the message has its shape. */
    if (moqt_profile_msg_type(chosen, kind) == type) {
        n = moqt_wire_decode_control(chosen, data, len, m, &why);
        if (n < 0) {
            s->p = chosen;
            return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION, why ? why : "bad setup");
        }
        if (chosen->has_role_param && !(m->setup.has & MOQT_S_ROLE)) {
            s->p = chosen;
            return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                     "ROLE setup parameter missing (mt-07 l.1155)");
        }
    }
    s->p = chosen;
    return n;
}

static int finish_setup(moqt_session *s)
{
    if (!s->setup_sent || !s->setup_rcvd || s->setup_done) {
        return 0;
    }
    s->setup_done = true;
    MOQT_LOG_I(SESSION_TAG, "%s setup done: %s", s->is_server ? "S" : "C", s->p->name);
    if (s->cb.setup_done) {
        int rv = s->cb.setup_done(s, s->p->version, s->user_data);
        if (rv != 0) {
            return moqt_session_callback_result(s, rv);
        }
    }
    return moqt_control_flush_pending(s);
}

static bool bytes_start_with(moqt_bytes b, const char *prefix)
{
    size_t n = strlen(prefix);
    return b.len >= n && memcmp(b.base, prefix, n) == 0;
}

/*
 * Per-peer compatibility rules, keyed by the implementation string the peer
 * sends in its setup (MOQT_IMPLEMENTATION). @moq/lite ("moq-lite-js") reads and
 * writes 17+ Location-valued parameters with a length prefix (STACK.md), while
 * mt-17 l.1926 makes them two bare integers, and it reads and writes the
 * uint8 parameters (SUBSCRIBER_PRIORITY, FORWARD, GROUP_ORDER; mt-17 l.2166)
 * as vi64 integers, so a priority of 128 (0x80, a vi64 prefix byte) cut its
 * parse short: with that peer only, the session uses both forms. Other peers
 * get the draft's encoding.
 */
static void apply_peer_quirks(moqt_session *s, const moqt_setup_fields *f)
{
    if (!(f->has & MOQT_S_IMPLEMENTATION) || !bytes_start_with(f->implementation, "moq-lite")) {
        return;
    }
    if (s->p->param_encoding != MOQT_PARAMS_TYPED) {
        return; /* earlier drafts carry Locations in KVPs, which agree */
    }
    s->peer_profile = *s->p;
    s->peer_profile.location_params_length_prefixed = true;
    s->peer_profile.uint8_params_as_varint = true;
    s->p = &s->peer_profile;
    MOQT_LOG_I(SESSION_TAG,
               "%s peer %.*s: Location parameters with a length prefix, uint8 ones as integers",
               s->is_server ? "S" : "C", (int)f->implementation.len,
               (const char *)f->implementation.base);
}

int moqt_setup_on_msg(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    (void)ss;
    if (s->setup_rcvd) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION, "a second setup message");
    }
    moqt_msg_kind want = s->p->setup_shape == MOQT_SETUP_2F00
                             ? MOQT_MSG_SETUP
                             : (s->is_server ? MOQT_MSG_CLIENT_SETUP : MOQT_MSG_SERVER_SETUP);
    if (m->kind != want) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "the first control message is not the setup message");
    }
    if (s->p->has_role_param && !(m->setup.has & MOQT_S_ROLE) && !s->is_server) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "ROLE setup parameter missing (mt-07 l.1155)");
    }
    if (s->is_server && s->settings.webtransport == false && (m->setup.has & MOQT_S_PATH)) {
        MOQT_LOG_D(SESSION_TAG, "S client PATH '%.*s'", (int)m->setup.path.len,
                   (const char *)m->setup.path.base);
    }
    s->setup_rcvd = true;
    apply_peer_quirks(s, &m->setup);
    /* The default limit is 0: no requests until granted (mt-11 l.1555). */
    s->peer_max_request_id = (m->setup.has & MOQT_S_MAX_REQUEST_ID) ? m->setup.max_request_id : 0;
    if (s->is_server && !s->setup_sent) {
        int rv = send_server_setup(s);
        if (rv != 0) {
            return rv;
        }
    }
    return finish_setup(s);
}
