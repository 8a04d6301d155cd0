/* Placeholder until the subscribe family codec lands: every kind is unsupported. */
#include "wire/codec_int.h"

int moqt_subscribe_decode(moqt_rd *r, const moqt_profile *p, moqt_msg *m)
{
    (void)p;
    (void)m;
    return moqt_rd_fail(r, "not implemented");
}

int moqt_subscribe_encode(moqt_wr *w, const moqt_profile *p, const moqt_msg *m)
{
    (void)w;
    (void)p;
    (void)m;
    return MOQT_ERR_UNSUPPORTED;
}
