#!/bin/sh
# curl.sh: Debian's curl doing what the curl profile's header claims.
#
#   sh tests/workloads/curl.sh FOLDER
#
# Run by test_profiles, as root, with $PRESEAL set.  The workload runs in
# new mount and network namespaces (unshare), so that a DNS server on port
# 53 and an /etc/resolv.conf naming it are its own; exits 77 when they
# cannot be made.  tests/workloads/upstream.py serves HTTP on port 80,
# HTTPS on 443 (a certificate made here), DNS on 53 and an FTP greeting
# on a free port; a listener on port 25 records whether anyone came.  The
# profile lets curl connect to 53, 80 and 443 only, and bind nothing.
# Each step prints one line; the test compares them.
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
if [ "${CURL_WORKLOAD_INSIDE:-}" != 1 ]; then
	CURL_WORKLOAD_INSIDE=1 exec unshare -m -n sh "$here/curl.sh" "$dir" ||
		exit 77
fi
ip link set lo up || exit 77
echo "nameserver 127.0.0.1" >"$dir/resolv.conf"
mount --bind "$dir/resolv.conf" /etc/resolv.conf || exit 77
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" \
	-days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost 2>/dev/null || exit 77

python3 "$here/upstream.py" "$dir" 53 80 443 2>"$dir/upstream.log" &
upstream=$!
python3 -c 'import socket, sys
listener = socket.create_server(("127.0.0.1", 25))
open(sys.argv[1] + "/smtp.ready", "w").close()
listener.accept()
open(sys.argv[1] + "/smtp.connected", "w").close()' "$dir" &
smtp=$!
trap 'kill $upstream $smtp' EXIT
for i in $(seq 100); do [ -f "$dir/ports" ] && [ -f "$dir/smtp.ready" ] && break; sleep 0.1; done
read -r up dns tls ftp <"$dir/ports"
curl() { "$PRESEAL" run -p curl -- /usr/bin/curl -sS "$@"; }
there() { if [ -e "$1" ]; then echo "$1 exists"; else echo "no file"; fi; }
url=http://127.0.0.1

curl "$url/"
curl "http://localhost/"
curl "http://upstream.test/"
curl --cacert "$dir/cert.pem" "https://localhost/"
curl "https://localhost/" 2>/dev/null
echo "https, Debian's CA store, unknown certificate: $?"
curl --interface lo "$url/"
curl "$url:25/" 2>/dev/null
echo "port 25: $? $(there "$dir/smtp.connected")"
curl --local-port 45000-45100 "$url/" 2>/dev/null
echo "--local-port: $?"
curl --interface 127.0.0.1 "$url/" 2>/dev/null
echo "--interface ADDRESS: $?"
echo 'user-agent = "from ~/.curlrc"' >"$HOME/.curlrc"
curl "$url/echo-headers" | grep User-Agent
rm "$HOME/.curlrc"
echo "machine 127.0.0.1 login alice password secret" >"$HOME/.netrc"
curl -n "$url/echo-headers" | grep Authorization
mv "$HOME/.netrc" "$dir/netrc"
curl --netrc-file "$dir/netrc" "$url/echo-headers" | grep Authorization
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tflavour\toat\n' >"$dir/jar"
curl -b "$dir/jar" "$url/echo-headers" | grep Cookie
curl -D - -c - "$url/cookie" | grep -E '^Set-Cookie|flavour' | tr '\t\r' ' '

curl -o "$dir/saved" "$url/" 2>/dev/null
echo "-o: $? $(there "$dir/saved")"
(cd "$dir" && curl -O "$url/big" 2>/dev/null)
echo "-O: $? $(there "$dir/big")"
curl --create-dirs -o "$dir/new/saved" "$url/" 2>/dev/null
echo "--create-dirs: $? $(there "$dir/new")"
curl -c "$dir/jar.new" "$url/cookie"
echo "-c FILE: $? $(there "$dir/jar.new")"
curl -D "$dir/headers" "$url/" >/dev/null 2>&1
[ $? -ne 0 ] && echo "-D FILE: fails $(there "$dir/headers")"
curl --trace "$dir/trace" "$url/" 2>"$dir/stderr"
echo "--trace FILE: $? $(there "$dir/trace"), on stderr: $(grep -c '^== Info: Connected to' "$dir/stderr")"
curl "ftp://127.0.0.1:$ftp/file" 2>/dev/null
echo "ftp, a port not granted: $?"
