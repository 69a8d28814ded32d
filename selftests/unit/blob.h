/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BLOB(sym, path): embed the file at @path (a raw blob the cross assemblers
 * made) as sym[] .. sym_end[].
 */
#ifndef KVMPPC_BT_UNIT_BLOB_H
#define KVMPPC_BT_UNIT_BLOB_H

#define BLOB(sym, path)							\
	extern const unsigned char sym[], sym##_end[];			\
	__asm__(".pushsection .rodata\n.balign 4\n"			\
		".global " #sym "\n" #sym ":\n"				\
		".incbin \"" path "\"\n"				\
		".global " #sym "_end\n" #sym "_end:\n.popsection\n")

#endif
