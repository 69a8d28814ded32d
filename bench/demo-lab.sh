#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo-lab.sh GUESTS N W: inside a lab host, the demo's runs, each printed as
# one line:
#   RUN linux <stock|kvmppc-bt> traps=T guest_ns=G init_ns=I work_ns=X bt_patched=P
#       the unmodified Linux guest (GUESTS/vmlinux-nopv) booted to power-off
#       with the workload kbt.workload=W
#   RUN <loop> <stock|kvmppc-bt> traps=T guest_ns=G bt_patched=P
#       a benchmark guest loop of N iterations (bt-loop)
# traps are KVM's emulated_inst_exits of the run's VM.
G=$1
N=${2:-10000}
W=${3:-100}
B=$(dirname "$0")
lab=$(uname -r)
lab=${lab#*-kvmppcbt-}
[ "$lab" = ppc64 ] && modprobe kvm-pr

field() {	# field NAME LINE
	echo "$2" | sed -n "s/.* $1=\\([-0-9]*\\).*/\\1/p"
}

for c in stock kvmppc-bt; do
	if [ "$c" = stock ]; then
		[ -d /sys/module/kvmppc_bt ] && rmmod kvmppc_bt
	else
		modprobe kvmppc_bt || exit 1
	fi
	r=$("$B/guest-run" --tag demo --timeout 900 -- "$B/bench-lab.sh" --vmm nopv "$G" "$W" |
		grep '^KBT-RUN ') || exit 1
	work=$(($(field fork_ns "$r") + $(field pipe_ns "$r") + $(field yield_ns "$r")))
	echo "RUN linux $c traps=$(field emul "$r") guest_ns=$(field boot_ns "$r")" \
		"init_ns=$(field init_ns "$r") work_ns=$work bt_patched=$(field bt_patched "$r")"
done
for w in priv7 sprg mfmsr base; do
	[ -d /sys/module/kvmppc_bt ] && rmmod kvmppc_bt
	r=$("$B/bt-loop" "$w" "$N") || exit 1
	echo "RUN $w stock traps=$(field traps " $r") guest_ns=$(field guest_ns " $r") bt_patched=0"
	modprobe kvmppc_bt || exit 1
	r=$("$B/bt-loop" "$w" "$N") || exit 1
	echo "RUN $w kvmppc-bt traps=$(field traps " $r") guest_ns=$(field guest_ns " $r")" \
		"bt_patched=$(sed -n 's/^patched //p' /sys/kernel/debug/kvmppc_bt/stats)"
done
rmmod kvmppc_bt
