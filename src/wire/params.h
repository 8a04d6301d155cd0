/*
 * Message parameters ("Version Specific Parameters" 07-14, "Parameters" 15-16,
 * "Message Parameters" 17+) and trailing Track Extensions / Properties (16+).
 *
 * Four encodings (DRAFT-CHANGES §2, §6): TLV (07-10), parity KVP (11-15),
 * delta-coded KVP (16), typed values with Type Delta (17+, unknown types fatal).
 * Parameters are read into moqt_msg_params by meaning, so the same value can be
 * written back under another draft.
 */
#ifndef MOQT_WIRE_PARAMS_H
#define MOQT_WIRE_PARAMS_H

#include "wire/buf.h"
#include "wire/model.h"

/*
 * moqt_params_read reads "Number of Parameters" and that many parameters of
 * message |kind| under draft |p| into |out| (which it does not clear: a codec
 * may have set fixed-field bits before). Unknown parameters are skipped in
 * 07-15 and malformed from 16 (mt-16 l.1726, mt-17 l.1934); a duplicate of a
 * known parameter that may appear once is malformed in every draft (mt-07
 * l.987, mt-17 l.1941). Parameters are not checked against |kind| (which
 * message may carry which parameter is the session's business, see params.c).
 */
int moqt_params_read(moqt_rd *r, const moqt_profile *p, moqt_msg_kind kind, moqt_msg_params *out);

/*
 * moqt_params_write writes "Number of Parameters" and every parameter present
 * in |in|, except the MOQT_P_* bits in |fixed| (values this message carries in
 * fixed fields under draft |p|). Parameters are written in ascending type order.
 * MOQT_ERR_UNSUPPORTED if a present value has no parameter in this draft.
 */
int moqt_params_write(moqt_wr *w, const moqt_profile *p, moqt_msg_kind kind,
                      const moqt_msg_params *in, uint32_t fixed);

/* Trailing Track Extensions (16) / Track Properties (17+): delta-coded KVPs up
 * to the end of the message. */
int moqt_track_props_read(moqt_rd *r, const moqt_profile *p, moqt_kvp_list *out);
int moqt_track_props_write(moqt_wr *w, const moqt_profile *p, const moqt_kvp_list *in);

/*
 * moqt_params_out_of_scope returns the wire type of the first parameter in |m|
 * (ignoring the MOQT_P_* bits in |fixed|) that draft |p| does not allow on a
 * message of |kind|, or 0 when all are allowed. Only 17+ make such a parameter
 * an error (PROTOCOL_VIOLATION, mt-17 l.1966); for 07-16 this returns 0.
 * REQUEST_OK stands for every X_OK alias (18+) and the REQUEST_OK answers of 17.
 */
uint64_t moqt_params_out_of_scope(const moqt_profile *p, moqt_msg_kind kind,
                                  const moqt_msg_params *m, uint32_t fixed);

/*
 * A Subscription Filter / Location Filter: Filter Type, [Start Location],
 * [End Group] (07: + End Object; 17+: End Group Delta, stored absolute in
 * f->end_group). Wire filter types per draft: model.h moqt_filter_type.
 * Used inside the SUBSCRIPTION_FILTER parameter (15+) and by the fixed
 * SUBSCRIBE / SUBSCRIBE_UPDATE fields of 07-14.
 */
int moqt_rd_filter(moqt_rd *r, const moqt_profile *p, moqt_filter *f);
int moqt_wr_filter(moqt_wr *w, const moqt_profile *p, const moqt_filter *f);

/* The Token structure (11+): Alias Type, [Alias], [Type], [Value]; the value
 * runs to the end of |r| (callers bound |r| to the parameter's bytes). */
int moqt_rd_auth_token(moqt_rd *r, moqt_auth_token *t);
int moqt_wr_auth_token(moqt_wr *w, const moqt_auth_token *t);

/* Reads one authorization parameter value (all of |sub|) under draft |p|: the
 * 07-10 AUTHORIZATION INFO string or an 11+ Token, appended to |arr|
 * (MOQT_ERR_WIRE_LIMIT beyond MOQT_MAX_AUTH_TOKENS). Shared with setup.c. */
int moqt_rd_auth_param(moqt_rd *sub, const moqt_profile *p, moqt_auth_token *arr, size_t *count);

#endif /* MOQT_WIRE_PARAMS_H */
