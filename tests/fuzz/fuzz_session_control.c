/*
 * The session engine against arbitrary peer bytes, every draft. Input:
 *   byte 0  draft (07 + b % 13)
 *   byte 1  where the rest goes: bit 0 = the client's control stream after a
 *           valid setup (0) or a data stream of the server (1); bit 1 = the
 *           server subscribes first (so objects have a subscription);
 *           bits 2-4 = delivery piece size (0 = whole writes, else 1..7)
 *   rest    the bytes
 * A client session and a server session run over the in-memory pair; the
 * bytes are written behind one session's back as a misbehaving peer would.
 * Whatever happens, nothing may crash, and every allocation of the sessions
 * must be freed at the end (counting allocator).
 */
#include <stdlib.h>
#include <string.h>

#include <moqt/moqt_session.h>

#include "wire/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t live;

static void *count_malloc(size_t n, void *ud)
{
    (void)ud;
    void *p = malloc(n);
    live += p != NULL;
    return p;
}

static void *count_realloc(void *ptr, size_t n, void *ud)
{
    (void)ud;
    void *p = realloc(ptr, n);
    live += ptr == NULL && p != NULL;
    return p;
}

static void count_free(void *ptr, void *ud)
{
    (void)ud;
    live -= ptr != NULL;
    free(ptr);
}

static int on_subscribe(moqt_session *s, const moqt_subscribe_request *req, void *ud)
{
    (void)ud;
    return moqt_session_subscribe_accept(s, req->request_id, NULL, 0);
}

static int on_object(moqt_session *s, const moqt_object *o, void *ud)
{
    (void)s;
    (void)ud;
    volatile uint8_t sink = 0;
    for (size_t i = 0; i < o->payload_len; i++) {
        sink ^= o->payload[i]; /* touch every payload byte (ASan) */
    }
    (void)sink;
    return 0;
}

/* A namespace subscription is accepted, so the session keeps it and later
 * peer bytes (UNSUBSCRIBE, overlapping prefixes) meet it. Nothing is
 * reported under it: the client would answer a forwarded PUBLISH_NAMESPACE
 * on the stream the fuzzer writes behind its back, and the acknowledged
 * offsets (which count the fuzzer's bytes) would release its queue early. */
static int on_subscribe_namespace(moqt_session *s, uint64_t request_id,
                                  const moqt_track_namespace *prefix, unsigned wants, void *ud)
{
    (void)prefix;
    (void)wants;
    (void)ud;
    return moqt_session_subscribe_namespace_accept(s, request_id, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) {
        return 0;
    }
    const moqt_profile *p = moqt_profile_for_draft(MOQT_DRAFT_MIN + data[0] % 13);
    bool to_data_stream = data[1] & 1;
    bool server_subscribes = data[1] & 2;
    size_t piece = (data[1] >> 2) & 7;
    data += 2;
    size -= 2;

    static moqt_mem mem = {NULL, count_malloc, count_realloc, count_free};
    live = 0;
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = p->version_in_setup ? "moq-00" : p->alpn;
    ps.max_chunk = piece;
    moqt_mem_pair *mp;
    if (moqt_mem_pair_new(&ps, NULL, &mp) != 0) {
        return 0;
    }
    moqt_session_callbacks cb = {.struct_size = sizeof cb,
                                 .subscribe = on_subscribe,
                                 .object = on_object,
                                 .subscribe_namespace = on_subscribe_namespace};
    moqt_session_settings st;
    moqt_session_settings_default(&st);
    st.drafts = MOQT_DRAFT_BIT(p->version & 0xff);
    st.max_object_size = 4096;
    st.max_early_bytes = 4096;
    moqt_session *c = NULL, *s = NULL;
    moqt_session_client_new(moqt_mem_pair_client(mp), &st, &cb, &mem, NULL, &c);
    moqt_session_server_new(moqt_mem_pair_server(mp), &st, &cb, &mem, NULL, &s);
    moqt_mem_pair_run(mp, 0);
    if (server_subscribes && s) {
        static const moqt_bytes ns[] = {{(const uint8_t *)"f", 1}};
        moqt_subscribe_params sp;
        moqt_subscribe_params_default(&sp);
        sp.track_namespace = (moqt_track_namespace){1, ns};
        sp.track_name = (moqt_bytes){(const uint8_t *)"t", 1};
        uint64_t rid;
        moqt_session_subscribe(s, &sp, &rid, 0);
        moqt_mem_pair_run(mp, 0);
    }
    /* The bytes must outlive the run (the transport borrows them). */
    uint8_t *copy = malloc(size ? size : 1);
    memcpy(copy, data, size);
    if (to_data_stream) {
        moqt_transport *t = moqt_mem_pair_client(mp);
        uint64_t id;
        if (moqt_transport_open_stream(t, false, &id) == 0) {
            moqt_transport_write(t, id, copy, size, true);
        }
    } else {
        /* The client's control stream: bidi 0 (<=16) or uni 2 (17+). */
        uint64_t id = p->setup_shape == MOQT_SETUP_2F00 ? 2 : 0;
        moqt_transport_write(moqt_mem_pair_client(mp), id, copy, size, false);
    }
    moqt_mem_pair_run(mp, 0);
    moqt_session_del(c);
    moqt_session_del(s);
    moqt_mem_pair_del(mp);
    free(copy);
    if (live != 0) {
        abort(); /* a session leaked */
    }
    return 0;
}
