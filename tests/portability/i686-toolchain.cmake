# CMake toolchain file: build libspnego for 32-bit x86 with Debian's
# gcc-i686-linux-gnu cross compiler; the programs run natively on an
# x86-64 kernel.
#
#   cmake -S . -B build-i686 \
#     -DCMAKE_TOOLCHAIN_FILE=tests/portability/i686-toolchain.cmake
#   cmake --build build-i686 && ctest --test-dir build-i686
#
# Why not gcc -m32: Debian's gcc-multilib conflicts with every cross
# compiler (gcc-s390x-linux-gnu included), and without it -m32 cannot
# include <errno.h> (no /usr/include/asm). The i686 cross compiler
# coexists with the others.
#
# Packages: gcc-i686-linux-gnu libc6-dev-i386-cross, and for the cmocka
# unit tests libcmocka-dev:i386 (dpkg --add-architecture i386), which also
# brings the i386 loader and libc the programs run with.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR i686)
set(CMAKE_C_COMPILER i686-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER i686-linux-gnu-g++)

set(CMAKE_FIND_ROOT_PATH /usr/i686-linux-gnu /usr/lib/i386-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
set(CMAKE_LIBRARY_PATH /usr/lib/i386-linux-gnu)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/i386-linux-gnu/pkgconfig)
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

# cmocka.h is architecture-independent: the host's copy, searched last.
set(CMAKE_C_FLAGS_INIT "-idirafter /usr/include")
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-L/usr/lib/i386-linux-gnu -Wl,-rpath-link,/usr/lib/i386-linux-gnu")
