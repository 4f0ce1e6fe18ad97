# SPDX-License-Identifier: BSD-3-Clause
#
# Build examples/embed as an out-of-tree consumer and run it, one way:
#   MODE=subdir   add_subdirectory of the source tree
#   MODE=package  cmake --install of BUILD_DIR into a prefix, then
#                 find_package(ffn), then the same with pkg-config (ffn.pc)
# cmake -DMODE=... -DSRC=<source dir> -DBUILD_DIR=<build dir> -DWORK=<dir>
#       -DCC=<C compiler> [-DSAN=<sanitizers>] -P run.cmake
set(_flags "")
if(SAN)
  set(_flags "-fsanitize=${SAN}")
endif()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out
                  ERROR_VARIABLE _out)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "failed (${_rc}): ${ARGN}\n${_out}")
  endif()
  set(OUT "${_out}" PARENT_SCOPE)
endfunction()

function(consumer name)
  file(REMOVE_RECURSE ${WORK}/${name})
  run(${CMAKE_COMMAND} -S ${SRC}/examples/embed -B ${WORK}/${name} -G Ninja
      -DCMAKE_C_COMPILER=${CC} "-DCMAKE_C_FLAGS=${_flags}"
      "-DCMAKE_EXE_LINKER_FLAGS=${_flags}" ${ARGN})
  run(${CMAKE_COMMAND} --build ${WORK}/${name})
  run(${WORK}/${name}/ffn-embed)
  message(STATUS "${name}: ${OUT}")
endfunction()

if(MODE STREQUAL "subdir")
  consumer(subdir -DFFN_SOURCE_DIR=${SRC})
elseif(MODE STREQUAL "package")
  set(_prefix ${WORK}/prefix)
  file(REMOVE_RECURSE ${_prefix})
  run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${_prefix})
  foreach(_f include/ffn/spmc.h include/ffn/mediator.h
             lib/cmake/ffn/ffnConfig.cmake lib/pkgconfig/ffn.pc bin/ffa-notify)
    if(NOT EXISTS ${_prefix}/${_f})
      message(FATAL_ERROR "not installed: ${_f}")
    endif()
  endforeach()
  consumer(package -DCMAKE_PREFIX_PATH=${_prefix})
  # pkg-config: a plain compiler line, as a Make or Kbuild consumer would.
  find_program(_pc pkg-config)
  if(_pc)
    set(ENV{PKG_CONFIG_PATH} ${_prefix}/lib/pkgconfig)
    run(${_pc} --cflags --libs ffn)
    separate_arguments(_pcflags UNIX_COMMAND "${OUT}")
    run(${CC} -std=c11 ${_flags} ${SRC}/examples/embed/embed.c ${_pcflags}
        -o ${WORK}/embed-pkgconfig)
    run(${WORK}/embed-pkgconfig)
    message(STATUS "pkg-config: ${OUT}")
  endif()
else()
  message(FATAL_ERROR "MODE must be subdir or package")
endif()
