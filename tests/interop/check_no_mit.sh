#!/bin/sh
# check_no_mit.sh PROGRAM - a Heimdal peer must load Heimdal's libgssapi.so.3
# and nothing of MIT krb5 (libgssapi_krb5, MIT's libkrb5.so.3, libk5crypto):
# the two GSS-API libraries must never share a process.
set -u
prog=${1:?usage: check_no_mit.sh PROGRAM}
out=$(ldd "$prog") || { echo "ldd $prog failed"; exit 1; }
echo "$out"
if echo "$out" | grep -E 'libgssapi_krb5|libkrb5\.so\.3|libk5crypto|libkrb5support'; then
    echo "FAIL: $prog loads MIT krb5"
    exit 1
fi
echo "$out" | grep -q 'libgssapi\.so\.3' || { echo "FAIL: $prog does not load Heimdal's libgssapi.so.3"; exit 1; }
echo "OK: Heimdal only"
