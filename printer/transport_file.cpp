// One-way transports that end in the file system: file:PATH (the raw bytes, appended) and png:DIR (the
// paper as the emulator prints it).
#include "printer/emulator.hpp"
#include "printer/transport_impl.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace kiosk::printer {

std::string job_file_stem(const JobInfo& job) {
    std::string s = job.ticket + "-" + job.request_id;
    for (char& c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) c = '_';
    return s == "-" ? std::string("job") : s;
}

namespace {

class FileTransport final : public Transport {
public:
    explicit FileTransport(PrinterUri uri) : uri_(std::move(uri)) {}
    bool two_way() const override { return false; }
    Status send(std::string_view bytes, const JobInfo&) override {
        // Appending keeps every job (a debugging log of what was printed); a device node ignores O_APPEND.
        int fd = ::open(uri_.path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0600);
        if (fd < 0) return make_error("printer.unreachable", "cannot open " + uri_.text + ": " + std::strerror(errno));
        std::size_t off = 0;
        while (off < bytes.size()) {
            ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                std::string why = std::strerror(errno);
                ::close(fd);
                return make_error("printer.io", "cannot write " + uri_.text + ": " + why);
            }
            off += static_cast<std::size_t>(n);
        }
        if (::close(fd) != 0) return make_error("printer.io", "cannot write " + uri_.text + ": " + std::strerror(errno));
        return ok_status();
    }

private:
    PrinterUri uri_;
};

class PngTransport final : public Transport {
public:
    PngTransport(PrinterUri uri, Profile p) : uri_(std::move(uri)), p_(p) {}
    bool two_way() const override { return false; }
    Status send(std::string_view bytes, const JobInfo& job) override {
        std::error_code ec;
        std::filesystem::create_directories(uri_.path, ec);
        if (ec) return make_error("printer.unreachable", "cannot create " + uri_.text + ": " + ec.message());
        return render_png(bytes, p_, std::filesystem::path(uri_.path) / (job_file_stem(job) + ".png"));
    }

private:
    PrinterUri uri_;
    Profile p_;
};

} // namespace

Result<std::unique_ptr<Transport>> open_file_transport(const PrinterUri& uri) {
    return std::unique_ptr<Transport>(new FileTransport(uri));
}

Result<std::unique_ptr<Transport>> open_png_transport(const PrinterUri& uri, const Profile& profile) {
    return std::unique_ptr<Transport>(new PngTransport(uri, profile));
}

} // namespace kiosk::printer
