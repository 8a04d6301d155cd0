/*
 * A stream's send queue: the bytes the session wrote to one transport stream
 * and must keep until the peer acknowledges them (the transport borrows,
 * never copies: moqt_transport.h). Segments never move once queued, so the
 * pointer the transport holds stays valid; they are freed on stream_acked.
 */
#ifndef MOQT_SESSION_SENDQ_H
#define MOQT_SESSION_SENDQ_H

#include <moqt/moqt_transport.h>

typedef struct moqt_sendq_seg {
    struct moqt_sendq_seg *next;
    uint64_t offset; /* stream offset of data[0] */
    size_t len;
    moqt_tstamp queued_at; /* when the session queued it (delivery timeouts) */
    uint8_t data[];
} moqt_sendq_seg;

typedef struct moqt_sendq {
    moqt_sendq_seg *head, *tail;
    uint64_t end;     /* offset after the last queued byte */
    uint64_t written; /* bytes the transport accepted */
    uint64_t acked;   /* bytes the peer acknowledged (all released) */
    bool fin_queued;  /* end the stream once every byte is written */
    bool fin_written;
    bool blocked; /* the last write came up short: wait for stream_writable */
} moqt_sendq;

/* moqt_sendq_push copies |a| (|alen| bytes) then |b| (|blen|, may be 0) into
 * one new segment. Returns 0 or MOQT_ERR_NOMEM. */
int moqt_sendq_push(const moqt_mem *mem, moqt_sendq *q, const uint8_t *a, size_t alen,
                    const uint8_t *b, size_t blen);

/* moqt_sendq_flush hands unwritten bytes (and a queued FIN) to the transport.
 * Returns 0 (a short write just leaves the queue blocked) or a negative
 * transport error other than WOULDBLOCK. */
int moqt_sendq_flush(moqt_sendq *q, moqt_transport *t, uint64_t stream_id);

/* moqt_sendq_ack releases every segment wholly below |offset|. */
void moqt_sendq_ack(const moqt_mem *mem, moqt_sendq *q, uint64_t offset);

/* moqt_sendq_unacked returns the queued bytes not yet acknowledged. */
uint64_t moqt_sendq_unacked(const moqt_sendq *q);

/* moqt_sendq_oldest returns when the oldest unacknowledged segment was
 * queued, or false when every byte was acknowledged. */
bool moqt_sendq_oldest(const moqt_sendq *q, moqt_tstamp *queued_at);

/* moqt_sendq_done returns true when every byte and the FIN were written. */
bool moqt_sendq_done(const moqt_sendq *q);

/* moqt_sendq_clear frees every segment (after a reset or the stream closed). */
void moqt_sendq_clear(const moqt_mem *mem, moqt_sendq *q);

#endif /* MOQT_SESSION_SENDQ_H */
