/* Placeholder until the parameter codec lands: no parameters, no properties. */
#include "wire/params.h"

int moqt_params_read(moqt_rd *r, const moqt_profile *p, moqt_msg_kind kind,
                     moqt_msg_params *out)
{
    (void)p;
    (void)kind;
    (void)out;
    uint64_t count;
    MOQT_TRY(moqt_rd_int(r, &count));
    if (count != 0) {
        return moqt_rd_fail(r, "parameters not implemented yet");
    }
    return 0;
}

int moqt_params_write(moqt_wr *w, const moqt_profile *p, moqt_msg_kind kind,
                      const moqt_msg_params *in, uint32_t fixed)
{
    (void)p;
    (void)kind;
    if (in->has & ~fixed) {
        return MOQT_ERR_UNSUPPORTED;
    }
    return moqt_wr_int(w, 0);
}

int moqt_track_props_read(moqt_rd *r, const moqt_profile *p, moqt_kvp_list *out)
{
    (void)p;
    out->count = 0;
    if (moqt_rd_left(r) != 0) {
        return moqt_rd_fail(r, "track properties not implemented yet");
    }
    return 0;
}

int moqt_track_props_write(moqt_wr *w, const moqt_profile *p, const moqt_kvp_list *in)
{
    (void)w;
    (void)p;
    return in->count ? MOQT_ERR_UNSUPPORTED : 0;
}
