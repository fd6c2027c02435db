#!/usr/bin/python3
"""hostile_http.py - hostile HTTP against examples/negotiate_server.c.

Run by ctest through tests/interop/realm.sh run (KDC, keytab, ccache in the
environment). Starts the server itself (so that it can run under valgrind
or as an ASan build), sends it malformed HTTP and bad Negotiate tokens on
127.0.0.1 only, trickles one request head byte by byte while PARALLEL
negotiate-client processes authenticate, then checks that a good client
still gets its 200 and that the server stops cleanly on SIGTERM (exit 0:
no sanitizer or valgrind finding). Every loop is bounded by a count.

  hostile_http.py --client NEGOTIATE_CLIENT --driver SPNEGO_INTEROP
                  [--parallel 20] [--slow] -- SERVER [ARGS...]
"""

import argparse
import base64
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

HOST = "127.0.0.1"
REJECT = bytes.fromhex("a0030a0102")  # negState [0] ENUMERATED reject
FAILS = []


def report(ok, name, detail):
    print("%s %s: %s" % ("ok  " if ok else "FAIL", name, detail), flush=True)
    if not ok:
        FAILS.append(name)


class Conn:
    """One loopback connection with a tiny HTTP/1.1 response reader (the
    server is libmicrohttpd: its responses are well formed)."""

    def __init__(self, port, timeout=10.0):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("closed")
        self.buf += data

    def response(self, head=False):
        """(status, {lower name: [values]}, body), or None when the server
        closed the connection first."""
        try:
            for _ in range(1000):
                if b"\r\n\r\n" in self.buf:
                    break
                self._fill()
            top, self.buf = self.buf.split(b"\r\n\r\n", 1)
            lines = top.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ")[1])
            headers = {}
            for line in lines[1:]:
                name, value = line.split(":", 1)
                headers.setdefault(name.strip().lower(), []).append(value.strip())
            length = 0 if head else int(headers.get("content-length", ["0"])[0])
            for _ in range(1000):
                if len(self.buf) >= length:
                    break
                self._fill()
            body, self.buf = self.buf[:length], self.buf[length:]
            return status, headers, body
        except (EOFError, ConnectionResetError, socket.timeout):
            return None

    def idle(self, wait=0.3):
        """True when nothing more arrives (no extra response)."""
        if self.buf:
            return False
        self.sock.settimeout(wait)
        try:
            data = self.sock.recv(1)
            return data == b""  # closed is fine too
        except socket.timeout:
            return True
        except ConnectionResetError:
            return True

    def close(self):
        self.sock.close()


def request(port, raw, head=False):
    c = Conn(port)
    try:
        c.send(raw)
        return c.response(head)
    finally:
        c.close()


def get(auth=None, extra=""):
    a = "Authorization: %s\r\n" % auth if auth is not None else ""
    return ("GET / HTTP/1.1\r\nHost: localhost\r\n%s%s\r\n" % (a, extra)).encode()


def negotiate_token(resp):
    for v in resp[1].get("www-authenticate", []):
        if v.lower().startswith("negotiate "):
            return base64.b64decode(v.split(None, 1)[1])
    return None


def is_reject(resp):
    tok = negotiate_token(resp)
    return resp[0] == 401 and tok is not None and tok[:1] == b"\xa1" and REJECT in tok[:12]


# ---------------------------------------------------------------- HTTP


def http_cases(port):
    r = request(port, get())
    report(r is not None and r[0] == 401 and r[1].get("www-authenticate") == ["Negotiate"],
           "no Authorization", "HTTP %s, WWW-Authenticate %s" % (r and r[0], r and r[1].get("www-authenticate")))

    # HEAD: headers only. The GET pipelined behind it must parse cleanly.
    c = Conn(port)
    c.send(b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n" + get())
    r1, r2 = c.response(head=True), c.response()
    report(r1 is not None and r1[0] == 401 and r2 is not None and r2[0] == 401 and c.idle(),
           "HEAD then GET on one connection", "HTTP %s (no body) then HTTP %s, nothing extra" % (r1 and r1[0], r2 and r2[0]))
    c.close()

    c = Conn(port)
    statuses = []
    for _ in range(3):
        c.send(get())
        r = c.response()
        statuses.append(r and r[0])
    report(statuses == [401, 401, 401], "keep-alive, 3 requests", "HTTP %s" % statuses)
    c.close()

    big = "a" * (100 * 1024)
    for name, raw in (
        ("oversized header (100 KiB)", get(extra="X-Big: %s\r\n" % big)),
        ("oversized Authorization (100 KiB)", get(auth="Negotiate " + "QUFB" * 25600)),
        ("10000 headers", get(extra="".join("X-H%d: v\r\n" % i for i in range(10000)))),
        ("oversized URL (100 KiB)", ("GET /%s HTTP/1.1\r\nHost: localhost\r\n\r\n" % big).encode()),
    ):
        r = request(port, raw)
        report(r is not None and r[0] in (413, 414, 431), name, "HTTP %s" % (r and r[0]))

    post = "POST / HTTP/1.1\r\nHost: localhost\r\n"
    for name, headers, want in (
        ("duplicate Content-Length (5, 6)", "Content-Length: 5\r\nContent-Length: 6\r\n", 400),
        ("duplicate Content-Length (5, 5)", "Content-Length: 5\r\nContent-Length: 5\r\n", 400),
        ("Content-Length +5", "Content-Length: +5\r\n", 400),
        ("Content-Length 10abc", "Content-Length: 10abc\r\n", 400),
        ("Content-Length -1", "Content-Length: -1\r\n", 400),
        ("Content-Length 2^70", "Content-Length: 1180591620717411303424\r\n", 413),
        ("Content-Length and chunked", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", 400),
        ("bad chunk size", "Transfer-Encoding: chunked\r\n", 400),
    ):
        body = "zz\r\nhello\r\n0\r\n\r\n" if name == "bad chunk size" else "hello"
        c = Conn(port)
        c.send((post + headers + "\r\n" + body).encode() + get())
        r = c.response()
        # Refused (400), and nothing of the body read as a request.
        rest = c.response()
        report(r is not None and r[0] == want and rest is None, name,
               "HTTP %s, then %s" % (r and r[0], "closed" if rest is None else "HTTP %s" % rest[0]))
        c.close()

    # A chunked body holding a request: one response for the POST, one for
    # the GET behind it, none for the smuggled request.
    smuggled = b"GET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n"
    c = Conn(port)
    c.send(post.encode() + b"Transfer-Encoding: chunked\r\n\r\n" +
           b"%x\r\n" % len(smuggled) + smuggled + b"\r\n0\r\n\r\n" + get())
    r1, r2 = c.response(), c.response()
    report(r1 is not None and r1[0] == 401 and r2 is not None and r2[0] == 401 and c.idle(),
           "chunked body with a request inside", "HTTP %s, HTTP %s, nothing extra" % (r1 and r1[0], r2 and r2[0]))
    c.close()

    r = request(port, get(auth="Negotiate YQ==", extra="Authorization: Negotiate YQ==\r\n"))
    report(r is not None and r[0] == 400, "two Authorization headers", "HTTP %s" % (r and r[0]))


# ---------------------------------------------------------------- tokens


def token_cases(port, good, damaged):
    """50 bad or truncated Negotiate tokens, each on a new connection."""
    cases = [("damaged AP-REQ", "Negotiate " + base64.b64encode(damaged).decode(), "reject")]
    for k in range(20):  # truncated: never valid DER; a reject once it
        n = 1 + k * (len(good) - 2) // 19  # looks like a NegTokenInit
        cases.append(("truncated to %d bytes" % n, "Negotiate " + base64.b64encode(good[:n]).decode(),
                      400 if n == 1 else "reject"))
    for k in range(15):  # one bit flipped in the damaged token: no way to a 200
        off = k * (len(damaged) - 1) // 14
        if off == len(damaged) - 4:
            off -= 1
        t = bytearray(damaged)
        t[off] ^= 0x10
        cases.append(("bit flipped at %d" % off, "Negotiate " + base64.b64encode(bytes(t)).decode(), "400|reject"))
    lone_resp = bytes.fromhex("a1073005a0030a0101")
    ntlm = b"NTLMSSP\x00\x01\x00\x00\x00\x07\x82\x08\xa2" + b"\x00" * 16
    for name, value, want in (
        ("not base64", "Negotiate !!!not*base64", 400),
        ("base64 without padding", "Negotiate YWJj" + "ZA", 400),
        ("base64 with a space inside", "Negotiate YWJj ZGVm", 401),
        ("base64 of zeros (30 KiB)", "Negotiate " + "A" * 40000, 400),
        ("NegTokenResp out of sequence", "Negotiate " + base64.b64encode(lone_resp).decode(), 400),
        ("raw NTLMSSP", "Negotiate " + base64.b64encode(ntlm).decode(), 400),
        ("raw Kerberos AP-REQ", "Negotiate " + base64.b64encode(b"\x6e\x03\x02\x01\x05").decode(), 400),
        ("empty DER sequence", "Negotiate " + base64.b64encode(b"\x60\x00").decode(), 400),
        ("length past the end", "Negotiate " + base64.b64encode(b"\x60\x84\xff\xff\xff\xff\x06").decode(), 400),
        ("bare Negotiate", "Negotiate", 401),
        ("Negotiate with tabs only", "Negotiate \t ", 401),
        ("NegotiateX scheme", "NegotiateX " + base64.b64encode(good).decode(), 401),
        ("Basic credentials", "Basic YWxpY2U6eA==", 401),
        ("lower-case scheme, damaged AP-REQ", "negotiate " + base64.b64encode(damaged).decode(), "reject"),
    ):
        cases.append((name, value, want))
    assert len(cases) == 50
    for name, value, want in cases:
        r = request(port, get(auth=value))
        if r is None:
            report(False, name, "no response")
        elif want == "reject":
            report(is_reject(r), name, "HTTP %d%s" % (r[0], " + reject" if is_reject(r) else " without reject"))
        elif want == "400|reject":
            report(r[0] == 400 or is_reject(r), name, "HTTP %d%s" % (r[0], " + reject" if is_reject(r) else ""))
        else:
            report(r[0] == want, name, "HTTP %d (expected %d)" % (r[0], want))
    return len(cases)


# ---------------------------------------------------------------- trickle


def trickle_case(port, client, parallel, max_seconds):
    """One client sends its head a byte at a time while PARALLEL clients
    authenticate; all of them must get their 200 meanwhile."""
    done = threading.Event()
    out = {}

    def trickler():
        c = Conn(port, timeout=max_seconds + 30)
        head = get(extra="X-Pad: %s\r\n" % ("p" * 2000))  # outlasts the rest
        sent, t0 = 0, time.time()
        steps = int(max_seconds / 0.05)
        for _ in range(steps):  # one byte every 50 ms, bounded
            if done.is_set() or sent >= len(head) - 3:
                break
            c.send(head[sent:sent + 1])
            sent += 1
            time.sleep(0.05)
        out["still_trickling"] = done.is_set()
        out["bytes"] = sent
        c.send(head[sent:])
        out["resp"] = c.response()
        out["seconds"] = time.time() - t0
        c.close()

    t = threading.Thread(target=trickler)
    t.start()
    time.sleep(0.3)
    t0 = time.time()
    procs = [subprocess.Popen([client, "http://localhost:%d/" % port],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
             for _ in range(parallel)]
    ok = 0
    for p in procs:
        text, _ = p.communicate(timeout=max_seconds + 60)
        if p.returncode == 0 and b"hello alice@SPNEGO.TEST" in text:
            ok += 1
        else:
            print(text.decode(errors="replace"))
    clients_seconds = time.time() - t0
    done.set()
    t.join(max_seconds + 60)
    r = out.get("resp")
    report(ok == parallel, "%d parallel clients during the trickle" % parallel,
           "%d of %d got their 200 in %.2f s" % (ok, parallel, clients_seconds))
    report(out.get("still_trickling") is True and r is not None and r[0] == 401,
           "trickled request head",
           "%d bytes one by one, still incomplete when the %d clients were done; "
           "HTTP %s after %.2f s" % (out.get("bytes", 0), parallel, r and r[0], out.get("seconds", 0)))
    return ok, clients_seconds


# ---------------------------------------------------------------- main


def good_client(port, client, name):
    p = subprocess.run([client, "http://localhost:%d/" % port], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=120)
    text = p.stdout.decode(errors="replace")
    report(p.returncode == 0 and "hello alice@SPNEGO.TEST" in text, name,
           "exit %d, %s" % (p.returncode, "200 + mutual authentication" if p.returncode == 0 else text))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--client", required=True)
    ap.add_argument("--driver", required=True)
    ap.add_argument("--parallel", type=int, default=20)
    ap.add_argument("--slow", action="store_true", help="server under valgrind")
    ap.add_argument("server", nargs="+")
    a = ap.parse_args()
    if "KRB5_CONFIG" not in os.environ:
        print("no test realm: skipped")
        return 77
    work = tempfile.mkdtemp(prefix="hostile.", dir=os.environ.get("SPNEGO_REALM_DIR"))
    port_file = os.path.join(work, "port")
    log_path = os.path.join(work, "server.log")
    log = open(log_path, "w")
    server = subprocess.Popen(a.server + ["-port", "0", "-portfile", port_file],
                              stdout=log, stderr=subprocess.STDOUT)
    for _ in range(1200):  # up to 60 s (valgrind starts slowly)
        if os.path.exists(port_file) or server.poll() is not None:
            break
        time.sleep(0.05)
    if not os.path.exists(port_file):
        print("FAIL: the server did not start")
        server.kill()
        server.wait()
        print(open(log_path).read())
        return 1
    port = int(open(port_file).read())
    good = base64.b64decode(subprocess.check_output([a.driver, "make-token"]).strip())
    damaged = base64.b64decode(subprocess.check_output([a.driver, "make-token", "-corrupt", "token"]).strip())
    t0 = time.time()
    ok, secs = 0, 0.0
    try:
        good_client(port, a.client, "good client first")
        http_cases(port)
        n = token_cases(port, good, damaged)
        ok, secs = trickle_case(port, a.client, a.parallel, 60.0 if a.slow else 20.0)
        good_client(port, a.client, "good client afterwards")
        report(server.poll() is None, "server still up", "after %d bad tokens and the HTTP cases" % n)
    finally:
        server.terminate()
        try:
            rc = server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
            rc = server.wait()
        log.close()
    report(rc == 0, "clean exit on SIGTERM", "exit %d" % rc)
    text = open(log_path).read()
    if FAILS or "ERROR SUMMARY" in text and "ERROR SUMMARY: 0 errors" not in text:
        print("--- server log (last 80 lines)")
        print("\n".join(text.splitlines()[-80:]))
    print("%s: %d failure(s) in %.1f s; trickle: %d of %d parallel clients got "
          "their 200 in %.2f s" % ("OK" if not FAILS else "FAIL", len(FAILS),
                                    time.time() - t0, ok, a.parallel, secs))
    return 0 if not FAILS else 1


if __name__ == "__main__":
    sys.exit(main())
