#pragma once
// The reader's side of the protocol, without I/O: a command frame in, the answer bytes out. main.cpp
// moves the bytes over a pty or a Unix socket; tests can drive this directly.
#include "tools/reader-sim/card_json.hpp"

#include <optional>
#include <string>

namespace kiosk::reader_sim {

enum class Fault {
    none,
    no_sam,            // reset SAM / SAM status answer SW3 60 (SAM self-test failed)
    bad_checksum,      // the read-text answer's CHK is flipped
    wrong_length,      // the read-text answer's text-length field says 255 (checksum recomputed)
    removed_mid_read,  // the read-text answer stops half-way and the card is off; once, then back to none
    auth_fail,         // select answers 90, read text answers SW3 31 (card authentication failed)
};
bool parse_fault(std::string_view s, Fault& out);   // "none" | "no-sam" | "bad-checksum" | "wrong-length" | "removed-mid-read" | "auth-fail"
const char* fault_name(Fault f);

class SimReader {
public:
    void put_card(SimCard card);
    void take_card();
    bool has_card() const { return card_.has_value(); }
    void set_fault(Fault f) { fault_ = f; }
    Fault fault() const { return fault_; }
    std::uint64_t texts_sent() const { return texts_sent_; }

    // The answer to one command frame's body (CMD PARA DATA). A truncated answer (removed_mid_read)
    // is simply shorter than its LEN says.
    reader::Bytes answer(reader::ByteView command_body);
    // The answer to a frame from the host that failed its checksum or length: what a reader sends back.
    reader::Bytes answer_bad_frame(reader::FrameStatus s);

private:
    reader::Bytes read_text();
    std::optional<SimCard> card_;
    Fault fault_ = Fault::none;
    std::uint64_t texts_sent_ = 0;
};

} // namespace kiosk::reader_sim
