/* QUIC settings defaults and congestion-control names. */
#include "transport/quic.h"

#include <string.h>
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
