# Build speed. The CI budget is 30 minutes on 2 cores for two whole builds (plain and ASan/UBSan), the fuzz
# build and every test of both; the builds are most of it (docs/TESTING.md "Where CI's time goes").
#
# [SECTION] Debug information: line tables
# Full debug information (-g) is a quarter to a third of an optimised file's compile time (app/catalog.cpp at
# -O2: 16.1 s with -g, 11.7 s with -g1). The packages are stripped (cmake/packaging.cmake), so it served only
# gdb in a build folder. Line tables (-g1) keep what a backtrace, a sanitizer report and a profiler need: the
# function, file and line of every frame. A plain Debug build keeps -g for stepping through in gdb.
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O2 -g1 -DNDEBUG")
set(CMAKE_C_FLAGS_RELWITHDEBINFO "-O2 -g1 -DNDEBUG")
if(KIOSK_SANITIZE)
  set(CMAKE_CXX_FLAGS_DEBUG "-g1")
  set(CMAKE_C_FLAGS_DEBUG "-g1")
endif()

# [SECTION] Precompiled headers
# A test file spends a third of its compile time parsing the same headers (the standard library, Catch2,
# nlohmann/json; tests/core/test_store.cpp: 16.1 s → 12.4 s with them precompiled). Each library and each
# multi-file program precompiles them once for itself (kiosk_pch); a one-file program gains nothing from it.
# The precompiled set is only ever an addition: every source still includes what it uses, which the fuzz
# build (no precompiled headers, clang) keeps honest for the core.
option(KIOSK_PCH "Precompile the standard library, nlohmann/json, Catch2 and cpp-httplib headers" ON)
set(KIOSK_PCH_STD
  <algorithm> <array> <atomic> <chrono> <cstdint> <cstdio> <cstdlib> <cstring> <deque> <filesystem>
  <fstream> <functional> <map> <memory> <mutex> <optional> <set> <sstream> <string> <string_view> <thread>
  <unordered_map> <utility> <variant> <vector>
  <nlohmann/json.hpp>)
if(KIOSK_PCH)
  # A precompiled header GCC cannot use (other flags, other macros) is silently parsed as text: say so.
  add_compile_options(-Winvalid-pch)
endif()

# kiosk_pch(TARGET [HEADER…]): TARGET precompiles KIOSK_PCH_STD and the HEADERs it names.
function(kiosk_pch target)
  if(KIOSK_PCH)
    target_precompile_headers(${target} PRIVATE ${KIOSK_PCH_STD} ${ARGN})   # C++ only: there are no C sources
  endif()
endfunction()

# [SECTION] Unity builds of the test programs
# At -O0 most of a test file's compile time is code generation for the templates it instantiates (Catch2's
# assertions, nlohmann/json, std::filesystem), the same in every file: four core test files compiled as one
# translation unit took 10.4 s against 19.0 s apart. Only the test programs are unity builds; the product's
# files keep their own translation units (and anonymous namespaces).
option(KIOSK_UNITY "Compile each test program's files a few at a time as one translation unit" ON)

# kiosk_unity(TARGET BATCH): TARGET's sources, BATCH files per translation unit.
function(kiosk_unity target batch)
  if(KIOSK_UNITY)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${batch})
  endif()
endfunction()

# [SECTION] Linker
# lld, where Debian's lld is installed (scripts/install-deps installs it); GNU ld otherwise. It is the
# faster linker of the two; its share here was not measured apart from the other changes.
find_program(KIOSK_LLD ld.lld)
if(KIOSK_LLD)
  add_link_options(-fuse-ld=lld)
endif()
