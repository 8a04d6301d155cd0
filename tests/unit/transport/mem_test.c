/* The in-memory transport: the shared behaviour bodies plus its own edges. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "tf.h"

TF_TEST("transport/mem", handshake_reports_alpn)
{
    tt_body_handshake(&tt_backend_mem);
}

TF_TEST("transport/mem", bidi_transfer_each_direction)
{
    tt_body_bidi_transfer(&tt_backend_mem, 1u << 20, true);
    tt_body_bidi_transfer(&tt_backend_mem, 1u << 20, false);
}

TF_TEST("transport/mem", uni_transfer_each_direction)
{
    tt_body_uni_transfer(&tt_backend_mem, 1u << 20, true);
    tt_body_uni_transfer(&tt_backend_mem, 1u << 20, false);
}

TF_TEST("transport/mem", thousand_streams)
{
    tt_body_many_streams(&tt_backend_mem, 1000, 3000);
}

TF_TEST("transport/mem", datagram_echo)
{
    tt_body_datagram_echo(&tt_backend_mem, 200);
}

TF_TEST("transport/mem", reset_and_stop_sending_codes)
{
    tt_body_reset_and_stop(&tt_backend_mem);
}

TF_TEST("transport/mem", close_code_and_reason)
{
    tt_body_close_code_reason(&tt_backend_mem);
}

/* A bounded window makes writes come up short and resume on stream_writable,
 * and small delivery pieces exercise incremental readers; bytes stay exact. */
TF_TEST("transport/mem", window_short_writes_resume)
{
    tt_peer peer[2];
    tt_peer_init(&peer[0], "client");
    tt_peer_init(&peer[1], "server");
    tt_opts o = {.stream_window = 1000, .max_chunk = 7};
    tt_pair *pair = tt_backend_mem.create(&o, &peer[0], &peer[1]);
    TF_REQUIRE(tt_backend_mem.run(pair, tt_cond_handshake, peer, 0));
    tt_stream *s = tt_send(&peer[0], false, 100000);
    TF_REQUIRE(s != NULL);
    uint64_t id = s->id;
    TF_CHECK(s->tx_wrote_short);
    TF_CHECK_EQ(s->tx_written, 1000);
    tt_backend_mem.run(pair, tt_cond_closed_both, peer, 0);
    tt_stream *r = tt_stream_find(&peer[1], id);
    TF_REQUIRE(r != NULL);
    TF_CHECK_EQ(r->rx_bytes, 100000);
    TF_CHECK(r->rx_fin && !r->rx_bad);
    TF_CHECK(r->closed);
    TF_CHECK(tt_stream_find(&peer[0], id)->closed);
    TF_CHECK_EQ(tt_stream_find(&peer[0], id)->tx_acked, 100000);
    tt_backend_mem.del(pair);
    tt_peer_free(&peer[0]);
    tt_peer_free(&peer[1]);
}

/* Stream limits: open beyond the limit blocks; closing streams grants more. */
TF_TEST("transport/mem", stream_limit_blocks_then_available)
{
    moqt_mem_pair_settings s;
    moqt_mem_pair_settings_default(&s);
    s.max_streams_uni = 2;
    moqt_mem_pair *pair;
    TF_REQUIRE(moqt_mem_pair_new(&s, NULL, &pair) == 0);
    tt_peer peer[2];
    tt_peer_init(&peer[0], "client");
    tt_peer_init(&peer[1], "server");
    tt_peer_attach(&peer[0], moqt_mem_pair_client(pair));
    tt_peer_attach(&peer[1], moqt_mem_pair_server(pair));
    uint64_t id;
    TF_CHECK_INT(moqt_transport_open_stream(peer[0].t, false, &id), MOQT_ERR_INVALID_STATE);
    TF_CHECK(moqt_mem_pair_run(pair, 0) > 0);
    TF_CHECK_INT(moqt_transport_open_stream(peer[0].t, false, &id), 0);
    TF_CHECK_EQ(id, 2);
    TF_CHECK_INT(moqt_transport_open_stream(peer[0].t, false, &id), 0);
    TF_CHECK_EQ(id, 6);
    TF_CHECK_INT(moqt_transport_open_stream(peer[0].t, false, &id), MOQT_ERR_WOULDBLOCK);
    TF_CHECK_INT(moqt_transport_write(peer[0].t, 2, NULL, 0, true), 0);
    moqt_mem_pair_run(pair, 0);
    TF_CHECK_EQ(peer[0].streams_available_events, 1);
    TF_CHECK_INT(moqt_transport_open_stream(peer[0].t, false, &id), 0);
    TF_CHECK_EQ(id, 10);
    moqt_mem_pair_del(pair);
    tt_peer_free(&peer[0]);
    tt_peer_free(&peer[1]);
}

/* Every allocation failure is reported, and nothing leaks. */
TF_TEST("transport/mem", allocation_failures_are_clean)
{
    for (size_t n = 1; n < 40; n++) {
        tf_alloc a;
        tf_alloc_init(&a, n);
        moqt_mem_pair *pair = NULL;
        int rv = moqt_mem_pair_new(NULL, &a.mem, &pair);
        if (rv == 0) {
            moqt_mem_pair_run(pair, 0);
            uint64_t id;
            for (int i = 0; i < 20; i++) {
                if (moqt_transport_open_stream(moqt_mem_pair_client(pair), i & 1, &id) == 0) {
                    moqt_transport_write(moqt_mem_pair_client(pair), id, (const uint8_t *)"ab", 2,
                                         true);
                }
            }
            moqt_transport_send_datagram(moqt_mem_pair_server(pair), (const uint8_t *)"d", 1);
            moqt_mem_pair_run(pair, 0);
            moqt_mem_pair_del(pair);
        } else {
            TF_CHECK_INT(rv, MOQT_ERR_NOMEM);
        }
        TF_CHECK_EQ(a.live, 0);
    }
}

TF_TEST("transport/mem", link_budget_sends_by_priority)
{
    tt_opts o = {.link_budget = 4096, .max_chunk = 1024};
    tt_body_priority(&tt_backend_mem, &o, 256u << 10);
}
