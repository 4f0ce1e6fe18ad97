# SPDX-License-Identifier: BSD-3-Clause
#
# Source lists of the freestanding core, for embedders with their own
# build (Make, GN, Kbuild). One file per line; CMake reads this file too,
# so it is the single list. Every file needs only include/ on the include
# path, and nothing from libc but memcpy and memset.

FFN_COMMON_SRCS += src/common/names.c
FFN_COMMON_SRCS += src/common/info_list.c
FFN_COMMON_SRCS += src/common/idmap.c

FFN_SPMC_SRCS += src/spmc/spmc.c
FFN_SPMC_SRCS += src/spmc/bitmap.c
FFN_SPMC_SRCS += src/spmc/notify.c
FFN_SPMC_SRCS += src/spmc/info.c
FFN_SPMC_SRCS += src/spmc/run.c
FFN_SPMC_SRCS += src/spmc/senders.c
FFN_SPMC_SRCS += src/spmc/msg.c
FFN_SPMC_SRCS += src/spmc/online.c
FFN_SPMC_SRCS += src/spmc/check.c

FFN_MEDIATOR_SRCS += src/mediator/avail.c
FFN_MEDIATOR_SRCS += src/mediator/core.c
FFN_MEDIATOR_SRCS += src/mediator/dispatch.c
FFN_MEDIATOR_SRCS += src/mediator/drain.c
FFN_MEDIATOR_SRCS += src/mediator/policy.c
FFN_MEDIATOR_SRCS += src/mediator/report.c
FFN_MEDIATOR_SRCS += src/mediator/vm.c

FFN_ENDPOINT_SRCS += src/endpoint/endpoint.c

FFN_CORE_SRCS = $(FFN_COMMON_SRCS) $(FFN_SPMC_SRCS) $(FFN_MEDIATOR_SRCS) \
	$(FFN_ENDPOINT_SRCS)
FFN_INCLUDE_DIRS = include
