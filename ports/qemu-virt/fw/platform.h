/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The QEMU virt machine as this firmware sees it (secure=on,
 * virtualization=on, gic-version=3), and the firmware's own layout.
 * docs/qemu.md has the whole memory map.
 */
#ifndef FW_PLATFORM_H
#define FW_PLATFORM_H

/* Secure flash: every CPU starts at its first byte. */
#define FW_FLASH_BASE 0x00000000ul
#define FW_FLASH_SIZE 0x04000000ul
/* Secure RAM: the image runs here once copied out of flash. */
#define FW_SRAM_BASE 0x0e000000ul
#define FW_SRAM_SIZE 0x01000000ul

#define FW_GICD_BASE 0x08000000ul
#define FW_GICR_BASE 0x080a0000ul
#define FW_GICR_STRIDE 0x20000ul /* RD_base + SGI_base frames */
#define FW_GIC_REGION_END 0x09000000ul
#define FW_UART_BASE 0x09000000ul

/* Non-secure DRAM: where QEMU's own DTB sits for a -bios boot, and
 * where the lower EL is entered. */
#define FW_DRAM_BASE 0x40000000ul
#define FW_QEMU_DTB 0x40000000ul
#define FW_NS_ENTRY 0x40200000ul
#define FW_NS_DTB 0x48000000ul

/* CPUs this image supports (MPIDR Aff0 0..7, Aff1 0). */
#define FW_MAX_CPUS 8u
#define FW_STACK_SIZE 0x4000ul

/* Interrupt IDs the engine reports. The SRI is SGI 8: SGIs 0-7 are
 * Linux's IPIs. NPI and MEI are only answered to S-EL1 SPs, which this
 * image does not have; they are the conventional PPIs. */
#define FW_SRI_INTID 8u
#define FW_NPI_INTID 5u
#define FW_MEI_INTID 4u

/* Semihosting exit codes: what QEMU's process exits with. */
#define FW_EXIT_OFF 0
#define FW_EXIT_FATAL 1
#define FW_EXIT_RESET 2

#endif /* FW_PLATFORM_H */
