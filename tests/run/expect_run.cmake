# SPDX-License-Identifier: BSD-3-Clause
# Run CMD with ARGS; require exit status EXPECT and, when ERR is set, that
# stderr matches the regular expression ERR. With CHECK set, run it after
# (a command list, e.g. the trace checker) and require status 0.
execute_process(COMMAND ${CMD} ${ARGS} RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT "${rc}" STREQUAL "${EXPECT}")
  message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT}\n${out}\n${err}")
endif()
if(DEFINED ERR AND NOT "${err}" MATCHES "${ERR}")
  message(FATAL_ERROR "stderr does not match '${ERR}':\n${err}")
endif()
if(DEFINED CHECK)
  execute_process(COMMAND ${CHECK} RESULT_VARIABLE crc)
  if(NOT "${crc}" STREQUAL "0")
    message(FATAL_ERROR "check failed (${crc})")
  endif()
endif()
message("${out}")
