#!/bin/sh
# check-layout.sh OBJDIR: the source layout holds (see the Makefile's
# CORE_SRC): no source under shim/ includes a header by a relative path
# (each folder sees only the headers its -I flags give it), no source uses
# a symbol of a folder it may not depend on (core: only core; preload:
# core; module: core and preload; cli: core), and no two sources of shim/
# depend on each other, directly or through others, as their objects'
# symbols show: every circle is named.
set -eu
obj=${1:-build/obj}
status=0

if grep -n '#include "\.\.' shim/*/*.c shim/*/*.h; then
	echo "check-layout: an include reaches across folders by a relative path" >&2
	status=1
fi

# The objects of today's sources only: a build folder may still hold
# objects of sources since moved or removed.
objects=""
for source in shim/*/*.c; do
	object=$obj/${source%.c}.o
	[ -f "$object" ] || { echo "check-layout: no $object: build first" >&2; exit 1; }
	objects="$objects $object"
done
for object in $objects; do
	name=${object#"$obj"/}
	name=${name%.o}
	nm --defined-only "$object" | awk -v n="$name" '$2 ~ /^[TDRBV]$/ { print "D", n, $3 }'
	nm --undefined-only "$object" | awk -v n="$name" '{ print "U", n, $2 }'
done | awk '
	$1 == "D" { if (!($3 in owner)) owner[$3] = $2; nodes[$2] = 1; next }
	{ uses[NR] = $2 " " $3 }
	END {
		may["core", "core"] = may["preload", "core"] = may["preload", "preload"] = 1
		may["module", "core"] = may["module", "preload"] = may["module", "module"] = 1
		may["cli", "core"] = may["cli", "cli"] = 1
		bad = 0
		for (u in uses) {
			split(uses[u], part, " ")
			if (!(part[2] in owner) || owner[part[2]] == part[1])
				continue
			edge[part[1], owner[part[2]]] = part[2]
			split(part[1], from, "/")
			split(owner[part[2]], to, "/")
			if (!((from[2], to[2]) in may)) {
				printf "check-layout: %s uses %s of %s\n", part[1], part[2], owner[part[2]] > "/dev/stderr"
				bad = 1
			}
		}
		count = 0
		for (n in nodes) name[++count] = n
		for (i = 1; i <= count; i++)
			for (j = 1; j <= count; j++)
				reach[i, j] = ((name[i], name[j]) in edge)
		for (k = 1; k <= count; k++)
			for (i = 1; i <= count; i++)
				if (reach[i, k])
					for (j = 1; j <= count; j++)
						if (reach[k, j]) reach[i, j] = 1
		for (i = 1; i <= count; i++)
			for (j = i + 1; j <= count; j++)
				if (reach[i, j] && reach[j, i]) {
					printf "check-layout: %s and %s depend on each other\n", name[i], name[j] > "/dev/stderr"
					bad = 1
				}
		exit bad
	}' || status=1
exit $status
