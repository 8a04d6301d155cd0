/*
 * moqt-pub: publishes stdin as one track.
 *
 *   moqt-pub --listen ADDR:PORT --namespace NS --track NAME   (waits for subscribers)
 *   moqt-pub URL --namespace NS --track NAME                  (connects, announces NS;
 *                                                            the peer subscribes)
 *   moqt-pub URL --publish --namespace NS --track NAME        (connects, PUBLISHes NS/NAME;
 *                                                            12+)
 *
 * Objects are lines (--lines, without the newline) or chunks of --chunk bytes;
 * a group holds --group N objects and ends with an End of Group status
 * object; end of input sends End of Track and PUBLISH_DONE. stdin is read only
 * while someone is subscribed (so the first subscriber gets everything, like a
 * pipe); a subscriber joining later starts at the next group.
 *
 * As a client, moqt-pub says what it has: PUBLISH_NAMESPACE (ANNOUNCE in
 * 07-11) of NS, after which the peer SUBSCRIBEs (moqt-sub --listen does), or
 * with --publish a PUBLISH of the track itself, which the peer accepts.
 */
#include <errno.h>
#include <ev.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/tool.h"

#define NAME     "moqt-pub"
#define MAX_SUBS 64
#define PRIORITY 128
/*
 * The session resets the oldest groups of a subscriber that has more than
 * max_send_buffer bytes unacknowledged (its slow-subscriber policy), and it
 * offers no "writable" signal yet, so the publisher cannot wait for a slow
 * subscriber. A large bound keeps a piped file whole: inputs up to about this
 * size arrive byte-exact even when read much faster than they are sent.
 */
#define SEND_BUFFER ((size_t)256 << 20)

static const char usage[] =
    "Usage: " NAME " [options] (URL | --listen ADDR:PORT) --namespace NS --track NAME\n"
    "Publishes stdin as the track NS/NAME. Objects are lines (--lines) or fixed-size\n"
    "chunks; a new group starts every --group N objects. stdin is read while a\n"
    "subscriber is present; at end of input the track ends.\n"
    "  URL: moqt://HOST:PORT (raw QUIC) or https://HOST:PORT (WebTransport): connect\n"
    "       there, announce NS and serve the peer's SUBSCRIBE (e.g. moqt-sub --listen).\n"
    "\n"
    "Options:\n"
    "  --listen ADDR:PORT  be the server: raw QUIC + WebTransport on one UDP port\n"
    "  --publish           (with URL) PUBLISH the track instead of announcing NS\n"
    "                      (drafts 12+)\n"
    "  --namespace NS      track namespace; '/' separates tuple fields (a/b)\n"
    "  --track NAME        track name\n"
    "  --lines             one object per line (the newline is not sent)\n"
    "  --chunk BYTES       object size otherwise (default 4096, at most 1048576)\n"
    "  --group N           objects per group (default 64)\n"
    "  --draft N[,N...]    drafts to offer / accept (default 7-19)\n"
    "  --fingerprint HEX, --insecure   server certificate check (client mode)\n"
    "  --help              this text\n"
    "Environment: MOQT_LOG=error|warn|info|debug|trace (default info).\n";

typedef struct sub {
    moqt_session *session;
    uint64_t request_id;
    uint64_t first_group; /* groups before this one are not sent to it */
    bool used;
} sub;

typedef struct pub {
    moqt_runtime *rt;
    char ns_buf[256];      /* the fields, NUL-separated */
    char ns_buf_full[256]; /* "a/b" for logs */
    moqt_bytes ns_fields[8];
    size_t ns_count;
    const char *track;
    bool lines;
    size_t chunk;
    uint64_t group_size;
    /* Position of the next object. */
    uint64_t group, object;
    bool sent_any, eof, ended, done_sent;
    uint8_t *buf; /* pending input */
    size_t len, cap;
    sub subs[MAX_SUBS];
    ev_io in;
    tool_server *srv;
    tool_client *client;
    moqt_tstamp ended_at;
    bool use_publish;    /* --publish */
    uint64_t publish_id; /* our PUBLISH, until PUBLISH_OK */
} pub;

static size_t active_subs(const pub *p)
{
    size_t n = 0;
    for (size_t i = 0; i < MAX_SUBS; i++) {
        n += p->subs[i].used;
    }
    return n;
}

static void broadcast(pub *p, moqt_object_state st, const uint8_t *data, size_t len)
{
    moqt_tstamp now = tool_now();
    for (size_t i = 0; i < MAX_SUBS; i++) {
        sub *s = &p->subs[i];
        if (!s->used || p->group < s->first_group) {
            continue;
        }
        int rv = moqt_session_send_object(s->session, s->request_id, p->group, 0, p->object,
                                          PRIORITY, st, NULL, 0, data, len, now);
        if (rv == MOQT_ERR_UNSUPPORTED && st == MOQT_OBJECT_STATE_END_OF_TRACK) {
            /* 07-10 have only "End of Track and Group" */
            rv = moqt_session_send_object(s->session, s->request_id, p->group, 0, p->object,
                                          PRIORITY, MOQT_OBJECT_STATE_END_OF_TRACK_AND_GROUP, NULL,
                                          0, data, len, now);
        }
        if (rv != 0) {
            tool_warn("cannot send object %llu/%llu: %s; dropping that subscriber",
                      (unsigned long long)p->group, (unsigned long long)p->object,
                      moqt_strerror(rv));
            s->used = false;
        }
    }
    p->sent_any = true;
}

static void publish_object(pub *p, const uint8_t *data, size_t len)
{
    broadcast(p, MOQT_OBJECT_STATE_NORMAL, data, len);
    p->object++;
    if (p->object == p->group_size) {
        broadcast(p, MOQT_OBJECT_STATE_END_OF_GROUP, NULL, 0);
        p->group++;
        p->object = 0;
    }
}

static void end_track(pub *p)
{
    if (p->lines && p->len > 0) {
        publish_object(p, p->buf, p->len); /* a last line without a newline */
        p->len = 0;
    }
    broadcast(p, MOQT_OBJECT_STATE_END_OF_TRACK, NULL, 0);
    p->ended = true;
    p->ended_at = tool_now();
    tool_info("end of input: the track ended at group %llu", (unsigned long long)p->group);
}

/* Cuts the pending input into objects. */
static void cut_objects(pub *p)
{
    size_t off = 0;
    for (;;) {
        if (p->lines) {
            uint8_t *nl = memchr(p->buf + off, '\n', p->len - off);
            if (nl == NULL) {
                break;
            }
            publish_object(p, p->buf + off, (size_t)(nl - (p->buf + off)));
            off = (size_t)(nl - p->buf) + 1;
        } else {
            if (p->len - off < p->chunk) {
                break;
            }
            publish_object(p, p->buf + off, p->chunk);
            off += p->chunk;
        }
    }
    memmove(p->buf, p->buf + off, p->len - off);
    p->len -= off;
}

static void on_stdin(struct ev_loop *loop, ev_io *w, int revents)
{
    (void)revents;
    pub *p = w->data;
    if (p->cap - p->len < 65536) {
        size_t cap = p->cap * 2;
        uint8_t *nb = realloc(p->buf, cap);
        if (nb == NULL) {
            tool_fail("out of memory");
            moqt_runtime_stop(p->rt);
            return;
        }
        p->buf = nb;
        p->cap = cap;
    }
    ssize_t n = read(w->fd, p->buf + p->len, 65536);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (n <= 0) {
        ev_io_stop(loop, w);
        p->eof = true;
        if (!p->lines && p->len > 0) {
            publish_object(p, p->buf, p->len); /* the short last chunk */
            p->len = 0;
        }
        end_track(p);
        return;
    }
    p->len += (size_t)n;
    cut_objects(p);
}

/* stdin is read only while someone listens. */
static void update_reading(pub *p)
{
    struct ev_loop *loop = moqt_runtime_loop(p->rt);
    if (!p->eof && active_subs(p) > 0) {
        ev_io_start(loop, &p->in);
    } else {
        ev_io_stop(loop, &p->in);
    }
}

/* The largest location so far, for SUBSCRIBE_OK and PUBLISH (NULL: nothing
 * yet), and the group a new subscriber starts at: mid-group joiners start at
 * the next group (every group starts at object 0). */
static const moqt_location *largest_so_far(const pub *p, moqt_location *loc)
{
    *loc = (moqt_location){p->object ? p->group : p->group - 1,
                           p->object ? p->object - 1 : p->group_size};
    return p->sent_any ? loc : NULL;
}

static uint64_t first_group_for_new(const pub *p)
{
    return p->object ? p->group + 1 : p->group;
}

static bool ns_matches(const pub *p, const moqt_subscribe_request *req)
{
    if (req->track_namespace.count != p->ns_count || req->track_name.len != strlen(p->track) ||
        memcmp(req->track_name.base, p->track, req->track_name.len) != 0) {
        return false;
    }
    for (size_t i = 0; i < p->ns_count; i++) {
        const moqt_bytes *a = &req->track_namespace.fields[i], *b = &p->ns_fields[i];
        if (a->len != b->len || memcmp(a->base, b->base, a->len) != 0) {
            return false;
        }
    }
    return true;
}

static int on_subscribe(moqt_session *s, const moqt_subscribe_request *req, pub *p)
{
    moqt_tstamp now = tool_now();
    if (!ns_matches(p, req) || p->ended) {
        moqt_session_subscribe_reject(s, req->request_id, MOQT_REQUEST_ERROR_DOES_NOT_EXIST,
                                      p->ended ? "the track ended" : "no such track", now);
        return 0;
    }
    for (size_t i = 0; i < MAX_SUBS; i++) {
        if (!p->subs[i].used) {
            moqt_location loc;
            if (moqt_session_subscribe_accept(s, req->request_id, largest_so_far(p, &loc), now) !=
                0) {
                return 0;
            }
            p->subs[i] = (sub){.session = s,
                               .request_id = req->request_id,
                               .first_group = first_group_for_new(p),
                               .used = true};
            tool_info("subscriber %llu joined at group %llu", (unsigned long long)req->request_id,
                      (unsigned long long)p->subs[i].first_group);
            update_reading(p);
            return 0;
        }
    }
    moqt_session_subscribe_reject(s, req->request_id, MOQT_REQUEST_ERROR_INTERNAL,
                                  "too many subscribers", now);
    return 0;
}

static void drop_session(pub *p, moqt_session *s)
{
    for (size_t i = 0; i < MAX_SUBS; i++) {
        if (p->subs[i].used && p->subs[i].session == s) {
            p->subs[i].used = false;
        }
    }
    update_reading(p);
}

/* Server mode: user_data is the tool_peer; client mode: the pub. */
static pub *pub_of(moqt_session *s, void *ud);
static pub *the_pub;

static pub *pub_of(moqt_session *s, void *ud)
{
    (void)s;
    (void)ud;
    return the_pub; /* one publisher per process */
}

static int cb_subscribe(moqt_session *s, const moqt_subscribe_request *req, void *ud)
{
    return on_subscribe(s, req, pub_of(s, ud));
}

static int cb_unsubscribe(moqt_session *s, uint64_t request_id, void *ud)
{
    pub *p = pub_of(s, ud);
    for (size_t i = 0; i < MAX_SUBS; i++) {
        if (p->subs[i].used && p->subs[i].session == s && p->subs[i].request_id == request_id) {
            p->subs[i].used = false;
        }
    }
    update_reading(p);
    return 0;
}

/* Client mode: tell the peer what we have. */
static void offer_track(pub *p, moqt_session *s)
{
    moqt_tstamp now = tool_now();
    moqt_track_namespace ns = {p->ns_count, p->ns_fields};
    int rv;
    if (p->use_publish) {
        moqt_publish_params prm;
        moqt_publish_params_default(&prm);
        prm.track_namespace = ns;
        prm.track_name = (moqt_bytes){(const uint8_t *)p->track, strlen(p->track)};
        moqt_location loc;
        const moqt_location *largest = largest_so_far(p, &loc);
        prm.has_largest = largest != NULL;
        prm.largest = loc;
        rv = moqt_session_publish(s, &prm, &p->publish_id, now);
        if (rv == MOQT_ERR_UNSUPPORTED) {
            tool_fail("--publish needs draft 12 or later (PUBLISH); this session speaks an "
                      "older one");
        } else if (rv == 0) {
            tool_info("publish %s %s", p->ns_buf_full, p->track);
        }
    } else {
        uint64_t id;
        rv = moqt_session_publish_namespace(s, &ns, &id, now);
        if (rv == 0) {
            tool_info("announce %s; waiting for the peer's SUBSCRIBE", p->ns_buf_full);
        }
    }
    if (rv != 0) {
        if (rv != MOQT_ERR_UNSUPPORTED) {
            tool_fail("cannot offer the track: %s", moqt_strerror(rv));
        }
        moqt_session_close(s, 0, "cannot publish", now);
        moqt_runtime_stop(p->rt);
    }
}

static int cb_setup_done(moqt_session *s, uint64_t version, void *ud)
{
    pub *p = pub_of(s, ud);
    if (p->client) {
        tool_info("connected over %s: draft %02u", tool_client_describe(p->client),
                  tool_draft_of(version));
        offer_track(p, s);
    }
    return 0;
}

static int cb_publish_namespace_ok(moqt_session *s, uint64_t id, void *ud)
{
    (void)id;
    tool_info("the peer accepted the namespace %s", pub_of(s, ud)->ns_buf_full);
    return 0;
}

static int cb_publish_namespace_error(moqt_session *s, uint64_t id, moqt_request_error code,
                                      uint64_t wire, moqt_bytes reason, void *ud)
{
    (void)id;
    (void)code;
    pub *p = pub_of(s, ud);
    tool_fail("the peer refused the namespace %s (code %llu: %.*s)", p->ns_buf_full,
              (unsigned long long)wire, (int)reason.len,
              reason.base ? (const char *)reason.base : "");
    if (p->client && active_subs(p) == 0) {
        /* It will not subscribe: nothing to wait for. */
        moqt_session_close(s, 0, "namespace refused", tool_now());
        moqt_runtime_stop(p->rt);
    }
    return 0;
}

/* PUBLISH_OK: the peer is a subscriber from the next group on. */
static int cb_publish_ok(moqt_session *s, uint64_t id, const moqt_publish_ok_params *ok, void *ud)
{
    (void)ok;
    pub *p = pub_of(s, ud);
    for (size_t i = 0; i < MAX_SUBS; i++) {
        if (!p->subs[i].used) {
            p->subs[i] = (sub){.session = s,
                               .request_id = id,
                               .first_group = first_group_for_new(p),
                               .used = true};
            tool_info("the peer accepted PUBLISH (request %llu): from group %llu",
                      (unsigned long long)id, (unsigned long long)p->subs[i].first_group);
            update_reading(p);
            return 0;
        }
    }
    return 0;
}

static int cb_publish_error(moqt_session *s, uint64_t id, moqt_request_error code, uint64_t wire,
                            moqt_bytes reason, void *ud)
{
    (void)id;
    (void)code;
    pub *p = pub_of(s, ud);
    tool_fail("the peer refused PUBLISH (code %llu: %.*s)", (unsigned long long)wire,
              (int)reason.len, reason.base ? (const char *)reason.base : "");
    moqt_session_close(s, 0, "publish refused", tool_now());
    moqt_runtime_stop(p->rt);
    return 0;
}

static void cb_closed(moqt_session *s, bool remote, uint64_t code, moqt_bytes reason, void *ud)
{
    pub *p = pub_of(s, ud);
    (void)remote;
    if (p->client) {
        tool_info("session closed (code %llu%s%.*s)", (unsigned long long)code,
                  reason.len ? ": " : "", (int)reason.len,
                  reason.base ? (const char *)reason.base : "");
        moqt_runtime_stop(p->rt);
    }
    drop_session(p, s);
}

static void on_peer_gone(tool_peer *peer)
{
    drop_session(the_pub, peer->session);
}

static int parse_namespace(pub *p, const char *ns)
{
    snprintf(p->ns_buf, sizeof p->ns_buf, "%s", ns);
    snprintf(p->ns_buf_full, sizeof p->ns_buf_full, "%s", ns);
    char *save = NULL;
    for (char *f = strtok_r(p->ns_buf, "/", &save); f; f = strtok_r(NULL, "/", &save)) {
        if (p->ns_count == 8) {
            return -1;
        }
        p->ns_fields[p->ns_count++] = (moqt_bytes){(const uint8_t *)f, strlen(f)};
    }
    return p->ns_count ? 0 : -1;
}

static void on_linger(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)revents;
    pub *p = w->data;
    /* After the end: leave when every subscriber left (they close when done).
     * PUBLISH_DONE waits a little: a subscriber may forget the subscription
     * (and drop objects still in flight) when it arrives first, which the
     * session does in draft 07, whose SUBSCRIBE_DONE counts no streams. The End
     * of Track object already told subscribers where the track ends. */
    if (!p->ended) {
        return;
    }
    moqt_tstamp now = tool_now();
    if (!p->done_sent && now - p->ended_at > 2 * MOQT_SECONDS) {
        p->done_sent = true;
        for (size_t i = 0; i < MAX_SUBS; i++) {
            if (p->subs[i].used) {
                moqt_session_publish_done(p->subs[i].session, p->subs[i].request_id,
                                          MOQT_DONE_REASON_TRACK_ENDED, "end of input", now);
            }
        }
    }
    if (active_subs(p) == 0 || now - p->ended_at > 30 * MOQT_SECONDS) {
        ev_break(loop, EVBREAK_ALL);
    }
}

static bool never(void *arg)
{
    (void)arg;
    return false;
}

int main(int argc, char **argv)
{
    tool_log_init(NAME);
    static pub p;
    the_pub = &p;
    p.chunk = 4096;
    p.group_size = 64;
    tool_client_opts copts = {.drafts = MOQT_DRAFTS_ALL,
                              .implementation = "libmoqt moqt-pub",
                              .max_send_buffer = SEND_BUFFER};
    const char *url_arg = NULL, *listen = NULL, *ns = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = strcmp(a, "--listen") == 0 || strcmp(a, "--namespace") == 0 ||
                     strcmp(a, "--track") == 0 || strcmp(a, "--chunk") == 0 ||
                     strcmp(a, "--group") == 0 || strcmp(a, "--draft") == 0 ||
                     strcmp(a, "--fingerprint") == 0;
        uint64_t n;
        if (takes && v == NULL) {
            return tool_usage_error(NAME, "option needs a value", a);
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(a, "--listen") == 0) {
            listen = argv[++i];
        } else if (strcmp(a, "--namespace") == 0) {
            ns = argv[++i];
        } else if (strcmp(a, "--track") == 0) {
            p.track = argv[++i];
        } else if (strcmp(a, "--lines") == 0) {
            p.lines = true;
        } else if (strcmp(a, "--publish") == 0) {
            p.use_publish = true;
        } else if (strcmp(a, "--chunk") == 0) {
            if (tool_parse_u64(argv[++i], &n) != 0 || n == 0 || n > 1048576) {
                return tool_usage_error(NAME, "--chunk wants 1..1048576", v);
            }
            p.chunk = (size_t)n;
        } else if (strcmp(a, "--group") == 0) {
            if (tool_parse_u64(argv[++i], &p.group_size) != 0 || p.group_size == 0) {
                return tool_usage_error(NAME, "--group wants a positive number", v);
            }
        } else if (strcmp(a, "--draft") == 0) {
            if (tool_parse_drafts(argv[++i], &copts.drafts) != 0) {
                return tool_usage_error(NAME, "--draft wants drafts 7..19 like 14 or 7-14,16", v);
            }
        } else if (strcmp(a, "--fingerprint") == 0) {
            copts.fingerprint = argv[++i];
        } else if (strcmp(a, "--insecure") == 0) {
            copts.insecure = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            return tool_usage_error(NAME, "unknown option", a);
        } else if (url_arg == NULL) {
            url_arg = a;
        } else {
            return tool_usage_error(NAME, "only one URL please", a);
        }
    }
    if ((url_arg == NULL) == (listen == NULL)) {
        return tool_usage_error(NAME, "give either a URL or --listen ADDR:PORT", NULL);
    }
    if (p.use_publish && listen) {
        return tool_usage_error(NAME, "--publish goes with a URL (client mode)", NULL);
    }
    if (ns == NULL || p.track == NULL || parse_namespace(&p, ns) != 0) {
        return tool_usage_error(NAME, "--namespace NS and --track NAME are required", NULL);
    }
    p.cap = 2 * 65536 + p.chunk;
    p.buf = malloc(p.cap);
    if (p.buf == NULL || moqt_runtime_new(NULL, NULL, &p.rt) != 0) {
        tool_fail("out of memory");
        return 1;
    }
    fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
    ev_io_init(&p.in, on_stdin, 0, EV_READ);
    p.in.data = &p;
    moqt_session_callbacks cb = {.struct_size = sizeof cb,
                                 .setup_done = cb_setup_done,
                                 .subscribe = cb_subscribe,
                                 .unsubscribe = cb_unsubscribe,
                                 .closed = cb_closed,
                                 .publish_namespace_ok = cb_publish_namespace_ok,
                                 .publish_namespace_error = cb_publish_namespace_error,
                                 .publish_ok = cb_publish_ok,
                                 .publish_error = cb_publish_error};
    int rc = 0;
    static tool_url url; /* the session borrows its path and authority */
    if (listen) {
        char host[256];
        uint16_t port;
        if (tool_parse_hostport(listen, host, sizeof host, &port) != 0) {
            return tool_usage_error(NAME, "--listen wants ADDR:PORT or [V6]:PORT", listen);
        }
        tool_server_opts so = {.host = host,
                               .port = port,
                               .drafts = copts.drafts,
                               .callbacks = &cb,
                               .peer_gone = on_peer_gone,
                               .max_send_buffer = SEND_BUFFER,
                               .app = &p};
        if (tool_server_start(p.rt, &so, &p.srv) != 0) {
            return 1;
        }
        tool_server_log_urls(p.srv);
        tool_info("publishing %s/%s; waiting for subscribers", ns, p.track);
    } else {
        char err[600];
        if (tool_url_parse(url_arg, &url, err, sizeof err) != 0) {
            return tool_usage_error(NAME, err, NULL);
        }
        tool_info("connect to %s", url_arg);
        if (tool_client_connect(p.rt, &url, &copts, &cb, &p, &p.client) != 0) {
            return 1;
        }
    }
    ev_timer linger;
    ev_timer_init(&linger, on_linger, 0.1, 0.1);
    linger.data = &p;
    ev_timer_start(moqt_runtime_loop(p.rt), &linger);
    tool_stop_on_signals(p.rt);
    moqt_runtime_run(p.rt);
    ev_timer_stop(moqt_runtime_loop(p.rt), &linger);
    ev_io_stop(moqt_runtime_loop(p.rt), &p.in);
    if (p.srv) {
        tool_server_close_all(p.srv);
        moqt_runtime_run_until(p.rt, never, NULL, 200 * MOQT_MILLISECONDS); /* CLOSEs go out */
        tool_server_stop(p.srv);
    }
    if (p.client) {
        rc = p.ended ? 0 : 1;
        tool_client_del(p.client);
    }
    moqt_runtime_del(p.rt);
    free(p.buf);
    return rc;
}
