#pragma once
// [SECTION] Where the bytes go. One URI in [printer] uri chooses the transport:
//   none              printing disabled
//   file:PATH         append every job to a file (or a device that needs no status)        one-way
//   usb:/dev/usb/lp0  USB printer class device, opened read-write so status can be read    two-way
//   tcp://HOST:9100   raw TCP ("JetDirect") with connect/send/receive timeouts            two-way
//   cups:QUEUE        `lp -d QUEUE -o raw` ($KIOSK_LP overrides the lp command)          one-way
//   png:DIR           render as the printer would to DIR/<ticket>-<request_id>.png        one-way
#include "app/result.hpp"
#include "printer/profile.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace kiosk::printer {

struct PrinterUri {
    enum class Kind { none, file, usb, tcp, cups, png };
    Kind kind = Kind::none;
    std::string path;      // file, usb, png: the path; cups: the queue
    std::string host;      // tcp
    int port = 9100;       // tcp
    std::string text;      // the URI as written (no secrets in printer URIs)
};

// Error "printer.uri": "printer URI 'x': why; accepted: none | file:PATH | usb:/dev/usb/lpN | tcp://HOST[:PORT] | cups:QUEUE | png:DIR".
Result<PrinterUri> parse_printer_uri(std::string_view uri);

struct Timeouts {
    int connect_ms = 3000;
    int send_ms = 10000;   // for the whole job; a printer that stops reading is given up on
    int status_ms = 1000;  // per DLE EOT answer
};

// What a job is about — used for file names (png:) and the lp job title, never for PII.
struct JobInfo {
    std::string ticket;
    std::string request_id;
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual bool two_way() const = 0;
    // Sends one job's bytes.
    virtual Status send(std::string_view bytes, const JobInfo& job) = 0;
    // Two-way only: bytes straight to the device (status queries), and reads with a timeout. read()
    // returns an empty string on timeout, an error if the connection broke.
    virtual Status send_raw(std::string_view bytes, int timeout_ms);
    virtual Result<std::string> read(std::size_t max, int timeout_ms);
    virtual void discard_input() {}
};

// Opens (connects) the transport. Errors: "printer.disabled" for none, "printer.unreachable" when the
// device or host cannot be reached (message names the URI and the system's reason).
Result<std::unique_ptr<Transport>> open_transport(const PrinterUri& uri, const Profile& profile, const Timeouts& t);

} // namespace kiosk::printer
