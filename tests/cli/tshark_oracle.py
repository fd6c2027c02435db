#!/usr/bin/python3
"""Independent oracle for the inner token dissectors of `spnego dump`.

usage: tshark_oracle.py DIR[,DIR...] SPNEGO_BINARY [TSHARK]

For every DIR/*.der (tests/vectors, tests/cli/dissect) whose mech token
`spnego dump --json`
dissects (Kerberos, NTLM, NegoEx), the token is wrapped in a synthetic
HTTP exchange (an Ethernet/IPv4/TCP pcap written here with the standard
library: NegTokenInit in an `Authorization: Negotiate` request, the
others in a `WWW-Authenticate: Negotiate` response), TShark decodes it,
and the fields TShark reports (realm, sname, etype, kvno, error code,
name types, NTLM message type, flags, user, domain, workstation, target
name, AV pair ids, NegoEx message types, sequence numbers, conversation
ids and auth schemes) must equal ours, value for value, in order.

Exit 0 when all agree (the last line counts vectors and fields compared),
1 on a disagreement, 77 when TShark is missing (ctest: skipped).
"""

import base64
import glob
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

TSHARK_FIELDS = [
    "kerberos.realm", "kerberos.SNameString", "kerberos.etype", "kerberos.kvno",
    "kerberos.error_code", "kerberos.name_type", "kerberos.msg_type",
    "ntlmssp.messagetype", "ntlmssp.negotiateflags", "ntlmssp.auth.username",
    "ntlmssp.auth.domain", "ntlmssp.auth.hostname", "ntlmssp.negotiate.domain",
    "ntlmssp.negotiate.callingworkstation", "ntlmssp.challenge.target_name",
    "ntlmssp.challenge.target_info.item.type", "ntlmssp.ntlmv2_response.item.type",
    "negoex.message.type", "negoex.message.seq_num", "negoex.message.conv_id",
    "negoex.auth_scheme",
]


def frame(payload, to_server, seq, ack):
    """One Ethernet/IPv4/TCP frame of the client-server conversation."""
    client, server = (10, 0, 0, 1), (10, 0, 0, 2)
    sport, dport = (50000, 80) if to_server else (80, 50000)
    src, dst = (client, server) if to_server else (server, client)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, 0x18, 65535, 0, 0)
    total = 20 + len(tcp) + len(payload)
    ip = struct.pack("!BBHHHBBH4B4B", 0x45, 0, total, 1, 0x4000, 64, 6, 0, *src, *dst)
    csum = 0
    for i in range(0, 20, 2):
        csum += (ip[i] << 8) | ip[i + 1]
    while csum > 0xFFFF:
        csum = (csum & 0xFFFF) + (csum >> 16)
    ip = ip[:10] + struct.pack("!H", ~csum & 0xFFFF) + ip[12:]
    eth = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    return eth + ip + tcp + payload


def udp_frame(payload):
    """One Ethernet/IPv4/UDP frame to the Kerberos port (88)."""
    udp = struct.pack("!HHHH", 50001, 88, 8 + len(payload), 0)
    total = 20 + len(udp) + len(payload)
    ip = struct.pack("!BBHHHBBH4B4B", 0x45, 0, total, 2, 0x4000, 64, 17, 0,
                     10, 0, 0, 1, 10, 0, 0, 2)
    eth = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    return eth + ip + udp + payload


def pcap(legs):
    """A classic pcap file of (payload, to_server) legs, in order."""
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    cseq, sseq = 1, 1
    for i, (payload, to_server) in enumerate(legs):
        if to_server is None:
            f = udp_frame(payload)
        elif to_server:
            f = frame(payload, True, cseq, sseq)
            cseq += len(payload)
        else:
            f = frame(payload, False, sseq, cseq)
            sseq += len(payload)
        out += struct.pack("<IIII", i + 1, 0, len(f), len(f)) + f
    return out


def http(token, is_init):
    b64 = base64.b64encode(token).decode()
    if is_init:
        text = ("GET / HTTP/1.1\r\nHost: web.example.com\r\n"
                "Authorization: Negotiate %s\r\n\r\n" % b64)
    else:
        text = ("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n"
                "WWW-Authenticate: Negotiate %s\r\n\r\n" % b64)
    return text.encode()


def tshark_fields(tshark, path):
    cmd = [tshark, "-n", "-r", path, "-o", "tcp.check_checksum:FALSE",
           "-o", "tcp.analyze_sequence_numbers:FALSE", "-T", "json"]
    for f in TSHARK_FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True).stdout
    layers = {}
    for pkt in json.loads(out):
        for k, v in pkt["_source"]["layers"].items():
            layers.setdefault(k, []).extend(v)
    return layers


def unescape_principal(s):
    """Our principal text: components joined by '/', '\\' escapes."""
    comps, cur, i = [], "", 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            cur += s[i + 1]
            i += 2
        elif s[i] == "/":
            comps.append(cur)
            cur = ""
            i += 1
        else:
            cur += s[i]
            i += 1
    comps.append(cur)
    return comps


def ours(fields):
    """Our values for the same questions, in wire order of appearance."""
    o = {k: [] for k in TSHARK_FIELDS}
    for f in fields:
        n, v = f["name"], f["value"]
        if n in ("krb5.ticket.realm", "krb5.realm"):
            o["kerberos.realm"].append(v)
        if n in ("krb5.ticket.sname", "krb5.sname"):
            o["kerberos.SNameString"] += unescape_principal(v)
        if n.endswith(".etype") and n.startswith("krb5."):
            o["kerberos.etype"].append(str(v))
        if n.endswith(".kvno") and n.startswith("krb5."):
            o["kerberos.kvno"].append(str(v))
        if n == "krb5.error_code":
            o["kerberos.error_code"].append(str(v))
        if f.get("name_type") is not None:
            o["kerberos.name_type"].append(str(f["name_type"]))
        if n == "krb5.msg_type":
            o["kerberos.msg_type"].append(str(v))
        if n == "ntlm.message_type":
            o["ntlmssp.messagetype"].append("0x%08x" % v)
        if n == "ntlm.flags":
            o["ntlmssp.negotiateflags"].append("0x%08x" % v)
        o_map = {"ntlm.user": "ntlmssp.auth.username",
                 "ntlm.target_name": "ntlmssp.challenge.target_name"}
        if n in o_map:
            o[o_map[n]].append(v)
        if n == "ntlm.av.id":
            o["_av"].append(str(v)) if "_av" in o else o.__setitem__("_av", [str(v)])
        if n == "negoex.message_type":
            o["negoex.message.type"].append(str(v))
        if n == "negoex.sequence":
            o["negoex.message.seq_num"].append(str(v))
        if n == "negoex.conversation_id":
            o["negoex.message.conv_id"].append(v)
        if n == "negoex.auth_scheme":
            o["negoex.auth_scheme"].append(v)
    return o


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    dirs, binary = sys.argv[1].split(","), sys.argv[2]
    tshark = sys.argv[3] if len(sys.argv) > 3 else shutil.which("tshark")
    if not tshark or not os.path.exists(tshark):
        print("tshark not found: skipped")
        return 77
    checked_vectors = 0
    checked_values = 0
    failures = 0
    tmp = tempfile.mkdtemp(prefix="spnego-tshark.")
    try:
        paths = []
        for vec in dirs:
            paths += sorted(glob.glob(os.path.join(vec, "*.der")))
        for path in paths:
            name = os.path.basename(path)[:-4]
            d = json.loads(subprocess.run([binary, "dump", "--json", "@" + path], check=True,
                                          capture_output=True).stdout)
            blob = d["mech_token"] or d["response_token"]
            if blob is None or blob["inner"] is None:
                continue
            inner = blob["inner"]
            token = open(path, "rb").read()
            pc = os.path.join(tmp, name + ".pcap")
            if d["framed"]:
                # A framed token names SPNEGO itself; TShark reads it as
                # a client token (a NegTokenInit2 with a mechToken too).
                legs = [(http(token, True), True)]
            else:
                # TShark learns the mechanism from the conversation: a
                # NegTokenInit offering it comes first (built by the tool).
                mech = {"krb5": "krb5", "ntlmssp": "ntlmssp", "negoex": "negoex"}[
                    inner["protocol"]]
                pre = subprocess.run([binary, "build", "init", "--mech", mech, "--format",
                                      "der"], check=True, capture_output=True).stdout
                client = d["form"] != "NegTokenResp"
                legs = [(http(pre, True), True), (http(token, client), client)]
            with open(pc, "wb") as fh:
                fh.write(pcap(legs))
            theirs = tshark_fields(tshark, pc)
            msgs = [f for f in inner["fields"] if f["name"] == "krb5.message"]
            if msgs and not any(k.startswith("kerberos.") for k in theirs):
                # TShark follows neither IAKERB framing nor the exchange of
                # a NegoEx message: give it each Kerberos message alone, as
                # a KDC datagram, and add what it decodes.
                with open(pc, "wb") as fh:
                    fh.write(pcap([(token[f["offset"]:f["offset"] + f["length"]], None)
                                   for f in msgs]))
                for k, v in tshark_fields(tshark, pc).items():
                    theirs.setdefault(k, []).extend(v)
            mine = ours(inner["fields"])
            # Which of our fields answer which TShark question depends on
            # the message: AUTHENTICATE strings are auth.*, NEGOTIATE's are
            # negotiate.*; AV pairs sit in target info or the NTLMv2 blob.
            msg = inner["message"]
            for f in inner["fields"]:
                if f["name"] == "ntlm.domain":
                    key = ("ntlmssp.auth.domain" if msg == "AUTHENTICATE"
                           else "ntlmssp.negotiate.domain")
                    mine[key].append(f["value"])
                if f["name"] == "ntlm.workstation":
                    key = ("ntlmssp.auth.hostname" if msg == "AUTHENTICATE"
                           else "ntlmssp.negotiate.callingworkstation")
                    mine[key].append(f["value"])
            av = mine.pop("_av", [])
            if msg == "CHALLENGE":
                mine["ntlmssp.challenge.target_info.item.type"] = ["0x%04x" % int(x) for x in av]
            elif msg == "AUTHENTICATE":
                mine["ntlmssp.ntlmv2_response.item.type"] = ["0x%04x" % int(x) for x in av]
            # TShark prints NegoEx message types as 0x%08x, empty NTLM
            # strings as NULL.
            theirs["negoex.message.type"] = [str(int(x, 16)) for x in
                                             theirs.get("negoex.message.type", [])]
            compared = 0
            for key in TSHARK_FIELDS:
                want = mine.get(key, [])
                got = theirs.get(key, [])
                if got == ["NULL"] and want == []:
                    got = []
                if key.startswith("ntlmssp.") and "item.type" in key and inner["error"]:
                    # TShark keeps the item whose value overruns; we stop.
                    got = got[:len(want)]
                if not want and not got:
                    continue
                compared += len(want)
                if got != want:
                    failures += 1
                    print("FAIL %s %s: tshark %r, ours %r" % (name, key, got, want))
            if compared == 0:
                failures += 1
                print("FAIL %s: nothing compared (tshark decoded nothing?)" % name)
            checked_vectors += 1
            checked_values += compared
            print("ok %s: %d values agree (%s %s)" % (name, compared, inner["protocol"], msg))
    finally:
        shutil.rmtree(tmp)
    print("tshark agreement: %d vectors, %d values, %d disagreements"
          % (checked_vectors, checked_values, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
