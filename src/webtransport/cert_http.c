/* GET /certificate.sha256 over plain HTTP/1.1 on TCP (see cert_http.h). */
#include "webtransport/cert_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ev.h>

#include "base/mem.h"

#define REQ_MAX 4096

typedef struct http_client {
    struct http_client *next;
    struct moqt_cert_http *h;
    ev_io io;
    ev_timer timer;
    int fd;
    uint8_t req[REQ_MAX];
    size_t reqlen;
    char resp[512];
    size_t resplen, sent;
    bool responding;
} http_client;

struct moqt_cert_http {
    const moqt_mem *mem;
    struct ev_loop *loop;
    ev_io listen_io;
    int fd;
    char fingerprint[72];
    http_client *clients;
};

static const uint8_t *find_head_end(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 3 < len; i++) {
        if (p[i] == '\r' && p[i + 1] == '\n' && p[i + 2] == '\r' && p[i + 3] == '\n') {
            return p + i + 4;
        }
    }
    return NULL;
}

moqt_ssize moqt_cert_http_response(const char *fingerprint_hex, const uint8_t *request, size_t len,
                                   char *out, size_t cap)
{
    if (find_head_end(request, len) == NULL) {
        return len >= REQ_MAX ? MOQT_ERR_WIRE_LIMIT : MOQT_ERR_WIRE_NEED_MORE;
    }
    static const char get[] = "GET /certificate.sha256 ";
    static const char head[] = "HEAD /certificate.sha256 ";
    bool is_get = len >= sizeof get - 1 && memcmp(request, get, sizeof get - 1) == 0;
    bool is_head = len >= sizeof head - 1 && memcmp(request, head, sizeof head - 1) == 0;
    int n;
    /* CORS: the page that fetches it is served from another origin. */
    if (is_get || is_head) {
        n = snprintf(out, cap,
                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
                     "Access-Control-Allow-Origin: *\r\nCache-Control: no-store\r\n"
                     "Connection: close\r\n\r\n%s",
                     strlen(fingerprint_hex), is_get ? fingerprint_hex : "");
    } else {
        n = snprintf(out, cap,
                     "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                     "Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n");
    }
    return n < 0 || (size_t)n >= cap ? MOQT_ERR_NOBUF : (moqt_ssize)n;
}

static void client_close(http_client *cl)
{
    moqt_cert_http *h = cl->h;
    ev_io_stop(h->loop, &cl->io);
    ev_timer_stop(h->loop, &cl->timer);
    close(cl->fd);
    for (http_client **pp = &h->clients; *pp; pp = &(*pp)->next) {
        if (*pp == cl) {
            *pp = cl->next;
            break;
        }
    }
    moqt_mem_free(h->mem, cl);
}

static void client_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    http_client *cl = w->data;
    (void)revents;
    if (!cl->responding) {
        ssize_t n = read(cl->fd, cl->req + cl->reqlen, sizeof cl->req - cl->reqlen);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            return;
        }
        if (n <= 0) {
            client_close(cl);
            return;
        }
        cl->reqlen += (size_t)n;
        moqt_ssize r = moqt_cert_http_response(cl->h->fingerprint, cl->req, cl->reqlen, cl->resp,
                                               sizeof cl->resp);
        if (r == MOQT_ERR_WIRE_NEED_MORE) {
            return;
        }
        if (r < 0) {
            client_close(cl);
            return;
        }
        cl->resplen = (size_t)r;
        cl->responding = true;
        ev_io_stop(loop, &cl->io);
        ev_io_set(&cl->io, cl->fd, EV_WRITE);
        ev_io_start(loop, &cl->io);
        return;
    }
    ssize_t n = write(cl->fd, cl->resp + cl->sent, cl->resplen - cl->sent);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (n > 0) {
        cl->sent += (size_t)n;
    }
    if (n <= 0 || cl->sent == cl->resplen) {
        client_close(cl);
    }
}

static void timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)loop;
    (void)revents;
    client_close(w->data);
}

static void accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    moqt_cert_http *h = w->data;
    (void)revents;
    int fd = accept(h->fd, NULL, NULL);
    if (fd < 0) {
        return;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    http_client *cl = moqt_mem_calloc(h->mem, 1, sizeof(*cl));
    if (cl == NULL) {
        close(fd);
        return;
    }
    cl->h = h;
    cl->fd = fd;
    cl->next = h->clients;
    h->clients = cl;
    ev_io_init(&cl->io, client_cb, fd, EV_READ);
    cl->io.data = cl;
    ev_io_start(loop, &cl->io);
    ev_timer_init(&cl->timer, timeout_cb, 10.0, 0.0); /* idle clients are dropped */
    cl->timer.data = cl;
    ev_timer_start(loop, &cl->timer);
}

int moqt_cert_http_start(struct ev_loop *loop, const char *host, uint16_t port,
                         const char *fingerprint_hex, const moqt_mem *mem, moqt_cert_http **ph)
{
    struct sockaddr_storage ss;
    socklen_t sl;
    memset(&ss, 0, sizeof ss);
    host = host && host[0] ? host : "127.0.0.1";
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons(port);
        sl = sizeof *s4;
    } else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(port);
        sl = sizeof *s6;
    } else {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    size_t fplen = strlen(fingerprint_hex);
    if (fplen >= sizeof(((moqt_cert_http *)0)->fingerprint)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return MOQT_ERR_TRANSPORT;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&ss, sl) != 0 || listen(fd, 16) != 0) {
        close(fd);
        return MOQT_ERR_TRANSPORT;
    }
    moqt_cert_http *h = moqt_mem_calloc(mem, 1, sizeof(*h));
    if (h == NULL) {
        close(fd);
        return MOQT_ERR_NOMEM;
    }
    h->mem = moqt_mem_or_default(mem);
    h->loop = loop;
    h->fd = fd;
    memcpy(h->fingerprint, fingerprint_hex, fplen + 1);
    ev_io_init(&h->listen_io, accept_cb, fd, EV_READ);
    h->listen_io.data = h;
    ev_io_start(loop, &h->listen_io);
    *ph = h;
    return 0;
}

void moqt_cert_http_stop(moqt_cert_http *h)
{
    if (h == NULL) {
        return;
    }
    while (h->clients) {
        client_close(h->clients);
    }
    ev_io_stop(h->loop, &h->listen_io);
    close(h->fd);
    moqt_mem_free(h->mem, h);
}
