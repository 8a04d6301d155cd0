/*
 * Authorization tokens on incoming requests, every draft: the application's
 * authorize callback sees each request's token values before the request's
 * own callback and may refuse it with the draft's UNAUTHORIZED code.
 *
 * Tokens (wire/params.c decodes them into moqt_msg_params.auth): 07-10 carry
 * AUTHORIZATION INFO strings (shown as values); 11+ a Token structure with an
 * Alias Type (mt-11 l.1357, mt-12 l.1462):
 *   DELETE    retire the alias;         REGISTER  alias = (type, value), and use it;
 *   USE_ALIAS use the registered value; USE_VALUE use the value given.
 * The peer may register only while the bytes of its registered values stay
 * within the MAX_AUTH_TOKEN_CACHE_SIZE we sent (settings; 0 by default);
 * more closes with AUTH_TOKEN_CACHE_OVERFLOW, registering an alias in use
 * with DUPLICATE_AUTH_TOKEN_ALIAS (mt-12 l.1513, l.1552). A registration
 * takes effect even when the request is then refused (mt-12 l.1524).
 *
 * Decision (the drafts contradict themselves): an alias that is not
 * registered "MUST reject the message with UNKNOWN_AUTH_TOKEN_ALIAS" (mt-11
 * l.1399 ... mt-19 l.2531), but only 11 has such a request error code
 * (SUBSCRIBE_ERROR 0x11, mt-11 l.1890); 12+ define UNKNOWN_AUTH_TOKEN_ALIAS
 * only as a session termination code (0x17, mt-12 l.727). So 11 refuses the
 * request with its code and 12+ close the session with that termination
 * code. DELETE of an unknown alias is treated alike.
 *
 * The resolved values replace the tokens in the message (USE_VALUE, DELETEs
 * dropped), borrowing from a session buffer that lives until the next
 * request, so the request's own callback sees values too.
 */
#include <stddef.h>
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "session/session_int.h"

static moqt_auth_alias *alias_find(moqt_session *s, uint64_t alias)
{
    for (size_t i = 0; i < s->auth_count; i++) {
        if (s->auth_aliases[i].alias == alias) {
            return &s->auth_aliases[i];
        }
    }
    return NULL;
}

static void alias_remove(moqt_session *s, moqt_auth_alias *a)
{
    s->auth_cache_bytes -= a->len;
    moqt_mem_free(s->mem, a->value);
    *a = s->auth_aliases[--s->auth_count];
}

void moqt_auth_free(moqt_session *s)
{
    while (s->auth_count > 0) {
        alias_remove(s, &s->auth_aliases[0]);
    }
    moqt_mem_free(s->mem, s->auth_aliases);
    s->auth_aliases = NULL;
    s->auth_cap = 0;
    moqt_mem_free(s->mem, s->auth_buf);
    s->auth_buf = NULL;
    s->auth_buf_cap = 0;
}

static int alias_register(moqt_session *s, const moqt_auth_token *t)
{
    if (alias_find(s, t->alias) != NULL) {
        return moqt_session_fail(s, MOQT_TERM_DUPLICATE_AUTH_TOKEN_ALIAS,
                                 "a token alias registered twice (mt-12 l.1513)");
    }
    if (s->auth_cache_bytes + t->value.len > s->settings.max_auth_token_cache_size) {
        return moqt_session_fail(s, MOQT_TERM_AUTH_TOKEN_CACHE_OVERFLOW,
                                 "token registrations exceed MAX_AUTH_TOKEN_CACHE_SIZE "
                                 "(mt-12 l.1552)");
    }
    if (s->auth_count == s->auth_cap) {
        size_t cap = s->auth_cap ? s->auth_cap * 2 : 4;
        moqt_auth_alias *n = moqt_mem_realloc(s->mem, s->auth_aliases, cap * sizeof(*n));
        if (n == NULL) {
            return MOQT_ERR_NOMEM;
        }
        s->auth_aliases = n;
        s->auth_cap = cap;
    }
    uint8_t *copy = moqt_mem_malloc(s->mem, t->value.len ? t->value.len : 1);
    if (copy == NULL) {
        return MOQT_ERR_NOMEM;
    }
    if (t->value.len) {
        memcpy(copy, t->value.base, t->value.len);
    }
    s->auth_aliases[s->auth_count++] =
        (moqt_auth_alias){t->alias, t->token_type, copy, t->value.len};
    s->auth_cache_bytes += t->value.len;
    return 0;
}

/* Room for the resolved values of one message (valid until the next). */
static int reserve_values(moqt_session *s, const moqt_msg_params *prm)
{
    size_t need = 0;
    for (size_t i = 0; i < prm->auth_count; i++) {
        const moqt_auth_token *t = &prm->auth[i];
        moqt_auth_alias *a =
            t->alias_type == MOQT_TOKEN_ALIAS_USE_ALIAS ? alias_find(s, t->alias) : NULL;
        need += a ? a->len : t->value.len;
    }
    if (need <= s->auth_buf_cap) {
        return 0;
    }
    uint8_t *n = moqt_mem_realloc(s->mem, s->auth_buf, need);
    if (n == NULL) {
        return MOQT_ERR_NOMEM;
    }
    s->auth_buf = n;
    s->auth_buf_cap = need;
    return 0;
}

/* Resolves the tokens of |prm| in place. *unknown: an alias not registered. */
static int resolve_tokens(moqt_session *s, moqt_msg_params *prm, bool *unknown)
{
    int rv = reserve_values(s, prm);
    size_t out = 0, off = 0;
    for (size_t i = 0; i < prm->auth_count && rv == 0; i++) {
        moqt_auth_token t = prm->auth[i];
        moqt_auth_alias *a = NULL;
        switch (t.alias_type) {
        case MOQT_TOKEN_ALIAS_DELETE:
            a = alias_find(s, t.alias);
            if (a == NULL) {
                *unknown = true;
            } else {
                alias_remove(s, a);
            }
            continue; /* carries no value */
        case MOQT_TOKEN_ALIAS_REGISTER:
            rv = alias_register(s, &t);
            break;
        case MOQT_TOKEN_ALIAS_USE_ALIAS:
            a = alias_find(s, t.alias);
            if (a == NULL) {
                *unknown = true;
                continue;
            }
            t.token_type = a->token_type;
            t.value = (moqt_bytes){a->value, a->len};
            break;
        default:
            break; /* USE_VALUE, and the 07-10 string */
        }
        if (t.value.len) {
            memcpy(s->auth_buf + off, t.value.base, t.value.len);
        }
        t.value.base = s->auth_buf + off;
        off += t.value.len;
        t.alias_type = MOQT_TOKEN_ALIAS_USE_VALUE;
        prm->auth[out++] = t;
    }
    prm->auth_count = out;
    return rv;
}

static bool request_kind_of(moqt_msg_kind k, moqt_request_kind *out)
{
    switch (k) {
    case MOQT_MSG_SUBSCRIBE:
        *out = MOQT_REQUEST_KIND_SUBSCRIBE;
        return true;
    case MOQT_MSG_FETCH:
        *out = MOQT_REQUEST_KIND_FETCH;
        return true;
    case MOQT_MSG_PUBLISH_NAMESPACE:
        *out = MOQT_REQUEST_KIND_PUBLISH_NAMESPACE;
        return true;
    case MOQT_MSG_TRACK_STATUS:
        *out = MOQT_REQUEST_KIND_TRACK_STATUS;
        return true;
    case MOQT_MSG_SUBSCRIBE_NAMESPACE:
        *out = MOQT_REQUEST_KIND_SUBSCRIBE_NAMESPACE;
        return true;
    case MOQT_MSG_PUBLISH:
        *out = MOQT_REQUEST_KIND_PUBLISH;
        return true;
    case MOQT_MSG_SUBSCRIBE_TRACKS:
        *out = MOQT_REQUEST_KIND_SUBSCRIBE_TRACKS;
        return true;
    default:
        return false;
    }
}

/* TRACK_STATUS_REQUEST of 07-12 has no error message: its reply's Status
 * Code 0x04 says the track's status is unknown (mt-07 l.1946, mt-12 l.2795),
 * as track_status.c refuses there. */
static bool refuses_by_reply(const moqt_session *s, const moqt_msg *m)
{
    return m->kind == MOQT_MSG_TRACK_STATUS &&
           !moqt_profile_msg_type(s->p, MOQT_MSG_TRACK_STATUS_ERROR) &&
           !moqt_profile_msg_type(s->p, MOQT_MSG_REQUEST_ERROR);
}

static int reply_unknown_status(moqt_session *s, const moqt_msg *m)
{
    moqt_msg r;
    moqt_msg_init(&r, MOQT_MSG_TRACK_STATUS_OK);
    r.request_id = m->request_id;
    r.ns = m->ns; /* 07-10 name the track */
    r.track_name = m->track_name;
    r.done.status_code = 0x04;
    return s->control ? moqt_session_send_msg(s, s->control, &r, false) : 0;
}

/* Refuses request |m| before any handler saw it: its Request ID is used up
 * and the credit it held comes back, as for a refusal by the application. */
static int refuse(moqt_session *s, sstream *ss, const moqt_msg *m, moqt_req_err code)
{
    if (moqt_profile_consumes_request_id(s->p, m->kind)) {
        int rv = moqt_control_check_peer_request(s, m->request_id);
        if (rv != 0) {
            return rv;
        }
    }
    sstream *out = ss != s->control ? ss : NULL; /* 16+: the request's own stream */
    int rv = refuses_by_reply(s, m) ? reply_unknown_status(s, m)
                                    : moqt_control_refuse(s, m, out, code, "unauthorized");
    if (rv == 0 && moqt_profile_consumes_request_id(s->p, m->kind)) {
        rv = moqt_control_request_completed(s, NULL);
    }
    return rv != 0 ? rv : MOQT_AUTH_REFUSED;
}

int moqt_auth_on_request(moqt_session *s, sstream *ss, moqt_msg *m)
{
    moqt_request_kind kind;
    if (!request_kind_of(m->kind, &kind)) {
        return 0;
    }
    bool unknown = false;
    int rv = resolve_tokens(s, &m->params, &unknown);
    if (rv != 0 || s->closing) {
        return rv != 0 ? rv : MOQT_ERR_PROTOCOL_VIOLATION;
    }
    if (unknown) {
        uint64_t wire;
        moqt_err_table table = moqt_profile_msg_type(s->p, MOQT_MSG_REQUEST_ERROR)
                                   ? MOQT_ERRTAB_REQUEST
                                   : moqt_err_table_for_msg(m->kind);
        if (moqt_errcode_to_wire(s->p, table, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS, &wire) == 0) {
            return refuse(s, ss, m, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS); /* 11 */
        }
        return moqt_session_fail(s, MOQT_TERM_UNKNOWN_AUTH_TOKEN_ALIAS,
                                 "a token alias that is not registered (mt-12 l.1515)");
    }
    if (s->cb.authorize == NULL) {
        return 0;
    }
    moqt_bytes values[MOQT_MAX_AUTH_TOKENS];
    for (size_t i = 0; i < m->params.auth_count; i++) {
        values[i] = m->params.auth[i].value;
    }
    int verdict =
        s->cb.authorize(s, kind, m->request_id, values, m->params.auth_count, s->user_data);
    if (s->closing || s->closed) {
        return MOQT_ERR_PROTOCOL_VIOLATION; /* closed inside the callback */
    }
    if (verdict == 0) {
        return 0;
    }
    MOQT_LOG_I(SESSION_TAG, "%s %llu refused: unauthorized", moqt_msg_name(s->p, m->kind),
               (unsigned long long)m->request_id);
    return refuse(s, ss, m, MOQT_REQ_ERR_UNAUTHORIZED);
}

void moqt_auth_fill_subscribe(const moqt_subscribe_params *pp, moqt_msg_params *prm)
{
    moqt_token_mode mode = MOQT_TOKEN_VALUE;
    uint64_t alias = 0;
    if (pp->struct_size >= offsetof(moqt_subscribe_params, auth_alias) + sizeof(pp->auth_alias)) {
        mode = pp->auth_mode;
        alias = pp->auth_alias;
    }
    moqt_auth_token *t = &prm->auth[0];
    switch (mode) {
    case MOQT_TOKEN_REGISTER:
        *t = (moqt_auth_token){MOQT_TOKEN_ALIAS_REGISTER, alias, 0, pp->auth_token};
        break;
    case MOQT_TOKEN_USE_ALIAS:
        *t = (moqt_auth_token){MOQT_TOKEN_ALIAS_USE_ALIAS, alias, 0, {NULL, 0}};
        break;
    case MOQT_TOKEN_DELETE:
        *t = (moqt_auth_token){MOQT_TOKEN_ALIAS_DELETE, alias, 0, {NULL, 0}};
        break;
    default:
        if (pp->auth_token.len == 0) {
            return; /* no token */
        }
        *t = (moqt_auth_token){MOQT_TOKEN_ALIAS_USE_VALUE, 0, 0, pp->auth_token};
        break;
    }
    prm->auth_count = 1;
}
