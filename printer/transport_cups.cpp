// cups:QUEUE — hands the raw ESC/POS bytes to CUPS with `lp -d QUEUE -o raw`. A subprocess rather than
// libcups: no new dependency, and lp is there wherever CUPS is. $KIOSK_LP names another lp (tests, odd
// installs). One-way: CUPS does not pass DLE EOT answers back.
#include "printer/subprocess.hpp"
#include "printer/transport_impl.hpp"

#include <cstdlib>

namespace kiosk::printer {

namespace {

class CupsTransport final : public Transport {
public:
    CupsTransport(PrinterUri uri, Timeouts t) : uri_(std::move(uri)), t_(t) {}
    bool two_way() const override { return false; }
    Status send(std::string_view bytes, const JobInfo& job) override {
        const char* env = std::getenv("KIOSK_LP");
        std::string lp = (env && *env) ? env : "lp";
        // The title is the ticket only: CUPS keeps job titles in its logs.
        auto r = run_process({lp, "-d", uri_.path, "-o", "raw", "-t", "kiosk " + job.ticket}, bytes, t_.send_ms);
        if (!r) return make_error("printer.unreachable", uri_.text + ": " + r.error().message);
        if (r->exit_code != 0) {
            std::string out = r->output.substr(0, 300);
            while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
            return make_error("printer.unreachable", uri_.text + ": lp failed (exit " + std::to_string(r->exit_code) + "): " + out);
        }
        return ok_status();
    }

private:
    PrinterUri uri_;
    Timeouts t_;
};

} // namespace

Result<std::unique_ptr<Transport>> open_cups_transport(const PrinterUri& uri, const Timeouts& t) {
    return std::unique_ptr<Transport>(new CupsTransport(uri, t));
}

} // namespace kiosk::printer
