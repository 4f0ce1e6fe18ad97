#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Usage: arm_ffa-npi-percpu.sh DRIVER_DIR   (run by scripts/qemu-linux on
# the copied driver.c of Linux 6.12's FF-A driver, before it is built)
#
# Why: the 6.12 driver handles the notification pending interrupt (NPI)
# of every CPU with ONE work item. Its handler queues that item on the
# interrupted CPU and the item's GET asks for that CPU's per-vCPU bits.
# If the item is still queued or running for another CPU when a second
# CPU's NPI arrives, the workqueue does not queue it a second time on the
# second CPU: it is already pending, or it is queued again where it runs
# (a work item never runs twice at once). The second GET then runs on the
# first CPU, and the second CPU's per-vCPU bits are never fetched: the
# notification is lost until that CPU's next NPI. Under a hypervisor,
# which delivers per-vCPU notifications to each vCPU by NPI, this lost a
# notification now and then (docs/xen.md, "Linux's NPI work item").
#
# The change: one work item per CPU, kept in the driver's per-CPU IRQ
# data. The handler queues its own CPU's item, so NPIs on two CPUs are two
# GETs, each on its CPU. Nothing else in the driver changes.
set -eu
f=$1/driver.c

perl -0pi -e '
	my $n = 0;
	# The per-CPU IRQ data gains the CPU'"'"'s NPI work item.
	$n += s/(struct ffa_pcpu_irq \{\n\tstruct ffa_drv_info \*info;\n)(\};)/$1\tstruct work_struct notif_work; \/* ffa-notify: per-CPU NPI work *\/\n$2/;
	# The handler queues the interrupted CPU'"'"'s own item.
	$n += s/(queue_work_on\(smp_processor_id\(\), info->notif_pcpu_wq,\s*)&info->notif_pcpu_work\)/$1&pcpu->notif_work)/;
	# The work function finds the driver through its CPU'"'"'s IRQ data.
	$n += s/struct ffa_drv_info \*info = container_of\(work, struct ffa_drv_info,\s*notif_pcpu_work\);/struct ffa_drv_info *info =\n\t\tcontainer_of(work, struct ffa_pcpu_irq, notif_work)->info;/;
	# Each CPU'"'"'s item is set up with its IRQ data, before the IRQ is requested.
	$n += s/(\tfor_each_present_cpu\(cpu\))\n\t\t(per_cpu_ptr\(irq_pcpu, cpu\)->info = drv_info;\n)/$1 \{\n\t\t$2\t\tINIT_WORK(&per_cpu_ptr(irq_pcpu, cpu)->notif_work,\n\t\t\t  notif_pcpu_irq_work_fn);\n\t}\n/;
	# The shared item is no longer used.
	$n += s/\tINIT_WORK\(&drv_info->notif_pcpu_work, notif_pcpu_irq_work_fn\);\n//;
	$n == 5 or die "arm_ffa-npi-percpu.sh: driver.c is not the expected 6.12 text ($n of 5 changes)\n";
' "$f"
