// Parsing [printer] uri and choosing the transport for it.
#include "printer/transport.hpp"
#include "printer/transport_impl.hpp"

#include <cctype>

namespace kiosk::printer {

namespace {

const char* kAccepted =
    "accepted: none | file:PATH | usb:/dev/usb/lpN | tcp://HOST[:PORT] | cups:QUEUE | png:DIR";

Error bad(std::string_view uri, const std::string& why) {
    return make_error("printer.uri", "printer URI '" + std::string(uri) + "': " + why + "; " + kAccepted);
}

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

} // namespace

Result<PrinterUri> parse_printer_uri(std::string_view uri) {
    PrinterUri u;
    u.text = std::string(uri);
    if (uri == "none" || uri.empty()) { u.kind = PrinterUri::Kind::none; return u; }
    auto rest_after = [&](std::string_view p) { return std::string(uri.substr(p.size())); };
    if (starts(uri, "file:")) {
        u.kind = PrinterUri::Kind::file;
        u.path = rest_after("file:");
        if (u.path.empty()) return bad(uri, "no path after 'file:'");
        return u;
    }
    if (starts(uri, "png:")) {
        u.kind = PrinterUri::Kind::png;
        u.path = rest_after("png:");
        if (u.path.empty()) return bad(uri, "no directory after 'png:'");
        return u;
    }
    if (starts(uri, "usb:")) {
        u.kind = PrinterUri::Kind::usb;
        u.path = rest_after("usb:");
        if (u.path.empty() || u.path[0] != '/') return bad(uri, "expected a device path such as usb:/dev/usb/lp0");
        return u;
    }
    if (starts(uri, "cups:")) {
        u.kind = PrinterUri::Kind::cups;
        u.path = rest_after("cups:");
        if (u.path.empty()) return bad(uri, "no queue name after 'cups:'");
        for (char c : u.path)   // lp queue names; nothing a shell or lp could read as an option
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
                return bad(uri, "a CUPS queue name has only letters, digits, '_', '-' and '.'");
        if (u.path[0] == '-') return bad(uri, "a CUPS queue name cannot start with '-'");
        return u;
    }
    if (starts(uri, "tcp://")) {
        u.kind = PrinterUri::Kind::tcp;
        std::string hp = rest_after("tcp://");
        if (!hp.empty() && hp.back() == '/') hp.pop_back();
        std::string port;
        if (!hp.empty() && hp[0] == '[') {   // [IPv6]:port
            auto close = hp.find(']');
            if (close == std::string::npos) return bad(uri, "unclosed '[' in the host");
            u.host = hp.substr(1, close - 1);
            if (close + 1 < hp.size()) {
                if (hp[close + 1] != ':') return bad(uri, "expected ':PORT' after ']'");
                port = hp.substr(close + 2);
            }
        } else {
            auto colon = hp.rfind(':');
            u.host = hp.substr(0, colon);
            if (colon != std::string::npos) port = hp.substr(colon + 1);
        }
        if (u.host.empty()) return bad(uri, "no host");
        if (!hp.empty() && hp.back() == ':') return bad(uri, "empty port");
        if (!port.empty()) {
            if (port.size() > 5) return bad(uri, "port out of range");
            int p = 0;
            for (char c : port) {
                if (!std::isdigit(static_cast<unsigned char>(c))) return bad(uri, "the port is not a number");
                p = p * 10 + (c - '0');
            }
            if (p < 1 || p > 65535) return bad(uri, "port out of range");
            u.port = p;
        }
        return u;
    }
    return bad(uri, "unknown kind");
}

Result<std::unique_ptr<Transport>> open_transport(const PrinterUri& uri, const Profile& profile, const Timeouts& t) {
    switch (uri.kind) {
    case PrinterUri::Kind::none: return make_error("printer.disabled", "printing is disabled (printer URI 'none')");
    case PrinterUri::Kind::file: return open_file_transport(uri);
    case PrinterUri::Kind::png: return open_png_transport(uri, profile);
    case PrinterUri::Kind::usb: return open_usb_transport(uri, t);
    case PrinterUri::Kind::tcp: return open_tcp_transport(uri, t);
    case PrinterUri::Kind::cups: return open_cups_transport(uri, t);
    }
    return make_error("printer.uri", "unknown printer URI kind");
}

Status Transport::send_raw(std::string_view, int) {
    return make_error("printer.one_way", "this connection cannot talk back to the printer");
}

Result<std::string> Transport::read(std::size_t, int) {
    return make_error("printer.one_way", "this connection cannot read the printer's status");
}

} // namespace kiosk::printer
