/*
 * The namespace family (PUBLISH_NAMESPACE / ANNOUNCE and friends, SUBSCRIBE_NAMESPACE /
 * SUBSCRIBE_ANNOUNCES and friends, NAMESPACE, NAMESPACE_DONE, SUBSCRIBE_TRACKS,
 * PUBLISH_BLOCKED, PUBLISH_SKIPPED) under every draft 07..19.
 *
 * The vectors below are written by hand from each draft's message figure; the
 * citation lists the figure in every draft the row covers. Byte strings used
 * throughout: NS is the namespace ("moq", "clock"), PFX the prefix ("moq"),
 * SFX the suffix ("clock"), ERR error code 3 with reason "nope".
 */
#include "tf.h"

#include "wire/control.h"
#include "wire/model.h"

#define NS  " 02 03 \"moq\" 05 \"clock\" "
#define PFX " 01 03 \"moq\" "
#define SFX " 01 05 \"clock\" "
#define ERR " 03 04 \"nope\" "

#define NS_BYTES                                                                                   \
    "\x02\x03moq\x05"                                                                              \
    "clock"
#define PFX_BYTES "\x01\x03moq"
#define SFX_BYTES                                                                                  \
    "\x01\x05"                                                                                     \
    "clock"

enum { OPT_PUB = 0, OPT_NS = 1, OPT_BOTH = 2 };

typedef struct vec {
    unsigned lo, hi; /* drafts the row applies to */
    moqt_msg_kind kind;
    const char *cite;
    const char *hex; /* the whole control message: Type, Length, payload */
    uint64_t request_id;
    uint64_t delta;
    const char *ns[3]; /* expected namespace / prefix / suffix fields */
    uint64_t options;  /* SUBSCRIBE_NAMESPACE: Subscribe Options, or implied */
    uint64_t error_code;
    const char *reason;
    const char *track_name;
    /* Parameters: one AUTHORIZATION token of Alias Type USE_VALUE, Token
     * Type 0 (07-10: AUTHORIZATION INFO, the same in the model); FORWARD;
     * GROUP_ORDER. */
    const char *auth;
    bool has_forward;
    uint8_t forward;
    bool has_group_order;
    uint8_t group_order;
} vec;

static const vec vectors[] = {
    /* 07-10: Type(i) Length(i); keyed by namespace, no Request IDs. */
    {7, 10, MOQT_MSG_PUBLISH_NAMESPACE,
     "ANNOUNCE mt-07 l.1876, mt-08 l.2129, mt-09 l.2144, mt-10 l.2036", "06 0c" NS "00",
     .ns = {"moq", "clock"}},
    {7, 10, MOQT_MSG_PUBLISH_NAMESPACE_OK,
     "ANNOUNCE_OK mt-07 l.1511, mt-08 l.1640, mt-09 l.1643, mt-10 l.2057", "07 0b" NS,
     .ns = {"moq", "clock"}},
    {7, 10, MOQT_MSG_PUBLISH_NAMESPACE_ERROR,
     "ANNOUNCE_ERROR mt-07 l.1529, mt-08 l.1658, mt-09 l.1661, mt-10 l.2075", "08 11" NS ERR,
     .ns = {"moq", "clock"}, .error_code = 3, .reason = "nope"},
    {7, 10, MOQT_MSG_PUBLISH_NAMESPACE_DONE,
     "UNANNOUNCE mt-07 l.1899, mt-08 l.2152, mt-09 l.2167, mt-10 l.2118", "09 0b" NS,
     .ns = {"moq", "clock"}},
    {7, 10, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL,
     "ANNOUNCE_CANCEL mt-07 l.1559, mt-08 l.1701, mt-09 l.1704, mt-10 l.2136", "0c 11" NS ERR,
     .ns = {"moq", "clock"}, .error_code = 3, .reason = "nope"},
    {7, 10, MOQT_MSG_SUBSCRIBE_NAMESPACE,
     "SUBSCRIBE_ANNOUNCES mt-07 l.1603, mt-08 l.1745, mt-09 l.1750, mt-10 l.2163", "11 06" PFX "00",
     .ns = {"moq"}, .options = OPT_NS},
    {7, 10, MOQT_MSG_SUBSCRIBE_NAMESPACE_OK,
     "SUBSCRIBE_ANNOUNCES_OK mt-07 l.1972, mt-08 l.2225, mt-09 l.2240, mt-10 l.2210", "12 05" PFX,
     .ns = {"moq"}},
    {7, 10, MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR,
     "SUBSCRIBE_ANNOUNCES_ERROR mt-07 l.1990, mt-08 l.2243, mt-09 l.2258, mt-10 l.2228",
     "13 07" PFX "01 00", .ns = {"moq"}, .error_code = 1, .reason = ""},
    {7, 10, MOQT_MSG_UNSUBSCRIBE_NAMESPACE,
     "UNSUBSCRIBE_ANNOUNCES mt-07 l.1651, mt-08 l.1795, mt-09 l.1800, mt-10 l.2274", "14 05" PFX,
     .ns = {"moq"}},

    /* 11-16 (and 18-19 for PUBLISH_NAMESPACE): Length(16), Request IDs. */
    {11, 16, MOQT_MSG_PUBLISH_NAMESPACE,
     "ANNOUNCE mt-11 l.2525, mt-12 l.2817, mt-13 l.2777; PUBLISH_NAMESPACE mt-14 l.2818, "
     "mt-15 l.2863, mt-16 l.2980",
     "06 00 0d 02" NS "00", .request_id = 2, .ns = {"moq", "clock"}},
    {18, 19, MOQT_MSG_PUBLISH_NAMESPACE, "PUBLISH_NAMESPACE mt-18 l.3541, mt-19 l.3794",
     "06 00 0d 02" NS "00", .request_id = 2, .ns = {"moq", "clock"}},
    {11, 14, MOQT_MSG_PUBLISH_NAMESPACE_OK,
     "ANNOUNCE_OK mt-11 l.2549, mt-12 l.2841, mt-13 l.2801; PUBLISH_NAMESPACE_OK mt-14 l.2842",
     "07 00 02 41 2c", .request_id = 300},
    {11, 14, MOQT_MSG_PUBLISH_NAMESPACE_ERROR,
     "ANNOUNCE_ERROR mt-11 l.2566, mt-12 l.2858, mt-13 l.2818; PUBLISH_NAMESPACE_ERROR mt-14 "
     "l.2859",
     "08 00 08 41 2c" ERR, .request_id = 300, .error_code = 3, .reason = "nope"},
    {11, 15, MOQT_MSG_PUBLISH_NAMESPACE_DONE,
     "UNANNOUNCE mt-11 l.2634, mt-12 l.2921, mt-13 l.2881; PUBLISH_NAMESPACE_DONE mt-14 l.2911, "
     "mt-15 l.2888",
     "09 00 0b" NS, .ns = {"moq", "clock"}},
    {11, 15, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL,
     "ANNOUNCE_CANCEL mt-11 l.2652, mt-12 l.2939, mt-13 l.2899; PUBLISH_NAMESPACE_CANCEL mt-14 "
     "l.2929, mt-15 l.2906",
     "0c 00 11" NS ERR, .ns = {"moq", "clock"}, .error_code = 3, .reason = "nope"},
    {11, 11, MOQT_MSG_SUBSCRIBE_NAMESPACE, "SUBSCRIBE_ANNOUNCES mt-11 l.2678",
     "11 00 07 04" PFX "00", .request_id = 4, .ns = {"moq"}, .options = OPT_NS},
    {12, 15, MOQT_MSG_SUBSCRIBE_NAMESPACE,
     "SUBSCRIBE_ANNOUNCES mt-12 l.2965; SUBSCRIBE_NAMESPACE mt-13 l.2925, mt-14 l.2956, "
     "mt-15 l.2933",
     "11 00 07 04" PFX "00", .request_id = 4, .ns = {"moq"}, .options = OPT_BOTH},
    {11, 14, MOQT_MSG_SUBSCRIBE_NAMESPACE_OK,
     "SUBSCRIBE_ANNOUNCES_OK mt-11 l.2728, mt-12 l.3016; SUBSCRIBE_NAMESPACE_OK mt-13 l.2976, "
     "mt-14 l.3008",
     "12 00 01 04", .request_id = 4},
    {11, 14, MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR,
     "SUBSCRIBE_ANNOUNCES_ERROR mt-11 l.2746, mt-12 l.3034; SUBSCRIBE_NAMESPACE_ERROR mt-13 "
     "l.2994, mt-14 l.3026",
     "13 00 03 04 01 00", .request_id = 4, .error_code = 1, .reason = ""},
    {11, 14, MOQT_MSG_UNSUBSCRIBE_NAMESPACE,
     "UNSUBSCRIBE_ANNOUNCES mt-11 l.2825, mt-12 l.3108; UNSUBSCRIBE_NAMESPACE mt-13 l.3068, "
     "mt-14 l.3086",
     "14 00 05" PFX, .ns = {"moq"}},
    {15, 15, MOQT_MSG_UNSUBSCRIBE_NAMESPACE, "UNSUBSCRIBE_NAMESPACE mt-15 l.2997", "14 00 01 04",
     .request_id = 4},

    /* 16: DONE / CANCEL by Request ID, NAMESPACE / NAMESPACE_DONE, Subscribe Options. */
    {16, 16, MOQT_MSG_PUBLISH_NAMESPACE_DONE, "PUBLISH_NAMESPACE_DONE mt-16 l.3026", "09 00 01 02",
     .request_id = 2},
    {16, 16, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL, "PUBLISH_NAMESPACE_CANCEL mt-16 l.3065",
     "0c 00 07 02" ERR, .request_id = 2, .error_code = 3, .reason = "nope"},
    {16, 16, MOQT_MSG_SUBSCRIBE_NAMESPACE, "SUBSCRIBE_NAMESPACE mt-16 l.3093",
     "11 00 08 04" PFX "01 00", .request_id = 4, .ns = {"moq"}, .options = OPT_NS},
    {16, 16, MOQT_MSG_SUBSCRIBE_NAMESPACE, "SUBSCRIBE_NAMESPACE mt-16 l.3093, empty prefix l.3108",
     "11 00 04 04 00 02 00", .request_id = 4, .options = OPT_BOTH},
    {16, 19, MOQT_MSG_NAMESPACE, "NAMESPACE mt-16 l.3007, mt-17 l.3170, mt-18 l.3568, mt-19 l.3821",
     "08 00 07" SFX, .ns = {"clock"}},
    {16, 19, MOQT_MSG_NAMESPACE, "NAMESPACE with an empty suffix (16: our choice, namespace.c)",
     "08 00 01 00", .request_id = 0},
    {16, 19, MOQT_MSG_NAMESPACE_DONE,
     "NAMESPACE_DONE mt-16 l.3046, mt-17 l.3191, mt-18 l.3589, mt-19 l.3842", "0e 00 07" SFX,
     .ns = {"clock"}},

    /* 17: vi64 integers, Required Request ID Delta, PUBLISH_BLOCKED. */
    {17, 17, MOQT_MSG_PUBLISH_NAMESPACE, "PUBLISH_NAMESPACE mt-17 l.3140", "06 00 0e 02 01" NS "00",
     .request_id = 2, .delta = 1, .ns = {"moq", "clock"}},
    {17, 17, MOQT_MSG_SUBSCRIBE_NAMESPACE, "SUBSCRIBE_NAMESPACE mt-17 l.3211 (vi64 Request ID 300)",
     "11 00 06 81 2c 00 00 02 00", .request_id = 300, .options = OPT_BOTH},
    {17, 18, MOQT_MSG_PUBLISH_BLOCKED, "PUBLISH_BLOCKED mt-17 l.3295, mt-18 l.3729",
     "0f 00 0c" SFX "04 \"live\"", .ns = {"clock"}, .track_name = "live"},

    /* 18-19: SUBSCRIBE_NAMESPACE 0x50, SUBSCRIBE_TRACKS 0x51, PUBLISH_SKIPPED. */
    {18, 19, MOQT_MSG_SUBSCRIBE_NAMESPACE, "SUBSCRIBE_NAMESPACE mt-18 l.3608, mt-19 l.3861",
     "50 00 08 81 2c" PFX "00", .request_id = 300, .ns = {"moq"}, .options = OPT_NS},
    {18, 19, MOQT_MSG_SUBSCRIBE_TRACKS, "SUBSCRIBE_TRACKS mt-18 l.3671, mt-19 l.3924",
     "51 00 03 06 00 00", .request_id = 6},
    /* With parameters: AUTHORIZATION INFO (07-10, TLV, mt-07 l.1028) or
     * AUTHORIZATION TOKEN (0x01 in 11, mt-11 l.1336; 0x03 from 12, mt-12
     * l.1450, typed as length-prefixed from 17, mt-17 l.1973), FORWARD
     * (mt-15 l.1896, uint8 from 17, mt-17 l.2233), GROUP_ORDER (mt-18 l.2489). */
    {7, 10, MOQT_MSG_PUBLISH_NAMESPACE, "ANNOUNCE + AUTHORIZATION INFO, mt-07 l.1876 l.1028",
     "06 11" NS "01 02 03 \"tok\"", .ns = {"moq", "clock"}, .auth = "tok"},
    {7, 10, MOQT_MSG_SUBSCRIBE_NAMESPACE,
     "SUBSCRIBE_ANNOUNCES + AUTHORIZATION INFO, mt-07 l.1603 l.1028",
     "11 0b" PFX "01 02 03 \"tok\"", .ns = {"moq"}, .options = OPT_NS, .auth = "tok"},
    {11, 11, MOQT_MSG_PUBLISH_NAMESPACE, "ANNOUNCE + AUTHORIZATION TOKEN 0x01, mt-11 l.2525 l.1336",
     "06 00 14 02" NS "01 01 05 03 00 \"tok\"", .request_id = 2, .ns = {"moq", "clock"},
     .auth = "tok"},
    {12, 16, MOQT_MSG_PUBLISH_NAMESPACE,
     "PUBLISH_NAMESPACE + AUTHORIZATION TOKEN 0x03, mt-12 l.2817 l.1450, mt-14 l.2818 l.1498, "
     "mt-16 l.2980 l.1768 (delta 3 from 0)",
     "06 00 14 02" NS "01 03 05 03 00 \"tok\"", .request_id = 2, .ns = {"moq", "clock"},
     .auth = "tok"},
    {17, 17, MOQT_MSG_PUBLISH_NAMESPACE,
     "PUBLISH_NAMESPACE + AUTHORIZATION TOKEN, mt-17 l.3140 l.1973",
     "06 00 15 02 00" NS "01 03 05 03 00 \"tok\"", .request_id = 2, .ns = {"moq", "clock"},
     .auth = "tok"},
    {18, 19, MOQT_MSG_PUBLISH_NAMESPACE,
     "PUBLISH_NAMESPACE + AUTHORIZATION TOKEN, mt-18 l.3541 l.2284, mt-19 l.3794 l.2468",
     "06 00 14 02" NS "01 03 05 03 00 \"tok\"", .request_id = 2, .ns = {"moq", "clock"},
     .auth = "tok"},
    {15, 15, MOQT_MSG_SUBSCRIBE_NAMESPACE, "SUBSCRIBE_NAMESPACE + FORWARD 0, mt-15 l.2933 l.1896",
     "11 00 09 04" PFX "01 10 00", .request_id = 4, .ns = {"moq"}, .options = OPT_BOTH,
     .has_forward = true},
    {16, 16, MOQT_MSG_SUBSCRIBE_NAMESPACE,
     "SUBSCRIBE_NAMESPACE + AUTHORIZATION TOKEN + FORWARD 0 (delta 0x0d), mt-16 l.3093 l.1768 "
     "l.1995",
     "11 00 11 04" PFX "02 02 03 05 03 00 \"tok\" 0d 00", .request_id = 4, .ns = {"moq"},
     .options = OPT_BOTH, .auth = "tok", .has_forward = true},
    {17, 17, MOQT_MSG_SUBSCRIBE_NAMESPACE,
     "SUBSCRIBE_NAMESPACE + AUTHORIZATION TOKEN + FORWARD 0 (uint8), mt-17 l.3211 l.1973 l.2233",
     "11 00 12 04 00" PFX "02 02 03 05 03 00 \"tok\" 0d 00", .request_id = 4, .ns = {"moq"},
     .options = OPT_BOTH, .auth = "tok", .has_forward = true},
    {18, 19, MOQT_MSG_SUBSCRIBE_NAMESPACE, "SUBSCRIBE_NAMESPACE + FORWARD 0, mt-18 l.3608 l.2549",
     "50 00 09 04" PFX "01 10 00", .request_id = 4, .ns = {"moq"}, .options = OPT_NS,
     .has_forward = true},
    {18, 19, MOQT_MSG_SUBSCRIBE_TRACKS,
     "SUBSCRIBE_TRACKS + FORWARD 0 + GROUP_ORDER 2, mt-18 l.3671 l.2549 l.2489, mt-19 l.3924",
     "51 00 07 06 00 02 10 00 12 02", .request_id = 6, .has_forward = true, .has_group_order = true,
     .group_order = 2},

    {19, 19, MOQT_MSG_PUBLISH_SKIPPED, "PUBLISH_SKIPPED mt-19 l.3999", "0f 00 0c" SFX "04 \"live\"",
     .ns = {"clock"}, .track_name = "live"},
};

#define VECTOR_COUNT (sizeof(vectors) / sizeof(vectors[0]))

static const moqt_msg_kind family[] = {
    MOQT_MSG_PUBLISH_NAMESPACE,        MOQT_MSG_PUBLISH_NAMESPACE_OK,
    MOQT_MSG_PUBLISH_NAMESPACE_ERROR,  MOQT_MSG_PUBLISH_NAMESPACE_DONE,
    MOQT_MSG_PUBLISH_NAMESPACE_CANCEL, MOQT_MSG_SUBSCRIBE_NAMESPACE,
    MOQT_MSG_SUBSCRIBE_NAMESPACE_OK,   MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR,
    MOQT_MSG_UNSUBSCRIBE_NAMESPACE,    MOQT_MSG_NAMESPACE,
    MOQT_MSG_NAMESPACE_DONE,           MOQT_MSG_SUBSCRIBE_TRACKS,
    MOQT_MSG_PUBLISH_BLOCKED,          MOQT_MSG_PUBLISH_SKIPPED,
};

#define FAMILY_COUNT (sizeof(family) / sizeof(family[0]))

static bool applies(const vec *v, const moqt_profile *p)
{
    return p->draft >= v->lo && p->draft <= v->hi;
}

static moqt_bytes str_bytes(const char *s)
{
    moqt_bytes b = {(const uint8_t *)s, s ? strlen(s) : 0};
    return b;
}

static moqt_namespace expected_ns(const vec *v)
{
    moqt_namespace ns = {0};
    while (ns.count < 3 && v->ns[ns.count]) {
        ns.field[ns.count] = str_bytes(v->ns[ns.count]);
        ns.count++;
    }
    return ns;
}

/* Where the payload starts: after Type and Length. */
static size_t header_len(const moqt_profile *p, const uint8_t *buf, size_t n)
{
    moqt_rd r;
    uint64_t v;
    moqt_rd_init(&r, buf, n, p->int_kind);
    if (moqt_rd_int(&r, &v) != 0) {
        return 0;
    }
    size_t type_len = (size_t)(r.pos - buf);
    if (p->control_length_16) {
        return type_len + 2;
    }
    return moqt_rd_int(&r, &v) == 0 ? (size_t)(r.pos - buf) : 0;
}

/* Builds a control message of |kind| around |payload| (Length as the draft frames it). */
static size_t frame(const moqt_profile *p, moqt_msg_kind kind, const uint8_t *payload, size_t plen,
                    uint8_t *out, size_t cap)
{
    moqt_wr w;
    moqt_wr_init(&w, out, cap, p->int_kind);
    if (moqt_wr_int(&w, moqt_profile_msg_type(p, kind)) != 0) {
        return 0;
    }
    int rv = p->control_length_16 ? moqt_wr_u16(&w, (uint16_t)plen) : moqt_wr_int(&w, plen);
    if (rv != 0 || moqt_wr_bytes(&w, payload, plen) != 0) {
        return 0;
    }
    return (size_t)(w.pos - out);
}

static void check_fields(const vec *v, const moqt_msg *m)
{
    moqt_namespace ns = expected_ns(v);
    TF_CHECK_INT(m->kind, v->kind);
    TF_CHECK_EQ(m->request_id, v->request_id);
    TF_CHECK_EQ(m->required_request_id_delta, v->delta);
    TF_CHECK(moqt_namespace_eq(&m->ns, &ns));
    TF_CHECK_EQ(m->error_code, v->error_code);
    TF_CHECK_STR(m->reason, v->reason ? v->reason : "");
    TF_CHECK_STR(m->track_name, v->track_name ? v->track_name : "");
    uint32_t has =
        (v->has_forward ? MOQT_P_FORWARD : 0u) | (v->has_group_order ? MOQT_P_GROUP_ORDER : 0u);
    TF_CHECK_EQ(m->params.has, has);
    if (v->has_forward) {
        TF_CHECK_EQ(m->params.forward, v->forward);
    }
    if (v->has_group_order) {
        TF_CHECK_EQ(m->params.group_order, v->group_order);
    }
    TF_CHECK_EQ(m->params.auth_count, v->auth ? 1 : 0);
    if (v->auth && m->params.auth_count == 1) {
        TF_CHECK_EQ(m->params.auth[0].alias_type, MOQT_TOKEN_ALIAS_USE_VALUE);
        TF_CHECK_EQ(m->params.auth[0].token_type, 0);
        TF_CHECK_STR(m->params.auth[0].value, v->auth);
    }
    TF_CHECK_EQ(m->params.other.count, 0);
    if (v->kind == MOQT_MSG_SUBSCRIBE_NAMESPACE) {
        TF_CHECK(m->has_subscribe_options);
        TF_CHECK_EQ(m->subscribe_options, v->options);
    } else {
        TF_CHECK(!m->has_subscribe_options);
    }
}

static void check_vector(const moqt_profile *p, const vec *v)
{
    int before = tf_failures();
    uint8_t buf[256], out[256];
    size_t n = tf_unhex(v->hex, buf, sizeof(buf));
    moqt_msg m;
    const char *why = NULL;
    moqt_ssize got = moqt_wire_decode_control(p, buf, n, &m, &why);
    TF_CHECK_INT(got, (moqt_ssize)n);
    if (got == (moqt_ssize)n) {
        check_fields(v, &m);
        moqt_ssize e = moqt_wire_encode_control(p, &m, out, sizeof(out));
        TF_CHECK_INT(e, (moqt_ssize)n);
        if (e > 0) {
            TF_CHECK_BYTES(out, (size_t)e, buf, n);
        }
    }
    if (tf_failures() != before) {
        tf_fail(__FILE__, __LINE__, "in vector %s (%s)%s%s", v->cite, v->hex, why ? ": " : "",
                why ? why : "");
    }
}

TF_DRAFT_TEST("wire/namespace", figure_vectors_decode_and_reencode)
{
    for (size_t i = 0; i < VECTOR_COUNT; i++) {
        if (applies(&vectors[i], p)) {
            check_vector(p, &vectors[i]);
        }
    }
}

TF_DRAFT_TEST("wire/namespace", every_kind_of_the_draft_has_a_vector)
{
    for (size_t k = 0; k < FAMILY_COUNT; k++) {
        bool defined = moqt_profile_msg_type(p, family[k]) != 0;
        bool covered = false;
        for (size_t i = 0; i < VECTOR_COUNT; i++) {
            covered |= applies(&vectors[i], p) && vectors[i].kind == family[k];
        }
        if (defined != covered) {
            tf_fail(__FILE__, __LINE__, "%s: defined %d, vector %d", moqt_msg_kind_str(family[k]),
                    defined, covered);
        }
    }
}

TF_DRAFT_TEST("wire/namespace", truncation_needs_more_and_short_length_is_malformed)
{
    for (size_t i = 0; i < VECTOR_COUNT; i++) {
        const vec *v = &vectors[i];
        if (!applies(v, p)) {
            continue;
        }
        uint8_t buf[256], cut[256];
        size_t n = tf_unhex(v->hex, buf, sizeof(buf));
        size_t hdr = header_len(p, buf, n);
        TF_REQUIRE(hdr > 0 && hdr <= n);
        moqt_msg m;
        for (size_t k = 0; k < n; k++) {
            if (moqt_wire_decode_control(p, buf, k, &m, NULL) != MOQT_ERR_WIRE_NEED_MORE) {
                tf_fail(__FILE__, __LINE__, "%s cut at %zu: not NEED_MORE", v->cite, k);
            }
        }
        /* The same bytes under a smaller Length: the fields overrun the payload. */
        for (size_t plen = 0; plen < n - hdr; plen++) {
            size_t c = frame(p, v->kind, buf + hdr, plen, cut, sizeof(cut));
            const char *why = NULL;
            if (moqt_wire_decode_control(p, cut, c, &m, &why) != MOQT_ERR_WIRE_MALFORMED ||
                why == NULL) {
                tf_fail(__FILE__, __LINE__, "%s Length %zu: not MALFORMED", v->cite, plen);
            }
        }
    }
}

TF_DRAFT_TEST("wire/namespace", long_length_with_trailing_bytes_is_malformed)
{
    for (size_t i = 0; i < VECTOR_COUNT; i++) {
        const vec *v = &vectors[i];
        if (!applies(v, p)) {
            continue;
        }
        uint8_t buf[256], longer[256];
        size_t n = tf_unhex(v->hex, buf, sizeof(buf));
        size_t hdr = header_len(p, buf, n);
        buf[n] = 0x00; /* one junk byte inside the payload */
        size_t c = frame(p, v->kind, buf + hdr, n - hdr + 1, longer, sizeof(longer));
        moqt_msg m;
        const char *why = NULL;
        TF_CHECK_INT(moqt_wire_decode_control(p, longer, c, &m, &why), MOQT_ERR_WIRE_MALFORMED);
        TF_CHECK(why != NULL);
    }
}

/* Replaces the tuple bytes |old| in vector |v| by |repl| and reframes it. */
static size_t replace_tuple(const moqt_profile *p, const vec *v, const uint8_t *repl,
                            size_t repl_len, uint8_t *out, size_t cap)
{
    static const struct {
        const char *bytes;
        size_t len;
    } tuples[] = {{NS_BYTES, 11}, {PFX_BYTES, 5}, {SFX_BYTES, 7}};
    uint8_t buf[256], payload[512];
    size_t n = tf_unhex(v->hex, buf, sizeof(buf));
    size_t hdr = header_len(p, buf, n);
    for (size_t t = 0; t < 3; t++) {
        for (size_t at = hdr; at + tuples[t].len <= n; at++) {
            if (memcmp(buf + at, tuples[t].bytes, tuples[t].len) != 0) {
                continue;
            }
            size_t before = at - hdr, after = n - at - tuples[t].len;
            memcpy(payload, buf + hdr, before);
            memcpy(payload + before, repl, repl_len);
            memcpy(payload + before + repl_len, buf + at + tuples[t].len, after);
            return frame(p, v->kind, payload, before + repl_len + after, out, cap);
        }
    }
    return 0; /* the vector carries no tuple */
}

/* Where a 0-field tuple is allowed: everywhere from 17 (mt-17 l.596), and in 16
 * for the SUBSCRIBE_NAMESPACE prefix (mt-16 l.3108) and, by our choice, the
 * NAMESPACE / NAMESPACE_DONE suffix. */
static bool empty_tuple_allowed(const moqt_profile *p, moqt_msg_kind kind)
{
    if (p->draft >= 17) {
        return true;
    }
    return p->draft == 16 && (kind == MOQT_MSG_SUBSCRIBE_NAMESPACE || kind == MOQT_MSG_NAMESPACE ||
                              kind == MOQT_MSG_NAMESPACE_DONE);
}

TF_DRAFT_TEST("wire/namespace", empty_tuple_before_17_is_malformed)
{
    const uint8_t empty[] = {0x00};
    size_t tested = 0;
    for (size_t i = 0; i < VECTOR_COUNT; i++) {
        const vec *v = &vectors[i];
        if (!applies(v, p)) {
            continue;
        }
        uint8_t buf[512], out[512];
        size_t n = replace_tuple(p, v, empty, sizeof(empty), buf, sizeof(buf));
        if (n == 0) {
            continue;
        }
        tested++;
        moqt_msg m;
        moqt_ssize got = moqt_wire_decode_control(p, buf, n, &m, NULL);
        if (!empty_tuple_allowed(p, v->kind)) {
            if (got != MOQT_ERR_WIRE_MALFORMED) {
                tf_fail(__FILE__, __LINE__, "%s with 0 fields: %lld", v->cite, (long long)got);
            }
            continue;
        }
        TF_CHECK_INT(got, (moqt_ssize)n);
        TF_CHECK_EQ(m.ns.count, 0);
        moqt_ssize e = moqt_wire_encode_control(p, &m, out, sizeof(out));
        TF_CHECK_INT(e, (moqt_ssize)n);
        if (e > 0) {
            TF_CHECK_BYTES(out, (size_t)e, buf, n);
        }
    }
    TF_CHECK(tested > 0);
}

TF_DRAFT_TEST("wire/namespace", tuple_of_33_fields_is_malformed)
{
    uint8_t tuple[1 + 33 * 2];
    tuple[0] = 33;
    for (size_t i = 0; i < 33; i++) {
        tuple[1 + 2 * i] = 1;
        tuple[2 + 2 * i] = 'a';
    }
    size_t tested = 0;
    for (size_t i = 0; i < VECTOR_COUNT; i++) {
        const vec *v = &vectors[i];
        if (!applies(v, p)) {
            continue;
        }
        uint8_t buf[512];
        size_t n = replace_tuple(p, v, tuple, sizeof(tuple), buf, sizeof(buf));
        if (n == 0) {
            continue;
        }
        tested++;
        moqt_msg m;
        const char *why = NULL;
        if (moqt_wire_decode_control(p, buf, n, &m, &why) != MOQT_ERR_WIRE_MALFORMED) {
            tf_fail(__FILE__, __LINE__, "%s with 33 fields: not MALFORMED", v->cite);
        }
        /* 32 fields are fine. */
        tuple[0] = 32;
        n = replace_tuple(p, v, tuple, sizeof(tuple) - 2, buf, sizeof(buf));
        TF_CHECK_INT(moqt_wire_decode_control(p, buf, n, &m, NULL), (moqt_ssize)n);
        TF_CHECK_EQ(m.ns.count, 32);
        tuple[0] = 33;
    }
    TF_CHECK(tested > 0);
}

TF_DRAFT_TEST("wire/namespace", empty_field_is_malformed_from_16)
{
    /* "Each Track Namespace Field Value MUST contain at least one byte"
     * (mt-16 l.539, mt-17 l.624, mt-18 l.644, mt-19 l.654); 07-15 say nothing. */
    const uint8_t one_empty_field[] = {0x01, 0x00};
    size_t tested = 0;
    for (size_t i = 0; i < VECTOR_COUNT; i++) {
        const vec *v = &vectors[i];
        if (!applies(v, p)) {
            continue;
        }
        uint8_t buf[512], out[512];
        size_t n = replace_tuple(p, v, one_empty_field, sizeof(one_empty_field), buf, sizeof(buf));
        if (n == 0) {
            continue;
        }
        tested++;
        moqt_msg m;
        moqt_ssize got = moqt_wire_decode_control(p, buf, n, &m, NULL);
        if (p->draft >= 16) {
            TF_CHECK_INT(got, MOQT_ERR_WIRE_MALFORMED);
            continue;
        }
        TF_CHECK_INT(got, (moqt_ssize)n);
        TF_CHECK(m.ns.count == 1 && m.ns.field[0].len == 0);
        TF_CHECK_INT(moqt_wire_encode_control(p, &m, out, sizeof(out)), (moqt_ssize)n);
    }
    TF_CHECK(tested > 0);
    /* And the encoder will not send one from 16. */
    moqt_msg m;
    uint8_t out[256];
    moqt_msg_init(&m, MOQT_MSG_PUBLISH_NAMESPACE);
    m.ns.count = 2;
    m.ns.field[0] = str_bytes("moq");
    moqt_ssize e = moqt_wire_encode_control(p, &m, out, sizeof(out));
    if (p->draft >= 16) {
        TF_CHECK_INT(e, MOQT_ERR_UNSUPPORTED);
    } else {
        TF_CHECK(e > 0);
    }
}

/* ---- Round trips: model -> bytes -> model -> same bytes ---- */

static bool is_17_request(const moqt_profile *p, moqt_msg_kind kind)
{
    return p->draft == 17 &&
           (kind == MOQT_MSG_PUBLISH_NAMESPACE || kind == MOQT_MSG_SUBSCRIBE_NAMESPACE);
}

/* The requests of the family: they end with Parameters in every draft. */
static bool takes_params(moqt_msg_kind kind)
{
    return kind == MOQT_MSG_PUBLISH_NAMESPACE || kind == MOQT_MSG_SUBSCRIBE_NAMESPACE ||
           kind == MOQT_MSG_SUBSCRIBE_TRACKS;
}

static void fill_model(const moqt_profile *p, moqt_msg_kind kind, size_t ns_fields, moqt_msg *m)
{
    static const char *const names[] = {"example.com", "meeting=123", "participant=100"};
    moqt_msg_init(m, kind);
    m->request_id = 0x3fff1234;
    if (is_17_request(p, kind)) {
        m->required_request_id_delta = 0x1234;
    }
    m->ns.count = ns_fields;
    for (size_t i = 0; i < ns_fields; i++) {
        m->ns.field[i] = str_bytes(names[i % 3]);
    }
    m->error_code = 0x10;
    m->reason = str_bytes("not today");
    m->track_name = str_bytes("video");
    if (takes_params(kind)) {
        /* A token every draft can carry (07-10 as AUTHORIZATION INFO). */
        m->params.auth_count = 1;
        m->params.auth[0].alias_type = MOQT_TOKEN_ALIAS_USE_VALUE;
        m->params.auth[0].value = str_bytes("secret");
    }
    if (kind == MOQT_MSG_SUBSCRIBE_NAMESPACE && (p->draft == 16 || p->draft == 17)) {
        m->has_subscribe_options = true;
        m->subscribe_options = MOQT_SUBSCRIBE_OPTIONS_NAMESPACE;
    }
}

/* |got| keeps every field of |want| that the draft carries and zeroes the others. */
static void check_kept_or_absent(const moqt_msg *want, const moqt_msg *got)
{
    TF_CHECK_INT(got->kind, want->kind);
    TF_CHECK(got->request_id == want->request_id || got->request_id == 0);
    TF_CHECK_EQ(got->required_request_id_delta, want->required_request_id_delta);
    TF_CHECK(moqt_namespace_eq(&got->ns, &want->ns) || got->ns.count == 0);
    TF_CHECK(got->error_code == want->error_code || got->error_code == 0);
    TF_CHECK(moqt_bytes_eq(got->reason, want->reason) || got->reason.len == 0);
    TF_CHECK(moqt_bytes_eq(got->track_name, want->track_name) || got->track_name.len == 0);
    TF_CHECK_EQ(got->params.auth_count, want->params.auth_count);
    if (got->params.auth_count == 1) {
        TF_CHECK(moqt_bytes_eq(got->params.auth[0].value, want->params.auth[0].value));
    }
}

static void round_trip(const moqt_profile *p, const moqt_msg *m)
{
    static uint8_t a[70000], b[70000];
    moqt_msg back;
    moqt_ssize na = moqt_wire_encode_control(p, m, a, sizeof(a));
    if (na <= 0) {
        tf_fail(__FILE__, __LINE__, "%s: encode %lld", moqt_msg_kind_str(m->kind), (long long)na);
        return;
    }
    const char *why = NULL;
    TF_CHECK_INT(moqt_wire_decode_control(p, a, (size_t)na, &back, &why), na);
    check_kept_or_absent(m, &back);
    moqt_ssize nb = moqt_wire_encode_control(p, &back, b, sizeof(b));
    TF_CHECK_INT(nb, na);
    if (nb == na) {
        TF_CHECK_BYTES(b, (size_t)nb, a, (size_t)na);
    }
}

TF_DRAFT_TEST("wire/namespace", round_trip_every_kind)
{
    for (size_t k = 0; k < FAMILY_COUNT; k++) {
        if (!moqt_profile_msg_type(p, family[k])) {
            continue;
        }
        moqt_msg m;
        for (size_t fields = 1; fields <= MOQT_MAX_NAMESPACE_FIELDS; fields += 31) {
            fill_model(p, family[k], fields, &m);
            round_trip(p, &m);
        }
        /* The longest reason phrase the draft allows (1024 from 11, mt-11 l.352). */
        static uint8_t long_reason[MOQT_MAX_REASON_LEN];
        memset(long_reason, 'r', sizeof(long_reason));
        fill_model(p, family[k], 2, &m);
        m.reason.base = long_reason;
        m.reason.len = sizeof(long_reason);
        round_trip(p, &m);
    }
}

TF_DRAFT_TEST("wire/namespace", kinds_missing_from_the_draft_are_unsupported)
{
    uint8_t out[256];
    for (size_t k = 0; k < FAMILY_COUNT; k++) {
        if (moqt_profile_msg_type(p, family[k])) {
            continue;
        }
        moqt_msg m;
        fill_model(p, family[k], 1, &m);
        TF_CHECK_INT(moqt_wire_encode_control(p, &m, out, sizeof(out)), MOQT_ERR_UNSUPPORTED);
    }
}

TF_DRAFT_TEST("wire/namespace", encoder_reports_nobuf)
{
    uint8_t out[300];
    for (size_t k = 0; k < FAMILY_COUNT; k++) {
        if (!moqt_profile_msg_type(p, family[k])) {
            continue;
        }
        moqt_msg m;
        fill_model(p, family[k], 3, &m);
        moqt_ssize full = moqt_wire_encode_control(p, &m, out, sizeof(out));
        TF_REQUIRE(full > 0);
        /* Too small a buffer is NOBUF, never a partial message. */
        for (size_t cap = 0; cap < (size_t)full; cap++) {
            moqt_ssize e = moqt_wire_encode_control(p, &m, out, cap);
            if (e != MOQT_ERR_NOBUF && e != (moqt_ssize)full) {
                tf_fail(__FILE__, __LINE__, "%s cap %zu: %lld", moqt_msg_kind_str(m.kind), cap,
                        (long long)e);
            }
        }
    }
}

/* ---- Fields a draft cannot express ---- */

TF_DRAFT_TEST("wire/namespace", required_request_id_delta_only_in_17)
{
    uint8_t out[256];
    moqt_msg m;
    fill_model(p, MOQT_MSG_PUBLISH_NAMESPACE, 1, &m);
    m.required_request_id_delta = 1;
    moqt_ssize e = moqt_wire_encode_control(p, &m, out, sizeof(out));
    if (p->draft == 17) {
        TF_CHECK(e > 0);
    } else {
        TF_CHECK_INT(e, MOQT_ERR_UNSUPPORTED);
    }
}

TF_DRAFT_TEST("wire/namespace", subscribe_options_a_draft_cannot_express)
{
    static const struct {
        uint64_t options;
        unsigned lo, hi; /* drafts that can send it */
        unsigned lo2, hi2;
    } rows[] = {
        /* PUBLISH only: 16-17 (mt-16 l.3117). */
        {MOQT_SUBSCRIBE_OPTIONS_PUBLISH, 16, 17, 0, 0},
        /* NAMESPACE only: 07-11 (no PUBLISH yet), 16-17, 18+ (mt-18 l.3604). */
        {MOQT_SUBSCRIBE_OPTIONS_NAMESPACE, 7, 11, 16, 19},
        /* Both: 07-17; 18+ needs SUBSCRIBE_TRACKS as well. */
        {MOQT_SUBSCRIBE_OPTIONS_BOTH, 7, 17, 0, 0},
        /* Undefined. */
        {3, 0, 0, 0, 0},
    };
    uint8_t out[256];
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        moqt_msg m;
        fill_model(p, MOQT_MSG_SUBSCRIBE_NAMESPACE, 1, &m);
        m.has_subscribe_options = true;
        m.subscribe_options = rows[i].options;
        bool ok = (p->draft >= rows[i].lo && p->draft <= rows[i].hi) ||
                  (p->draft >= rows[i].lo2 && p->draft <= rows[i].hi2);
        moqt_ssize e = moqt_wire_encode_control(p, &m, out, sizeof(out));
        if (ok ? e <= 0 : e != MOQT_ERR_UNSUPPORTED) {
            tf_fail(__FILE__, __LINE__, "options %llu: %lld", (unsigned long long)rows[i].options,
                    (long long)e);
        }
    }
    /* Unset options: every draft sends its own meaning; 16-17 send BOTH. */
    moqt_msg m, back;
    fill_model(p, MOQT_MSG_SUBSCRIBE_NAMESPACE, 1, &m);
    m.has_subscribe_options = false;
    moqt_ssize e = moqt_wire_encode_control(p, &m, out, sizeof(out));
    TF_REQUIRE(e > 0);
    TF_REQUIRE(moqt_wire_decode_control(p, out, (size_t)e, &back, NULL) == e);
    if (p->draft == 16 || p->draft == 17) {
        TF_CHECK_EQ(back.subscribe_options, MOQT_SUBSCRIBE_OPTIONS_BOTH);
    }
}

TF_DRAFT_TEST("wire/namespace", undefined_subscribe_options_are_malformed)
{
    if (p->draft != 16 && p->draft != 17) {
        return;
    }
    uint8_t buf[64];
    /* SUBSCRIBE_NAMESPACE with Subscribe Options 3 (mt-16 l.3117 defines 0..2). */
    size_t n = p->draft == 16 ? tf_unhex("11 00 08 04" PFX "03 00", buf, sizeof(buf))
                              : tf_unhex("11 00 09 04 00" PFX "03 00", buf, sizeof(buf));
    moqt_msg m;
    const char *why = NULL;
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, n, &m, &why), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK(why != NULL);
    /* A 2-byte integer 2 is still 2. */
    n = p->draft == 16 ? tf_unhex("11 00 09 04" PFX "40 02 00", buf, sizeof(buf))
                       : tf_unhex("11 00 0a 04 00" PFX "80 02 00", buf, sizeof(buf));
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, n, &m, NULL), (moqt_ssize)n);
    TF_CHECK_EQ(m.subscribe_options, MOQT_SUBSCRIBE_OPTIONS_BOTH);
}

TF_DRAFT_TEST("wire/namespace", namespace_keyed_responses_need_the_namespace)
{
    /* 07-10 ANNOUNCE_OK carries only the namespace: a model decoded from 11+
     * (Request ID only) cannot be sent without one. */
    if (p->draft > 10) {
        return;
    }
    uint8_t out[64];
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_PUBLISH_NAMESPACE_OK);
    m.request_id = 4;
    TF_CHECK_INT(moqt_wire_encode_control(p, &m, out, sizeof(out)), MOQT_ERR_UNSUPPORTED);
}

TF_DRAFT_TEST("wire/namespace", full_track_name_over_4096_is_malformed)
{
    moqt_msg_kind kind = moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_BLOCKED)
                             ? MOQT_MSG_PUBLISH_BLOCKED
                             : MOQT_MSG_PUBLISH_SKIPPED;
    if (!moqt_profile_msg_type(p, kind)) {
        return;
    }
    /* Suffix ("clock") + a 4092-byte name: 4097 bytes. */
    static uint8_t payload[5000], buf[5100], out[5100];
    size_t n = tf_unhex(SFX, payload, sizeof(payload));
    payload[n++] = 0x80 | (4092 >> 8); /* vi64, 2 bytes */
    payload[n++] = 4092 & 0xff;
    memset(payload + n, 'n', 4092);
    size_t len = frame(p, kind, payload, n + 4092, buf, sizeof(buf));
    moqt_msg m;
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, len, &m, NULL), MOQT_ERR_WIRE_MALFORMED);
    /* One byte less fits, and re-encodes. */
    payload[n - 1] = 4091 & 0xff;
    len = frame(p, kind, payload, n + 4091, buf, sizeof(buf));
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, len, &m, NULL), (moqt_ssize)len);
    TF_CHECK_INT(moqt_wire_encode_control(p, &m, out, sizeof(out)), (moqt_ssize)len);
    m.track_name.len++;
    TF_CHECK_INT(moqt_wire_encode_control(p, &m, out, sizeof(out)), MOQT_ERR_UNSUPPORTED);
}

TF_DRAFT_TEST("wire/namespace", parameters_or_properties_where_none_fit_are_unsupported)
{
    uint8_t out[256];
    for (size_t k = 0; k < FAMILY_COUNT; k++) {
        if (!moqt_profile_msg_type(p, family[k])) {
            continue;
        }
        moqt_msg m;
        fill_model(p, family[k], 1, &m);
        m.params.has |= MOQT_P_FORWARD; /* FORWARD 0 from 15; 07-14 have no FORWARD */
        moqt_ssize e = moqt_wire_encode_control(p, &m, out, sizeof(out));
        if (takes_params(family[k]) && p->draft >= 15) {
            TF_CHECK(e > 0);
        } else {
            TF_CHECK_INT(e, MOQT_ERR_UNSUPPORTED);
        }
        fill_model(p, family[k], 1, &m);
        m.track_props.count = 1;
        m.track_props.item[0].type = 0x04; /* MAX_CACHE_DURATION */
        TF_CHECK_INT(moqt_wire_encode_control(p, &m, out, sizeof(out)), MOQT_ERR_UNSUPPORTED);
    }
}

/* ---- Code points that name different messages in different drafts ---- */

TF_TEST("wire/namespace", type_0x08_is_namespace_error_in_14_and_namespace_in_16)
{
    /* Payload 01 01 00: 14 = Request ID 1, Error Code 1, empty reason
     * (mt-14 l.2859); 16 = suffix of one 1-byte field 0x00 (mt-16 l.3007). */
    uint8_t buf[16];
    size_t n = tf_unhex("08 00 03 01 01 00", buf, sizeof(buf));
    moqt_msg m;
    TF_REQUIRE(moqt_wire_decode_control(moqt_profile_for_draft(14), buf, n, &m, NULL) ==
               (moqt_ssize)n);
    TF_CHECK_INT(m.kind, MOQT_MSG_PUBLISH_NAMESPACE_ERROR);
    TF_CHECK_EQ(m.request_id, 1);
    TF_CHECK_EQ(m.error_code, 1);
    TF_CHECK_EQ(m.ns.count, 0);
    TF_REQUIRE(moqt_wire_decode_control(moqt_profile_for_draft(16), buf, n, &m, NULL) ==
               (moqt_ssize)n);
    TF_CHECK_INT(m.kind, MOQT_MSG_NAMESPACE);
    TF_CHECK_EQ(m.ns.count, 1);
    TF_CHECK_EQ(m.ns.field[0].len, 1);
    TF_CHECK_EQ(m.ns.field[0].base[0], 0x00);
    /* 15 has no message 0x08 at all. */
    TF_CHECK_INT(moqt_wire_decode_control(moqt_profile_for_draft(15), buf, n, &m, NULL),
                 MOQT_ERR_WIRE_MALFORMED);
}

TF_TEST("wire/namespace", type_0x0e_is_namespace_done_only_from_16)
{
    uint8_t buf[16];
    size_t n = tf_unhex("0e 00 07" SFX, buf, sizeof(buf));
    for (unsigned d = MOQT_DRAFT_MIN; d <= MOQT_DRAFT_MAX; d++) {
        const moqt_profile *p = moqt_profile_for_draft(d);
        moqt_msg_kind want = d >= 16   ? MOQT_MSG_NAMESPACE_DONE
                             : d == 15 ? MOQT_MSG_NONE
                                       : MOQT_MSG_TRACK_STATUS_OK; /* TRACK_STATUS reply */
        TF_CHECK_INT(moqt_profile_msg_kind(p, 0x0E), want);
        if (d >= 16) {
            moqt_msg m;
            TF_CHECK_INT(moqt_wire_decode_control(p, buf, n, &m, NULL), (moqt_ssize)n);
            TF_CHECK_INT(m.kind, MOQT_MSG_NAMESPACE_DONE);
            TF_CHECK_STR(m.ns.field[0], "clock");
        }
    }
}

TF_TEST("wire/namespace", type_0x0f_is_blocked_in_17_18_and_skipped_in_19)
{
    uint8_t buf[32];
    size_t n = tf_unhex("0f 00 0c" SFX "04 \"live\"", buf, sizeof(buf));
    moqt_msg m;
    for (unsigned d = 17; d <= 19; d++) {
        TF_CHECK_INT(moqt_wire_decode_control(moqt_profile_for_draft(d), buf, n, &m, NULL),
                     (moqt_ssize)n);
        TF_CHECK_INT(m.kind, d == 19 ? MOQT_MSG_PUBLISH_SKIPPED : MOQT_MSG_PUBLISH_BLOCKED);
        TF_CHECK_STR(m.track_name, "live");
    }
    /* Encoding the other one under each draft is refused. */
    m.kind = MOQT_MSG_PUBLISH_BLOCKED;
    uint8_t out[32];
    TF_CHECK_INT(moqt_wire_encode_control(moqt_profile_for_draft(19), &m, out, sizeof(out)),
                 MOQT_ERR_UNSUPPORTED);
}

TF_TEST("wire/namespace", subscribe_namespace_moves_from_0x11_to_0x50_in_18)
{
    uint8_t a[16], b[16];
    size_t na =
        tf_unhex("11 00 05 04 00 00 02 00", a, sizeof(a));   /* 17: id 4, delta 0, empty, both */
    size_t nb = tf_unhex("50 00 03 04 00 00", b, sizeof(b)); /* 18: id 4, empty prefix */
    moqt_msg m;
    TF_CHECK_INT(moqt_wire_decode_control(moqt_profile_for_draft(17), a, na, &m, NULL),
                 (moqt_ssize)na);
    TF_CHECK_INT(m.kind, MOQT_MSG_SUBSCRIBE_NAMESPACE);
    TF_CHECK_INT(moqt_wire_decode_control(moqt_profile_for_draft(18), a, na, &m, NULL),
                 MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(moqt_wire_decode_control(moqt_profile_for_draft(17), b, nb, &m, NULL),
                 MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(moqt_wire_decode_control(moqt_profile_for_draft(18), b, nb, &m, NULL),
                 (moqt_ssize)nb);
    TF_CHECK_INT(m.kind, MOQT_MSG_SUBSCRIBE_NAMESPACE);
}

/* ---- Bridging between drafts ---- */

TF_TEST("wire/namespace", subscribe_namespace_bridges_by_meaning)
{
    const moqt_profile *d12 = moqt_profile_for_draft(12), *d16 = moqt_profile_for_draft(16),
                       *d18 = moqt_profile_for_draft(18), *d07 = moqt_profile_for_draft(7);
    uint8_t buf[64], out[64];
    moqt_msg m;
    /* 16, NAMESPACE only: fine for 18 and 07, not for 12 (which implies PUBLISH too). */
    size_t n = tf_unhex("11 00 08 04" PFX "01 00", buf, sizeof(buf));
    TF_REQUIRE(moqt_wire_decode_control(d16, buf, n, &m, NULL) == (moqt_ssize)n);
    TF_CHECK(moqt_wire_encode_control(d18, &m, out, sizeof(out)) > 0);
    TF_CHECK(moqt_wire_encode_control(d07, &m, out, sizeof(out)) > 0);
    TF_CHECK_INT(moqt_wire_encode_control(d12, &m, out, sizeof(out)), MOQT_ERR_UNSUPPORTED);
    /* 12 (namespaces and PUBLISH) -> 16 says BOTH; -> 18 cannot in one message. */
    n = tf_unhex("11 00 07 04" PFX "00", buf, sizeof(buf));
    TF_REQUIRE(moqt_wire_decode_control(d12, buf, n, &m, NULL) == (moqt_ssize)n);
    moqt_ssize e = moqt_wire_encode_control(d16, &m, out, sizeof(out));
    uint8_t want[16];
    size_t nw = tf_unhex("11 00 08 04" PFX "02 00", want, sizeof(want));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, want, nw);
    TF_CHECK_INT(moqt_wire_encode_control(d18, &m, out, sizeof(out)), MOQT_ERR_UNSUPPORTED);
}

TF_TEST("wire/namespace", announce_of_07_is_sent_with_a_request_id_in_11)
{
    /* The namespace-keyed ANNOUNCE of 07 re-encoded under 11 gains the Request
     * ID the session assigns; the 11 ANNOUNCE_OK re-encoded under 07 needs the
     * namespace the session remembers. */
    uint8_t buf[64], out[64], want[64];
    moqt_msg m;
    size_t n = tf_unhex("06 0c" NS "00", buf, sizeof(buf));
    TF_REQUIRE(moqt_wire_decode_control(moqt_profile_for_draft(7), buf, n, &m, NULL) ==
               (moqt_ssize)n);
    m.request_id = 6;
    moqt_ssize e = moqt_wire_encode_control(moqt_profile_for_draft(11), &m, out, sizeof(out));
    size_t nw = tf_unhex("06 00 0d 06" NS "00", want, sizeof(want));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, want, nw);
}
