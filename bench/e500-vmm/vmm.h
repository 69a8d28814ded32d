/* SPDX-License-Identifier: GPL-2.0 */
/*
 * e500-vmm: a minimal VMM that boots a Linux guest under Book E e500v2 KVM
 * (KVM_E500V2, in-kernel MPIC), for the kvmppc-bt benchmarks.
 *
 * The machine imitates QEMU's "ppce500" board as far as a uniprocessor Linux
 * guest (CONFIG_PPC_QEMU_E500) needs it:
 *   - RAM at guest physical address 0 (one memslot);
 *   - CCSR at 0xf_e000_0000 (1 MiB) with the in-kernel MPIC at +0x40000, an
 *     ns16550 UART at +0x4500 (transmit only, MPIC source 42) and the global
 *     utilities block at +0xe0000, whose RSTCR (+0xb0) resets the machine;
 *   - the ePAPR boot convention: a device tree in RAM, one TLB1 entry mapping
 *     the kernel, initrd and device tree, r3 = device tree, r6 = ePAPR magic,
 *     r7 = size of that mapping.
 */
#ifndef E500_VMM_H
#define E500_VMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#define CCSR_BASE	0xfe0000000ull
#define CCSR_SIZE	0x100000ull
#define MPIC_OFFSET	0x40000ull
#define MPIC_SIZE	0x40000ull
#define UART_OFFSET	0x4500ull
#define UART_SIZE	0x100ull
#define UART_IRQ	42
#define UART_CLOCK	400000000u
#define GUTS_OFFSET	0xe0000ull
#define GUTS_SIZE	0x1000ull
#define GUTS_RSTCR	0xb0ull

#define EPAPR_MAGIC	0x45504150u
#define MPIC_PHANDLE	1

#define MIB		(1ull << 20)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	(((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define __noreturn	__attribute__((noreturn))
#define __printf(f, a)	__attribute__((format(printf, f, a)))

/* Where things go in guest physical memory (all below the initial map). */
struct layout {
	uint64_t entry;		/* kernel entry point (physical == initial EA) */
	uint64_t kernel_end;	/* end of the highest PT_LOAD segment, bss included */
	uint64_t initrd_base;
	uint64_t initrd_size;
	uint64_t dtb_base;
	uint64_t dtb_size;
	unsigned int map_tsize;	/* the initial TLB1 entry: 2^map_tsize KiB */
	uint64_t map_size;
};

struct vmm {
	/* Options. */
	uint64_t mem_size;
	bool hugetlb;
	bool pv;
	bool stamp;
	bool hold;
	const char *cmdline;
	unsigned int timeout;
	const char *kernel_path;
	const char *initrd_path;

	/* Host facts put in the device tree. */
	uint32_t tb_freq;
	uint32_t clock_freq;
	struct kvm_ppc_pvinfo pvinfo;

	/* KVM. */
	int kvm_fd;
	int vm_fd;
	int vcpu_fd;
	int mpic_fd;
	struct kvm_run *run;
	size_t run_size;
	struct kvm_book3e_206_tlb_entry *tlb;
	size_t tlb_size;
	int stats_fd;
	struct kvm_stats_header stats_hdr;
	void *stats_desc;

	/* Guest memory. */
	uint8_t *mem;

	struct layout lay;

	/* Devices. */
	uint8_t uart_ier, uart_lcr, uart_mcr, uart_scr, uart_dll, uart_dlm, uart_fcr;
	bool uart_thr_pending;
	bool uart_irq_level;
	unsigned long long unknown_mmio;
	unsigned int unknown_warned;
	uint64_t unknown_addrs[8];
	bool reset_requested;
	uint32_t rstcr_value;
};

/* Print "e500-vmm: ..." and exit 1 (before the guest runs). */
void die(const char *fmt, ...) __printf(1, 2) __noreturn;
/* Same, with ": strerror(errno)" appended. */
void die_errno(const char *fmt, ...) __printf(1, 2) __noreturn;

/* main.c */
uint64_t vmm_now_ns(void);

/* load.c */
void load_kernel(struct vmm *vmm);
void load_initrd(struct vmm *vmm);
void read_host_freqs(struct vmm *vmm);

/* fdt.c */
void build_fdt(struct vmm *vmm);

/* kvm.c */
void kvm_open(struct vmm *vmm);
void kvm_create_memory(struct vmm *vmm);
void kvm_create_machine(struct vmm *vmm);
void kvm_set_boot_state(struct vmm *vmm);
int kvm_stat(struct vmm *vmm, const char *name, uint64_t *val);
void kvm_set_irq(struct vmm *vmm, unsigned int irq, bool level);
uint64_t kvm_guest_pc(struct vmm *vmm, bool *ok);
void kvm_destroy(struct vmm *vmm);

/* devices.c */
void console_init(bool stamp);
void console_flush(void);
void mmio_exit(struct vmm *vmm);

#endif
