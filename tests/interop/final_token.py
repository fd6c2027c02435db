#!/usr/bin/python3
"""final_token.py - negotiate-client must not trust a 200 whose final
Negotiate token is missing or damaged (mutual authentication).

Run by ctest through tests/interop/realm.sh run. Starts negotiate-server,
puts a loopback proxy in front of it (one upstream connection per client
connection, so multi-leg exchanges stay on one connection) and runs
negotiate-client through it three times: the proxy passes everything (200
trusted), strips the WWW-Authenticate header of the 200, or flips one bit
of the AP-REP in it (both: the client must fail and say why).

  final_token.py --client NEGOTIATE_CLIENT -- SERVER [ARGS...]
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


def read_response(sock, buf):
    """One response (head, body, rest) from an upstream MHD server."""
    for _ in range(1000):
        if b"\r\n\r\n" in buf:
            break
        data = sock.recv(65536)
        if not data:
            return None
        buf += data
    head, rest = buf.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, value = line.split(b":", 1)
        if name.strip().lower() == b"content-length":
            length = int(value)
    for _ in range(1000):
        if len(rest) >= length:
            break
        data = sock.recv(65536)
        if not data:
            return None
        rest += data
    return head, rest[:length], rest[length:]


def tamper(head, mode):
    lines = head.split(b"\r\n")
    if b" 200 " not in lines[0] or mode == "pass":
        return head
    out = [lines[0]]
    for line in lines[1:]:
        if line.lower().startswith(b"www-authenticate: negotiate "):
            if mode == "strip":
                continue
            token = bytearray(base64.b64decode(line.split(b" ", 2)[2]))
            token[-4] ^= 0x01  # inside the AP-REP's ciphertext
            line = b"WWW-Authenticate: Negotiate " + base64.b64encode(bytes(token))
        out.append(line)
    return b"\r\n".join(out)


def serve_proxy(listener, upstream_port, mode, stop):
    listener.settimeout(0.2)
    for _ in range(3000):  # bounded: about 10 minutes at most
        if stop.is_set():
            return
        try:
            client, _ = listener.accept()
        except socket.timeout:
            continue
        up = socket.create_connection((HOST, upstream_port), timeout=30)
        client.settimeout(30)

        def upward(c=client, u=up):
            try:
                for _ in range(100000):
                    data = c.recv(65536)
                    if not data:
                        break
                    u.sendall(data)
            except OSError:
                pass
            try:
                u.shutdown(socket.SHUT_WR)
            except OSError:
                pass

        def downward(c=client, u=up):
            buf = b""
            try:
                for _ in range(100):
                    r = read_response(u, buf)
                    if r is None:
                        break
                    head, body, buf = r
                    c.sendall(tamper(head, mode) + b"\r\n\r\n" + body)
            except OSError:
                pass
            c.close()
            u.close()

        threading.Thread(target=upward, daemon=True).start()
        threading.Thread(target=downward, daemon=True).start()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--client", required=True)
    ap.add_argument("server", nargs="+")
    a = ap.parse_args()
    if "KRB5_CONFIG" not in os.environ:
        print("no test realm: skipped")
        return 77
    work = tempfile.mkdtemp(prefix="final.", dir=os.environ.get("SPNEGO_REALM_DIR"))
    port_file = os.path.join(work, "port")
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen(a.server + ["-port", "0", "-portfile", port_file],
                              stdout=log, stderr=subprocess.STDOUT)
    for _ in range(400):
        if os.path.exists(port_file) or server.poll() is not None:
            break
        time.sleep(0.05)
    upstream = int(open(port_file).read())
    fails = 0
    for mode, want_ok, why in (("pass", True, "hello alice@SPNEGO.TEST"),
                               ("strip", False, "200 without a verified final token"),
                               ("flip", False, "200 without a verified final token")):
        listener = socket.socket()
        listener.bind((HOST, 0))
        listener.listen(8)
        stop = threading.Event()
        t = threading.Thread(target=serve_proxy, args=(listener, upstream, mode, stop))
        t.start()
        p = subprocess.run([a.client, "http://localhost:%d/" % listener.getsockname()[1]],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        stop.set()
        t.join(10)
        listener.close()
        text = p.stdout.decode(errors="replace")
        ok = (p.returncode == 0) == want_ok and why in text
        fails += not ok
        print("%s %s: exit %d, %s" % ("ok  " if ok else "FAIL", mode, p.returncode,
                                       text.strip().splitlines()[-1] if text.strip() else ""))
        if not ok or mode == "flip":
            print(text)
    server.terminate()
    server.wait(timeout=30)
    log.close()
    print("%s: %d failure(s)" % ("OK" if fails == 0 else "FAIL", fails))
    return 0 if fails == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
