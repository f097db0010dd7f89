#pragma once
// Shared by the fuzz targets: an invariant check that aborts (libFuzzer and the replay both report an abort
// as a crash, with the input saved), and the source tree's paths for targets that need fixed data.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace fuzz {

inline void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

// Reads a file of the source tree (KIOSK_FUZZ_SOURCE_DIR is set by tests/fuzz/CMakeLists.txt); aborts if it
// is missing, since a target without its fixed data would fuzz nothing.
inline std::string source_file(const char* relative) {
    const std::string path = std::string(KIOSK_FUZZ_SOURCE_DIR) + "/" + relative;
    std::ifstream in(path, std::ios::binary);
    if (!in) { std::fprintf(stderr, "fuzz: cannot read %s\n", path.c_str()); std::abort(); }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace fuzz
