/*
 * Logging to stderr. The level is process-wide by nature (it comes from the
 * environment), so it is the one piece of mutable state kept in a static;
 * it is written once (or by moqt_log_set_level) and only read afterwards.
 */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static int log_level = -1; /* -1: not read from the environment yet */

int moqt_log_parse_level(const char *s)
{
    static const char *const names[] = {"off", "error", "warn", "info", "debug", "trace"};
    if (s == NULL) {
        return -1;
    }
    for (int i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++) {
        if (strcasecmp(s, names[i]) == 0) {
            return i;
        }
    }
    if (strcasecmp(s, "warning") == 0) {
        return MOQT_LOG_WARN;
    }
    if (s[0] >= '0' && s[0] <= '5' && s[1] == '\0') {
        return s[0] - '0';
    }
    return -1;
}

static int current_level(void)
{
    if (log_level < 0) {
        int l = moqt_log_parse_level(getenv("MOQT_LOG"));
        log_level = l < 0 ? MOQT_LOG_WARN : l;
    }
    return log_level;
}

bool moqt_log_enabled(moqt_log_level level)
{
    return level != MOQT_LOG_OFF && (int)level <= current_level();
}

void moqt_log_set_level(moqt_log_level level)
{
    log_level = (int)level;
}

void moqt_log(moqt_log_level level, const char *tag, const char *fmt, ...)
{
    static const char letters[] = "-EWIDT";
    char line[1024];
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    int n = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ %c [%s] ",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     ts.tv_nsec / 1000, letters[level <= 5 ? level : 0], tag ? tag : "moqt");
    if (n < 0 || (size_t)n >= sizeof(line)) {
        n = 0;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
    va_end(ap);
    /* One fputs per line so concurrent writers do not interleave inside a line. */
    size_t len = strlen(line);
    if (len + 1 < sizeof(line)) {
        line[len] = '\n';
        line[len + 1] = '\0';
    }
    fputs(line, stderr);
}
