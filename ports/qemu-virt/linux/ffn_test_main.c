// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0
#include <linux/module.h>
MODULE_LICENSE("Dual BSD/GPL");
