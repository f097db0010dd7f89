// Backend-independent parts of the intake store. See intake_shared.hpp.
#include "server/intake_shared.hpp"

#include "app/mask.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace intake {

using json = nlohmann::json;
using kiosk::make_error;

std::string category_of(const std::string& ticket) {
    std::string c;
    for (char ch : ticket) {
        if (ch < 'A' || ch > 'Z') break;
        c += ch;
    }
    return c;
}

std::string upper_ascii(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

const char* const kTicketColumns =
    "request_id, ticket, category, service_id, name_masked, kiosk_id, station_id, created_at, received_at, day, "
    "received_ms, call_state, desk_status, desk_window, recalls, called_ms, message_zh, message_en, reason, updated_at, "
    "server_ref";

RecordColumns record_columns(const NewRecord& r, const kiosk::KeyRing& lookup) {
    RecordColumns c;
    c.category = category_of(r.ticket);
    c.day = r.created_at.substr(0, 10);
    c.name_masked = r.name.empty() ? std::string() : kiosk::mask_name(r.name);
    c.id_mac = r.id_number.empty() ? std::string() : lookup.hmac_hex(upper_ascii(r.id_number));
    c.payload_mac = lookup.hmac_hex(r.payload_sha256);
    return c;
}

std::string server_ref(const std::string& prefix, const std::string& day_compact, std::int64_t n) {
    char seq[24];
    std::snprintf(seq, sizeof seq, "%06lld", static_cast<long long>(n));
    return prefix + "-" + day_compact + "-" + seq;
}

std::string stored_response(const std::string& request_id, const std::string& server_ref, const std::string& received_at) {
    // Built by hand, not by a JSON library, only because the three values are known-safe ASCII.
    return R"({"request_id":")" + request_id + R"(","server_ref":")" + server_ref + R"(","received_at":")" +
           received_at + R"("})";
}

bool status_allowed(const std::string& from, const std::string& to) {
    if (to == "accepted") return from == "received";
    if (to == "processing") return from == "accepted" || from == "needs_more";
    if (to == "done" || to == "needs_more") return from == "processing";
    if (to == "rejected") return from == "received" || from == "accepted" || from == "processing" || from == "needs_more";
    return false;
}

std::string call_event_fields(const Ticket& t, bool recall, bool transfer) {
    json f{{"ticket", t.ticket}, {"window", t.window}, {"recall", recall}};
    if (transfer) f["transfer"] = true;
    return f.dump();
}

std::string status_event_fields(const Ticket& before, const std::string& status, const std::string& message_zh,
                                const std::string& message_en, const std::string& actor) {
    // The officer (the desk account) goes with it: the kiosk clears the request as desk:<officer> in its audit.
    json f{{"request_id", before.request_id}, {"kiosk_id", before.kiosk_id}, {"status", status},
           {"message", {{"zh", message_zh}, {"en", message_en}}}, {"officer", actor}};
    return f.dump();
}

std::string event_json(const std::string& fields_json, std::int64_t seq, const std::string& type, const std::string& at) {
    json e = json::parse(fields_json);
    e["seq"] = seq;
    e["type"] = type;
    e["at"] = at;
    return e.dump();
}

Alert help_alert(const std::string& kiosk_id, const std::string& since) {
    return {"help", kiosk_id, since, "自助机有居民呼叫工作人员", "A resident at the kiosk asks for staff"};
}

std::string join_serves(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
    return s;
}

std::vector<std::string> split_serves(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ',') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

KeyFiles key_files(const std::filesystem::path& dir) { return {dir / "intake-data.key", dir / "intake-lookup.key"}; }

kiosk::Status copy_keys(const std::filesystem::path& from_dir, const std::filesystem::path& to_dir) {
    namespace fs = std::filesystem;
    const auto from = key_files(from_dir), to = key_files(to_dir);
    auto bytes = [](const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    std::error_code ec;
    for (const auto& [src, dst] : {std::pair{from.data, to.data}, std::pair{from.lookup, to.lookup}}) {
        if (!fs::exists(src, ec)) return key_missing(src, from_dir.string(), 0);
        if (fs::exists(dst, ec) && bytes(dst) != bytes(src))
            return make_error("key.wrong", dst.string() + " differs from " + src.string() +
                                               ": the target must use the source's keys; nothing was copied");
    }
    for (const auto& [src, dst] : {std::pair{from.data, to.data}, std::pair{from.lookup, to.lookup}}) {
        if (fs::exists(dst, ec)) continue;
        if (!fs::copy_file(src, dst, ec)) return make_error("key.io", "cannot copy " + src.string() + ": " + ec.message());
        fs::permissions(dst, fs::perms::owner_read | fs::perms::owner_write, ec);
    }
    return kiosk::ok_status();
}

kiosk::Error key_missing(const std::filesystem::path& key, const std::string& db, long long n) {
    return make_error("key.missing",
                      "the key " + key.string() + " is missing, but the database " + db + " holds " +
                          std::to_string(n) + " sealed request(s). Nothing has been changed and no new key was made: "
                          "a new key could not read them. Restore the key from the backup of the intake's data "
                          "directory (mode 0600), then start again (docs/ADMIN.md, \"Intake keys\").");
}

kiosk::Error key_wrong(const std::string& db, const std::string& other_id, const std::filesystem::path& key,
                       const std::string& key_id) {
    return make_error("key.wrong", "the database " + db + " holds requests sealed with key id " + other_id + ", but " +
                                       key.string() + " is key id " + key_id +
                                       ": restore the right key file; nothing was changed");
}

} // namespace intake
