#!/usr/bin/python3
"""samba_peer.py - Samba's gensec SPNEGO (python3-samba; Samba's bundled
Heimdal underneath) as an initiator or acceptor speaking the line protocol
of peer_pipe.py. Run it with Debian's /usr/bin/python3: other Pythons cannot
import Debian's samba package. Needs the realm of realm.sh (KRB5_CONFIG,
SPNEGO_REALM_DIR).

    samba_peer.py init --mech ntlm|krb5 [--target-host H] [--service S]
                       [--user U] [--password P] [--domain D]
    samba_peer.py acc --principal SVC/HOST --password P [--simulate-w2k]

init: a gensec client with user, password and domain (ntlm: Kerberos off,
so only NTLMSSP is offered; krb5: Kerberos only, Samba gets its own TGT
from the KDC with the password). acc: a Kerberos acceptor; gensec builds a
MEMORY keytab (kvno 0) from the principal's password, so the principal has
kvno 256 in the realm (Heimdal matches kvno % 256). --simulate-w2k sets
"spnego:simulate_w2k = yes": the acceptor then copies its response token
into mechListMIC, as Windows 2000 did.

"start" (acceptor) makes gensec speak first with a NegTokenInit2.
"done" reports sign=/seal= (gensec features of the established context).
"""
import argparse
import base64
import os
import sys
import tempfile


def out(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("role", choices=["init", "acc"])
    ap.add_argument("--mech", choices=["ntlm", "krb5"], default="ntlm")
    ap.add_argument("--target-host", default="krb5peer.spnego.test")
    ap.add_argument("--service", default="HTTP")
    ap.add_argument("--user", default="alice")
    ap.add_argument("--password", default=None)
    ap.add_argument("--domain", default="SPNEGO")
    ap.add_argument("--principal", default="HTTP/krb5peer.spnego.test")
    ap.add_argument("--simulate-w2k", action="store_true")
    o = ap.parse_args()
    try:
        from samba import credentials, gensec, param
    except ImportError as e:
        out("skip python3-samba not importable by %s: %s" % (sys.executable, e))
        return 77
    realm_dir = os.environ.get("SPNEGO_REALM_DIR")
    if not realm_dir or not os.environ.get("KRB5_CONFIG"):
        out("skip no test realm (run under tests/interop/realm.sh)")
        return 77

    # A private smb.conf and state directories per run (tests may run in
    # parallel); nothing under /etc/samba or /var/lib/samba is used.
    work = tempfile.mkdtemp(prefix="samba.", dir=realm_dir)
    conf = os.path.join(work, "smb.conf")
    with open(conf, "w") as f:
        f.write("[global]\n"
                "  workgroup = SPNEGO\n"
                "  realm = SPNEGO.TEST\n"
                "  netbios name = SAMBAPEER\n"
                "  lock dir = %s\n  state directory = %s\n"
                "  cache directory = %s\n  private dir = %s\n"
                "  spnego:simulate_w2k = %s\n"
                % (work, work, work, work,
                   "yes" if o.simulate_w2k else "no"))
    lp = param.LoadParm()
    lp.load(conf)

    creds = credentials.Credentials()
    creds.guess(lp)
    settings = {"lp_ctx": lp, "target_hostname": o.target_host}
    if o.role == "init":
        creds.set_username(o.user)
        creds.set_domain(o.domain)
        if o.mech == "ntlm":
            creds.set_password(o.password or "alice-ntlm-pw")
            creds.set_kerberos_state(credentials.DONT_USE_KERBEROS)
        else:
            creds.set_password(o.password or "alice-pw")
            creds.set_realm("SPNEGO.TEST")
            creds.set_kerberos_state(credentials.MUST_USE_KERBEROS)
        g = gensec.Security.start_client(settings)
        g.set_credentials(creds)
        g.set_target_service(o.service)
        g.set_target_hostname(o.target_host)
    else:
        creds.set_username(o.principal)
        creds.set_password(o.password or "krb5peer-pw")
        creds.set_realm("SPNEGO.TEST")
        creds.set_domain("SPNEGO")
        creds.set_kerberos_state(credentials.MUST_USE_KERBEROS)
        g = gensec.Security.start_server(settings=settings)
        g.set_credentials(creds)
    g.want_feature(gensec.FEATURE_SIGN)
    g.want_feature(gensec.FEATURE_SEAL)
    g.start_mech_by_sasl_name("GSS-SPNEGO")

    state = {"done": False, "failed": False}

    def step(data):
        if state["done"] or state["failed"]:
            out("fail context already finished")
            return
        try:
            finished, reply = g.update(data)
        except Exception as e:  # gensec raises NTSTATUSError/RuntimeError
            state["failed"] = True
            out("fail Samba gensec update: %s" % (e,))
            return
        if reply:
            out("tok " + base64.b64encode(reply).decode())
        if finished:
            state["done"] = True
            out("done sign=%d seal=%d" % (
                int(g.have_feature(gensec.FEATURE_SIGN)),
                int(g.have_feature(gensec.FEATURE_SEAL))))
        else:
            out("cont")

    if o.role == "init":
        step(b"")
    for _ in range(64):
        line = sys.stdin.readline()
        if not line:
            break
        line = line.rstrip("\r\n")
        if line == "quit":
            break
        cmd, _, arg = line.partition(" ")
        try:
            if cmd == "tok":
                step(base64.b64decode(arg))
            elif cmd == "start" and o.role == "acc":
                step(b"")  # gensec then speaks first: a NegTokenInit2
            elif cmd == "wrap" and state["done"]:
                out("tok " + base64.b64encode(g.wrap(arg.encode())).decode())
                out("ok")
            elif cmd == "unwrap" and state["done"]:
                out("ok " + g.unwrap(base64.b64decode(arg)).decode())
            else:
                out("fail unknown command or not established")
        except Exception as e:
            out("fail %s: %s" % (cmd, e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
