/*
 * The library's one logging facility.
 *
 * Level from the environment variable MOQT_LOG (error, warn, info, debug,
 * trace; default warn), read once at first use. Lines go to stderr as
 *   2026-11-26T01:02:03.123456Z W [tag] message
 * where |tag| names the connection (or module) the line is about. Use the
 * MOQT_LOG_* macros: they skip formatting when the level is off.
 */
#ifndef MOQT_BASE_LOG_H
#define MOQT_BASE_LOG_H

#include <stdbool.h>

typedef enum moqt_log_level {
    MOQT_LOG_OFF = 0,
    MOQT_LOG_ERROR = 1,
    MOQT_LOG_WARN = 2,
    MOQT_LOG_INFO = 3,
    MOQT_LOG_DEBUG = 4,
    MOQT_LOG_TRACE = 5
} moqt_log_level;

/* moqt_log_enabled returns true when lines at |level| are written. */
bool moqt_log_enabled(moqt_log_level level);

/* moqt_log_set_level overrides MOQT_LOG (tests, tools). */
void moqt_log_set_level(moqt_log_level level);

/* moqt_log_parse_level maps "error".."trace" (or "0".."5") to a level; -1 if unknown. */
int moqt_log_parse_level(const char *s);

/* moqt_log writes one line. |tag| may be NULL. */
void moqt_log(moqt_log_level level, const char *tag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define MOQT_LOG_AT(level, tag, ...)                                                               \
    do {                                                                                           \
        if (moqt_log_enabled(level)) {                                                             \
            moqt_log((level), (tag), __VA_ARGS__);                                                 \
        }                                                                                          \
    } while (0)

#define MOQT_LOG_E(tag, ...) MOQT_LOG_AT(MOQT_LOG_ERROR, tag, __VA_ARGS__)
#define MOQT_LOG_W(tag, ...) MOQT_LOG_AT(MOQT_LOG_WARN, tag, __VA_ARGS__)
#define MOQT_LOG_I(tag, ...) MOQT_LOG_AT(MOQT_LOG_INFO, tag, __VA_ARGS__)
#define MOQT_LOG_D(tag, ...) MOQT_LOG_AT(MOQT_LOG_DEBUG, tag, __VA_ARGS__)
#define MOQT_LOG_T(tag, ...) MOQT_LOG_AT(MOQT_LOG_TRACE, tag, __VA_ARGS__)

#endif /* MOQT_BASE_LOG_H */
