# Sourced by scripts/build, scripts/test and scripts/run: turns the environment into the build
# folder and CMake options, so all three agree on where a build lives.
#   EMBER_BUILD_DIR   build folder (default: build, or build-asan with EMBER_SANITIZE=1)
#   EMBER_BUILD_TYPE  CMake build type (first configure default: Release, or Debug with
#                     EMBER_SANITIZE=1, where CMake then compiles at -O1 -g1: line numbers in
#                     sanitizer reports at a fraction of RelWithDebInfo's compile time)
#   EMBER_WERROR=1    warnings are errors
#   EMBER_SANITIZE=1  AddressSanitizer + UndefinedBehaviorSanitizer build
#   EMBER_JOBS        parallel compile and test jobs (default: number of cores)
# Options not set in the environment keep the value the build folder was configured with, so
# scripts/run after `EMBER_WERROR=1 scripts/test` does not rebuild everything.
on_off() { [[ "$1" =~ ^(1|ON|on|true|TRUE|yes)$ ]] && echo ON || echo OFF; }
if [[ $(on_off "${EMBER_SANITIZE:-0}") == ON ]]; then
  ember_build_dir=${EMBER_BUILD_DIR:-build-asan}
  default_build_type=Debug
else
  ember_build_dir=${EMBER_BUILD_DIR:-build}
  default_build_type=Release
fi
ember_jobs=${EMBER_JOBS:-$(nproc)}

ember_cmake_args=()
if [[ ! -f "$ember_build_dir/CMakeCache.txt" ]]; then
  # The generator can only be chosen when the folder is first configured.
  ember_cmake_args+=(-G Ninja -DCMAKE_BUILD_TYPE="${EMBER_BUILD_TYPE:-$default_build_type}")
elif [[ -n "${EMBER_BUILD_TYPE:-}" ]]; then
  ember_cmake_args+=(-DCMAKE_BUILD_TYPE="$EMBER_BUILD_TYPE")
fi
[[ -z "${EMBER_WERROR:-}" ]] || ember_cmake_args+=(-DEMBER_WERROR="$(on_off "$EMBER_WERROR")")
[[ -z "${EMBER_SANITIZE:-}" ]] || ember_cmake_args+=(-DEMBER_SANITIZE="$(on_off "$EMBER_SANITIZE")")
# Benchmarks under sanitizers measure nothing useful, and the tests never run them.
[[ $(on_off "${EMBER_SANITIZE:-0}") == OFF ]] || ember_cmake_args+=(-DEMBER_BUILD_BENCH=OFF)
unset default_build_type

# ccache keys on absolute paths; rewriting those under the checkout to relative ones lets a
# fresh clone (CI) reuse the cache of an earlier one.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
