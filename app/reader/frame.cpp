// The frame codec declared in frame.hpp. The decoder never trusts LEN: it is range-checked before the
// decoder waits for that many bytes, and the checksum is checked before any body byte is interpreted.
#include "app/reader/frame.hpp"

#include <algorithm>

namespace kiosk::reader {
namespace {

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }

// Index of the first full preamble at or after `from`, or of a partial preamble at the very end (the rest
// may come with the next read), or buf.size() when neither.
std::size_t find_preamble(ByteView buf, std::size_t from, bool& complete) {
    complete = false;
    for (std::size_t i = from; i < buf.size(); ++i) {
        std::size_t n = 0;
        while (n < sizeof kPreamble && i + n < buf.size() && buf[i + n] == kPreamble[n]) ++n;
        if (n == sizeof kPreamble) { complete = true; return i; }
        if (i + n == buf.size() && n > 0) return i;   // a preamble cut off by the end of the buffer
    }
    return buf.size();
}

} // namespace

std::uint8_t xor_checksum(ByteView bytes) {
    std::uint8_t x = 0;
    for (std::uint8_t b : bytes) x ^= b;
    return x;
}

Bytes encode_frame(ByteView body) {
    const std::size_t len = body.size() + 1;
    Bytes f;
    f.reserve(kHeaderSize + len);
    f.insert(f.end(), std::begin(kPreamble), std::end(kPreamble));
    f.push_back(static_cast<std::uint8_t>(len >> 8));
    f.push_back(static_cast<std::uint8_t>(len & 0xFF));
    f.insert(f.end(), body.begin(), body.end());
    f.push_back(xor_checksum(ByteView(f).subspan(5)));
    return f;
}

Bytes encode_command(Command c, ByteView data) {
    Bytes body{c.cmd, c.para};
    body.insert(body.end(), data.begin(), data.end());
    return encode_frame(body);
}

Bytes encode_response(std::uint8_t sw3, ByteView data, std::uint8_t sw1, std::uint8_t sw2) {
    Bytes body{sw1, sw2, sw3};
    body.insert(body.end(), data.begin(), data.end());
    return encode_frame(body);
}

const char* frame_status_name(FrameStatus s) {
    switch (s) {
    case FrameStatus::frame: return "frame";
    case FrameStatus::need_more: return "incomplete frame";
    case FrameStatus::bad_checksum: return "checksum error";
    case FrameStatus::bad_length: return "length error";
    }
    return "?";
}

FrameResult decode_frame(ByteView buf, std::size_t min_body) {
    FrameResult r;
    bool complete = false;
    const std::size_t start = find_preamble(buf, 0, complete);
    r.garbage = r.consumed = start;
    if (!complete) return r;   // need_more; garbage (if any) may be dropped
    const ByteView rest = buf.subspan(start);
    if (rest.size() < kHeaderSize) return r;
    const std::size_t len = be16(rest.data() + 5);
    if (len < min_body + 1 || len > kMaxLen) {
        r.status = FrameStatus::bad_length;
        r.consumed = start + sizeof kPreamble;   // resync: look for the next preamble after this one
        return r;
    }
    if (rest.size() < kHeaderSize + len) return r;   // need_more
    const ByteView covered = rest.subspan(5, 2 + len - 1);   // LEN_H .. last body byte
    const std::uint8_t chk = rest[kHeaderSize + len - 1];
    r.consumed = start + kHeaderSize + len;
    if (xor_checksum(covered) != chk) {
        r.status = FrameStatus::bad_checksum;
        return r;
    }
    r.status = FrameStatus::frame;
    r.body = rest.subspan(kHeaderSize, len - 1);
    return r;
}

Response parse_response(ByteView body) {
    Response r;
    if (body.size() < 3) return r;
    r.sw1 = body[0];
    r.sw2 = body[1];
    r.sw3 = body[2];
    r.data = body.subspan(3);
    return r;
}

CommandFrame parse_command(ByteView body) {
    CommandFrame c;
    if (body.size() < 2) return c;
    c.command = {body[0], body[1]};
    c.data = body.subspan(2);
    return c;
}

bool split_text_response(ByteView data, TextAndPhoto& out) {
    if (data.size() < 4) return false;
    const std::size_t text_len = be16(data.data());
    const std::size_t photo_len = be16(data.data() + 2);
    if (text_len != kTextSize || data.size() != 4 + text_len + photo_len) return false;
    out.text = data.subspan(4, text_len);
    out.photo = data.subspan(4 + text_len, photo_len);
    return true;
}

Bytes build_text_response_data(ByteView text256, ByteView photo) {
    Bytes d;
    d.reserve(4 + text256.size() + photo.size());
    d.push_back(static_cast<std::uint8_t>(text256.size() >> 8));
    d.push_back(static_cast<std::uint8_t>(text256.size() & 0xFF));
    d.push_back(static_cast<std::uint8_t>(photo.size() >> 8));
    d.push_back(static_cast<std::uint8_t>(photo.size() & 0xFF));
    d.insert(d.end(), text256.begin(), text256.end());
    d.insert(d.end(), photo.begin(), photo.end());
    return d;
}

Sw3Info sw3_info(std::uint8_t sw3) {
    switch (sw3) {
    case 0x90: return {Sw3Class::ok, "ok (SW3 90)"};
    case 0x9F: return {Sw3Class::card_found, "card found (SW3 9F)"};
    case 0x10: return {Sw3Class::frame_error, "reader saw a checksum error in our command (SW3 10)"};
    case 0x11: return {Sw3Class::frame_error, "reader saw a length error in our command (SW3 11)"};
    case 0x21: return {Sw3Class::command_error, "reader refused the command as unknown (SW3 21)"};
    case 0x23: return {Sw3Class::command_error, "command not permitted by the reader (SW3 23)"};
    case 0x24: return {Sw3Class::command_error, "reader reports an unknown error (SW3 24)"};
    case 0x31: return {Sw3Class::auth_failed, "card authentication failed (SW3 31)"};
    case 0x32: return {Sw3Class::auth_failed, "card authentication failed (SW3 32)"};
    case 0x33: return {Sw3Class::auth_failed, "card information verification failed (SW3 33)"};
    case 0x40: return {Sw3Class::card_error, "unknown card type (SW3 40)"};
    case 0x41: return {Sw3Class::card_error, "card read failed (SW3 41)"};
    case 0x47: return {Sw3Class::card_error, "card random number failed (SW3 47)"};
    case 0x60: return {Sw3Class::sam_fault, "SAM self-test failed (SW3 60)"};
    case 0x66: return {Sw3Class::sam_fault, "SAM not authorised (SW3 66)"};
    case 0x80: return {Sw3Class::no_card, "no card found (SW3 80)"};
    case 0x81: return {Sw3Class::select_failed, "card select failed (SW3 81)"};
    case 0x91: return {Sw3Class::no_content, "no content (SW3 91)"};
    case 0xFF: return {Sw3Class::comm_error, "reader communication error (SW3 FF)"};
    default: return {Sw3Class::unknown, "status code not in GA/T 467"};
    }
}

} // namespace kiosk::reader
