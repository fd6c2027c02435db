#!/usr/bin/env python3
"""doc_snippets.py - every fenced C block of README.md and docs/*.md compiles.

usage: doc_snippets.py REPO_ROOT INCLUDE_DIR [CC]

Each ```c block is compiled with `CC -std=c11 -fsyntax-only -Wall -Wextra
-Wpedantic -Werror -I INCLUDE_DIR` (the headers as installed, plus the
system ones: GSS-API headers for spnego_gss.h when they are installed).
A block with its own #include lines is compiled exactly as written, as a
reader would copy it (README's usage block once failed: NULL undeclared).
A block without any #include is a reference fragment (prototypes, typedefs,
#defines of api.md): it is compiled after the public headers, so each
prototype and type must agree with the header (C11 allows the repeated
identical typedef); one that repeats a struct definition of the header is
compiled on its own instead. A block whose text holds the marker
`doc-snippet: skip` is skipped (say why next to the marker).
Prints one line per block; exits 1 if any block fails.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

PRELUDE = "#include <spnego.h>\n#include <spnego_http.h>\n#include <spnego_negotiate.h>\n"
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*([A-Za-z0-9_+-]*)")


def blocks(path):
    """(first line number, lang, text) of each fenced block."""
    out = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang = m.group(1), m.group(2).lower()
        start = i + 1
        j = start
        while j < len(lines) and not lines[j].strip().startswith(fence):
            j += 1
        out.append((start + 1, lang, "\n".join(lines[start:j]) + "\n"))
        i = j + 1
    return out


def compile_one(cc, inc, src):
    return subprocess.run([cc, "-std=c11", "-fsyntax-only", "-Wall", "-Wextra", "-Wpedantic",
                           "-Werror", "-Wno-unused-function", "-I", inc, src],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def main():
    root, inc = sys.argv[1], sys.argv[2]
    cc = sys.argv[3] if len(sys.argv) > 3 else os.environ.get("CC", "cc")
    files = [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    n = failed = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            rel = os.path.relpath(path, root)
            for line, lang, text in blocks(path):
                if lang not in ("c", "c99", "c11"):
                    continue
                n += 1
                where = "%s:%d" % (rel, line)
                if "doc-snippet: skip" in text:
                    skipped += 1
                    print("skip %s (marked)" % where)
                    continue
                standalone = re.search(r"^\s*#\s*include\b", text, re.M) is not None
                src = os.path.join(tmp, "snippet%d.c" % n)
                with open(src, "w", encoding="utf-8") as f:
                    f.write(text if standalone else PRELUDE + text)
                r = compile_one(cc, inc, src)
                how = "as written" if standalone else "after the headers"
                if r.returncode != 0 and not standalone:
                    # A fragment that repeats a struct definition of the
                    # header cannot follow it: it must compile on its own.
                    with open(src + ".alone.c", "w", encoding="utf-8") as f:
                        f.write(text)
                    alone = compile_one(cc, inc, src + ".alone.c")
                    if alone.returncode == 0:
                        r, how = alone, "on its own"
                if r.returncode != 0:
                    failed += 1
                    print("FAIL %s (%s)" % (where, how))
                    for l in r.stdout.decode(errors="replace").splitlines()[:12]:
                        print("     " + l.replace(src, where + "+"))
                else:
                    print("ok   %s (%s)" % (where, how))
    print("doc_snippets: %d C blocks, %d compiled, %d skipped, %d failed"
          % (n, n - skipped - failed, skipped, failed))
    return 1 if failed or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
