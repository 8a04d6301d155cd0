/*
 * The moqt_transport handle: dispatches verbs to an implementation's ops and
 * delivers events to the consumer's callbacks. Implementation-independent.
 */
#include <moqt/moqt_transport.h>

#include <string.h>

#include "base/mem.h"

#define TRANSPORT_ALPN_MAX 64

struct moqt_transport {
    const moqt_mem *mem;
    const moqt_transport_ops *ops;
    void *impl;
    moqt_transport_callbacks cb;
    void *user_data;
    bool is_server;
    bool closed;
    char alpn[TRANSPORT_ALPN_MAX];
};

/* Copies the first |have| bytes of a caller's versioned struct into a zeroed |dst|. */
static void copy_versioned(void *dst, size_t dstsize, const void *src, size_t have)
{
    memset(dst, 0, dstsize);
    memcpy(dst, src, have < dstsize ? have : dstsize);
}

int moqt_transport_new(const moqt_transport_ops *ops, void *impl, bool is_server,
                       const moqt_mem *mem, moqt_transport **pt)
{
    if (ops == NULL || pt == NULL || ops->struct_size == 0) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    moqt_transport *t = moqt_mem_calloc(mem, 1, sizeof(*t));
    if (t == NULL) {
        return MOQT_ERR_NOMEM;
    }
    t->mem = moqt_mem_or_default(mem);
    t->ops = ops;
    t->impl = impl;
    t->is_server = is_server;
    *pt = t;
    return 0;
}

void moqt_transport_del(moqt_transport *t)
{
    if (t) {
        moqt_mem_free(t->mem, t);
    }
}

void *moqt_transport_impl(const moqt_transport *t)
{
    return t->impl;
}

const moqt_transport_ops *moqt_transport_get_ops(const moqt_transport *t)
{
    return t->ops;
}

int moqt_transport_set_callbacks(moqt_transport *t, const moqt_transport_callbacks *cb,
                                 void *user_data)
{
    if (t == NULL || cb == NULL || cb->struct_size == 0) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    copy_versioned(&t->cb, sizeof(t->cb), cb, cb->struct_size);
    t->cb.struct_size = sizeof(t->cb);
    t->user_data = user_data;
    return 0;
}

void *moqt_transport_user_data(const moqt_transport *t)
{
    return t->user_data;
}

/* An op is callable when the implementation compiled a table long enough to hold it. */
#define OP(t, name)                                                                                \
    ((t)->ops->struct_size >= offsetof(moqt_transport_ops, name) + sizeof((t)->ops->name) &&       \
             (t)->ops->name                                                                        \
         ? (t)->ops->name                                                                          \
         : NULL)

int moqt_transport_open_stream(moqt_transport *t, bool bidi, uint64_t *pstream_id)
{
    if (t->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (pstream_id == NULL || OP(t, open_stream) == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    return t->ops->open_stream(t->impl, bidi, pstream_id);
}

moqt_ssize moqt_transport_write(moqt_transport *t, uint64_t stream_id, const uint8_t *data,
                                size_t len, bool fin)
{
    if (t->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    if ((data == NULL && len > 0) || OP(t, write) == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    return t->ops->write(t->impl, stream_id, data, len, fin);
}

int moqt_transport_reset_stream(moqt_transport *t, uint64_t stream_id, uint64_t app_error_code)
{
    if (t->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (OP(t, reset_stream) == NULL) {
        return MOQT_ERR_UNSUPPORTED;
    }
    return t->ops->reset_stream(t->impl, stream_id, app_error_code);
}

int moqt_transport_stop_sending(moqt_transport *t, uint64_t stream_id, uint64_t app_error_code)
{
    if (t->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (OP(t, stop_sending) == NULL) {
        return MOQT_ERR_UNSUPPORTED;
    }
    return t->ops->stop_sending(t->impl, stream_id, app_error_code);
}

int moqt_transport_send_datagram(moqt_transport *t, const uint8_t *data, size_t len)
{
    if (t->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (OP(t, send_datagram) == NULL ||
        !(moqt_transport_capabilities(t) & MOQT_TRANSPORT_CAP_DATAGRAM)) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (data == NULL && len > 0) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    return t->ops->send_datagram(t->impl, data, len);
}

int moqt_transport_close(moqt_transport *t, uint64_t app_error_code, const uint8_t *reason,
                         size_t reasonlen)
{
    if (t->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    if ((reason == NULL && reasonlen > 0) || OP(t, close) == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    return t->ops->close(t->impl, app_error_code, reason, reasonlen);
}

int moqt_transport_set_stream_priority(moqt_transport *t, uint64_t stream_id, uint64_t order_key)
{
    if (t->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (OP(t, set_stream_priority) == NULL) {
        return 0; /* a hint the implementation does not use */
    }
    return t->ops->set_stream_priority(t->impl, stream_id, order_key);
}

uint32_t moqt_transport_capabilities(const moqt_transport *t)
{
    return OP(t, capabilities) ? t->ops->capabilities(t->impl) : 0;
}

size_t moqt_transport_max_datagram_size(const moqt_transport *t)
{
    if (t->closed || OP(t, max_datagram_size) == NULL) {
        return 0;
    }
    return t->ops->max_datagram_size(t->impl);
}

const char *moqt_transport_alpn(const moqt_transport *t)
{
    return t->alpn;
}

bool moqt_transport_is_server(const moqt_transport *t)
{
    return t->is_server;
}

bool moqt_stream_id_is_local(const moqt_transport *t, uint64_t stream_id)
{
    return moqt_stream_id_is_server_initiated(stream_id) == t->is_server;
}

bool moqt_transport_is_closed(const moqt_transport *t)
{
    return t->closed;
}

/* Event delivery. Closed handles deliver nothing: the consumer has been told. */
#define EMIT(t, name, ...)                                                                         \
    ((t)->closed || (t)->cb.name == NULL ? 0 : (t)->cb.name((t), __VA_ARGS__, (t)->user_data))

int moqt_transport_emit_handshake_done(moqt_transport *t, const char *alpn)
{
    size_t n = alpn ? strlen(alpn) : 0;
    if (n >= sizeof(t->alpn)) {
        n = sizeof(t->alpn) - 1;
    }
    memcpy(t->alpn, alpn ? alpn : "", n);
    t->alpn[n] = '\0';
    return EMIT(t, handshake_done, t->alpn);
}

int moqt_transport_emit_stream_opened(moqt_transport *t, uint64_t stream_id)
{
    return EMIT(t, stream_opened, stream_id);
}

/* Consumers get a valid pointer even for empty data (memcpy(dst, NULL, 0) is UB). */
static const uint8_t no_bytes[1];

int moqt_transport_emit_stream_data(moqt_transport *t, uint64_t stream_id, const uint8_t *data,
                                    size_t len, bool fin)
{
    return EMIT(t, stream_data, stream_id, data ? data : no_bytes, len, fin);
}

int moqt_transport_emit_stream_reset(moqt_transport *t, uint64_t stream_id, uint64_t app_error_code)
{
    return EMIT(t, stream_reset, stream_id, app_error_code);
}

int moqt_transport_emit_stop_sending(moqt_transport *t, uint64_t stream_id, uint64_t app_error_code)
{
    return EMIT(t, stop_sending, stream_id, app_error_code);
}

int moqt_transport_emit_stream_acked(moqt_transport *t, uint64_t stream_id, uint64_t offset)
{
    return EMIT(t, stream_acked, stream_id, offset);
}

int moqt_transport_emit_stream_writable(moqt_transport *t, uint64_t stream_id)
{
    return EMIT(t, stream_writable, stream_id);
}

int moqt_transport_emit_streams_available(moqt_transport *t, bool bidi)
{
    return EMIT(t, streams_available, bidi);
}

int moqt_transport_emit_stream_closed(moqt_transport *t, uint64_t stream_id)
{
    return EMIT(t, stream_closed, stream_id);
}

int moqt_transport_emit_datagram(moqt_transport *t, const uint8_t *data, size_t len)
{
    return EMIT(t, datagram, data ? data : no_bytes, len);
}

void moqt_transport_emit_closed(moqt_transport *t, bool remote, bool app, uint64_t error_code,
                                const uint8_t *reason, size_t reasonlen)
{
    if (t->closed) {
        return;
    }
    t->closed = true;
    if (t->cb.closed) {
        t->cb.closed(t, remote, app, error_code, reason ? reason : no_bytes, reasonlen,
                     t->user_data);
    }
}
