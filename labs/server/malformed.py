#!/usr/bin/env python3
"""malformed.py — sends N malformed HTTP requests to the profiling server, one
connection each, and counts how each ended. Used by labs/server/robustness.

    malformed.py HOST PORT N [SEED]

Kinds: random paths, random query strings, huge headers, many headers, bad
methods, broken request lines, binary garbage, truncated requests, bad
Content-Length and bad chunked bodies. Query values are never a valid large
number, so no request makes the server burn minutes of CPU. Prints one
"kind answered/total" line per kind, a histogram of statuses, and a last line
"answered A of N (no answer: B, reset: C)".
"""
import collections
import random
import socket
import sys

PATHS = ["/work/cpu", "/work/mem", "/work/contention", "/work/leak", "/debug/pprof/", "/debug/pprof/heap",
         "/debug/pprof/mutex", "/debug/pprof/block", "/debug/pprof/threads", "/debug/pprof/symbol",
         "/debug/pprof/cmdline", "/debug/pprof/profile", "/", "/debug", "/debug/pprof/../../etc/passwd"]
NAMES = ["n", "workers", "bytes", "count", "hold", "iter", "holdNs", "seconds", "debug", "x", "", "n[]", "%00", "a" * 300]
BAD_VALUES = ["-1", "abc", "1e9", "%00", "", "99999999999999999999", "0x10", "+1", " 1", "1 ", "%zz", "%", "0",
              "\xff", "1;2", "nan", "true", "maybe", "1.5", "-0", "18446744073709551617", "a" * 5000]


def rand_bytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def query(rng):
    parts = []
    for _ in range(rng.randint(1, 12)):
        parts.append(rng.choice(NAMES) + ("" if rng.random() < 0.1 else "=" + rng.choice(BAD_VALUES)))
    return "&".join(parts)


def request_line(method, target, extra=b""):
    return method.encode("latin-1") + b" " + target.encode("latin-1", "replace") + b" HTTP/1.1\r\nHost: x\r\n" + extra


def make(kind, rng):
    if kind == "random-path":
        path = "/" + "".join(rng.choice("abc/%.~-_?#\\x\x7f\x01é") for _ in range(rng.randint(0, 300)))
        return request_line("GET", path) + b"\r\n"
    if kind == "random-query":
        return request_line("GET", rng.choice(PATHS) + "?" + query(rng)) + b"\r\n"
    if kind == "huge-header":
        return request_line("GET", "/debug/pprof/", b"X-Big: " + b"a" * rng.randint(10000, 200000) + b"\r\n") + b"\r\n"
    if kind == "many-headers":
        headers = b"".join(b"X-H%d: %d\r\n" % (i, i) for i in range(rng.randint(100, 3000)))
        return request_line("GET", "/debug/pprof/", headers) + b"\r\n"
    if kind == "bad-method":
        method = rng.choice(["BREW", "get", "DELETE", "PUT", "PATCH", "OPTIONS", "TRACE", "CONNECT", "G\x00ET",
                             "X" * 1000, "POST"])
        return request_line(method, rng.choice(PATHS)) + b"Content-Length: 0\r\n\r\n"
    if kind == "bad-request-line":
        return rng.choice([b"GET\r\n\r\n", b"GET /\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET  /  HTTP/1.1\r\n\r\n",
                           b"GET http://x/debug/pprof/ HTTP/1.1\r\nHost: x\r\n\r\n", b"\r\n\r\n\r\n",
                           b"GET / HTTP/1.1\nHost: x\n\n", b" / HTTP/1.1\r\n\r\n", b"GET / HTTP/1.1\r\n: x\r\n\r\n",
                           b"GET / HTTP/1.1\r\nHost x\r\n\r\n", b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n"])
    if kind == "garbage":
        return rand_bytes(rng, rng.randint(1, 4096))
    if kind == "truncated":
        full = request_line("GET", rng.choice(PATHS) + "?" + query(rng)) + b"\r\n"
        return full[:rng.randint(1, len(full) - 1)]
    if kind == "bad-content-length":
        cl = rng.choice([b"-1", b"abc", b"99999999999999999999", b"2000000", b"10", b"1, 2"])
        return request_line("POST", "/debug/pprof/symbol", b"Content-Length: " + cl + b"\r\n") + b"\r\n0x1+0x2"
    if kind == "bad-chunked":
        body = rng.choice([b"zz\r\nabc\r\n0\r\n\r\n", b"ffffffffffffffff\r\nab\r\n", b"5\r\nab", b"-1\r\n\r\n"])
        return request_line("POST", "/debug/pprof/symbol", b"Transfer-Encoding: chunked\r\n") + b"\r\n" + body
    raise ValueError(kind)


KINDS = ["random-path", "random-query", "huge-header", "many-headers", "bad-method", "bad-request-line", "garbage",
         "truncated", "bad-content-length", "bad-chunked"]


def send(host, port, data):
    """Sends data, closes our side, returns the status line's code, 'none' or 'reset'."""
    s = socket.create_connection((host, port), timeout=5)
    try:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may answer and close before reading everything
        reply = b""
        while len(reply) < 64:
            chunk = s.recv(4096)
            if not chunk:
                break
            reply += chunk
    except ConnectionResetError:
        return "reset" if not reply else status_of(reply)
    except socket.timeout:
        return "timeout"
    finally:
        s.close()
    return status_of(reply)


def status_of(reply):
    if reply.startswith(b"HTTP/1.") and len(reply) >= 12:
        return reply[9:12].decode("latin-1")
    return "none"


def main():
    host, port, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    by_kind = collections.defaultdict(lambda: [0, 0])
    statuses = collections.Counter()
    for i in range(total):
        kind = KINDS[i % len(KINDS)]
        result = send(host, port, make(kind, rng))
        statuses[result] += 1
        by_kind[kind][1] += 1
        by_kind[kind][0] += result.isdigit()
    for kind in KINDS:
        print("%-20s answered %d/%d" % (kind, by_kind[kind][0], by_kind[kind][1]))
    print("statuses: " + " ".join("%s:%d" % kv for kv in sorted(statuses.items())))
    answered = sum(n for s, n in statuses.items() if s.isdigit())
    print("answered %d of %d (no answer: %d, reset: %d, timeout: %d)" %
          (answered, total, statuses["none"], statuses["reset"], statuses["timeout"]))


if __name__ == "__main__":
    main()
