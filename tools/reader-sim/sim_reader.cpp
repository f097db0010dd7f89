#include "tools/reader-sim/sim_reader.hpp"

namespace kiosk::reader_sim {
namespace {

using namespace kiosk::reader;

struct FaultName {
    Fault f;
    const char* name;
};
constexpr FaultName kFaults[] = {{Fault::none, "none"}, {Fault::no_sam, "no-sam"}, {Fault::bad_checksum, "bad-checksum"},
                                 {Fault::wrong_length, "wrong-length"}, {Fault::removed_mid_read, "removed-mid-read"},
                                 {Fault::auth_fail, "auth-fail"}};

// A stand-in for the WLT photo: the real block is compressed image data the kiosk never decodes.
Bytes fake_photo() {
    Bytes p(kPhotoSize, 0);
    const char tag[] = "WLT-SIM";
    for (std::size_t i = 0; i < sizeof tag - 1; ++i) p[i] = static_cast<std::uint8_t>(tag[i]);
    for (std::size_t i = sizeof tag; i < p.size(); ++i) p[i] = static_cast<std::uint8_t>(i * 131u);
    return p;
}

Bytes utf16_block(std::string_view utf8_text, std::size_t bytes) {
    CardIdentity tmp;
    tmp.address = std::string(utf8_text);
    const Bytes t = encode_card_text(tmp);   // the address slot is 70 bytes at offset 52
    Bytes out(t.begin() + 52, t.begin() + 52 + static_cast<long>(std::min<std::size_t>(bytes, 70)));
    return out;
}

} // namespace

bool parse_fault(std::string_view s, Fault& out) {
    for (const auto& f : kFaults)
        if (s == f.name) { out = f.f; return true; }
    return false;
}

const char* fault_name(Fault f) {
    for (const auto& n : kFaults)
        if (n.f == f) return n.name;
    return "none";
}


void SimReader::put_card(SimCard card) { card_ = std::move(card); }
void SimReader::take_card() { card_.reset(); }

Bytes SimReader::answer_bad_frame(FrameStatus s) {
    return encode_response(s == FrameStatus::bad_checksum ? 0x10 : 0x11);
}

Bytes SimReader::answer(ByteView body) {
    const CommandFrame c = parse_command(body);
    const auto is = [&](Command k) { return c.command.cmd == k.cmd && c.command.para == k.para; };
    const bool sam_ok = fault_ != Fault::no_sam;
    if (is(kResetSam) || is(kSamStatus)) return encode_response(sam_ok ? 0x90 : 0x60);
    if (is(kReadSamId)) {
        const Bytes id(16, 0x05);
        return sam_ok ? encode_response(0x90, id) : encode_response(0x60);
    }
    if (!sam_ok) return encode_response(0x60);
    if (is(kFindCard)) return card_ ? encode_response(0x9F, Bytes(4, 0)) : encode_response(0x80);
    if (is(kSelectCard)) return card_ ? encode_response(0x90, Bytes(8, 0)) : encode_response(0x81);
    if (is(kReadText)) return read_text();
    if (is(kReadNewAddress)) {
        if (!card_) return encode_response(0x41);
        if (card_->appended_address.empty()) return encode_response(0x91);
        return encode_response(0x90, utf16_block(card_->appended_address, 70));
    }
    if (is(kReadTextFinger)) return encode_response(0x23);   // this simulated reader has no fingerprint module
    return encode_response(0x21);
}

Bytes SimReader::read_text() {
    if (!card_) return encode_response(0x41);
    if (fault_ == Fault::auth_fail) return encode_response(0x31);
    Bytes text = encode_card_text(card_->identity);
    Bytes data = build_text_response_data(text, fake_photo());
    if (fault_ == Fault::wrong_length) data[1] = 0xFF;   // text length 255: the blocks no longer add up
    Bytes frame = encode_response(0x90, data);
    ++texts_sent_;
    if (fault_ == Fault::bad_checksum) frame.back() ^= 0x5A;
    if (fault_ == Fault::removed_mid_read) {
        frame.resize(frame.size() / 2);
        card_.reset();
        fault_ = Fault::none;   // once: the resident puts the card back and it reads
    }
    return frame;
}

} // namespace kiosk::reader_sim
