#!/usr/bin/env python3
"""rebuild_vectors.py - `spnego build` rebuilds real tokens byte for byte.

For every vector in VECTORS_DIR, reads its fields with `spnego dump --json`,
turns them into `spnego build` options (dotted OIDs, --flags by name, or
`zero` for a reqFlags with no flag, --der-reqflags, hex blobs, hint name
through @FILE, --no-neg-hints / --no-hint-sentinel) and compares the built
DER with the file. A vector is expected to rebuild unless it uses a form no
DER builder writes; those are listed with the reason, and each listed
reason is checked, so the list cannot hide a regression.

Also rebuilds the 03 02 01 00 reqFlags Java sends (`--flags zero`).

usage: rebuild_vectors.py SPNEGO VECTORS_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

FLAG_NAMES = ["deleg", "mutual", "replay", "sequence", "anon", "conf", "integ"]


def run(tool, args):
    return subprocess.run([tool] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def flags_option(bits_hex):
    """Build options for a reqFlags BIT STRING (03 L unused octets), or a
    reason why no builder option writes it."""
    b = bytes.fromhex(bits_hex)
    content = b[2:]
    if content == b"\x01\x00":
        return ["--flags", "zero"], None
    if content == b"\x00":
        return ["--flags", "zero", "--der-reqflags"], None
    if len(content) != 2 or content[1] & 0x01:
        return None, "reqFlags %s is not a form the builder writes" % bits_hex
    octet = content[1]
    names = [FLAG_NAMES[i] for i in range(7) if octet & (0x80 >> i)]
    opts = ["--flags", ",".join(names)]
    if content[0] == 1:
        return opts, None
    lowest = 0
    while not octet & (1 << lowest):
        lowest += 1
    if content[0] == lowest:
        return opts + ["--der-reqflags"], None
    return None, "reqFlags %s: unused-bits count %d is neither 1 nor minimal" % (
        bits_hex, content[0])


def build_args(d, tmp):
    """(args, None) for `spnego build`, or (None, reason)."""
    if d["trailing_bytes"] != 0:
        return None, "trailing bytes"
    other = [w["name"] for w in d["warnings"] if w["name"] != "reqflags-not-der"]
    if other:
        return None, "warnings " + ",".join(other)
    form = d["form"]
    if form == "NegTokenResp":
        args = ["resp"]
        if d["neg_state"] is not None:
            args += ["--neg-state", d["neg_state"]["name"]]
        if d["supported_mech"] is not None:
            args += ["--supported-mech", d["supported_mech"]["oid"]]
        if d["response_token"] is not None:
            args += ["--mech-token", d["response_token"]["value_hex"]]
    else:
        if not d["framed"]:
            return None, "unframed NegTokenInit (the builder frames it)"
        args = ["init2" if form == "NegTokenInit2" else "init"]
        for item in d["mech_types"]["items"]:
            args += ["--mech", item["oid"]]
        if d["req_flags"] is not None:
            opts, reason = flags_option(d["req_flags"]["bit_string"]["hex"])
            if reason:
                return None, reason
            args += opts
        if d["mech_token"] is not None:
            args += ["--mech-token", d["mech_token"]["value_hex"]]
        if form == "NegTokenInit2":
            hints = d["neg_hints"]
            if hints is None:
                args.append("--no-neg-hints")
            else:
                if hints["hint_name"] is None:
                    args.append("--no-hint-sentinel")
                else:
                    path = os.path.join(tmp, "hint-name")
                    with open(path, "wb") as f:
                        f.write(bytes.fromhex(hints["hint_name"]["value_hex"]))
                    with open(path, "rb") as f:
                        name = f.read()
                    if b"\x00" in name:
                        return None, "hint name with a NUL"
                    args += ["--hint-name", name.decode("latin-1")]
                if hints["hint_address"] is not None:
                    args += ["--hint-address", hints["hint_address"]["value_hex"]]
    if d["mech_list_mic"] is not None:
        args += ["--mic", d["mech_list_mic"]["value_hex"]]
    return args + ["--format", "der"], None


def main():
    tool, vec = sys.argv[1], sys.argv[2]
    # Vectors that use a form no builder writes, with the reason expected.
    expected_skips = {
        "gokrb5-negtokeninit-unframed-4mech.der": "unframed",
        "gokrb5-negtokeninit-unframed-reqflags.der": "unframed",
        "pyspnego-pack-negtokeninit-reqflags-mic.der": "unused-bits count 0",
        "pyspnego-pack-negtokeninit2-hints-mic4.der": "unused-bits count 0",
        "smbj-negtokentarg-ntlm-challenge-2008r2.der": "trailing bytes",
    }
    fails = 0
    rebuilt = 0
    skipped = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(vec)):
            if not name.endswith(".der"):
                continue
            with open(os.path.join(vec, name), "rb") as f:
                want = f.read()
            r = run(tool, ["dump", "--json", "@" + os.path.join(vec, name)])
            if r.returncode != 0:
                print("FAIL %s: dump exit %d" % (name, r.returncode))
                fails += 1
                continue
            args, reason = build_args(json.loads(r.stdout), tmp)
            if args is None:
                skipped[name] = reason
                continue
            b = run(tool, ["build"] + args)
            if b.returncode != 0 or b.stdout != want:
                print("FAIL %s: spnego build %s -> exit %d, %s, want %s" % (
                    name, " ".join(args), b.returncode, b.stdout.hex(), want.hex()))
                print("    " + b.stderr.decode(errors="replace").strip())
                fails += 1
            else:
                rebuilt += 1
    for name, reason in sorted(skipped.items()):
        why = expected_skips.get(name)
        if why is None or why not in reason:
            print("FAIL %s: not rebuildable (%s)" % (name, reason))
            fails += 1
        else:
            print("note: %s: %s" % (name, reason))
    for name in expected_skips:
        if name not in skipped:
            print("FAIL %s: listed as not rebuildable, but it was (update the list)" % name)
            fails += 1

    # Java's all-zero reqFlags: 03 02 01 00 (and the DER 03 01 00).
    head = "06062b0601050502"
    krb5 = "a00d300b06092a864886f712010202"
    for opts, flags_hex, outer, inner in (
            (["--flags", "zero"], "a10403020100", "6021", "a0173015"),
            (["--flags", "zero", "--der-reqflags"], "a103030100", "6020", "a0163014")):
        want = outer + head + inner + krb5 + flags_hex
        b = run(tool, ["build", "init", "--mech", "krb5", "--format", "hex"] + opts)
        got = b.stdout.decode().strip()
        if b.returncode != 0 or got != want:
            print("FAIL build init --mech krb5 %s: %s, want %s" % (" ".join(opts), got, want))
            fails += 1
        d = json.loads(run(tool, ["dump", "--json", got or "00"]).stdout or "{}")
        if d.get("req_flags", {}).get("value") != 0:
            print("FAIL %s: dump does not show reqFlags 0" % " ".join(opts))
            fails += 1
    print("rebuild_vectors: %d rebuilt byte for byte, %d not rebuildable (listed), %d failed"
          % (rebuilt, len(skipped), fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
