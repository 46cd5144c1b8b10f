#!/bin/sh
# The folders `make install` creates, so that `make uninstall` removes
# exactly those (when empty) and no folder that was there before.
#
#   scripts/install-dirs.sh create DESTDIR MANIFEST PREFIX DIR...
#       makes each DIR under DESTDIR and adds every folder it had to create
#       at or below PREFIX (as a path without DESTDIR) to DESTDIR/MANIFEST,
#       one a line.  Folders above PREFIX (/usr, /opt) are never recorded:
#       in a staging DESTDIR they are the packager's business.
#   scripts/install-dirs.sh remove DESTDIR MANIFEST PREFIX DIR...
#       deletes the manifest, then removes the folders it names and each
#       DIR (preseal's own), deepest first, each only when empty
set -eu
mode=$1
dest=$2
manifest=$3
prefix=$4
shift 4

create() {
	created=""
	for dir in "$@"; do
		path=$dir
		while [ ! -d "$dest$path" ]; do
			case $path in
			"$prefix" | "$prefix"/*) ;;
			*) break ;;
			esac
			created="$created$path
"
			path=$(dirname "$path")
		done
		install -d "$dest$dir"
	done
	mkdir -p "$(dirname "$dest$manifest")"
	{
		[ -f "$dest$manifest" ] && cat "$dest$manifest"
		printf '%s' "$created"
	} | sort -u >"$dest$manifest.new"
	mv "$dest$manifest.new" "$dest$manifest"
	chmod 0644 "$dest$manifest"
}

remove() {
	dirs=""
	if [ -f "$dest$manifest" ]; then
		dirs=$(cat "$dest$manifest")
		rm -f "$dest$manifest"
	fi
	printf '%s\n' "$dirs" "$@" | awk -F/ 'NF > 1 { print NF "\t" $0 }' | sort -rn | cut -f2- |
		while IFS= read -r dir; do
			rmdir "$dest$dir" 2>/dev/null || true
		done
}

case $mode in
create) create "$@" ;;
remove) remove "$@" ;;
*)
	echo "install-dirs.sh: create or remove, not '$mode'" >&2
	exit 2
	;;
esac
