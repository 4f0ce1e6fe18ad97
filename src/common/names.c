// SPDX-License-Identifier: BSD-3-Clause
/* Human-readable names of function IDs and error codes. */
#include "ffn/abi.h"

const char *ffn_fid_name(uint32_t fid)
{
	switch (fid) {
	case FFN_FID_ERROR:
		return "FFA_ERROR";
	case FFN_FID_SUCCESS_32:
		return "FFA_SUCCESS_32";
	case FFN_FID_SUCCESS_64:
		return "FFA_SUCCESS_64";
	case FFN_FID_INTERRUPT:
		return "FFA_INTERRUPT";
	case FFN_FID_VERSION:
		return "FFA_VERSION";
	case FFN_FID_FEATURES:
		return "FFA_FEATURES";
	case FFN_FID_MSG_WAIT:
		return "FFA_MSG_WAIT";
	case FFN_FID_RUN:
		return "FFA_RUN";
	case FFN_FID_MSG_SEND_DIRECT_REQ_32:
		return "FFA_MSG_SEND_DIRECT_REQ_32";
	case FFN_FID_MSG_SEND_DIRECT_RESP_32:
		return "FFA_MSG_SEND_DIRECT_RESP_32";
	case FFN_FID_NOTIFICATION_BITMAP_CREATE:
		return "FFA_NOTIFICATION_BITMAP_CREATE";
	case FFN_FID_NOTIFICATION_BITMAP_DESTROY:
		return "FFA_NOTIFICATION_BITMAP_DESTROY";
	case FFN_FID_NOTIFICATION_BIND:
		return "FFA_NOTIFICATION_BIND";
	case FFN_FID_NOTIFICATION_UNBIND:
		return "FFA_NOTIFICATION_UNBIND";
	case FFN_FID_NOTIFICATION_SET:
		return "FFA_NOTIFICATION_SET";
	case FFN_FID_NOTIFICATION_GET:
		return "FFA_NOTIFICATION_GET";
	case FFN_FID_NOTIFICATION_INFO_GET_32:
		return "FFA_NOTIFICATION_INFO_GET_32";
	case FFN_FID_NOTIFICATION_INFO_GET_64:
		return "FFA_NOTIFICATION_INFO_GET_64";
	default:
		return NULL;
	}
}

const char *ffn_error_name(int32_t err)
{
	static const char *const names[] = {
		"NOT_SUPPORTED", "INVALID_PARAMETERS",
		"NO_MEMORY",	 "BUSY",
		"INTERRUPTED",	 "DENIED",
		"RETRY",	 "ABORTED",
		"NO_DATA",	 "NOT_READY",
	};

	if (err >= FFN_NOT_READY && err <= FFN_NOT_SUPPORTED)
		return names[-err - 1];
	return NULL;
}
