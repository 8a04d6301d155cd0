/*
 * TLS configurations: server certificates (PEM files, or a generated ECDSA
 * P-256 self-signed one valid 10 days, the shape browsers accept for
 * serverCertificateHashes), their SHA-256 fingerprints, and client
 * verification policies (system trust, pinned fingerprint, none).
 */
#include "transport/quic.h"

#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/mem.h"

static moqt_tls_config *config_alloc(const moqt_mem *mem, bool server)
{
    moqt_tls_config *cfg = moqt_mem_calloc(mem, 1, sizeof(*cfg));
    if (cfg == NULL) {
        return NULL;
    }
    cfg->mem = moqt_mem_or_default(mem);
    cfg->is_server = server;
    if (gnutls_certificate_allocate_credentials(&cfg->creds) != 0) {
        moqt_mem_free(cfg->mem, cfg);
        return NULL;
    }
    return cfg;
}

void moqt_tls_config_del(moqt_tls_config *cfg)
{
    if (cfg == NULL) {
        return;
    }
    if (cfg->creds) {
        gnutls_certificate_free_credentials(cfg->creds);
    }
    if (cfg->crt) {
        gnutls_x509_crt_deinit(cfg->crt);
    }
    if (cfg->key) {
        gnutls_x509_privkey_deinit(cfg->key);
    }
    moqt_mem_free(cfg->mem, cfg);
}

const char *moqt_tls_config_fingerprint(const moqt_tls_config *cfg)
{
    return cfg->fingerprint;
}

static void hex(const uint8_t *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static int fingerprint_of(gnutls_x509_crt_t crt, uint8_t sha[32])
{
    gnutls_datum_t der;
    if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) != 0) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    int rv = gnutls_hash_fast(GNUTLS_DIG_SHA256, der.data, der.size, sha);
    gnutls_free(der.data);
    return rv == 0 ? 0 : MOQT_ERR_INVALID_ARGUMENT;
}

static int set_fingerprint(moqt_tls_config *cfg)
{
    uint8_t sha[32];
    int rv = fingerprint_of(cfg->crt, sha);
    if (rv == 0) {
        hex(sha, 32, cfg->fingerprint);
    }
    return rv;
}

int moqt_tls_server_config_load(const char *cert_pem_path, const char *key_pem_path,
                                const moqt_mem *mem, moqt_tls_config **pcfg)
{
    if (cert_pem_path == NULL || key_pem_path == NULL || pcfg == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    moqt_tls_config *cfg = config_alloc(mem, true);
    if (cfg == NULL) {
        return MOQT_ERR_NOMEM;
    }
    int rv = gnutls_certificate_set_x509_key_file(cfg->creds, cert_pem_path, key_pem_path,
                                                  GNUTLS_X509_FMT_PEM);
    gnutls_datum_t pem = {NULL, 0};
    if (rv < 0 || gnutls_load_file(cert_pem_path, &pem) != 0 ||
        gnutls_x509_crt_init(&cfg->crt) != 0 ||
        gnutls_x509_crt_import(cfg->crt, &pem, GNUTLS_X509_FMT_PEM) != 0 ||
        set_fingerprint(cfg) != 0) {
        MOQT_LOG_E("tls", "cannot load %s / %s: %s", cert_pem_path, key_pem_path,
                   gnutls_strerror(rv));
        gnutls_free(pem.data);
        moqt_tls_config_del(cfg);
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    gnutls_free(pem.data);
    *pcfg = cfg;
    return 0;
}

/* Builds the self-signed certificate for cfg->key. */
static int make_self_signed(moqt_tls_config *cfg)
{
    gnutls_x509_crt_t crt;
    if (gnutls_x509_crt_init(&crt) != 0) {
        return MOQT_ERR_NOMEM;
    }
    cfg->crt = crt;
    time_t now = time(NULL);
    uint8_t serial[16];
    gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial));
    serial[0] &= 0x7f; /* positive */
    static const uint8_t v4[4] = {127, 0, 0, 1};
    uint8_t v6[16] = {0};
    v6[15] = 1;
    static const char cn[] = "localhost";
    int rv = 0;
    rv |= gnutls_x509_crt_set_version(crt, 3);
    rv |= gnutls_x509_crt_set_serial(crt, serial, sizeof(serial));
    /* Browsers accept hashes only for certificates valid at most 14 days. */
    rv |= gnutls_x509_crt_set_activation_time(crt, now - 60);
    rv |= gnutls_x509_crt_set_expiration_time(crt, now - 60 + (time_t)10 * 24 * 3600);
    rv |= gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn, sizeof(cn) - 1);
    rv |= gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, cn, sizeof(cn) - 1,
                                               GNUTLS_FSAN_APPEND);
    rv |= gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, v4, sizeof(v4),
                                               GNUTLS_FSAN_APPEND);
    rv |= gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, v6, sizeof(v6),
                                               GNUTLS_FSAN_APPEND);
    rv |= gnutls_x509_crt_set_basic_constraints(crt, 0, -1);
    rv |= gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE);
    rv |= gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0);
    rv |= gnutls_x509_crt_set_key(crt, cfg->key);
    if (rv != 0 || gnutls_x509_crt_sign2(crt, crt, cfg->key, GNUTLS_DIG_SHA256, 0) != 0) {
        return MOQT_ERR_TRANSPORT;
    }
    return 0;
}

int moqt_tls_server_config_self_signed(const moqt_mem *mem, moqt_tls_config **pcfg)
{
    moqt_tls_config *cfg = config_alloc(mem, true);
    if (cfg == NULL) {
        return MOQT_ERR_NOMEM;
    }
    int rv = MOQT_ERR_TRANSPORT;
    if (gnutls_x509_privkey_init(&cfg->key) != 0 ||
        gnutls_x509_privkey_generate(cfg->key, GNUTLS_PK_ECDSA,
                                     GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) != 0 ||
        (rv = make_self_signed(cfg)) != 0 ||
        gnutls_certificate_set_x509_key(cfg->creds, &cfg->crt, 1, cfg->key) != 0 ||
        set_fingerprint(cfg) != 0) {
        moqt_tls_config_del(cfg);
        return rv ? rv : MOQT_ERR_TRANSPORT;
    }
    MOQT_LOG_I("tls", "self-signed certificate, sha-256 %s", cfg->fingerprint);
    *pcfg = cfg;
    return 0;
}

static int write_datum(const char *path, const gnutls_datum_t *d)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    size_t n = fwrite(d->data, 1, d->size, f);
    int rv = fclose(f);
    return n == d->size && rv == 0 ? 0 : MOQT_ERR_INVALID_ARGUMENT;
}

int moqt_tls_config_write_pem(const moqt_tls_config *cfg, const char *cert_pem_path,
                              const char *key_pem_path)
{
    if (cfg == NULL || cfg->crt == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    gnutls_datum_t d;
    int rv = MOQT_ERR_INVALID_ARGUMENT;
    if (cert_pem_path && gnutls_x509_crt_export2(cfg->crt, GNUTLS_X509_FMT_PEM, &d) == 0) {
        rv = write_datum(cert_pem_path, &d);
        gnutls_free(d.data);
    }
    if (rv == 0 && key_pem_path) {
        rv = MOQT_ERR_INVALID_ARGUMENT; /* loaded configs do not keep the key */
        if (cfg->key && gnutls_x509_privkey_export2(cfg->key, GNUTLS_X509_FMT_PEM, &d) == 0) {
            rv = write_datum(key_pem_path, &d);
            gnutls_free(d.data);
        }
    }
    return rv;
}

/* ---- client side ---------------------------------------------------------------- */

static int parse_pin(const char *s, uint8_t pin[32])
{
    size_t n = 0;
    int nibble = -1;
    for (; *s; s++) {
        int v;
        if (*s == ':' || *s == ' ') {
            continue;
        } else if (*s >= '0' && *s <= '9') {
            v = *s - '0';
        } else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f') {
            v = (*s | 0x20) - 'a' + 10;
        } else {
            return MOQT_ERR_INVALID_ARGUMENT;
        }
        if (nibble < 0) {
            nibble = v;
        } else {
            if (n == 32) {
                return MOQT_ERR_INVALID_ARGUMENT;
            }
            pin[n++] = (uint8_t)(nibble << 4 | v);
            nibble = -1;
        }
    }
    return n == 32 && nibble < 0 ? 0 : MOQT_ERR_INVALID_ARGUMENT;
}

/* GnuTLS calls this during the handshake of connections using a pinned config. */
static int verify_pin(gnutls_session_t session)
{
    ngtcp2_crypto_conn_ref *ref = gnutls_session_get_ptr(session);
    quic_conn *qc = (quic_conn *)ref;
    unsigned n = 0;
    const gnutls_datum_t *peers = gnutls_certificate_get_peers(session, &n);
    uint8_t sha[32];
    if (peers == NULL || n == 0 ||
        gnutls_hash_fast(GNUTLS_DIG_SHA256, peers[0].data, peers[0].size, sha) != 0) {
        return GNUTLS_E_CERTIFICATE_ERROR;
    }
    if (memcmp(sha, qc->tlscfg->pin, 32) != 0) {
        char got[65];
        hex(sha, 32, got);
        MOQT_LOG_W(qc->tag, "certificate fingerprint %s does not match the pin", got);
        return GNUTLS_E_CERTIFICATE_ERROR;
    }
    return 0;
}

int moqt_tls_client_config_new(moqt_tls_verify verify, const char *fingerprint_hex,
                               const moqt_mem *mem, moqt_tls_config **pcfg)
{
    uint8_t pin[32];
    if (pcfg == NULL || (unsigned)verify > MOQT_TLS_VERIFY_NONE ||
        (verify == MOQT_TLS_VERIFY_FINGERPRINT &&
         (fingerprint_hex == NULL || parse_pin(fingerprint_hex, pin) != 0))) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    const char *env = getenv("TLS_DISABLE_VERIFY");
    if (env && strcmp(env, "1") == 0 && verify != MOQT_TLS_VERIFY_NONE) {
        MOQT_LOG_W("tls", "TLS_DISABLE_VERIFY=1: certificate verification is off");
        verify = MOQT_TLS_VERIFY_NONE;
    }
    moqt_tls_config *cfg = config_alloc(mem, false);
    if (cfg == NULL) {
        return MOQT_ERR_NOMEM;
    }
    cfg->verify = verify;
    if (verify == MOQT_TLS_VERIFY_SYSTEM) {
        if (gnutls_certificate_set_x509_system_trust(cfg->creds) < 0) {
            MOQT_LOG_W("tls", "no system trust store: every certificate will fail");
        }
    } else if (verify == MOQT_TLS_VERIFY_FINGERPRINT) {
        memcpy(cfg->pin, pin, 32);
        gnutls_certificate_set_verify_function(cfg->creds, verify_pin);
    }
    *pcfg = cfg;
    return 0;
}
