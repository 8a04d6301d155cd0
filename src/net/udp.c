/* UDP sockets for QUIC (see udp.h). Linux socket options throughout. */
#include "net/udp.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif
/* The kernel's limits for one GSO send. */
#define GSO_MAX_SEGMENTS 64
#define GSO_MAX_BYTES    65000

static int set_int(int fd, int level, int opt, int v)
{
    return setsockopt(fd, level, opt, &v, sizeof(v));
}

static void tune(udp_socket *s)
{
    int fd = s->fd;
    if (s->family == AF_INET6) {
        set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
        set_int(fd, IPPROTO_IPV6, IPV6_RECVTCLASS, 1);
    }
    /* Also on IPv6 sockets: IPv4 datagrams of a dual-stack socket carry IP_TOS. */
    set_int(fd, IPPROTO_IP, IP_PKTINFO, 1);
    set_int(fd, IPPROTO_IP, IP_RECVTOS, 1);
    /* Large buffers: a GSO burst is up to 64 packets per connection. */
    set_int(fd, SOL_SOCKET, SO_RCVBUF, 4 << 20);
    set_int(fd, SOL_SOCKET, SO_SNDBUF, 4 << 20);
    int v = 0;
    socklen_t vl = sizeof(v);
    s->gso = getsockopt(fd, SOL_UDP, UDP_SEGMENT, &v, &vl) == 0;
    /* GRO hands us coalesced runs of equal-size packets: fewer reads, and on
     * loopback the sender's GSO batch arrives without being segmented. */
    s->gro = set_int(fd, SOL_UDP, UDP_GRO, 1) == 0;
    s->locallen = sizeof(s->local);
    getsockname(fd, (struct sockaddr *)&s->local, &s->locallen);
}

static int open_socket(udp_socket *s, int family)
{
    memset(s, 0, sizeof(*s));
    s->fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
    s->family = family;
    return s->fd < 0 ? -errno : 0;
}

static bool is_any6(const struct sockaddr *addr)
{
    const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)addr;
    return addr->sa_family == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED(&a6->sin6_addr);
}

int udp_bind(udp_socket *s, const struct sockaddr *addr, socklen_t addrlen)
{
    int rv = open_socket(s, addr->sa_family);
    if (rv != 0) {
        return rv;
    }
    if (addr->sa_family == AF_INET6) {
        /* [::] takes IPv4 too (as mapped addresses); a specific IPv6 address does not. */
        set_int(s->fd, IPPROTO_IPV6, IPV6_V6ONLY, is_any6(addr) ? 0 : 1);
    }
    if (bind(s->fd, addr, addrlen) != 0) {
        rv = -errno;
        udp_close(s);
        return rv;
    }
    tune(s);
    return 0;
}

int udp_connect(udp_socket *s, const struct sockaddr *remote, socklen_t remotelen)
{
    int rv = open_socket(s, remote->sa_family);
    if (rv != 0) {
        return rv;
    }
    if (connect(s->fd, remote, remotelen) != 0) {
        rv = -errno;
        udp_close(s);
        return rv;
    }
    s->connected = true;
    tune(s);
    return 0;
}

void udp_close(udp_socket *s)
{
    if (s->fd >= 0) {
        close(s->fd);
    }
    s->fd = -1;
}

/* The datagram's destination address with the socket's port. */
static void local_from_cmsg(udp_socket *s, struct msghdr *m, udp_datagram *d)
{
    memcpy(&d->local, &s->local, s->locallen);
    d->locallen = s->locallen;
    d->ecn = 0;
    d->gso = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO && s->family == AF_INET) {
            struct in_pktinfo pi;
            memcpy(&pi, CMSG_DATA(c), sizeof(pi));
            ((struct sockaddr_in *)&d->local)->sin_addr = pi.ipi_addr;
        } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
            struct in6_pktinfo pi;
            memcpy(&pi, CMSG_DATA(c), sizeof(pi));
            ((struct sockaddr_in6 *)&d->local)->sin6_addr = pi.ipi6_addr;
        } else if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO) {
            int gso;
            memcpy(&gso, CMSG_DATA(c), sizeof(gso));
            d->gso = gso > 0 ? (size_t)gso : 0;
        } else if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TOS) ||
                   (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_TCLASS)) {
            /* IP_TOS arrives as one byte, IPV6_TCLASS as an int. */
            d->ecn = c->cmsg_len >= CMSG_LEN(sizeof(int)) ? (uint32_t)(*(int *)CMSG_DATA(c)) & 3
                                                          : (uint32_t)(*CMSG_DATA(c)) & 3;
        }
    }
}

int udp_recv(udp_socket *s, udp_rx *rx)
{
    struct mmsghdr msgs[UDP_RX_BATCH];
    struct iovec iov[UDP_RX_BATCH];
    memset(msgs, 0, sizeof(msgs));
    for (int i = 0; i < UDP_RX_BATCH; i++) {
        iov[i].iov_base = rx->bufs[i];
        iov[i].iov_len = UDP_RX_BUFSIZE;
        msgs[i].msg_hdr.msg_name = &rx->dg[i].remote;
        msgs[i].msg_hdr.msg_namelen = sizeof(rx->dg[i].remote);
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_control = rx->ctrl[i];
        msgs[i].msg_hdr.msg_controllen = sizeof(rx->ctrl[i]);
    }
    int n = recvmmsg(s->fd, msgs, UDP_RX_BATCH, 0, NULL);
    if (n < 0) {
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -errno;
    }
    for (int i = 0; i < n; i++) {
        udp_datagram *d = &rx->dg[i];
        d->remotelen = msgs[i].msg_hdr.msg_namelen;
        d->data = rx->bufs[i];
        d->len = msgs[i].msg_len;
        local_from_cmsg(s, &msgs[i].msg_hdr, d);
    }
    return n;
}

static bool is_v4mapped(const struct sockaddr *a)
{
    return a->sa_family == AF_INET6 &&
           IN6_IS_ADDR_V4MAPPED(&((const struct sockaddr_in6 *)a)->sin6_addr);
}

/* Builds the control messages: source address, ECN, GSO segment size. */
static size_t build_cmsgs(udp_socket *s, uint8_t *buf, size_t cap, const struct sockaddr *local,
                          const struct sockaddr *remote, uint32_t ecn, uint16_t gso)
{
    struct msghdr m = {.msg_control = buf, .msg_controllen = cap};
    memset(buf, 0, cap);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    size_t used = 0;
    if (local && !s->connected) {
        if (s->family == AF_INET) {
            struct in_pktinfo pi = {0};
            pi.ipi_spec_dst = ((const struct sockaddr_in *)local)->sin_addr;
            c->cmsg_level = IPPROTO_IP;
            c->cmsg_type = IP_PKTINFO;
            c->cmsg_len = CMSG_LEN(sizeof(pi));
            memcpy(CMSG_DATA(c), &pi, sizeof(pi));
        } else {
            struct in6_pktinfo pi = {0};
            pi.ipi6_addr = ((const struct sockaddr_in6 *)local)->sin6_addr;
            c->cmsg_level = IPPROTO_IPV6;
            c->cmsg_type = IPV6_PKTINFO;
            c->cmsg_len = CMSG_LEN(sizeof(pi));
            memcpy(CMSG_DATA(c), &pi, sizeof(pi));
        }
        used += CMSG_SPACE(c->cmsg_len - CMSG_LEN(0));
        c = CMSG_NXTHDR(&m, c);
    }
    if (ecn) {
        int tos = (int)ecn;
        bool v4 = s->family == AF_INET || (remote && is_v4mapped(remote));
        c->cmsg_level = v4 ? IPPROTO_IP : IPPROTO_IPV6;
        c->cmsg_type = v4 ? IP_TOS : IPV6_TCLASS;
        c->cmsg_len = CMSG_LEN(sizeof(tos));
        memcpy(CMSG_DATA(c), &tos, sizeof(tos));
        used += CMSG_SPACE(sizeof(tos));
        c = CMSG_NXTHDR(&m, c);
    }
    if (gso) {
        c->cmsg_level = SOL_UDP;
        c->cmsg_type = UDP_SEGMENT;
        c->cmsg_len = CMSG_LEN(sizeof(gso));
        memcpy(CMSG_DATA(c), &gso, sizeof(gso));
        used += CMSG_SPACE(sizeof(gso));
    }
    return used;
}

static int send_one(udp_socket *s, const struct sockaddr *local, const struct sockaddr *remote,
                    socklen_t remotelen, uint32_t ecn, const uint8_t *data, size_t len,
                    uint16_t gso)
{
    uint8_t ctrl[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int)) +
                 CMSG_SPACE(sizeof(uint16_t))];
    struct iovec iov = {(void *)(uintptr_t)data, len};
    struct msghdr m = {0};
    if (!s->connected) {
        m.msg_name = (void *)(uintptr_t)remote;
        m.msg_namelen = remotelen;
    }
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctrl;
    m.msg_controllen = build_cmsgs(s, ctrl, sizeof(ctrl), local, remote, ecn, gso);
    if (m.msg_controllen == 0) {
        m.msg_control = NULL;
    }
    for (;;) {
        ssize_t n = sendmsg(s->fd, &m, 0);
        if (n >= 0) {
            return 0;
        }
        if (errno != EINTR) {
            return -errno;
        }
    }
}

int udp_send(udp_socket *s, const struct sockaddr *local, const struct sockaddr *remote,
             socklen_t remotelen, uint32_t ecn, const uint8_t *data, size_t len, size_t gso,
             size_t *sent)
{
    size_t off = 0;
    int rv = 0;
    if (gso == 0 || gso > len) {
        gso = len;
    }
    while (off < len) {
        size_t chunk = gso;
        if (s->gso && gso < len - off) {
            size_t segs = GSO_MAX_BYTES / gso;
            segs = segs > GSO_MAX_SEGMENTS ? GSO_MAX_SEGMENTS : segs;
            chunk = segs * gso < len - off ? segs * gso : len - off;
        }
        if (chunk > len - off) {
            chunk = len - off;
        }
        bool segmented = chunk > gso;
        rv = send_one(s, local, remote, remotelen, ecn, data + off, chunk,
                      segmented ? (uint16_t)gso : 0);
        if (rv == -EIO && segmented) {
            /* The device cannot segment (no checksum offload): stop using GSO. */
            s->gso = false;
            continue;
        }
        if (rv == -EAGAIN || rv == -EWOULDBLOCK) {
            rv = -EAGAIN;
            break;
        }
        if (rv != 0 && rv != -EMSGSIZE && rv != -ECONNREFUSED) {
            break;
        }
        /* A datagram refused by the path or the peer is lost, as on the wire. */
        rv = 0;
        off += chunk;
    }
    if (sent) {
        *sent = off;
    }
    return rv;
}
