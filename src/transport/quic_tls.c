/*
 * GnuTLS sessions for QUIC connections: ALPN (client order / server
 * preference, mandatory), SNI, and the client's verification policy
 * (system trust store, pinned SHA-256 fingerprint, or none).
 */
#include "transport/quic.h"

#include <ngtcp2/ngtcp2_crypto_gnutls.h>
#include <gnutls/crypto.h>
#include <arpa/inet.h>
#include <string.h>

#include "base/log.h"

/* TLS 1.3 only, the AEADs QUIC defines, no middlebox compatibility mode
 * (RFC 9001 §8.4). */
static const char priority[] =
    "%DISABLE_TLS13_COMPAT_MODE:NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM:"
    "+AES-256-GCM:+CHACHA20-POLY1305:+AES-128-CCM:-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1:"
    "+GROUP-SECP384R1:+GROUP-SECP521R1";

gnutls_certificate_credentials_t quic_tls_config_creds(const moqt_tls_config *cfg)
{
    return cfg->creds;
}

static bool is_ip_literal(const char *name)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, name, buf) == 1 || inet_pton(AF_INET6, name, buf) == 1;
}

static int set_alpns(quic_conn *qc)
{
    gnutls_datum_t d[QUIC_MAX_ALPNS];
    for (size_t i = 0; i < qc->nalpns; i++) {
        d[i].data = (unsigned char *)qc->alpn_store[i];
        d[i].size = (unsigned)strlen(qc->alpn_store[i]);
    }
    unsigned flags = GNUTLS_ALPN_MANDATORY;
    if (qc->is_server) {
        flags |= GNUTLS_ALPN_SERVER_PRECEDENCE;
    }
    return gnutls_alpn_set_protocols(qc->tls, d, (unsigned)qc->nalpns, flags) == 0
               ? 0
               : MOQT_ERR_INVALID_ARGUMENT;
}

static int client_setup(quic_conn *qc)
{
    const moqt_tls_config *cfg = qc->tlscfg;
    const char *name = qc->server_name;
    if (name[0] != '\0' && !is_ip_literal(name)) {
        gnutls_server_name_set(qc->tls, GNUTLS_NAME_DNS, name, strlen(name));
    }
    switch (cfg->verify) {
    case MOQT_TLS_VERIFY_SYSTEM:
        gnutls_session_set_verify_cert(qc->tls, name[0] ? name : NULL, 0);
        break;
    case MOQT_TLS_VERIFY_FINGERPRINT:
        break; /* the credentials' verify function checks the pin */
    case MOQT_TLS_VERIFY_NONE:
        MOQT_LOG_W(qc->tag, "TLS certificate verification is DISABLED for %s",
                   name[0] ? name : "this connection");
        break;
    }
    return 0;
}

int quic_tls_init(quic_conn *qc)
{
    const moqt_tls_config *cfg = qc->tlscfg;
    if (cfg == NULL || cfg->is_server != qc->is_server) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    unsigned flags = GNUTLS_ENABLE_EARLY_DATA | GNUTLS_NO_END_OF_EARLY_DATA;
    flags |= qc->is_server ? GNUTLS_SERVER | GNUTLS_NO_AUTO_SEND_TICKET : GNUTLS_CLIENT;
    if (gnutls_init(&qc->tls, flags) != 0) {
        qc->tls = NULL;
        return MOQT_ERR_NOMEM;
    }
    int rv = qc->is_server ? ngtcp2_crypto_gnutls_configure_server_session(qc->tls)
                           : ngtcp2_crypto_gnutls_configure_client_session(qc->tls);
    if (rv != 0 || gnutls_priority_set_direct(qc->tls, priority, NULL) != 0 ||
        gnutls_credentials_set(qc->tls, GNUTLS_CRD_CERTIFICATE, cfg->creds) != 0) {
        return MOQT_ERR_TRANSPORT;
    }
    /* ngtcp2's crypto callbacks find the connection through this pointer. */
    gnutls_session_set_ptr(qc->tls, &qc->conn_ref);
    if ((rv = set_alpns(qc)) != 0) {
        return rv;
    }
    return qc->is_server ? 0 : client_setup(qc);
}

void quic_tls_alpn(quic_conn *qc, char *buf, size_t buflen)
{
    gnutls_datum_t d;
    buf[0] = '\0';
    if (gnutls_alpn_get_selected_protocol(qc->tls, &d) == 0 && d.size < buflen) {
        memcpy(buf, d.data, d.size);
        buf[d.size] = '\0';
    }
}
