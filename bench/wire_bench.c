/*
 * wire_bench: encode and decode rates of the wire codecs, in messages per
 * second, for SUBSCRIBE (control) and subgroup object headers (data plane)
 * under drafts 14 (QUIC varints, fixed SUBSCRIBE fields) and 18 (vi64,
 * everything a parameter).
 *
 *   wire_bench [SECONDS]   time per case (default 0.5)
 *
 * It prints figures and never fails on time (DESIGN.md "Tests"); it exits
 * non-zero only if a codec returns an error, i.e. if the benchmark itself is
 * broken.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wire/control.h"
#include "wire/data.h"
#include "wire/profile.h"

#define OBJECTS_PER_STREAM 256
#define OBJECT_PAYLOAD     64

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A benchmark case: run() performs one batch of |per_batch| operations and
 * returns the bytes it produced or consumed, or a negative error. */
typedef struct bench_case {
    const char *name;
    const moqt_profile *p;
    size_t per_batch;
    moqt_ssize (*run)(struct bench_case *c);
    void *ctx;
} bench_case;

static volatile size_t sink; /* keeps the optimiser from dropping the work */

static int run_case(bench_case *c, double seconds)
{
    size_t batches = 0;
    moqt_ssize bytes = 0;
    double start = now_seconds(), elapsed;
    do {
        for (int i = 0; i < 16; i++) {
            bytes = c->run(c);
            if (bytes < 0) {
                fprintf(stderr, "wire_bench: %s %s failed: %s\n", c->name, c->p->name,
                        moqt_strerror((int)bytes));
                return 1;
            }
            sink += (size_t)bytes;
        }
        batches += 16;
        elapsed = now_seconds() - start;
    } while (elapsed < seconds);
    double ops = (double)batches * (double)c->per_batch;
    printf("%-28s %-9s %12.0f msg/s  %7.1f ns/msg  %5.1f bytes/msg\n", c->name, c->p->name,
           ops / elapsed, elapsed * 1e9 / ops, (double)bytes / (double)c->per_batch);
    return 0;
}

/* ---- SUBSCRIBE ---------------------------------------------------------- */

typedef struct subscribe_ctx {
    moqt_msg msg;
    uint8_t wire[512];
    size_t wire_len;
    uint8_t out[512];
    moqt_msg decoded;
} subscribe_ctx;

static moqt_bytes str_bytes(const char *s)
{
    moqt_bytes b = {(const uint8_t *)s, strlen(s)};
    return b;
}

/* A typical live subscription: two-field namespace, latest object, priority,
 * ascending groups, forwarding on, a delivery timeout. */
static void subscribe_build(moqt_msg *m)
{
    moqt_msg_init(m, MOQT_MSG_SUBSCRIBE);
    m->request_id = 42;
    m->ns.count = 2;
    m->ns.field[0] = str_bytes("example.com");
    m->ns.field[1] = str_bytes("live");
    m->track_name = str_bytes("video-1080p");
    moqt_msg_params *pr = &m->params;
    pr->has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER | MOQT_P_FORWARD |
              MOQT_P_DELIVERY_TIMEOUT;
    pr->filter.type = MOQT_FILTER_LARGEST_OBJECT;
    pr->subscriber_priority = 128;
    pr->group_order = MOQT_GROUP_ORDER_ASCENDING;
    pr->forward = 1;
    pr->delivery_timeout_ms = 2000;
}

static moqt_ssize subscribe_encode(bench_case *c)
{
    subscribe_ctx *x = c->ctx;
    moqt_ssize total = 0;
    for (size_t i = 0; i < c->per_batch; i++) {
        x->msg.request_id = i;
        moqt_ssize n = moqt_wire_encode_control(c->p, &x->msg, x->out, sizeof(x->out));
        if (n < 0) {
            return n;
        }
        total += n;
    }
    return total;
}

static moqt_ssize subscribe_decode(bench_case *c)
{
    subscribe_ctx *x = c->ctx;
    moqt_ssize total = 0;
    for (size_t i = 0; i < c->per_batch; i++) {
        moqt_ssize n = moqt_wire_decode_control(c->p, x->wire, x->wire_len, &x->decoded, NULL);
        if (n < 0) {
            return n;
        }
        if (x->decoded.request_id != 42) {
            return MOQT_ERR_INVALID_STATE; /* the codec is broken, not slow */
        }
        total += n;
    }
    return total;
}

/* ---- subgroup object headers -------------------------------------------- */

typedef struct object_ctx {
    moqt_subgroup_header hdr;
    uint8_t out[OBJECTS_PER_STREAM * 32];
    /* the objects of one stream, headers and payloads, after the stream header */
    uint8_t stream[OBJECTS_PER_STREAM * (32 + OBJECT_PAYLOAD)];
    size_t stream_len;
} object_ctx;

static void object_hdr_build(const moqt_subgroup_header *h, uint64_t id, moqt_object_hdr *o)
{
    moqt_object_hdr_init(o);
    o->track_alias = h->track_alias;
    o->group = h->group;
    o->subgroup = h->subgroup;
    o->object_id = id;
    o->payload_len = OBJECT_PAYLOAD;
}

static moqt_ssize objects_encode(bench_case *c)
{
    object_ctx *x = c->ctx;
    moqt_subgroup_stream s;
    moqt_subgroup_stream_init(&s, &x->hdr);
    size_t off = 0;
    for (size_t i = 0; i < c->per_batch; i++) {
        moqt_object_hdr o;
        object_hdr_build(&x->hdr, i, &o);
        moqt_ssize n =
            moqt_wire_encode_subgroup_object(c->p, &s, &o, x->out + off, sizeof(x->out) - off);
        if (n < 0) {
            return n;
        }
        off += (size_t)n;
    }
    return (moqt_ssize)off;
}

static moqt_ssize objects_decode(bench_case *c)
{
    object_ctx *x = c->ctx;
    moqt_subgroup_stream s;
    moqt_subgroup_stream_init(&s, &x->hdr);
    size_t off = 0, header_bytes = 0;
    for (size_t i = 0; i < c->per_batch; i++) {
        moqt_object_hdr o;
        moqt_ssize n = moqt_wire_decode_subgroup_object(c->p, &s, x->stream + off,
                                                        x->stream_len - off, &o, NULL);
        if (n < 0) {
            return n;
        }
        if (o.object_id != i || o.payload_len != OBJECT_PAYLOAD) {
            return MOQT_ERR_INVALID_STATE; /* the codec is broken, not slow */
        }
        header_bytes += (size_t)n;
        off += (size_t)n + o.payload_len; /* the payload is the caller's: skip it */
    }
    return (moqt_ssize)header_bytes;
}

/* Prepares |x| for draft |p|: a subgroup with an explicit Subgroup ID and a
 * priority, and one stream's worth of encoded objects to decode. */
static int objects_prepare(const moqt_profile *p, object_ctx *x)
{
    memset(x, 0, sizeof(*x));
    x->hdr.track_alias = 3;
    x->hdr.group = 1000;
    x->hdr.subgroup = 2;
    x->hdr.subgroup_mode = MOQT_SUBGROUP_ID_EXPLICIT;
    x->hdr.has_priority = true;
    x->hdr.publisher_priority = 64;
    moqt_subgroup_stream s;
    moqt_subgroup_stream_init(&s, &x->hdr);
    size_t off = 0;
    for (uint64_t i = 0; i < OBJECTS_PER_STREAM; i++) {
        moqt_object_hdr o;
        object_hdr_build(&x->hdr, i, &o);
        moqt_ssize n =
            moqt_wire_encode_subgroup_object(p, &s, &o, x->stream + off, sizeof(x->stream) - off);
        if (n < 0) {
            return (int)n;
        }
        off += (size_t)n + OBJECT_PAYLOAD; /* payload bytes: zeros */
    }
    x->stream_len = off;
    return 0;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 0.5;
    if (!(seconds > 0)) {
        fprintf(stderr, "usage: %s [SECONDS per case, > 0]\n", argv[0]);
        return 2;
    }
    static const unsigned drafts[] = {14, 18};
    static subscribe_ctx sub[2];
    static object_ctx obj[2];
    int failed = 0;
    printf("libmoqt wire codecs, %.2f s per case (figures only: nothing is asserted)\n", seconds);
    for (size_t d = 0; d < 2; d++) {
        const moqt_profile *p = moqt_profile_for_draft(drafts[d]);
        subscribe_build(&sub[d].msg);
        moqt_ssize n = moqt_wire_encode_control(p, &sub[d].msg, sub[d].wire, sizeof(sub[d].wire));
        int rv = objects_prepare(p, &obj[d]);
        if (n < 0 || rv < 0) {
            fprintf(stderr, "wire_bench: %s: cannot prepare inputs: %s\n", p->name,
                    moqt_strerror(n < 0 ? (int)n : rv));
            return 1;
        }
        sub[d].wire_len = (size_t)n;
        bench_case cases[] = {
            {"SUBSCRIBE encode", p, 1000, subscribe_encode, &sub[d]},
            {"SUBSCRIBE decode", p, 1000, subscribe_decode, &sub[d]},
            {"subgroup object hdr encode", p, OBJECTS_PER_STREAM, objects_encode, &obj[d]},
            {"subgroup object hdr decode", p, OBJECTS_PER_STREAM, objects_decode, &obj[d]},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            failed |= run_case(&cases[i], seconds);
        }
    }
    return failed;
}
