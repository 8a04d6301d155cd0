/* QPACK through nghttp3's standalone API (see qpack.h for the table choices). */
#include "webtransport/qpack.h"

#include <string.h>

#include <nghttp3/nghttp3.h>

#include "base/mem.h"

struct moqt_qpack {
    const moqt_mem *mem;
    nghttp3_mem nmem; /* nghttp3's allocator, routed to |mem| */
    nghttp3_qpack_encoder *enc;
    nghttp3_qpack_decoder *dec;
};

static void *qp_malloc(size_t size, void *ud)
{
    return moqt_mem_malloc(ud, size);
}

static void qp_free(void *ptr, void *ud)
{
    moqt_mem_free(ud, ptr);
}

static void *qp_calloc(size_t nmemb, size_t size, void *ud)
{
    return moqt_mem_calloc(ud, nmemb, size);
}

static void *qp_realloc(void *ptr, size_t size, void *ud)
{
    return moqt_mem_realloc(ud, ptr, size);
}

bool moqt_h3_bytes_is(moqt_bytes b, const char *s)
{
    size_t n = strlen(s);
    return b.len == n && (n == 0 || memcmp(b.base, s, n) == 0);
}

const moqt_h3_field *moqt_h3_fields_find(const moqt_h3_fields *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++) {
        if (moqt_h3_bytes_is(f->field[i].name, name)) {
            return &f->field[i];
        }
    }
    return NULL;
}

int moqt_qpack_new(moqt_qpack **pq, const moqt_mem *mem)
{
    mem = moqt_mem_or_default(mem);
    moqt_qpack *q = moqt_mem_calloc(mem, 1, sizeof(*q));
    if (q == NULL) {
        return MOQT_ERR_NOMEM;
    }
    q->mem = mem;
    q->nmem = (nghttp3_mem){(void *)mem, qp_malloc, qp_free, qp_calloc, qp_realloc};
    if (nghttp3_qpack_encoder_new(&q->enc, 0, &q->nmem) != 0 ||
        nghttp3_qpack_decoder_new(&q->dec, 0, 0, &q->nmem) != 0) {
        moqt_qpack_del(q);
        return MOQT_ERR_NOMEM;
    }
    *pq = q;
    return 0;
}

void moqt_qpack_del(moqt_qpack *q)
{
    if (q == NULL) {
        return;
    }
    if (q->enc != NULL) {
        nghttp3_qpack_encoder_del(q->enc);
    }
    if (q->dec != NULL) {
        nghttp3_qpack_decoder_del(q->dec);
    }
    moqt_mem_free(q->mem, q);
}

moqt_ssize moqt_qpack_encode(moqt_qpack *q, int64_t stream_id, const moqt_h3_field *f, size_t n,
                             uint8_t *out, size_t cap)
{
    nghttp3_nv nva[MOQT_H3_MAX_FIELDS];
    if (n > MOQT_H3_MAX_FIELDS) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < n; i++) {
        nva[i] = (nghttp3_nv){(uint8_t *)(uintptr_t)f[i].name.base,
                              (uint8_t *)(uintptr_t)f[i].value.base, f[i].name.len, f[i].value.len,
                              NGHTTP3_NV_FLAG_NONE};
    }
    nghttp3_buf pbuf, rbuf, ebuf;
    nghttp3_buf_init(&pbuf);
    nghttp3_buf_init(&rbuf);
    nghttp3_buf_init(&ebuf);
    int rv = nghttp3_qpack_encoder_encode(q->enc, &pbuf, &rbuf, &ebuf, stream_id, nva, n);
    moqt_ssize res;
    size_t plen = nghttp3_buf_len(&pbuf), rlen = nghttp3_buf_len(&rbuf);
    if (rv == NGHTTP3_ERR_NOMEM) {
        res = MOQT_ERR_NOMEM;
    } else if (rv != 0) {
        res = MOQT_ERR_FATAL;
    } else if (plen + rlen > cap) {
        res = MOQT_ERR_NOBUF;
    } else {
        if (plen) {
            memcpy(out, pbuf.pos, plen);
        }
        if (rlen) {
            memcpy(out + plen, rbuf.pos, rlen);
        }
        res = (moqt_ssize)(plen + rlen);
    }
    /* Capacity 0: the encoder stream output stays empty. */
    nghttp3_buf_free(&pbuf, &q->nmem);
    nghttp3_buf_free(&rbuf, &q->nmem);
    nghttp3_buf_free(&ebuf, &q->nmem);
    return res;
}

static int fields_add(moqt_h3_fields *out, nghttp3_vec name, nghttp3_vec value)
{
    if (out->n >= MOQT_H3_MAX_FIELDS || name.len + value.len > sizeof(out->store) - out->used) {
        return MOQT_ERR_WIRE_LIMIT;
    }
    moqt_h3_field *f = &out->field[out->n++];
    uint8_t *p = out->store + out->used;
    if (name.len) {
        memcpy(p, name.base, name.len);
    }
    if (value.len) {
        memcpy(p + name.len, value.base, value.len);
    }
    f->name = (moqt_bytes){p, name.len};
    f->value = (moqt_bytes){p + name.len, value.len};
    out->used += name.len + value.len;
    return 0;
}

int moqt_qpack_decode(moqt_qpack *q, int64_t stream_id, const uint8_t *p, size_t len,
                      moqt_h3_fields *out)
{
    nghttp3_qpack_stream_context *sctx;
    out->n = 0;
    out->used = 0;
    if (nghttp3_qpack_stream_context_new(&sctx, stream_id, &q->nmem) != 0) {
        return MOQT_ERR_NOMEM;
    }
    int rv = MOQT_ERR_WIRE_MALFORMED;
    for (;;) {
        nghttp3_qpack_nv nv;
        uint8_t flags = 0;
        nghttp3_ssize n = nghttp3_qpack_decoder_read_request(q->dec, sctx, &nv, &flags, p, len, 1);
        if (n < 0) {
            rv = n == NGHTTP3_ERR_NOMEM ? MOQT_ERR_NOMEM : MOQT_ERR_WIRE_MALFORMED;
            break;
        }
        p += n;
        len -= (size_t)n;
        if (flags & NGHTTP3_QPACK_DECODE_FLAG_EMIT) {
            int add =
                fields_add(out, nghttp3_rcbuf_get_buf(nv.name), nghttp3_rcbuf_get_buf(nv.value));
            nghttp3_rcbuf_decref(nv.name);
            nghttp3_rcbuf_decref(nv.value);
            if (add != 0) {
                rv = add;
                break;
            }
        }
        if (flags & NGHTTP3_QPACK_DECODE_FLAG_FINAL) {
            rv = len == 0 ? 0 : MOQT_ERR_WIRE_MALFORMED;
            break;
        }
        if ((flags & NGHTTP3_QPACK_DECODE_FLAG_BLOCKED) || (n == 0 && !flags)) {
            /* Blocked cannot happen with 0 blocked streams allowed: a peer
             * that references entries we never allowed is malformed. */
            rv = MOQT_ERR_WIRE_MALFORMED;
            break;
        }
    }
    if (rv != 0) {
        nghttp3_qpack_decoder_cancel_stream(q->dec, stream_id);
    }
    nghttp3_qpack_stream_context_del(sctx);
    return rv;
}

int moqt_qpack_read_encoder_stream(moqt_qpack *q, const uint8_t *p, size_t len)
{
    nghttp3_ssize n = nghttp3_qpack_decoder_read_encoder(q->dec, p, len);
    if (n == NGHTTP3_ERR_NOMEM) {
        return MOQT_ERR_NOMEM;
    }
    return n < 0 ? MOQT_ERR_WIRE_MALFORMED : 0;
}

int moqt_qpack_read_decoder_stream(moqt_qpack *q, const uint8_t *p, size_t len)
{
    nghttp3_ssize n = nghttp3_qpack_encoder_read_decoder(q->enc, p, len);
    if (n == NGHTTP3_ERR_NOMEM) {
        return MOQT_ERR_NOMEM;
    }
    return n < 0 ? MOQT_ERR_WIRE_MALFORMED : 0;
}

moqt_ssize moqt_qpack_write_decoder_stream(moqt_qpack *q, uint8_t *out, size_t cap)
{
    size_t need = nghttp3_qpack_decoder_get_decoder_streamlen(q->dec);
    if (need == 0) {
        return 0;
    }
    if (need > cap) {
        return MOQT_ERR_NOBUF;
    }
    nghttp3_buf b = {out, out + cap, out, out};
    nghttp3_qpack_decoder_write_decoder(q->dec, &b);
    return (moqt_ssize)nghttp3_buf_len(&b);
}
