/* The profile table against DRAFT-CHANGES §1 and §3. */
#include "tf.h"

#include "wire/profile.h"

TF_DRAFT_TEST("wire/profile", row_is_consistent)
{
    TF_CHECK_EQ(p->version, 0xff000000u + p->draft);
    TF_CHECK(moqt_profile_for_version(p->version) == p);
    /* every defined kind maps back to itself */
    for (unsigned k = 1; k < MOQT_MSG_KIND_COUNT; k++) {
        uint64_t t = moqt_profile_msg_type(p, (moqt_msg_kind)k);
        if (t) {
            TF_CHECK_EQ(moqt_profile_msg_kind(p, t), k);
        }
    }
    /* messages every draft has (mt-NN control message tables) */
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_SUBSCRIBE), 0x03);
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_SUBSCRIBE_OK), 0x04);
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_GOAWAY), 0x10);
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_FETCH), 0x16);
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_FETCH_OK), 0x18);
    if (p->version_in_setup) {
        TF_CHECK(strcmp(p->alpn, "moq-00") == 0);
        TF_CHECK(p->wt_protocol == NULL);
    } else {
        TF_CHECK(moqt_profile_for_alpn(p->alpn, strlen(p->alpn)) == p);
    }
}

TF_TEST("wire/profile", setup_codes_by_era)
{
    /* DRAFT-CHANGES §1: 0x40/0x41 (07-10), 0x20/0x21 (11-16), 0x2F00 (17+) */
    for (unsigned d = 7; d <= 19; d++) {
        const moqt_profile *p = moqt_profile_for_draft(d);
        uint64_t cs = moqt_profile_msg_type(p, MOQT_MSG_CLIENT_SETUP);
        uint64_t setup = moqt_profile_msg_type(p, MOQT_MSG_SETUP);
        TF_CHECK_EQ(cs, d <= 10 ? 0x40 : d <= 16 ? 0x20 : 0);
        TF_CHECK_EQ(setup, d >= 17 ? 0x2F00 : 0);
    }
}

TF_TEST("wire/profile", reused_codepoints)
{
    /* 0x08 is ANNOUNCE_ERROR up to 14 and NAMESPACE from 16; 0x0E TRACK_STATUS(_OK)
     * up to 14 and NAMESPACE_DONE from 16; 0x0F PUBLISH_BLOCKED in 17-18 and
     * PUBLISH_SKIPPED in 19 (DRAFT-CHANGES §3). */
    TF_CHECK_EQ(moqt_profile_msg_kind(moqt_profile_for_draft(14), 0x08),
                MOQT_MSG_PUBLISH_NAMESPACE_ERROR);
    TF_CHECK_EQ(moqt_profile_msg_kind(moqt_profile_for_draft(15), 0x08), MOQT_MSG_NONE);
    TF_CHECK_EQ(moqt_profile_msg_kind(moqt_profile_for_draft(16), 0x08), MOQT_MSG_NAMESPACE);
    TF_CHECK_EQ(moqt_profile_msg_kind(moqt_profile_for_draft(12), 0x0E), MOQT_MSG_TRACK_STATUS_OK);
    TF_CHECK_EQ(moqt_profile_msg_kind(moqt_profile_for_draft(16), 0x0E), MOQT_MSG_NAMESPACE_DONE);
    TF_CHECK_EQ(moqt_profile_msg_kind(moqt_profile_for_draft(18), 0x0F), MOQT_MSG_PUBLISH_BLOCKED);
    TF_CHECK_EQ(moqt_profile_msg_kind(moqt_profile_for_draft(19), 0x0F), MOQT_MSG_PUBLISH_SKIPPED);
    TF_CHECK_EQ(moqt_profile_msg_kind(moqt_profile_for_draft(18), 0x11), MOQT_MSG_NONE);
    TF_CHECK_EQ(moqt_profile_msg_kind(moqt_profile_for_draft(18), 0x50),
                MOQT_MSG_SUBSCRIBE_NAMESPACE);
    TF_CHECK(strcmp(moqt_msg_name(moqt_profile_for_draft(7), MOQT_MSG_PUBLISH_NAMESPACE),
                    "ANNOUNCE") == 0);
    TF_CHECK(strcmp(moqt_msg_name(moqt_profile_for_draft(14), MOQT_MSG_PUBLISH_NAMESPACE),
                    "PUBLISH_NAMESPACE") == 0);
}
