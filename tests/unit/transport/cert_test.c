/*
 * Certificates: the generated one has the shape browsers accept for
 * serverCertificateHashes (ECDSA P-256, valid 10 days <= 14), SANs for
 * localhost, 127.0.0.1 and ::1; PEM files round-trip with the same
 * fingerprint; pins parse with or without separators.
 */
#include <moqt/moqt_runtime.h>

#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tf.h"

static bool load_crt(const char *path, gnutls_x509_crt_t *crt)
{
    gnutls_datum_t pem;
    if (gnutls_load_file(path, &pem) != 0) {
        return false;
    }
    bool ok = gnutls_x509_crt_init(crt) == 0 &&
              gnutls_x509_crt_import(*crt, &pem, GNUTLS_X509_FMT_PEM) == 0;
    gnutls_free(pem.data);
    return ok;
}

TF_TEST("quic/cert", self_signed_shape_and_pem_round_trip)
{
    char dir[] = "/tmp/moqt-cert-XXXXXX";
    TF_REQUIRE(mkdtemp(dir) != NULL);
    char cert[256], key[256];
    snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
    snprintf(key, sizeof(key), "%s/key.pem", dir);
    moqt_tls_config *gen, *loaded;
    TF_REQUIRE(moqt_tls_server_config_self_signed(NULL, &gen) == 0);
    TF_REQUIRE(moqt_tls_config_write_pem(gen, cert, key) == 0);
    TF_REQUIRE(moqt_tls_server_config_load(cert, key, NULL, &loaded) == 0);
    TF_CHECK(strcmp(moqt_tls_config_fingerprint(gen), moqt_tls_config_fingerprint(loaded)) == 0);
    TF_CHECK_EQ(strlen(moqt_tls_config_fingerprint(gen)), 64);

    gnutls_x509_crt_t crt;
    TF_REQUIRE(load_crt(cert, &crt));
    /* The fingerprint is the SHA-256 of the DER. */
    uint8_t der[4096], sha[32];
    size_t derlen = sizeof(der);
    TF_REQUIRE(gnutls_x509_crt_export(crt, GNUTLS_X509_FMT_DER, der, &derlen) == 0);
    TF_REQUIRE(gnutls_hash_fast(GNUTLS_DIG_SHA256, der, derlen, sha) == 0);
    char hex[65];
    for (int i = 0; i < 32; i++) {
        snprintf(hex + 2 * i, 3, "%02x", sha[i]);
    }
    TF_CHECK(strcmp(hex, moqt_tls_config_fingerprint(gen)) == 0);
    /* ECDSA P-256, valid 10 days. */
    unsigned bits = 0;
    TF_CHECK_INT(gnutls_x509_crt_get_pk_algorithm(crt, &bits), GNUTLS_PK_ECDSA);
    gnutls_ecc_curve_t curve;
    gnutls_datum_t x, y;
    TF_REQUIRE(gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, &x, &y) == 0);
    TF_CHECK_INT(curve, GNUTLS_ECC_CURVE_SECP256R1);
    gnutls_free(x.data);
    gnutls_free(y.data);
    time_t from = gnutls_x509_crt_get_activation_time(crt);
    time_t to = gnutls_x509_crt_get_expiration_time(crt);
    TF_CHECK_INT(to - from, 10 * 24 * 3600);
    /* SANs: localhost, 127.0.0.1, ::1. */
    bool dns = false, v4 = false, v6 = false;
    for (unsigned i = 0;; i++) {
        uint8_t san[256];
        size_t len = sizeof(san);
        int type = gnutls_x509_crt_get_subject_alt_name(crt, i, san, &len, NULL);
        if (type < 0) {
            break;
        }
        if (type == GNUTLS_SAN_DNSNAME && len == 9 && memcmp(san, "localhost", 9) == 0) {
            dns = true;
        } else if (type == GNUTLS_SAN_IPADDRESS && len == 4 &&
                   memcmp(san, "\x7f\0\0\x01", 4) == 0) {
            v4 = true;
        } else if (type == GNUTLS_SAN_IPADDRESS && len == 16 && san[15] == 1 &&
                   memcmp(san, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15) == 0) {
            v6 = true;
        }
    }
    TF_CHECK(dns && v4 && v6);
    gnutls_x509_crt_deinit(crt);
    /* A loaded config keeps no key to write back. */
    TF_CHECK(moqt_tls_config_write_pem(loaded, NULL, key) != 0);
    moqt_tls_config_del(gen);
    moqt_tls_config_del(loaded);
    unlink(cert);
    unlink(key);
    rmdir(dir);
}

TF_TEST("quic/cert", pins_parse_and_bad_input_is_refused)
{
    moqt_tls_config *c;
    static const char colon[] = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                                "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff";
    TF_CHECK_INT(moqt_tls_client_config_new(MOQT_TLS_VERIFY_FINGERPRINT, colon, NULL, &c), 0);
    moqt_tls_config_del(c);
    TF_CHECK_INT(moqt_tls_client_config_new(MOQT_TLS_VERIFY_FINGERPRINT, "0011", NULL, &c),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_tls_client_config_new(MOQT_TLS_VERIFY_FINGERPRINT, NULL, NULL, &c),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_tls_server_config_load("/nonexistent.pem", "/nonexistent.key", NULL, &c),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK(strcmp(moqt_quic_cc_str(MOQT_QUIC_CC_BBR2), "bbr2") == 0);
    TF_CHECK_INT(moqt_quic_cc_parse("vegas"), -1);
}
