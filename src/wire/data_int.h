/*
 * Helpers shared by the data-plane codecs (object.c, subgroup.c,
 * fetch_stream.c, datagram.c). Not for use outside src/wire/.
 */
#ifndef MOQT_WIRE_DATA_INT_H
#define MOQT_WIRE_DATA_INT_H

#include "wire/data.h"

/* Our bound on one object's properties block (the drafts set none). A larger
 * Length is MOQT_ERR_WIRE_LIMIT rather than a NEED_MORE that never ends. */
#define MOQT_MAX_PROPS_BYTES 65535

/* moqt_props_read reads an object's properties field under draft |p|:
 * 08 Extension Count + pairs (mt-08 l.2526), 09+ Extension Headers Length +
 * pairs (mt-09 l.2542), with delta-coded types from 16 (mt-16 l.273). 07 has no
 * such field: callers do not call it. Validates Immutable Properties (14+). */
int moqt_props_read(moqt_rd *r, const moqt_profile *p, moqt_kvp_list *out);

/* moqt_props_write writes the field moqt_props_read reads. */
int moqt_props_write(moqt_wr *w, const moqt_profile *p, const moqt_kvp_list *in);

/* moqt_props_check_status enforces which statuses may carry properties:
 * 11-14 not Does Not Exist (mt-11 l.2956), 15+ only Normal (mt-15 l.3136). */
int moqt_props_check_status(moqt_rd *r, const moqt_profile *p, moqt_object_status st,
                            const moqt_kvp_list *props);
/* Encoder side of the same rule: MOQT_ERR_UNSUPPORTED when broken. */
int moqt_props_allowed(const moqt_profile *p, moqt_object_status st, const moqt_kvp_list *props);

/* moqt_status_read reads an Object Status integer and maps it. */
int moqt_status_read(moqt_rd *r, const moqt_profile *p, moqt_object_status *st);

/* moqt_data_finish turns a reader result into the moqt_ssize the public
 * decoders return, and copies the rule into *pwhy. */
moqt_ssize moqt_data_finish(int rv, const moqt_rd *r, const uint8_t *start, const char **pwhy);

/* moqt_data_written turns a writer result into bytes written or the error. */
moqt_ssize moqt_data_written(int rv, const moqt_wr *w, const uint8_t *start);

#endif /* MOQT_WIRE_DATA_INT_H */
