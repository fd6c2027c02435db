#!/usr/bin/env python3
"""negotiate_calls.py - checks that the codec baseline of the negotiate/*
rows of spnego-bench makes the same public calls as the negotiation layer.

The program's start-up check compares the messages and the mechanism calls
of L3 and of the baselines; this script compares the public L2 calls too.
For each negotiate row it runs one iteration of the operation and of its
codec baseline under gdb, with a breakpoint on every public spnego*
function and every test-mechanism callback, keeps the calls made from L3
(neg_*, spnegoNegotiate*) or from the baseline (bench_neg_*), and compares
the two sequences: same functions, same order. Needs gdb and a build with
debug info (-DCMAKE_C_FLAGS=-g):

    python3 bench/negotiate_calls.py /tmp/bench-g/bench/spnego-bench

Prints each row's counts per function; exits 1 on a difference.
"""
import os
import re
import subprocess
import sys
import tempfile

ROWS = ["krb5-2leg", "ntlm-3leg-mic", "second-choice-mic"]
CALLBACKS = ("testmech_step", "testmech_get_mic", "testmech_verify_mic",
             "testmech_mic_required", "testmech_has_integrity", "testmech_mic_done")


def in_gdb():
    """Runs inside gdb: trace the calls made inside bench_run_loop."""
    import gdb  # noqa: F401  (only inside gdb)

    binary = gdb.current_progspace().filename
    nm = subprocess.run(["nm", binary], capture_output=True, text=True).stdout
    names = []
    for line in nm.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tT" and (
                re.match(r"spnego[A-Z]", parts[2]) or parts[2] in CALLBACKS):
            names.append(parts[2])
    calls = []

    class Trace(gdb.Breakpoint):
        def stop(self):
            frame = gdb.newest_frame()
            caller = frame.older()
            calls.append((frame.name(), caller.name() if caller else "?"))
            return False

    gdb.execute("set pagination off")
    gdb.execute("break bench_run_loop")
    gdb.execute("run")
    for name in names:
        Trace(name, internal=True)
    gdb.execute("continue")
    with open(os.environ["NEGOTIATE_CALLS_OUT"], "w") as out:
        for callee, caller in calls:
            out.write("%s %s\n" % (callee, caller))
    gdb.execute("quit")


def trace(binary, op, caller_re):
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as tmp:
        env = dict(os.environ, NEGOTIATE_CALLS_OUT=tmp.name)
        subprocess.run(["gdb", "-q", "-batch", "-x", os.path.abspath(__file__), "--args",
                        binary, "--callgrind", "--op", op, "--iters", "1"],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        seq = []
        for line in tmp:
            callee, caller = line.split()
            if callee.startswith("spnegoNegotiate") or not re.match(caller_re, caller):
                continue
            seq.append(callee)
        return seq


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    failed = 0
    for row in ROWS:
        l3 = trace(binary, "negotiate/" + row, r"(neg_|spnegoNegotiate)")
        codec = trace(binary, "negotiate/%s:codec" % row, r"bench_neg")
        same = l3 == codec and len(l3) > 0
        print("negotiate/%s: L3 %d calls, codec %d calls: %s" %
              (row, len(l3), len(codec), "same sequence" if same else "DIFFERENT"))
        counts = {}
        for name in l3:
            counts[name] = counts.get(name, 0) + 1
        for name in sorted(counts):
            print("    %3d %s" % (counts[name], name))
        if not same:
            failed = 1
            for i in range(max(len(l3), len(codec))):
                a = l3[i] if i < len(l3) else "-"
                b = codec[i] if i < len(codec) else "-"
                if a != b:
                    print("    first difference at call %d: L3 %s, codec %s" % (i + 1, a, b))
                    break
    sys.exit(failed)


if __name__ == "__main__":
    try:
        import gdb  # noqa: F401
    except ImportError:
        main()
    else:
        in_gdb()
