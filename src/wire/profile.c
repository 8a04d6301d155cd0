/*
 * The profile table: one row per draft. Message type codes come from the
 * "Control Messages" tables of each draft (mt-07 l.908, mt-08 l.992, mt-09
 * l.1000, mt-10 l.996, mt-11 l.1203, mt-12 l.1311, mt-13 l.1311, mt-14 l.1355,
 * mt-15 l.1509, mt-16 l.1621, mt-17 l.1789, mt-18 l.2116, mt-19 l.2299).
 *
 * Deliberate choice (DRAFT-CHANGES §11): mt-18's table keeps "0x1E PUBLISH_OK"
 * while its text makes PUBLISH_OK a REQUEST_OK alias; we follow the table row
 * (mt-18 l.2131) and send/accept 0x1E with the REQUEST_OK layout. mt-19 marks
 * 0x1E reserved, so draft 19 has no PUBLISH_OK kind at all.
 */
#include "wire/profile.h"

#include <string.h>

/* mt-07 control message table */
static const uint64_t msg_types_d07[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_CLIENT_SETUP] = 0x40,
    [MOQT_MSG_SERVER_SETUP] = 0x41,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_SUBSCRIBE_ERROR] = 0x05,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_UNSUBSCRIBE] = 0x0A,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_FETCH_ERROR] = 0x19,
    [MOQT_MSG_FETCH_CANCEL] = 0x17,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_PUBLISH_NAMESPACE_OK] = 0x07,
    [MOQT_MSG_PUBLISH_NAMESPACE_ERROR] = 0x08,
    [MOQT_MSG_PUBLISH_NAMESPACE_DONE] = 0x09,
    [MOQT_MSG_PUBLISH_NAMESPACE_CANCEL] = 0x0C,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x11,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_OK] = 0x12,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR] = 0x13,
    [MOQT_MSG_UNSUBSCRIBE_NAMESPACE] = 0x14,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_TRACK_STATUS_OK] = 0x0E,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_MAX_REQUEST_ID] = 0x15,
};

/* mt-08 control message table */
static const uint64_t msg_types_d08[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_CLIENT_SETUP] = 0x40,
    [MOQT_MSG_SERVER_SETUP] = 0x41,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_SUBSCRIBE_ERROR] = 0x05,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_UNSUBSCRIBE] = 0x0A,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_FETCH_ERROR] = 0x19,
    [MOQT_MSG_FETCH_CANCEL] = 0x17,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_PUBLISH_NAMESPACE_OK] = 0x07,
    [MOQT_MSG_PUBLISH_NAMESPACE_ERROR] = 0x08,
    [MOQT_MSG_PUBLISH_NAMESPACE_DONE] = 0x09,
    [MOQT_MSG_PUBLISH_NAMESPACE_CANCEL] = 0x0C,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x11,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_OK] = 0x12,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR] = 0x13,
    [MOQT_MSG_UNSUBSCRIBE_NAMESPACE] = 0x14,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_TRACK_STATUS_OK] = 0x0E,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_MAX_REQUEST_ID] = 0x15,
    [MOQT_MSG_REQUESTS_BLOCKED] = 0x1A,
};

/* mt-09 control message table */
static const uint64_t msg_types_d09[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_CLIENT_SETUP] = 0x40,
    [MOQT_MSG_SERVER_SETUP] = 0x41,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_SUBSCRIBE_ERROR] = 0x05,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_UNSUBSCRIBE] = 0x0A,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_FETCH_ERROR] = 0x19,
    [MOQT_MSG_FETCH_CANCEL] = 0x17,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_PUBLISH_NAMESPACE_OK] = 0x07,
    [MOQT_MSG_PUBLISH_NAMESPACE_ERROR] = 0x08,
    [MOQT_MSG_PUBLISH_NAMESPACE_DONE] = 0x09,
    [MOQT_MSG_PUBLISH_NAMESPACE_CANCEL] = 0x0C,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x11,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_OK] = 0x12,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR] = 0x13,
    [MOQT_MSG_UNSUBSCRIBE_NAMESPACE] = 0x14,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_TRACK_STATUS_OK] = 0x0E,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_MAX_REQUEST_ID] = 0x15,
    [MOQT_MSG_REQUESTS_BLOCKED] = 0x1A,
};

/* mt-10 control message table */
static const uint64_t msg_types_d10[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_CLIENT_SETUP] = 0x40,
    [MOQT_MSG_SERVER_SETUP] = 0x41,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_SUBSCRIBE_ERROR] = 0x05,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_UNSUBSCRIBE] = 0x0A,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_FETCH_ERROR] = 0x19,
    [MOQT_MSG_FETCH_CANCEL] = 0x17,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_PUBLISH_NAMESPACE_OK] = 0x07,
    [MOQT_MSG_PUBLISH_NAMESPACE_ERROR] = 0x08,
    [MOQT_MSG_PUBLISH_NAMESPACE_DONE] = 0x09,
    [MOQT_MSG_PUBLISH_NAMESPACE_CANCEL] = 0x0C,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x11,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_OK] = 0x12,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR] = 0x13,
    [MOQT_MSG_UNSUBSCRIBE_NAMESPACE] = 0x14,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_TRACK_STATUS_OK] = 0x0E,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_MAX_REQUEST_ID] = 0x15,
    [MOQT_MSG_REQUESTS_BLOCKED] = 0x1A,
};

/* mt-11 control message table */
static const uint64_t msg_types_d11[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_CLIENT_SETUP] = 0x20,
    [MOQT_MSG_SERVER_SETUP] = 0x21,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_SUBSCRIBE_ERROR] = 0x05,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_UNSUBSCRIBE] = 0x0A,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_FETCH_ERROR] = 0x19,
    [MOQT_MSG_FETCH_CANCEL] = 0x17,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_PUBLISH_NAMESPACE_OK] = 0x07,
    [MOQT_MSG_PUBLISH_NAMESPACE_ERROR] = 0x08,
    [MOQT_MSG_PUBLISH_NAMESPACE_DONE] = 0x09,
    [MOQT_MSG_PUBLISH_NAMESPACE_CANCEL] = 0x0C,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x11,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_OK] = 0x12,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR] = 0x13,
    [MOQT_MSG_UNSUBSCRIBE_NAMESPACE] = 0x14,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_TRACK_STATUS_OK] = 0x0E,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_MAX_REQUEST_ID] = 0x15,
    [MOQT_MSG_REQUESTS_BLOCKED] = 0x1A,
};

/* mt-12 control message table */
static const uint64_t msg_types_d12[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_CLIENT_SETUP] = 0x20,
    [MOQT_MSG_SERVER_SETUP] = 0x21,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_SUBSCRIBE_ERROR] = 0x05,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_UNSUBSCRIBE] = 0x0A,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_PUBLISH] = 0x1D,
    [MOQT_MSG_PUBLISH_OK] = 0x1E,
    [MOQT_MSG_PUBLISH_ERROR] = 0x1F,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_FETCH_ERROR] = 0x19,
    [MOQT_MSG_FETCH_CANCEL] = 0x17,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_PUBLISH_NAMESPACE_OK] = 0x07,
    [MOQT_MSG_PUBLISH_NAMESPACE_ERROR] = 0x08,
    [MOQT_MSG_PUBLISH_NAMESPACE_DONE] = 0x09,
    [MOQT_MSG_PUBLISH_NAMESPACE_CANCEL] = 0x0C,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x11,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_OK] = 0x12,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR] = 0x13,
    [MOQT_MSG_UNSUBSCRIBE_NAMESPACE] = 0x14,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_TRACK_STATUS_OK] = 0x0E,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_MAX_REQUEST_ID] = 0x15,
    [MOQT_MSG_REQUESTS_BLOCKED] = 0x1A,
};

/* mt-13 control message table */
static const uint64_t msg_types_d13[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_CLIENT_SETUP] = 0x20,
    [MOQT_MSG_SERVER_SETUP] = 0x21,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_SUBSCRIBE_ERROR] = 0x05,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_UNSUBSCRIBE] = 0x0A,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_PUBLISH] = 0x1D,
    [MOQT_MSG_PUBLISH_OK] = 0x1E,
    [MOQT_MSG_PUBLISH_ERROR] = 0x1F,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_FETCH_ERROR] = 0x19,
    [MOQT_MSG_FETCH_CANCEL] = 0x17,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_PUBLISH_NAMESPACE_OK] = 0x07,
    [MOQT_MSG_PUBLISH_NAMESPACE_ERROR] = 0x08,
    [MOQT_MSG_PUBLISH_NAMESPACE_DONE] = 0x09,
    [MOQT_MSG_PUBLISH_NAMESPACE_CANCEL] = 0x0C,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x11,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_OK] = 0x12,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR] = 0x13,
    [MOQT_MSG_UNSUBSCRIBE_NAMESPACE] = 0x14,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_TRACK_STATUS_OK] = 0x0E,
    [MOQT_MSG_TRACK_STATUS_ERROR] = 0x0F,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_MAX_REQUEST_ID] = 0x15,
    [MOQT_MSG_REQUESTS_BLOCKED] = 0x1A,
};

/* mt-14 control message table */
static const uint64_t msg_types_d14[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_CLIENT_SETUP] = 0x20,
    [MOQT_MSG_SERVER_SETUP] = 0x21,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_SUBSCRIBE_ERROR] = 0x05,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_UNSUBSCRIBE] = 0x0A,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_PUBLISH] = 0x1D,
    [MOQT_MSG_PUBLISH_OK] = 0x1E,
    [MOQT_MSG_PUBLISH_ERROR] = 0x1F,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_FETCH_ERROR] = 0x19,
    [MOQT_MSG_FETCH_CANCEL] = 0x17,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_PUBLISH_NAMESPACE_OK] = 0x07,
    [MOQT_MSG_PUBLISH_NAMESPACE_ERROR] = 0x08,
    [MOQT_MSG_PUBLISH_NAMESPACE_DONE] = 0x09,
    [MOQT_MSG_PUBLISH_NAMESPACE_CANCEL] = 0x0C,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x11,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_OK] = 0x12,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR] = 0x13,
    [MOQT_MSG_UNSUBSCRIBE_NAMESPACE] = 0x14,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_TRACK_STATUS_OK] = 0x0E,
    [MOQT_MSG_TRACK_STATUS_ERROR] = 0x0F,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_MAX_REQUEST_ID] = 0x15,
    [MOQT_MSG_REQUESTS_BLOCKED] = 0x1A,
};

/* mt-15 control message table */
static const uint64_t msg_types_d15[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_CLIENT_SETUP] = 0x20,
    [MOQT_MSG_SERVER_SETUP] = 0x21,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_UNSUBSCRIBE] = 0x0A,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_PUBLISH] = 0x1D,
    [MOQT_MSG_PUBLISH_OK] = 0x1E,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_FETCH_CANCEL] = 0x17,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_PUBLISH_NAMESPACE_DONE] = 0x09,
    [MOQT_MSG_PUBLISH_NAMESPACE_CANCEL] = 0x0C,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x11,
    [MOQT_MSG_UNSUBSCRIBE_NAMESPACE] = 0x14,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_REQUEST_OK] = 0x07,
    [MOQT_MSG_REQUEST_ERROR] = 0x05,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_MAX_REQUEST_ID] = 0x15,
    [MOQT_MSG_REQUESTS_BLOCKED] = 0x1A,
};

/* mt-16 control message table */
static const uint64_t msg_types_d16[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_CLIENT_SETUP] = 0x20,
    [MOQT_MSG_SERVER_SETUP] = 0x21,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_UNSUBSCRIBE] = 0x0A,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_PUBLISH] = 0x1D,
    [MOQT_MSG_PUBLISH_OK] = 0x1E,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_FETCH_CANCEL] = 0x17,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_PUBLISH_NAMESPACE_DONE] = 0x09,
    [MOQT_MSG_PUBLISH_NAMESPACE_CANCEL] = 0x0C,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x11,
    [MOQT_MSG_NAMESPACE] = 0x08,
    [MOQT_MSG_NAMESPACE_DONE] = 0x0E,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_REQUEST_OK] = 0x07,
    [MOQT_MSG_REQUEST_ERROR] = 0x05,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_MAX_REQUEST_ID] = 0x15,
    [MOQT_MSG_REQUESTS_BLOCKED] = 0x1A,
};

/* mt-17 control message table */
static const uint64_t msg_types_d17[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_SETUP] = 0x2F00,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_PUBLISH] = 0x1D,
    [MOQT_MSG_PUBLISH_OK] = 0x1E,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x11,
    [MOQT_MSG_NAMESPACE] = 0x08,
    [MOQT_MSG_NAMESPACE_DONE] = 0x0E,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_REQUEST_OK] = 0x07,
    [MOQT_MSG_REQUEST_ERROR] = 0x05,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_PUBLISH_BLOCKED] = 0x0F,
};

/* mt-18 control message table */
static const uint64_t msg_types_d18[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_SETUP] = 0x2F00,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_PUBLISH] = 0x1D,
    [MOQT_MSG_PUBLISH_OK] = 0x1E,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x50,
    [MOQT_MSG_NAMESPACE] = 0x08,
    [MOQT_MSG_NAMESPACE_DONE] = 0x0E,
    [MOQT_MSG_SUBSCRIBE_TRACKS] = 0x51,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_REQUEST_OK] = 0x07,
    [MOQT_MSG_REQUEST_ERROR] = 0x05,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_PUBLISH_BLOCKED] = 0x0F,
};

/* mt-19 control message table */
static const uint64_t msg_types_d19[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_SETUP] = 0x2F00,
    [MOQT_MSG_SUBSCRIBE] = 0x03,
    [MOQT_MSG_SUBSCRIBE_OK] = 0x04,
    [MOQT_MSG_REQUEST_UPDATE] = 0x02,
    [MOQT_MSG_PUBLISH_DONE] = 0x0B,
    [MOQT_MSG_PUBLISH] = 0x1D,
    [MOQT_MSG_FETCH] = 0x16,
    [MOQT_MSG_FETCH_OK] = 0x18,
    [MOQT_MSG_PUBLISH_NAMESPACE] = 0x06,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = 0x50,
    [MOQT_MSG_NAMESPACE] = 0x08,
    [MOQT_MSG_NAMESPACE_DONE] = 0x0E,
    [MOQT_MSG_SUBSCRIBE_TRACKS] = 0x51,
    [MOQT_MSG_TRACK_STATUS] = 0x0D,
    [MOQT_MSG_REQUEST_OK] = 0x07,
    [MOQT_MSG_REQUEST_ERROR] = 0x05,
    [MOQT_MSG_GOAWAY] = 0x10,
    [MOQT_MSG_PUBLISH_SKIPPED] = 0x0F,
};
#define ROW_COMMON(tag, d) .draft = (d), .version = 0xff000000u + (d), .msg_type = msg_types_d##tag

/* Rows are written out in full, one per draft, so each can be read against its
 * draft without mentally applying deltas. */
static const moqt_profile profiles[] = {
    {ROW_COMMON(07, 7), .name = "draft-07", .alpn = "moq-00", .int_kind = MOQT_INT_QUIC,
     .param_encoding = MOQT_PARAMS_TLV, .setup_shape = MOQT_SETUP_40_VERSIONED,
     .topology = MOQT_TOPO_CONTROL_STREAM, .alias_owner = MOQT_ALIAS_BY_SUBSCRIBER,
     .version_in_setup = true, .has_role_param = true, .has_request_credit = true,
     .responses_have_request_id = true, .interleaved_request_ids = false},
    {ROW_COMMON(08, 8), .name = "draft-08", .alpn = "moq-00", .int_kind = MOQT_INT_QUIC,
     .param_encoding = MOQT_PARAMS_TLV, .setup_shape = MOQT_SETUP_40_VERSIONED,
     .topology = MOQT_TOPO_CONTROL_STREAM, .alias_owner = MOQT_ALIAS_BY_SUBSCRIBER,
     .version_in_setup = true, .has_request_credit = true, .responses_have_request_id = true,
     .has_joining_fetch = true, .interleaved_request_ids = false,
     .joining_fetch_end_excludes_largest = true, .datagram_subgroup_is_object_id = true},
    {ROW_COMMON(09, 9), .name = "draft-09", .alpn = "moq-00", .int_kind = MOQT_INT_QUIC,
     .param_encoding = MOQT_PARAMS_TLV, .setup_shape = MOQT_SETUP_40_VERSIONED,
     .topology = MOQT_TOPO_CONTROL_STREAM, .alias_owner = MOQT_ALIAS_BY_SUBSCRIBER,
     .version_in_setup = true, .has_request_credit = true, .responses_have_request_id = true,
     .has_joining_fetch = true, .interleaved_request_ids = false,
     .joining_fetch_end_excludes_largest = true, .datagram_subgroup_is_object_id = true},
    {ROW_COMMON(10, 10), .name = "draft-10", .alpn = "moq-00", .int_kind = MOQT_INT_QUIC,
     .param_encoding = MOQT_PARAMS_TLV, .setup_shape = MOQT_SETUP_40_VERSIONED,
     .topology = MOQT_TOPO_CONTROL_STREAM, .alias_owner = MOQT_ALIAS_BY_SUBSCRIBER,
     .version_in_setup = true, .has_request_credit = true, .responses_have_request_id = true,
     .has_joining_fetch = true, .interleaved_request_ids = false,
     .joining_fetch_end_excludes_largest = true, .datagram_subgroup_is_object_id = true},
    {ROW_COMMON(11, 11), .name = "draft-11", .alpn = "moq-00", .int_kind = MOQT_INT_QUIC,
     .param_encoding = MOQT_PARAMS_KVP, .setup_shape = MOQT_SETUP_20_VERSIONED,
     .topology = MOQT_TOPO_CONTROL_STREAM, .alias_owner = MOQT_ALIAS_BY_SUBSCRIBER,
     .control_length_16 = true, .version_in_setup = true, .has_request_credit = true,
     .responses_have_request_id = true, .has_joining_fetch = true,
     .has_absolute_joining_fetch = true, .interleaved_request_ids = true,
     .joining_fetch_end_excludes_largest = true, .datagram_subgroup_is_object_id = true},
    {ROW_COMMON(12, 12), .name = "draft-12", .alpn = "moq-00", .int_kind = MOQT_INT_QUIC,
     .param_encoding = MOQT_PARAMS_KVP, .setup_shape = MOQT_SETUP_20_VERSIONED,
     .topology = MOQT_TOPO_CONTROL_STREAM, .alias_owner = MOQT_ALIAS_BY_PUBLISHER,
     .control_length_16 = true, .version_in_setup = true, .has_request_credit = true,
     .responses_have_request_id = true, .has_publish = true, .has_joining_fetch = true,
     .has_absolute_joining_fetch = true, .interleaved_request_ids = true,
     .joining_fetch_end_excludes_largest = true, .datagram_subgroup_is_object_id = true},
    {ROW_COMMON(13, 13), .name = "draft-13", .alpn = "moq-00", .int_kind = MOQT_INT_QUIC,
     .param_encoding = MOQT_PARAMS_KVP, .setup_shape = MOQT_SETUP_20_VERSIONED,
     .topology = MOQT_TOPO_CONTROL_STREAM, .alias_owner = MOQT_ALIAS_BY_PUBLISHER,
     .control_length_16 = true, .version_in_setup = true, .has_request_credit = true,
     .responses_have_request_id = true, .has_publish = true, .has_joining_fetch = true,
     .has_absolute_joining_fetch = true, .interleaved_request_ids = true,
     .joining_fetch_end_excludes_largest = true, .datagram_subgroup_is_object_id = true},
    {ROW_COMMON(14, 14), .name = "draft-14", .alpn = "moq-00", .int_kind = MOQT_INT_QUIC,
     .param_encoding = MOQT_PARAMS_KVP, .setup_shape = MOQT_SETUP_20_VERSIONED,
     .topology = MOQT_TOPO_CONTROL_STREAM, .alias_owner = MOQT_ALIAS_BY_PUBLISHER,
     .control_length_16 = true, .version_in_setup = true, .has_request_credit = true,
     .responses_have_request_id = true, .has_publish = true, .has_joining_fetch = true,
     .has_absolute_joining_fetch = true, .interleaved_request_ids = true,
     .datagram_subgroup_is_object_id = true},
    {ROW_COMMON(15, 15), .name = "draft-15", .alpn = "moqt-15", .wt_protocol = "moqt-15",
     .int_kind = MOQT_INT_QUIC, .param_encoding = MOQT_PARAMS_KVP, .setup_shape = MOQT_SETUP_20,
     .topology = MOQT_TOPO_CONTROL_STREAM, .alias_owner = MOQT_ALIAS_BY_PUBLISHER,
     .control_length_16 = true, .has_request_credit = true, .responses_have_request_id = true,
     .has_publish = true, .has_joining_fetch = true, .has_absolute_joining_fetch = true,
     .interleaved_request_ids = true, .datagram_subgroup_is_object_id = true},
    {ROW_COMMON(16, 16), .name = "draft-16", .alpn = "moqt-16", .wt_protocol = "moqt-16",
     .int_kind = MOQT_INT_QUIC, .param_encoding = MOQT_PARAMS_DELTA_KVP,
     .setup_shape = MOQT_SETUP_20, .topology = MOQT_TOPO_NAMESPACE_STREAMS,
     .alias_owner = MOQT_ALIAS_BY_PUBLISHER, .control_length_16 = true, .has_request_credit = true,
     .responses_have_request_id = true, .has_publish = true, .has_track_properties = true,
     .may_mix_forwarding = true, .has_joining_fetch = true, .has_absolute_joining_fetch = true,
     .interleaved_request_ids = true},
    {ROW_COMMON(17, 17), .name = "draft-17", .alpn = "moqt-17", .wt_protocol = "moqt-17",
     .int_kind = MOQT_INT_VI64_D17, .param_encoding = MOQT_PARAMS_TYPED,
     .setup_shape = MOQT_SETUP_2F00, .topology = MOQT_TOPO_REQUEST_STREAMS,
     .alias_owner = MOQT_ALIAS_BY_PUBLISHER, .control_length_16 = true, .has_publish = true,
     .has_track_properties = true, .may_mix_forwarding = true, .has_joining_fetch = true,
     .has_absolute_joining_fetch = true, .interleaved_request_ids = true},
    {ROW_COMMON(18, 18), .name = "draft-18", .alpn = "moqt-18", .wt_protocol = "moqt-18",
     .int_kind = MOQT_INT_VI64, .param_encoding = MOQT_PARAMS_TYPED, .setup_shape = MOQT_SETUP_2F00,
     .topology = MOQT_TOPO_REQUEST_STREAMS, .alias_owner = MOQT_ALIAS_BY_PUBLISHER,
     .control_length_16 = true, .has_publish = true, .has_track_properties = true,
     .may_mix_forwarding = true, .has_joining_fetch = true, .has_absolute_joining_fetch = true,
     .has_padding = true, .interleaved_request_ids = true},
    {ROW_COMMON(19, 19), .name = "draft-19", .alpn = "moqt-19", .wt_protocol = "moqt-19",
     .int_kind = MOQT_INT_VI64, .param_encoding = MOQT_PARAMS_TYPED, .setup_shape = MOQT_SETUP_2F00,
     .topology = MOQT_TOPO_REQUEST_STREAMS, .alias_owner = MOQT_ALIAS_BY_PUBLISHER,
     .control_length_16 = true, .has_publish = true, .has_track_properties = true,
     .may_mix_forwarding = true, .has_joining_fetch = true, .has_absolute_joining_fetch = true,
     .has_padding = true, .interleaved_request_ids = true},
};

#define PROFILE_COUNT (sizeof(profiles) / sizeof(profiles[0]))

const moqt_profile *moqt_profile_all(size_t *pcount)
{
    *pcount = PROFILE_COUNT;
    return profiles;
}

const moqt_profile *moqt_profile_for_draft(unsigned draft)
{
    if (draft < MOQT_DRAFT_MIN || draft > MOQT_DRAFT_MAX) {
        return NULL;
    }
    return &profiles[draft - MOQT_DRAFT_MIN];
}

const moqt_profile *moqt_profile_for_version(uint64_t version)
{
    if ((version & ~(uint64_t)0xff) != 0xff000000u) {
        return NULL;
    }
    return moqt_profile_for_draft((unsigned)(version & 0xff));
}

const moqt_profile *moqt_profile_for_alpn(const char *alpn, size_t len)
{
    for (size_t i = 0; i < PROFILE_COUNT; i++) {
        const char *w = profiles[i].wt_protocol;
        if (w && strlen(w) == len && memcmp(w, alpn, len) == 0) {
            return &profiles[i];
        }
    }
    return NULL;
}

uint64_t moqt_profile_msg_type(const moqt_profile *p, moqt_msg_kind kind)
{
    if ((unsigned)kind >= MOQT_MSG_KIND_COUNT) {
        return 0;
    }
    return p->msg_type[kind];
}

moqt_msg_kind moqt_profile_msg_kind(const moqt_profile *p, uint64_t type)
{
    if (type == 0) {
        return MOQT_MSG_NONE;
    }
    for (unsigned k = 1; k < MOQT_MSG_KIND_COUNT; k++) {
        if (p->msg_type[k] == type) {
            return (moqt_msg_kind)k;
        }
    }
    return MOQT_MSG_NONE;
}

bool moqt_profile_consumes_request_id(const moqt_profile *p, moqt_msg_kind kind)
{
    switch (kind) {
    case MOQT_MSG_SUBSCRIBE:
    case MOQT_MSG_FETCH:
        return true; /* Subscribe ID in 07-10 (mt-07 l.1272, l.1439) */
    case MOQT_MSG_PUBLISH_NAMESPACE:
    case MOQT_MSG_SUBSCRIBE_NAMESPACE:
    case MOQT_MSG_TRACK_STATUS:
        /* mt-11 l.1296: ANNOUNCE, SUBSCRIBE_ANNOUNCES, TRACK_STATUS_REQUEST */
        return p->draft >= 11;
    case MOQT_MSG_PUBLISH:
        /* 12-13 give PUBLISH a Request ID without listing it (DRAFT-CHANGES
         * §4); 14 lists it (mt-14 l.1457). We count it from 12. */
        return p->draft >= 12;
    case MOQT_MSG_REQUEST_UPDATE:
        return p->draft >= 14; /* SUBSCRIBE_UPDATE gets its own ID in 14 (mt-14 l.1457) */
    case MOQT_MSG_SUBSCRIBE_TRACKS:
        return p->draft >= 18; /* mt-18 l.2206 */
    default:
        return false;
    }
}

moqt_update_rule moqt_profile_update_rule(const moqt_profile *p)
{
    if (p->draft <= 14) {
        return MOQT_UPDATE_NARROW_ONLY; /* mt-07 l.1327 ... mt-14 l.2121 */
    }
    return p->draft == 15 ? MOQT_UPDATE_START_NO_DECREASE /* mt-15 l.2343 */
                          : MOQT_UPDATE_ANY_RANGE;        /* mt-16 l.2484 */
}

bool moqt_profile_update_restates_all(const moqt_profile *p)
{
    return p->draft <= 14; /* mt-14 l.2146 fixed fields; mt-15 l.2375 parameters only */
}

bool moqt_profile_namespace_prefix_update(const moqt_profile *p)
{
    return p->draft >= 18; /* mt-18 l.2599 TRACK_NAMESPACE_PREFIX, l.3114 */
}

static const char *const kind_names[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_NONE] = "NONE",
    [MOQT_MSG_CLIENT_SETUP] = "CLIENT_SETUP",
    [MOQT_MSG_SERVER_SETUP] = "SERVER_SETUP",
    [MOQT_MSG_SETUP] = "SETUP",
    [MOQT_MSG_SUBSCRIBE] = "SUBSCRIBE",
    [MOQT_MSG_SUBSCRIBE_OK] = "SUBSCRIBE_OK",
    [MOQT_MSG_SUBSCRIBE_ERROR] = "SUBSCRIBE_ERROR",
    [MOQT_MSG_REQUEST_UPDATE] = "REQUEST_UPDATE",
    [MOQT_MSG_UNSUBSCRIBE] = "UNSUBSCRIBE",
    [MOQT_MSG_PUBLISH_DONE] = "PUBLISH_DONE",
    [MOQT_MSG_PUBLISH] = "PUBLISH",
    [MOQT_MSG_PUBLISH_OK] = "PUBLISH_OK",
    [MOQT_MSG_PUBLISH_ERROR] = "PUBLISH_ERROR",
    [MOQT_MSG_FETCH] = "FETCH",
    [MOQT_MSG_FETCH_OK] = "FETCH_OK",
    [MOQT_MSG_FETCH_ERROR] = "FETCH_ERROR",
    [MOQT_MSG_FETCH_CANCEL] = "FETCH_CANCEL",
    [MOQT_MSG_PUBLISH_NAMESPACE] = "PUBLISH_NAMESPACE",
    [MOQT_MSG_PUBLISH_NAMESPACE_OK] = "PUBLISH_NAMESPACE_OK",
    [MOQT_MSG_PUBLISH_NAMESPACE_ERROR] = "PUBLISH_NAMESPACE_ERROR",
    [MOQT_MSG_PUBLISH_NAMESPACE_DONE] = "PUBLISH_NAMESPACE_DONE",
    [MOQT_MSG_PUBLISH_NAMESPACE_CANCEL] = "PUBLISH_NAMESPACE_CANCEL",
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = "SUBSCRIBE_NAMESPACE",
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_OK] = "SUBSCRIBE_NAMESPACE_OK",
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR] = "SUBSCRIBE_NAMESPACE_ERROR",
    [MOQT_MSG_UNSUBSCRIBE_NAMESPACE] = "UNSUBSCRIBE_NAMESPACE",
    [MOQT_MSG_NAMESPACE] = "NAMESPACE",
    [MOQT_MSG_NAMESPACE_DONE] = "NAMESPACE_DONE",
    [MOQT_MSG_SUBSCRIBE_TRACKS] = "SUBSCRIBE_TRACKS",
    [MOQT_MSG_TRACK_STATUS] = "TRACK_STATUS",
    [MOQT_MSG_TRACK_STATUS_OK] = "TRACK_STATUS_OK",
    [MOQT_MSG_TRACK_STATUS_ERROR] = "TRACK_STATUS_ERROR",
    [MOQT_MSG_REQUEST_OK] = "REQUEST_OK",
    [MOQT_MSG_REQUEST_ERROR] = "REQUEST_ERROR",
    [MOQT_MSG_GOAWAY] = "GOAWAY",
    [MOQT_MSG_MAX_REQUEST_ID] = "MAX_REQUEST_ID",
    [MOQT_MSG_REQUESTS_BLOCKED] = "REQUESTS_BLOCKED",
    [MOQT_MSG_PUBLISH_BLOCKED] = "PUBLISH_BLOCKED",
    [MOQT_MSG_PUBLISH_SKIPPED] = "PUBLISH_SKIPPED",
};

const char *moqt_msg_kind_str(moqt_msg_kind kind)
{
    if ((unsigned)kind >= MOQT_MSG_KIND_COUNT) {
        return "UNKNOWN";
    }
    return kind_names[kind];
}

/* A name a kind had before |until_draft| (exclusive). */
struct old_name {
    moqt_msg_kind kind;
    unsigned until_draft;
    const char *name;
};

/* Ordered by kind then draft: the first row that applies wins. */
static const struct old_name old_names[] = {
    {MOQT_MSG_REQUEST_UPDATE, 16, "SUBSCRIBE_UPDATE"},
    {MOQT_MSG_PUBLISH_DONE, 14, "SUBSCRIBE_DONE"},
    {MOQT_MSG_PUBLISH_NAMESPACE, 14, "ANNOUNCE"},
    {MOQT_MSG_PUBLISH_NAMESPACE_OK, 14, "ANNOUNCE_OK"},
    {MOQT_MSG_PUBLISH_NAMESPACE_ERROR, 14, "ANNOUNCE_ERROR"},
    {MOQT_MSG_PUBLISH_NAMESPACE_DONE, 14, "UNANNOUNCE"},
    {MOQT_MSG_PUBLISH_NAMESPACE_CANCEL, 14, "ANNOUNCE_CANCEL"},
    {MOQT_MSG_SUBSCRIBE_NAMESPACE, 13, "SUBSCRIBE_ANNOUNCES"},
    {MOQT_MSG_SUBSCRIBE_NAMESPACE_OK, 13, "SUBSCRIBE_ANNOUNCES_OK"},
    {MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR, 13, "SUBSCRIBE_ANNOUNCES_ERROR"},
    {MOQT_MSG_UNSUBSCRIBE_NAMESPACE, 13, "UNSUBSCRIBE_ANNOUNCES"},
    {MOQT_MSG_TRACK_STATUS, 13, "TRACK_STATUS_REQUEST"},
    {MOQT_MSG_TRACK_STATUS_OK, 13, "TRACK_STATUS"},
    {MOQT_MSG_MAX_REQUEST_ID, 11, "MAX_SUBSCRIBE_ID"},
    {MOQT_MSG_REQUESTS_BLOCKED, 11, "SUBSCRIBES_BLOCKED"},
};

const char *moqt_msg_name(const moqt_profile *p, moqt_msg_kind kind)
{
    for (size_t i = 0; i < sizeof(old_names) / sizeof(old_names[0]); i++) {
        if (old_names[i].kind == kind && p->draft < old_names[i].until_draft) {
            return old_names[i].name;
        }
    }
    return moqt_msg_kind_str(kind);
}

bool moqt_version_supported(uint64_t version)
{
    return moqt_profile_for_version(version) != NULL;
}

const char *moqt_version_str(uint64_t version)
{
    const moqt_profile *p = moqt_profile_for_version(version);
    return p ? p->name : NULL;
}
