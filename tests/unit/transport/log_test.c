/* The logging facility: level names and the enabled check. */
#include "base/log.h"

#include "tf.h"

TF_TEST("transport/log", level_names_parse)
{
    TF_CHECK_INT(moqt_log_parse_level("error"), MOQT_LOG_ERROR);
    TF_CHECK_INT(moqt_log_parse_level("WARN"), MOQT_LOG_WARN);
    TF_CHECK_INT(moqt_log_parse_level("warning"), MOQT_LOG_WARN);
    TF_CHECK_INT(moqt_log_parse_level("info"), MOQT_LOG_INFO);
    TF_CHECK_INT(moqt_log_parse_level("debug"), MOQT_LOG_DEBUG);
    TF_CHECK_INT(moqt_log_parse_level("trace"), MOQT_LOG_TRACE);
    TF_CHECK_INT(moqt_log_parse_level("3"), MOQT_LOG_INFO);
    TF_CHECK_INT(moqt_log_parse_level("loud"), -1);
    TF_CHECK_INT(moqt_log_parse_level(NULL), -1);
}

TF_TEST("transport/log", enabled_follows_level)
{
    bool was_debug = moqt_log_enabled(MOQT_LOG_DEBUG);
    moqt_log_set_level(MOQT_LOG_INFO);
    TF_CHECK(moqt_log_enabled(MOQT_LOG_ERROR));
    TF_CHECK(moqt_log_enabled(MOQT_LOG_INFO));
    TF_CHECK(!moqt_log_enabled(MOQT_LOG_DEBUG));
    moqt_log_set_level(MOQT_LOG_OFF);
    TF_CHECK(!moqt_log_enabled(MOQT_LOG_ERROR));
    TF_CHECK(!moqt_log_enabled(MOQT_LOG_OFF));
    moqt_log_set_level(was_debug ? MOQT_LOG_DEBUG : MOQT_LOG_WARN);
}
