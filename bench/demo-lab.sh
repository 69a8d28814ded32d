#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo-lab.sh [N]: inside a lab host, run each benchmark guest loop with
# stock KVM and with kvmppc_bt loaded, and print one line per run:
#   RUN <workload> <stock|kvmppc-bt> traps=T guest_ns=G bt_traps=X bt_patched=Y
# bt_* are the module's own counters for the run (0 for stock).
N=${1:-10000}
B=$(dirname "$0")
[ -e /dev/kvm ] || modprobe kvm-pr 2>/dev/null

stat() {
	sed -n "s/^$1 //p" /sys/kernel/debug/kvmppc_bt/stats
}

run() {
	"$B/bt-loop" "$1" "$N" | sed 's/^workload=[^ ]* n=[0-9]* //'
}

for w in priv7 sprg mfmsr base; do
	rmmod kvmppc_bt 2>/dev/null
	r=$(run "$w") || exit 1
	echo "RUN $w stock $r bt_traps=0 bt_patched=0"
	modprobe kvmppc_bt || exit 1
	r=$(run "$w") || exit 1
	echo "RUN $w kvmppc-bt $r bt_traps=$(stat traps) bt_patched=$(stat patched)"
	rmmod kvmppc_bt || exit 1
done
