#!/usr/bin/python3
"""Checks the JSON goldens of `spnego dump` against tests/vectors/manifest.json.

usage: check_json.py VECTORS_DIR GOLDEN_DIR [SPNEGO_BINARY]

The goldens in tests/cli/golden/ are written by the tool itself
(run.sh ... regen). This script is the independent review: every field the
manifest's two oracles (tshark, pyasn1) agree on must equal the golden's,
every span must hold exactly the token bytes at its offset, and, given the
binary, every canonical framed vector must rebuild byte-identically with
`spnego build` from the dumped fields. Exit 0 when all hold, 1 otherwise.
"""

import hashlib
import json
import os
import subprocess
import sys

FORMS = {"negTokenInit": "NegTokenInit", "negTokenInit2": "NegTokenInit2",
         "negTokenResp": "NegTokenResp"}
# manifest mech name -> tool name (None: the tool prints the dotted OID)
NAMES = {"krb5": "krb5", "krb5-ms": "ms-krb5", "ntlmssp": "ntlmssp",
         "negoex": "negoex", "iakerb": "iakerb", "krb5-u2u": "krb5-u2u",
         "krb5-old (pre-RFC 1964 OID)": None}
FLAGS = {"delegFlag": "deleg", "mutualFlag": "mutual", "replayFlag": "replay",
         "sequenceFlag": "sequence", "anonFlag": "anon", "confFlag": "conf",
         "integFlag": "integ"}
INNER = {"krb5 AP-REQ": "krb5-ap-req", "krb5 AP-REP": "krb5-ap-rep",
         "krb5 KRB-ERROR": "krb5-error", "NTLMSSP NEGOTIATE": "ntlmssp-negotiate",
         "NTLMSSP CHALLENGE": "ntlmssp-challenge",
         "NTLMSSP AUTHENTICATE": "ntlmssp-authenticate",
         "NegoEx message(s)": "negoex", "NTLMSSP signature v1": "ntlmssp-signature"}
DER_WARNINGS = {"nonminimal-length", "trailing-bytes", "reqflags-not-der"}


class Checker:
    def __init__(self):
        self.failures = 0
        self.checks = 0

    def eq(self, where, got, want):
        self.checks += 1
        if got != want:
            self.failures += 1
            print("FAIL %s: got %r, manifest says %r" % (where, got, want))

    def true(self, where, cond):
        self.eq(where, bool(cond), True)


def inner_kind(text):
    if text is None:
        return None
    if text.startswith("opaque"):
        return "opaque"
    return INNER[text]


def check_span(c, where, raw, obj, tag=None):
    """obj's offset/length/hex must be exactly those bytes of the token."""
    if obj is None:
        return
    off, length = obj["offset"], obj["length"]
    c.eq(where + ".hex", obj["hex"], raw[off:off + length].hex())
    if tag is not None:
        c.eq(where + ".tag", raw[off], tag)
    if "value_hex" in obj:
        voff, vlen = obj["value_offset"], obj["value_length"]
        c.eq(where + ".value_hex", obj["value_hex"], raw[voff:voff + vlen].hex())
        c.true(where + " value inside element", off <= voff and voff + vlen <= off + length)
        inner = obj.get("inner")
        if inner is not None:
            # Every dissected field lies inside the inner token, and a hex
            # value covering its whole field is exactly those bytes.
            for f in inner["fields"]:
                fw = "%s.inner.%s@%d" % (where, f["name"], f["offset"])
                c.true(fw + " inside the inner token",
                       voff <= f["offset"] and f["offset"] + f["length"] <= voff + vlen)
                v = f["value"]
                if (isinstance(v, str) and len(v) == 2 * f["length"] and
                        all(ch in "0123456789abcdef" for ch in v)):
                    c.eq(fw + ".value", v, raw[f["offset"]:f["offset"] + f["length"]].hex())
            if inner["error"] is not None:
                eo = inner["error"]["offset"]
                c.true(where + ".inner.error inside", voff <= eo <= voff + vlen)


def check_blob(c, where, got, want, kind_text):
    if want is None:
        c.eq(where, got, None)
        return
    if got is None:
        c.eq(where, None, want)
        return
    value = bytes.fromhex(got["value_hex"])
    c.eq(where + ".len", got["value_length"], want["len"])
    c.eq(where + ".sha256", hashlib.sha256(value).hexdigest(), want["sha256"])
    c.eq(where + ".kind", got["kind"], inner_kind(kind_text))


def element_tags(d):
    tags = []
    if d["form"] == "NegTokenResp":
        for key, tag in (("neg_state", "a0"), ("supported_mech", "a1"),
                         ("response_token", "a2"), ("mech_list_mic", "a3")):
            if d[key] is not None:
                tags.append(tag)
        return tags
    for key, tag in (("mech_types", "a0"), ("req_flags", "a1"), ("mech_token", "a2"),
                     ("neg_hints", "a3")):
        if d[key] is not None:
            tags.append(tag)
    if d["mech_list_mic"] is not None:
        tags.append("a4" if d["form"] == "NegTokenInit2" else "a3")
    return tags


def check_token(c, tok, raw, d):
    e = tok["expected"]
    w = tok["file"]
    c.eq(w + " schema", d["schema"], "libspnego-dump/2")
    c.eq(w + " input_length", d["input_length"], tok["size"])
    c.eq(w + " sha256", hashlib.sha256(raw).hexdigest(), tok["sha256"])
    c.eq(w + " trailing_bytes", d["trailing_bytes"], e["trailing_bytes"])
    c.eq(w + " token+trailing", d["token"]["length"] + d["trailing_bytes"], len(raw))
    check_span(c, w + " token", raw, d["token"])
    c.eq(w + " form", d["form"], FORMS[e["kind"]])
    c.eq(w + " framed", d["framed"], e["gss_wrapped"])
    c.eq(w + " this_mech", d["this_mech"] and d["this_mech"]["oid"], e["this_mech"])
    check_span(c, w + " this_mech", raw, d["this_mech"], 0x06)
    check_span(c, w + " negotiation_token", raw, d["negotiation_token"])

    mt = d["mech_types"]
    if e["mech_types"] is None:
        c.eq(w + " mech_types", mt, None)
    else:
        c.eq(w + " mech_types", [i["oid"] for i in mt["items"]], e["mech_types"])
        c.eq(w + " mech_types names", [i["name"] for i in mt["items"]],
             [NAMES[n] for n in e["mech_types_names"]])
        c.eq(w + " mech_types_der", mt["list"]["hex"], e["mech_types_der"]["hex"])
        c.eq(w + " mech_types_der len", mt["list"]["length"], e["mech_types_der"]["len"])
        check_span(c, w + " mech_types", raw, mt, 0xA0)
        check_span(c, w + " mech_types.list", raw, mt["list"], 0x30)
        for i, item in enumerate(mt["items"]):
            check_span(c, "%s mech_types[%d]" % (w, i), raw, item, 0x06)

    rf = d["req_flags"]
    if e["req_flags"] is None:
        c.eq(w + " req_flags", rf, None)
    else:
        c.eq(w + " req_flags der", rf["bit_string"]["hex"], e["req_flags"]["der_hex"])
        c.eq(w + " req_flags value", rf["value"], e["req_flags"]["flags_octet"])
        c.eq(w + " req_flags names", rf["names"],
             [FLAGS[n] for n in e["req_flags"]["flags_named"]])
        check_span(c, w + " req_flags", raw, rf, 0xA1)
        check_span(c, w + " req_flags.bit_string", raw, rf["bit_string"], 0x03)

    if d["form"] == "NegTokenResp":
        check_blob(c, w + " response_token", d["response_token"], e["response_token"],
                   e["inner_token"])
        c.eq(w + " mech_token", d["mech_token"], None)
    else:
        check_blob(c, w + " mech_token", d["mech_token"], e["mech_token"], e["inner_token"])
        c.eq(w + " response_token", d["response_token"], None)
    check_span(c, w + " mech_token", raw, d["mech_token"], 0xA2)
    check_span(c, w + " response_token", raw, d["response_token"], 0xA2)
    check_blob(c, w + " mech_list_mic", d["mech_list_mic"], e["mech_list_mic"],
               e["mech_list_mic_kind"])
    check_span(c, w + " mech_list_mic", raw, d["mech_list_mic"])

    nh = d["neg_hints"]
    if e["neg_hints"] is None:
        c.eq(w + " neg_hints", nh, None)
    else:
        want = e["neg_hints"]
        check_span(c, w + " neg_hints", raw, nh, 0xA3)
        name = nh["hint_name"]
        c.eq(w + " hint_name", name and bytes.fromhex(name["value_hex"]).decode("latin-1"),
             want["hint_name"])
        if name is not None:
            c.eq(w + " hint_name text", name["text"], want["hint_name"])
            check_span(c, w + " hint_name", raw, name, 0xA0)
        addr = nh["hint_address"]
        if want["hint_address"] is None:
            c.eq(w + " hint_address", addr, None)
        else:
            c.eq(w + " hint_address hex", addr["value_hex"], want["hint_address"]["hex"])
            c.eq(w + " hint_address len", addr["value_length"], want["hint_address"]["len"])
            check_span(c, w + " hint_address", raw, addr, 0xA1)

    ns = d["neg_state"]
    c.eq(w + " neg_state", ns and ns["name"], e["neg_state"])
    c.eq(w + " neg_state_value", ns and ns["value"], e["neg_state_value"])
    check_span(c, w + " neg_state", raw, ns, 0xA0)
    sm = d["supported_mech"]
    c.eq(w + " supported_mech", sm and sm["oid"], e["supported_mech"])
    check_span(c, w + " supported_mech", raw, sm, 0xA1)
    c.eq(w + " element_tags", element_tags(d), e["element_tags"])

    warnings = {x["name"] for x in d["warnings"]}
    c.eq(w + " DER warnings iff not canonical", bool(warnings & DER_WARNINGS),
         not e["der_canonical"])
    c.eq(w + " unframed-init warning", "unframed-init" in warnings,
         d["form"] != "NegTokenResp" and not d["framed"])


def rebuild_args(d):
    """`spnego build` arguments that should reproduce a canonical token."""
    if d["form"] == "NegTokenResp":
        args = ["resp"]
        if d["neg_state"] is not None:
            args += ["--neg-state", d["neg_state"]["name"]]
        if d["supported_mech"] is not None:
            args += ["--supported-mech", d["supported_mech"]["oid"]]
        if d["response_token"] is not None:
            args += ["--mech-token", d["response_token"]["value_hex"]]
    else:
        args = ["init2" if d["form"] == "NegTokenInit2" else "init"]
        for item in d["mech_types"]["items"]:
            args += ["--mech", item["name"] or item["oid"]]
        if d["req_flags"] is not None:
            args += ["--flags", ",".join(d["req_flags"]["names"]), "--der-reqflags"]
        if d["mech_token"] is not None:
            args += ["--mech-token", d["mech_token"]["value_hex"]]
        nh = d["neg_hints"]
        if d["form"] == "NegTokenInit2" and nh is None:
            args += ["--no-neg-hints"]
        elif d["form"] == "NegTokenInit2":
            if nh["hint_name"] is None:
                args += ["--no-hint-sentinel"]
            else:
                args += [b"--hint-name", bytes.fromhex(nh["hint_name"]["value_hex"])]
            if nh["hint_address"] is not None:
                args += ["--hint-address", nh["hint_address"]["value_hex"]]
    if d["mech_list_mic"] is not None:
        args += ["--mic", d["mech_list_mic"]["value_hex"]]
    return args + ["--format", "hex"]


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__)
        return 2
    vectors, golden = sys.argv[1], sys.argv[2]
    binary = sys.argv[3] if len(sys.argv) == 4 else None
    with open(os.path.join(vectors, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    c = Checker()
    rebuilt = 0
    seen = set()
    for tok in manifest["tokens"]:
        name = tok["file"][:-len(".der")]
        seen.add(tok["file"])
        with open(os.path.join(vectors, tok["file"]), "rb") as f:
            raw = f.read()
        with open(os.path.join(golden, name + ".json"), encoding="utf-8") as f:
            d = json.load(f)
        check_token(c, tok, raw, d)
        # Canonical framed tokens (and every bare NegTokenResp) rebuild
        # byte-identically (DESIGN.md 5).
        e = tok["expected"]
        if binary and e["der_canonical"] and (e["gss_wrapped"] or e["kind"] == "negTokenResp"):
            args = [a if isinstance(a, bytes) else a.encode() for a in rebuild_args(d)]
            out = subprocess.run([binary.encode(), b"build"] + args, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, check=False)
            c.eq(tok["file"] + " rebuild exit", out.returncode, 0)
            c.eq(tok["file"] + " rebuild bytes", out.stdout.decode().strip(), raw.hex())
            rebuilt += 1
    on_disk = {f for f in os.listdir(vectors) if f.endswith(".der")}
    c.eq("every vector in the manifest", sorted(on_disk - seen), [])
    print("%d checks on %d vectors (%d rebuilt), %d failed"
          % (c.checks, len(seen), rebuilt, c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
