/*
 * Message-body codecs, one per message family. Each is called with a reader
 * bounded to exactly the message payload (control.c checks that every payload
 * byte was consumed) or a writer for the payload, and handles every kind of its
 * family under every draft that defines it, switching on m->kind.
 *
 * Decoders return 0, MOQT_ERR_WIRE_MALFORMED (with r->why), MOQT_ERR_WIRE_LIMIT,
 * or MOQT_ERR_WIRE_NEED_MORE (the payload ended early: control.c reports it as
 * a length mismatch). Encoders return 0, MOQT_ERR_NOBUF or MOQT_ERR_UNSUPPORTED.
 */
#ifndef MOQT_WIRE_CODEC_INT_H
#define MOQT_WIRE_CODEC_INT_H

#include "wire/buf.h"
#include "wire/model.h"

/* setup.c: CLIENT_SETUP, SERVER_SETUP, SETUP */
int moqt_setup_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m);
int moqt_setup_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m);

/* misc.c: REQUEST_OK, REQUEST_ERROR, GOAWAY, MAX_REQUEST_ID, REQUESTS_BLOCKED */
int moqt_misc_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m);
int moqt_misc_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m);

/* subscribe.c: SUBSCRIBE, SUBSCRIBE_OK, SUBSCRIBE_ERROR, REQUEST_UPDATE,
 * UNSUBSCRIBE, PUBLISH_DONE, TRACK_STATUS, TRACK_STATUS_OK, TRACK_STATUS_ERROR */
int moqt_subscribe_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m);
int moqt_subscribe_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m);

/* publish.c: PUBLISH, PUBLISH_OK, PUBLISH_ERROR */
int moqt_publish_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m);
int moqt_publish_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m);

/* fetch.c: FETCH, FETCH_OK, FETCH_ERROR, FETCH_CANCEL */
int moqt_fetch_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m);
int moqt_fetch_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m);

/* namespace.c: PUBLISH_NAMESPACE{,_OK,_ERROR,_DONE,_CANCEL}, SUBSCRIBE_NAMESPACE{,_OK,_ERROR},
 * UNSUBSCRIBE_NAMESPACE, NAMESPACE, NAMESPACE_DONE, SUBSCRIBE_TRACKS, PUBLISH_BLOCKED,
 * PUBLISH_SKIPPED */
int moqt_namespace_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m);
int moqt_namespace_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m);

#endif /* MOQT_WIRE_CODEC_INT_H */
