/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-style fixed-size types and BIT() for the parts of the module that
 * also build in user space (module/xlate.c, module/tcache.c: the CLI and
 * the host unit tests).
 */
#ifndef KVMPPC_BT_TYPES_H
#define KVMPPC_BT_TYPES_H

#include <stdbool.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#ifndef BIT
#define BIT(n) (1UL << (n))
#endif

/* module/tcache.c reads the cache without its owner's lock, too. */
#ifndef READ_ONCE
#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#endif

#endif
