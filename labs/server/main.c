// main.c — the profiling server, the counterpart of the Go guide's cmd/server
// with net/http/pprof:
//
//   server [-addr HOST:PORT]      (default 127.0.0.1:6060; port 0 picks a free one)
//
// Load endpoints under /work/, profiles under /debug/pprof/. Logs
// "listening on HOST:PORT (pprof endpoints at /debug/pprof)"; SIGINT or SIGTERM
// stop it cleanly. MUTEX_PROFILE_FRACTION and BLOCK_PROFILE_RATE_NS turn on the
// mutex and block profiles (tools/lockprof, linked in); HEAP_PROFILE_RATE sets
// the heap profile's sampling (bytes per sample, default 524288; 0 off).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "always_on.h"
#include "lockprof.h"
#include "params.h"
#include "server.h"
#include "symbols.h"
#include "threads.h"

atomic_int server_stopping;
int server_argc;
char **server_argv;

// Where to listen, as given and as parsed.
struct listen_addr {
  char host[64];
  struct sockaddr_in sin;
};

// Prints the usage line and exits 2.
static void usage(const char *why) {
  if (why) fprintf(stderr, "server: %s\n", why);
  fprintf(stderr, "usage: server [-addr HOST:PORT]   (default 127.0.0.1:6060; HOST is an IPv4 address or localhost)\n");
  exit(2);
}

// Parses HOST:PORT (":PORT" means every address, as in Go); exits 2 on a bad one.
static void parse_addr(const char *text, struct listen_addr *a) {
  const char *colon = strrchr(text, ':');
  long port;
  if (!colon || (size_t)(colon - text) >= sizeof a->host || parse_long(colon + 1, 0, 65535, &port) != 0)
    usage("-addr wants HOST:PORT with PORT from 0 to 65535");
  memcpy(a->host, text, (size_t)(colon - text));
  a->host[colon - text] = '\0';
  const char *ip = !a->host[0] ? "0.0.0.0" : strcmp(a->host, "localhost") == 0 ? "127.0.0.1" : a->host;
  a->sin.sin_family = AF_INET;
  a->sin.sin_port = htons((uint16_t)port);
  if (inet_pton(AF_INET, ip, &a->sin.sin_addr) != 1) usage("-addr: HOST must be an IPv4 address or localhost");
  if (ip != a->host) snprintf(a->host, sizeof a->host, "%s", ip);
}

// Reads the flags (-addr X, --addr X, -addr=X).
static void parse_flags(int argc, char **argv, struct listen_addr *a) {
  const char *addr = "127.0.0.1:6060";
  for (int i = 1; i < argc; i++) {
    const char *f = argv[i] + (strncmp(argv[i], "--", 2) == 0);
    if (strcmp(f, "-addr") == 0 && i + 1 < argc) addr = argv[++i];
    else if (strncmp(f, "-addr=", 6) == 0) addr = f + 6;
    else if (strcmp(f, "-h") == 0 || strcmp(f, "-help") == 0) usage(NULL);
    else usage("unknown flag (or -addr without a value)");
  }
  parse_addr(addr, a);
}

// Opens the listening socket; fills in the port when 0 asked for a free one.
static int listen_on(struct listen_addr *a) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
  socklen_t len = sizeof a->sin;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      bind(fd, (struct sockaddr *)&a->sin, sizeof a->sin) != 0 || listen(fd, 128) != 0 ||
      getsockname(fd, (struct sockaddr *)&a->sin, &len) != 0) {
    perror("server: cannot listen");
    exit(1);
  }
  return fd;
}

// Starts libmicrohttpd on the socket: a thread per connection, so a 30 s profile blocks no one.
static struct MHD_Daemon *start_http(int fd) {
  return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL, on_request,
                          NULL, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                          MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
                          MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536, MHD_OPTION_END);
}

// Prepares the profilers: symbols, the thread dump's signal, the heap sampler, always-on; exits 2 on a bad setting.
static void start_profilers(void) {
  char why[200];
  symbols_load();
  if (threads_init() != 0) log_line("warning: no thread dump (cannot install its signal handler)");
  if (lockprof_mutex_fraction() > 0 || lockprof_block_rate() > 0)
    log_line("mutex profile fraction %d, block profile rate %ld ns", lockprof_mutex_fraction(), lockprof_block_rate());
  if (heap_profiling_start(why, sizeof why) != 0 || always_on_start(why, sizeof why) != 0) {
    fprintf(stderr, "server: %s\n", why);
    exit(2);
  }
}

int main(int argc, char **argv) {
  server_argc = argc, server_argv = argv;
  struct listen_addr a = {0};
  parse_flags(argc, argv, &a);
  int loopback = (ntohl(a.sin.sin_addr.s_addr) >> 24) == 127;
  char why[200] = "refused by the guard";
  if (guard_start(a.host, ntohs(a.sin.sin_port), loopback, why, sizeof why) != 0) {
    fprintf(stderr, "server: refusing to start: %s\n", why);
    return 2;
  }
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);  // every thread inherits this; main waits for them below
  int fd = listen_on(&a);
  start_profilers();
  struct MHD_Daemon *d = start_http(fd);
  if (!d) {
    fprintf(stderr, "server: cannot start the HTTP daemon\n");
    return 1;
  }
  log_line("listening on %s:%d (pprof endpoints at /debug/pprof)", a.host, ntohs(a.sin.sin_port));
  int sig = 0;
  sigwait(&stop, &sig);
  atomic_store(&server_stopping, 1);
  log_line("shutting down (%s)", sig == SIGINT ? "SIGINT" : "SIGTERM");
  MHD_stop_daemon(d);
  close(fd);
  always_on_stop();
  heap_profiling_stop();
  return 0;
}
