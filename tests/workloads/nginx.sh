#!/bin/sh
# nginx.sh: Debian's nginx at work under the nginx profile.
#
#   sh tests/workloads/nginx.sh FOLDER PORT [root|nobody]
#
# Run by test_profiles, as root, with $PRESEAL set.  nginx (its master
# started by root or by nobody; two workers, nobody either way, with a
# priority, an rlimit and CPU affinity; the priority is the lowest, 19,
# which anyone may set whatever niceness the test inherits)
# serves static files with sendfile, gzip and `aio threads`, proxies a
# 1 MB answer (many reads) and a 200 kB request body (through its client
# body temp folder) to an upstream, proxies to a name its resolver looks up
# over UDP, logs, reloads on SIGHUP and stops on SIGQUIT.  Each step
# prints one line; the test compares them.
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin
dir=$1
port=$2
as=${3:-root}
here=$(dirname "$0")
fetch() { curl -sf --max-time 10 "$@"; }
same() { if cmp -s "$1" "$2"; then echo same; else echo "differ ($(wc -c <"$2") bytes)"; fi; }

mkdir -p "$dir/html/threads" "$dir/logs"
echo 'hello from nginx' >"$dir/html/index.html"
python3 -c 'import sys; sys.stdout.write("".join("line %06d of the static file\n" % i for i in range(40000)))' \
	>"$dir/html/static.txt"
cp "$dir/html/static.txt" "$dir/html/threads/file.txt"
head -c 200000 /dev/urandom >"$dir/body"
chmod -R a+rX "$dir"
[ "$as" = nobody ] && chown -R nobody "$dir"

python3 "$here/upstream.py" "$dir" 2>"$dir/upstream.log" &
upstream=$!
nginx_master=
trap 'kill $upstream; [ -n "$nginx_master" ] && kill -QUIT $nginx_master 2>/dev/null' EXIT
for i in $(seq 100); do [ -f "$dir/ports" ] && break; sleep 0.1; done
read -r up dns _ <"$dir/ports"
fetch -o "$dir/big.direct" "http://127.0.0.1:$up/big"

cat >"$dir/nginx.conf" <<CONF
worker_processes 2; worker_priority 19; worker_rlimit_nofile 512; worker_cpu_affinity auto;
pid $dir/nginx.pid; error_log $dir/logs/error.log;
events { worker_connections 64; }
http {
  access_log $dir/logs/access.log; client_body_temp_path $dir/body-temp;
  proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fcgi; uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi; sendfile on; client_body_buffer_size 8k;
  gzip on; gzip_min_length 1; gzip_types text/plain;
  resolver 127.0.0.1:$dns ipv6=off valid=1s;
  server {
    listen 127.0.0.1:$port; root $dir/html;
    location /threads/ { aio threads; sendfile off; }
    location /up/ { proxy_pass http://127.0.0.1:$up/; }
    location /named/ { set \$name upstream.test; proxy_pass http://\$name:$up/big; }
  }
}
CONF
runuser -u "$as" -- "$PRESEAL" run -p nginx -- /usr/sbin/nginx -e "$dir/logs/error.log" \
	-c "$dir/nginx.conf" || exit 3
nginx_master=$(cat "$dir/nginx.pid") || exit 4
for i in $(seq 50); do fetch -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

fetch "http://127.0.0.1:$port/"
fetch -o "$dir/got" "http://127.0.0.1:$port/static.txt"
echo "sendfile: $(same "$dir/html/static.txt" "$dir/got")"
fetch --compressed -D "$dir/headers" -o "$dir/got" "http://127.0.0.1:$port/static.txt"
echo "gzip: $(grep -ci '^content-encoding: gzip' "$dir/headers") $(same "$dir/html/static.txt" "$dir/got")"
fetch -o "$dir/got" "http://127.0.0.1:$port/threads/file.txt"
echo "aio threads: $(same "$dir/html/threads/file.txt" "$dir/got")"
fetch -o "$dir/got" "http://127.0.0.1:$port/up/big"
echo "proxied answer: $(same "$dir/big.direct" "$dir/got")"
echo "proxied body: $(fetch --data-binary @"$dir/body" "http://127.0.0.1:$port/up/sum" |
	cmp -s - "$(md5sum <"$dir/body" | cut -d' ' -f1 >"$dir/sum"; echo "$dir/sum")" && echo same)"
fetch -o "$dir/got" "http://127.0.0.1:$port/named/"
echo "resolver: $(same "$dir/big.direct" "$dir/got")"

workers=$(pgrep -P "$nginx_master" | sort -n)
echo "master: $(grep '^Seccomp:' /proc/$nginx_master/status | tr -d '\t')"
for worker in $workers; do
	echo "worker: $(ps -o user=,nice= -p "$worker" | tr -s ' ')" \
		"$(grep '^Max open files' /proc/$worker/limits | tr -s ' ' | cut -d' ' -f4)" \
		"$(taskset -pc "$worker" | sed -n "s/.*: \([0-9]*\)$/one cpu/p")" \
		"$(grep '^Seccomp:' /proc/$worker/status | tr -d '\t')"
done
echo "access log: $(grep -c '"GET /up/big HTTP' "$dir/logs/access.log")"

kill -HUP "$nginx_master"
for i in $(seq 100); do
	[ "$(pgrep -P "$nginx_master" | sort -n)" != "$workers" ] && break
	sleep 0.1
done
[ "$(pgrep -P "$nginx_master" | sort -n)" != "$workers" ] && echo "reloaded: new workers"
fetch "http://127.0.0.1:$port/"

kill -QUIT "$nginx_master"
for i in $(seq 100); do kill -0 "$nginx_master" 2>/dev/null || break; sleep 0.1; done
kill -0 "$nginx_master" 2>/dev/null || echo "stopped"
nginx_master=
