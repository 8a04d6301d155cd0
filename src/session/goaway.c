/*
 * Sending GOAWAY (the server's side; receiving is in control.c).
 *
 * Only a server sends GOAWAY (mt-07 l.1190: a server receiving one closes
 * with PROTOCOL_VIOLATION). It travels on the control stream: the bidi one up
 * to 16, our uni control stream from 17. After sending it the session starts
 * no new request of its own (the peer's keep being served until the client
 * leaves); the moqt_session_* request calls return MOQT_ERR_INVALID_STATE.
 */
#include <string.h>

#include "base/log.h"
#include "session/session_int.h"

int moqt_session_goaway(moqt_session *s, const char *new_session_uri, moqt_tstamp now)
{
    s->now = now;
    if (!s->is_server || !s->setup_done || s->closing || s->closed || s->goaway_sent) {
        return MOQT_ERR_INVALID_STATE;
    }
    sstream *ss = s->control ? s->control : s->control_tx;
    if (ss == NULL) {
        return MOQT_ERR_INVALID_STATE;
    }
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_GOAWAY);
    m.goaway.new_session_uri = (moqt_bytes){(const uint8_t *)new_session_uri,
                                            new_session_uri ? strlen(new_session_uri) : 0};
    int rv = moqt_session_send_msg(s, ss, &m, false);
    if (rv == 0) {
        s->goaway_sent = true;
        MOQT_LOG_I(SESSION_TAG, "S sent GOAWAY");
    }
    return rv;
}
