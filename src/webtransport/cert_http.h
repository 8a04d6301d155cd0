/*
 * A tiny plain-HTTP/1.1 responder on TCP for GET /certificate.sha256: the hex
 * SHA-256 of the server certificate's DER, which browser clients such as
 * @moq/lite fetch (for http:// URLs) before opening WebTransport with
 * serverCertificateHashes. It listens on the same port number as the QUIC
 * server (TCP and UDP ports are separate). Anything else gets 404.
 * Runs on a libev loop; no other HTTP is spoken.
 */
#ifndef MOQT_WEBTRANSPORT_CERT_HTTP_H
#define MOQT_WEBTRANSPORT_CERT_HTTP_H

#include <moqt/moqt.h>

struct ev_loop;
typedef struct moqt_cert_http moqt_cert_http;

/*
 * moqt_cert_http_start listens on |host| (numeric, NULL = 127.0.0.1) |port|
 * and answers with |fingerprint_hex| (copied). Returns 0,
 * MOQT_ERR_INVALID_ARGUMENT, MOQT_ERR_TRANSPORT (bind/listen failed) or
 * MOQT_ERR_NOMEM.
 */
int moqt_cert_http_start(struct ev_loop *loop, const char *host, uint16_t port,
                         const char *fingerprint_hex, const moqt_mem *mem, moqt_cert_http **ph);
/* moqt_cert_http_stop closes the listener and every open connection. */
void moqt_cert_http_stop(moqt_cert_http *h);

/* moqt_cert_http_response builds the response to |request| (exposed for tests).
 * Returns its length or MOQT_ERR_NOBUF; MOQT_ERR_WIRE_NEED_MORE when the
 * request head is not complete yet. */
moqt_ssize moqt_cert_http_response(const char *fingerprint_hex, const uint8_t *request, size_t len,
                                   char *out, size_t cap);

#endif /* MOQT_WEBTRANSPORT_CERT_HTTP_H */
