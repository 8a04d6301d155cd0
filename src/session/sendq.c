/*
 * Send queues: see sendq.h. The transport may accept fewer bytes than offered
 * (flow control); the rest is offered again from the first unaccepted byte
 * after stream_writable, as moqt_transport_write() requires.
 */
#include "session/sendq.h"

#include <string.h>

#include "base/mem.h"

int moqt_sendq_push(const moqt_mem *mem, moqt_sendq *q, const uint8_t *a, size_t alen,
                    const uint8_t *b, size_t blen)
{
    if (alen + blen == 0) {
        return 0;
    }
    moqt_sendq_seg *seg = moqt_mem_malloc(mem, sizeof(*seg) + alen + blen);
    if (seg == NULL) {
        return MOQT_ERR_NOMEM;
    }
    seg->next = NULL;
    seg->queued_at = 0;
    seg->offset = q->end;
    seg->len = alen + blen;
    if (alen) {
        memcpy(seg->data, a, alen);
    }
    if (blen) {
        memcpy(seg->data + alen, b, blen);
    }
    if (q->tail) {
        q->tail->next = seg;
    } else {
        q->head = seg;
    }
    q->tail = seg;
    q->end += seg->len;
    return 0;
}

int moqt_sendq_flush(moqt_sendq *q, moqt_transport *t, uint64_t stream_id)
{
    q->blocked = false;
    for (moqt_sendq_seg *seg = q->head; seg != NULL; seg = seg->next) {
        if (seg->offset + seg->len <= q->written) {
            continue;
        }
        size_t skip = (size_t)(q->written - seg->offset);
        size_t want = seg->len - skip;
        bool fin = q->fin_queued && seg->next == NULL;
        moqt_ssize n = moqt_transport_write(t, stream_id, seg->data + skip, want, fin);
        if (n == MOQT_ERR_WOULDBLOCK) {
            q->blocked = true;
            return 0;
        }
        if (n < 0) {
            return (int)n;
        }
        q->written += (uint64_t)n;
        if ((size_t)n < want) {
            q->blocked = true;
            return 0;
        }
        if (fin) {
            q->fin_written = true;
        }
    }
    if (q->fin_queued && !q->fin_written) {
        moqt_ssize n = moqt_transport_write(t, stream_id, NULL, 0, true);
        if (n < 0 && n != MOQT_ERR_WOULDBLOCK) {
            return (int)n;
        }
        q->fin_written = n >= 0;
        q->blocked = n < 0;
    }
    return 0;
}

void moqt_sendq_ack(const moqt_mem *mem, moqt_sendq *q, uint64_t offset)
{
    if (offset > q->acked) {
        q->acked = offset;
    }
    while (q->head && q->head->offset + q->head->len <= q->acked) {
        moqt_sendq_seg *seg = q->head;
        q->head = seg->next;
        moqt_mem_free(mem, seg);
    }
    if (q->head == NULL) {
        q->tail = NULL;
    }
}

uint64_t moqt_sendq_unacked(const moqt_sendq *q)
{
    return q->end - q->acked;
}

bool moqt_sendq_oldest(const moqt_sendq *q, moqt_tstamp *queued_at)
{
    if (q->head == NULL) {
        return false;
    }
    *queued_at = q->head->queued_at;
    return true;
}

bool moqt_sendq_done(const moqt_sendq *q)
{
    return q->written == q->end && (!q->fin_queued || q->fin_written);
}

void moqt_sendq_clear(const moqt_mem *mem, moqt_sendq *q)
{
    while (q->head) {
        moqt_sendq_seg *seg = q->head;
        q->head = seg->next;
        moqt_mem_free(mem, seg);
    }
    q->tail = NULL;
    q->acked = q->written = q->end;
}
