#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smoke-lab.sh GUESTS: the CI smoke test of the benchmark guests, inside a
# lab host.  Boots the unmodified (nopv) Linux guest of lab/guest once with
# stock KVM and once with kvmppc_bt loaded, each with a small workload, and
# prints TAP: the guest reached its init, ran the workload and powered off
# cleanly; with the module, sites were patched and fewer instructions
# trapped.  No timing.
B=$(cd "$(dirname "$0")" && pwd)
G=$1
S=/tmp/smoke
lab=$(uname -r)
lab=${lab#*-kvmppcbt-}
n=0
failed=0
mkdir -p "$S"
[ "$lab" = ppc64 ] && modprobe kvm-pr

ok() {	# ok STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
	fi
}

field() {	# field NAME FILE: a field of the KBT-RUN line
	sed -n "s/^KBT-RUN .* $1=\\([-0-9]*\\).*/\\1/p" "$2"
}

for cfg in stock kvmppc-bt; do
	if [ "$cfg" = stock ]; then
		[ -d /sys/module/kvmppc_bt ] && rmmod kvmppc_bt
	else
		modprobe kvmppc_bt
	fi
	out=$S/$cfg.console
	"$B/guest-run" --tag "$cfg" --timeout 900 -- "$B/bench-lab.sh" --vmm nopv "$G" 20 >"$out" 2>&1
	rc=$?
	sed 's/^/# /' "$out" | tail -n 8
	ok "$rc" "$lab nopv guest, $cfg: guest-run finished (status $rc)"
	grep -q 'KBT-GUEST-INIT' "$out"
	ok $? "$lab nopv guest, $cfg: init marker"
	grep -q 'KBT-GUEST-WORKLOAD n=20 ' "$out"
	ok $? "$lab nopv guest, $cfg: workload ran"
	if [ "$lab" = e500 ]; then
		grep -q '^\[[0-9]*\] KBT-VMM exit=reset ' "$out"
	else
		grep -q 'reboot: Power down' "$out"
	fi
	ok $? "$lab nopv guest, $cfg: clean power-off"
	eval "emul_$(echo "$cfg" | tr -d -)=\$(field emul \"\$out\")"
done
patched=$(field bt_patched "$S/kvmppc-bt.console")
[ "${patched:-0}" -gt 0 ]
ok $? "$lab nopv guest: kvmppc-bt patched sites ($patched)"
[ "${emul_kvmppcbt:-0}" -gt 0 ] && [ "$emul_kvmppcbt" -lt "${emul_stock:-0}" ]
ok $? "$lab nopv guest: fewer emulation exits with kvmppc-bt ($emul_stock -> $emul_kvmppcbt)"
rmmod kvmppc_bt
echo "1..$n"
echo "# smoke $lab: $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
