/* Control message framing, independent of any one message's body. */
#include "tf.h"

#include "wire/control.h"

TF_DRAFT_TEST("wire/control", unknown_type_is_malformed)
{
    /* 0x3F is not a control message in any draft 07..19. */
    uint8_t buf[8];
    size_t n = p->control_length_16 ? tf_unhex("3f 00 00", buf, sizeof(buf))
                                    : tf_unhex("3f 00", buf, sizeof(buf));
    moqt_msg m;
    const char *why = NULL;
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, n, &m, &why), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK(why != NULL);
}

TF_DRAFT_TEST("wire/control", header_truncation_needs_more)
{
    /* GOAWAY (0x10) whose length says 5 bytes of payload but only 2 arrived. */
    uint8_t buf[8];
    size_t n = p->control_length_16 ? tf_unhex("10 00 05 04 61", buf, sizeof(buf))
                                    : tf_unhex("10 05 04 61", buf, sizeof(buf));
    moqt_msg m;
    for (size_t k = 0; k <= n; k++) {
        TF_CHECK_INT(moqt_wire_decode_control(p, buf, k, &m, NULL), MOQT_ERR_WIRE_NEED_MORE);
    }
}

TF_DRAFT_TEST("wire/control", setup_type_of_other_era_is_malformed)
{
    /* A draft-17 SETUP type sent under a draft that lacks it, and vice versa. */
    uint8_t buf[8];
    moqt_msg m;
    size_t n;
    if (p->int_kind == MOQT_INT_QUIC) {
        n = tf_unhex("6f 00 00 00", buf, sizeof(buf)); /* 0x2F00 as a QUIC varint */
        if (!p->control_length_16) {
            n = tf_unhex("6f 00 00", buf, sizeof(buf));
        }
    } else {
        n = tf_unhex("20 00 00", buf, sizeof(buf)); /* CLIENT_SETUP of 11-16 */
    }
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, n, &m, NULL), MOQT_ERR_WIRE_MALFORMED);
}
