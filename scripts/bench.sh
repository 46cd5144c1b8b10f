#!/bin/sh
# preseal's benchmark (`make bench`): start-up, per-call, compile and memory
# costs, with the targets of issue 7, side by side with bwrap and firejail.
#
#   scripts/bench.sh BUILD_DIR
#
# Every group interleaves its cases round by round, so that drift on a shared
# machine touches all of them alike, and reports medians with the spread
# (the interquartile range).  Timing targets are checked here and only here:
# the tests never fail on timing.  BENCH_README=1 also writes the table into
# README.md between the "bench:begin" and "bench:end" markers.
# BENCH_QUICK=1 runs fewer rounds (a smoke test, not a measurement).
set -eu
build=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
bench="$build/bench"
work="$bench/run"
shim="$build/libpreseal.so"
preseal="$build/preseal"
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	start_rounds=40 call_rounds=3 call_iterations=50000 compile_rounds=1 rss_rounds=3
else
	start_rounds=400 call_rounds=41 call_iterations=100000 compile_rounds=5 rss_rounds=51
fi

rm -rf "$work"
mkdir -p "$work"
chmod 0700 "$work"
out="$work/results.md"

# ---- Policies --------------------------------------------------------------
sh "$top/scripts/gen-bench-policies.sh" "$preseal" "$work/policies" >/dev/null
p="$work/policies"
for name in one-rule rules-360 rules-360-priority; do
	"$preseal" compile "$p/$name.cfg" --format preseal -o "$p/$name.pbf"
done
"$preseal" compile "$p/rules-360.cfg" --format bpf -o "$p/rules-360.bpf"
"$preseal" compile baseline --format bpf -o "$p/baseline.bpf"
baseline_insns=$(($(wc -c <"$p/baseline.bpf") / 8))
# Landlock: a policy that allows every syscall and grants 20 folders, with
# and without its Landlock part, and the same ruleset for the floor library.
ll_paths="/usr /etc /lib /lib64 /bin /sbin /opt /srv /var/lib /var/cache /var/log /var/tmp /tmp \
/run /home /root /mnt /media /dev/null /boot"
ll_count=$(echo $ll_paths | wc -w)
printf 'default_action = "allow";\n' >"$p/allow.cfg"
"$preseal" compile "$p/allow.cfg" --format preseal -o "$p/allow.pbf"
"$preseal" compile "$p/allow.cfg" --format bpf -o "$p/allow.bpf"
# shellcheck disable=SC2086
"$bench/landlock_policy" "$p/landlock-20.pbf" $ll_paths
ll_floor_env="LD_PRELOAD=$bench/filter_preload.so BENCH_BPF=$p/allow.bpf BENCH_LANDLOCK=$(echo $ll_paths | tr ' ' :)"
ll_file=/usr/bin/true
rules_360=$(grep -c '^  "' "$p/rules-360.cfg")
rules_360=$((rules_360 + $(grep -c 'syscall =' "$p/rules-360.cfg")))

# ---- Helpers ----------------------------------------------------------------
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "nan" }'; }
quartiles() { # prints "Q1 Q3"
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int(NR / 4) + 1], v[int(3 * NR / 4) + (NR > 1 ? 0 : 1)]; else print "nan nan" }'
}
pass() { # pass CONDITION_AWK_EXPRESSION
	if awk "BEGIN { exit !($1) }"; then echo pass; else echo FAIL; fi
}
say() { printf '%s\n' "$*" | tee -a "$out"; }

cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)
distro=$(. /etc/os-release && echo "$PRETTY_NAME")
say "Machine: $cpu, $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r), $distro; load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $(date -u +%Y-%m-%d)."
say ""

# ---- Start-up ---------------------------------------------------------------
env_shim="LD_PRELOAD=$shim"
true_bin=/bin/true
# Fill the cache: the first start with a policy compiles it and stores the
# entry beside it.
env -u PRESEAL_CACHE LD_PRELOAD="$shim" PRESEAL_POLICY="$p/rules-360.cfg" "$true_bin"
[ -f "$p/.rules-360.cfg.preseal-enforce" ] || echo "bench: no cache entry was written" >&2

cases="plain|||$true_bin"
cases="$cases
empty-preload|LD_PRELOAD=$bench/empty_preload.so||$true_bin
filter-preload|LD_PRELOAD=$bench/filter_preload.so||$true_bin
filter-baseline|LD_PRELOAD=$bench/filter_preload.so BENCH_BPF=$p/baseline.bpf||$true_bin
filter-360|LD_PRELOAD=$bench/filter_preload.so BENCH_BPF=$p/rules-360.bpf||$true_bin
baseline|$env_shim||$true_bin
360-cached|$env_shim PRESEAL_POLICY=$p/rules-360.cfg||$true_bin
360-compiled|$env_shim PRESEAL_POLICY=$p/rules-360.pbf||$true_bin
360-uncached|LD_PRELOAD=$shim PRESEAL_CACHE=off PRESEAL_POLICY=$p/rules-360.cfg||$true_bin
allow-floor|LD_PRELOAD=$bench/filter_preload.so BENCH_BPF=$p/allow.bpf||$true_bin
allow-compiled|$env_shim PRESEAL_POLICY=$p/allow.pbf||$true_bin
landlock-floor|$ll_floor_env||$true_bin
landlock-20|$env_shim PRESEAL_POLICY=$p/landlock-20.pbf||$true_bin"
bwrap=$(command -v bwrap || true)
if [ -n "$bwrap" ] && "$bwrap" --dev-bind / / "$true_bin" 2>/dev/null; then
	cases="$cases
bwrap|||$bwrap --dev-bind / / $true_bin
bwrap-seccomp||9<$p/rules-360.bpf|$bwrap --dev-bind / / --seccomp 9 $true_bin"
else
	echo "bench: bwrap is missing or cannot run here" >&2
fi
firejail=$(command -v firejail || true)
firejail_note=""
if [ -n "$firejail" ]; then
	if firejail_out=$("$firejail" --quiet --noprofile --seccomp "$true_bin" 2>&1); then
		cases="$cases
firejail-seccomp|||$firejail --quiet --noprofile --seccomp $true_bin"
	else
		firejail_note="firejail --noprofile --seccomp failed here: $(echo "$firejail_out" | head -1)"
		echo "bench: $firejail_note" >&2
	fi
fi
echo "bench: start-up, $start_rounds interleaved rounds…" >&2
old_ifs=$IFS
IFS='
'
# shellcheck disable=SC2086
"$bench/spawn" "$start_rounds" 20 $cases >"$work/startup"
IFS=$old_ifs

field() { awk -v name="$1" -v column="$2" '$1 == name { print $column }' "$work/startup"; }
plain=$(field plain 2)
describe() {
	case $1 in
	plain) echo "\`/bin/true\`, plain" ;;
	empty-preload) echo "floor: a preloaded library that does nothing" ;;
	filter-preload) echo "floor: a preloaded library loading a 1-instruction filter" ;;
	filter-baseline) echo "floor: the same library loading the baseline's BPF ($baseline_insns instructions)" ;;
	filter-360) echo "floor: the same library loading the $rules_360-rule BPF" ;;
	baseline) echo "shim, built-in baseline (compiled at build time)" ;;
	360-cached) echo "shim, $rules_360-rule policy (.cfg, cache hit)" ;;
	360-compiled) echo "shim, the same compiled (\`.pbf\`)" ;;
	360-uncached) echo "shim, the same .cfg, PRESEAL_CACHE=off" ;;
	bwrap) echo "\`bwrap --dev-bind / /\`, no filter" ;;
	bwrap-seccomp) echo "\`bwrap --seccomp\`, the same BPF" ;;
	firejail-seccomp) echo "\`firejail --noprofile --seccomp\`" ;;
	allow-floor) echo "floor: the library loading an allow-everything policy's BPF" ;;
	allow-compiled) echo "shim, that policy compiled (\`.pbf\`), no Landlock part" ;;
	landlock-floor) echo "floor: the library applying a $ll_count-path Landlock ruleset, then that BPF" ;;
	landlock-20) echo "shim, that policy with the $ll_count paths (\`.pbf\`)" ;;
	esac
}
say "#### Start-up ($start_rounds interleaved rounds; wall time from spawn to exit)"
say ""
say "| case | median | IQR | child CPU | page faults | added to plain |"
say "|---|---:|---:|---:|---:|---:|"
while read -r name median q1 q3 cpu_us failures faults; do
	added=$(awk -v a="$median" -v b="$plain" 'BEGIN { printf "%+.2f ms", (a - b) / 1000 }')
	[ "$name" = plain ] && added="—"
	[ "$failures" = 0 ] || added="$added ($failures runs failed)"
	say "$(awk -v d="$(describe "$name")" -v m="$median" -v a="$q1" -v b="$q3" -v c="$cpu_us" \
		-v f="$faults" -v added="$added" \
		'BEGIN { printf "| %s | %.2f ms | %.2f–%.2f | %.2f ms | %.1f | %s |", \
		d, m / 1000, a / 1000, b / 1000, c / 1000, f, added }')"
done <"$work/startup"
[ -z "$firejail_note" ] || say "" && [ -z "$firejail_note" ] || say "$firejail_note"
say ""

# An exec'd child whose filter is already in place: the runner itself runs
# under the shim (the baseline), so both cases start inside its filter; the
# second also loads the shim, which finds its filter by the probe and stops.
echo "bench: start-up after exec, $start_rounds interleaved rounds…" >&2
env LD_PRELOAD="$shim" "$bench/spawn" "$start_rounds" 20 "inside|||$true_bin" \
	"inside-shim|LD_PRELOAD=$shim PRESEAL_FILTER=@||$true_bin" >"$work/startup-exec"
exec_plain=$(awk '$1 == "inside" { print $2 }' "$work/startup-exec")
exec_shim=$(awk '$1 == "inside-shim" { print $2 }' "$work/startup-exec")
say "After an exec under the same policy (the filter already in place, both runs inside it): \
\`/bin/true\` $(awk -v a="$exec_plain" 'BEGIN { printf "%.2f", a / 1000 }') ms, with the shim \
$(awk -v a="$exec_shim" 'BEGIN { printf "%.2f", a / 1000 }') ms \
($(awk -v a="$exec_shim" -v b="$exec_plain" 'BEGIN { printf "%+.2f", (a - b) / 1000 }') ms: \
loading the library and one probe call)."
say ""

# ---- Per call ---------------------------------------------------------------
echo "bench: per call, $call_rounds interleaved rounds…" >&2
call_cases="none getppid -
none-ioctl ioctl -
one-rule ioctl $p/one-rule.pbf
360-allowed getppid $p/rules-360.pbf
360-checked ioctl $p/rules-360.pbf
360p-allowed getppid $p/rules-360-priority.pbf
360p-checked ioctl $p/rules-360-priority.pbf
openat-none openat -
stat-none stat -
openat-allow openat $p/allow.pbf
stat-allow stat $p/allow.pbf
openat-landlock openat $p/landlock-20.pbf
stat-landlock stat $p/landlock-20.pbf
openat-floor openat floor
stat-floor stat floor"
round=0
while [ "$round" -lt "$call_rounds" ]; do
	echo "$call_cases" | while read -r name call policy; do
		if [ "$policy" = - ]; then
			ns=$("$bench/syscall_cost" "$call" "$call_iterations" "$ll_file")
		elif [ "$policy" = floor ]; then
			# shellcheck disable=SC2086
			ns=$(env $ll_floor_env "$bench/syscall_cost" "$call" "$call_iterations" "$ll_file")
		else
			ns=$(env LD_PRELOAD="$shim" PRESEAL_POLICY="$policy" \
				"$bench/syscall_cost" "$call" "$call_iterations" "$ll_file")
		fi
		echo "$ns" >>"$work/call-$name"
	done
	round=$((round + 1))
done
call() { median <"$work/call-$1"; }
spread() { quartiles <"$work/call-$1" | awk '{ printf "%.1f–%.1f", $1, $2 }'; }
say "#### Per call (ns per call: median over $call_rounds interleaved runs of the fastest batch of $((call_iterations / 200)) calls)"
say ""
say "| filter | call | median | IQR |"
say "|---|---|---:|---:|"
row() { say "| $1 | $2 | $(call "$3") | $(spread "$3") |"; }
row "none" "getppid()" none
row "none" "ioctl(-1, FIONREAD)" none-ioctl
row "one argument rule (the limit)" "ioctl(-1, FIONREAD)" one-rule
row "$rules_360 rules, tree" "getppid(), allowed, no argument rules" 360-allowed
row "$rules_360 rules, tree" "ioctl(-1, FIONREAD), argument-checked" 360-checked
row "$rules_360 rules, priority" "getppid(), allowed, no argument rules" 360p-allowed
row "$rules_360 rules, priority" "ioctl(-1, FIONREAD), argument-checked" 360p-checked
row "none" "openat + close of $ll_file" openat-none
row "none" "stat of $ll_file" stat-none
row "allow everything, no Landlock part" "openat + close of $ll_file" openat-allow
row "allow everything, no Landlock part" "stat of $ll_file" stat-allow
row "the same with $ll_count Landlock paths" "openat + close of $ll_file" openat-landlock
row "the same with $ll_count Landlock paths" "stat of $ll_file" stat-landlock
row "floor: the same ruleset and BPF, no shim" "openat + close of $ll_file" openat-floor
row "floor: the same ruleset and BPF, no shim" "stat of $ll_file" stat-floor
say ""

# ---- Compile ------------------------------------------------------------------
echo "bench: compile time…" >&2
say "#### Compile (in process, median of $compile_rounds; ms)"
say ""
say "| policy | read (libconfig) | compile + verify | of which verify | total | instructions |"
say "|---|---:|---:|---:|---:|---:|"
for name in rules-360 rules-2000; do
	set -- $("$bench/compile_time" "$p/$name.cfg" "$compile_rounds")
	echo "$4" >"$work/compile-$name"
	rules=$(grep -c 'syscall =' "$p/$name.cfg")
	[ "$name" = rules-360 ] && rules=$rules_360
	say "| $rules rules ($name.cfg) | $1 | $2 | $3 | $4 | $5 |"
done
say ""

# ---- Memory -------------------------------------------------------------------
echo "bench: memory…" >&2
for r in $(seq "$rss_rounds"); do
	"$bench/rss" >>"$work/rss-plain"
	env -u PRESEAL_CACHE LD_PRELOAD="$shim" "$bench/rss" >>"$work/rss-baseline"
	env -u PRESEAL_CACHE LD_PRELOAD="$shim" PRESEAL_POLICY="$p/rules-360.cfg" \
		"$bench/rss" >>"$work/rss-360-cached"
	env LD_PRELOAD="$shim" PRESEAL_CACHE=off PRESEAL_POLICY="$p/rules-360.cfg" \
		"$bench/rss" >>"$work/rss-360-uncached"
done
# The mean, not the median: the file-backed count falls into a few clusters
# (the kernel maps file pages 16 at a time around a fault, in windows that
# follow where ASLR put each library), and a median jumps between them.
rss() { awk -v c="$2" '{ sum += $c } END { printf "%.0f", NR ? sum / NR : 0 }' "$work/rss-$1"; }
rss_range() {
	awk 'NR == 1 || $1 < low { low = $1 } NR == 1 || $1 > high { high = $1 }
		END { printf "%d–%d", low, high }' "$work/rss-$1"
}
say "#### Memory at the start of main (mean of $rss_rounds; KiB)"
say ""
say "| case | VmRSS | its range | anonymous | file-backed | added to plain |"
say "|---|---:|---:|---:|---:|---:|"
for name in plain baseline 360-cached 360-uncached; do
	added=$(( $(rss "$name" 1) - $(rss plain 1) ))
	[ "$name" = plain ] && added="—"
	say "| $name | $(rss "$name" 1) | $(rss_range "$name") | $(rss "$name" 2) | $(rss "$name" 3) | $added |"
done
say ""

# ---- Targets --------------------------------------------------------------------
added_baseline=$(awk -v a="$(field baseline 2)" -v b="$plain" 'BEGIN { printf "%.3f", (a - b) / 1000 }')
added_360=$(awk -v a="$(field 360-cached 2)" -v b="$plain" 'BEGIN { printf "%.3f", (a - b) / 1000 }')
say "#### Targets"
say ""
say "| target | measured | result |"
say "|---|---:|---|"
say "| shim adds ≤ 0.3 ms to a start, baseline | $added_baseline ms | $(pass "$added_baseline <= 0.3") |"
say "| shim adds ≤ 0.5 ms to a start, $rules_360-rule policy | $added_360 ms | $(pass "$added_360 <= 0.5") |"
if [ -n "$(field firejail-seccomp 2)" ]; then
	ratio=$(awk -v f="$(field firejail-seccomp 2)" -v b="$plain" -v s="$added_360" \
		'BEGIN { s = s > 0.001 ? s : 0.001; printf "%.0f", (f - b) / 1000 / s }')
	say "| fifty times less than firejail's | ${ratio}× less | $(pass "$ratio >= 50") |"
fi
allowed=$(awk -v a="$(call 360-allowed)" -v b="$(call none)" 'BEGIN { printf "%+.1f", (a / b - 1) * 100 }')
say "| allowed call, no argument rules: within 10% of no filter | $allowed % | $(pass "$allowed <= 10") |"
checked=$(awk -v a="$(call 360-checked)" -v b="$(call one-rule)" 'BEGIN { printf "%+.1f", a - b }')
say "| argument-checked call, $rules_360 rules: within 15 ns of one rule | $checked ns | $(pass "$checked <= 15") |"
compile_2000=$(cat "$work/compile-rules-2000")
say "| 2,000 rules compile in < 50 ms | $compile_2000 ms | $(pass "$compile_2000 < 50") |"
floor=$(awk -v a="$(field filter-preload 2)" -v b="$plain" 'BEGIN { printf "%.3f", (a - b) / 1000 }')
floor_baseline=$(awk -v a="$(field filter-baseline 2)" -v b="$plain" 'BEGIN { printf "%.3f", (a - b) / 1000 }')
own_baseline=$(awk -v a="$added_baseline" -v f="$floor_baseline" 'BEGIN { printf "%.3f", a - f }')
floor_360=$(awk -v a="$(field filter-360 2)" -v b="$plain" 'BEGIN { printf "%.3f", (a - b) / 1000 }')
own_360=$(awk -v a="$added_360" -v f="$floor_360" 'BEGIN { printf "%.3f", a - f }')
rss_added=$(( $(rss baseline 1) - $(rss plain 1) ))
anon_added=$(( $(rss baseline 2) - $(rss plain 2) ))
ll_own=$(awk -v a="$(field landlock-20 2)" -v f="$(field landlock-floor 2)" 'BEGIN { printf "%.3f", (a - f) / 1000 }')
say "| start-up with $ll_count Landlock paths: within 0.05 ms of the floor applying the same ruleset | $ll_own ms | $(pass "$ll_own <= 0.05") |"
say "| shim leaves < 256 KiB in RSS (baseline) | $rss_added KiB ($anon_added KiB anonymous) | $(pass "$rss_added < 256") |"
say ""
say "The floors: a preloaded library that only loads a one-instruction filter adds $floor ms \
here, one that loads the baseline's BPF $floor_baseline ms, the $rules_360-rule BPF \
$floor_360 ms.  Beyond them the shim adds $own_baseline ms with the baseline and $own_360 ms \
with $rules_360 rules (each over the same program loaded by the floor library)."

# ---- Cross-check with hyperfine ---------------------------------------------------
if command -v hyperfine >/dev/null; then
	echo "bench: hyperfine cross-check…" >&2
	hyperfine -N --runs 200 --warmup 20 --export-markdown "$work/hyperfine.md" \
		"env $true_bin" "env LD_PRELOAD=$shim $true_bin" >/dev/null 2>&1 &&
		{ say ""; say "hyperfine, not interleaved (both through \`env\`):"; say ""
		  sed "s|$shim|libpreseal.so|" "$work/hyperfine.md" | tee -a "$out"; }
fi

if [ "${BENCH_README:-0}" = 1 ]; then
	readme="$top/README.md"
	awk -v results="$out" '
		/<!-- bench:begin -->/ { print; while ((getline line < results) > 0) print line; skip = 1; next }
		/<!-- bench:end -->/ { skip = 0 }
		!skip { print }' "$readme" >"$readme.tmp" && mv "$readme.tmp" "$readme"
	echo "bench: README.md updated" >&2
fi
echo "bench: results in $out" >&2
