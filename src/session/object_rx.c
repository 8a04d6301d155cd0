/*
 * Receiving objects from subgroup streams. Bytes accumulate per stream; the
 * header, then each object header and its payload, are taken once whole, so
 * objects survive any split of the stream into reads. The application gets
 * whole objects with payloads borrowed from the stream buffer.
 *
 * A stream whose Track Alias is not known yet (12+: objects may arrive before
 * SUBSCRIBE_OK, DRAFT-CHANGES §12.8) waits, its bytes counted against
 * max_early_bytes for the whole session; past the bound it is stopped
 * (STOP_SENDING) and its bytes dropped. SUBSCRIBE_OK, or accepting a PUBLISH
 * (publish.c), releases the waiting streams of its alias; refusing a PUBLISH
 * stops them.
 */
#include "base/log.h"
#include "session/session_int.h"

static request *find_subscription(moqt_session *s, uint64_t alias)
{
    for (request *rq = s->requests; rq; rq = rq->next) {
        /* The peer's PUBLISH receives too, once accepted (publish.c). */
        if (moqt_request_receives(rq) && rq->state != RQ_WAIT_APP && rq->alias_known &&
            rq->track_alias == alias) {
            return rq;
        }
    }
    return NULL;
}

/* Tells the application how the subgroup stream |ss| of a subscription ended
 * (once: the stream is no longer SS_SUBGROUP_RX afterwards) and counts it
 * toward PUBLISH_DONE. The callback may unsubscribe, which frees the request
 * and clears ss->req. */
static int stream_ended(moqt_session *s, sstream *ss, moqt_subgroup_end_how how, uint64_t wire_code)
{
    ss->kind = SS_IGNORED;
    if (ss->req == NULL) {
        return 0; /* callers check; kept for the analysers */
    }
    const moqt_subgroup_header *h = &ss->sg.hdr;
    bool first_object_mode = h->subgroup_mode == MOQT_SUBGROUP_ID_FIRST_OBJECT;
    moqt_subgroup_end e = {
        .request_id = ss->req->id,
        .group = h->group,
        .subgroup = h->subgroup,
        .subgroup_known = !first_object_mode || ss->sg.have_prev,
        .how = how,
        .has_last_object = ss->sg.have_prev,
        .last_object_id = ss->sg.prev_object,
        .header_end_of_group = h->end_of_group,
        /* mt-14 l.3407 / mt-19 l.4307: the last object before a FIN is the
         * group's last; after a reset the end is unknown (mt-14 l.3409). */
        .group_complete = how == MOQT_SUBGROUP_END_FIN && h->end_of_group,
        .reset_code = how == MOQT_SUBGROUP_END_RESET ? wire_code : 0,
    };
    int rv = 0;
    if (s->cb.subgroup_end) {
        rv = moqt_session_callback_result(s, s->cb.subgroup_end(s, &e, s->user_data));
    }
    request *rq = ss->req;
    ss->req = NULL;
    if (rv != 0 || rq == NULL || s->closing) {
        return rv;
    }
    return moqt_subscribe_rx_stream_done(s, rq);
}

static int stop_stream(moqt_session *s, sstream *ss, moqt_reset_code code)
{
    int rv = 0;
    if (ss->kind == SS_SUBGROUP_RX && ss->req != NULL && !ss->early) {
        /* A subscription's stream: the application hears it is cut short. */
        rv = stream_ended(s, ss, MOQT_SUBGROUP_END_STOPPED, 0);
    }
    if (ss->early) {
        s->early_bytes -= ss->rxlen;
        ss->early = false;
    }
    ss->rxlen = 0;
    ss->kind = SS_IGNORED;
    if (ss->transport_closed) {
        moqt_session_stream_forget(s, ss);
        return rv;
    }
    int srv = moqt_transport_stop_sending(
        s->t, ss->id, moqt_errcode_to_wire_or_fallback(s->p, MOQT_ERRTAB_STREAM_RESET, code));
    return rv != 0 ? rv : srv == MOQT_ERR_INVALID_STATE ? 0 : srv;
}

static int read_header(moqt_session *s, sstream *ss)
{
    if (ss->rxlen == 0) {
        return 0;
    }
    moqt_subgroup_header h;
    const char *why = NULL;
    moqt_ssize n = moqt_wire_decode_subgroup_header(s->p, ss->rx, ss->rxlen, &h, &why);
    if (n == MOQT_ERR_WIRE_NEED_MORE) {
        return 0;
    }
    if (n < 0) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 why ? why : "bad subgroup header");
    }
    moqt_session_stream_consume(ss, (size_t)n);
    moqt_subgroup_stream_init(&ss->sg, &h);
    ss->have_header = true;
    ss->req = find_subscription(s, h.track_alias);
    if (ss->req == NULL) {
        ss->early = true;
        s->early_bytes += ss->rxlen;
    }
    return 0;
}

moqt_object moqt_object_rx_view(const moqt_object_hdr *o, uint64_t request_id, moqt_property *props)
{
    for (size_t i = 0; i < o->props.count; i++) {
        props[i] =
            (moqt_property){o->props.item[i].type, o->props.item[i].value, o->props.item[i].bytes};
    }
    return (moqt_object){
        .request_id = request_id,
        .group = o->group,
        .subgroup = o->subgroup,
        .object_id = o->object_id,
        .publisher_priority = o->has_priority ? o->publisher_priority : 128,
        .status = (moqt_object_state)o->status,
        .property_count = o->props.count,
        .properties = props,
    };
}

static int deliver(moqt_session *s, sstream *ss, const moqt_object_hdr *o, const uint8_t *payload)
{
    if (s->cb.object == NULL) {
        return 0;
    }
    moqt_property props[MOQT_MAX_KVPS];
    moqt_object obj = moqt_object_rx_view(o, ss->req->id, props);
    obj.payload = payload;
    obj.payload_len = (size_t)o->payload_len;
    return moqt_session_callback_result(s, s->cb.object(s, &obj, s->user_data));
}

/* Delivers every whole object in the buffer. */
static int read_objects(moqt_session *s, sstream *ss)
{
    size_t off = 0;
    int rv = 0;
    while (off < ss->rxlen && ss->req && !s->closing) {
        moqt_object_hdr o;
        const char *why = NULL;
        moqt_subgroup_stream saved = ss->sg;
        moqt_ssize n = moqt_wire_decode_subgroup_object(s->p, &ss->sg, ss->rx + off,
                                                        ss->rxlen - off, &o, &why);
        if (n == MOQT_ERR_WIRE_NEED_MORE) {
            break;
        }
        if (n < 0) {
            rv = moqt_session_fail(s, moqt_err_infer_termination_code((int)n),
                                   why ? why : "bad object");
            break;
        }
        if (o.payload_len > s->settings.max_object_size) {
            ss->sg = saved;
            MOQT_LOG_W(SESSION_TAG, "object larger than max_object_size: stopping the stream");
            return stop_stream(s, ss, MOQT_RESET_INTERNAL);
        }
        if (ss->rxlen - off - (size_t)n < o.payload_len) {
            ss->sg = saved; /* the payload is not all here: read the header again later */
            break;
        }
        rv = deliver(s, ss, &o, ss->rx + off + n);
        off += (size_t)n + (size_t)o.payload_len;
        if (rv != 0) {
            break;
        }
    }
    if (ss->kind == SS_SUBGROUP_RX) {
        moqt_session_stream_consume(ss, off);
    }
    return rv;
}

int moqt_object_rx_on_data(moqt_session *s, sstream *ss)
{
    if (!ss->have_header) {
        int rv = read_header(s, ss);
        if (rv != 0 || !ss->have_header) {
            if (rv == 0 && ss->fin_rcvd) {
                return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                         "a subgroup stream ended inside its header");
            }
            return rv;
        }
    }
    if (ss->early) {
        if (s->early_bytes > s->settings.max_early_bytes) {
            MOQT_LOG_W(SESSION_TAG, "objects for an unknown Track Alias exceed max_early_bytes");
            return stop_stream(s, ss, MOQT_RESET_INTERNAL);
        }
        return 0;
    }
    if (ss->req == NULL) {
        return stop_stream(s, ss, MOQT_RESET_CANCELLED);
    }
    int rv = read_objects(s, ss);
    if (rv != 0 || s->closing || ss->kind != SS_SUBGROUP_RX) {
        return rv;
    }
    if (ss->fin_rcvd) {
        if (ss->rxlen > 0) {
            return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                     "a subgroup stream ended inside an object");
        }
        bool forget = ss->transport_closed;
        rv = stream_ended(s, ss, MOQT_SUBGROUP_END_FIN, 0);
        if (forget) {
            moqt_session_stream_forget(s, ss);
        }
        return rv;
    }
    return 0;
}

int moqt_object_rx_on_reset(moqt_session *s, sstream *ss, uint64_t wire_code)
{
    /* Objects already whole were delivered as they came; a partial one is lost. */
    ss->rxlen = 0;
    return stream_ended(s, ss, MOQT_SUBGROUP_END_RESET, wire_code);
}

int moqt_object_rx_too_large(moqt_session *s, sstream *ss)
{
    MOQT_LOG_W(SESSION_TAG, "object on stream %llu exceeds max_object_size: stopping it",
               (unsigned long long)ss->id);
    return stop_stream(s, ss, MOQT_RESET_INTERNAL);
}

int moqt_object_rx_alias_known(moqt_session *s, request *rq)
{
    int drv = moqt_datagram_alias_known(s, rq); /* datagram.c: those that came early */
    if (drv != 0) {
        return drv;
    }
    /* Handling a stream may free it and reorder the table: rescan each time
     * (a handled stream is no longer early). */
    for (size_t i = 0; i < s->nstreams && !s->closing;) {
        sstream *ss = s->streams[i];
        if (ss->kind != SS_SUBGROUP_RX || !ss->early || ss->sg.hdr.track_alias != rq->track_alias) {
            i++;
            continue;
        }
        s->early_bytes -= ss->rxlen;
        ss->early = false;
        ss->req = rq;
        int rv = moqt_object_rx_on_data(s, ss);
        if (rv != 0) {
            return rv;
        }
        i = 0;
    }
    return 0;
}

int moqt_object_rx_drop_alias(moqt_session *s, uint64_t alias)
{
    for (size_t i = 0; i < s->nstreams && !s->closing;) {
        sstream *ss = s->streams[i];
        if (ss->kind != SS_SUBGROUP_RX || !ss->early || ss->sg.hdr.track_alias != alias) {
            i++;
            continue;
        }
        int rv = stop_stream(s, ss, MOQT_RESET_CANCELLED); /* may forget it: rescan */
        if (rv != 0) {
            return rv;
        }
        i = 0;
    }
    return 0;
}
