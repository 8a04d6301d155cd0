/*
 * In-memory transport: a connected client/server pair in one process.
 *
 * Deterministic: nothing moves until moqt_mem_pair_run(), which walks the
 * streams in creation order and delivers what each writer queued, then the
 * datagrams, then a pending close. Writers' bytes are borrowed (never
 * copied) and acknowledged as soon as they are delivered, exactly the
 * ownership rule of a real transport. An optional per-stream window bounds
 * the unacknowledged bytes, so short writes and stream_writable happen as
 * they do under QUIC flow control. An optional link budget bounds the bytes
 * delivered per pass and serves streams by their priority keys instead of
 * creation order, so tests can observe a sender's scheduling.
 */
#include <moqt/moqt_transport.h>

#include <string.h>

#include "base/mem.h"

enum { CLIENT = 0, SERVER = 1 };

/* A borrowed piece of a writer's data; fin marks the end of the stream. */
typedef struct mem_chunk {
    const uint8_t *data;
    size_t len;
    bool fin;
} mem_chunk;

/* One direction of a stream: the sender's queue and the receiver's view. */
typedef struct mem_half {
    bool used;         /* this direction exists (uni streams have one) */
    mem_chunk *chunks; /* FIFO of borrowed chunks */
    size_t nchunks, cap, head;
    size_t head_off;    /* bytes of chunks[head] already delivered */
    uint64_t written;   /* bytes accepted from the writer */
    uint64_t delivered; /* bytes delivered (= acknowledged) */
    bool fin_written, fin_delivered;
    bool reset; /* sender reset; reset_code travels to the receiver */
    uint64_t reset_code;
    bool reset_delivered;
    bool stop; /* receiver sent STOP_SENDING */
    uint64_t stop_code;
    bool stop_delivered;
    bool want_writable; /* a write came up short */
    uint64_t order_key; /* moqt_transport_set_stream_priority: lower first */
    uint64_t served;    /* link_budget scheduling: when last served (round-robin) */
} mem_half;

typedef struct mem_stream {
    uint64_t id;
    mem_half half[2]; /* indexed by the sending side */
    bool opened_delivered;
    bool closed_delivered[2];
} mem_stream;

/* A slot of the stream list (a struct, so the list is not an array of pointers). */
typedef struct mem_slot {
    mem_stream *s;
} mem_slot;

typedef struct mem_datagram {
    uint8_t *data;
    size_t len;
} mem_datagram;

typedef struct mem_end {
    struct moqt_mem_pair *pair;
    int side;
    moqt_transport *t;
    uint64_t next_bidi, next_uni;   /* count of streams opened */
    uint64_t limit_bidi, limit_uni; /* cumulative limits granted by the peer */
    bool blocked_bidi, blocked_uni; /* an open returned WOULDBLOCK */
    mem_datagram *dgrams;           /* datagrams this end sent, FIFO */
    size_t ndgrams;
    bool handshake_delivered;
} mem_end;

struct moqt_mem_pair {
    const moqt_mem *mem;
    moqt_mem_pair_settings s;
    char alpn[64];
    mem_end end[2];
    mem_slot *streams; /* creation order; freed in sweeps, never inside callbacks */
    size_t nstreams, cap;
    int closing; /* -1, or the side that called close */
    uint64_t close_code;
    uint8_t *close_reason;
    size_t close_reasonlen;
    bool close_delivered;
    int failure;          /* first callback failure */
    uint64_t serve_clock; /* link_budget scheduling: pieces served so far */
};

void moqt_mem_pair_settings_default(moqt_mem_pair_settings *s)
{
    memset(s, 0, sizeof(*s));
    s->struct_size = sizeof(*s);
    s->alpn = "moqt-17";
    s->max_streams_bidi = 100;
    s->max_streams_uni = 100;
    s->max_datagram_size = 1200;
    s->datagram_queue = 64;
}

static mem_stream *find_stream(moqt_mem_pair *p, uint64_t id)
{
    for (size_t i = 0; i < p->nstreams; i++) {
        if (p->streams[i].s->id == id) {
            return p->streams[i].s;
        }
    }
    return NULL;
}

static int initiator_of(uint64_t id)
{
    return moqt_stream_id_is_server_initiated(id) ? SERVER : CLIENT;
}

/* ---- ops ------------------------------------------------------------------ */

static int mem_open_stream(void *impl, bool bidi, uint64_t *pid)
{
    mem_end *e = impl;
    moqt_mem_pair *p = e->pair;
    if (p->closing >= 0 || !e->handshake_delivered) {
        return MOQT_ERR_INVALID_STATE;
    }
    uint64_t *next = bidi ? &e->next_bidi : &e->next_uni;
    if (*next >= (bidi ? e->limit_bidi : e->limit_uni)) {
        *(bidi ? &e->blocked_bidi : &e->blocked_uni) = true;
        return MOQT_ERR_WOULDBLOCK;
    }
    if (p->nstreams == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        mem_slot *n = moqt_mem_realloc(p->mem, p->streams, cap * sizeof(*n));
        if (n == NULL) {
            return MOQT_ERR_NOMEM;
        }
        p->streams = n;
        p->cap = cap;
    }
    mem_stream *s = moqt_mem_calloc(p->mem, 1, sizeof(*s));
    if (s == NULL) {
        return MOQT_ERR_NOMEM;
    }
    s->id = (*next << 2) | (bidi ? 0 : MOQT_STREAM_ID_UNI_BIT) | (uint64_t)e->side;
    s->half[e->side].used = true;
    s->half[!e->side].used = bidi;
    (*next)++;
    p->streams[p->nstreams++].s = s;
    *pid = s->id;
    return 0;
}

static mem_half *send_half(mem_end *e, uint64_t id, int *err)
{
    mem_stream *s = find_stream(e->pair, id);
    if (s == NULL || !s->half[e->side].used) {
        *err = MOQT_ERR_INVALID_ARGUMENT;
        return NULL;
    }
    mem_half *h = &s->half[e->side];
    if (h->fin_written || h->reset) {
        *err = MOQT_ERR_INVALID_STATE;
        return NULL;
    }
    return h;
}

static int push_chunk(const moqt_mem *mem, mem_half *h, const uint8_t *data, size_t len, bool fin)
{
    if (h->head > 0 && h->head == h->nchunks) {
        h->head = h->nchunks = 0;
    }
    if (h->nchunks == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 8;
        mem_chunk *n = moqt_mem_realloc(mem, h->chunks, cap * sizeof(*n));
        if (n == NULL) {
            return MOQT_ERR_NOMEM;
        }
        h->chunks = n;
        h->cap = cap;
    }
    h->chunks[h->nchunks++] = (mem_chunk){data, len, fin};
    return 0;
}

static moqt_ssize mem_write(void *impl, uint64_t id, const uint8_t *data, size_t len, bool fin)
{
    mem_end *e = impl;
    moqt_mem_pair *p = e->pair;
    int err = 0;
    if (p->closing >= 0) {
        return MOQT_ERR_INVALID_STATE;
    }
    mem_half *h = send_half(e, id, &err);
    if (h == NULL) {
        return err;
    }
    size_t room = len;
    if (p->s.stream_window) {
        uint64_t outstanding = h->written - h->delivered;
        room = outstanding >= p->s.stream_window ? 0 : (size_t)(p->s.stream_window - outstanding);
        if (room > len) {
            room = len;
        }
    }
    if (room == 0 && len > 0) {
        h->want_writable = true;
        return MOQT_ERR_WOULDBLOCK;
    }
    bool end = fin && room == len;
    if (room > 0 || end) {
        int rv = push_chunk(p->mem, h, data, room, end);
        if (rv != 0) {
            return rv;
        }
    }
    h->written += room;
    h->fin_written = end;
    if (room < len) {
        h->want_writable = true;
    }
    return (moqt_ssize)room;
}

static void drop_queue(mem_half *h)
{
    h->head = h->nchunks = 0;
    h->head_off = 0;
}

static int mem_reset_stream(void *impl, uint64_t id, uint64_t code)
{
    mem_end *e = impl;
    mem_stream *s = find_stream(e->pair, id);
    if (e->pair->closing >= 0) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (s == NULL || !s->half[e->side].used) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    mem_half *h = &s->half[e->side];
    if (h->reset || h->fin_delivered) {
        return MOQT_ERR_INVALID_STATE;
    }
    h->reset = true;
    h->reset_code = code;
    drop_queue(h);
    return 0;
}

static int mem_stop_sending(void *impl, uint64_t id, uint64_t code)
{
    mem_end *e = impl;
    mem_stream *s = find_stream(e->pair, id);
    if (e->pair->closing >= 0) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (s == NULL || !s->half[!e->side].used) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    mem_half *h = &s->half[!e->side];
    if (h->stop) {
        return MOQT_ERR_INVALID_STATE;
    }
    h->stop = true;
    h->stop_code = code;
    return 0;
}

static int mem_send_datagram(void *impl, const uint8_t *data, size_t len)
{
    mem_end *e = impl;
    moqt_mem_pair *p = e->pair;
    if (p->closing >= 0) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (len > p->s.max_datagram_size) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (e->ndgrams >= p->s.datagram_queue) {
        return MOQT_ERR_WOULDBLOCK;
    }
    uint8_t *copy = moqt_mem_malloc(p->mem, len ? len : 1);
    if (copy == NULL) {
        return MOQT_ERR_NOMEM;
    }
    if (len) {
        memcpy(copy, data, len);
    }
    e->dgrams[e->ndgrams++] = (mem_datagram){copy, len};
    return 0;
}

static int mem_close(void *impl, uint64_t code, const uint8_t *reason, size_t reasonlen)
{
    mem_end *e = impl;
    moqt_mem_pair *p = e->pair;
    if (p->closing >= 0) {
        return MOQT_ERR_INVALID_STATE;
    }
    p->close_reason = moqt_mem_malloc(p->mem, reasonlen ? reasonlen : 1);
    if (p->close_reason == NULL) {
        return MOQT_ERR_NOMEM;
    }
    if (reasonlen) {
        memcpy(p->close_reason, reason, reasonlen);
    }
    p->close_reasonlen = reasonlen;
    p->close_code = code;
    p->closing = e->side;
    return 0;
}

static int mem_set_stream_priority(void *impl, uint64_t id, uint64_t order_key)
{
    mem_end *e = impl;
    if (e->pair->closing >= 0) {
        return MOQT_ERR_INVALID_STATE;
    }
    mem_stream *s = find_stream(e->pair, id);
    if (s == NULL || !s->half[e->side].used) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    s->half[e->side].order_key = order_key;
    return 0;
}

static uint32_t mem_capabilities(const void *impl)
{
    const mem_end *e = impl;
    uint32_t caps = MOQT_TRANSPORT_CAP_UNI_STREAMS | MOQT_TRANSPORT_CAP_BIDI_STREAMS |
                    MOQT_TRANSPORT_CAP_STREAM_CODES | MOQT_TRANSPORT_CAP_CLOSE_REASON;
    if (e->pair->s.max_datagram_size > 0) {
        caps |= MOQT_TRANSPORT_CAP_DATAGRAM;
    }
    return caps;
}

static size_t mem_max_datagram_size(const void *impl)
{
    const mem_end *e = impl;
    return e->pair->s.max_datagram_size;
}

static const moqt_transport_ops mem_ops = {
    .struct_size = sizeof(moqt_transport_ops),
    .open_stream = mem_open_stream,
    .write = mem_write,
    .reset_stream = mem_reset_stream,
    .stop_sending = mem_stop_sending,
    .send_datagram = mem_send_datagram,
    .close = mem_close,
    .capabilities = mem_capabilities,
    .max_datagram_size = mem_max_datagram_size,
    .set_stream_priority = mem_set_stream_priority,
};

/* ---- delivery ------------------------------------------------------------- */

typedef struct run_ctx {
    moqt_mem_pair *p;
    size_t steps, max_steps;
} run_ctx;

/* Records a callback result; returns false when the run must stop. */
static bool step(run_ctx *c, int rv)
{
    c->steps++;
    if (rv != 0 && c->p->failure == 0) {
        c->p->failure = rv;
    }
    return c->p->failure == 0 && (c->max_steps == 0 || c->steps < c->max_steps) &&
           c->p->closing < 0;
}

/* Delivers the next piece of |h| (sender |side|) of stream |s|, at most
 * |limit| bytes; false if none. */
static bool deliver_data(run_ctx *c, mem_stream *s, int side, size_t limit, bool *more)
{
    moqt_mem_pair *p = c->p;
    mem_half *h = &s->half[side];
    moqt_transport *rx = p->end[!side].t, *tx = p->end[side].t;
    if (h->head == h->nchunks) {
        return false;
    }
    mem_chunk ch = h->chunks[h->head];
    size_t piece = ch.len - h->head_off;
    if (p->s.max_chunk && piece > p->s.max_chunk) {
        piece = p->s.max_chunk;
    }
    if (piece > limit) {
        piece = limit;
    }
    const uint8_t *data = ch.data ? ch.data + h->head_off : NULL;
    h->head_off += piece;
    bool fin = false;
    if (h->head_off == ch.len) {
        fin = ch.fin;
        h->head++;
        h->head_off = 0;
    }
    h->delivered += piece;
    h->fin_delivered = fin;
    int rv = 0;
    if (!h->stop) {
        rv = moqt_transport_emit_stream_data(rx, s->id, data, piece, fin);
    }
    if (!step(c, rv)) {
        *more = false;
        return true;
    }
    if (piece > 0) {
        rv = moqt_transport_emit_stream_acked(tx, s->id, h->delivered);
        if (!step(c, rv)) {
            *more = false;
            return true;
        }
    }
    if (h->want_writable && !h->fin_written && !h->reset &&
        (p->s.stream_window == 0 || h->written - h->delivered < p->s.stream_window)) {
        h->want_writable = false;
        *more = step(c, moqt_transport_emit_stream_writable(tx, s->id));
    }
    return true;
}

static bool half_done_for_sender(const mem_half *h)
{
    return !h->used || h->fin_delivered || h->reset;
}

static bool half_done_for_receiver(const mem_half *h)
{
    return !h->used || h->fin_delivered || h->reset_delivered;
}

/* Delivers every ready event of stream |s|. Returns false when the run must stop. */
static bool deliver_stream(run_ctx *c, mem_stream *s, bool *progress)
{
    moqt_mem_pair *p = c->p;
    int init = initiator_of(s->id);
    if (!s->opened_delivered) {
        s->opened_delivered = true;
        *progress = true;
        if (!step(c, moqt_transport_emit_stream_opened(p->end[!init].t, s->id))) {
            return false;
        }
    }
    for (int side = CLIENT; side <= SERVER; side++) {
        mem_half *h = &s->half[side];
        bool more = true;
        if (!h->used) {
            continue;
        }
        if (h->stop && !h->stop_delivered) {
            /* RFC 9000 §3.5: the sender answers STOP_SENDING with RESET_STREAM. */
            h->stop_delivered = true;
            *progress = true;
            if (!h->reset && !h->fin_delivered) {
                h->reset = true;
                h->reset_code = h->stop_code;
                drop_queue(h);
            }
            if (!step(c, moqt_transport_emit_stop_sending(p->end[side].t, s->id, h->stop_code))) {
                return false;
            }
        }
        /* With a link budget the data goes out in priority order (run_pass). */
        while (more && p->s.link_budget == 0 && deliver_data(c, s, side, SIZE_MAX, &more)) {
            *progress = true;
        }
        if (!more) {
            return false;
        }
        if (h->reset && !h->reset_delivered && !h->fin_delivered) {
            h->reset_delivered = true;
            *progress = true;
            if (!step(c, moqt_transport_emit_stream_reset(p->end[!side].t, s->id, h->reset_code))) {
                return false;
            }
        }
    }
    for (int side = CLIENT; side <= SERVER; side++) {
        if (!s->closed_delivered[side] && half_done_for_sender(&s->half[side]) &&
            half_done_for_receiver(&s->half[!side])) {
            s->closed_delivered[side] = true;
            *progress = true;
            if (!step(c, moqt_transport_emit_stream_closed(p->end[side].t, s->id))) {
                return false;
            }
        }
    }
    return true;
}

static void free_stream(const moqt_mem *mem, mem_stream *s)
{
    moqt_mem_free(mem, s->half[0].chunks);
    moqt_mem_free(mem, s->half[1].chunks);
    moqt_mem_free(mem, s);
}

/* Frees streams both ends have closed and grants their initiators a new one. */
static void sweep_streams(moqt_mem_pair *p)
{
    size_t kept = 0;
    for (size_t i = 0; i < p->nstreams; i++) {
        mem_stream *s = p->streams[i].s;
        if (s->closed_delivered[CLIENT] && s->closed_delivered[SERVER]) {
            mem_end *e = &p->end[initiator_of(s->id)];
            if (moqt_stream_id_is_uni(s->id)) {
                e->limit_uni++;
            } else {
                e->limit_bidi++;
            }
            free_stream(p->mem, s);
        } else {
            p->streams[kept++].s = s;
        }
    }
    p->nstreams = kept;
}

/* The stream whose data |side| sends next: the lowest order key, the least
 * recently served among equals. NULL when no stream has data ready. */
static mem_stream *next_scheduled(moqt_mem_pair *p, int side)
{
    mem_stream *best = NULL;
    for (size_t i = 0; i < p->nstreams; i++) {
        mem_stream *s = p->streams[i].s;
        const mem_half *h = &s->half[side];
        if (!h->used || !s->opened_delivered || h->head == h->nchunks) {
            continue;
        }
        const mem_half *b = best ? &best->half[side] : NULL;
        if (b == NULL || h->order_key < b->order_key ||
            (h->order_key == b->order_key && h->served < b->served)) {
            best = s;
        }
    }
    return best;
}

/* A constrained link: delivers up to link_budget bytes that |side| sent,
 * one piece at a time, in priority order. */
static bool deliver_scheduled(run_ctx *c, int side, bool *progress)
{
    moqt_mem_pair *p = c->p;
    size_t budget = p->s.link_budget;
    mem_stream *s;
    while ((s = next_scheduled(p, side)) != NULL) {
        mem_half *h = &s->half[side];
        size_t piece = h->chunks[h->head].len - h->head_off;
        if (p->s.max_chunk && piece > p->s.max_chunk) {
            piece = p->s.max_chunk;
        }
        if (piece > 0 && budget == 0) {
            break;
        }
        piece = piece < budget ? piece : budget;
        h->served = ++p->serve_clock;
        bool more = true;
        deliver_data(c, s, side, piece, &more);
        *progress = true;
        budget -= piece;
        if (!more) {
            return false;
        }
    }
    return true;
}

static bool deliver_datagrams(run_ctx *c, mem_end *from, bool *progress)
{
    moqt_transport *rx = c->p->end[!from->side].t;
    while (from->ndgrams > 0) {
        mem_datagram d = from->dgrams[0];
        memmove(from->dgrams, from->dgrams + 1, (from->ndgrams - 1) * sizeof(d));
        from->ndgrams--;
        *progress = true;
        int rv = moqt_transport_emit_datagram(rx, d.data, d.len);
        moqt_mem_free(c->p->mem, d.data);
        if (!step(c, rv)) {
            return false;
        }
    }
    return true;
}

static void deliver_close(moqt_mem_pair *p)
{
    int closer = p->closing;
    p->close_delivered = true;
    moqt_transport_emit_closed(p->end[!closer].t, true, true, p->close_code, p->close_reason,
                               p->close_reasonlen);
    moqt_transport_emit_closed(p->end[closer].t, false, true, p->close_code, p->close_reason,
                               p->close_reasonlen);
}

static bool run_pass(run_ctx *c, bool *progress)
{
    moqt_mem_pair *p = c->p;
    for (int side = CLIENT; side <= SERVER; side++) {
        mem_end *e = &p->end[side];
        if (!e->handshake_delivered) {
            e->handshake_delivered = true;
            *progress = true;
            if (!step(c, moqt_transport_emit_handshake_done(e->t, p->alpn))) {
                return false;
            }
        }
    }
    /* Index loop: callbacks may open streams (the array may grow). */
    for (size_t i = 0; i < p->nstreams; i++) {
        if (!deliver_stream(c, p->streams[i].s, progress)) {
            return false;
        }
    }
    for (int side = CLIENT; side <= SERVER && p->s.link_budget > 0; side++) {
        if (!deliver_scheduled(c, side, progress)) {
            return false;
        }
    }
    for (int side = CLIENT; side <= SERVER; side++) {
        if (!deliver_datagrams(c, &p->end[side], progress)) {
            return false;
        }
    }
    sweep_streams(p);
    for (int side = CLIENT; side <= SERVER; side++) {
        mem_end *e = &p->end[side];
        for (int bidi = 0; bidi <= 1; bidi++) {
            bool *blocked = bidi ? &e->blocked_bidi : &e->blocked_uni;
            if (*blocked && (bidi ? e->next_bidi < e->limit_bidi : e->next_uni < e->limit_uni)) {
                *blocked = false;
                *progress = true;
                if (!step(c, moqt_transport_emit_streams_available(e->t, bidi))) {
                    return false;
                }
            }
        }
    }
    return true;
}

moqt_ssize moqt_mem_pair_run(moqt_mem_pair *p, size_t max_steps)
{
    run_ctx c = {p, 0, max_steps};
    bool progress = true;
    while (progress && p->failure == 0 && p->closing < 0) {
        progress = false;
        if (!run_pass(&c, &progress)) {
            break;
        }
    }
    if (p->failure != 0 && p->closing < 0) {
        static const char reason[] = "callback failure";
        mem_close(&p->end[CLIENT], 0x1 /* INTERNAL_ERROR */, (const uint8_t *)reason,
                  sizeof(reason) - 1);
    }
    if (p->closing >= 0 && !p->close_delivered) {
        deliver_close(p);
        c.steps += 2;
    }
    if (p->failure != 0) {
        return p->failure;
    }
    return (moqt_ssize)c.steps;
}

/* ---- lifetime --------------------------------------------------------------- */

int moqt_mem_pair_new(const moqt_mem_pair_settings *settings, const moqt_mem *mem,
                      moqt_mem_pair **ppair)
{
    moqt_mem_pair *p = moqt_mem_calloc(mem, 1, sizeof(*p));
    if (p == NULL) {
        return MOQT_ERR_NOMEM;
    }
    p->mem = moqt_mem_or_default(mem);
    moqt_mem_pair_settings_default(&p->s);
    if (settings) {
        size_t n = settings->struct_size < sizeof(p->s) ? settings->struct_size : sizeof(p->s);
        memcpy(&p->s, settings, n);
        p->s.struct_size = sizeof(p->s);
    }
    const char *alpn = p->s.alpn ? p->s.alpn : "";
    size_t alen = strlen(alpn) < sizeof(p->alpn) - 1 ? strlen(alpn) : sizeof(p->alpn) - 1;
    memcpy(p->alpn, alpn, alen);
    p->s.alpn = p->alpn;
    p->closing = -1;
    for (int side = CLIENT; side <= SERVER; side++) {
        mem_end *e = &p->end[side];
        e->pair = p;
        e->side = side;
        e->limit_bidi = p->s.max_streams_bidi;
        e->limit_uni = p->s.max_streams_uni;
        e->dgrams = moqt_mem_calloc(p->mem, p->s.datagram_queue ? p->s.datagram_queue : 1,
                                    sizeof(mem_datagram));
        if (e->dgrams == NULL ||
            moqt_transport_new(&mem_ops, e, side == SERVER, p->mem, &e->t) != 0) {
            moqt_mem_pair_del(p);
            return MOQT_ERR_NOMEM;
        }
    }
    *ppair = p;
    return 0;
}

void moqt_mem_pair_del(moqt_mem_pair *p)
{
    if (p == NULL) {
        return;
    }
    for (size_t i = 0; i < p->nstreams; i++) {
        free_stream(p->mem, p->streams[i].s);
    }
    moqt_mem_free(p->mem, p->streams);
    for (int side = CLIENT; side <= SERVER; side++) {
        mem_end *e = &p->end[side];
        for (size_t i = 0; e->dgrams && i < e->ndgrams; i++) {
            moqt_mem_free(p->mem, e->dgrams[i].data);
        }
        moqt_mem_free(p->mem, e->dgrams);
        moqt_transport_del(e->t);
    }
    moqt_mem_free(p->mem, p->close_reason);
    moqt_mem_free(p->mem, p);
}

moqt_transport *moqt_mem_pair_client(moqt_mem_pair *p)
{
    return p->end[CLIENT].t;
}

moqt_transport *moqt_mem_pair_server(moqt_mem_pair *p)
{
    return p->end[SERVER].t;
}
