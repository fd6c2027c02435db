#!/bin/sh
# realm.sh - a throwaway Kerberos realm (MIT KDC) and Apache + mod_auth_gssapi
# on 127.0.0.1 for libspnego's interop tests. Nothing outside a fresh
# mktemp directory is touched (no /etc/krb5.conf, no system Apache).
#
#   realm.sh start STATE            create the realm, start krb5kdc (+ Apache)
#   realm.sh run   STATE NAME [-need X]... CMD [ARGS]
#                                   run CMD with the realm's environment;
#                                   @APACHE_PORT@ in ARGS becomes Apache's port
#   realm.sh serve STATE NAME [-need X]... [-expect TEXT] SERVER [ARGS] -- CLIENT [ARGS]
#                                   start SERVER -portfile F in the background,
#                                   run CLIENT with @PORT@ replaced by its port,
#                                   then wait for SERVER (it should exit by
#                                   itself: -once / -max-requests)
#   realm.sh stop  STATE [EXPECTED] stop the daemons by PID, print a summary
#                                   line, remove the directory
#   realm.sh env   STATE            print the environment file (for manual use)
#
# STATE is a file holding the realm directory, or "none" when the Kerberos
# packages are missing: then start succeeds and every run/serve exits 77
# (ctest SKIP_RETURN_CODE); SPNEGO_INTEROP_DISABLE=1 does the same on
# purpose. -need apache|curl|ntlmssp skips (77) when that
# optional peer is missing. With SPNEGO_INTEROP_REQUIRE=1 in the
# environment, stop fails if any test was skipped or fewer than EXPECTED
# results were recorded (for CI machines that have every package).
set -u

SKIP=77
cmd=${1:-}
state=${2:-}
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: $0 start|run|serve|stop|env STATE ..." >&2; exit 2; }
shift 2

free_port() {
    # Bind port 0 and read the port back; fall back to a random high port.
    if command -v python3 >/dev/null 2>&1 &&
       p=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null); then
        echo "$p"
    else
        echo $(( 20000 + $$ % 20000 + ${1:-0} ))
    fi
}

wait_pid_gone() {   # pid seconds*20
    n=0
    while kill -0 "$1" 2>/dev/null; do
        n=$((n + 1))
        [ "$n" -gt "$2" ] && return 1
        sleep 0.05
    done
    return 0
}

realm_dir() {
    [ -f "$state" ] || return 1
    D=$(cat "$state")
    [ "$D" != none ] && [ -d "$D" ] && [ -f "$D/env" ]
}

record() {          # name result
    [ -n "${D:-}" ] && [ -d "$D" ] && echo "$1 $2" >> "$D/results"
}

do_start() {
    if [ "${SPNEGO_INTEROP_DISABLE:-0}" = 1 ]; then
        echo "realm.sh: SPNEGO_INTEROP_DISABLE=1: interop tests will be skipped"
        echo none > "$state"
        exit 0
    fi
    for b in krb5kdc kdb5_util kadmin.local kinit; do
        if ! command -v "$b" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$b" ]; then
            echo "realm.sh: $b not found (install krb5-kdc krb5-admin-server krb5-user): interop tests will be skipped"
            echo none > "$state"
            exit 0
        fi
    done
    PATH=$PATH:/usr/sbin:/sbin
    D=$(mktemp -d /tmp/spnego-ci.XXXXXX) || exit 1
    chmod 755 "$D"                       # Apache's www-data children read the keytab
    echo "$D" > "$state"
    P=$(free_port 1)
    H=$(free_port 2)
    while [ "$H" = "$P" ]; do H=$(free_port 3); done

    cat > "$D/krb5.conf" <<EOF
[libdefaults]
    default_realm = SPNEGO.TEST
    dns_lookup_kdc = false
    dns_lookup_realm = false
    dns_canonicalize_hostname = false
    rdns = false
    forwardable = true
[realms]
    SPNEGO.TEST = {
        kdc = 127.0.0.1:$P
    }
[domain_realm]
    localhost = SPNEGO.TEST
    .spnego.test = SPNEGO.TEST
EOF
    cat > "$D/kdc.conf" <<EOF
[kdcdefaults]
    kdc_listen = 127.0.0.1:$P
    kdc_tcp_listen = 127.0.0.1:$P
[realms]
    SPNEGO.TEST = {
        database_name = $D/kdc/principal
        key_stash_file = $D/kdc/stash
        acl_file = $D/kdc/kadm5.acl
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
    }
[logging]
    kdc = FILE:$D/kdc.log
EOF
    have_ntlmssp=0
    if grep -qs '1.3.6.1.4.1.311.2.2.10' /etc/gss/mech /etc/gss/mech.d/* 2>/dev/null; then
        have_ntlmssp=1
    fi
    have_apache=0
    if command -v apache2 >/dev/null 2>&1 && [ -f /usr/lib/apache2/modules/mod_auth_gssapi.so ]; then
        have_apache=1
    fi
    have_curl=0
    if command -v curl >/dev/null 2>&1 && curl -V 2>/dev/null | grep -qi 'spnego\|gss-api'; then
        have_curl=1
    fi
    cat > "$D/env" <<EOF
export KRB5_CONFIG=$D/krb5.conf KRB5_KDC_PROFILE=$D/kdc.conf
export KRB5CCNAME=FILE:$D/alice.ccache KRB5_KTNAME=FILE:$D/http.keytab
export KRB5RCACHEDIR=$D/rcache NTLM_USER_FILE=$D/ntlm_users
export SPNEGO_REALM_DIR=$D SPNEGO_KDC_PORT=$P
export SPNEGO_HAVE_NTLMSSP=$have_ntlmssp SPNEGO_HAVE_APACHE=$have_apache SPNEGO_HAVE_CURL=$have_curl
export SPNEGO_APACHE_PORT=$H
EOF
    . "$D/env"
    mkdir -p "$D/kdc" "$D/rcache" && chmod 1777 "$D/rcache" && : > "$D/kdc/kadm5.acl"
    : > "$D/results"
    {
        kdb5_util create -s -r SPNEGO.TEST -P ci-master-pw &&
        kadmin.local -q "addprinc -pw alice-pw alice" &&
        kadmin.local -q "addprinc -randkey HTTP/localhost" &&
        kadmin.local -q "addprinc -randkey host/localhost" &&
        kadmin.local -q "ktadd -k $D/http.keytab HTTP/localhost host/localhost" &&
        # Samba's gensec (Heimdal inside) as a krb5 acceptor: it refuses a
        # target named localhost and builds a kvno-0 MEMORY keytab from the
        # password, matching kvno % 256: hence this name, password and kvno.
        kadmin.local -q "addprinc -pw krb5peer-pw HTTP/krb5peer.spnego.test" &&
        kadmin.local -q "modprinc -kvno 256 HTTP/krb5peer.spnego.test" &&
        kadmin.local -q "ktadd -norandkey -k $D/http.keytab HTTP/krb5peer.spnego.test" &&
        kadmin.local -q "ktadd -norandkey -k $D/alice.keytab alice"
    } > "$D/setup.log" 2>&1 || { echo "realm.sh: realm creation failed:"; cat "$D/setup.log"; exit 1; }
    chmod 644 "$D/http.keytab"
    echo "SPNEGO:alice:alice-ntlm-pw" > "$D/ntlm_users"
    chmod 644 "$D/ntlm_users"

    krb5kdc -n > "$D/krb5kdc.out" 2>&1 &
    echo $! > "$D/krb5kdc.pid"
    n=0
    until kinit -f -k -t "$D/alice.keytab" alice >/dev/null 2>&1; do
        n=$((n + 1))
        if [ "$n" -gt 200 ] || ! kill -0 "$(cat "$D/krb5kdc.pid")" 2>/dev/null; then
            echo "realm.sh: KDC did not come up"; cat "$D/krb5kdc.out" "$D/kdc.log" 2>/dev/null
            exit 1
        fi
        sleep 0.05
    done
    echo "realm.sh: KDC on 127.0.0.1:$P, alice@SPNEGO.TEST in $KRB5CCNAME"

    if [ "$have_apache" = 1 ]; then
        A=$D/apache
        mkdir -p "$A/run" "$A/htdocs/krb5" "$A/htdocs/ntlm" "$A/htdocs/both" "$A/htdocs/mic"
        for l in krb5 ntlm both mic; do echo "hello from apache /$l" > "$A/htdocs/$l/index.html"; done
        chmod -R a+rX "$A"
        cat > "$A/apache2.conf" <<EOF
ServerRoot "$A"
ServerName localhost
Listen 127.0.0.1:$H
PidFile "$A/apache2.pid"
DefaultRuntimeDir "$A/run"
Mutex file:$A/run default
ErrorLog "$A/error.log"
LogLevel info auth_gssapi:debug
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authn_core_module /usr/lib/apache2/modules/mod_authn_core.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule authz_user_module /usr/lib/apache2/modules/mod_authz_user.so
LoadModule auth_gssapi_module /usr/lib/apache2/modules/mod_auth_gssapi.so
DocumentRoot "$A/htdocs"
<Location /krb5>
    AuthType GSSAPI
    AuthName "krb5"
    GssapiCredStore keytab:$D/http.keytab
    GssapiAllowedMech krb5
    Require valid-user
</Location>
<Location /ntlm>
    AuthType GSSAPI
    AuthName "ntlm"
    GssapiAllowedMech ntlmssp
    GssapiConnectionBound On
    Require valid-user
</Location>
<Location /mic>
    AuthType GSSAPI
    AuthName "mic"
    GssapiCredStore keytab:$D/http.keytab
    GssapiAllowedMech krb5
    GssapiConnectionBound On
    Require valid-user
</Location>
<Location /both>
    AuthType GSSAPI
    AuthName "both"
    GssapiCredStore keytab:$D/http.keytab
    GssapiAllowedMech krb5
    GssapiAllowedMech ntlmssp
    GssapiConnectionBound On
    Require valid-user
</Location>
EOF
        if [ "$(id -u)" = 0 ]; then
            printf 'User www-data\nGroup www-data\n' >> "$A/apache2.conf"
        fi
        apache2 -f "$A/apache2.conf" -DFOREGROUND > "$A/stdout.log" 2>&1 &
        echo $! > "$D/apache2.pid"
        n=0
        until curl -s -o /dev/null "http://127.0.0.1:$H/" 2>/dev/null; do
            n=$((n + 1))
            if [ "$n" -gt 200 ] || ! kill -0 "$(cat "$D/apache2.pid")" 2>/dev/null; then
                echo "realm.sh: Apache did not come up; Apache tests will be skipped"
                cat "$A/stdout.log" "$A/error.log" 2>/dev/null
                sed -i 's/SPNEGO_HAVE_APACHE=1/SPNEGO_HAVE_APACHE=0/' "$D/env"
                break
            fi
            sleep 0.05
        done
        grep -q 'SPNEGO_HAVE_APACHE=1' "$D/env" && echo "realm.sh: Apache on 127.0.0.1:$H"
    fi
    echo "realm.sh: realm in $D (ntlmssp=$have_ntlmssp apache=$(grep -c 'SPNEGO_HAVE_APACHE=1' "$D/env") curl=$have_curl)"
    exit 0
}

# Parses "-need X" options; sets $shift_by; exits 77 (recorded) when missing.
check_needs() {   # name args...
    name=$1; shift
    shift_by=0
    while [ $# -gt 0 ] && [ "$1" = -need ]; do
        case $2 in
        apache)  ok=$SPNEGO_HAVE_APACHE ;;
        curl)    ok=$SPNEGO_HAVE_CURL ;;
        ntlmssp) ok=$SPNEGO_HAVE_NTLMSSP ;;
        *) echo "realm.sh: unknown -need $2" >&2; exit 2 ;;
        esac
        if [ "$ok" != 1 ]; then
            echo "realm.sh: $name skipped: $2 not available"
            record "$name" skipped
            exit $SKIP
        fi
        shift 2
        shift_by=$((shift_by + 2))
    done
}

enter_realm() {  # name
    if ! realm_dir; then
        echo "realm.sh: no realm (Kerberos packages missing): $1 skipped"
        exit $SKIP
    fi
    . "$D/env"
}

do_run() {
    name=$1; shift
    enter_realm "$name"
    check_needs "$name" "$@"
    shift $shift_by
    # Replace @APACHE_PORT@ in the arguments.
    n=$#
    while [ "$n" -gt 0 ]; do
        a=$1; shift
        case $a in *@APACHE_PORT@*) a=$(printf '%s' "$a" | sed "s/@APACHE_PORT@/$SPNEGO_APACHE_PORT/g") ;; esac
        set -- "$@" "$a"
        n=$((n - 1))
    done
    "$@"
    rc=$?
    if [ "$rc" = 0 ]; then record "$name" passed
    elif [ "$rc" = $SKIP ]; then record "$name" skipped
    else record "$name" "failed($rc)"; fi
    echo "realm.sh: $name exit $rc"
    exit $rc
}

do_serve() {
    name=$1; shift
    enter_realm "$name"
    check_needs "$name" "$@"
    shift $shift_by
    expect=
    if [ "${1:-}" = -expect ]; then expect=$2; shift 2; fi
    portfile=$D/port.$$.$(date +%s%N)
    # Split "SERVER ARGS -- CLIENT ARGS": server words go to a temp file.
    server_args=$D/server.$$.args
    : > "$server_args"
    while [ $# -gt 0 ] && [ "$1" != -- ]; do printf '%s\n' "$1" >> "$server_args"; shift; done
    [ "${1:-}" = -- ] || { echo "realm.sh: serve needs SERVER ... -- CLIENT ..." >&2; exit 2; }
    shift
    # Start the server (its words have no newlines; read them back).
    set_server() {
        set --
        while IFS= read -r w; do set -- "$@" "$w"; done < "$server_args"
        "$@" -portfile "$portfile" > "$D/$name.server.log" 2>&1 &
        echo $! > "$portfile.pid"
    }
    set_server
    spid=$(cat "$portfile.pid")
    n=0
    until [ -s "$portfile" ]; do
        n=$((n + 1))
        if [ "$n" -gt 200 ] || ! kill -0 "$spid" 2>/dev/null; then
            echo "realm.sh: server did not start:"; cat "$D/$name.server.log"
            kill "$spid" 2>/dev/null; record "$name" failed; exit 1
        fi
        sleep 0.05
    done
    port=$(cat "$portfile")
    n=$#
    while [ "$n" -gt 0 ]; do
        a=$1; shift
        case $a in *@PORT@*) a=$(printf '%s' "$a" | sed "s/@PORT@/$port/g") ;; esac
        set -- "$@" "$a"
        n=$((n - 1))
    done
    "$@" > "$D/$name.client.out" 2>&1
    crc=$?
    cat "$D/$name.client.out"
    if [ -n "$expect" ] && [ "$crc" = 0 ] && ! grep -qF "$expect" "$D/$name.client.out"; then
        echo "realm.sh: client output lacks \"$expect\""
        crc=1
    fi
    # The server exits by itself after its last request; give it 5 s.
    if wait_pid_gone "$spid" 100; then
        wait "$spid"; src=$?
    else
        echo "realm.sh: server still running; stopping it (pid $spid)"
        kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; src=1
    fi
    echo "--- server log"; cat "$D/$name.server.log"
    rm -f "$portfile" "$portfile.pid" "$server_args"
    rc=0
    [ "$crc" = 0 ] || rc=$crc
    [ "$rc" != 0 ] || [ "$src" = 0 ] || { echo "realm.sh: server exit $src"; rc=1; }
    if [ "$rc" = 0 ]; then record "$name" passed; else record "$name" "failed($rc)"; fi
    echo "realm.sh: $name exit $rc (client $crc, server $src)"
    exit $rc
}

do_stop() {
    expected=${1:-0}
    if ! realm_dir; then
        if [ "$expected" != 0 ]; then
            echo "realm.sh: interop summary: 0 tests ran (no Kerberos packages); expected $expected"
        else
            echo "realm.sh: realm stopped (none: no Kerberos packages)"
        fi
        rm -f "$state"
        if [ "${SPNEGO_INTEROP_REQUIRE:-0}" = 1 ]; then exit 1; fi
        exit 0
    fi
    pids=
    for f in krb5kdc.pid apache2.pid; do
        [ -f "$D/$f" ] && pids="$pids $(cat "$D/$f")"
    done
    for p in $pids; do kill -TERM "$p" 2>/dev/null; done
    for p in $pids; do
        wait_pid_gone "$p" 100 || { echo "realm.sh: pid $p ignored SIGTERM, killing"; kill -KILL "$p" 2>/dev/null; }
    done
    total=$(wc -l < "$D/results" | tr -d ' ')
    passed=$(grep -c ' passed$' "$D/results")
    skipped=$(grep -c ' skipped$' "$D/results")
    failed=$(grep -c ' failed' "$D/results")
    grep ' skipped$\| failed' "$D/results" | sed 's/^/realm.sh:   /'
    # By hand (start, a few runs or none, stop) there is nothing to sum up
    # unless a test ran; ctest's fixture always passes EXPECTED.
    if [ "$total" != 0 ] || [ "$expected" != 0 ]; then
        echo "realm.sh: interop summary: $total of $expected tests ran: $passed passed, $failed failed, $skipped skipped"
    else
        echo "realm.sh: realm stopped (no test ran)"
    fi
    rm -rf "$D"
    rm -f "$state"
    if [ "${SPNEGO_INTEROP_REQUIRE:-0}" = 1 ] &&
       { [ "$skipped" != 0 ] || [ "$total" -lt "$expected" ]; }; then
        echo "realm.sh: SPNEGO_INTEROP_REQUIRE=1 and not every interop test ran"
        exit 1
    fi
    exit 0
}

case $cmd in
start) do_start ;;
run)   do_run "$@" ;;
serve) do_serve "$@" ;;
stop)  do_stop "$@" ;;
env)   realm_dir && cat "$D/env" ;;
*) echo "realm.sh: unknown command $cmd" >&2; exit 2 ;;
esac
