#include "printer/status.hpp"

#include "printer/escpos.hpp"
#include "printer/transport.hpp"

namespace kiosk::printer {

std::string state_words(PrinterState s, Locale l) {
    const bool en = l == Locale::en;
    switch (s) {
    case PrinterState::ok: return en ? "Printer ready" : "打印机正常";
    case PrinterState::paper_near_end: return en ? "Paper roll nearly used up: replace it soon" : "纸卷即将用完，请尽快更换";
    case PrinterState::paper_out: return en ? "Out of paper: load a new roll" : "打印机缺纸，请装入新纸卷";
    case PrinterState::cover_open: return en ? "Printer cover is open: close it" : "打印机盖未关好，请合上";
    case PrinterState::offline: return en ? "Printer offline or in error" : "打印机离线或故障";
    case PrinterState::unknown: return en ? "Printer status cannot be read" : "无法读取打印机状态";
    case PrinterState::disabled: return en ? "No printer configured" : "未配置打印机";
    }
    return {};
}

bool status_byte_valid(int b) { return b >= 0 && b <= 0xFF && (b & 0x93) == 0x12; }

PrinterState decode_status(const StatusReply& r) {
    if (!status_byte_valid(r.printer)) return PrinterState::unknown;
    const bool cause = status_byte_valid(r.offline_cause), paper = status_byte_valid(r.paper);
    if (cause && (r.offline_cause & 0x04)) return PrinterState::cover_open;
    if ((cause && (r.offline_cause & 0x20)) || (paper && (r.paper & 0x60))) return PrinterState::paper_out;
    if ((r.printer & 0x08) || (cause && (r.offline_cause & 0x40))) return PrinterState::offline;
    if (paper && (r.paper & 0x0C)) return PrinterState::paper_near_end;
    return PrinterState::ok;
}

Result<StatusReply> query_status(Transport& t, int timeout_ms) {
    StatusReply r;
    int* slots[3] = {&r.printer, &r.offline_cause, &r.paper};
    const int ns[3] = {1, 2, 4};
    for (int i = 0; i < 3; ++i) {
        // A late answer to the previous question must not be taken for this one.
        t.discard_input();
        if (auto s = t.send_raw(dle_eot(ns[i]), timeout_ms); !s) return s.error();
        auto got = t.read(1, timeout_ms);
        if (!got) return got.error();
        if (!got->empty()) *slots[i] = static_cast<unsigned char>((*got)[0]);
        else if (i == 0) break;   // no answer to the first question: do not wait three times
    }
    return r;
}

} // namespace kiosk::printer
