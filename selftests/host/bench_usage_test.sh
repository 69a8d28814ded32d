#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench_usage_test.sh: bench/run and bench/report reject bad usage with a
# message, before they build or boot anything.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/selftests/lib/tap.sh"

usage() {
	err=$("$top/bench/run" "$@" 2>&1 >/dev/null)
	rc=$?
	tap_is "$rc" 2 "bench/run $* -> usage error"
	case "$err" in
	*usage:*) tap_result 0 "bench/run $*: says why" ;;
	*) tap_result 1 "bench/run $*: says why (got '$err')" ;;
	esac
}

usage --lab
usage --lab x86
usage --reps 0
usage --reps three
usage --workload -1
usage --micro ""
usage --sweep ""
usage --sweep "1 x 8"
usage --sweep "08"
usage --frobnicate
"$top/bench/report" /nonexistent/result.json >/dev/null 2>&1
tap_is "$?" 2 "bench/report with a missing result file -> usage error"
"$top/bench/report" "$top/README.md" >/dev/null 2>&1
tap_is "$?" 2 "bench/report with a file that is not a result -> usage error"
tap_done
