#pragma once
// [SECTION] ID-card reader frames (GA/T 467, ../shared/reference/idcard-reader.md, docs/READER.md).
//   AA AA AA 96 69 | LEN_H LEN_L | body | CHK
// LEN counts the body and CHK (big-endian); CHK is the XOR of LEN_H .. the last body byte. A command's body
// is CMD PARA [DATA], a response's SW1 SW2 SW3 [DATA]. One codec serves both sides: the driver (app/reader)
// and the simulator (tools/reader-sim), so what the simulator sends is checked by the same rules.
// Pure functions over byte spans: no I/O, no allocation in the decoder (it points into the caller's buffer).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace kiosk::reader {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline constexpr std::uint8_t kPreamble[5] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
inline constexpr std::size_t kHeaderSize = 7;          // preamble + LEN
// The largest body a reader sends: text + photo + fingerprint (256 + 1024 + 1024) plus lengths and SWs.
// A LEN above this is a lie (or line noise), refused before waiting for bytes that will never come.
inline constexpr std::size_t kMaxLen = 2400;

// The commands the driver sends (CMD, PARA).
struct Command {
    std::uint8_t cmd, para;
};
inline constexpr Command kResetSam{0x10, 0xFF};
inline constexpr Command kSamStatus{0x11, 0xFF};
inline constexpr Command kReadSamId{0x12, 0xFF};
inline constexpr Command kFindCard{0x20, 0x01};
inline constexpr Command kSelectCard{0x20, 0x02};
inline constexpr Command kReadText{0x30, 0x01};           // text + photo
inline constexpr Command kReadTextFinger{0x30, 0x10};     // text + photo + fingerprint (not used by the kiosk)
inline constexpr Command kReadNewAddress{0x30, 0x03};

// XOR of every byte of `bytes`.
std::uint8_t xor_checksum(ByteView bytes);

// A whole frame around `body` (preamble, LEN, body, CHK).
Bytes encode_frame(ByteView body);
Bytes encode_command(Command c, ByteView data = {});
Bytes encode_response(std::uint8_t sw3, ByteView data = {}, std::uint8_t sw1 = 0, std::uint8_t sw2 = 0);

// [SECTION] Decoding a byte stream
enum class FrameStatus {
    frame,          // a well-formed frame: `body` points into the buffer
    need_more,      // no complete frame yet (garbage before a preamble may already be `consumed`)
    bad_checksum,   // a complete frame whose CHK does not match: `consumed` skips it
    bad_length,     // LEN below the minimum or above kMaxLen: `consumed` skips the preamble to resync
};
const char* frame_status_name(FrameStatus s);

struct FrameResult {
    FrameStatus status = FrameStatus::need_more;
    std::size_t consumed = 0;   // bytes the caller may drop from the front of the buffer
    std::size_t garbage = 0;    // of those, bytes before the preamble (line noise, a previous partial frame)
    ByteView body;              // only for FrameStatus::frame
};

// Looks for the first frame in `buf`. Bytes before a preamble are skipped as garbage; a partial preamble at
// the end is kept (not consumed) so a frame split across reads is found once the rest arrives.
// `min_body` is 2 for commands (CMD PARA) and 3 for responses (SW1 SW2 SW3).
FrameResult decode_frame(ByteView buf, std::size_t min_body);

struct Response {
    std::uint8_t sw1 = 0, sw2 = 0, sw3 = 0;
    ByteView data;
};
struct CommandFrame {
    Command command{};
    ByteView data;
};
Response parse_response(ByteView body);       // body.size() >= 3 (decode_frame with min_body 3 ensures it)
CommandFrame parse_command(ByteView body);    // body.size() >= 2

// [SECTION] The read-text answer (30 01): text length, photo length, text (256), photo (1024, WLT).
inline constexpr std::size_t kTextSize = 256;
inline constexpr std::size_t kPhotoSize = 1024;
inline constexpr std::size_t kTextResponseFrameSize = kHeaderSize + 3 + 4 + kTextSize + kPhotoSize + 1;   // 1295
struct TextAndPhoto {
    ByteView text;    // exactly kTextSize bytes
    ByteView photo;   // the WLT block: never decoded, never kept (docs/READER.md, privacy)
};
// Splits the data of a 30 01 answer; false when its length fields disagree with its size or the text
// block is not 256 bytes.
bool split_text_response(ByteView data, TextAndPhoto& out);
Bytes build_text_response_data(ByteView text256, ByteView photo);   // for the simulator and tests

// [SECTION] Status word 3
enum class Sw3Class {
    ok,             // 90
    card_found,     // 9F
    no_card,        // 80 find failed (no card on the reader)
    select_failed,  // 81
    no_content,     // 91 (no appended address)
    frame_error,    // 10 checksum, 11 length (the reader did not understand our frame)
    command_error,  // 21 bad command, 23 not permitted, 24 unknown
    auth_failed,    // 31, 32 card authentication, 33 information verification
    card_error,     // 40 unknown card type, 41 read failed, 47 random number failed
    sam_fault,      // 60 self-test failed, 66 not authorised
    comm_error,     // FF
    unknown,        // a code the standard does not list
};
struct Sw3Info {
    Sw3Class cls;
    const char* text;   // technical words for staff and logs ("card authentication failed (SW3 31)")
};
Sw3Info sw3_info(std::uint8_t sw3);

} // namespace kiosk::reader
