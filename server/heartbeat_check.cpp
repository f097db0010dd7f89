// Heartbeat anchoring, help flag and ratings. See heartbeat_check.hpp.
#include "server/heartbeat_check.hpp"

namespace intake {

using json = nlohmann::json;

namespace {

struct Link {
    std::int64_t seq = 0;
    std::string hash;
    bool present = false;
};

Link link_of(const json& body, const char* key) {
    Link l;
    auto it = body.find(key);
    if (it == body.end() || !it->is_object()) return l;
    auto s = it->find("seq");
    auto h = it->find("hash");
    if (s == it->end() || !s->is_number_integer() || h == it->end() || !h->is_string()) return l;
    l.seq = s->get<std::int64_t>();
    l.hash = h->get<std::string>();
    l.present = l.seq >= 0;
    return l;
}

} // namespace

Result<std::int64_t> check_heartbeat(IntakeStore& store, const std::string& kiosk_id, const json& body,
                                     const std::function<void(const std::string&)>& log) {
    auto alert = [&](const std::string& zh, const std::string& en) -> Status {
        log("ALERT audit: kiosk " + kiosk_id + ": " + en);
        return store.raise_alert(Alert{"audit", kiosk_id, now_rfc3339(), zh, en});
    };

    // [SECTION] help flag and ratings
    if (auto it = body.find("help_requested"); it != body.end() && it->is_boolean())
        if (auto st = store.set_help(kiosk_id, it->get<bool>()); !st) return st.error();
    if (auto it = body.find("ratings"); it != body.end() && it->is_array())
        for (const auto& r : *it) {
            if (!r.is_object() || !r.value("day", json()).is_string()) continue;
            const std::string day = r["day"];
            const auto n = r.value("count", 0LL), sum = r.value("sum", 0LL);
            if (day.size() != 10 || n < 0 || sum < 0 || sum > 5 * n) continue;   // counts only; nonsense ignored
            if (auto st = store.set_ratings(kiosk_id, day, DayRatings{n, sum}); !st) return st.error();
        }

    // [SECTION] anchoring
    const Link head = link_of(body, "audit_head");
    if (!head.present) return std::int64_t{0};   // an older kiosk: nothing to anchor
    const Link at = link_of(body, "audit_at_anchor");
    auto prev = store.anchor(kiosk_id);
    if (!prev) return prev.error();
    if (*prev) {
        const Anchor& p = **prev;
        if (head.seq < p.head_seq) {
            if (auto st = alert("自助机审计日志倒退（从第 " + std::to_string(p.head_seq) + " 条到第 " +
                                    std::to_string(head.seq) + " 条）：日志可能被截断或重写",
                                "its audit chain went backwards from seq " + std::to_string(p.head_seq) + " to " +
                                    std::to_string(head.seq) + " (cut off or rewritten)");
                !st)
                return st.error();
        } else if (head.seq == p.head_seq && head.hash != p.head_hash) {
            if (auto st = alert("自助机审计日志第 " + std::to_string(head.seq) + " 条的哈希已改变：日志被重写",
                                "the hash of its audit head seq " + std::to_string(head.seq) + " changed (rewritten)");
                !st)
                return st.error();
        } else if (at.present && p.anchor_seq > 0 && at.seq == p.anchor_seq && at.hash != p.anchor_hash) {
            if (auto st = alert("自助机审计日志第 " + std::to_string(p.anchor_seq) + " 条（已锚定）的哈希已改变：日志被重写",
                                "the anchored hash at seq " + std::to_string(p.anchor_seq) + " changed (rewritten)");
                !st)
                return st.error();
        }
    }
    // A kiosk that restarted does not know the anchor yet: keep it and ask again — the anchor moves only
    // once its hash was repeated, so a restart cannot skip the check. A kiosk whose chain went backwards
    // (alerted above) is anchored afresh at its new head.
    if (*prev && (*prev)->anchor_seq > 0 && head.seq >= (*prev)->anchor_seq && !(at.present && at.seq == (*prev)->anchor_seq)) {
        Anchor keep = **prev;
        keep.head_seq = head.seq;
        keep.head_hash = head.hash;
        if (auto st = store.set_anchor(kiosk_id, keep); !st) return st.error();
        return keep.anchor_seq;
    }
    // Anchor the head reported now; the next heartbeat repeats its hash. The chain links every row to the
    // ones before it, so an unchanged hash at the anchor vouches for every row up to it.
    if (auto st = store.set_anchor(kiosk_id, Anchor{head.seq, head.hash, head.seq, head.hash}); !st) return st.error();
    return head.seq;
}

} // namespace intake
