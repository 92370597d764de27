# Sourced by scripts/run.sh and scripts/test.sh: every CMake option the build/ folder depends on,
# set explicitly, so a cache left by one script (or by hand) never changes what the other builds.
# shellcheck shell=bash
FTE_CMAKE_OPTIONS=(
  -G Ninja
  -DCMAKE_BUILD_TYPE=Release
  -DFTE_WERROR=ON
  -DFTE_SANITIZE=OFF
  -DFTE_BUILD_TESTS=ON
  -DFTE_BUILD_BENCH=ON
  -DCMAKE_CXX_FLAGS=
)
