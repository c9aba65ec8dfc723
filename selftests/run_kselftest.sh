#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run zircon-lkm selftest programs the way the kernel's kselftest runner
# does, printing KTAP:
#
#   TAP version 13
#   1..N
#   # timeout set to T
#   # selftests: zircon: <name>
#   # <the program's own output>
#   ok N selftests: zircon: <name>        (or: not ok ... # exit=R / # TIMEOUT T seconds)
#
# and, last, a summary of the individual tests of all programs:
#
#   selftests: P passed, F failed, S skipped
#
# Usage: run_kselftest.sh [DIR] [NAME...]
#   DIR defaults to this script's directory; NAMEs default to the entries
#   of DIR/kselftest-list.txt. DIR/settings may set timeout=SECONDS per
#   program (default 45, like the kernel's runner); KSELFTEST_TIMEOUT in
#   the environment overrides it. Exits 1 if any program failed.
#
# POSIX sh: it runs under busybox in the test VM too.

set -u

dir=
if [ $# -gt 0 ] && [ -d "$1" ]; then
	dir=$1
	shift
else
	dir=$(dirname "$0")
fi
dir=$(cd "$dir" && pwd) || exit 2

if [ $# -gt 0 ]; then
	tests="$*"
elif [ -r "$dir/kselftest-list.txt" ]; then
	tests=$(sed -n 's/^zircon://p' "$dir/kselftest-list.txt")
else
	echo "run_kselftest.sh: no test names and no $dir/kselftest-list.txt" >&2
	exit 2
fi

timeout=45
if [ -r "$dir/settings" ]; then
	while IFS= read -r line; do
		case $line in
		timeout=*) timeout=${line#timeout=} ;;
		esac
	done < "$dir/settings"
fi
timeout=${KSELFTEST_TIMEOUT:-$timeout}

timeout_cmd=
if command -v timeout >/dev/null 2>&1 && [ "$timeout" -gt 0 ] 2>/dev/null; then
	timeout_cmd="timeout $timeout"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zircon-ksft.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

n=0
for t in $tests; do
	n=$((n + 1))
done

echo "TAP version 13"
echo "1..$n"

i=0
failed=0
tpass=0
tfail=0
tskip=0
for t in $tests; do
	i=$((i + 1))
	echo "# timeout set to $timeout"
	echo "# selftests: zircon: $t"
	log=$tmp/$t.log
	if [ ! -x "$dir/$t" ]; then
		echo "# $dir/$t: not found or not executable"
		echo "not ok $i selftests: zircon: $t # exit=127"
		failed=1
		tfail=$((tfail + 1))
		continue
	fi
	# The program's stdout and stderr, prefixed with "# " as they come;
	# its exit status travels through a file.
	{
		(cd "$dir" && $timeout_cmd "./$t" 2>&1)
		echo $? > "$tmp/rc"
	} | tee "$log" | sed 's/^/# /'
	rc=$(cat "$tmp/rc")

	# "# Totals: pass:P fail:F xfail:X xpass:Y skip:S error:E"
	totals=$(sed -n 's/^# Totals: //p' "$log" | tail -n 1)
	p=0 f=0 s=0 xf=0 xp=0 e=0
	if [ -n "$totals" ]; then
		p=$(echo "$totals" | sed -n 's/.*pass:\([0-9]*\) fail.*/\1/p')
		f=$(echo "$totals" | sed -n 's/.*fail:\([0-9]*\).*/\1/p')
		xf=$(echo "$totals" | sed -n 's/.*xfail:\([0-9]*\).*/\1/p')
		xp=$(echo "$totals" | sed -n 's/.*xpass:\([0-9]*\).*/\1/p')
		s=$(echo "$totals" | sed -n 's/.*skip:\([0-9]*\).*/\1/p')
		e=$(echo "$totals" | sed -n 's/.*error:\([0-9]*\).*/\1/p')
	fi
	p=$((${p:-0} + ${xf:-0}))
	f=$((${f:-0} + ${xp:-0} + ${e:-0}))
	s=${s:-0}
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && [ "$f" -eq 0 ]; then
		# Crashed or killed before reporting a failure: count one.
		f=1
	fi
	tpass=$((tpass + p))
	tfail=$((tfail + f))
	tskip=$((tskip + s))

	if [ -n "$timeout_cmd" ] && { [ "$rc" -eq 124 ] || [ "$rc" -eq 143 ]; }; then
		echo "not ok $i selftests: zircon: $t # TIMEOUT $timeout seconds"
		failed=1
	elif [ "$rc" -eq 4 ] || { [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$s" -gt 0 ]; }; then
		echo "ok $i selftests: zircon: $t # SKIP"
	elif [ "$rc" -eq 0 ]; then
		echo "ok $i selftests: zircon: $t"
	else
		echo "not ok $i selftests: zircon: $t # exit=$rc"
		failed=1
	fi
done

echo "selftests: $tpass passed, $tfail failed, $tskip skipped"
exit $failed
