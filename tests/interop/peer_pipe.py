#!/usr/bin/env python3
"""peer_pipe.py - runs a SPNEGO initiator and an acceptor as two processes
and passes their tokens, for peers that cannot share a process (Heimdal's
libgssapi, Samba's gensec with its bundled Heimdal, MIT's libgssapi_krb5).

    peer_pipe.py [checks] -- INIT_CMD [ARGS] -- ACC_CMD [ARGS]

Each peer speaks one line per message on stdin/stdout (own_peer.c,
heimdal_peer.c and samba_peer.py implement it):
    in:  "tok <base64>" | "wrap <text>" | "unwrap <base64>" | "quit"
         "start" (acceptor: speak first, a NegTokenInit2)
    out: ["tok <base64>"] then "cont" | "done k=v..." | "fail <why>" |
         "skip <why>" (exit 77); after wrap: "tok" + "ok"; unwrap: "ok <text>"
The initiator answers once at start. This script parses every token itself
(a small DER reader, independent of libspnego) and prints each leg's
structure: who sent it, NegTokenInit / NegTokenResp, negState,
supportedMech, token and mechListMIC lengths.

Checks (all optional; any failure exits 1):
    --flow SPEC       the legs, comma separated, each D:STATE[+tok][+mic]
                      [+w2k][+mech=NAME]; D is I (initiator) or A
                      (acceptor); STATE is init/N (NegTokenInit with N
                      mechs), completed, incomplete, request-mic, reject or
                      none (negState absent). Token, MIC and supportedMech
                      must be present exactly when listed; +w2k: the
                      mechListMIC is a copy of the responseToken. A
                      trailing ",..." allows more legs after those listed.
    --mic-both        a real mechListMIC in each direction
    --no-mic          no mechListMIC at all
    --expect-fail D   side D (I or A) must be the first to fail (the other
                      may have completed already: it sent its last token)
    --fail-text RE    the failing side's "fail" line must match RE
    --done-init RE, --done-acc RE   the "done" line of that side matches RE
    --wrap            after completion, gss_wrap on each side, gss_unwrap on
                      the other
    --acceptor-first  send "start" to the acceptor and its NegTokenInit2
                      to the initiator (which must wait: own_peer -wait)
    --timeout S       overall limit (default 40 s)
"""
import argparse
import base64
import os
import re
import select
import subprocess
import sys
import tempfile
import time

NAMES = {
    "1.2.840.113554.1.2.2": "krb5",
    "1.2.840.48018.1.2.2": "mskrb5",
    "1.3.6.1.4.1.311.2.2.10": "ntlmssp",
    "1.3.6.1.4.1.311.2.2.30": "negoex",
    "1.3.6.1.5.2.5": "iakerb",
    "1.3.6.1.5.5.2": "spnego",
}
STATES = {0: "completed", 1: "incomplete", 2: "reject", 3: "request-mic"}


class DerError(Exception):
    pass


def tlv(buf, pos):
    """Returns (tag, value_start, value_end) of the TLV at pos."""
    if pos + 2 > len(buf):
        raise DerError("truncated")
    tag = buf[pos]
    n = buf[pos + 1]
    pos += 2
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 4 or pos + k > len(buf):
            raise DerError("bad length")
        n = int.from_bytes(buf[pos:pos + k], "big")
        pos += k
    if pos + n > len(buf):
        raise DerError("truncated value")
    return tag, pos, pos + n


def children(buf, start, end):
    out = []
    while start < end:
        tag, vs, ve = tlv(buf, start)
        out.append((tag, vs, ve))
        start = ve
    return out


def oid_text(b):
    arcs, v = [], 0
    for x in b:
        v = (v << 7) | (x & 0x7F)
        if not x & 0x80:
            arcs.append(v)
            v = 0
    if not arcs:
        return "?"
    first = min(arcs[0] // 40, 2)
    return ".".join(str(a) for a in [first, arcs[0] - 40 * first] + arcs[1:])


def mech_name(b):
    t = oid_text(b)
    return NAMES.get(t, t)


def shape(tok):
    """Structure of one SPNEGO token, as a dict."""
    s = {"len": len(tok), "type": "?", "state": None, "mech": None,
         "mechs": [], "tok": b"", "mic": b"", "reqflags": False,
         "hints": False}
    try:
        tag, vs, ve = tlv(tok, 0)
        if tag == 0x60:  # [APPLICATION 0] { spnego OID, [0] NegTokenInit }
            parts = children(tok, vs, ve)
            if len(parts) != 2 or parts[0][0] != 0x06 or parts[1][0] != 0xA0:
                return s
            _, ivs, ive = tlv(tok, parts[1][1])
            s["type"] = "Init"
            for t, a, b in children(tok, ivs, ive):
                _, cs, ce = tlv(tok, a)
                if t == 0xA0:
                    s["mechs"] = [mech_name(tok[x:y])
                                  for _, x, y in children(tok, cs, ce)]
                elif t == 0xA1:
                    s["reqflags"] = True
                elif t == 0xA2:
                    s["tok"] = tok[cs:ce]
                elif t in (0xA3, 0xA4):  # mechListMIC (Init) / (Init2)
                    if tlv(tok, a)[0] == 0x04:
                        s["mic"] = tok[cs:ce]
                    elif t == 0xA3:
                        s["hints"] = True  # NegTokenInit2 negHints
        elif tag == 0xA1:
            _, rvs, rve = tlv(tok, vs)
            s["type"] = "Resp"
            for t, a, b in children(tok, rvs, rve):
                _, cs, ce = tlv(tok, a)
                if t == 0xA0:
                    s["state"] = int.from_bytes(tok[cs:ce], "big")
                elif t == 0xA1:
                    s["mech"] = mech_name(tok[cs:ce])
                elif t == 0xA2:
                    s["tok"] = tok[cs:ce]
                elif t == 0xA3:
                    s["mic"] = tok[cs:ce]
    except DerError as e:
        s["type"] = "bad(%s)" % e
    return s


def describe(s):
    w2k = s["mic"] and s["mic"] == s["tok"]
    if s["type"] == "Init":
        return ("%d bytes NegTokenInit%s mechs=[%s] reqFlags=%s mechToken=%d "
                "mechListMIC=%d" % (s["len"], "2 (negHints)" if s["hints"]
                                     else "", ",".join(s["mechs"]),
                                     "yes" if s["reqflags"] else "no",
                                     len(s["tok"]), len(s["mic"])))
    if s["type"] == "Resp":
        st = "absent" if s["state"] is None else STATES.get(s["state"],
                                                             str(s["state"]))
        return ("%d bytes NegTokenResp negState=%s supportedMech=%s "
                "responseToken=%d mechListMIC=%d%s" % (
                    s["len"], st, s["mech"] or "-", len(s["tok"]),
                    len(s["mic"]), " (= responseToken: W2K copy)" if w2k
                    else ""))
    return "%d bytes, not SPNEGO (%s)" % (s["len"], s["type"])


def leg_matches(spec, side, s):
    d, _, rest = spec.partition(":")
    if d != side:
        return "sent by %s, expected %s" % (side, d)
    parts = rest.split("+")
    state, opts = parts[0], parts[1:]
    if state.startswith("init"):
        if s["type"] != "Init":
            return "not a NegTokenInit"
        if "/" in state and len(s["mechs"]) != int(state.split("/")[1]):
            return "%d mechs" % len(s["mechs"])
    else:
        if s["type"] != "Resp":
            return "not a NegTokenResp"
        got = "none" if s["state"] is None else STATES.get(s["state"], "?")
        if got != state:
            return "negState %s, expected %s" % (got, state)
    want_mech = [o.split("=", 1)[1] for o in opts if o.startswith("mech=")]
    if s["type"] == "Resp":
        if want_mech and s["mech"] != want_mech[0]:
            return "supportedMech %s, expected %s" % (s["mech"], want_mech[0])
        if not want_mech and s["mech"] is not None:
            return "unexpected supportedMech %s" % s["mech"]
    if ("tok" in opts) != bool(s["tok"]):
        return "mechToken/responseToken %s" % ("missing" if "tok" in opts
                                               else "present")
    want_mic = "mic" in opts or "w2k" in opts
    if want_mic != bool(s["mic"]):
        return "mechListMIC %s" % ("missing" if want_mic else "present")
    if ("w2k" in opts) != bool(s["mic"] and s["mic"] == s["tok"]):
        return "mechListMIC %s a copy of the responseToken" % (
            "is not" if "w2k" in opts else "is")
    return None


class Peer:
    def __init__(self, name, cmd):
        self.name = name
        self.cmd = cmd
        self.buf = b""
        self.state = "cont"
        self.line = ""
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)

    def send(self, line):
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def read_line(self, deadline):
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("%s: no answer in time" % self.name)
            r, _, _ = select.select([self.proc.stdout], [], [], left)
            if not r:
                continue
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise EOFError("%s exited (status %s) without an answer" % (
                    self.name, self.proc.poll()))
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return line.decode("utf-8", "replace")

    def answer(self, deadline):
        """Reads up to a status line: (token bytes or None, status line)."""
        tok = None
        for _ in range(8):
            line = self.read_line(deadline)
            if line.startswith("tok "):
                tok = base64.b64decode(line[4:])
                continue
            return tok, line
        raise EOFError("%s: too many lines" % self.name)

    def close(self):
        try:
            self.send("quit")
            self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def split_cmds(argv):
    if argv.count("--") < 2:
        sys.exit("usage: peer_pipe.py [checks] -- INIT_CMD -- ACC_CMD")
    i = argv.index("--")
    j = argv.index("--", i + 1)
    return argv[:i], argv[i + 1:j], argv[j + 1:]


def main():
    opts_argv, init_cmd, acc_cmd = split_cmds(sys.argv[1:])
    ap = argparse.ArgumentParser()
    ap.add_argument("--flow")
    ap.add_argument("--mic-both", action="store_true")
    ap.add_argument("--no-mic", action="store_true")
    ap.add_argument("--expect-fail", choices=["I", "A"])
    ap.add_argument("--fail-text")
    ap.add_argument("--done-init")
    ap.add_argument("--done-acc")
    ap.add_argument("--wrap", action="store_true")
    ap.add_argument("--acceptor-first", action="store_true")
    ap.add_argument("--timeout", type=float, default=40.0)
    o = ap.parse_args(opts_argv)
    for cmd in (init_cmd, acc_cmd):
        if not cmd or (os.path.isabs(cmd[0]) and not os.path.exists(cmd[0])) \
                or cmd[0].endswith("-NOTFOUND"):
            print("peer_pipe: peer program %s not available: skipped" %
                  (cmd[0] if cmd else "(none)"))
            return 77
    deadline = time.monotonic() + o.timeout
    # A private copy of the FILE ccache for this run: Heimdal and MIT both
    # write service tickets into it, and tests run in parallel.
    private_cc = None
    cc = os.environ.get("KRB5CCNAME", "")
    if cc.startswith("FILE:") and os.path.exists(cc[5:]):
        fd, private_cc = tempfile.mkstemp(prefix="ccache.", dir=os.path.dirname(cc[5:]))
        with os.fdopen(fd, "wb") as f, open(cc[5:], "rb") as src:
            f.write(src.read())
        os.environ["KRB5CCNAME"] = "FILE:" + private_cc
    try:
        return run(o, init_cmd, acc_cmd, deadline)
    finally:
        if private_cc:
            os.unlink(private_cc)


def run(o, init_cmd, acc_cmd, deadline):
    side = {"I": Peer("initiator", init_cmd), "A": Peer("acceptor", acc_cmd)}
    legs, first_fail, problems = [], None, []
    try:
        cur = "I"
        if o.acceptor_first:
            cur = "A"
            side["A"].send("start")
        tok, status = side[cur].answer(deadline)
        for _ in range(16):
            p = side[cur]
            p.line = status
            p.state = status.split(" ", 1)[0]
            if p.state == "skip":
                print("peer_pipe: %s: %s" % (p.name, status))
                return 77
            if p.state == "fail" and first_fail is None:
                first_fail = cur
            if tok is None:
                break
            other = "A" if cur == "I" else "I"
            s = shape(tok)
            legs.append((cur, s))
            print("leg %d %s -> %s: %s" % (len(legs), side[cur].name,
                                          side[other].name, describe(s)))
            if side[other].state != "cont":
                print("  (not delivered: the %s already finished)" %
                      side[other].name)
                break
            side[other].send("tok " + base64.b64encode(tok).decode())
            tok, status = side[other].answer(deadline)
            cur = other
        for d in "IA":
            print("%s: %s" % (side[d].name, side[d].line))
        if o.wrap and side["I"].state == "done" and side["A"].state == "done":
            for a, b in (("I", "A"), ("A", "I")):
                text = "wrapped-by-%s" % side[a].name
                side[a].send("wrap " + text)
                wtok, st = side[a].answer(deadline)
                if wtok is None or st != "ok":
                    problems.append("%s cannot wrap: %s" % (side[a].name, st))
                    continue
                side[b].send("unwrap " + base64.b64encode(wtok).decode())
                _, st = side[b].answer(deadline)
                if st != "ok " + text:
                    problems.append("%s cannot unwrap: %s" % (side[b].name, st))
                else:
                    print("wrap: %s -> %s ok (%d bytes)" % (
                        side[a].name, side[b].name, len(wtok)))
    except (TimeoutError, EOFError, BrokenPipeError) as e:
        problems.append(str(e))
    finally:
        for d in "IA":
            side[d].close()

    real_mic = {d: sum(1 for (x, s) in legs if x == d and s["mic"]
                       and s["mic"] != s["tok"]) for d in "IA"}
    print("mechListMIC initiator->acceptor %d, acceptor->initiator %d" % (
        real_mic["I"], real_mic["A"]))
    if o.expect_fail:
        if first_fail != o.expect_fail:
            problems.append("expected the %s to fail first, got %s" % (
                side[o.expect_fail].name,
                side[first_fail].name if first_fail else "no failure"))
        if o.fail_text and first_fail and \
                not re.search(o.fail_text, side[first_fail].line):
            problems.append("fail line %r does not match %r" % (
                side[first_fail].line, o.fail_text))
    else:
        for d in "IA":
            if side[d].state != "done":
                problems.append("%s did not complete: %s" % (side[d].name,
                                                             side[d].line))
    if o.flow:
        specs = o.flow.split(",")
        more = specs[-1] == "..."
        if more:
            specs = specs[:-1]
        if len(legs) < len(specs) or (not more and len(legs) != len(specs)):
            problems.append("%d legs, expected %d" % (len(legs), len(specs)))
        for i, spec in enumerate(specs[:len(legs)]):
            why = leg_matches(spec, legs[i][0], legs[i][1])
            if why:
                problems.append("leg %d (%s): %s" % (i + 1, spec, why))
    if o.mic_both and (real_mic["I"] == 0 or real_mic["A"] == 0):
        problems.append("expected a mechListMIC in each direction")
    if o.no_mic and (real_mic["I"] or real_mic["A"]):
        problems.append("unexpected mechListMIC")
    for d, rx in (("I", o.done_init), ("A", o.done_acc)):
        if rx and not re.search(rx, side[d].line):
            problems.append("%s: %r does not match %r" % (side[d].name,
                                                         side[d].line, rx))
    for pr in problems:
        print("FAIL: " + pr)
    if problems:
        return 1
    print("OK: %d legs" % len(legs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
