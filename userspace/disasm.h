/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small disassembler for the instructions kvmppc-bt reports: the words
 * KVM traps on and the replacement loads/stores kvmppc-bt writes.
 */
#ifndef KVMPPC_BT_CLI_DISASM_H
#define KVMPPC_BT_CLI_DISASM_H

#include <stddef.h>
#include <stdint.h>

/*
 * kvmppc_bt_disasm() - disassemble one instruction word
 * @insn: the instruction, as the guest sees it
 * @book3s: nonzero for Book3S SPR names (DAR, DSISR, PIR 1023), zero for
 *	e500 (DEAR, ESR, PIR 286, MAS*)
 * @buf, @len: the NUL-terminated text ("mfspr r5,SPRG0"); truncated to fit
 *
 * Words it does not know come out as ".long 0x%08x".
 * Return: the length of the full text, like snprintf() (negative on error).
 */
int kvmppc_bt_disasm(uint32_t insn, int book3s, char *buf, size_t len);

/* The name of SPR @spr on that flavour, or NULL when it has none here. */
const char *kvmppc_bt_spr_name(unsigned int spr, int book3s);

#endif
