# SPDX-License-Identifier: BSD-3-Clause
#
# Cross toolchain: Debian's aarch64-linux-gnu-gcc, tests run under
# qemu-aarch64 (qemu-user). cmocka comes from libcmocka-dev:arm64
# (scripts/deps --arm64 adds the arm64 architecture and installs it).
#   cmake -S . -B build-aarch64 -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(FFN_AARCH64_SYSROOT /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH ${FFN_AARCH64_SYSROOT} /usr/lib/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

# The arm64 cmocka library; its header is architecture independent and
# lives in /usr/include, which the cross compiler does not search. Only
# that one header is exposed, through a private include directory, so no
# other host header can leak into the cross build.
set(CMOCKA_LIB /usr/lib/aarch64-linux-gnu/libcmocka.so CACHE FILEPATH
    "cmocka for aarch64")
set(_ffn_xinc ${CMAKE_BINARY_DIR}/aarch64-include)
if(NOT EXISTS ${_ffn_xinc}/cmocka.h AND EXISTS /usr/include/cmocka.h)
  file(MAKE_DIRECTORY ${_ffn_xinc})
  file(CREATE_LINK /usr/include/cmocka.h ${_ffn_xinc}/cmocka.h SYMBOLIC)
endif()
set(CMAKE_C_FLAGS_INIT "-idirafter ${_ffn_xinc}")
# libcmocka.so.0 needs the sysroot's libc at link time.
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-Wl,-rpath-link,${FFN_AARCH64_SYSROOT}/lib -Wl,-rpath-link,/usr/lib/aarch64-linux-gnu")

# CTest runs every test executable through qemu, with the arm64 root of
# the machine (libc6:arm64, which libcmocka-dev:arm64 pulls in) as the
# loader's root: ld.so, libc and libcmocka then all come from the same
# Debian release. (With -L /usr/aarch64-linux-gnu, the cross sysroot's
# ld.so would pick the arm64 libc of another build through the host's
# ld.so.cache, and threaded programs hang in libc.)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /)
