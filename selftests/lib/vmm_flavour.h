/* SPDX-License-Identifier: GPL-2.0 */
/* What each KVM flavour's part of the selftest VMM provides. */
#ifndef KVMPPC_BT_SELFTEST_VMM_FLAVOUR_H
#define KVMPPC_BT_SELFTEST_VMM_FLAVOUR_H

#include "vmm.h"

/* The KVM_CREATE_VM type. */
int flavour_vm_type(void);
/* MSR of a guest that starts in supervisor mode. */
uint64_t flavour_boot_msr(void);
/* Per-vcpu MMU and exception setup, before the first KVM_RUN. */
void flavour_vcpu_setup(struct vcpu *vcpu);

#endif
