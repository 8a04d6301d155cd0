/*
 * moqt-decode: decode and pretty-print MoQT control messages given in hex,
 * under a chosen draft. A quick way to see what a peer sent.
 *
 *   moqt-decode --draft 14 "20 00 2c 03 c0000000ff0dad02 ..."
 *   echo 0300... | moqt-decode --draft 16 -
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/control.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: moqt-decode --draft N HEX... | -\n"
               "Decodes MoQT control messages (Type, Length, Payload) given as hex under draft N\n"
               "(7..19) and prints their fields. '-' reads hex from standard input. Several\n"
               "messages may follow one another in the input.\n"
               "  --draft N   the draft to decode with (default 14)\n"
               "  -h, --help  this help\n");
}

static int parse_hex(const char *s, uint8_t *out, size_t cap, size_t *plen)
{
    size_t n = *plen;
    int hi = -1;
    for (; *s; s++) {
        if (isspace((unsigned char)*s) || *s == ':') {
            continue;
        }
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
            s++;
            continue;
        }
        if (!isxdigit((unsigned char)*s)) {
            fprintf(stderr, "moqt-decode: not a hex digit: '%c'\n", *s);
            return -1;
        }
        int v = isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10);
        if (hi < 0) {
            hi = v;
            continue;
        }
        if (n >= cap) {
            fprintf(stderr, "moqt-decode: input longer than %zu bytes\n", cap);
            return -1;
        }
        out[n++] = (uint8_t)(hi << 4 | v);
        hi = -1;
    }
    if (hi >= 0) {
        fprintf(stderr, "moqt-decode: odd number of hex digits\n");
        return -1;
    }
    *plen = n;
    return 0;
}

static void print_bytes(const char *label, moqt_bytes b)
{
    int printable = 1;
    for (size_t i = 0; i < b.len; i++) {
        printable &= isprint(b.base[i]) != 0;
    }
    printf("  %s: ", label);
    if (printable) {
        printf("\"%.*s\"\n", (int)b.len, (const char *)b.base);
        return;
    }
    for (size_t i = 0; i < b.len; i++) {
        printf("%02x", b.base[i]);
    }
    printf(" (%zu bytes)\n", b.len);
}

static void print_namespace(const char *label, const moqt_namespace *ns)
{
    printf("  %s: (", label);
    for (size_t i = 0; i < ns->count; i++) {
        printf("%s\"%.*s\"", i ? ", " : "", (int)ns->field[i].len, (const char *)ns->field[i].base);
    }
    printf(")\n");
}

static void print_setup(const moqt_setup_fields *s)
{
    for (size_t i = 0; i < s->version_count; i++) {
        const char *name = moqt_version_str(s->versions[i]);
        printf("  version: 0x%llx%s%s\n", (unsigned long long)s->versions[i], name ? " " : "",
               name ? name : "");
    }
    if (s->selected_version) {
        printf("  selected version: 0x%llx\n", (unsigned long long)s->selected_version);
    }
    if (s->has & MOQT_S_ROLE) {
        printf("  role: %llu\n", (unsigned long long)s->role);
    }
    if (s->has & MOQT_S_PATH) {
        print_bytes("path", s->path);
    }
    if (s->has & MOQT_S_AUTHORITY) {
        print_bytes("authority", s->authority);
    }
    if (s->has & MOQT_S_MAX_REQUEST_ID) {
        printf("  max request id: %llu\n", (unsigned long long)s->max_request_id);
    }
    if (s->has & MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE) {
        printf("  max auth token cache size: %llu\n",
               (unsigned long long)s->max_auth_token_cache_size);
    }
    if (s->has & MOQT_S_IMPLEMENTATION) {
        print_bytes("implementation", s->implementation);
    }
}

static void print_params(const moqt_msg_params *pr)
{
    static const char *const filters[] = {"none",           "latest group",   "next group start",
                                          "largest object", "absolute start", "absolute range"};
    if (pr->has & MOQT_P_SUBSCRIBER_PRIORITY) {
        printf("  subscriber priority: %u\n", pr->subscriber_priority);
    }
    if (pr->has & MOQT_P_GROUP_ORDER) {
        printf("  group order: %u\n", pr->group_order);
    }
    if (pr->has & MOQT_P_FORWARD) {
        printf("  forward: %u\n", pr->forward);
    }
    if (pr->has & MOQT_P_FILTER) {
        printf("  filter: %s start %llu/%llu end group %llu\n", filters[pr->filter.type],
               (unsigned long long)pr->filter.start.group,
               (unsigned long long)pr->filter.start.object,
               (unsigned long long)pr->filter.end_group);
    }
    if (pr->has & MOQT_P_EXPIRES) {
        printf("  expires: %llu ms\n", (unsigned long long)pr->expires_ms);
    }
    if (pr->has & MOQT_P_LARGEST) {
        printf("  largest: %llu/%llu\n", (unsigned long long)pr->largest.group,
               (unsigned long long)pr->largest.object);
    }
    if (pr->has & MOQT_P_DELIVERY_TIMEOUT) {
        printf("  delivery timeout: %llu ms\n", (unsigned long long)pr->delivery_timeout_ms);
    }
    for (size_t i = 0; i < pr->auth_count; i++) {
        printf("  auth token: alias type %llu alias %llu type %llu\n",
               (unsigned long long)pr->auth[i].alias_type, (unsigned long long)pr->auth[i].alias,
               (unsigned long long)pr->auth[i].token_type);
    }
}

static void print_msg(const moqt_profile *p, const moqt_msg *m)
{
    printf("%s (%s, type 0x%llx)\n", moqt_msg_name(p, m->kind), p->name,
           (unsigned long long)moqt_profile_msg_type(p, m->kind));
    print_setup(&m->setup);
    if (m->request_id) {
        printf("  request id: %llu\n", (unsigned long long)m->request_id);
    }
    if (m->track_alias) {
        printf("  track alias: %llu\n", (unsigned long long)m->track_alias);
    }
    if (m->ns.count) {
        print_namespace("namespace", &m->ns);
    }
    if (m->track_name.len) {
        print_bytes("track name", m->track_name);
    }
    if (m->error_code) {
        printf("  error code: 0x%llx\n", (unsigned long long)m->error_code);
    }
    if (m->reason.len) {
        print_bytes("reason", m->reason);
    }
    if (m->goaway.new_session_uri.len) {
        print_bytes("new session uri", m->goaway.new_session_uri);
    }
    if (m->max_request_id) {
        printf("  max request id: %llu\n", (unsigned long long)m->max_request_id);
    }
    print_params(&m->params);
    if (m->track_props.count) {
        printf("  track properties: %zu\n", m->track_props.count);
    }
}

int main(int argc, char **argv)
{
    unsigned draft = 14;
    static uint8_t buf[1 << 20];
    size_t len = 0;
    int have_input = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--draft") == 0 && i + 1 < argc) {
            draft = (unsigned)strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "-") == 0) {
            static char line[1 << 16];
            while (fgets(line, sizeof(line), stdin)) {
                if (parse_hex(line, buf, sizeof(buf), &len) != 0) {
                    return 2;
                }
            }
            have_input = 1;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "moqt-decode: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        } else {
            if (parse_hex(argv[i], buf, sizeof(buf), &len) != 0) {
                return 2;
            }
            have_input = 1;
        }
    }
    const moqt_profile *p = moqt_profile_for_draft(draft);
    if (!p) {
        fprintf(stderr, "moqt-decode: draft %u is not supported (7..19)\n", draft);
        return 2;
    }
    if (!have_input) {
        usage(stderr);
        return 2;
    }
    size_t off = 0;
    while (off < len) {
        moqt_msg m;
        const char *why = NULL;
        moqt_ssize n = moqt_wire_decode_control(p, buf + off, len - off, &m, &why);
        if (n == MOQT_ERR_WIRE_NEED_MORE) {
            fprintf(stderr, "moqt-decode: truncated message at byte %zu\n", off);
            return 1;
        }
        if (n < 0) {
            fprintf(stderr, "moqt-decode: %s at byte %zu: %s\n", moqt_strerror((int)n), off,
                    why ? why : "");
            return 1;
        }
        print_msg(p, &m);
        off += (size_t)n;
    }
    return 0;
}
