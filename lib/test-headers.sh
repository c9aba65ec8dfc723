#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
#
# Host check of libzircon's headers and ABI; needs no kernel module and
# takes a few seconds (make -C lib check-headers). It checks that:
#  - every public header compiles on its own, as C11 and as C++17, 64- and
#    32-bit;
#  - test/abi.c (values, layouts, signatures) compiles without a warning as
#    C (c11, gnu11) and C++17, 64- and 32-bit, with gcc and, if installed,
#    clang, under strict warnings;
#  - libzircon.so.0 has its soname and exports exactly libzircon.map's
#    functions, each declared in a header, each _zx_ one an alias of its
#    zx_ one; libzircon.a defines no global symbol outside the zx_, _zx_
#    and __zircon_ namespaces;
#  - the library maps every ZIRCON_ERRNO_* of the uapi header;
#  - test/smoke.c passes against libzircon.so and libzircon.a, and links
#    for -m32 (and runs, where the host can run 32-bit programs);
#  - test/device.c: one descriptor for racing threads, a fresh one after
#    fork, errors mapped, with a regular file standing in for the device;
#  - every call that returns ZX_ERR_NOT_SUPPORTED (unsupported.c) is in the
#    tables of Documentation/zircon.rst and the README;
#  - every file in lib/ carries the SPDX line.
#
# Usage: test-headers.sh [O]   O: the 64-bit build directory (../build/lib)
set -eu

cd "$(dirname "$0")"
O=${1:-../build/lib}
CC=${CC:-cc}
CXX=${CXX:-c++}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# run DESCRIPTION COMMAND...: run a command, report it if it fails
run() {
	what=$1
	shift
	if ! "$@" >"$tmp/out" 2>&1; then
		fail "$what"
		sed 's/^/    /' "$tmp/out" | head -n 20
	fi
}

WARN="-Wall -Wextra -Werror -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wundef -Wcast-qual"
CWARN="$WARN -Wstrict-prototypes -Wmissing-prototypes"
INC="-I include"

# 1. Each header stands alone, 64- and 32-bit.
headers=$(cd include && find zircon -name '*.h' | sort)
for h in $headers; do
	printf '#include <%s>\ntypedef int zx_test_not_empty;\n' "$h" >"$tmp/one.c"
	for m in -m64 -m32; do
		run "$h alone (C11 $m)" $CC -std=c11 $m $CWARN $INC -fsyntax-only "$tmp/one.c"
		run "$h alone (C++17 $m)" $CXX -std=c++17 $m $WARN $INC -fsyntax-only -x c++ \
			"$tmp/one.c"
	done
done

# 2. The ABI test across languages, ABIs and compilers.
compilers="$CC:$CXX"
if command -v clang >/dev/null 2>&1 && command -v clang++ >/dev/null 2>&1; then
	compilers="$compilers clang:clang++"
fi
for pair in $compilers; do
	cc=${pair%%:*}
	cxx=${pair#*:}
	for m in -m64 -m32; do
		for std in c11 gnu11; do
			run "abi.c $cc -std=$std $m" \
				$cc -std=$std $m $CWARN $INC -fsyntax-only test/abi.c
		done
		run "abi.c $cxx -std=c++17 $m" \
			$cxx -std=c++17 $m $WARN $INC -fsyntax-only -x c++ test/abi.c
	done
done

# 3. Exported symbols, soname, static namespace.
so=$O/libzircon.so.0
expected=$(sed -n 's/^[[:space:]]*\(_\{0,1\}zx_[a-z0-9_]*\);$/\1/p' libzircon.map | sort)
exported=$(nm -D --defined-only "$so" |
	awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | sort)
[ "$exported" = "$expected" ] ||
	fail "exports of $so differ from libzircon.map:
$(printf '%s\n' "$expected" >"$tmp/want"; printf '%s\n' "$exported" | diff "$tmp/want" - || true)"
stray=$(nm -D --defined-only "$so" | awk '$2 != "T" && $3 != "LIBZIRCON_0"')
[ -z "$stray" ] || fail "$so exports more than functions: $stray"
# A _zx_ name is declared by the __ZX_SYSCALL_NAMES list of syscalls.h (or,
# for the handle accessors of process.h, by a prototype there, as Fuchsia
# has them) and is an ELF alias: the same address as its zx_ name, not a
# wrapper.
nm -D --defined-only "$so" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3, $1 }' >"$tmp/addr"
for f in $expected; do
	case $f in
	_zx_*)
		grep -q "X(${f#_zx_})" include/zircon/syscalls.h ||
			grep -q "^zx_handle_t $f(void);" include/zircon/process.h ||
			fail "$f is exported but not in __ZX_SYSCALL_NAMES (syscalls.h)"
		a=$(awk -v n="$f" '$1 == n { print $2 }' "$tmp/addr")
		b=$(awk -v n="${f#_}" '$1 == n { print $2 }' "$tmp/addr")
		[ -n "$b" ] && [ "$a" = "$b" ] || fail "$f is not an alias of an exported ${f#_}"
		;;
	*)
		grep -q "[ *]$f(" include/zircon/*.h || fail "$f is exported but declared in no header"
		;;
	esac
done
for f in $(printf '%s\n' $expected | grep '^_zx_'); do
	printf '%s\n' $expected | grep -qx "${f#_}" || fail "$f is exported without ${f#_}"
done
readelf -d "$so" | grep -q 'SONAME.*\[libzircon\.so\.0\]' || fail "$so: soname is not libzircon.so.0"
stray=$(nm -g --defined-only "$O/libzircon.a" |
	awk 'NF == 3 && $3 !~ /^(_?zx_|__zircon_)/ { print $3 }')
[ -z "$stray" ] || fail "libzircon.a defines global symbols outside zx_/_zx_/__zircon_: $stray"

# 4. The errno table covers the uapi header.
uapi=$(sed -n 's/^#define ZIRCON_ERRNO_\([A-Z_]*\).*/\1/p' ../uapi/linux/zircon.h | sort)
ours=$(sed -n '/^#define ZIRCON_ERRNO_STATUSES/,/[^\\]$/p' private.h |
	grep -o 'X([A-Z_]*)' | sed 's/X(\(.*\))/\1/' | sort)
[ "$uapi" = "$ours" ] ||
	fail "ZIRCON_ERRNO_STATUSES (private.h) differs from the ZIRCON_ERRNO_* of the uapi header"

# 5. Smoke test: shared (C and C++), static with the internals, 32-bit.
abs_o=$(cd "$O" && pwd)
run "smoke test (shared) builds" $CC -std=gnu11 $CWARN $INC -o "$tmp/smoke" test/smoke.c \
	-L"$abs_o" -Wl,-rpath,"$abs_o" -lzircon
[ -x "$tmp/smoke" ] && run "smoke test (shared)" "$tmp/smoke"
run "smoke test (static) builds" $CC -std=gnu11 -Wall -Wextra -Werror $INC -I ../uapi \
	-DZX_INTERNALS -o "$tmp/smoke-static" test/smoke.c "$abs_o/libzircon.a" -pthread
[ -x "$tmp/smoke-static" ] && run "smoke test (static)" "$tmp/smoke-static"
run "C++ program builds" $CXX -std=c++17 $WARN $INC -DZX_ABI_MAIN -o "$tmp/abi-cxx" \
	-x c++ test/abi.c -x none -L"$abs_o" -Wl,-rpath,"$abs_o" -lzircon
[ -x "$tmp/abi-cxx" ] && run "C++ program runs" "$tmp/abi-cxx"

# The descriptor's life cycle (threads, fork), with a file as the device.
: >"$tmp/zircon"
run "device test builds" $CC -std=gnu11 -Wall -Wextra -Werror -fvisibility=hidden $INC \
	-I ../uapi -DZIRCON_DEVICE="\"$tmp/zircon\"" -o "$tmp/device" test/device.c \
	*.c -pthread
[ -x "$tmp/device" ] && run "device test" "$tmp/device"

run "32-bit libzircon.a builds" make -s M32=1 O="$tmp/lib32"
if [ -f "$tmp/lib32/libzircon.a" ]; then
	run "32-bit smoke test links" $CC -m32 -std=gnu11 -Wall -Wextra -Werror $INC \
		-I ../uapi -DZX_INTERNALS -o "$tmp/smoke32" test/smoke.c \
		"$tmp/lib32/libzircon.a" -pthread
	if [ -x "$tmp/smoke32" ]; then
		if "$tmp/smoke32" >"$tmp/out" 2>&1; then
			:
		elif [ $? -eq 126 ]; then
			echo "SKIP: this host cannot run 32-bit programs"
		else
			fail "32-bit smoke test"
			sed 's/^/    /' "$tmp/out" | head -n 20
		fi
	fi
fi

# 6. The calls that return ZX_ERR_NOT_SUPPORTED are listed, each of them, in
# the table of Documentation/zircon.rst and of the README.
stubs=$(sed -n '/^#define ZIRCON_NOT_SUPPORTED/,/[^\\]$/p' unsupported.c |
	grep -o 'X([a-z0-9_]*)' | sed 's/X(\(.*\))/zx_\1/')
[ -n "$stubs" ] || fail "no ZIRCON_NOT_SUPPORTED list in unsupported.c"
for f in $stubs; do
	grep -q "\`\`$f\`\`" ../Documentation/zircon.rst ||
		fail "$f returns ZX_ERR_NOT_SUPPORTED but Documentation/zircon.rst does not list it"
	grep -q "\`$f\`" ../README.md || fail "$f returns ZX_ERR_NOT_SUPPORTED but README.md does not list it"
done

# 7. Licence lines.
for f in $(find . -type f | sort); do
	head -n 2 "$f" | grep -q 'SPDX-License-Identifier: LGPL-2.1-or-later OR MIT' ||
		fail "$f: no SPDX-License-Identifier: LGPL-2.1-or-later OR MIT"
done

if [ "$failures" -ne 0 ]; then
	echo "test-headers: $failures failure(s)"
	exit 1
fi
echo "test-headers: ok"
