# SPDX-License-Identifier: BSD-3-Clause
# Generate the ffa-notify(1) man page with help2man from the built command:
# the top-level --help and --version, plus each subcommand's --help as a
# section of its own (help2man only reads the first).
#   cmake -DEXE=ffa-notify -DHELP2MAN=help2man -DOUT=ffa-notify.1 -P man.cmake
foreach(_v EXE HELP2MAN OUT)
  if(NOT DEFINED ${_v})
    message(FATAL_ERROR "man.cmake: ${_v} not set")
  endif()
endforeach()

# Verbatim roff: backslashes escaped, no line read as a request.
function(_roff_verbatim text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} ".nf\n${text}.fi\n" PARENT_SCOPE)
endfunction()

set(_inc "[DESCRIPTION]\n")
string(APPEND _inc "ffa-notify drives an implementation of the Arm FF-A v1.2 "
  "notification interfaces on the host: the SPMC engine, the hypervisor "
  "mediator and the endpoint driver, either call by call from a script "
  "(ffa-notify script) or on threads as a concurrent simulation "
  "(ffa-notify run).\n")
foreach(_sub script run)
  execute_process(COMMAND ${EXE} ${_sub} --help OUTPUT_VARIABLE _help
                  RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "man.cmake: ${EXE} ${_sub} --help failed")
  endif()
  _roff_verbatim("${_help}" _v)
  string(TOUPPER "${_sub}" _up)
  string(APPEND _inc "\n[COMMAND ${_up}]\n${_v}")
endforeach()
string(APPEND _inc "\n[FILES]\n"
  ".TP\n.I *.ffa\nconsole scripts (the language: docs/console.md)\n"
  ".TP\n.I *.scn\nscenarios of ffa-notify run (docs/scenarios.md)\n"
  "\n[SEE ALSO]\n"
  "The project's README.md, docs/console.md, docs/scenarios.md and "
  "docs/platform.md.\n")
get_filename_component(_dir ${OUT} DIRECTORY)
file(WRITE ${_dir}/ffa-notify.h2m "${_inc}")
execute_process(
  COMMAND ${HELP2MAN} --no-info --section=1 --source=ffa-notify
          "--name=script, run and trace Arm FF-A notification flows"
          --include=${_dir}/ffa-notify.h2m --output=${OUT} ${EXE}
  RESULT_VARIABLE _rc ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "man.cmake: help2man failed: ${_err}")
endif()
