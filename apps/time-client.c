/*
 * time-client URL: subscribes to clock/second and logs each timestamp;
 * with --status it asks TRACK_STATUS instead and logs the answer.
 *   moqt://host:port   raw QUIC
 *   https://host:port  WebTransport
 */
#include <stdlib.h>
#include <string.h>

#include "common/tool.h"

#define NAME "time-client"

static const char usage[] =
    "Usage: " NAME " [options] URL\n"
    "Subscribes to namespace 'clock', track 'second' and logs every timestamp.\n"
    "URL: moqt://HOST:PORT (raw QUIC) or https://HOST:PORT (WebTransport), e.g.\n"
    "     " NAME " --fingerprint HEX https://127.0.0.1:8080\n"
    "\n"
    "Options:\n"
    "  --draft N[,N...]   drafts to offer (default 7-19; ranges like 7-14 work)\n"
    "  --count N          exit after N objects (fetched ones included)\n"
    "  --fetch N          first fetch the last N seconds (a joining FETCH where the\n"
    "                     draft has one, else a FETCH after SUBSCRIBE_OK)\n"
    "  --status           ask TRACK_STATUS instead of subscribing, log the answer\n"
    "                     (the largest location, or why not) and exit\n"
    "  --track NAME       the track in namespace 'clock' (default 'second')\n"
    "  --fingerprint HEX  accept the server certificate whose SHA-256 is HEX\n"
    "                     (time-server logs it)\n"
    "  --insecure         do not verify the server certificate at all\n"
    "  --timeout SECONDS  give up when setup takes longer (default 10)\n"
    "  --help             this text\n"
    "Environment: MOQT_LOG=error|warn|info|debug|trace (default info);\n"
    "TLS_DISABLE_VERIFY=1 acts like --insecure.\n";

#define HELD_MAX   64
#define TS_MAX_LEN 64

/* A live object that arrived while the fetch was still running. */
typedef struct held_object {
    uint64_t group;
    char ts[TS_MAX_LEN];
} held_object;

typedef struct client {
    moqt_runtime *rt;
    tool_client *conn;
    uint64_t count, received;
    uint64_t request_id;
    bool subscribed, done, failed;
    /* --fetch: the fetched objects print first, then the live ones held
     * meanwhile; a group never prints twice. */
    uint64_t fetch_seconds, fetch_id, fetched;
    bool fetch_pending, fetch_standalone, fetch_topped_up;
    bool has_largest;
    uint64_t largest_group; /* SUBSCRIBE_OK's */
    bool printed_any;
    uint64_t last_group;
    held_object held[HELD_MAX];
    size_t nheld;
    /* --status: ask TRACK_STATUS only. */
    bool status_only;
    moqt_bytes track;
} client;

static void finish(client *c, bool failed)
{
    c->failed = c->failed || failed;
    c->done = true;
    moqt_runtime_stop(c->rt);
}

static const moqt_bytes clock_ns_field = {(const uint8_t *)"clock", 5};

/* Prints one timestamp unless its group was printed already; counts it. */
static void emit(client *c, moqt_session *s, uint64_t group, const uint8_t *ts, size_t len)
{
    if (c->done || (c->printed_any && group <= c->last_group)) {
        return;
    }
    c->printed_any = true;
    c->last_group = group;
    tool_info("received \"%.*s\"", (int)len, (const char *)ts);
    tool_debug("(group %llu)", (unsigned long long)group);
    c->received++;
    if (c->count && c->received >= c->count) {
        moqt_session_unsubscribe(s, c->request_id, tool_now());
        moqt_session_close(s, 0, "done", tool_now());
        finish(c, false);
    }
}

/* The fetch is over (or never happened): the held live objects follow. */
static void fetch_over(client *c, moqt_session *s)
{
    c->fetch_pending = false;
    for (size_t i = 0; i < c->nheld; i++) {
        emit(c, s, c->held[i].group, (const uint8_t *)c->held[i].ts, strlen(c->held[i].ts));
    }
    c->nheld = 0;
}

static int send_fetch(client *c, moqt_session *s, const moqt_fetch_params *p)
{
    int rv = moqt_session_fetch(s, p, &c->fetch_id, tool_now());
    if (rv != 0 && rv != MOQT_ERR_UNSUPPORTED) {
        tool_warn("cannot fetch: %s; live objects only", moqt_strerror(rv));
        fetch_over(c, s);
    }
    return rv;
}

/* The last |fetch_seconds| groups up to the subscription's largest: joined
 * to it (N - 1 groups before the largest, which the range includes) when the
 * session can express that; otherwise after SUBSCRIBE_OK. */
static void start_joining_fetch(client *c, moqt_session *s)
{
    moqt_fetch_params p;
    moqt_fetch_params_default(&p);
    p.kind = MOQT_FETCH_KIND_RELATIVE_JOINING;
    p.joining_request_id = c->request_id;
    p.joining_start = c->fetch_seconds - 1;
    c->fetch_pending = true;
    if (send_fetch(c, s, &p) == MOQT_ERR_UNSUPPORTED) {
        c->fetch_standalone = true; /* this draft has no joining fetch */
        return;
    }
    tool_info("fetch the last %llu seconds (joining)", (unsigned long long)c->fetch_seconds);
}

static void start_standalone_fetch(client *c, moqt_session *s, const moqt_location *largest)
{
    if (largest == NULL) {
        fetch_over(c, s); /* nothing published yet */
        return;
    }
    moqt_fetch_params p;
    moqt_fetch_params_default(&p);
    p.kind = MOQT_FETCH_KIND_STANDALONE;
    p.track_namespace = (moqt_track_namespace){1, &clock_ns_field};
    p.track_name = c->track;
    uint64_t back = c->fetch_seconds - 1;
    p.start = (moqt_location){largest->group > back ? largest->group - back : 0, 0};
    if (c->printed_any && c->last_group + 1 > p.start.group) {
        p.start.group = c->last_group + 1; /* a top-up: only what is missing */
    }
    p.end = (moqt_location){largest->group, largest->object + 1};
    tool_info("fetch the last %llu seconds (groups %llu..%llu)",
              (unsigned long long)c->fetch_seconds, (unsigned long long)p.start.group,
              (unsigned long long)largest->group);
    send_fetch(c, s, &p);
}

static int on_fetch_error(moqt_session *s, uint64_t id, moqt_request_error code, uint64_t wire,
                          moqt_bytes reason, void *ud)
{
    (void)id;
    (void)code;
    tool_warn("fetch refused (code %llu: %.*s); live objects only", (unsigned long long)wire,
              (int)reason.len, reason.base ? (const char *)reason.base : "");
    fetch_over(ud, s);
    return 0;
}

static int on_fetch_done(moqt_session *s, uint64_t id, bool complete, void *ud)
{
    (void)id;
    client *c = ud;
    if (!complete) {
        tool_warn("the fetch was cut short by the server");
    }
    /* Some drafts' joining fetch ends before the largest object (their
     * Latest Object filter was to deliver it, which a subscription starting
     * at the next group does not): fetch what is missing up to the largest
     * of SUBSCRIBE_OK once, so the live objects follow without a gap. */
    if (complete && c->has_largest && !c->fetch_topped_up && !c->done &&
        (!c->printed_any || c->last_group < c->largest_group)) {
        c->fetch_topped_up = true;
        moqt_location largest = {c->largest_group, 0};
        start_standalone_fetch(c, s, &largest);
        if (c->fetch_pending) {
            return 0;
        }
    }
    tool_info("fetched %llu objects; live from here", (unsigned long long)c->fetched);
    fetch_over(c, s);
    return 0;
}

/* --status: TRACK_STATUS about clock/<track>; the answer ends the run. */
static void ask_status(client *c, moqt_session *s)
{
    moqt_track_namespace ns = {1, &clock_ns_field};
    tool_info("track status clock %.*s", (int)c->track.len, (const char *)c->track.base);
    int rv = moqt_session_track_status(s, &ns, c->track, &c->request_id, tool_now());
    if (rv != 0) {
        tool_fail("cannot ask TRACK_STATUS: %s", moqt_strerror(rv));
        finish(c, true);
    }
}

static void status_answered(client *c, moqt_session *s)
{
    moqt_session_close(s, 0, "done", tool_now());
    finish(c, false);
}

static int on_track_status_ok(moqt_session *s, uint64_t id, const moqt_location *largest, void *ud)
{
    (void)id;
    client *c = ud;
    if (largest) {
        tool_info("status: the track exists, largest group %llu object %llu",
                  (unsigned long long)largest->group, (unsigned long long)largest->object);
    } else {
        tool_info("status: the track exists, nothing published yet");
    }
    status_answered(c, s);
    return 0;
}

static int on_track_status_error(moqt_session *s, uint64_t id, moqt_request_error code,
                                 uint64_t wire, moqt_bytes reason, void *ud)
{
    (void)id;
    client *c = ud;
    tool_info("status: %s (code %llu%s%.*s)",
              code == MOQT_REQUEST_ERROR_DOES_NOT_EXIST ? "the track does not exist" : "refused",
              (unsigned long long)wire, reason.len ? ": " : "", (int)reason.len,
              reason.base ? (const char *)reason.base : "");
    status_answered(c, s);
    return 0;
}

static int on_setup_done(moqt_session *s, uint64_t version, void *ud)
{
    client *c = ud;
    tool_info("connected over %s: draft %02u", tool_client_describe(c->conn),
              tool_draft_of(version));
    if (c->status_only) {
        ask_status(c, s);
        return 0;
    }
    moqt_subscribe_params p;
    moqt_subscribe_params_default(&p);
    p.track_namespace = (moqt_track_namespace){1, &clock_ns_field};
    p.track_name = c->track;
    /* Live from the next second on: every draft has Latest/Largest Object
     * (the default filter of 11-14 is Absolute Start at 0, the whole cache). */
    p.filter = MOQT_SUBSCRIBE_FILTER_LARGEST_OBJECT;
    tool_info("subscribe clock %.*s", (int)c->track.len, (const char *)c->track.base);
    int rv = moqt_session_subscribe(s, &p, &c->request_id, tool_now());
    if (rv != 0) {
        tool_fail("cannot subscribe: %s", moqt_strerror(rv));
        finish(c, true);
        return 0;
    }
    c->subscribed = true;
    if (c->fetch_seconds > 0) {
        start_joining_fetch(c, s);
    }
    return 0;
}

static int on_subscribe_ok(moqt_session *s, uint64_t id, const moqt_location *largest, void *ud)
{
    client *c = ud;
    if (largest) {
        tool_debug("subscribed (request %llu), largest group %llu", (unsigned long long)id,
                   (unsigned long long)largest->group);
    } else {
        tool_debug("subscribed (request %llu)", (unsigned long long)id);
    }
    c->has_largest = largest != NULL;
    c->largest_group = largest ? largest->group : 0;
    if (c->fetch_standalone && c->fetch_pending) {
        start_standalone_fetch(c, s, largest);
    }
    return 0;
}

static int on_subscribe_error(moqt_session *s, uint64_t id, moqt_request_error code, uint64_t wire,
                              moqt_bytes reason, void *ud)
{
    (void)s;
    (void)id;
    (void)code;
    tool_fail("subscription refused (code %llu: %.*s)", (unsigned long long)wire, (int)reason.len,
              reason.base ? (const char *)reason.base : "");
    finish(ud, true);
    return 0;
}

static int on_object(moqt_session *s, const moqt_object *o, void *ud)
{
    client *c = ud;
    if (o->status != MOQT_OBJECT_STATE_NORMAL) {
        return 0;
    }
    if (c->fetch_pending && !o->fetched) {
        if (c->nheld < HELD_MAX && o->payload_len < TS_MAX_LEN) {
            held_object *h = &c->held[c->nheld++];
            h->group = o->group;
            memcpy(h->ts, o->payload, o->payload_len);
            h->ts[o->payload_len] = '\0';
        } else {
            tool_warn("too many live objects during the fetch: group %llu dropped",
                      (unsigned long long)o->group);
        }
        return 0;
    }
    c->fetched += o->fetched ? 1 : 0;
    emit(c, s, o->group, o->payload, o->payload_len);
    return 0;
}

static int on_publish_done(moqt_session *s, uint64_t id, moqt_done_reason r, uint64_t wire,
                           uint64_t n, moqt_bytes reason, void *ud)
{
    (void)s;
    (void)id;
    (void)r;
    (void)n;
    tool_info("the track ended (code %llu: %.*s)", (unsigned long long)wire, (int)reason.len,
              reason.base ? (const char *)reason.base : "");
    finish(ud, false);
    return 0;
}

static void on_closed(moqt_session *s, bool remote, uint64_t code, moqt_bytes reason, void *ud)
{
    client *c = ud;
    bool setup = moqt_session_version(s) != 0;
    if (c->done) {
        return;
    }
    tool_fail("%s closed by %s (code %llu%s%.*s)",
              setup ? "session" : "connection (before MoQT setup finished)",
              remote ? "the server" : "us", (unsigned long long)code, reason.len ? ": " : "",
              (int)reason.len, reason.base ? (const char *)reason.base : "");
    if (!setup && code == 0x178) {
        /* CRYPTO_ERROR with TLS alert 120 no_application_protocol */
        tool_fail("no common ALPN: the server accepts none of the drafts offered (--draft)");
    } else if (!setup && !remote && code >= 0x100 && code <= 0x1ff) {
        /* QUIC CRYPTO_ERROR: 0x100 + the TLS alert (RFC 9001 §4.8) */
        tool_fail("TLS alert %llu: the server's certificate was not accepted; a self-signed "
                  "server needs --fingerprint HEX (time-server logs it) or --insecure",
                  (unsigned long long)(code - 0x100));
    }
    finish(c, true);
}

static bool setup_or_done(void *arg)
{
    client *c = arg;
    return c->done || tool_interrupted() || moqt_session_version(tool_client_session(c->conn)) != 0;
}

static bool closed_cond(void *arg)
{
    client *c = arg;
    return tool_client_closed(c->conn);
}

int main(int argc, char **argv)
{
    tool_log_init(NAME);
    tool_client_opts opts = {.drafts = MOQT_DRAFTS_ALL};
    client c = {.track = {(const uint8_t *)"second", 6}};
    uint64_t timeout = 10;
    const char *url_arg = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes_value = strcmp(a, "--draft") == 0 || strcmp(a, "--count") == 0 ||
                           strcmp(a, "--fetch") == 0 || strcmp(a, "--fingerprint") == 0 ||
                           strcmp(a, "--timeout") == 0 || strcmp(a, "--track") == 0;
        if (takes_value && v == NULL) {
            return tool_usage_error(NAME, "option needs a value", a);
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(a, "--draft") == 0) {
            if (tool_parse_drafts(v, &opts.drafts) != 0) {
                return tool_usage_error(NAME, "--draft wants drafts 7..19 like 14 or 7-14,16", v);
            }
            i++;
        } else if (strcmp(a, "--count") == 0) {
            if (tool_parse_u64(v, &c.count) != 0) {
                return tool_usage_error(NAME, "--count wants a number", v);
            }
            i++;
        } else if (strcmp(a, "--fetch") == 0) {
            if (tool_parse_u64(v, &c.fetch_seconds) != 0 || c.fetch_seconds > 60) {
                return tool_usage_error(NAME, "--fetch wants a number of seconds (0..60)", v);
            }
            i++;
        } else if (strcmp(a, "--timeout") == 0) {
            if (tool_parse_u64(v, &timeout) != 0 || timeout == 0) {
                return tool_usage_error(NAME, "--timeout wants a number of seconds", v);
            }
            i++;
        } else if (strcmp(a, "--fingerprint") == 0) {
            opts.fingerprint = argv[++i];
        } else if (strcmp(a, "--status") == 0) {
            c.status_only = true;
        } else if (strcmp(a, "--track") == 0) {
            if (v[0] == '\0') {
                return tool_usage_error(NAME, "--track wants a name", v);
            }
            c.track = (moqt_bytes){(const uint8_t *)v, strlen(v)};
            i++;
        } else if (strcmp(a, "--insecure") == 0) {
            opts.insecure = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            return tool_usage_error(NAME, "unknown option", a);
        } else if (url_arg == NULL) {
            url_arg = a;
        } else {
            return tool_usage_error(NAME, "only one URL please", a);
        }
    }
    if (url_arg == NULL) {
        return tool_usage_error(NAME, "missing URL (moqt://HOST:PORT or https://HOST:PORT)", NULL);
    }
    tool_url url;
    char err[600];
    if (tool_url_parse(url_arg, &url, err, sizeof err) != 0) {
        return tool_usage_error(NAME, err, NULL);
    }
    opts.implementation = "libmoqt time-client";
    if (moqt_runtime_new(NULL, NULL, &c.rt) != 0) {
        tool_fail("cannot create the event loop");
        return 1;
    }
    moqt_session_callbacks cb = {.struct_size = sizeof cb,
                                 .setup_done = on_setup_done,
                                 .subscribe_ok = on_subscribe_ok,
                                 .subscribe_error = on_subscribe_error,
                                 .object = on_object,
                                 .publish_done = on_publish_done,
                                 .fetch_error = on_fetch_error,
                                 .fetch_done = on_fetch_done,
                                 .track_status_ok = on_track_status_ok,
                                 .track_status_error = on_track_status_error,
                                 .closed = on_closed};
    tool_info("connect to %s", url_arg);
    if (tool_client_connect(c.rt, &url, &opts, &cb, &c, &c.conn) != 0) {
        moqt_runtime_del(c.rt);
        return 1;
    }
    tool_stop_on_signals(c.rt);
    if (!moqt_runtime_run_until(c.rt, setup_or_done, &c, timeout * MOQT_SECONDS)) {
        tool_fail("no MoQT session with %s after %llu s (is the server running? UDP port %u)",
                  url_arg, (unsigned long long)timeout, url.port);
        c.failed = true;
        c.done = true; /* our own close below is not news */
    } else if (!c.done && !tool_interrupted()) {
        moqt_runtime_run(c.rt);
    }
    if (tool_interrupted()) {
        c.done = true; /* Ctrl-C: a normal way out */
    }
    if (!tool_client_closed(c.conn)) {
        moqt_session *s = tool_client_session(c.conn);
        if (!moqt_session_is_closed(s)) {
            moqt_session_close(s, 0, "bye", tool_now());
        }
        moqt_runtime_run_until(c.rt, closed_cond, &c, 500 * MOQT_MILLISECONDS);
    }
    tool_client_del(c.conn);
    moqt_runtime_del(c.rt);
    return c.failed ? 1 : 0;
}
