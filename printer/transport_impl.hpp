#pragma once
// Internal: one opener per transport kind (transport_*.cpp). Use open_transport() from transport.hpp.
#include "printer/transport.hpp"

namespace kiosk::printer {

Result<std::unique_ptr<Transport>> open_file_transport(const PrinterUri& uri);
Result<std::unique_ptr<Transport>> open_png_transport(const PrinterUri& uri, const Profile& profile);
Result<std::unique_ptr<Transport>> open_usb_transport(const PrinterUri& uri, const Timeouts& t);
Result<std::unique_ptr<Transport>> open_tcp_transport(const PrinterUri& uri, const Timeouts& t);
Result<std::unique_ptr<Transport>> open_cups_transport(const PrinterUri& uri, const Timeouts& t);

// "<ticket>-<request_id>" reduced to [A-Za-z0-9_-], never empty.
std::string job_file_stem(const JobInfo& job);

} // namespace kiosk::printer
