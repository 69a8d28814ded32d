// SPDX-License-Identifier: GPL-2.0
/*
 * e500-vmm: the KVM side.  One VM, one vcpu, guest RAM in memslot 0 at GPA
 * 0, the guest TLB shared with KVM (KVM_CAP_SW_TLB), the in-kernel MPIC.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "vmm.h"

/* e500v2: TLB0 is 512 entries, 4-way; TLB1 is 16 entries, fully associative. */
#define TLB0_SIZE	512
#define TLB0_WAYS	4
#define TLB1_SIZE	16

#define MAS1_VALID	0x80000000u
#define MAS1_IPROT	0x40000000u
#define MAS1_TSIZE(x)	(((x) << 7) & 0x00000f80u)	/* 2^x KiB */
#define MAS3_UX		0x20u
#define MAS3_SX		0x10u
#define MAS3_UW		0x08u
#define MAS3_SW		0x04u
#define MAS3_UR		0x02u
#define MAS3_SR		0x01u

static void need_cap(int fd, long cap, const char *name)
{
	int r = ioctl(fd, KVM_CHECK_EXTENSION, cap);

	if (r < 0)
		die_errno("KVM_CHECK_EXTENSION(%s)", name);
	if (r == 0)
		die("this KVM lacks %s (is it an e500v2 KVM host with KVM_MPIC?)", name);
}

void kvm_open(struct vmm *vmm)
{
	int v;

	vmm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vmm->kvm_fd < 0)
		die_errno("cannot open /dev/kvm");
	v = ioctl(vmm->kvm_fd, KVM_GET_API_VERSION, 0);
	if (v != KVM_API_VERSION)
		die("KVM API version %d, expected %d", v, KVM_API_VERSION);
	vmm->vm_fd = ioctl(vmm->kvm_fd, KVM_CREATE_VM, 0);
	if (vmm->vm_fd < 0)
		die_errno("KVM_CREATE_VM");
	need_cap(vmm->vm_fd, KVM_CAP_SW_TLB, "KVM_CAP_SW_TLB");
	need_cap(vmm->vm_fd, KVM_CAP_DEVICE_CTRL, "KVM_CAP_DEVICE_CTRL");
	need_cap(vmm->vm_fd, KVM_CAP_IRQ_MPIC, "KVM_CAP_IRQ_MPIC");
	if (vmm->pv) {
		need_cap(vmm->vm_fd, KVM_CAP_PPC_GET_PVINFO, "KVM_CAP_PPC_GET_PVINFO");
		if (ioctl(vmm->vm_fd, KVM_PPC_GET_PVINFO, &vmm->pvinfo) < 0)
			die_errno("KVM_PPC_GET_PVINFO");
	}
}

/* A field of /proc/meminfo, in kB (or pages for HugePages_*); -1 if absent. */
static long long meminfo(const char *field)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	size_t n = strlen(field);
	long long v = -1;

	if (!f)
		die_errno("cannot open /proc/meminfo");
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, field, n) && line[n] == ':') {
			v = strtoll(line + n + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

/* nr_hugepages before we raised it, restored at exit; -1 if untouched. */
static long long saved_nr_hugepages = -1;

static bool set_nr_hugepages(long long n)
{
	FILE *f = fopen("/proc/sys/vm/nr_hugepages", "w");

	if (!f)
		return false;
	fprintf(f, "%lld\n", n);
	return fclose(f) == 0;
}

/* Make sure enough default-size huge pages are free; reserve more if not. */
static void reserve_huge_pages(uint64_t size, uint64_t hpsize)
{
	long long need = size / hpsize;
	long long total = meminfo("HugePages_Total");
	long long free_pages = meminfo("HugePages_Free");
	bool raised;

	if (total < 0 || free_pages < 0)
		die("--hugetlb: no HugePages_Total/HugePages_Free in /proc/meminfo");
	if (free_pages >= need)
		return;
	saved_nr_hugepages = total;
	raised = set_nr_hugepages(total + need - free_pages);
	free_pages = meminfo("HugePages_Free");
	if (free_pages < need)
		die("--hugetlb: %lld free huge pages of %" PRIu64 " KiB, %lld needed for %" PRIu64
		    " MiB of guest RAM, and raising /proc/sys/vm/nr_hugepages %s",
		    free_pages, hpsize >> 10, need, size / MIB,
		    raised ? "did not find enough free memory" : "failed");
}

void kvm_create_memory(struct vmm *vmm)
{
	struct kvm_userspace_memory_region region = { 0 };
	int flags = MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE;

	if (vmm->hugetlb) {
		long long kb = meminfo("Hugepagesize");
		uint64_t hpsize;

		if (kb <= 0)
			die("--hugetlb: no huge pages in this kernel (no Hugepagesize in %s)",
			    "/proc/meminfo");
		hpsize = (uint64_t)kb << 10;
		if (vmm->mem_size % hpsize)
			die("--hugetlb: guest RAM (%" PRIu64 " MiB) is not a multiple of %s (%"
			    PRIu64 " KiB)", vmm->mem_size / MIB, "the huge page size",
			    hpsize >> 10);
		reserve_huge_pages(vmm->mem_size, hpsize);
		flags = MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB;
	}
	vmm->mem = mmap(NULL, vmm->mem_size, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (vmm->mem == MAP_FAILED) {
		vmm->mem = NULL;
		die_errno("mmap of %" PRIu64 " MiB of guest RAM%s", vmm->mem_size / MIB,
			  vmm->hugetlb ? " (MAP_HUGETLB)" : "");
	}
	region.slot = 0;
	region.guest_phys_addr = 0;
	region.memory_size = vmm->mem_size;
	region.userspace_addr = (uintptr_t)vmm->mem;
	if (ioctl(vmm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		die_errno("KVM_SET_USER_MEMORY_REGION");
}

static void create_mpic(struct vmm *vmm)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_FSL_MPIC_20 };
	uint64_t base = CCSR_BASE + MPIC_OFFSET;
	struct kvm_device_attr attr = {
		.group = KVM_DEV_MPIC_GRP_MISC,
		.attr = KVM_DEV_MPIC_BASE_ADDR,
		.addr = (uintptr_t)&base,
	};

	if (ioctl(vmm->vm_fd, KVM_CREATE_DEVICE, &cd) < 0)
		die_errno("KVM_CREATE_DEVICE(KVM_DEV_TYPE_FSL_MPIC_20)");
	vmm->mpic_fd = cd.fd;
	if (ioctl(vmm->mpic_fd, KVM_SET_DEVICE_ATTR, &attr) < 0)
		die_errno("KVM_SET_DEVICE_ATTR(KVM_DEV_MPIC_BASE_ADDR = 0x%" PRIx64 ")", base);
}

/* The guest TLB array shared with KVM, TLB1[0] the initial mapping. */
static void setup_tlb(struct vmm *vmm)
{
	struct kvm_book3e_206_tlb_params params = {
		.tlb_sizes = { TLB0_SIZE, TLB1_SIZE },
		.tlb_ways = { TLB0_WAYS, TLB1_SIZE },
	};
	struct kvm_config_tlb cfg = { 0 };
	struct kvm_enable_cap cap = { 0 };
	struct kvm_dirty_tlb dirty = { 0 };
	static uint8_t bitmap[(TLB0_SIZE + TLB1_SIZE + 7) / 8];
	struct kvm_book3e_206_tlb_entry *tlb1;

	vmm->tlb_size = (TLB0_SIZE + TLB1_SIZE) * sizeof(*vmm->tlb);
	vmm->tlb = mmap(NULL, vmm->tlb_size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vmm->tlb == MAP_FAILED)
		die_errno("mmap of the shared TLB array");
	tlb1 = &vmm->tlb[TLB0_SIZE];
	tlb1[0].mas1 = MAS1_VALID | MAS1_IPROT | MAS1_TSIZE(vmm->lay.map_tsize);
	tlb1[0].mas2 = 0;	/* EA 0, WIMGE 0 */
	tlb1[0].mas7_3 = MAS3_SX | MAS3_SW | MAS3_SR | MAS3_UX | MAS3_UW | MAS3_UR;	/* PA 0 */

	cfg.params = (uintptr_t)&params;
	cfg.array = (uintptr_t)vmm->tlb;
	cfg.mmu_type = KVM_MMU_FSL_BOOKE_NOHV;
	cfg.array_len = vmm->tlb_size;
	cap.cap = KVM_CAP_SW_TLB;
	cap.args[0] = (uintptr_t)&cfg;
	if (ioctl(vmm->vcpu_fd, KVM_ENABLE_CAP, &cap) < 0)
		die_errno("KVM_ENABLE_CAP(KVM_CAP_SW_TLB)");

	memset(bitmap, 0xff, sizeof(bitmap));
	dirty.bitmap = (uintptr_t)bitmap;
	dirty.num_dirty = TLB0_SIZE + TLB1_SIZE;
	if (ioctl(vmm->vcpu_fd, KVM_DIRTY_TLB, &dirty) < 0)
		die_errno("KVM_DIRTY_TLB");
}

static void setup_stats(struct vmm *vmm)
{
	struct kvm_stats_header *h = &vmm->stats_hdr;
	size_t size;

	vmm->stats_fd = -1;
	if (ioctl(vmm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_BINARY_STATS_FD) <= 0) {
		fprintf(stderr, "e500-vmm: KVM has no binary stats; %s\n",
			"the summary counters will be -1");
		return;
	}
	vmm->stats_fd = ioctl(vmm->vcpu_fd, KVM_GET_STATS_FD, NULL);
	if (vmm->stats_fd < 0)
		die_errno("KVM_GET_STATS_FD");
	if (pread(vmm->stats_fd, h, sizeof(*h), 0) != (ssize_t)sizeof(*h))
		die_errno("reading the KVM stats header");
	size = (sizeof(struct kvm_stats_desc) + h->name_size) * h->num_desc;
	vmm->stats_desc = malloc(size);
	if (!vmm->stats_desc)
		die("out of memory");
	if (pread(vmm->stats_fd, vmm->stats_desc, size, h->desc_offset) != (ssize_t)size)
		die_errno("reading the KVM stats descriptors");
}

void kvm_create_machine(struct vmm *vmm)
{
	struct kvm_enable_cap cap = { 0 };
	int size;

	create_mpic(vmm);

	vmm->vcpu_fd = ioctl(vmm->vm_fd, KVM_CREATE_VCPU, 0);
	if (vmm->vcpu_fd < 0)
		die_errno("KVM_CREATE_VCPU");
	size = ioctl(vmm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size <= 0)
		die_errno("KVM_GET_VCPU_MMAP_SIZE");
	vmm->run_size = size;
	vmm->run = mmap(NULL, vmm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vmm->vcpu_fd, 0);
	if (vmm->run == MAP_FAILED) {
		vmm->run = NULL;
		die_errno("mmap of kvm_run");
	}

	setup_tlb(vmm);

	/*
	 * Connect the vcpu to the in-kernel MPIC.  This also makes KVM fill
	 * EPR itself on external interrupts (the guest uses COREINT), so
	 * KVM_CAP_PPC_EPR, which would hand every EPR to user space
	 * (KVM_EXIT_EPR), must stay off.
	 */
	cap.cap = KVM_CAP_IRQ_MPIC;
	cap.args[0] = vmm->mpic_fd;
	cap.args[1] = 0;	/* vcpu id */
	if (ioctl(vmm->vcpu_fd, KVM_ENABLE_CAP, &cap) < 0)
		die_errno("KVM_ENABLE_CAP(KVM_CAP_IRQ_MPIC)");

	setup_stats(vmm);
}

/* ePAPR entry state, as QEMU's ppce500 sets it for a -kernel boot. */
void kvm_set_boot_state(struct vmm *vmm)
{
	struct kvm_regs regs;

	if (ioctl(vmm->vcpu_fd, KVM_GET_REGS, &regs) < 0)
		die_errno("KVM_GET_REGS");
	memset(regs.gpr, 0, sizeof(regs.gpr));
	regs.pc = vmm->lay.entry;
	regs.msr = 0;
	regs.gpr[1] = 16 * MIB - 8;
	regs.gpr[3] = vmm->lay.dtb_base;
	regs.gpr[6] = EPAPR_MAGIC;
	regs.gpr[7] = vmm->lay.map_size;
	if (ioctl(vmm->vcpu_fd, KVM_SET_REGS, &regs) < 0)
		die_errno("KVM_SET_REGS");
}

/* Read one of KVM's binary stats of the vcpu; -1 if KVM lacks it. */
int kvm_stat(struct vmm *vmm, const char *name, uint64_t *val)
{
	struct kvm_stats_header *h = &vmm->stats_hdr;
	size_t dsize = sizeof(struct kvm_stats_desc) + h->name_size;
	uint32_t i;

	if (vmm->stats_fd < 0)
		return -1;
	for (i = 0; i < h->num_desc; i++) {
		struct kvm_stats_desc *d = (void *)((char *)vmm->stats_desc + i * dsize);

		if (strcmp(d->name, name))
			continue;
		if (pread(vmm->stats_fd, val, sizeof(*val), h->data_offset + d->offset) !=
		    (ssize_t)sizeof(*val)) {
			fprintf(stderr, "e500-vmm: reading KVM stat %s: %s\n", name,
				strerror(errno));
			return -1;
		}
		return 0;
	}
	return -1;
}

/* Drive an MPIC source (level-sensitive) from user space. */
void kvm_set_irq(struct vmm *vmm, unsigned int irq, bool level)
{
	uint32_t v = level;
	struct kvm_device_attr attr = {
		.group = KVM_DEV_MPIC_GRP_IRQ_ACTIVE,
		.attr = irq,
		.addr = (uintptr_t)&v,
	};

	if (ioctl(vmm->mpic_fd, KVM_SET_DEVICE_ATTR, &attr) < 0)
		die_errno("KVM_SET_DEVICE_ATTR(MPIC source %u = %u)", irq, v);
}

uint64_t kvm_guest_pc(struct vmm *vmm, bool *ok)
{
	struct kvm_regs regs;

	*ok = ioctl(vmm->vcpu_fd, KVM_GET_REGS, &regs) == 0;
	return *ok ? regs.pc : 0;
}

/* Release everything that exists (also after a failed setup). */
void kvm_destroy(struct vmm *vmm)
{
	if (vmm->stats_fd >= 0)
		close(vmm->stats_fd);
	free(vmm->stats_desc);
	if (vmm->run)
		munmap(vmm->run, vmm->run_size);
	if (vmm->vcpu_fd >= 0)
		close(vmm->vcpu_fd);
	if (vmm->mpic_fd >= 0)
		close(vmm->mpic_fd);
	if (vmm->vm_fd >= 0)
		close(vmm->vm_fd);
	if (vmm->kvm_fd >= 0)
		close(vmm->kvm_fd);
	if (vmm->mem)
		munmap(vmm->mem, vmm->mem_size);
	/* The TLB array stays mapped: KVM released it with the vcpu. */
	if (saved_nr_hugepages >= 0 && !set_nr_hugepages(saved_nr_hugepages))
		fprintf(stderr, "e500-vmm: cannot restore /proc/sys/vm/nr_hugepages to %lld\n",
			saved_nr_hugepages);
}
