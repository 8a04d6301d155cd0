/*
 * libmoqt runtime: raw QUIC endpoints (ngtcp2 + GnuTLS) on UDP sockets,
 * driven by a libev loop, plus TLS certificate handling.
 *
 * An application that does not want to write a loop creates a
 * moqt_runtime, listens and/or connects, installs moqt_transport callbacks
 * on each connection and calls moqt_runtime_run(). The runtime owns the
 * sockets (recvmmsg, UDP GSO/GRO, ECN, IP_PKTINFO) and the timers (ngtcp2 loss
 * detection, idle, keep-alive, pacing). An application with its own libev
 * loop passes it to moqt_runtime_new() and keeps running that loop.
 *
 * No third-party header is included: struct ev_loop is only declared.
 */
#ifndef MOQT_RUNTIME_H
#define MOQT_RUNTIME_H

#include <moqt/moqt.h>
#include <moqt/moqt_transport.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ev_loop;
struct sockaddr; /* from <sys/socket.h>; lengths below are size_t values as size_t */

/* ---- TLS configuration (src/net/cert.c) ---------------------------------- */

/** Certificates, keys and verification policy. Opaque; shareable by many connections. */
typedef struct moqt_tls_config moqt_tls_config;

/**
 * moqt_tls_server_config_load reads a PEM certificate chain and private key.
 * Returns 0, MOQT_ERR_INVALID_ARGUMENT (unreadable or mismatching files) or
 * MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_tls_server_config_load(const char *cert_pem_path, const char *key_pem_path,
                                            const moqt_mem *mem, moqt_tls_config **pcfg);

/**
 * moqt_tls_server_config_self_signed generates an ECDSA P-256 key and a
 * self-signed certificate valid for 10 days (what browsers accept with
 * serverCertificateHashes), with subjectAltNames localhost, 127.0.0.1 and
 * ::1.
 */
MOQT_EXTERN int moqt_tls_server_config_self_signed(const moqt_mem *mem, moqt_tls_config **pcfg);

/**
 * moqt_tls_config_write_pem writes a server config's certificate and key as
 * PEM files (for a peer that needs the certificate, or to reuse it).
 */
MOQT_EXTERN int moqt_tls_config_write_pem(const moqt_tls_config *cfg, const char *cert_pem_path,
                                          const char *key_pem_path);

/** How a client checks the server's certificate. */
typedef enum moqt_tls_verify {
    /** Against the system trust store, with the server name. The default. */
    MOQT_TLS_VERIFY_SYSTEM = 0,
    /** The end-entity certificate's SHA-256 (of its DER) must equal the pin. */
    MOQT_TLS_VERIFY_FINGERPRINT = 1,
    /** No verification at all (logged as a warning at every connection). */
    MOQT_TLS_VERIFY_NONE = 2
} moqt_tls_verify;

/**
 * moqt_tls_client_config_new makes a client configuration. |fingerprint_hex|
 * (64 hex digits, ':' separators allowed) is required for
 * MOQT_TLS_VERIFY_FINGERPRINT. The environment variable
 * TLS_DISABLE_VERIFY=1 turns any mode into MOQT_TLS_VERIFY_NONE. Returns 0,
 * MOQT_ERR_INVALID_ARGUMENT or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_tls_client_config_new(moqt_tls_verify verify, const char *fingerprint_hex,
                                           const moqt_mem *mem, moqt_tls_config **pcfg);

/**
 * moqt_tls_config_fingerprint returns the SHA-256 of the server
 * certificate's DER as 64 lowercase hex digits ("" for client configs).
 */
MOQT_EXTERN const char *moqt_tls_config_fingerprint(const moqt_tls_config *cfg);

MOQT_EXTERN void moqt_tls_config_del(moqt_tls_config *cfg);

/* ---- QUIC settings -------------------------------------------------------- */

typedef enum moqt_quic_cc {
    MOQT_QUIC_CC_CUBIC = 0,
    MOQT_QUIC_CC_RENO = 1,
    MOQT_QUIC_CC_BBR = 2,
    MOQT_QUIC_CC_BBR2 = 3
} moqt_quic_cc;

/** moqt_quic_cc_str returns "cubic", "reno", "bbr" or "bbr2". */
MOQT_EXTERN const char *moqt_quic_cc_str(moqt_quic_cc cc);
/** moqt_quic_cc_parse maps a name to an algorithm; -1 if unknown. */
MOQT_EXTERN int moqt_quic_cc_parse(const char *name);

/** The ALPN list offered by default, in server preference order. */
#define MOQT_QUIC_ALPNS_DEFAULT                                                                    \
    "moqt-19", "moqt-18", "moqt-17", "moqt-16", "moqt-15", "moq-00", "h3"

typedef struct moqt_quic_settings {
    /** sizeof(moqt_quic_settings). */
    size_t struct_size;
    /**
     * ALPN identifiers: a client offers them in this order, a server picks
     * the first of its list the client offers (server preference). NULL or
     * 0 entries: MOQT_QUIC_ALPNS_DEFAULT. Borrowed until the endpoint or
     * connection is created (copied then).
     */
    const char *const *alpns;
    size_t nalpns;
    /** Idle timeout (default 30 s). */
    moqt_duration idle_timeout;
    /** Send a PING after this much quiet (0 = no keep-alive, the default). */
    moqt_duration keep_alive;
    moqt_quic_cc cc;
    /** Directory for qlog files, one per connection (NULL = no qlog). */
    const char *qlog_dir;
    /** Stream and connection flow control windows (defaults 1 MiB, 16 MiB; auto-tuned). */
    uint64_t max_stream_data;
    uint64_t max_data;
    /** Concurrent streams the peer may open per direction (default 1000). */
    uint64_t max_streams_bidi;
    uint64_t max_streams_uni;
    /** Largest DATAGRAM frame accepted (default 1200; 0 disables datagrams). */
    uint64_t max_datagram_frame_size;
    /** Unacknowledged bytes accepted per stream before writes come up short (default 4 MiB). */
    size_t stream_send_buffer;
    /** Datagrams queued per connection before send_datagram returns WOULDBLOCK (default 256). */
    size_t datagram_queue;
    /** Server name for SNI and certificate checks (client; default: the host). */
    const char *server_name;
    /** Disable UDP GSO even where the kernel has it (benchmarks, tests). */
    bool no_gso;
} moqt_quic_settings;

/** moqt_quic_settings_default fills |s| with the defaults above. */
MOQT_EXTERN void moqt_quic_settings_default(moqt_quic_settings *s);

/* ---- Runtime (src/net/runtime.c) ---------------------------------------- */

typedef struct moqt_runtime moqt_runtime;
typedef struct moqt_quic_server moqt_quic_server;

/**
 * moqt_runtime_new makes a runtime on |loop|, or on a loop of its own when
 * |loop| is NULL. Returns 0 or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_runtime_new(struct ev_loop *loop, const moqt_mem *mem, moqt_runtime **prt);

/**
 * moqt_runtime_del closes every connection (without callbacks), every
 * socket and server, and frees the runtime (and its own loop).
 */
MOQT_EXTERN void moqt_runtime_del(moqt_runtime *rt);

/** moqt_runtime_loop returns the libev loop in use. */
MOQT_EXTERN struct ev_loop *moqt_runtime_loop(moqt_runtime *rt);

/** moqt_runtime_run runs the loop until moqt_runtime_stop() or nothing is left. */
MOQT_EXTERN int moqt_runtime_run(moqt_runtime *rt);

/**
 * moqt_runtime_run_until runs the loop until |cond|(|arg|) is true (checked
 * after every loop iteration) or |timeout| passed. Returns true when the
 * condition held. For tests and simple tools.
 */
MOQT_EXTERN bool moqt_runtime_run_until(moqt_runtime *rt, bool (*cond)(void *arg), void *arg,
                                        moqt_duration timeout);

MOQT_EXTERN void moqt_runtime_stop(moqt_runtime *rt);

/**
 * Called for each new server connection, before any of its events. Install
 * the connection's callbacks here (moqt_transport_set_callbacks). Return 0
 * to accept, nonzero to refuse (the connection is dropped silently).
 * Server connections are freed by the runtime after their closed callback
 * returned: do not use the handle afterwards.
 */
typedef int (*moqt_quic_accept_cb)(moqt_quic_server *srv, moqt_transport *t, void *user_data);

/**
 * moqt_runtime_listen binds a UDP socket to |host| (NULL, "::" or "" =
 * dual-stack any address; "127.0.0.1", "::1" ...) and |port| (0 = any) and
 * accepts QUIC connections with |tls| (a server config, borrowed: must
 * outlive the server). Returns 0, MOQT_ERR_INVALID_ARGUMENT,
 * MOQT_ERR_TRANSPORT (socket errors) or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_runtime_listen(moqt_runtime *rt, const char *host, uint16_t port,
                                    const moqt_quic_settings *settings, const moqt_tls_config *tls,
                                    moqt_quic_accept_cb accept, void *user_data,
                                    moqt_quic_server **psrv);

/** moqt_quic_server_port returns the bound UDP port. */
MOQT_EXTERN uint16_t moqt_quic_server_port(const moqt_quic_server *srv);

/** moqt_quic_server_connections returns the number of live connections. */
MOQT_EXTERN size_t moqt_quic_server_connections(const moqt_quic_server *srv);

/**
 * moqt_quic_server_drop_state forgets every connection without telling the peers
 * (simulates a server that lost its state: peers then receive stateless
 * resets). For tests.
 */
MOQT_EXTERN void moqt_quic_server_drop_state(moqt_quic_server *srv);

/**
 * moqt_runtime_connect starts a client connection to |host|:|port| (a
 * numeric address or a name) with |tls| (a client config, borrowed: must
 * outlive the connection). The handshake runs when the loop runs; install
 * callbacks on |*pt| before that. The handle belongs to the application:
 * free it with moqt_runtime_conn_del() (after its closed callback, or to
 * abandon it). Returns 0, MOQT_ERR_INVALID_ARGUMENT, MOQT_ERR_TRANSPORT or
 * MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_runtime_connect(moqt_runtime *rt, const char *host, uint16_t port,
                                     const moqt_quic_settings *settings, const moqt_tls_config *tls,
                                     moqt_transport **pt);

/** moqt_runtime_conn_del frees a client connection (closing it silently if open). */
MOQT_EXTERN void moqt_runtime_conn_del(moqt_runtime *rt, moqt_transport *t);

/**
 * moqt_quic_key_update starts a TLS key update on a QUIC connection.
 * Returns 0, MOQT_ERR_INVALID_STATE (handshake not confirmed, or an update
 * still in progress) or MOQT_ERR_INVALID_ARGUMENT (not a QUIC transport).
 */
MOQT_EXTERN int moqt_quic_key_update(moqt_transport *t);

/* ---- Sans-I/O QUIC: bring your own loop (src/transport/quic_api.c) ------ */

/*
 * The runtime above is one driver of these. Another loop feeds received
 * UDP payloads in, asks for packets to send after every input (and after
 * acting on a connection's transport), and calls handle_expiry when the
 * connection's expiry passes. Timestamps are the caller's monotonic clock
 * in nanoseconds. Nothing here touches a socket or reads a clock.
 */

/** A QUIC connection without a loop. Its moqt_transport is moqt_quic_conn_transport(). */
typedef struct moqt_quic_conn moqt_quic_conn;
/** A server endpoint: routes packets to its connections by connection ID. */
typedef struct moqt_quic_listener moqt_quic_listener;

/**
 * Called with packets to send: |len| bytes of packets of |segment| bytes
 * each (the last may be shorter; send them with UDP_SEGMENT, or one by
 * one). |local| is the source address to use (may be NULL). Return 0, or
 * MOQT_ERR_WOULDBLOCK after keeping the bytes to send later (the
 * connection stops writing for now).
 */
typedef int (*moqt_quic_send_cb)(void *user_data, const struct sockaddr *local, size_t locallen,
                                 const struct sockaddr *remote, size_t remotelen, uint32_t ecn,
                                 const uint8_t *data, size_t len, size_t segment);

/**
 * moqt_quic_client_new starts a client connection from |local| to |remote|
 * (copied). |tls| is a client config (borrowed, must outlive the
 * connection); |server_name| is for SNI and verification. Call
 * moqt_quic_conn_write() to send the first flight.
 */
MOQT_EXTERN int moqt_quic_client_new(const moqt_quic_settings *settings, const moqt_tls_config *tls,
                                     const char *server_name, const struct sockaddr *local,
                                     size_t locallen, const struct sockaddr *remote,
                                     size_t remotelen, moqt_tstamp now, const moqt_mem *mem,
                                     moqt_quic_conn **pconn);

MOQT_EXTERN moqt_transport *moqt_quic_conn_transport(moqt_quic_conn *conn);

/** moqt_quic_conn_read processes one received UDP payload (one QUIC packet or a coalesced
 * datagram). */
MOQT_EXTERN int moqt_quic_conn_read(moqt_quic_conn *conn, const struct sockaddr *local,
                                    size_t locallen, const struct sockaddr *remote,
                                    size_t remotelen, uint32_t ecn, const uint8_t *data, size_t len,
                                    moqt_tstamp now);

/** moqt_quic_conn_write hands every packet due now to |send|. */
MOQT_EXTERN int moqt_quic_conn_write(moqt_quic_conn *conn, moqt_quic_send_cb send, void *user_data,
                                     moqt_tstamp now);

/** moqt_quic_conn_expiry returns when moqt_quic_conn_handle_expiry is due (UINT64_MAX: never). */
MOQT_EXTERN moqt_tstamp moqt_quic_conn_expiry(moqt_quic_conn *conn);

/** moqt_quic_conn_handle_expiry runs the connection's timers; write afterwards. */
MOQT_EXTERN int moqt_quic_conn_handle_expiry(moqt_quic_conn *conn, moqt_tstamp now);

/** moqt_quic_conn_wants_write returns true when something waits for moqt_quic_conn_write. */
MOQT_EXTERN bool moqt_quic_conn_wants_write(const moqt_quic_conn *conn);

/** moqt_quic_conn_is_done returns true once the connection ended and may be freed. */
MOQT_EXTERN bool moqt_quic_conn_is_done(const moqt_quic_conn *conn);

/** moqt_quic_conn_del frees a connection (a listener's too: it leaves the listener). */
MOQT_EXTERN void moqt_quic_conn_del(moqt_quic_conn *conn);

/**
 * Called for each new connection of a listener, before its events: install
 * the transport callbacks. Return nonzero to refuse (it is freed).
 */
typedef int (*moqt_quic_listener_accept_cb)(moqt_quic_listener *listener, moqt_quic_conn *conn,
                                            void *user_data);

MOQT_EXTERN int moqt_quic_listener_new(const moqt_quic_settings *settings,
                                       const moqt_tls_config *tls,
                                       moqt_quic_listener_accept_cb accept, void *user_data,
                                       const moqt_mem *mem, moqt_quic_listener **plistener);

/**
 * moqt_quic_listener_read routes one received payload to its connection
 * (accepting a new one from an Initial; answering unknown versions and
 * unknown connection IDs through |send|) and stores that connection in
 * |*pconn| (NULL if none): write it afterwards.
 */
MOQT_EXTERN int moqt_quic_listener_read(moqt_quic_listener *listener, const struct sockaddr *local,
                                        size_t locallen, const struct sockaddr *remote,
                                        size_t remotelen, uint32_t ecn, const uint8_t *data,
                                        size_t len, moqt_tstamp now, moqt_quic_send_cb send,
                                        void *user_data, moqt_quic_conn **pconn);

/** moqt_quic_listener_del frees the listener and every connection it still has. */
MOQT_EXTERN void moqt_quic_listener_del(moqt_quic_listener *listener);

#ifdef __cplusplus
}
#endif

#endif /* MOQT_RUNTIME_H */
