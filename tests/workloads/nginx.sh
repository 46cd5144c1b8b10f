#!/bin/sh
# nginx.sh: Debian's nginx at work under the nginx profile.
#
#   sh tests/workloads/nginx.sh FOLDER [root|nobody]
#
# Run by test_profiles, as root, with $PRESEAL set.  The workload runs in
# new mount and network namespaces (unshare): folders of FOLDER are
# mounted on Debian's nginx folders (/etc/nginx, /var/www, /var/log/nginx,
# /var/lib/nginx, /run, and /etc/ssl for a certificate made here), so nginx
# runs with its own paths, and ports 80, 443, 8080 and 53 are the
# namespace's own; exits 77 when they cannot be made.
# nginx (its master started by root or by nobody; two workers, nobody
# either way, with a priority, an rlimit and CPU affinity; the priority is
# the lowest, 19, which anyone may set whatever niceness the test
# inherits) serves static files with sendfile, gzip and `aio threads`
# over http and https,
# proxies a 1 MB answer (many reads) and a 200 kB request body (through
# its client body temp folder) to an upstream on port 8080, proxies to a
# name its resolver looks up over UDP, refuses a file outside its folders
# that a symlink in the web root names and an upstream on port 9090 (not
# in the profile), logs, reloads on SIGHUP, survives
# a refused binary upgrade (SIGUSR2: execve) and stops on SIGQUIT.  Each
# step prints one line; the test compares them.
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin
dir=$1
as=${2:-root}
here=$(cd "$(dirname "$0")" && pwd)
if [ "${NGINX_WORKLOAD_INSIDE:-}" != 1 ]; then
	NGINX_WORKLOAD_INSIDE=1 exec unshare -m -n sh "$here/nginx.sh" "$dir" "$as" || exit 77
fi
ip link set lo up || exit 77
sysctl -qw net.ipv4.ip_unprivileged_port_start=0 || exit 77
fetch() { curl -sf --max-time 10 "$@"; }
there() { if [ -e "$1" ]; then echo "$1 exists"; else echo "nobody came"; fi; }
same() { if cmp -s "$1" "$2"; then echo same; else echo "differ ($(wc -c <"$2") bytes)"; fi; }

mkdir -p "$dir/etc" "$dir/www/html/threads" "$dir/log" "$dir/lib" "$dir/run" "$dir/ssl"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/ssl/key.pem" -out "$dir/ssl/cert.pem" \
	-days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost 2>/dev/null || exit 77
echo 'hello from nginx' >"$dir/www/html/index.html"
python3 -c 'import sys; sys.stdout.write("".join("line %06d of the static file\n" % i for i in range(40000)))' \
	>"$dir/www/html/static.txt"
cp "$dir/www/html/static.txt" "$dir/www/html/threads/file.txt"
echo 'a secret beside the web root' >"$dir/secret.txt"
ln -s "$dir/secret.txt" "$dir/www/html/leak.txt"
head -c 200000 /dev/urandom >"$dir/body"
chmod -R a+rX "$dir"
[ "$as" = nobody ] && chown -R nobody "$dir/log" "$dir/lib" "$dir/run"
for pair in etc:/etc/nginx www:/var/www log:/var/log/nginx lib:/var/lib/nginx run:/run ssl:/etc/ssl; do
	mount --bind "$dir/${pair%%:*}" "${pair#*:}" || exit 77
done

python3 "$here/upstream.py" "$dir" 53 8080 2>"$dir/upstream.log" &
upstream=$!
python3 -c 'import socket, sys
listener = socket.create_server(("127.0.0.1", 9090))
open(sys.argv[1] + "/other.ready", "w").close()
listener.accept()
open(sys.argv[1] + "/other.connected", "w").close()' "$dir" &
other=$!
master=
trap 'kill $upstream $other; [ -n "$master" ] && kill -QUIT $master 2>/dev/null' EXIT
for i in $(seq 100); do [ -f "$dir/ports" ] && [ -f "$dir/other.ready" ] && break; sleep 0.1; done
fetch -o "$dir/big.direct" "http://127.0.0.1:8080/big"

cat >/etc/nginx/nginx.conf <<'CONF'
worker_processes 2; worker_priority 19; worker_rlimit_nofile 512; worker_cpu_affinity auto;
pid /run/nginx.pid; error_log /var/log/nginx/error.log;
events { worker_connections 64; }
http {
  access_log /var/log/nginx/access.log; sendfile on; client_body_buffer_size 8k;
  gzip on; gzip_min_length 1; gzip_types text/plain;
  resolver 127.0.0.1 ipv6=off valid=1s;
  server {
    listen 127.0.0.1:80; listen 127.0.0.1:443 ssl; root /var/www/html;
    ssl_certificate /etc/ssl/cert.pem; ssl_certificate_key /etc/ssl/key.pem;
    location /threads/ { aio threads; sendfile off; }
    location /up/ { proxy_pass http://127.0.0.1:8080/; }
    location /other/ { proxy_pass http://127.0.0.1:9090/; }
    location /named/ { set $name upstream.test; proxy_pass http://$name:8080/big; }
  }
}
CONF
runuser -u "$as" -- "$PRESEAL" run -p nginx -- /usr/sbin/nginx -e /var/log/nginx/error.log \
	-c /etc/nginx/nginx.conf || exit 3
master=$(cat /run/nginx.pid) || exit 4
for i in $(seq 50); do fetch -o /dev/null "http://127.0.0.1/" && break; sleep 0.1; done

fetch "http://127.0.0.1/"
fetch --cacert /etc/ssl/cert.pem "https://localhost/"
fetch -o "$dir/got" "http://127.0.0.1/static.txt"
echo "sendfile: $(same "$dir/www/html/static.txt" "$dir/got")"
fetch --compressed -D "$dir/headers" -o "$dir/got" "http://127.0.0.1/static.txt"
echo "gzip: $(grep -ci '^content-encoding: gzip' "$dir/headers") $(same "$dir/www/html/static.txt" "$dir/got")"
fetch -o "$dir/got" "http://127.0.0.1/threads/file.txt"
echo "aio threads: $(same "$dir/www/html/threads/file.txt" "$dir/got")"
fetch -o "$dir/got" "http://127.0.0.1/up/big"
echo "proxied answer: $(same "$dir/big.direct" "$dir/got")"
md5sum <"$dir/body" | cut -d' ' -f1 >"$dir/sum"
echo "proxied body: $(fetch --data-binary @"$dir/body" "http://127.0.0.1/up/sum" |
	cmp -s - "$dir/sum" && echo same)"
echo "body temp folder: $(ls -d /var/lib/nginx/body 2>/dev/null)"
fetch -o "$dir/got" "http://127.0.0.1/named/"
echo "resolver: $(same "$dir/big.direct" "$dir/got")"
echo "outside the web root: $(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/leak.txt)" \
	"$(grep -c 'leak.txt" failed (13: Permission denied)' /var/log/nginx/error.log)"
echo "upstream on a port not granted: $(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/other/)" \
	"$(there "$dir/other.connected")"

workers=$(pgrep -P "$master" | sort -n)
echo "master: $(grep '^Seccomp:' /proc/$master/status | tr -d '\t')"
for worker in $workers; do
	echo "worker: $(ps -o user=,nice= -p "$worker" | tr -s ' ')" \
		"$(grep '^Max open files' /proc/$worker/limits | tr -s ' ' | cut -d' ' -f4)" \
		"$(taskset -pc "$worker" | sed -n "s/.*: \([0-9]*\)$/one cpu/p")" \
		"$(grep '^Seccomp:' /proc/$worker/status | tr -d '\t')"
done
echo "access log: $(grep -c '"GET /up/big HTTP' /var/log/nginx/access.log)"

kill -HUP "$master"
for i in $(seq 100); do
	[ "$(pgrep -P "$master" | sort -n)" != "$workers" ] && break
	sleep 0.1
done
[ "$(pgrep -P "$master" | sort -n)" != "$workers" ] && echo "reloaded: new workers"
fetch "http://127.0.0.1/"

kill -USR2 "$master"
for i in $(seq 50); do grep -q 'execve() failed' /var/log/nginx/error.log && break; sleep 0.1; done
grep -o 'execve() failed.*' /var/log/nginx/error.log
fetch "http://127.0.0.1/"
echo "old binaries: $(ls /run | grep -c oldbin)"

kill -QUIT "$master"
for i in $(seq 100); do kill -0 "$master" 2>/dev/null || break; sleep 0.1; done
kill -0 "$master" 2>/dev/null || echo "stopped"
master=
