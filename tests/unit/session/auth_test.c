/*
 * Authorization tokens between two sessions, every draft: the authorize
 * callback sees each request's token values before the request's own
 * callback; a refusal reaches the requester with the draft's UNAUTHORIZED
 * code (SUBSCRIBE_ERROR / FETCH_ERROR 07-14, REQUEST_ERROR 15+); token
 * aliases (11+) registered, used, deleted, and the draft's reaction to an
 * unknown alias, a duplicate registration and a full token cache.
 */
#include "sess_harness.h"

typedef struct au_seen {
    int calls;
    moqt_request_kind kind;
    size_t n;
    char token[32];
    const char *refuse; /* refuse requests whose first token is this */
    int fetch_errors;
    uint64_t fetch_err_wire;
    moqt_request_error fetch_err_code;
    int fetches; /* the fetch callback */
    int ts_errors;
    uint64_t ts_err_wire;
    moqt_request_error ts_err_code;
} au_seen;

static au_seen g_au;

static int au_authorize(moqt_session *s, moqt_request_kind kind, uint64_t rid,
                        const moqt_bytes *tokens, size_t n, void *ud)
{
    (void)s;
    (void)rid;
    (void)ud;
    g_au.calls++;
    g_au.kind = kind;
    g_au.n = n;
    g_au.token[0] = 0;
    if (n > 0) {
        snprintf(g_au.token, sizeof g_au.token, "%.*s", (int)tokens[0].len,
                 (const char *)tokens[0].base);
    }
    return g_au.refuse && strcmp(g_au.token, g_au.refuse) == 0;
}

static int au_fetch(moqt_session *s, const moqt_fetch_request *req, void *ud)
{
    (void)ud;
    g_au.fetches++;
    return moqt_session_fetch_reject(s, req->request_id, MOQT_REQUEST_ERROR_DOES_NOT_EXIST, "no",
                                     0);
}

static int au_fetch_error(moqt_session *s, uint64_t rid, moqt_request_error code, uint64_t wire,
                          moqt_bytes reason, void *ud)
{
    (void)s;
    (void)rid;
    (void)reason;
    (void)ud;
    g_au.fetch_errors++;
    g_au.fetch_err_code = code;
    g_au.fetch_err_wire = wire;
    return 0;
}

static int au_ts_error(moqt_session *s, uint64_t rid, moqt_request_error code, uint64_t wire,
                       moqt_bytes reason, void *ud)
{
    (void)s;
    (void)rid;
    (void)reason;
    (void)ud;
    g_au.ts_errors++;
    g_au.ts_err_code = code;
    g_au.ts_err_wire = wire;
    return 0;
}

static moqt_session_callbacks au_callbacks(void)
{
    moqt_session_callbacks cb = sh_callbacks;
    cb.authorize = au_authorize;
    cb.fetch = au_fetch;
    cb.fetch_error = au_fetch_error;
    cb.track_status_error = au_ts_error;
    return cb;
}

static bool au_start(sh_env *e, const moqt_profile *p, const moqt_session_callbacks *cb,
                     uint64_t cache)
{
    memset(&g_au, 0, sizeof g_au);
    sh_opts o;
    sh_opts_for(&o, p);
    o.callbacks = cb;
    o.server_auth_cache = cache;
    if (!sh_start(e, &o)) {
        return false;
    }
    sh_run(e);
    return e->c.setup_done == 1 && e->sv.setup_done == 1;
}

static int au_subscribe(sh_env *e, moqt_token_mode mode, uint64_t alias, const char *token,
                        uint64_t *rid)
{
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    sp.auth_token = (moqt_bytes){(const uint8_t *)token, token ? strlen(token) : 0};
    sp.auth_mode = mode;
    sp.auth_alias = alias;
    return moqt_session_subscribe(e->c.s, &sp, rid, 0);
}

/* The draft's UNAUTHORIZED wire code answering a request of |kind|. */
static uint64_t unauthorized_wire(const moqt_profile *p, moqt_err_table table)
{
    uint64_t wire = UINT64_MAX;
    if (moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR)) {
        table = MOQT_ERRTAB_REQUEST;
    }
    moqt_errcode_to_wire(p, table, MOQT_REQ_ERR_UNAUTHORIZED, &wire);
    return wire;
}

TF_DRAFT_TEST("session/auth", test_auth_token_accepted)
{
    moqt_session_callbacks cb = au_callbacks();
    sh_env e;
    TF_REQUIRE(au_start(&e, p, &cb, 0));
    uint64_t rid;
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_VALUE, 0, "let-me-in", &rid) == 0);
    sh_run(&e);
    TF_CHECK_EQ(g_au.calls, 1);
    TF_CHECK(g_au.kind == MOQT_REQUEST_KIND_SUBSCRIBE);
    TF_CHECK_EQ(g_au.n, 1);
    TF_CHECK(strcmp(g_au.token, "let-me-in") == 0);
    /* The request's own callback follows with the same token. */
    TF_CHECK_EQ(e.sv.nsubs, 1);
    TF_CHECK(strcmp(e.sv.last_token, "let-me-in") == 0);
    TF_CHECK_EQ(e.c.sub_ok, 1);
    /* Without a token the callback is still asked (n = 0). */
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_VALUE, 0, NULL, &rid) == 0);
    sh_run(&e);
    TF_CHECK_EQ(g_au.calls, 2);
    TF_CHECK_EQ(g_au.n, 0);
    TF_CHECK_EQ(e.c.sub_ok, 2);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/auth", test_auth_token_refused)
{
    moqt_session_callbacks cb = au_callbacks();
    sh_env e;
    TF_REQUIRE(au_start(&e, p, &cb, 0));
    g_au.refuse = "stolen";
    uint64_t rid;
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_VALUE, 0, "stolen", &rid) == 0);
    sh_run(&e);
    TF_CHECK_EQ(g_au.calls, 1);
    TF_CHECK_EQ(e.sv.nsubs, 0); /* refused before the subscribe callback */
    TF_CHECK_EQ(e.c.sub_err, 1);
    TF_CHECK(e.c.err_code == MOQT_REQUEST_ERROR_UNAUTHORIZED);
    TF_CHECK_EQ(e.c.err_wire, unauthorized_wire(p, MOQT_ERRTAB_SUBSCRIBE));
    /* The session goes on: Request IDs and credit stay in step. */
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_VALUE, 0, "fine", &rid) == 0);
    sh_run(&e);
    TF_CHECK_EQ(e.sv.nsubs, 1);
    TF_CHECK_EQ(e.c.sub_ok, 1);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/auth", test_auth_fetch_refused)
{
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    moqt_session_callbacks cb = au_callbacks();
    sh_env e;
    TF_REQUIRE(au_start(&e, p, &cb, 0));
    g_au.refuse = ""; /* refuse requests without a token */
    moqt_fetch_params fp;
    moqt_fetch_params_default(&fp);
    fp.track_namespace = (moqt_track_namespace){1, ns};
    fp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    fp.start = (moqt_location){0, 0};
    fp.end = (moqt_location){2, 0};
    uint64_t rid;
    TF_REQUIRE(moqt_session_fetch(e.c.s, &fp, &rid, 0) == 0);
    sh_run(&e);
    TF_CHECK_EQ(g_au.calls, 1);
    TF_CHECK(g_au.kind == MOQT_REQUEST_KIND_FETCH);
    TF_CHECK_EQ(g_au.fetches, 0);
    TF_CHECK_EQ(g_au.fetch_errors, 1);
    TF_CHECK(g_au.fetch_err_code == MOQT_REQUEST_ERROR_UNAUTHORIZED);
    TF_CHECK_EQ(g_au.fetch_err_wire, unauthorized_wire(p, MOQT_ERRTAB_FETCH));
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/auth", test_auth_track_status_refused)
{
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    moqt_session_callbacks cb = au_callbacks();
    sh_env e;
    TF_REQUIRE(au_start(&e, p, &cb, 0));
    g_au.refuse = "";
    uint64_t rid;
    moqt_track_namespace tns = {1, ns};
    TF_REQUIRE(moqt_session_track_status(e.c.s, &tns, (moqt_bytes){(const uint8_t *)"second", 6},
                                         &rid, 0) == 0);
    sh_run(&e);
    TF_CHECK_EQ(g_au.calls, 1);
    TF_CHECK(g_au.kind == MOQT_REQUEST_KIND_TRACK_STATUS);
    TF_CHECK_EQ(g_au.ts_errors, 1);
    if (moqt_profile_msg_type(p, MOQT_MSG_TRACK_STATUS_ERROR) ||
        moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR)) {
        TF_CHECK(g_au.ts_err_code == MOQT_REQUEST_ERROR_UNAUTHORIZED);
        TF_CHECK_EQ(g_au.ts_err_wire, unauthorized_wire(p, MOQT_ERRTAB_TRACK_STATUS));
    } else {
        TF_CHECK_EQ(g_au.ts_err_wire, 0x04); /* 07-12: the reply's "status unknown" */
    }
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* 11+: REGISTER, USE_ALIAS, DELETE; 07-10 have no aliases. */
TF_DRAFT_TEST("session/auth", test_auth_alias_registered_then_used)
{
    moqt_session_callbacks cb = au_callbacks();
    sh_env e;
    TF_REQUIRE(au_start(&e, p, &cb, 64));
    uint64_t rid;
    int rv = au_subscribe(&e, MOQT_TOKEN_REGISTER, 7, "alias-token", &rid);
    if (p->param_encoding == MOQT_PARAMS_TLV) {
        TF_CHECK_INT(rv, MOQT_ERR_UNSUPPORTED); /* 07-10: AUTHORIZATION INFO strings only */
        sh_stop(&e);
        return;
    }
    TF_REQUIRE(rv == 0);
    sh_run(&e);
    TF_CHECK_EQ(g_au.calls, 1);
    TF_CHECK(strcmp(g_au.token, "alias-token") == 0);
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_USE_ALIAS, 7, NULL, &rid) == 0);
    sh_run(&e);
    TF_CHECK_EQ(g_au.calls, 2);
    TF_CHECK_EQ(g_au.n, 1);
    TF_CHECK(strcmp(g_au.token, "alias-token") == 0); /* the value, not the alias */
    TF_CHECK(strcmp(e.sv.last_token, "alias-token") == 0);
    TF_CHECK_EQ(e.c.sub_ok, 2);
    /* DELETE: no value reaches the application; then the alias is unknown. */
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_DELETE, 7, NULL, &rid) == 0);
    sh_run(&e);
    TF_CHECK_EQ(g_au.calls, 3);
    TF_CHECK_EQ(g_au.n, 0);
    TF_CHECK(!e.sv.closed);
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_USE_ALIAS, 7, NULL, &rid) == 0);
    sh_run(&e);
    TF_CHECK_EQ(g_au.calls, 3); /* never reaches the application */
    uint64_t wire;
    if (moqt_errcode_to_wire(p, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS,
                             &wire) == 0) {
        /* 11: the request is refused with Unknown Auth Token Alias. */
        TF_CHECK(!e.sv.closed);
        TF_CHECK_EQ(e.c.sub_err, 1);
        TF_CHECK_EQ(e.c.err_wire, wire);
    } else {
        /* 12+: UNKNOWN_AUTH_TOKEN_ALIAS is a session termination code. */
        TF_REQUIRE(moqt_errcode_to_wire(p, MOQT_ERRTAB_TERMINATION,
                                        MOQT_TERM_UNKNOWN_AUTH_TOKEN_ALIAS, &wire) == 0);
        TF_CHECK(e.sv.closed);
        TF_CHECK_EQ(e.c.close_code, wire);
    }
    sh_stop(&e);
}

TF_DRAFT_TEST("session/auth", test_auth_alias_duplicate_closes)
{
    if (p->param_encoding == MOQT_PARAMS_TLV) {
        return; /* 07-10: no aliases */
    }
    moqt_session_callbacks cb = au_callbacks();
    sh_env e;
    TF_REQUIRE(au_start(&e, p, &cb, 64));
    uint64_t rid;
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_REGISTER, 3, "one", &rid) == 0);
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_REGISTER, 3, "two", &rid) == 0);
    sh_run(&e);
    uint64_t wire;
    TF_REQUIRE(moqt_errcode_to_wire(p, MOQT_ERRTAB_TERMINATION,
                                    MOQT_TERM_DUPLICATE_AUTH_TOKEN_ALIAS, &wire) == 0);
    TF_CHECK(e.sv.closed);
    TF_CHECK_EQ(e.c.close_code, wire);
    TF_CHECK_EQ(g_au.calls, 1);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/auth", test_auth_alias_cache_overflow_closes)
{
    if (p->param_encoding == MOQT_PARAMS_TLV) {
        return;
    }
    moqt_session_callbacks cb = au_callbacks();
    sh_env e;
    TF_REQUIRE(au_start(&e, p, &cb, 8)); /* 8 bytes of token values */
    uint64_t rid;
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_REGISTER, 1, "12345", &rid) == 0);
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_REGISTER, 2, "6789", &rid) == 0);
    sh_run(&e);
    uint64_t wire;
    TF_REQUIRE(moqt_errcode_to_wire(p, MOQT_ERRTAB_TERMINATION, MOQT_TERM_AUTH_TOKEN_CACHE_OVERFLOW,
                                    &wire) == 0);
    TF_CHECK(e.sv.closed);
    TF_CHECK_EQ(e.c.close_code, wire);
    sh_stop(&e);
}

/* Registration takes effect even when the request is refused (mt-12 l.1524). */
TF_DRAFT_TEST("session/auth", test_auth_alias_registered_by_refused_request)
{
    if (p->param_encoding == MOQT_PARAMS_TLV) {
        return;
    }
    moqt_session_callbacks cb = au_callbacks();
    sh_env e;
    TF_REQUIRE(au_start(&e, p, &cb, 64));
    g_au.refuse = "nope";
    uint64_t rid;
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_REGISTER, 5, "nope", &rid) == 0);
    sh_run(&e);
    TF_CHECK_EQ(e.c.sub_err, 1);
    g_au.refuse = NULL;
    TF_REQUIRE(au_subscribe(&e, MOQT_TOKEN_USE_ALIAS, 5, NULL, &rid) == 0);
    sh_run(&e);
    TF_CHECK(strcmp(g_au.token, "nope") == 0);
    TF_CHECK_EQ(e.c.sub_ok, 1);
    TF_CHECK(!e.sv.closed);
    sh_stop(&e);
}
