/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal VMM for the kvmppc-bt selftests, in the spirit of the kernel's
 * KVM selftests (tools/testing/selftests/kvm/lib/kvm_util.c).
 *
 * One library, two flavours chosen at build time:
 *  - LAB_E500:  Book E e500v2 KVM; the guest TLB is shared with KVM through
 *               KVM_CAP_SW_TLB, TLB1[0] maps EA 0..256M to PA 0 (supervisor
 *               and user RWX), and the exception vectors sit in page 0.
 *  - LAB_PPC64: Book3S KVM-PR (KVM_VM_PPC_PR), a little-endian guest in real
 *               mode, LPCR_ILE set through ONE_REG.
 *
 * Guest code is a flat binary linked at GPA 0 (see guest.h for the layout
 * and the "ucall" MMIO protocol through which guests report to the host).
 */
#ifndef KVMPPC_BT_SELFTEST_VMM_H
#define KVMPPC_BT_SELFTEST_VMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/kvm.h>

#include "guest.h"

#define VMM_MAX_VCPUS	4
#define VMM_MAX_REPORTS	256
#define VMM_MEM_SIZE	(16u << 20)

#if defined(LAB_E500)
#define VMM_FLAVOUR "e500"
#elif defined(LAB_PPC64)
#define VMM_FLAVOUR "ppc64"
#else
#error "build with -DLAB_E500 or -DLAB_PPC64"
#endif

/* What a guest said when KVM_RUN came back to us. */
enum ucall_type {
	UCALL_DONE = 1,		/* guest finished; value = its status word */
	UCALL_EXCEPTION,	/* an unexpected guest interrupt; vector, value = SRR0 */
	UCALL_UNHANDLED,	/* an exit the library does not understand */
};

struct ucall {
	enum ucall_type type;
	uint64_t value;
	uint32_t vector;
	uint32_t exit_reason;
	uint64_t mmio_addr;
};

struct vm;

struct vcpu {
	struct vm *vm;
	int id;
	int fd;
	struct kvm_run *run;
	size_t run_size;
	int stats_fd;
	struct kvm_stats_header stats_hdr;
	void *stats_desc;
	/* Values the guest reported with GUEST_REPORT, in order. */
	uint64_t reports[VMM_MAX_REPORTS];
	unsigned int nr_reports;
	void *tlb;		/* e500: the array shared with KVM_CAP_SW_TLB */
};

struct vm {
	int kvm_fd;
	int fd;
	uint8_t *mem;
	size_t mem_size;
	int nr_vcpus;
	struct vcpu *vcpus[VMM_MAX_VCPUS];
	char id[32];		/* "<pid>-<vmfd>", as KVM names its debugfs dirs */
};

/* Abort the calling test with a message (the harness reports it failed). */
#define VMM_ASSERT(cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "# %s:%d: assertion '%s' failed: ",	\
			__FILE__, __LINE__, #cond);			\
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, "\n");					\
		exit(1);						\
	}								\
} while (0)

struct vm *vm_create(size_t mem_size);
struct vm *vm_create_backed(size_t mem_size, bool huge);
long vmm_hugepages_reserve(long n);
void vmm_hugepages_restore(long old);
void vm_free(struct vm *vm);
void vm_load(struct vm *vm, uint64_t gpa, const void *code, size_t len);
void *vm_gpa(struct vm *vm, uint64_t gpa);
void vm_set_dirty_logging(struct vm *vm, bool on);
void vm_get_dirty_log(struct vm *vm, uint64_t *bitmap);
struct vcpu *vm_vcpu_add(struct vm *vm, uint64_t entry);
uint64_t vm_stat_sum(struct vm *vm, const char *name);

void vcpu_get_regs(struct vcpu *vcpu, struct kvm_regs *regs);
void vcpu_set_regs(struct vcpu *vcpu, const struct kvm_regs *regs);
void vcpu_set_pc(struct vcpu *vcpu, uint64_t pc, uint64_t r3);
int vcpu_run(struct vcpu *vcpu, struct ucall *uc);
void vcpu_run_done(struct vcpu *vcpu);
uint64_t vcpu_run_phase(struct vcpu *vcpu, unsigned int reports);
int vcpu_stat(struct vcpu *vcpu, const char *name, uint64_t *val);
uint64_t vcpu_stat_get(struct vcpu *vcpu, const char *name);
#ifdef LAB_E500
void vcpu_e500_tlb1_map(struct vcpu *vcpu, unsigned int esel, uint32_t ea, uint64_t pa,
			unsigned int tsize, bool exec);
#endif
#ifdef LAB_PPC64
void vcpu_ppc64_identity_map(struct vcpu *vcpu, uint64_t htab, uint64_t size);
uint64_t vcpu_ppc64_map_page(struct vcpu *vcpu, uint64_t htab, uint64_t ea, uint64_t pa);
void vcpu_ppc64_kernel_map(struct vcpu *vcpu, uint64_t htab, uint64_t size);
#endif

/* Guest code built next to a test, embedded with .incbin. */
#define GUEST_CODE(sym, path)						\
	extern const unsigned char sym[], sym##_end[];			\
	__asm__(".pushsection .rodata\n"				\
		".balign 16\n"						\
		".global " #sym "\n" #sym ":\n"				\
		".incbin \"" path "\"\n"				\
		".global " #sym "_end\n" #sym "_end:\n"			\
		".popsection\n")

#define GUEST_CODE_SIZE(sym) ((size_t)(sym##_end - sym))

#endif
