/* The /certificate.sha256 responder's request handling (cert_http.h). */
#include "tf.h"

#include "webtransport/cert_http.h"

static const char fp[] = "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b";

TF_TEST("webtransport/cert_http", get_certificate_hash)
{
    static const char req[] = "GET /certificate.sha256 HTTP/1.1\r\nHost: 127.0.0.1:4443\r\n"
                              "Origin: http://localhost:8000\r\n\r\n";
    char out[512];
    moqt_ssize n = moqt_cert_http_response(fp, (const uint8_t *)req, strlen(req), out, sizeof out);
    TF_REQUIRE(n > 0);
    out[n] = 0;
    TF_CHECK(strncmp(out, "HTTP/1.1 200 OK\r\n", 17) == 0);
    TF_CHECK(strstr(out, "Content-Length: 64\r\n") != NULL);
    TF_CHECK(strstr(out, "Access-Control-Allow-Origin: *\r\n") != NULL);
    const char *body = strstr(out, "\r\n\r\n");
    TF_REQUIRE(body != NULL);
    TF_CHECK(strcmp(body + 4, fp) == 0);
    /* Incomplete heads wait; other paths and methods get 404; no room -> NOBUF. */
    TF_CHECK_INT(moqt_cert_http_response(fp, (const uint8_t *)req, 30, out, sizeof out),
                 MOQT_ERR_WIRE_NEED_MORE);
    static const char other[] = "GET /index.html HTTP/1.1\r\n\r\n";
    n = moqt_cert_http_response(fp, (const uint8_t *)other, strlen(other), out, sizeof out);
    TF_REQUIRE(n > 0);
    TF_CHECK(strncmp(out, "HTTP/1.1 404", 12) == 0);
    static const char post[] = "POST /certificate.sha256 HTTP/1.1\r\n\r\n";
    n = moqt_cert_http_response(fp, (const uint8_t *)post, strlen(post), out, sizeof out);
    TF_CHECK(n > 0 && strncmp(out, "HTTP/1.1 404", 12) == 0);
    TF_CHECK_INT(moqt_cert_http_response(fp, (const uint8_t *)req, strlen(req), out, 20),
                 MOQT_ERR_NOBUF);
    static const char head[] = "HEAD /certificate.sha256 HTTP/1.1\r\n\r\n";
    n = moqt_cert_http_response(fp, (const uint8_t *)head, strlen(head), out, sizeof out);
    TF_REQUIRE(n > 0);
    out[n] = 0;
    TF_CHECK(strstr(out, fp) == NULL); /* HEAD: no body */
}
