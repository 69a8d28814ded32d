// SPDX-License-Identifier: GPL-2.0
/*
 * e500-vmm: the devices emulated in user space (everything but the MPIC,
 * which is KVM's): the ns16550 UART, transmit only, and the global
 * utilities' reset control register.  Any other MMIO reads as 0 and
 * ignores writes, with a warning for the first few addresses.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vmm.h"

/* ns16550 registers (reg-shift 0) and bits. */
#define UART_RBR_THR	0	/* DLL when LCR[DLAB] */
#define UART_IER	1	/* DLM when LCR[DLAB] */
#define UART_IIR_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define LCR_DLAB	0x80
#define IER_THRI	0x02
#define IIR_NO_INT	0x01
#define IIR_THRI	0x02
#define IIR_FIFO_ON	0xc0
#define FCR_FIFO_EN	0x01
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define MSR_DCD		0x80
#define MSR_DSR		0x20
#define MSR_CTS		0x10

#define MAX_UNKNOWN_WARNINGS	8

/* The guest console, written to stdout a line at a time. */
static char line[4096];
static size_t line_len;
static uint64_t line_ns;
static bool line_stamp;

static void write_all(int fd, const char *buf, size_t len)
{
	static bool failed;

	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!failed)
				fprintf(stderr, "e500-vmm: writing the guest console: %s\n",
					n < 0 ? strerror(errno) : "short write");
			failed = true;
			return;
		}
		buf += n;
		len -= n;
	}
}

void console_init(bool stamp)
{
	line_stamp = stamp;
}

void console_flush(void)
{
	char out[sizeof(line) + 32];
	size_t n = 0;

	if (!line_len)
		return;
	if (line_stamp)
		n = snprintf(out, 32, "[%" PRIu64 "] ", line_ns);
	memcpy(out + n, line, line_len);
	write_all(STDOUT_FILENO, out, n + line_len);
	line_len = 0;
}

static void console_putc(uint8_t c)
{
	/* The guest sends "\r\n"; lines end with "\n" here. */
	if (c == '\r')
		return;
	if (!line_len)
		line_ns = vmm_now_ns();
	line[line_len++] = c;
	if (c == '\n' || line_len == sizeof(line))
		console_flush();
}

/*
 * The UART's only interrupt is "transmitter holding register empty": the
 * transmitter is always empty (characters leave at once), so it is pending
 * after each THR write and when IER[THRI] is turned on, and a read of IIR
 * that reports it clears it, as on a 16550.  The level goes to MPIC source
 * UART_IRQ.
 */
static void uart_update_irq(struct vmm *vmm)
{
	bool level = (vmm->uart_ier & IER_THRI) && vmm->uart_thr_pending;

	if (level != vmm->uart_irq_level) {
		kvm_set_irq(vmm, UART_IRQ, level);
		vmm->uart_irq_level = level;
	}
}

static uint64_t uart_read(struct vmm *vmm, unsigned int reg)
{
	bool dlab = vmm->uart_lcr & LCR_DLAB;
	uint8_t v = 0;

	switch (reg) {
	case UART_RBR_THR:
		v = dlab ? vmm->uart_dll : 0;	/* nothing is ever received */
		break;
	case UART_IER:
		v = dlab ? vmm->uart_dlm : vmm->uart_ier;
		break;
	case UART_IIR_FCR:
		v = (vmm->uart_fcr & FCR_FIFO_EN) ? IIR_FIFO_ON : 0;
		if ((vmm->uart_ier & IER_THRI) && vmm->uart_thr_pending) {
			v |= IIR_THRI;
			vmm->uart_thr_pending = false;
		} else {
			v |= IIR_NO_INT;
		}
		break;
	case UART_LCR:
		v = vmm->uart_lcr;
		break;
	case UART_MCR:
		v = vmm->uart_mcr;
		break;
	case UART_LSR:
		v = LSR_THRE | LSR_TEMT;
		break;
	case UART_MSR:
		v = MSR_DCD | MSR_DSR | MSR_CTS;
		break;
	case UART_SCR:
		v = vmm->uart_scr;
		break;
	}
	uart_update_irq(vmm);
	return v;
}

static void uart_write(struct vmm *vmm, unsigned int reg, uint8_t v)
{
	bool dlab = vmm->uart_lcr & LCR_DLAB;

	switch (reg) {
	case UART_RBR_THR:
		if (dlab) {
			vmm->uart_dll = v;
		} else {
			console_putc(v);
			vmm->uart_thr_pending = true;
		}
		break;
	case UART_IER:
		if (dlab) {
			vmm->uart_dlm = v;
		} else {
			if ((v & IER_THRI) && !(vmm->uart_ier & IER_THRI))
				vmm->uart_thr_pending = true;
			vmm->uart_ier = v & 0x0f;
		}
		break;
	case UART_IIR_FCR:
		vmm->uart_fcr = v;
		break;
	case UART_LCR:
		vmm->uart_lcr = v;
		break;
	case UART_MCR:
		vmm->uart_mcr = v;
		break;
	case UART_SCR:
		vmm->uart_scr = v;
		break;
	}
	uart_update_irq(vmm);
}

/* MMIO data is in guest byte order: big-endian, like this host. */
static uint64_t mmio_get(const struct kvm_run *run)
{
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < run->mmio.len && i < 8; i++)
		v = (v << 8) | run->mmio.data[i];
	return v;
}

static void mmio_set(struct kvm_run *run, uint64_t v)
{
	uint32_t i, len = run->mmio.len < 8 ? run->mmio.len : 8;

	for (i = 0; i < len; i++)
		run->mmio.data[len - 1 - i] = (uint8_t)(v >> (8 * i));
}

static void unknown_mmio(struct vmm *vmm, uint64_t addr, bool write, uint64_t v)
{
	const struct kvm_run *run = vmm->run;
	unsigned int i;
	uint64_t pc;
	bool ok;

	vmm->unknown_mmio++;
	for (i = 0; i < vmm->unknown_warned && i < MAX_UNKNOWN_WARNINGS; i++)
		if (vmm->unknown_addrs[i] == addr)
			return;
	if (vmm->unknown_warned >= MAX_UNKNOWN_WARNINGS)
		return;
	vmm->unknown_addrs[vmm->unknown_warned++] = addr;
	console_flush();
	pc = kvm_guest_pc(vmm, &ok);
	if (write)
		fprintf(stderr, "e500-vmm: ignoring a %u-byte MMIO write of 0x%" PRIx64
			" to unknown address 0x%" PRIx64, run->mmio.len, v, addr);
	else
		fprintf(stderr, "e500-vmm: %u-byte MMIO read of unknown address 0x%" PRIx64
			" returns 0", run->mmio.len, addr);
	if (ok)
		fprintf(stderr, " (guest pc 0x%" PRIx64 ")", pc);
	fprintf(stderr, "%s\n", vmm->unknown_warned == MAX_UNKNOWN_WARNINGS ?
		"; further unknown addresses are not reported" : "");
}

void mmio_exit(struct vmm *vmm)
{
	struct kvm_run *run = vmm->run;
	uint64_t addr = run->mmio.phys_addr;
	bool write = run->mmio.is_write;
	uint64_t v = write ? mmio_get(run) : 0;
	uint64_t uart = CCSR_BASE + UART_OFFSET, guts = CCSR_BASE + GUTS_OFFSET;

	if (addr - uart < UART_SIZE) {
		unsigned int reg = addr - uart;

		if (reg > UART_SCR || run->mmio.len != 1)
			unknown_mmio(vmm, addr, write, v);
		else if (write)
			uart_write(vmm, reg, (uint8_t)v);
		else
			v = uart_read(vmm, reg);
	} else if (addr - guts < GUTS_SIZE) {
		/* Only RSTCR does something; the rest reads 0. */
		if (write && addr - guts == GUTS_RSTCR) {
			vmm->reset_requested = true;
			vmm->rstcr_value = (uint32_t)v;
		}
	} else {
		unknown_mmio(vmm, addr, write, v);
	}
	if (!write)
		mmio_set(run, v);
}
