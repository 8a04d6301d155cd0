/*
 * quic_bulk: bulk download throughput over loopback, our QUIC transport
 * against Debian's ngtcp2 examples (gtlsserver serving a file over HTTP/3,
 * gtlsclient fetching it), the same number of bytes, in the same run.
 * Each side runs in its own process (two cores, as the baseline does).
 * Prints rates, the ratio and CPU seconds per GB; never fails on time.
 *
 *   quic_bulk [MiB] [cc]        (default 256 MiB, cubic)
 */
#include <moqt/moqt_runtime.h>

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct result {
    bool ok;
    double wall; /* seconds, connect to last byte */
    double cpu;  /* seconds, both processes */
} result;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_of(const struct rusage *ru)
{
    return (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec / 1e6 +
           (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec / 1e6;
}

/* ---- our server: sends |total| bytes on one uni stream to each client ---- */

static uint8_t block[1 << 20]; /* borrowed by every write; never modified */

typedef struct sender {
    moqt_runtime *rt;
    uint64_t total, written;
    uint64_t id;
    bool done;
} sender;

static void pump(moqt_transport *t, sender *s)
{
    while (s->written < s->total) {
        uint64_t left = s->total - s->written;
        size_t n = left < sizeof(block) ? (size_t)left : sizeof(block);
        moqt_ssize rv = moqt_transport_write(t, s->id, block, n, n == left);
        if (rv <= 0) {
            return;
        }
        s->written += (uint64_t)rv;
        if ((size_t)rv < n) {
            return;
        }
    }
}

static int srv_handshake(moqt_transport *t, const char *alpn, void *ud)
{
    sender *s = ud;
    (void)alpn;
    if (moqt_transport_open_stream(t, false, &s->id) == 0) {
        pump(t, s);
    }
    return 0;
}

static int srv_writable(moqt_transport *t, uint64_t id, void *ud)
{
    (void)id;
    pump(t, ud);
    return 0;
}

static void srv_closed(moqt_transport *t, bool remote, bool app, uint64_t code,
                       const uint8_t *reason, size_t len, void *ud)
{
    sender *s = ud;
    (void)t, (void)remote, (void)app, (void)code, (void)reason, (void)len;
    s->done = true;
    moqt_runtime_stop(s->rt);
}

static int srv_accept(moqt_quic_server *srv, moqt_transport *t, void *ud)
{
    static const moqt_transport_callbacks cb = {
        .struct_size = sizeof(cb),
        .handshake_done = srv_handshake,
        .stream_writable = srv_writable,
        .closed = srv_closed,
    };
    (void)srv;
    return moqt_transport_set_callbacks(t, &cb, ud);
}

/* ---- our client: counts bytes until FIN ---- */

typedef struct receiver {
    moqt_runtime *rt;
    uint64_t got;
    bool fin, closed;
    double t_end;
} receiver;

static int cli_data(moqt_transport *t, uint64_t id, const uint8_t *d, size_t len, bool fin,
                    void *ud)
{
    receiver *r = ud;
    (void)id, (void)d;
    r->got += len;
    if (fin) {
        r->fin = true;
        r->t_end = now_s();
        moqt_transport_close(t, 0, NULL, 0);
    }
    return 0;
}

static void cli_closed(moqt_transport *t, bool remote, bool app, uint64_t code,
                       const uint8_t *reason, size_t len, void *ud)
{
    receiver *r = ud;
    (void)t, (void)remote, (void)app, (void)code, (void)reason, (void)len;
    r->closed = true;
}

static bool cli_done(void *arg)
{
    return ((receiver *)arg)->closed;
}

static moqt_quic_settings bench_settings(const char *cc)
{
    moqt_quic_settings s;
    moqt_quic_settings_default(&s);
    int c = moqt_quic_cc_parse(cc);
    s.cc = c < 0 ? MOQT_QUIC_CC_CUBIC : (moqt_quic_cc)c;
    /* The baseline's windows (ngtcp2 examples: 15 MiB connection, 6 MiB stream). */
    s.max_data = 15 << 20;
    s.max_stream_data = 6 << 20;
    return s;
}

static result run_moqt(uint64_t total, const char *cc)
{
    result res = {0};
    int pfd[2];
    if (pipe(pfd) != 0) {
        return res;
    }
    moqt_quic_settings qs = bench_settings(cc);
    pid_t pid = fork();
    if (pid == 0) {
        close(pfd[0]);
        moqt_tls_config *tls;
        moqt_quic_server *srv;
        sender s = {.total = total};
        if (moqt_runtime_new(NULL, NULL, &s.rt) != 0 ||
            moqt_tls_server_config_self_signed(NULL, &tls) != 0 ||
            moqt_runtime_listen(s.rt, "127.0.0.1", 0, &qs, tls, srv_accept, &s, &srv) != 0) {
            _exit(1);
        }
        char hello[80];
        snprintf(hello, sizeof(hello), "%05u %s", moqt_quic_server_port(srv),
                 moqt_tls_config_fingerprint(tls));
        if (write(pfd[1], hello, sizeof(hello)) != sizeof(hello)) {
            _exit(1);
        }
        close(pfd[1]);
        moqt_runtime_run(s.rt);
        moqt_runtime_del(s.rt);
        moqt_tls_config_del(tls);
        _exit(0);
    }
    close(pfd[1]);
    char hello[80];
    ssize_t n = read(pfd[0], hello, sizeof(hello));
    close(pfd[0]);
    if (pid < 0 || n != sizeof(hello)) {
        return res;
    }
    hello[sizeof(hello) - 1] = '\0';
    uint16_t port = (uint16_t)atoi(hello);
    const char *pin = hello + 6;
    moqt_runtime *rt;
    moqt_tls_config *ctls;
    moqt_transport *t;
    receiver r = {0};
    struct rusage ru0, ru1, rus;
    getrusage(RUSAGE_SELF, &ru0);
    double t0 = now_s();
    if (moqt_runtime_new(NULL, NULL, &rt) == 0 &&
        moqt_tls_client_config_new(MOQT_TLS_VERIFY_FINGERPRINT, pin, NULL, &ctls) == 0 &&
        moqt_runtime_connect(rt, "127.0.0.1", port, &qs, ctls, &t) == 0) {
        static const moqt_transport_callbacks cb = {
            .struct_size = sizeof(cb),
            .stream_data = cli_data,
            .closed = cli_closed,
        };
        r.rt = rt;
        moqt_transport_set_callbacks(t, &cb, &r);
        moqt_runtime_run_until(rt, cli_done, &r, 300 * MOQT_SECONDS);
        moqt_runtime_del(rt);
        moqt_tls_config_del(ctls);
    }
    getrusage(RUSAGE_SELF, &ru1);
    int status;
    alarm(10);
    wait4(pid, &status, 0, &rus);
    alarm(0);
    res.ok = r.fin && r.got == total;
    res.wall = r.t_end - t0;
    res.cpu = cpu_of(&ru1) - cpu_of(&ru0) + cpu_of(&rus);
    return res;
}

/* ---- the baseline: gtlsserver + gtlsclient ---- */

static uint16_t free_udp_port(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    bind(fd, (struct sockaddr *)&a, sizeof(a));
    getsockname(fd, (struct sockaddr *)&a, &len);
    close(fd);
    return ntohs(a.sin_port);
}

/* Finds |name| on PATH or in the sbin directories (gtlsserver lives in /usr/sbin). */
static bool find_tool(const char *name, char *out, size_t outlen)
{
    const char *path = getenv("PATH");
    char dirs[4096];
    snprintf(dirs, sizeof(dirs), "%s:/usr/sbin:/usr/bin:/sbin:/bin", path ? path : "");
    for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        snprintf(out, outlen, "%s/%s", d, name);
        if (access(out, X_OK) == 0) {
            return true;
        }
    }
    return false;
}

static char gtlsserver_path[512], gtlsclient_path[512];

static pid_t spawn(char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

static result run_gtls(uint64_t total, const char *dir, const char *cc)
{
    result res = {0};
    char cert[512], key[512], port[8], url[128], ccarg[32];
    snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
    snprintf(key, sizeof(key), "%s/key.pem", dir);
    snprintf(port, sizeof(port), "%u", free_udp_port());
    snprintf(url, sizeof(url), "https://127.0.0.1:%s/blob", port);
    snprintf(ccarg, sizeof(ccarg), "--cc=%s", cc);
    char *srv_argv[] = {gtlsserver_path, "-q", "-d", (char *)dir, ccarg,
                        "127.0.0.1",     port, key,  cert,        NULL};
    char *cli_argv[] = {gtlsclient_path,
                        "-q",
                        "--no-quic-dump",
                        "--no-http-dump",
                        "--exit-on-all-streams-close",
                        ccarg,
                        "127.0.0.1",
                        port,
                        url,
                        NULL};
    pid_t srv = spawn(srv_argv);
    usleep(300000);
    double t0 = now_s();
    pid_t cli = spawn(cli_argv);
    int status = 0;
    struct rusage ruc, rus;
    wait4(cli, &status, 0, &ruc);
    res.wall = now_s() - t0;
    kill(srv, SIGTERM);
    wait4(srv, NULL, 0, &rus);
    res.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    res.cpu = cpu_of(&ruc) + cpu_of(&rus);
    (void)total;
    return res;
}

static bool make_docroot(char *dir, uint64_t total)
{
    if (mkdtemp(dir) == NULL) {
        return false;
    }
    char path[512];
    snprintf(path, sizeof(path), "%s/blob", dir);
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return false;
    }
    for (uint64_t done = 0; done < total;) {
        size_t n = total - done < sizeof(block) ? (size_t)(total - done) : sizeof(block);
        fwrite(block, 1, n, f);
        done += n;
    }
    fclose(f);
    moqt_tls_config *tls;
    char cert[512], key[512];
    snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
    snprintf(key, sizeof(key), "%s/key.pem", dir);
    bool ok = moqt_tls_server_config_self_signed(NULL, &tls) == 0 &&
              moqt_tls_config_write_pem(tls, cert, key) == 0;
    moqt_tls_config_del(tls);
    return ok;
}

static void cleanup(const char *dir)
{
    static const char *const files[] = {"blob", "cert.pem", "key.pem"};
    char path[512];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void print(const char *name, const result *r, uint64_t total)
{
    if (!r->ok) {
        printf("%-6s: failed (wall %.2f s)\n", name, r->wall);
        return;
    }
    double gb = (double)total / 1e9;
    printf("%-6s: %7.1f MB/s  %6.2f Gbit/s  wall %6.3f s  CPU %5.2f s/GB (both ends)\n", name,
           (double)total / 1e6 / r->wall, (double)total * 8 / 1e9 / r->wall, r->wall, r->cpu / gb);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    uint64_t mib = argc > 1 ? strtoull(argv[1], NULL, 10) : 256;
    const char *cc = argc > 2 ? argv[2] : "cubic";
    int runs = argc > 3 ? atoi(argv[3]) : 3;
    uint64_t total = mib << 20;
    for (size_t i = 0; i < sizeof(block); i++) {
        block[i] = (uint8_t)(i * 131 + 7);
    }
    signal(SIGPIPE, SIG_IGN);
    char dir[] = "/tmp/moqt-bench-XXXXXX";
    if (!make_docroot(dir, total)) {
        printf("cannot prepare %s\n", dir);
        return 0;
    }
    bool have_gtls = find_tool("gtlsserver", gtlsserver_path, sizeof(gtlsserver_path)) &&
                     find_tool("gtlsclient", gtlsclient_path, sizeof(gtlsclient_path));
    printf("quic_bulk: %llu MiB download over loopback, cc %s, %d alternating runs\n",
           (unsigned long long)mib, cc, runs);
    if (!have_gtls) {
        printf("gtls  : gtlsserver/gtlsclient not installed (apt-get install ngtcp2-server "
               "ngtcp2-client)\n");
    }
    double ratios[64], cpu_ratios[64];
    int nratio = 0;
    for (int i = 0; i < runs && i < 64; i++) {
        result ours = run_moqt(total, cc);
        print("moqt", &ours, total);
        if (!have_gtls) {
            continue;
        }
        result base = run_gtls(total, dir, cc);
        print("gtls", &base, total);
        if (ours.ok && base.ok) {
            ratios[nratio] = base.wall / ours.wall;
            cpu_ratios[nratio++] = ours.cpu / base.cpu;
        }
    }
    cleanup(dir);
    if (nratio > 0) {
        qsort(ratios, (size_t)nratio, sizeof(double), cmp_double);
        qsort(cpu_ratios, (size_t)nratio, sizeof(double), cmp_double);
        printf("ratio : median moqt/gtls throughput = %.2f (target >= 0.90; runs: %d, min %.2f, "
               "max %.2f); median CPU per GB moqt/gtls = %.2f\n",
               ratios[nratio / 2], nratio, ratios[0], ratios[nratio - 1], cpu_ratios[nratio / 2]);
    }
    return 0;
}
