/*
 * time-server: publishes the track `second` in namespace `clock`: once a
 * second, an RFC 3339 timestamp with nanoseconds and the local UTC offset,
 * each in a new group as object 0 (so a subscriber can start at any second),
 * keeping the last 60 groups, which FETCH serves; TRACK_STATUS tells the
 * largest location. Raw QUIC and WebTransport on one UDP port, every draft
 * 07..19; /certificate.sha256 on the same TCP port.
 */
#include <ev.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/tool.h"

#define NAME       "time-server"
#define KEEP       60
#define MAX_SUBS   512
#define PRIORITY   128
#define TS_MAX_LEN 64

static const char usage[] =
    "Usage: " NAME " [options]\n"
    "Publishes namespace 'clock', track 'second': one RFC 3339 timestamp per second,\n"
    "each in a new group (object 0); keeps the last 60 groups for FETCH; answers\n"
    "TRACK_STATUS with the largest location.\n"
    "Serves raw QUIC (moqt://) and WebTransport (https://) on one UDP port, and\n"
    "GET /certificate.sha256 on the same TCP port.\n"
    "\n"
    "Options:\n"
    "  --listen ADDR:PORT  address to listen on (default 0.0.0.0:8080 and [::]:8080;\n"
    "                      ADDR may be [v6], port 0 picks a free port)\n"
    "  --draft N[,N...]    drafts to accept (default 7-19; ranges like 7-14 work)\n"
    "  --cert FILE --key FILE  PEM certificate and key (default: a fresh self-signed\n"
    "                      ECDSA P-256 certificate valid 10 days)\n"
    "  --help              this text\n"
    "Environment: MOQT_LOG=error|warn|info|debug|trace (default info).\n";

typedef struct sub {
    tool_peer *peer;
    uint64_t request_id;
    bool used;
} sub;

typedef struct clock_track {
    char ts[KEEP][TS_MAX_LEN]; /* ring: group g lives at g % KEEP */
    uint64_t next_group;       /* groups 0..next_group-1 were published */
    sub subs[MAX_SUBS];
    tool_server *srv;
    ev_timer tick;
} clock_track;

/* ---- Timestamps ------------------------------------------------------------------- */

/* RFC 3339 with nanoseconds and the local offset: 2025-10-17T11:37:17.265898446+02:00 */
static size_t format_now(char *out, size_t cap)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    localtime_r(&ts.tv_sec, &tm);
    char base[32];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    long off = tm.tm_gmtoff / 60;
    char sign = off < 0 ? '-' : '+';
    off = off < 0 ? -off : off;
    int n = snprintf(out, cap, "%s.%09ld%c%02ld:%02ld", base, ts.tv_nsec, sign, off / 60, off % 60);
    return n > 0 ? (size_t)n : 0;
}

/* ---- Subscriptions ---------------------------------------------------------------- */

static bool is_clock_second_track(const moqt_track_namespace *ns, moqt_bytes name)
{
    return ns->count == 1 && ns->fields[0].len == 5 &&
           memcmp(ns->fields[0].base, "clock", 5) == 0 && name.len == 6 &&
           memcmp(name.base, "second", 6) == 0;
}

static bool is_clock_second(const moqt_subscribe_request *req)
{
    return is_clock_second_track(&req->track_namespace, req->track_name);
}

static int send_group(clock_track *ck, sub *sb, uint64_t group)
{
    const char *ts = ck->ts[group % KEEP];
    moqt_tstamp now = tool_now();
    int rv = moqt_session_send_object(sb->peer->session, sb->request_id, group, 0, 0, PRIORITY,
                                      MOQT_OBJECT_STATE_NORMAL, NULL, 0, (const uint8_t *)ts,
                                      strlen(ts), now);
    if (rv == 0) {
        rv = moqt_session_end_subgroup(sb->peer->session, sb->request_id, group, 0, now);
    }
    if (rv != 0 && rv != MOQT_ERR_WOULDBLOCK) {
        tool_warn("subscriber on %s: cannot send group %llu (%s); dropping the subscription",
                  sb->peer->label, (unsigned long long)group, moqt_strerror(rv));
        sb->used = false;
    }
    return rv;
}

/* Past groups an absolute-start subscription asks for, from the cache. */
static void send_backlog(clock_track *ck, sub *sb, const moqt_subscribe_request *req)
{
    if (req->filter != MOQT_SUBSCRIBE_FILTER_ABSOLUTE_START &&
        req->filter != MOQT_SUBSCRIBE_FILTER_ABSOLUTE_RANGE) {
        return;
    }
    uint64_t first = ck->next_group > KEEP ? ck->next_group - KEEP : 0;
    uint64_t from = req->start.group > first ? req->start.group : first;
    uint64_t last = ck->next_group; /* exclusive */
    if (req->filter == MOQT_SUBSCRIBE_FILTER_ABSOLUTE_RANGE && req->end_group + 1 < last) {
        last = req->end_group + 1;
    }
    for (uint64_t g = from; g < last && sb->used; g++) {
        if (g == req->start.group && req->start.object > 0) {
            continue; /* object 0 of this group is before the start */
        }
        send_group(ck, sb, g);
    }
}

static int on_subscribe(moqt_session *s, const moqt_subscribe_request *req, void *ud)
{
    tool_peer *peer = ud;
    clock_track *ck = peer->app;
    moqt_tstamp now = tool_now();
    if (!is_clock_second(req)) {
        tool_info("%s: SUBSCRIBE for an unknown track: refused", peer->label);
        return moqt_session_subscribe_reject(s, req->request_id, MOQT_REQUEST_ERROR_DOES_NOT_EXIST,
                                             "only clock/second here", now) == 0
                   ? 0
                   : MOQT_ERR_CALLBACK_FAILURE;
    }
    sub *sb = NULL;
    for (size_t i = 0; i < MAX_SUBS && sb == NULL; i++) {
        if (!ck->subs[i].used) {
            sb = &ck->subs[i];
        }
    }
    if (sb == NULL) {
        moqt_session_subscribe_reject(s, req->request_id, MOQT_REQUEST_ERROR_INTERNAL,
                                      "too many subscribers", now);
        return 0;
    }
    moqt_location largest = {ck->next_group ? ck->next_group - 1 : 0, 0};
    int rv =
        moqt_session_subscribe_accept(s, req->request_id, ck->next_group ? &largest : NULL, now);
    if (rv != 0) {
        tool_warn("%s: cannot accept SUBSCRIBE: %s", peer->label, moqt_strerror(rv));
        return 0;
    }
    *sb = (sub){.peer = peer, .request_id = req->request_id, .used = true};
    tool_info("%s: subscribe clock second (request %llu)", peer->label,
              (unsigned long long)req->request_id);
    send_backlog(ck, sb, req);
    return 0;
}

/* ---- FETCH ------------------------------------------------------------------------ */

/*
 * FETCH from the cache of the last KEEP groups. Each group holds object 0
 * only, so group g is in the range when {g, 0} lies between |start| and
 * |end| (end plus one object; object 0 meaning the whole group, so group
 * end.group is always in).
 * - Start beyond the largest group: INVALID_RANGE (mt-14 l.2618, mt-18
 *   l.3455; 07's "No Objects" l.1479 is the session's mapping of it).
 * - A range partly older than the cache: the cached part is served; the
 *   evicted groups show as a gap (mt-18 l.3463 lets a publisher serve the
 *   known objects around unknown ones).
 * - A range wholly older than the cache: INVALID_RANGE. An empty stream with
 *   FIN would claim those objects do not exist (mt-14 l.2590), and they did.
 * FETCH_OK's End Location is the last group served plus one object, the
 * convention of moqt_fetch_request.end. Never end of track: the clock runs.
 */
static int on_fetch(moqt_session *s, const moqt_fetch_request *req, void *ud)
{
    tool_peer *peer = ud;
    clock_track *ck = peer->app;
    moqt_tstamp now = tool_now();
    if (req->kind == MOQT_FETCH_KIND_STANDALONE &&
        !is_clock_second_track(&req->track_namespace, req->track_name)) {
        return moqt_session_fetch_reject(s, req->request_id, MOQT_REQUEST_ERROR_DOES_NOT_EXIST,
                                         "only clock/second here", now) == 0
                   ? 0
                   : MOQT_ERR_CALLBACK_FAILURE;
    }
    uint64_t cached = ck->next_group > KEEP ? ck->next_group - KEEP : 0;
    uint64_t from = req->start.group + (req->start.object > 0 ? 1 : 0);
    uint64_t last = req->end.group; /* inclusive */
    const char *why = NULL;
    if (ck->next_group == 0 || req->start.group >= ck->next_group) {
        why = "nothing published there yet";
    } else if (last < from) {
        why = "an empty range";
    } else if (last < cached) {
        why = "older than the cache (the last 60 groups)";
    }
    if (why) {
        tool_info("%s: FETCH %llu refused: %s", peer->label, (unsigned long long)req->request_id,
                  why);
        return moqt_session_fetch_reject(s, req->request_id, MOQT_REQUEST_ERROR_INVALID_RANGE, why,
                                         now) == 0
                   ? 0
                   : MOQT_ERR_CALLBACK_FAILURE;
    }
    from = from > cached ? from : cached;
    last = last < ck->next_group - 1 ? last : ck->next_group - 1;
    int rv = moqt_session_fetch_accept(s, req->request_id, false, (moqt_location){last, 1}, now);
    for (uint64_t g = from; g <= last && rv == 0; g++) {
        const char *ts = ck->ts[g % KEEP];
        rv = moqt_session_fetch_send_object(s, req->request_id, g, 0, 0, PRIORITY,
                                            MOQT_OBJECT_STATE_NORMAL, NULL, 0, (const uint8_t *)ts,
                                            strlen(ts), now);
    }
    if (rv == 0) {
        rv = moqt_session_fetch_finish(s, req->request_id, now);
    }
    if (rv != 0) {
        /* At most 60 short objects: far below the send buffer. */
        tool_warn("%s: FETCH %llu failed: %s", peer->label, (unsigned long long)req->request_id,
                  moqt_strerror(rv));
        return 0;
    }
    tool_info("%s: fetch groups %llu..%llu (request %llu)", peer->label, (unsigned long long)from,
              (unsigned long long)last, (unsigned long long)req->request_id);
    return 0;
}

/* ---- TRACK_STATUS ------------------------------------------------------------------ */

/* clock/second: its largest location (none before the first tick); any other
 * track: DOES_NOT_EXIST (07-12 carry it as the reply's Status Code 0x01). */
static int on_track_status(moqt_session *s, uint64_t request_id, const moqt_track_namespace *ns,
                           moqt_bytes name, void *ud)
{
    tool_peer *peer = ud;
    clock_track *ck = peer->app;
    moqt_tstamp now = tool_now();
    int rv;
    if (!is_clock_second_track(ns, name)) {
        tool_info("%s: TRACK_STATUS for an unknown track: does not exist", peer->label);
        rv = moqt_session_track_status_reject(s, request_id, MOQT_REQUEST_ERROR_DOES_NOT_EXIST,
                                              "only clock/second here", now);
    } else {
        moqt_location largest = {ck->next_group ? ck->next_group - 1 : 0, 0};
        tool_info("%s: TRACK_STATUS clock second: largest group %llu", peer->label,
                  (unsigned long long)largest.group);
        rv = moqt_session_track_status_reply(s, request_id, ck->next_group ? &largest : NULL, now);
    }
    if (rv != 0) {
        tool_warn("%s: cannot answer TRACK_STATUS: %s", peer->label, moqt_strerror(rv));
    }
    return 0;
}

static int on_unsubscribe(moqt_session *s, uint64_t request_id, void *ud)
{
    (void)s;
    tool_peer *peer = ud;
    clock_track *ck = peer->app;
    for (size_t i = 0; i < MAX_SUBS; i++) {
        if (ck->subs[i].used && ck->subs[i].peer == peer && ck->subs[i].request_id == request_id) {
            ck->subs[i].used = false;
            tool_info("%s: unsubscribe (request %llu)", peer->label,
                      (unsigned long long)request_id);
        }
    }
    return 0;
}

static void on_peer_gone(tool_peer *peer)
{
    clock_track *ck = peer->app;
    for (size_t i = 0; i < MAX_SUBS; i++) {
        if (ck->subs[i].used && ck->subs[i].peer == peer) {
            ck->subs[i].used = false;
        }
    }
}

/* ---- The clock ---------------------------------------------------------------------- */

/* Seconds until the next whole wall-clock second (ticks land on .000). */
static double until_next_second(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return 1.0 - (double)ts.tv_nsec / 1e9;
}

static void on_tick(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)revents;
    clock_track *ck = w->data;
    uint64_t g = ck->next_group++;
    format_now(ck->ts[g % KEEP], TS_MAX_LEN);
    tool_debug("group %llu: %s", (unsigned long long)g, ck->ts[g % KEEP]);
    for (size_t i = 0; i < MAX_SUBS; i++) {
        if (ck->subs[i].used) {
            send_group(ck, &ck->subs[i], g);
        }
    }
    /* libev's timers may fire a little early: a tick at .9995 must not be
     * followed by another one 0.5 ms later. */
    ev_now_update(loop);
    double next = until_next_second();
    ev_timer_set(w, next < 0.5 ? next + 1.0 : next, 0.0);
    ev_timer_start(loop, w);
}

static bool never(void *arg)
{
    (void)arg;
    return false;
}

/* ---- main ----------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    tool_log_init(NAME);
    char host[256] = "";
    uint16_t port = 8080;
    uint32_t drafts = MOQT_DRAFTS_ALL;
    const char *cert = NULL, *key = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes_value = strcmp(a, "--listen") == 0 || strcmp(a, "--draft") == 0 ||
                           strcmp(a, "--cert") == 0 || strcmp(a, "--key") == 0;
        if (takes_value && v == NULL) {
            return tool_usage_error(NAME, "option needs a value", a);
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(a, "--listen") == 0 && v) {
            if (tool_parse_hostport(v, host, sizeof host, &port) != 0) {
                return tool_usage_error(NAME, "--listen wants ADDR:PORT or [V6]:PORT", v);
            }
            i++;
        } else if (strcmp(a, "--draft") == 0 && v) {
            if (tool_parse_drafts(v, &drafts) != 0) {
                return tool_usage_error(NAME, "--draft wants drafts 7..19 like 14 or 7-14,16", v);
            }
            i++;
        } else if (strcmp(a, "--cert") == 0 && v) {
            cert = argv[++i];
        } else if (strcmp(a, "--key") == 0 && v) {
            key = argv[++i];
        } else {
            return tool_usage_error(NAME, "unknown argument", a);
        }
    }
    if ((cert == NULL) != (key == NULL)) {
        return tool_usage_error(NAME, "--cert and --key go together", NULL);
    }
    static clock_track ck; /* large (the ring and the subscriber table) */
    moqt_runtime *rt;
    if (moqt_runtime_new(NULL, NULL, &rt) != 0) {
        tool_fail("cannot create the event loop");
        return 1;
    }
    moqt_session_callbacks cb = {.struct_size = sizeof cb,
                                 .subscribe = on_subscribe,
                                 .unsubscribe = on_unsubscribe,
                                 .fetch = on_fetch,
                                 .track_status = on_track_status};
    tool_server_opts so = {.host = host,
                           .port = port,
                           .drafts = drafts,
                           .callbacks = &cb,
                           .peer_gone = on_peer_gone,
                           .cert_path = cert,
                           .key_path = key,
                           .app = &ck};
    if (tool_server_start(rt, &so, &ck.srv) != 0) {
        moqt_runtime_del(rt);
        return 1;
    }
    tool_server_log_urls(ck.srv);
    tool_info("publishing clock/second");
    struct ev_loop *loop = moqt_runtime_loop(rt);
    ev_now_update(loop); /* the certificate took a while: timers count from now */
    ev_timer_init(&ck.tick, on_tick, until_next_second(), 0.0);
    ck.tick.data = &ck;
    ev_timer_start(loop, &ck.tick);
    tool_stop_on_signals(rt);
    moqt_runtime_run(rt);
    tool_info("stopping");
    ev_timer_stop(loop, &ck.tick);
    tool_server_close_all(ck.srv);
    moqt_runtime_run_until(rt, never, NULL, 200 * MOQT_MILLISECONDS); /* CLOSEs go out */
    tool_server_stop(ck.srv);
    moqt_runtime_del(rt);
    return 0;
}
