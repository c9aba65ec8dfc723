#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Print a directory holding the kernel's own kselftest_harness.h and the
# headers it includes (kselftest.h), extracted once from Debian's
# linux-source-6.12 tarball into a cache outside the work tree:
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/zircon-lkm/kselftest-<tarball>-<mtime>/
#
# The headers are neither copied into the repository nor rewritten.
# Extraction takes ~10-15 s (xz must decompress up to the members), so it
# is done at most once per tarball; concurrent callers (make -j, 32- and
# 64-bit builds) are safe: each extracts into a private directory and the
# first atomic rename wins.
#
# Environment:
#   KSELFTEST_TARBALL  tarball to use (default /usr/src/linux-source-6.12.tar.xz)
set -eu

tarball=${KSELFTEST_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
sub=tools/testing/selftests

if [ ! -r "$tarball" ]; then
	echo "get-harness.sh: $tarball not found." >&2
	echo "get-harness.sh: install Debian's linux-source-6.12 (tools/install-deps does)," >&2
	echo "get-harness.sh: or pass HARNESS_DIR=<linux>/$sub to make." >&2
	exit 1
fi

mtime=$(stat -c %Y "$tarball")
name=$(basename "$tarball")
name=${name%.tar.*}
cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/zircon-lkm
dir=$cache/kselftest-$name-$mtime

complete() {
	[ -f "$1/kselftest_harness.h" ] && [ -f "$1/kselftest.h" ]
}

if complete "$dir"; then
	echo "$dir"
	exit 0
fi

mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.extract.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Members wanted: the harness, plus every header it (transitively) includes
# with "..." from the selftests directory. 6.12 needs only kselftest.h,
# but look rather than assume; each further round costs one more pass.
want="kselftest_harness.h kselftest.h"
have=""
while [ -n "$want" ]; do
	pats=""
	for h in $want; do
		pats="$pats */$sub/$h"
	done
	# shellcheck disable=SC2086
	tar -xJf "$tarball" -C "$tmp" --wildcards $pats
	have="$have $want"
	next=""
	for f in "$tmp"/*/$sub/*.h; do
		for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"/]*\)".*/\1/p' "$f"); do
			case " $have $next " in
			*" $inc "*) ;;
			*) next="$next $inc" ;;
			esac
		done
	done
	want=$next
done

src=$(echo "$tmp"/*/$sub)
if ! complete "$src"; then
	echo "get-harness.sh: $tarball has no $sub/kselftest_harness.h" >&2
	exit 1
fi
chmod 0755 "$src"
if ! mv -T "$src" "$dir" 2>/dev/null && ! complete "$dir"; then
	echo "get-harness.sh: cannot create $dir" >&2
	exit 1
fi
echo "$dir"
