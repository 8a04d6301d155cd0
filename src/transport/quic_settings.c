/* QUIC settings defaults and congestion-control names. */
#include "transport/quic.h"

#include <string.h>
#include <stdio.h>
#include <strings.h>

static const char *const cc_names[] = {"cubic", "reno", "bbr", "bbr2"};

const char *moqt_quic_cc_str(moqt_quic_cc cc)
{
    return (unsigned)cc < 4 ? cc_names[cc] : "unknown";
}

int moqt_quic_cc_parse(const char *name)
{
    for (int i = 0; name && i < 4; i++) {
        if (strcasecmp(name, cc_names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

void moqt_quic_settings_default(moqt_quic_settings *s)
{
    memset(s, 0, sizeof(*s));
    s->struct_size = sizeof(*s);
    s->idle_timeout = 30 * MOQT_SECONDS;
    s->cc = MOQT_QUIC_CC_CUBIC;
    s->max_stream_data = 1 << 20;
    s->max_data = 16 << 20;
    s->max_streams_bidi = 1000;
    s->max_streams_uni = 1000;
    s->max_datagram_frame_size = 1200;
    s->stream_send_buffer = 4 << 20;
    s->datagram_queue = 256;
}

size_t quic_settings_copy(moqt_quic_settings *dst, const moqt_quic_settings *src,
                          char (*store)[QUIC_ALPN_MAX], const char **ptrs)
{
    moqt_quic_settings_default(dst);
    if (src) {
        size_t n = src->struct_size < sizeof(*dst) ? src->struct_size : sizeof(*dst);
        memcpy(dst, src, n);
        dst->struct_size = sizeof(*dst);
    }
    /* Keep our own copies of the ALPN strings: the caller's are borrowed. */
    static const char *const defaults[] = {MOQT_QUIC_ALPNS_DEFAULT};
    bool given = dst->alpns && dst->nalpns;
    const char *const *alpns = given ? dst->alpns : defaults;
    size_t n = given ? dst->nalpns : sizeof(defaults) / sizeof(*defaults);
    size_t k = 0;
    for (; k < n && k < QUIC_MAX_ALPNS; k++) {
        snprintf(store[k], QUIC_ALPN_MAX, "%s", alpns[k]);
        if (ptrs) {
            ptrs[k] = store[k];
        }
    }
    dst->alpns = ptrs;
    dst->nalpns = ptrs ? k : 0;
    return k;
}
