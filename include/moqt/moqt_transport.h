/*
 * libmoqt transport contract: what the MoQT session (and the WebTransport
 * adapter) need from a QUIC-like connection. Marked less stable than moqt.h.
 *
 * A moqt_transport is one connection: raw QUIC (src/transport/quic*.c), a
 * WebTransport session (an adapter that itself consumes a moqt_transport
 * whose ALPN is h3), or one end of an in-memory pair (src/transport/mem.c).
 *
 * Model (push out, callbacks in):
 *   - The consumer registers a moqt_transport_callbacks struct with
 *     moqt_transport_set_callbacks(). Everything the peer does arrives there.
 *   - The consumer calls the moqt_transport_* verbs to act. Verbs never call
 *     back into the consumer synchronously: every callback is delivered from
 *     the transport's own processing (packet input, timer, pump), so a verb
 *     may safely be called from inside any callback.
 *
 * Streams are identified by their QUIC stream id (RFC 9000 §2.1) on every
 * transport, so a consumer can derive direction and initiator from the id
 * (moqt_stream_id_is_uni(), moqt_stream_id_is_local()) and an adapter can
 * stack on another transport without translating numbering rules.
 *
 * Ownership of stream data (the zero-copy rule):
 *   moqt_transport_write() borrows the caller's bytes. The transport keeps a
 *   pointer, not a copy, until the peer acknowledges them; the stream_acked
 *   callback then reports the new acknowledged offset and the caller may
 *   release every byte below it. The transport also drops every reference to
 *   a stream's data when the stream is reset locally, when the stream_closed
 *   callback fires for it, and when the connection's closed callback fires.
 *   Received data (stream_data, datagram) is borrowed for the duration of the
 *   callback only; it counts as consumed when the callback returns, and flow
 *   control credit is returned to the peer accordingly.
 *
 * Datagrams are copied (they are sent at most once and are small).
 */
#ifndef MOQT_TRANSPORT_H
#define MOQT_TRANSPORT_H

#include <moqt/moqt.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A transport connection. Opaque. */
typedef struct moqt_transport moqt_transport;

/* ---- Stream ids (RFC 9000 §2.1) ---------------------------------------- */

/** Bit 0 of a stream id: 0 = client-initiated, 1 = server-initiated. */
#define MOQT_STREAM_ID_SERVER_BIT 0x1u
/** Bit 1 of a stream id: 0 = bidirectional, 1 = unidirectional. */
#define MOQT_STREAM_ID_UNI_BIT 0x2u

static inline bool moqt_stream_id_is_uni(uint64_t stream_id)
{
    return (stream_id & MOQT_STREAM_ID_UNI_BIT) != 0;
}

static inline bool moqt_stream_id_is_server_initiated(uint64_t stream_id)
{
    return (stream_id & MOQT_STREAM_ID_SERVER_BIT) != 0;
}

/* ---- Capabilities -------------------------------------------------------- */

/** DATAGRAM frames (RFC 9221) were negotiated with the peer. */
#define MOQT_TRANSPORT_CAP_DATAGRAM 0x1u
/** Unidirectional streams. */
#define MOQT_TRANSPORT_CAP_UNI_STREAMS 0x2u
/** Bidirectional streams. */
#define MOQT_TRANSPORT_CAP_BIDI_STREAMS 0x4u
/** RESET_STREAM / STOP_SENDING carry application codes end to end. */
#define MOQT_TRANSPORT_CAP_STREAM_CODES 0x8u
/** The close reason phrase reaches the peer. */
#define MOQT_TRANSPORT_CAP_CLOSE_REASON 0x10u

/* ---- Receive side: callbacks -------------------------------------------- */

/**
 * The receive side. Assign members by name; a NULL member means "not
 * interested" (the event is dropped; for stream_data the data is still
 * consumed). Every callback receives the user_data given to
 * moqt_transport_set_callbacks() last. Callbacks returning int return 0, or
 * MOQT_ERR_CALLBACK_FAILURE to make the transport close the connection with
 * an internal error. Inside any callback every moqt_transport_* verb may be
 * called (their effects are queued, never re-entrant).
 */
typedef struct moqt_transport_callbacks {
    /** sizeof(moqt_transport_callbacks) as the caller compiled it. */
    size_t struct_size;
    /**
     * The handshake completed. |alpn| is the negotiated application protocol
     * (NUL-terminated, e.g. "moqt-17"; "" if none), valid while the
     * transport lives.
     */
    int (*handshake_done)(moqt_transport *t, const char *alpn, void *user_data);
    /**
     * The peer opened a stream (called before its first stream_data). A
     * consumer that tracks streams per id may allocate here.
     */
    int (*stream_opened)(moqt_transport *t, uint64_t stream_id, void *user_data);
    /**
     * |len| bytes at the current read offset of |stream_id|; |fin| is true
     * when they end the stream (|len| may then be 0). |data| is borrowed for
     * this call only, and never NULL (even when |len| is 0).
     */
    int (*stream_data)(moqt_transport *t, uint64_t stream_id, const uint8_t *data, size_t len,
                       bool fin, void *user_data);
    /** The peer reset its sending side of |stream_id| (RESET_STREAM). */
    int (*stream_reset)(moqt_transport *t, uint64_t stream_id, uint64_t app_error_code,
                        void *user_data);
    /**
     * The peer asked us to stop sending on |stream_id| (STOP_SENDING). The
     * transport has already reset our sending side with the same code (RFC
     * 9000 §3.5) and released the queued data. Raw QUIC on ngtcp2 0.12
     * reports it when the stream closes (ngtcp2 exposes the code only then);
     * writes fail with MOQT_ERR_INVALID_STATE as soon as the transport
     * notices the reset.
     */
    int (*stop_sending)(moqt_transport *t, uint64_t stream_id, uint64_t app_error_code,
                        void *user_data);
    /**
     * The peer acknowledged the first |offset| bytes written on |stream_id|:
     * the writer may release them. |offset| only grows.
     */
    int (*stream_acked)(moqt_transport *t, uint64_t stream_id, uint64_t offset, void *user_data);
    /** |stream_id| accepts writes again after a short write or WOULDBLOCK. */
    int (*stream_writable)(moqt_transport *t, uint64_t stream_id, void *user_data);
    /**
     * The peer raised its stream limit: moqt_transport_open_stream() that
     * returned WOULDBLOCK for this direction may succeed now.
     */
    int (*streams_available)(moqt_transport *t, bool bidi, void *user_data);
    /**
     * The transport forgot |stream_id| (both directions finished or reset).
     * No further event names it and no reference to its data remains.
     */
    int (*stream_closed)(moqt_transport *t, uint64_t stream_id, void *user_data);
    /** A datagram arrived. |data| is borrowed for this call only. */
    int (*datagram)(moqt_transport *t, const uint8_t *data, size_t len, void *user_data);
    /**
     * The connection ended; called exactly once, also after a local close.
     * |remote| says who closed. |app| is true when |error_code| is an
     * application code (CONNECTION_CLOSE 0x1d), false for a transport code
     * (0x1c) or a local failure (handshake refused, idle timeout: code 0).
     * |reason| (may be empty) is borrowed for this call only. After it
     * returns, no callback fires and no stream data is referenced; the
     * handle stays valid until its owner deletes it, but every verb returns
     * MOQT_ERR_INVALID_STATE.
     */
    void (*closed)(moqt_transport *t, bool remote, bool app, uint64_t error_code,
                   const uint8_t *reason, size_t reasonlen, void *user_data);
} moqt_transport_callbacks;

/**
 * moqt_transport_set_callbacks installs |cb| (copied) and |user_data|.
 * Call it before the transport delivers events (at creation or in the
 * accept hook of a server). Returns 0 or MOQT_ERR_INVALID_ARGUMENT.
 */
MOQT_EXTERN int moqt_transport_set_callbacks(moqt_transport *t, const moqt_transport_callbacks *cb,
                                             void *user_data);

/** moqt_transport_user_data returns the user_data installed with the callbacks. */
MOQT_EXTERN void *moqt_transport_user_data(const moqt_transport *t);

/* ---- Send side: verbs ---------------------------------------------------- */

/**
 * moqt_transport_open_stream opens a local stream, bidirectional if |bidi|,
 * and stores its id in |*pstream_id|. Returns 0, MOQT_ERR_WOULDBLOCK when the
 * peer's stream limit is reached (streams_available fires later), or
 * MOQT_ERR_INVALID_STATE before the handshake or after close.
 */
MOQT_EXTERN int moqt_transport_open_stream(moqt_transport *t, bool bidi, uint64_t *pstream_id);

/**
 * moqt_transport_write appends |len| bytes to the sending side of
 * |stream_id|, and ends it when |fin| is true and every byte was accepted.
 * The bytes are borrowed, not copied, until stream_acked reports an offset
 * past them (see the ownership rule above).
 *
 * Returns the number of bytes accepted (0..len). A transport bounds how much
 * unacknowledged data it holds per stream; a short count means the rest must
 * be written again (from the first unaccepted byte) after stream_writable.
 * A zero-length write with |fin| ends the stream. Errors:
 * MOQT_ERR_WOULDBLOCK (nothing accepted), MOQT_ERR_INVALID_ARGUMENT (unknown
 * stream, or the peer's unidirectional stream), MOQT_ERR_INVALID_STATE (the
 * sending side is finished or reset, or the connection is closed).
 */
MOQT_EXTERN moqt_ssize moqt_transport_write(moqt_transport *t, uint64_t stream_id,
                                            const uint8_t *data, size_t len, bool fin);

/**
 * moqt_transport_reset_stream abandons the sending side of |stream_id| with
 * RESET_STREAM |app_error_code|; the transport releases its data. Returns 0,
 * MOQT_ERR_INVALID_ARGUMENT or MOQT_ERR_INVALID_STATE.
 */
MOQT_EXTERN int moqt_transport_reset_stream(moqt_transport *t, uint64_t stream_id,
                                            uint64_t app_error_code);

/**
 * moqt_transport_stop_sending asks the peer to stop sending on |stream_id|
 * with STOP_SENDING |app_error_code|; further received data is discarded.
 */
MOQT_EXTERN int moqt_transport_stop_sending(moqt_transport *t, uint64_t stream_id,
                                            uint64_t app_error_code);

/**
 * moqt_transport_send_datagram queues one datagram (copied). Returns 0,
 * MOQT_ERR_UNSUPPORTED when datagrams were not negotiated,
 * MOQT_ERR_INVALID_ARGUMENT when |len| exceeds
 * moqt_transport_max_datagram_size(), MOQT_ERR_WOULDBLOCK when the
 * transport's datagram queue is full (datagrams are unreliable: drop it).
 */
MOQT_EXTERN int moqt_transport_send_datagram(moqt_transport *t, const uint8_t *data, size_t len);

/**
 * moqt_transport_close closes the connection with application error
 * |app_error_code| and |reason| (copied, may be NULL when |reasonlen| is 0).
 * The closed callback follows (remote = false). Returns 0 or
 * MOQT_ERR_INVALID_STATE if already closing.
 */
MOQT_EXTERN int moqt_transport_close(moqt_transport *t, uint64_t app_error_code,
                                     const uint8_t *reason, size_t reasonlen);

/**
 * moqt_transport_set_stream_priority sets the send order of our side of
 * |stream_id|: when the transport cannot send everything queued at once
 * (congestion window, pacing, a constrained link), streams with a lower
 * |order_key| are sent first; streams with equal keys share round-robin.
 * Every stream starts at key 0 (sent first: control streams need no call).
 * A hint: returns 0 (also when the transport has no scheduler, or the
 * stream is finished), MOQT_ERR_INVALID_ARGUMENT for a stream this end does
 * not send on, MOQT_ERR_INVALID_STATE after close.
 */
MOQT_EXTERN int moqt_transport_set_stream_priority(moqt_transport *t, uint64_t stream_id,
                                                   uint64_t order_key);

/** moqt_transport_capabilities returns a MOQT_TRANSPORT_CAP_* mask. */
MOQT_EXTERN uint32_t moqt_transport_capabilities(const moqt_transport *t);

/**
 * moqt_transport_max_datagram_size returns the largest datagram payload
 * moqt_transport_send_datagram() accepts now (0 without datagram support).
 */
MOQT_EXTERN size_t moqt_transport_max_datagram_size(const moqt_transport *t);

/** moqt_transport_alpn returns the negotiated ALPN ("" before the handshake). */
MOQT_EXTERN const char *moqt_transport_alpn(const moqt_transport *t);

/** moqt_transport_is_server returns true on the accepting side. */
MOQT_EXTERN bool moqt_transport_is_server(const moqt_transport *t);

/**
 * moqt_stream_id_is_local returns true when |stream_id| was opened by this
 * end of |t|.
 */
MOQT_EXTERN bool moqt_stream_id_is_local(const moqt_transport *t, uint64_t stream_id);

/* ---- Implementing a transport (adapters, tests) ------------------------- */

/**
 * The operations behind the verbs. An implementation (QUIC, WebTransport,
 * in-memory, or an application's own) fills one static table and creates
 * handles with moqt_transport_new(). Every op receives the |impl| pointer
 * given there. Ops must not call the consumer's callbacks synchronously.
 */
typedef struct moqt_transport_ops {
    /** sizeof(moqt_transport_ops) as the implementation compiled it. */
    size_t struct_size;
    int (*open_stream)(void *impl, bool bidi, uint64_t *pstream_id);
    moqt_ssize (*write)(void *impl, uint64_t stream_id, const uint8_t *data, size_t len, bool fin);
    int (*reset_stream)(void *impl, uint64_t stream_id, uint64_t app_error_code);
    int (*stop_sending)(void *impl, uint64_t stream_id, uint64_t app_error_code);
    int (*send_datagram)(void *impl, const uint8_t *data, size_t len);
    int (*close)(void *impl, uint64_t app_error_code, const uint8_t *reason, size_t reasonlen);
    uint32_t (*capabilities)(const void *impl);
    size_t (*max_datagram_size)(const void *impl);
    /** Optional (NULL: priorities are ignored). See moqt_transport_set_stream_priority. */
    int (*set_stream_priority)(void *impl, uint64_t stream_id, uint64_t order_key);
} moqt_transport_ops;

/**
 * moqt_transport_new creates a handle dispatching to |ops| (borrowed, must
 * outlive the handle) with |impl|. |is_server| fixes the stream numbering.
 * Returns 0, MOQT_ERR_INVALID_ARGUMENT or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_transport_new(const moqt_transport_ops *ops, void *impl, bool is_server,
                                   const moqt_mem *mem, moqt_transport **pt);

/** moqt_transport_del frees a handle made by moqt_transport_new (NULL is fine). */
MOQT_EXTERN void moqt_transport_del(moqt_transport *t);

/** moqt_transport_impl returns the |impl| pointer given to moqt_transport_new. */
MOQT_EXTERN void *moqt_transport_impl(const moqt_transport *t);

/** moqt_transport_get_ops returns the ops table (to recognise an implementation). */
MOQT_EXTERN const moqt_transport_ops *moqt_transport_get_ops(const moqt_transport *t);

/**
 * Event delivery for implementations: each calls the consumer's callback if
 * set and returns its result (0 when unset). moqt_transport_emit_closed
 * marks the handle closed (later verbs return MOQT_ERR_INVALID_STATE) and
 * fires at most once. moqt_transport_emit_handshake_done records |alpn|
 * (copied) for moqt_transport_alpn().
 */
MOQT_EXTERN int moqt_transport_emit_handshake_done(moqt_transport *t, const char *alpn);
MOQT_EXTERN int moqt_transport_emit_stream_opened(moqt_transport *t, uint64_t stream_id);
MOQT_EXTERN int moqt_transport_emit_stream_data(moqt_transport *t, uint64_t stream_id,
                                                const uint8_t *data, size_t len, bool fin);
MOQT_EXTERN int moqt_transport_emit_stream_reset(moqt_transport *t, uint64_t stream_id,
                                                 uint64_t app_error_code);
MOQT_EXTERN int moqt_transport_emit_stop_sending(moqt_transport *t, uint64_t stream_id,
                                                 uint64_t app_error_code);
MOQT_EXTERN int moqt_transport_emit_stream_acked(moqt_transport *t, uint64_t stream_id,
                                                 uint64_t offset);
MOQT_EXTERN int moqt_transport_emit_stream_writable(moqt_transport *t, uint64_t stream_id);
MOQT_EXTERN int moqt_transport_emit_streams_available(moqt_transport *t, bool bidi);
MOQT_EXTERN int moqt_transport_emit_stream_closed(moqt_transport *t, uint64_t stream_id);
MOQT_EXTERN int moqt_transport_emit_datagram(moqt_transport *t, const uint8_t *data, size_t len);
MOQT_EXTERN void moqt_transport_emit_closed(moqt_transport *t, bool remote, bool app,
                                            uint64_t error_code, const uint8_t *reason,
                                            size_t reasonlen);
/** moqt_transport_is_closed returns true once the closed event was emitted. */
MOQT_EXTERN bool moqt_transport_is_closed(const moqt_transport *t);

/* ---- In-memory pair (src/transport/mem.c) -------------------------------- */

/** A connected client/server pair in one process, for tests and simulation. */
typedef struct moqt_mem_pair moqt_mem_pair;

typedef struct moqt_mem_pair_settings {
    /** sizeof(moqt_mem_pair_settings). */
    size_t struct_size;
    /** ALPN both ends report in handshake_done (copied). Default "moqt-17". */
    const char *alpn;
    /**
     * Unacknowledged bytes a writer may have outstanding per stream before
     * writes come up short (0 = unbounded). Exercises would-block paths.
     */
    size_t stream_window;
    /** Largest piece delivered in one stream_data call (0 = whole writes). */
    size_t max_chunk;
    /** Concurrent streams each side may open per direction (default 100). */
    uint64_t max_streams_bidi;
    uint64_t max_streams_uni;
    /** Datagram payload limit (default 1200; 0 disables datagrams). */
    size_t max_datagram_size;
    /** Datagrams queued per direction before send returns WOULDBLOCK (default 64). */
    size_t datagram_queue;
    /**
     * A constrained link: stream bytes delivered per direction per pass of
     * moqt_mem_pair_run (0 = unlimited, streams delivered in creation order).
     * When set, each pass serves the streams with data in priority order
     * (moqt_transport_set_stream_priority: lowest key first, equal keys
     * round-robin, one piece each), so tests observe the send order.
     */
    size_t link_budget;
} moqt_mem_pair_settings;

/** moqt_mem_pair_settings_default fills |s| with the defaults above. */
MOQT_EXTERN void moqt_mem_pair_settings_default(moqt_mem_pair_settings *s);

/**
 * moqt_mem_pair_new creates a connected pair. |settings| may be NULL.
 * Nothing is delivered until moqt_mem_pair_run(); the first run delivers
 * handshake_done to both ends. Returns 0 or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_mem_pair_new(const moqt_mem_pair_settings *settings, const moqt_mem *mem,
                                  moqt_mem_pair **ppair);
/** moqt_mem_pair_del frees the pair and both transports. */
MOQT_EXTERN void moqt_mem_pair_del(moqt_mem_pair *pair);
MOQT_EXTERN moqt_transport *moqt_mem_pair_client(moqt_mem_pair *pair);
MOQT_EXTERN moqt_transport *moqt_mem_pair_server(moqt_mem_pair *pair);

/**
 * moqt_mem_pair_run delivers queued events in a fixed order (client to
 * server, then server to client, oldest first) until nothing is left or
 * |max_steps| deliveries were made (0 = no limit). Returns the number of
 * deliveries made, or a negative error when a callback failed.
 */
MOQT_EXTERN moqt_ssize moqt_mem_pair_run(moqt_mem_pair *pair, size_t max_steps);

#ifdef __cplusplus
}
#endif

#endif /* MOQT_TRANSPORT_H */
