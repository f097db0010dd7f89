// libFuzzer target for the ESC/POS parser the emulator and the fake printer use (printer/escpos_parse.hpp).
// Invariants: never crash or read out of bounds; the parser is incremental, so feeding the stream in chunks
// (size from the first byte) gives the same commands as feeding it whole — text runs compared merged, since
// a chunk boundary may split one.
#include "printer/escpos_parse.hpp"
#include "tests/fuzz/fuzz_common.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace {

using kiosk::printer::Command;

std::vector<Command> parse(std::string_view bytes, std::size_t chunk) {
    std::vector<Command> out;
    kiosk::printer::Parser p([&](const Command& c) {
        if (c.kind == Command::Kind::text && !out.empty() && out.back().kind == Command::Kind::text &&
            out.back().chinese == c.chinese)
            out.back().data += c.data;
        else
            out.push_back(c);
    });
    for (std::size_t i = 0; i < bytes.size(); i += chunk) p.feed(bytes.substr(i, chunk));
    p.finish();
    return out;
}

bool same(const Command& a, const Command& b) {
    return a.kind == b.kind && a.n == b.n && a.chinese == b.chinese && a.full_cut == b.full_cut &&
           a.width_bytes == b.width_bytes && a.height == b.height && a.data == b.data;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = 1 + data[0] % 16;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    const auto whole = parse(bytes, bytes.size() + 1);
    const auto chunked = parse(bytes, chunk);
    fuzz::require(whole.size() == chunked.size(), "chunked feeding gives as many commands");
    for (std::size_t i = 0; i < whole.size(); ++i) {
        fuzz::require(same(whole[i], chunked[i]), "chunked feeding gives the same commands");
        if (whole[i].kind == Command::Kind::raster)
            fuzz::require(whole[i].data.size() == std::size_t(whole[i].width_bytes) * std::size_t(whole[i].height),
                          "a raster's data is width × height bytes");
    }
    return 0;
}
