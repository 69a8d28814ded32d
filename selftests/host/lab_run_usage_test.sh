#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# lab_run_usage_test.sh: lab/run rejects bad usage with status 2 before it
# builds or boots anything.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/selftests/lib/tap.sh"
run=$top/lab/run

usage() {
	"$run" "$@" >/dev/null 2>&1
	tap_is "$?" 2 "lab/run $* -> usage error"
}

usage
usage --lab e500
usage --lab e500 --
usage --lab x86 -- true
usage --lab e500 --smp 2 -- true
usage --lab ppc64 --smp 0 -- true
usage --lab ppc64 --smp 5 -- true
usage --lab ppc64 --smp two -- true
usage --lab e500 --mem lots -- true
usage --lab e500 --mem 64 -- true
usage --lab e500 --timeout 0 -- true
usage --lab e500 --timeout -5 -- true
usage --lab e500 --add /nonexistent/dir -- true
usage --lab e500 --frobnicate -- true
usage --lab
tap_done
