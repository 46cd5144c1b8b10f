#!/bin/sh
# nginx-learn.sh: learn a policy for Debian's nginx, then serve under it.
#
#   scripts/nginx-learn.sh [--quick] [BUILD]
#
# 1. `preseal learn` runs nginx (master and one worker, on a loopback port,
#    everything in a temporary folder) while curl makes a few requests;
#    nginx is stopped with SIGQUIT and the policy is written.
# 2. The same nginx runs under `preseal run -p` that policy and must serve
#    the same file.
# 3. Without --quick: wrk loads nginx unconfined and confined, five
#    interleaved 10-second rounds each, and the script prints the requests
#    per second of each round, the medians, their ratio and the failed
#    requests (non-2xx answers and socket errors), and fails when any
#    request failed.  The figures in docs/performance.md come from here.
#
# Exit status: 0 when everything held, 1 when something failed, 77 when
# nginx, curl (or wrk without --quick) is missing.
set -eu

quick=0
if [ "${1:-}" = "--quick" ]; then
	quick=1
	shift
fi
build=${1:-build}
build=$(cd "$build" && pwd)
preseal=$build/preseal
nginx=/usr/sbin/nginx

for tool in "$nginx" curl; do
	command -v "$tool" >/dev/null 2>&1 || { echo "nginx-learn: $tool is not installed"; exit 77; }
done
if [ $quick = 0 ] && ! command -v wrk >/dev/null 2>&1; then
	echo "nginx-learn: wrk is not installed"
	exit 77
fi

dir=$(mktemp -d /tmp/preseal-nginx.XXXXXX)
chmod 755 "$dir"
nginx_pid=
cleanup() {
	[ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

port=$((20000 + $$ % 20000))
mkdir -p "$dir/www" "$dir/tmp"
head -c 4096 /dev/urandom | od -An -tx1 >"$dir/www/index.html"
cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
user root;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	keepalive_timeout 30;
	client_body_temp_path $dir/tmp/body;
	proxy_temp_path $dir/tmp/proxy;
	fastcgi_temp_path $dir/tmp/fastcgi;
	uwsgi_temp_path $dir/tmp/uwsgi;
	scgi_temp_path $dir/tmp/scgi;
	server {
		listen 127.0.0.1:$port;
		root $dir/www;
	}
}
EOF
url=http://127.0.0.1:$port/index.html

# Starts "$@" (an nginx command line) in the background; waits until it
# answers.
start() {
	"$@" >"$dir/out" 2>&1 &
	nginx_pid=$!
	tries=0
	until curl -fsS -o /dev/null "$url" 2>/dev/null; do
		tries=$((tries + 1))
		if [ $tries -gt 100 ] || ! kill -0 "$nginx_pid" 2>/dev/null; then
			echo "nginx-learn: nginx did not start: $*"
			cat "$dir/out" "$dir/error.log" 2>/dev/null
			return 1
		fi
		sleep 0.1
	done
}

stop() {
	kill -QUIT "$nginx_pid"
	status=0
	wait "$nginx_pid" || status=$?
	nginx_pid=
	return $status
}

run_nginx="$nginx -c $dir/nginx.conf -p $dir -e $dir/error.log"

# 1. Learn.
start "$preseal" learn -o "$dir/nginx.cfg" -- $run_nginx
for i in 1 2 3 4 5; do
	curl -fsS -o /dev/null "$url"
done
curl -fsS -o /dev/null -o /dev/null -o /dev/null "$url" "$url" "$url" # one connection, kept alive
stop || { echo "nginx-learn: learn ended badly"; cat "$dir/out"; exit 1; }
"$preseal" check -q "$dir/nginx.cfg" 2>"$dir/check" || { cat "$dir/check"; exit 1; }
echo "nginx-learn: learned $(grep -c '^	"' "$dir/nginx.cfg") allowed names and $(grep -c '^	{ syscall' "$dir/nginx.cfg") rules"

# 2. Serve under it.
start "$preseal" run -p "$dir/nginx.cfg" -- $run_nginx
curl -fsS -o "$dir/got" "$url"
cmp -s "$dir/got" "$dir/www/index.html" || { echo "nginx-learn: served the wrong file"; exit 1; }
worker=$(pgrep -P "$(pgrep -n -f "nginx: master process" || echo 0)" | head -1 || true)
if [ -n "$worker" ]; then
	echo "nginx-learn: worker $worker: $(grep Seccomp_filters /proc/"$worker"/status | tr '\t' ' ')"
fi
if [ $quick = 1 ]; then
	stop || true
	echo "nginx-learn: nginx served its file under the learned policy"
	exit 0
fi
stop || true

# 3. Throughput, unconfined against confined, interleaved.
failed=0
load() { # $1: label; prints requests/s
	wrk -t2 -c32 -d10s "$url" >"$dir/wrk" 2>&1
	rps=$(awk '/^Requests\/sec/ {print $2}' "$dir/wrk")
	errors=$(awk '/Socket errors/ {gsub(/[^0-9 ]/," "); s=0; for (i=1;i<=NF;i++) s+=$i; print s}' "$dir/wrk")
	non2xx=$(awk '/Non-2xx/ {print $NF}' "$dir/wrk")
	bad=$(( ${errors:-0} + ${non2xx:-0} ))
	[ "$bad" -eq 0 ] || failed=$((failed + bad))
	echo "$1 $rps $bad" >>"$dir/results"
}
: >"$dir/results"
for round in 1 2 3 4 5; do
	start $run_nginx && load unconfined && stop || true
	start "$preseal" run -p "$dir/nginx.cfg" -- $run_nginx && load confined && stop || true
done
awk '
	{ rps[$1] = rps[$1] " " $2; bad[$1] += $3 }
	function median(list,   n, v, i, j, t) {
		n = split(list, v, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return v[int((n + 1) / 2)]
	}
	END {
		u = median(rps["unconfined"]); c = median(rps["confined"])
		printf "nginx-learn: requests/s unconfined:%s  (median %.0f)\n", rps["unconfined"], u
		printf "nginx-learn: requests/s confined:  %s  (median %.0f)\n", rps["confined"], c
		printf "nginx-learn: confined/unconfined = %.3f; failed requests: %d unconfined, %d confined\n", c / u, bad["unconfined"], bad["confined"]
	}' "$dir/results"
[ $failed -eq 0 ] || { echo "nginx-learn: $failed requests failed"; exit 1; }
