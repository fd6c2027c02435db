# CMake toolchain file: cross-build libspnego for big-endian s390x with
# Debian's gcc-s390x-linux-gnu and run its tests under qemu-user.
#
#   cmake -S . -B build-s390x \
#     -DCMAKE_TOOLCHAIN_FILE=tests/portability/s390x-toolchain.cmake
#   cmake --build build-s390x && ctest --test-dir build-s390x
#
# Packages: gcc-s390x-linux-gnu libc6-dev-s390x-cross qemu-user, and for
# the cmocka unit tests libcmocka-dev:s390x (dpkg --add-architecture
# s390x). scripts/ci/portability.sh installs them.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR s390x)
set(CMAKE_C_COMPILER s390x-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER s390x-linux-gnu-g++)

# The cross sysroot first, then the multiarch s390x libraries of the host
# (libcmocka0:s390x installs into /usr/lib/s390x-linux-gnu).
set(CMAKE_FIND_ROOT_PATH /usr/s390x-linux-gnu /usr/lib/s390x-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
set(CMAKE_LIBRARY_PATH /usr/lib/s390x-linux-gnu)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/s390x-linux-gnu/pkgconfig)
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

# cmocka.h is architecture-independent and lives in the host's
# /usr/include: search it only after the cross compiler's own headers.
set(CMAKE_C_FLAGS_INIT "-idirafter /usr/include")
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-L/usr/lib/s390x-linux-gnu -Wl,-rpath-link,/usr/lib/s390x-linux-gnu")

# ctest runs every test program through qemu. With libc6:s390x installed
# (multiarch, pulled in by libcmocka-dev:s390x) the guest uses the host's
# root: its loader, libc and libcmocka come from one Debian release. The
# cross sysroot's libc (libc6-s390x-cross) is a different build, and
# libcmocka.so.0:s390x run against it aborts with "stack smashing
# detected" before main, so it is the fallback for static programs only.
if(EXISTS /lib/ld64.so.1 AND EXISTS /lib/s390x-linux-gnu/libc.so.6)
  set(CMAKE_CROSSCOMPILING_EMULATOR qemu-s390x -L /)
else()
  set(CMAKE_CROSSCOMPILING_EMULATOR qemu-s390x -L /usr/s390x-linux-gnu)
endif()
