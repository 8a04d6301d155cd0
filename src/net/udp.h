/*
 * Non-blocking UDP sockets for QUIC: dual-stack bind, batched receive
 * (recvmmsg) with the ECN mark and the local address (IP_PKTINFO) of each
 * datagram, and batched send with UDP GSO (UDP_SEGMENT) when the kernel
 * has it, one sendmmsg of single packets when it does not.
 */
#ifndef MOQT_NET_UDP_H
#define MOQT_NET_UDP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* With UDP GRO one read can return up to 64 KiB of coalesced packets. */
#define UDP_RX_BATCH   16
#define UDP_RX_BUFSIZE 65536

typedef struct udp_socket {
    int fd;
    int family;                    /* of the socket */
    bool connected;                /* client sockets are connected to the server */
    bool gso;                      /* UDP_SEGMENT usable */
    bool gro;                      /* UDP_GRO on: a datagram may hold several packets */
    struct sockaddr_storage local; /* bound address (getsockname) */
    socklen_t locallen;
} udp_socket;

typedef struct udp_datagram {
    struct sockaddr_storage remote;
    socklen_t remotelen;
    struct sockaddr_storage local; /* destination address of the datagram, bound port */
    socklen_t locallen;
    uint32_t ecn; /* the two ECN bits */
    size_t gso;   /* GRO: size of each packet in data (the last may be shorter); 0 = one */
    uint8_t *data;
    size_t len;
} udp_datagram;

typedef struct udp_rx {
    udp_datagram dg[UDP_RX_BATCH];
    uint8_t bufs[UDP_RX_BATCH][UDP_RX_BUFSIZE];
    uint8_t ctrl[UDP_RX_BATCH][128];
} udp_rx;

/* udp_bind opens a socket bound to |addr| (an IPv6 any address binds
 * dual-stack). Returns 0 or -errno. */
int udp_bind(udp_socket *s, const struct sockaddr *addr, socklen_t addrlen);

/* udp_connect opens a socket on an ephemeral port connected to |remote|. */
int udp_connect(udp_socket *s, const struct sockaddr *remote, socklen_t remotelen);

void udp_close(udp_socket *s);

/* udp_recv reads up to UDP_RX_BATCH datagrams into |rx|; returns the count,
 * 0 when none is waiting, or -errno. */
int udp_recv(udp_socket *s, udp_rx *rx);

/* udp_send sends |len| bytes of packets, each |gso| long except the last,
 * to |remote| (ignored on connected sockets) from |local| (NULL: any), with
 * ECN mark |ecn|. Returns 0, -EAGAIN when the socket buffer is full (nothing
 * or part sent: *sent says how much), or another -errno. */
int udp_send(udp_socket *s, const struct sockaddr *local, const struct sockaddr *remote,
             socklen_t remotelen, uint32_t ecn, const uint8_t *data, size_t len, size_t gso,
             size_t *sent);

#endif
