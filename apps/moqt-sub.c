/*
 * moqt-sub: subscribes to one track and writes object payloads to stdout, in
 * (group, object) order.
 *
 *   moqt-sub URL --namespace NS --track NAME                  (connects and subscribes)
 *   moqt-sub --listen ADDR:PORT --namespace NS --track NAME   (a publisher connects)
 *
 * As the server we wait for the publisher to say what it has: once it
 * announces NS (PUBLISH_NAMESPACE; ANNOUNCE in 07-11) we accept and SUBSCRIBE
 * to NS/NAME on its session; when it PUBLISHes NS/NAME itself (12+) we accept
 * that instead. Other namespaces and tracks are refused; the first matching
 * offer wins, later ones are refused.
 *
 * Groups travel on separate streams, so objects may arrive out of order
 * across groups: they wait here until their turn. A group ends with an End
 * of Group status object (what moqt-pub sends), or with the FIN of a subgroup
 * stream whose header says it contains the end of the group (12+; how
 * @moq/lite ends its groups, reported by the session's subgroup_end). A
 * stream the publisher resets ends its group early: what is missing is
 * skipped with a warning. The track ends with End of Track; --count N ends
 * the run after N objects.
 */
#include <stdlib.h>
#include <string.h>

#include "common/tool.h"

#define NAME "moqt-sub"

static const char usage[] =
    "Usage: " NAME " [options] (URL | --listen ADDR:PORT) --namespace NS --track NAME\n"
    "Subscribes to NS/NAME and writes every object's payload to stdout, in order.\n"
    "  URL: moqt://HOST:PORT (raw QUIC) or https://HOST:PORT (WebTransport).\n"
    "\n"
    "Options:\n"
    "  --listen ADDR:PORT  be the server: wait for a publisher to connect (e.g.\n"
    "                      moqt-pub URL) and announce NS (then we subscribe to\n"
    "                      NS/NAME) or PUBLISH NS/NAME (12+; we accept it)\n"
    "  --namespace NS      track namespace; '/' separates tuple fields (a/b)\n"
    "  --track NAME        track name\n"
    "  --lines             write a newline after each object (for moqt-pub --lines)\n"
    "  --count N           exit after N objects\n"
    "  --draft N[,N...]    drafts to offer / accept (default 7-19)\n"
    "  --fingerprint HEX, --insecure   server certificate check (client mode)\n"
    "  --help              this text\n"
    "Environment: MOQT_LOG=error|warn|info|debug|trace (default info).\n";

typedef struct pending {
    uint64_t group, object;
    moqt_object_state status;
    bool marker; /* not an object: where a subgroup stream said its group ends */
    uint8_t *data;
    size_t len;
    struct pending *next;
} pending;

typedef struct subr {
    moqt_runtime *rt;
    char ns_buf[256];
    moqt_bytes ns_fields[8];
    size_t ns_count;
    const char *track;
    bool lines;
    uint64_t count, written;
    uint64_t group, object; /* the next expected */
    bool started, done, failed;
    moqt_session *session; /* the one subscription's session */
    uint64_t request_id;
    pending *queue;
    tool_client *client;
    tool_server *srv;
    bool listening; /* --listen: subscribe when the publisher offers the track */
} subr;

static subr S;

static void finish(subr *s, bool failed)
{
    if (s->done) {
        return;
    }
    s->done = true;
    s->failed = failed;
    fflush(stdout);
    if (s->session && !moqt_session_is_closed(s->session)) {
        moqt_session_close(s->session, 0, failed ? "failed" : "done", tool_now());
    }
    moqt_runtime_stop(s->rt);
}

/* The object at (g, o); an end marker there only when no object is. */
static pending *take(subr *s, uint64_t g, uint64_t o)
{
    pending **found = NULL;
    for (pending **pp = &s->queue; *pp; pp = &(*pp)->next) {
        if ((*pp)->group == g && (*pp)->object == o && (found == NULL || (*found)->marker)) {
            found = pp;
        }
    }
    if (found == NULL) {
        return NULL;
    }
    pending *p = *found;
    *found = p->next;
    return p;
}

/* Forgets what belongs to groups before the current one. */
static void drop_old_groups(subr *s)
{
    for (pending **pp = &s->queue; *pp;) {
        if ((*pp)->group < s->group) {
            pending *p = *pp;
            *pp = p->next;
            free(p->data);
            free(p);
        } else {
            pp = &(*pp)->next;
        }
    }
}

/* Writes every object whose turn has come. */
static void drain(subr *s)
{
    pending *p;
    while (s->started && !s->done && (p = take(s, s->group, s->object)) != NULL) {
        switch (p->status) {
        case MOQT_OBJECT_STATE_NORMAL:
            if (p->len > 0) { /* an empty object (an empty line) has no buffer */
                fwrite(p->data, 1, p->len, stdout);
            }
            if (s->lines) {
                fputc('\n', stdout);
            }
            s->object++;
            s->written++;
            if (s->count && s->written >= s->count) {
                finish(s, false);
            }
            break;
        case MOQT_OBJECT_STATE_END_OF_GROUP:
        case MOQT_OBJECT_STATE_DOES_NOT_EXIST:
        case MOQT_OBJECT_STATE_END_OF_SUBGROUP:
            s->group++;
            s->object = 0;
            drop_old_groups(s); /* e.g. a FIN's marker after an End of Group object */
            break;
        default: /* End of Track (and Group) */
            tool_info("end of track after %llu objects", (unsigned long long)s->written);
            finish(s, false);
            break;
        }
        free(p->data);
        free(p);
    }
}

static int on_object(moqt_session *ss, const moqt_object *o, void *ud)
{
    (void)ss;
    (void)ud;
    subr *s = &S;
    if (s->done || (s->started &&
                    (o->group < s->group || (o->group == s->group && o->object_id < s->object)))) {
        return 0; /* before our start, or a duplicate */
    }
    pending *p = calloc(1, sizeof *p);
    if (p == NULL || (o->payload_len && (p->data = malloc(o->payload_len)) == NULL)) {
        free(p);
        tool_fail("out of memory");
        finish(s, true);
        return 0;
    }
    p->group = o->group;
    p->object = o->object_id;
    p->status = o->status;
    p->len = o->payload_len;
    if (o->payload_len) {
        memcpy(p->data, o->payload, o->payload_len);
    }
    p->next = s->queue;
    s->queue = p;
    drain(s);
    return 0;
}

/* A subgroup stream ended. A FIN with the header's End of Group bit, or a
 * reset (its missing objects will not come), ends the group after the last
 * object the stream delivered: a marker there moves the output on. A plain
 * FIN ends only its subgroup: an End of Group object or bit says the rest. */
static int on_subgroup_end(moqt_session *ss, const moqt_subgroup_end *e, void *ud)
{
    (void)ud;
    subr *s = &S;
    if (s->done || ss != s->session || e->request_id != s->request_id ||
        (e->how == MOQT_SUBGROUP_END_FIN && !e->group_complete)) {
        return 0;
    }
    uint64_t end = e->has_last_object ? e->last_object_id + 1 : 0;
    if (e->how != MOQT_SUBGROUP_END_FIN) {
        tool_warn("group %llu: its stream was %s after %llu objects; going on without the rest",
                  (unsigned long long)e->group,
                  e->how == MOQT_SUBGROUP_END_RESET ? "reset" : "stopped", (unsigned long long)end);
    }
    if (s->started && (e->group < s->group || (e->group == s->group && end < s->object))) {
        return 0; /* that group is behind us already */
    }
    pending *p = calloc(1, sizeof *p);
    if (p == NULL) {
        tool_fail("out of memory");
        finish(s, true);
        return 0;
    }
    p->group = e->group;
    p->object = end;
    p->status = MOQT_OBJECT_STATE_END_OF_GROUP;
    p->marker = true;
    p->next = s->queue;
    s->queue = p;
    drain(s);
    return 0;
}

static bool bytes_eq(moqt_bytes a, moqt_bytes b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.base, b.base, a.len) == 0);
}

static bool is_our_namespace(const subr *s, const moqt_track_namespace *ns)
{
    if (ns->count != s->ns_count) {
        return false;
    }
    for (size_t i = 0; i < ns->count; i++) {
        if (!bytes_eq(ns->fields[i], s->ns_fields[i])) {
            return false;
        }
    }
    return true;
}

/* "a/b" for logs. */
static const char *ns_text(const moqt_track_namespace *ns, char *buf, size_t cap)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ns->count && off < cap; i++) {
        int n = snprintf(buf + off, cap - off, "%s%.*s", i ? "/" : "", (int)ns->fields[i].len,
                         ns->fields[i].base ? (const char *)ns->fields[i].base : "");
        off += n > 0 ? (size_t)n : 0;
    }
    return buf;
}

/* Objects before |first_group| are not ours; drain what is due. */
static void start_at(subr *s, uint64_t first_group)
{
    s->group = first_group;
    s->object = 0;
    s->started = true;
    drop_old_groups(s);
    drain(s);
}

static void subscribe_on(subr *s, moqt_session *ss)
{
    moqt_subscribe_params prm;
    moqt_subscribe_params_default(&prm);
    prm.track_namespace = (moqt_track_namespace){s->ns_count, s->ns_fields};
    prm.track_name = (moqt_bytes){(const uint8_t *)s->track, strlen(s->track)};
    /* From the publisher's next object on (moqt-pub starts joiners at its next
     * group). Latest/Largest Object exists in every draft, and @moq/lite, a
     * browser publisher, accepts only it and Next Group Start (the default of
     * 11-14 is Absolute Start). */
    prm.filter = MOQT_SUBSCRIBE_FILTER_LARGEST_OBJECT;
    int rv = moqt_session_subscribe(ss, &prm, &s->request_id, tool_now());
    if (rv != 0) {
        tool_fail("cannot subscribe: %s", moqt_strerror(rv));
        finish(s, true);
        return;
    }
    s->session = ss;
    tool_info("subscribe %s %s", s->ns_buf, s->track);
}

static int on_setup_done(moqt_session *ss, uint64_t version, void *ud)
{
    (void)ud;
    subr *s = &S;
    if (s->client) {
        tool_info("connected over %s: draft %02u", tool_client_describe(s->client),
                  tool_draft_of(version));
    }
    if (s->listening) {
        tool_info("a publisher connected (draft %02u); waiting for it to announce %s or "
                  "publish %s/%s",
                  tool_draft_of(version), s->ns_buf, s->ns_buf, s->track);
        return 0;
    }
    if (s->session != NULL) {
        tool_warn("already subscribed on another session: ignoring this one");
        return 0;
    }
    subscribe_on(s, ss);
    return 0;
}

static int on_subscribe_ok(moqt_session *ss, uint64_t id, const moqt_location *largest, void *ud)
{
    (void)ss;
    (void)id;
    (void)ud;
    subr *s = &S;
    /* The publisher starts us at the group after the largest one. */
    start_at(s, largest ? largest->group + 1 : 0);
    return 0;
}

/* --listen: the publisher announced a namespace. Ours: accept, subscribe. */
static int on_publish_namespace(moqt_session *ss, uint64_t id, const moqt_track_namespace *ns,
                                void *ud)
{
    (void)ud;
    subr *s = &S;
    char text[256];
    moqt_tstamp now = tool_now();
    ns_text(ns, text, sizeof text);
    if (!s->listening || !is_our_namespace(s, ns)) {
        tool_info("namespace %s announced: not %s, refused", text, s->ns_buf);
        moqt_session_publish_namespace_reject(ss, id, MOQT_REQUEST_ERROR_NOT_SUPPORTED,
                                              "not the namespace moqt-sub wants", now);
        return 0;
    }
    tool_info("namespace %s announced", text);
    int rv = moqt_session_publish_namespace_accept(ss, id, now);
    if (rv != 0) {
        tool_warn("cannot accept the announcement: %s", moqt_strerror(rv));
        return 0;
    }
    if (s->session != NULL) {
        tool_info("already subscribed: not subscribing again");
        return 0;
    }
    subscribe_on(s, ss);
    return 0;
}

/* --listen, 12+: the publisher offers the track itself. */
static int on_publish(moqt_session *ss, uint64_t id, const moqt_publish_request *req, void *ud)
{
    (void)ud;
    subr *s = &S;
    char text[256];
    moqt_tstamp now = tool_now();
    ns_text(&req->track_namespace, text, sizeof text);
    moqt_bytes want = {(const uint8_t *)s->track, strlen(s->track)};
    if (!s->listening || !is_our_namespace(s, &req->track_namespace) ||
        !bytes_eq(req->track_name, want) || s->session != NULL) {
        tool_info("PUBLISH %s/%.*s refused (%s)", text, (int)req->track_name.len,
                  req->track_name.base ? (const char *)req->track_name.base : "",
                  s->session ? "already subscribed" : "not the track moqt-sub wants");
        moqt_session_publish_reject(ss, id, MOQT_REQUEST_ERROR_NOT_SUPPORTED,
                                    s->session ? "already subscribed" : "not wanted", now);
        return 0;
    }
    int rv = moqt_session_publish_accept(ss, id, NULL, now);
    if (rv != 0) {
        tool_fail("cannot accept PUBLISH: %s", moqt_strerror(rv));
        finish(s, true);
        return 0;
    }
    s->session = ss;
    s->request_id = id;
    tool_info("accepted PUBLISH %s %s", s->ns_buf, s->track);
    /* As after SUBSCRIBE_OK: the track starts after its largest location. */
    start_at(s, req->has_largest ? req->largest.group + 1 : 0);
    return 0;
}

static int on_subscribe_error(moqt_session *ss, uint64_t id, moqt_request_error code, uint64_t wire,
                              moqt_bytes reason, void *ud)
{
    (void)ss;
    (void)id;
    (void)code;
    (void)ud;
    tool_fail("subscription refused (code %llu: %.*s)", (unsigned long long)wire, (int)reason.len,
              reason.base ? (const char *)reason.base : "");
    finish(&S, true);
    return 0;
}

static int on_publish_done(moqt_session *ss, uint64_t id, moqt_done_reason r, uint64_t wire,
                           uint64_t n, moqt_bytes reason, void *ud)
{
    (void)ss;
    (void)id;
    (void)r;
    (void)ud;
    /* The End of Track object may still be on its way: it ends us. */
    tool_debug("PUBLISH_DONE (code %llu, %llu streams: %.*s)", (unsigned long long)wire,
               (unsigned long long)n, (int)reason.len,
               reason.base ? (const char *)reason.base : "");
    return 0;
}

static void on_closed(moqt_session *ss, bool remote, uint64_t code, moqt_bytes reason, void *ud)
{
    (void)ud;
    subr *s = &S;
    if (s->done || (s->session != NULL && ss != s->session) ||
        (s->listening && s->session == NULL)) {
        return; /* not the session of our track: wait for another publisher */
    }
    tool_fail("session closed by %s before the end of the track (code %llu%s%.*s)",
              remote ? "the peer" : "us", (unsigned long long)code, reason.len ? ": " : "",
              (int)reason.len, reason.base ? (const char *)reason.base : "");
    s->session = NULL;
    finish(s, true);
}

static int parse_namespace(subr *s, const char *ns)
{
    snprintf(s->ns_buf, sizeof s->ns_buf, "%s", ns);
    static char fields[256];
    snprintf(fields, sizeof fields, "%s", ns);
    char *save = NULL;
    for (char *f = strtok_r(fields, "/", &save); f; f = strtok_r(NULL, "/", &save)) {
        if (s->ns_count == 8) {
            return -1;
        }
        s->ns_fields[s->ns_count++] = (moqt_bytes){(const uint8_t *)f, strlen(f)};
    }
    return s->ns_count ? 0 : -1;
}

static bool never(void *arg)
{
    (void)arg;
    return false;
}

int main(int argc, char **argv)
{
    tool_log_init(NAME);
    subr *s = &S;
    tool_client_opts copts = {.drafts = MOQT_DRAFTS_ALL, .implementation = "libmoqt moqt-sub"};
    const char *url_arg = NULL, *listen = NULL, *ns = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = strcmp(a, "--listen") == 0 || strcmp(a, "--namespace") == 0 ||
                     strcmp(a, "--track") == 0 || strcmp(a, "--count") == 0 ||
                     strcmp(a, "--draft") == 0 || strcmp(a, "--fingerprint") == 0;
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
            s->track = argv[++i];
        } else if (strcmp(a, "--lines") == 0) {
            s->lines = true;
        } else if (strcmp(a, "--count") == 0) {
            if (tool_parse_u64(argv[++i], &s->count) != 0) {
                return tool_usage_error(NAME, "--count wants a number", v);
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
    if (ns == NULL || s->track == NULL || parse_namespace(s, ns) != 0) {
        return tool_usage_error(NAME, "--namespace NS and --track NAME are required", NULL);
    }
    if (moqt_runtime_new(NULL, NULL, &s->rt) != 0) {
        tool_fail("cannot create the event loop");
        return 1;
    }
    moqt_session_callbacks cb = {.struct_size = sizeof cb,
                                 .setup_done = on_setup_done,
                                 .subscribe_ok = on_subscribe_ok,
                                 .subscribe_error = on_subscribe_error,
                                 .object = on_object,
                                 .subgroup_end = on_subgroup_end,
                                 .publish_done = on_publish_done,
                                 .closed = on_closed,
                                 .publish_namespace = on_publish_namespace,
                                 .publish = on_publish};
    static tool_url url; /* the session borrows its path and authority */
    if (listen) {
        s->listening = true;
        char host[256];
        uint16_t port;
        if (tool_parse_hostport(listen, host, sizeof host, &port) != 0) {
            return tool_usage_error(NAME, "--listen wants ADDR:PORT or [V6]:PORT", listen);
        }
        tool_server_opts so = {
            .host = host, .port = port, .drafts = copts.drafts, .callbacks = &cb, .app = s};
        if (tool_server_start(s->rt, &so, &s->srv) != 0) {
            return 1;
        }
        tool_server_log_urls(s->srv);
        tool_info("waiting for a publisher of %s/%s", ns, s->track);
    } else {
        char err[600];
        if (tool_url_parse(url_arg, &url, err, sizeof err) != 0) {
            return tool_usage_error(NAME, err, NULL);
        }
        tool_info("connect to %s", url_arg);
        if (tool_client_connect(s->rt, &url, &copts, &cb, s, &s->client) != 0) {
            return 1;
        }
    }
    tool_stop_on_signals(s->rt);
    moqt_runtime_run(s->rt);
    fflush(stdout);
    moqt_runtime_run_until(s->rt, never, NULL, 200 * MOQT_MILLISECONDS); /* CLOSE goes out */
    if (s->srv) {
        tool_server_stop(s->srv);
    }
    tool_client_del(s->client);
    moqt_runtime_del(s->rt);
    while (s->queue) {
        pending *p = s->queue;
        s->queue = p->next;
        free(p->data);
        free(p);
    }
    return s->failed ? 1 : 0;
}
