#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lab_run_test.sh LAB: the contract of lab/run, checked by booting LAB.
#  - CMD's exit status comes back;
#  - argv reaches the lab byte for byte (spaces, quotes, newlines, $, >);
#  - --add DIR appears at /extra with modes kept;
#  - a panic gives 125, a timeout 124 (e500 only: its boots are cheap).
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/selftests/lib/tap.sh"
lab=$1
run="$top/lab/run --lab $lab"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$run -- sh -c 'exit 3' >"$tmp/out" 2>&1
tap_is "$?" 3 "$lab: sh -c 'exit 3' exits 3"

# argv and --add in one boot.
mkdir -p "$tmp/add/sub dir"
printf '#!/bin/sh\necho extra-script-ran\n' >"$tmp/add/script"
chmod 0751 "$tmp/add/script"
echo data >"$tmp/add/sub dir/file"
chmod 0640 "$tmp/add/sub dir/file"
nl='
'
$run --add "$tmp/add" -- sh -c '
	printf "<%s>" "$@"; echo
	stat -c "%a %n" /extra/script "/extra/sub dir/file"
	/extra/script
	cat "/extra/sub dir/file"' sh 'a b' "c'd" 'e"f' "g${nl}h" '$HOME' '>x' '' >"$tmp/out" 2>&1
rc=$?
tr -d '\r' <"$tmp/out" >"$tmp/clean"
tap_is "$rc" 0 "$lab: --add run exits 0"
tap_ok "$lab: argv arrives byte for byte" grep -qxF "<a b><c'd><e\"f><g" "$tmp/clean"
tap_ok "$lab: argv newline kept" grep -qxF "h><\$HOME><>x><>" "$tmp/clean"
tap_ok "$lab: --add keeps an executable's mode" grep -qxF "751 /extra/script" "$tmp/clean"
tap_ok "$lab: --add keeps a file's mode in a subdirectory" grep -qxF "640 /extra/sub dir/file" "$tmp/clean"
tap_ok "$lab: --add script runs" grep -qxF "extra-script-ran" "$tmp/clean"
tap_ok "$lab: --add data arrives" grep -qxF "data" "$tmp/clean"

$run -- sh -c 'echo c >/proc/sysrq-trigger; sleep 100' >"$tmp/out" 2>&1
tap_is "$?" 125 "$lab: a kernel panic gives 125"

if [ "$lab" = e500 ]; then
	$run --timeout 10 -- sleep 1000 >"$tmp/out" 2>&1
	tap_is "$?" 124 "$lab: a hung command gives 124"
	$run -- sh -c 'sleep 2; echo slept' >"$tmp/out" 2>&1
	tap_ok "$lab: sleep works in the lab" grep -q '^slept' "$tmp/out"
fi
tap_done
