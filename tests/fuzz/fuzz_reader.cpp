// libFuzzer target for the ID-card reader's frame decoder and text decoder (app/reader). The input is a
// byte stream as the serial line delivers it. Invariants besides "never crash, never read out of bounds":
//   - the decoder always makes progress or asks for more (consumed ≤ size; a frame's body lies inside it);
//   - a decoded frame re-encodes to exactly the bytes it was decoded from;
//   - a text block always decodes (or is refused with a code), to valid UTF-8 without control characters,
//     and the checks never crash on what it yields;
//   - a decoded card re-encodes and decodes to the same fields (the encoder is the simulator's).
#include "app/reader/card_text.hpp"
#include "app/reader/frame.hpp"
#include "app/validators.hpp"
#include "fuzz_common.hpp"

#include <cstdint>

using namespace kiosk;
using namespace kiosk::reader;

namespace {

bool clean_utf8(const std::string& s) {
    if (!utf8_length(s)) return false;
    for (unsigned char c : s) if (c < 0x20 || c == 0x7F) return false;
    return true;
}

void check_text(ByteView text) {
    auto d = decode_card_text(text);
    if (!d) { fuzz::require(!d.error().code.empty(), "refusals have a code"); return; }
    const CardIdentity& c = d.value();
    for (const std::string* s : {&c.name, &c.name_en, &c.address, &c.id_number, &c.issuer, &c.birth, &c.valid_to})
        fuzz::require(clean_utf8(*s), "decoded fields are clean UTF-8");
    (void)check_card(c, Date{2026, 12, 2});
    (void)nation_words(c.nation_code);
    (void)sex_words(c.sex_code, Locale::en);
    auto again = decode_card_text(encode_card_text(c));
    fuzz::require(again.ok(), "a decoded card re-encodes");
    fuzz::require(again->kind == c.kind && again->id_number == c.id_number && again->valid_to == c.valid_to &&
                      again->long_term == c.long_term,
                  "decode ∘ encode keeps the fields");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ByteView buf(data, size);
    // The first 256 bytes (when there are that many) also go straight to the text decoder.
    if (size >= kTextSize) check_text(buf.first(kTextSize));
    for (int guard = 0; guard < 10000 && !buf.empty(); ++guard) {
        const FrameResult r = decode_frame(buf, 3);
        fuzz::require(r.consumed <= buf.size(), "consumed within the buffer");
        fuzz::require(r.garbage <= r.consumed, "garbage within consumed");
        if (r.status == FrameStatus::need_more) {
            if (r.consumed == 0) break;
            buf = buf.subspan(r.consumed);
            continue;
        }
        fuzz::require(r.consumed > 0, "a verdict consumes something");
        if (r.status == FrameStatus::frame) {
            fuzz::require(r.body.data() >= buf.data() && r.body.data() + r.body.size() <= buf.data() + r.consumed, "body inside the frame");
            const Bytes again = encode_frame(r.body);
            fuzz::require(again.size() == r.consumed - r.garbage &&
                              std::equal(again.begin(), again.end(), buf.begin() + static_cast<long>(r.garbage)),
                          "a frame re-encodes to its own bytes");
            const Response resp = parse_response(r.body);
            (void)sw3_info(resp.sw3);
            TextAndPhoto tp;
            if (split_text_response(resp.data, tp)) {
                fuzz::require(tp.text.size() == kTextSize, "text block is 256 bytes");
                check_text(tp.text);
            }
        }
        buf = buf.subspan(r.consumed);
    }
    return 0;
}
