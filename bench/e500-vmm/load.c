// SPDX-License-Identifier: GPL-2.0
/*
 * e500-vmm: loading the guest (ELF vmlinux, initrd) and the host facts the
 * device tree needs.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "vmm.h"

/* Read a whole file into a malloc'ed buffer. */
static void *read_file(const char *path, size_t *len)
{
	struct stat st;
	size_t done = 0;
	uint8_t *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die_errno("cannot open %s", path);
	if (fstat(fd, &st) < 0)
		die_errno("cannot stat %s", path);
	if (!S_ISREG(st.st_mode))
		die("%s is not a regular file", path);
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf)
		die("out of memory reading %s", path);
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die_errno("cannot read %s", path);
		if (n == 0)
			die("%s shrank while being read", path);
		done += n;
	}
	close(fd);
	*len = done;
	return buf;
}

static void check_guest_range(struct vmm *vmm, uint64_t gpa, uint64_t len, const char *what)
{
	if (gpa > vmm->mem_size || len > vmm->mem_size - gpa)
		die("%s (0x%" PRIx64 "..0x%" PRIx64 ") does not fit in %" PRIu64
		    " MiB of guest RAM (use -m)", what, gpa, gpa + len, vmm->mem_size / MIB);
}

/*
 * Load a big-endian 32-bit PowerPC ELF executable (vmlinux): every PT_LOAD
 * segment at its physical address, bss cleared.  The entry point is the
 * ELF's virtual e_entry moved to its physical address, as QEMU does: the
 * guest starts with EA == PA through the initial TLB1 entry.
 */
void load_kernel(struct vmm *vmm)
{
	const char *path = vmm->kernel_path;
	size_t len;
	uint8_t *img = read_file(path, &len);
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
	uint64_t entry = be32toh(eh->e_entry);
	bool have_entry = false;
	unsigned int i, nload = 0;
	uint32_t phoff;
	uint16_t phnum, phentsize;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		die("%s is not an ELF file (give the uncompressed vmlinux)", path);
	if (eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_ident[EI_DATA] != ELFDATA2MSB ||
	    be16toh(eh->e_machine) != EM_PPC)
		die("%s is not a big-endian 32-bit PowerPC ELF", path);
	if (be16toh(eh->e_type) != ET_EXEC)
		die("%s is not an ELF executable", path);
	phoff = be32toh(eh->e_phoff);
	phnum = be16toh(eh->e_phnum);
	phentsize = be16toh(eh->e_phentsize);
	if (phentsize != sizeof(Elf32_Phdr) || phoff > len ||
	    (size_t)phnum * phentsize > len - phoff)
		die("%s: bad ELF program headers", path);

	vmm->lay.kernel_end = 0;
	for (i = 0; i < phnum; i++) {
		const Elf32_Phdr *ph = (const Elf32_Phdr *)(img + phoff + i * phentsize);
		uint32_t off = be32toh(ph->p_offset), filesz = be32toh(ph->p_filesz);
		uint32_t memsz = be32toh(ph->p_memsz), paddr = be32toh(ph->p_paddr);
		uint32_t vaddr = be32toh(ph->p_vaddr);

		if (be32toh(ph->p_type) != PT_LOAD)
			continue;
		if (off > len || filesz > len - off || filesz > memsz)
			die("%s: PT_LOAD segment %u lies outside the file", path, i);
		check_guest_range(vmm, paddr, memsz, "the kernel");
		memcpy(vmm->mem + paddr, img + off, filesz);
		memset(vmm->mem + paddr + filesz, 0, memsz - filesz);
		if (paddr + (uint64_t)memsz > vmm->lay.kernel_end)
			vmm->lay.kernel_end = paddr + (uint64_t)memsz;
		if (!have_entry && entry >= vaddr && entry - vaddr < memsz) {
			vmm->lay.entry = entry - vaddr + paddr;
			have_entry = true;
		}
		nload++;
	}
	if (!nload)
		die("%s has no PT_LOAD segment", path);
	if (!have_entry)
		die("%s: the entry point 0x%" PRIx64 " is in no PT_LOAD segment", path, entry);
	free(img);
}

/* The initrd goes at the next MiB after the kernel's bss. */
void load_initrd(struct vmm *vmm)
{
	size_t len;
	uint8_t *img = read_file(vmm->initrd_path, &len);

	vmm->lay.initrd_base = ALIGN_UP(vmm->lay.kernel_end, MIB);
	vmm->lay.initrd_size = len;
	check_guest_range(vmm, vmm->lay.initrd_base, len, "the initrd");
	memcpy(vmm->mem + vmm->lay.initrd_base, img, len);
	free(img);
}

/*
 * The guest's timebase is the host's (KVM does not scale it), so the device
 * tree takes the host's timebase and core clock from /proc/cpuinfo:
 *   clock		: 400.000000MHz
 *   timebase	: 400000000
 */
void read_host_freqs(struct vmm *vmm)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];
	double mhz;
	unsigned long tb;

	if (!f)
		die_errno("cannot open /proc/cpuinfo");
	vmm->tb_freq = 0;
	vmm->clock_freq = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "timebase : %lu", &tb) == 1)
			vmm->tb_freq = tb;
		else if (sscanf(line, "clock : %lfMHz", &mhz) == 1)
			vmm->clock_freq = (uint32_t)(mhz * 1000000.0 + 0.5);
	}
	fclose(f);
	if (!vmm->tb_freq)
		die("no 'timebase' line in /proc/cpuinfo: is this a PowerPC host?");
	if (!vmm->clock_freq) {
		fprintf(stderr, "e500-vmm: no 'clock' line in /proc/cpuinfo; %s\n",
			"using the timebase frequency");
		vmm->clock_freq = vmm->tb_freq;
	}
}
