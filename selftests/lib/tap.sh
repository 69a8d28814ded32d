# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the shell selftests (sourced; busybox sh inside the lab).
#
#   tap_is ACTUAL EXPECTED DESCRIPTION   ok when the strings are equal
#   tap_ok DESCRIPTION CMD...            ok when CMD succeeds
#   tap_done                             prints the plan; exit 1 if any failed

tap_n=0
tap_failed=0
echo "TAP version 13"

tap_result() {
	tap_n=$((tap_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $tap_n $2"
	else
		echo "not ok $tap_n $2"
		tap_failed=$((tap_failed + 1))
	fi
}

tap_is() {
	if [ "$1" = "$2" ]; then
		tap_result 0 "$3"
	else
		echo "# $3: got '$1', expected '$2'"
		tap_result 1 "$3"
	fi
}

tap_ok() {
	d=$1
	shift
	if "$@"; then
		tap_result 0 "$d"
	else
		echo "# $d: '$*' failed"
		tap_result 1 "$d"
	fi
}

tap_skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n $1 # SKIP $2"
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" = 0 ]
}
