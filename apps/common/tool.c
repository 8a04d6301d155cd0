/*
 * Option values, URLs and logging for the tools (see tool.h).
 */
#include "common/tool.h"

#include <ev.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"

static const char *tool_name = "tool";

void tool_log_init(const char *name)
{
    tool_name = name;
    const char *env = getenv("MOQT_LOG");
    if (env == NULL || moqt_log_parse_level(env) < 0) {
        if (env != NULL) {
            fprintf(stderr, "%s: MOQT_LOG=%s is not a level (error, warn, info, debug, trace)\n",
                    name, env);
        }
        moqt_log_set_level(MOQT_LOG_INFO);
    }
}

static void vlog(moqt_log_level level, const char *fmt, va_list ap)
{
    if (!moqt_log_enabled(level)) {
        return;
    }
    char line[1024];
    vsnprintf(line, sizeof line, fmt, ap);
    moqt_log(level, tool_name, "%s", line);
}

void tool_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(MOQT_LOG_INFO, fmt, ap);
    va_end(ap);
}

void tool_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(MOQT_LOG_WARN, fmt, ap);
    va_end(ap);
}

void tool_debug(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(MOQT_LOG_DEBUG, fmt, ap);
    va_end(ap);
}

void tool_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", tool_name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

struct tool_timer {
    struct ev_loop *loop;
    moqt_session *s;
    ev_timer timer;
    ev_prepare prepare;
};

static void on_session_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)loop;
    (void)revents;
    tool_timer *x = w->data;
    moqt_session_handle_expiry(x->s, tool_now());
}

/* Before the loop sleeps: every call into the session is done, so its
 * expiry is current. */
static void on_session_prepare(struct ev_loop *loop, ev_prepare *w, int revents)
{
    (void)revents;
    tool_timer *x = w->data;
    moqt_tstamp at = moqt_session_get_expiry(x->s), now = tool_now();
    ev_timer_stop(loop, &x->timer);
    if (at != UINT64_MAX) {
        ev_timer_set(&x->timer, at > now ? (double)(at - now) / (double)MOQT_SECONDS : 0.0, 0.0);
        ev_timer_start(loop, &x->timer);
    }
}

tool_timer *tool_timer_start(moqt_runtime *rt, moqt_session *s)
{
    tool_timer *x = calloc(1, sizeof *x);
    if (x == NULL) {
        return NULL;
    }
    x->loop = moqt_runtime_loop(rt);
    x->s = s;
    ev_timer_init(&x->timer, on_session_timer, 0.0, 0.0);
    ev_prepare_init(&x->prepare, on_session_prepare);
    x->timer.data = x->prepare.data = x;
    ev_prepare_start(x->loop, &x->prepare);
    ev_unref(x->loop); /* the session's transport keeps the loop alive, not this */
    return x;
}

void tool_timer_stop(tool_timer *x)
{
    if (x == NULL) {
        return;
    }
    ev_ref(x->loop);
    ev_prepare_stop(x->loop, &x->prepare);
    ev_timer_stop(x->loop, &x->timer);
    free(x);
}

moqt_tstamp tool_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (moqt_tstamp)ts.tv_sec * MOQT_SECONDS + (moqt_tstamp)ts.tv_nsec;
}

int tool_parse_u64(const char *s, uint64_t *v)
{
    if (s == NULL || *s < '0' || *s > '9') {
        return -1;
    }
    char *end;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end != '\0') {
        return -1;
    }
    *v = x;
    return 0;
}

static int parse_draft_number(const char *s, size_t len, unsigned *out)
{
    char buf[8];
    if (len == 0 || len >= sizeof buf) {
        return -1;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    uint64_t v;
    if (tool_parse_u64(buf, &v) != 0 || v < MOQT_DRAFT_MIN || v > MOQT_DRAFT_MAX) {
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

int tool_parse_drafts(const char *s, uint32_t *mask)
{
    uint32_t m = 0;
    while (s && *s) {
        size_t len = strcspn(s, ",");
        const char *dash = memchr(s, '-', len);
        unsigned lo, hi;
        if (dash) {
            if (parse_draft_number(s, (size_t)(dash - s), &lo) != 0 ||
                parse_draft_number(dash + 1, len - (size_t)(dash - s) - 1, &hi) != 0 || hi < lo) {
                return -1;
            }
        } else if (parse_draft_number(s, len, &lo) != 0) {
            return -1;
        } else {
            hi = lo;
        }
        for (unsigned d = lo; d <= hi; d++) {
            m |= MOQT_DRAFT_BIT(d);
        }
        s += len;
        if (*s == ',') {
            s++;
        }
    }
    if (m == 0) {
        return -1;
    }
    *mask = m;
    return 0;
}

unsigned tool_draft_of(uint64_t version)
{
    return (unsigned)(version & 0xff);
}

int tool_parse_hostport(const char *s, char *host, size_t hostcap, uint16_t *port)
{
    const char *colon;
    const char *h = s;
    size_t hlen;
    if (*s == '[') {
        const char *close = strchr(s, ']');
        if (close == NULL || close[1] != ':') {
            return -1;
        }
        h = s + 1;
        hlen = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (colon == NULL) {
            return -1;
        }
        hlen = (size_t)(colon - s);
        if (memchr(s, ':', hlen) != NULL) {
            return -1; /* a bare IPv6 address needs brackets */
        }
    }
    uint64_t p;
    if (hlen >= hostcap || tool_parse_u64(colon + 1, &p) != 0 || p > 65535) {
        return -1;
    }
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    /* "0.0.0.0" and "::" both mean every address: bind dual-stack. */
    if (strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0) {
        host[0] = '\0';
    }
    *port = (uint16_t)p;
    return 0;
}

int tool_url_parse(const char *s, tool_url *u, char *err, size_t errcap)
{
    memset(u, 0, sizeof *u);
    const char *rest;
    if (strncmp(s, "moqt://", 7) == 0) {
        rest = s + 7;
    } else if (strncmp(s, "https://", 8) == 0) {
        rest = s + 8;
        u->webtransport = true;
    } else {
        snprintf(err, errcap,
                 "'%s': the URL must start with moqt:// (raw QUIC) or https:// (WebTransport)", s);
        return -1;
    }
    size_t alen = strcspn(rest, "/?#");
    if (alen == 0 || alen >= sizeof u->authority) {
        snprintf(err, errcap, "'%s': no host in the URL", s);
        return -1;
    }
    memcpy(u->authority, rest, alen);
    u->authority[alen] = '\0';
    snprintf(u->path, sizeof u->path, "%s", rest + alen);
    char hostport[320];
    const char *auth = u->authority;
    bool has_port = auth[0] == '[' ? strstr(auth, "]:") != NULL : strchr(auth, ':') != NULL;
    if (has_port) {
        snprintf(hostport, sizeof hostport, "%s", auth);
    } else {
        snprintf(hostport, sizeof hostport, "%s:443", auth); /* https's and moqt's default */
    }
    if (tool_parse_hostport(hostport, u->host, sizeof u->host, &u->port) != 0 || u->port == 0 ||
        u->host[0] == '\0') {
        snprintf(err, errcap, "'%s': cannot read host and port (use host:port or [v6]:port)", s);
        return -1;
    }
    return 0;
}

static volatile bool interrupted;

bool tool_interrupted(void)
{
    return interrupted;
}

static void on_signal(struct ev_loop *loop, ev_signal *w, int revents)
{
    (void)revents;
    (void)loop;
    interrupted = true;
    moqt_runtime_stop(w->data);
}

void tool_stop_on_signals(moqt_runtime *rt)
{
    static ev_signal sint, sterm; /* one runtime per tool process */
    struct ev_loop *loop = moqt_runtime_loop(rt);
    ev_signal_init(&sint, on_signal, SIGINT);
    ev_signal_init(&sterm, on_signal, SIGTERM);
    sint.data = rt;
    sterm.data = rt;
    ev_signal_start(loop, &sint);
    ev_signal_start(loop, &sterm);
    ev_unref(loop); /* signal watchers alone do not keep the loop alive */
    ev_unref(loop);
}

int tool_usage_error(const char *name, const char *msg, const char *arg)
{
    if (arg) {
        fprintf(stderr, "%s: %s: %s\n", name, msg, arg);
    } else {
        fprintf(stderr, "%s: %s\n", name, msg);
    }
    fprintf(stderr, "Try '%s --help'.\n", name);
    return 2;
}
