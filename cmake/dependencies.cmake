# Third-party dependencies, all from Debian packages installed by scripts/setup.
find_package(Threads REQUIRED)
# SLEEF (libsleef-dev): vectorised exp/log/tanh/erf... for the AVX2/AVX-512 elementwise kernels.
find_library(EMBER_SLEEF_LIB sleef REQUIRED)

# LibTorch (Debian libtorch-dev) is a test and benchmark oracle only: never linked into ember.
# We wrap the three libraries in a plain imported target instead of Torch's CMake package,
# which drags in CUDA probing and takes seconds to configure.
find_path(EMBER_LIBTORCH_INCLUDE torch/torch.h PATHS /usr/include/torch/csrc/api/include NO_DEFAULT_PATH)
find_library(EMBER_LIBTORCH_LIB torch)
find_library(EMBER_LIBTORCH_CPU_LIB torch_cpu)
find_library(EMBER_LIBC10_LIB c10)
if(EMBER_LIBTORCH_INCLUDE AND EMBER_LIBTORCH_LIB AND EMBER_LIBTORCH_CPU_LIB AND EMBER_LIBC10_LIB)
  set(EMBER_HAVE_LIBTORCH ON)
  add_library(ember_libtorch INTERFACE IMPORTED)
  target_include_directories(ember_libtorch SYSTEM INTERFACE ${EMBER_LIBTORCH_INCLUDE})
  target_link_libraries(ember_libtorch INTERFACE ${EMBER_LIBTORCH_LIB} ${EMBER_LIBTORCH_CPU_LIB} ${EMBER_LIBC10_LIB})
  # LibTorch's headers are C++17 and noisy under our warning set.
  target_compile_options(ember_libtorch INTERFACE -Wno-unused-parameter -Wno-maybe-uninitialized)
else()
  set(EMBER_HAVE_LIBTORCH OFF)
  message(STATUS "LibTorch not found: difftests and bench/ are skipped (run scripts/setup)")
endif()

# OpenBLAS (Debian libopenblas-dev) for GEMM: cblas.h from the pthread flavour's own folder,
# since /usr/include/.../cblas.h is an alternatives link that may point at netlib's.
find_path(EMBER_CBLAS_INCLUDE cblas.h
  PATHS /usr/include/x86_64-linux-gnu/openblas-pthread /usr/include/openblas
        /usr/include/${CMAKE_LIBRARY_ARCHITECTURE}/openblas-pthread
  NO_DEFAULT_PATH)
find_library(EMBER_OPENBLAS_LIB openblas)
if(NOT EMBER_CBLAS_INCLUDE OR NOT EMBER_OPENBLAS_LIB)
  message(FATAL_ERROR "OpenBLAS not found: install libopenblas-dev (scripts/setup)")
endif()

# zlib (Debian zlib1g-dev): reads gzip-compressed dataset files (MNIST's .gz IDX files).
find_package(ZLIB REQUIRED)
# oneDNN (Debian libdnnl-dev) for convolution. Debian builds it on OpenMP, so ember links
# OpenMP too: set_num_threads and the conv kernels give OpenMP ember's thread count.
find_path(EMBER_DNNL_INCLUDE dnnl.hpp)
find_library(EMBER_DNNL_LIB dnnl)
if(NOT EMBER_DNNL_INCLUDE OR NOT EMBER_DNNL_LIB)
  message(FATAL_ERROR "oneDNN not found: install libdnnl-dev (scripts/setup)")
endif()
find_package(OpenMP REQUIRED COMPONENTS CXX)
# nlohmann-json (Debian nlohmann-json3-dev, header-only): the safetensors header in src/io.
find_package(nlohmann_json 3 REQUIRED)
