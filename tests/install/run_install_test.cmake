# ctest driver (cmake -P): installs the built ember into a fresh prefix, then configures, builds
# and runs tests/install/consumer against it with find_package(ember CONFIG REQUIRED).
# Inputs (-D): EMBER_BINARY_DIR, CONSUMER_SOURCE_DIR, WORK_DIR, GENERATOR, CXX_COMPILER,
# CXX_LAUNCHER (may be empty), BUILD_TYPE, SANITIZE_FLAGS (may be empty).
set(prefix ${WORK_DIR}/prefix)
set(consumer_build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

execute_process(COMMAND ${CMAKE_COMMAND} --install ${EMBER_BINARY_DIR} --prefix ${prefix}
  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)

# A sanitized libember needs the sanitizer runtime in the executable too.
execute_process(COMMAND ${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${consumer_build}
    -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=${BUILD_TYPE}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    -DCMAKE_CXX_COMPILER_LAUNCHER=${CXX_LAUNCHER}
    -DCMAKE_CXX_FLAGS=${SANITIZE_FLAGS}
    -DCMAKE_EXE_LINKER_FLAGS=${SANITIZE_FLAGS}
    -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  COMMAND_ERROR_IS_FATAL ANY)

# The package must come from the prefix we just installed, not from the build tree or the system.
file(STRINGS ${consumer_build}/CMakeCache.txt ember_dir REGEX "^ember_DIR:")
string(REGEX REPLACE "^ember_DIR:[A-Z]+=" "" ember_dir "${ember_dir}")
cmake_path(IS_PREFIX prefix "${ember_dir}" NORMALIZE from_prefix)
if(NOT from_prefix)
  message(FATAL_ERROR "find_package(ember) found ${ember_dir}, not the package in ${prefix}")
endif()

execute_process(COMMAND ${CMAKE_COMMAND} --build ${consumer_build} COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${consumer_build}/consumer
  OUTPUT_VARIABLE output RESULT_VARIABLE rc)
message(STATUS "consumer printed: ${output}")
if(NOT rc EQUAL 0 OR NOT output MATCHES "sizes \\[3, 2\\] sum 9")
  message(FATAL_ERROR "consumer failed (exit ${rc}): ${output}")
endif()
