# SPDX-License-Identifier: BSD-3-Clause
# Run CMD with ARGS and require exit status EXPECT (used by script tests).
execute_process(COMMAND ${CMD} ${ARGS} RESULT_VARIABLE rc)
if(NOT "${rc}" STREQUAL "${EXPECT}")
  message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT}")
endif()
