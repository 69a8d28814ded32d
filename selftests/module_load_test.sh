#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# module_load_test: kvmppc_bt loads with modprobe, logs its version, and
# unloads cleanly.
. "$(dirname "$0")/tap.sh"

rmmod kvmppc_bt 2>/dev/null
dmesg -c >/dev/null
tap_ok "modprobe kvmppc_bt" modprobe kvmppc_bt
ver=$(cat /sys/module/kvmppc_bt/version 2>/dev/null)
tap_ok "module version is set ($ver)" test -n "$ver"
tap_ok "load logs the version" sh -c "dmesg | grep -q 'kvmppc_bt: version $ver loaded'"
tap_ok "listed by lsmod" sh -c "lsmod | grep -q '^kvmppc_bt '"
tap_ok "rmmod kvmppc_bt" rmmod kvmppc_bt
tap_ok "unload logs" sh -c "dmesg | grep -q 'kvmppc_bt: version $ver unloaded'"
tap_ok "gone from lsmod" sh -c "! lsmod | grep -q '^kvmppc_bt '"
tap_done
