/* moqt_strerror and friends. */
#include <moqt/moqt.h>

const char *moqt_strerror(int liberr)
{
    switch (liberr) {
    case 0:
        return "success";
    case MOQT_ERR_INVALID_ARGUMENT:
        return "invalid argument";
    case MOQT_ERR_INVALID_STATE:
        return "invalid state";
    case MOQT_ERR_WOULDBLOCK:
        return "operation would block";
    case MOQT_ERR_NOBUF:
        return "output buffer too small";
    case MOQT_ERR_UNSUPPORTED:
        return "not expressible in the negotiated draft";
    case MOQT_ERR_WIRE_NEED_MORE:
        return "need more bytes";
    case MOQT_ERR_WIRE_MALFORMED:
        return "malformed input";
    case MOQT_ERR_WIRE_LIMIT:
        return "input exceeds an implementation limit";
    case MOQT_ERR_PROTOCOL_VIOLATION:
        return "protocol violation";
    case MOQT_ERR_TRANSPORT:
        return "transport error";
    case MOQT_ERR_NOMEM:
        return "out of memory";
    case MOQT_ERR_CALLBACK_FAILURE:
        return "callback failure";
    default:
        return "unknown error";
    }
}

bool moqt_err_is_fatal(int liberr)
{
    return liberr <= MOQT_ERR_FATAL;
}
