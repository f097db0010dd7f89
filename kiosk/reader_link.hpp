#pragma once
// The ID-card reader's driver wired to the session (docs/READER.md): started when [reader] uri is not
// none; on the UI thread, before each frame, it tells the driver whether the screen shown takes a card
// and hands a read card to the session (Session::put_card), or on the progress screen asks the progress
// query by the card's number. Status changes are logged (no card data).
#include "app/config.hpp"
#include "app/reader/reader_driver.hpp"
#include "app/session.hpp"

#include <functional>
#include <memory>

namespace kiosk {
class ProgressService;
}

namespace kiosk::app_main {

class ReaderLink {
public:
    ReaderLink(const Config& cfg, std::function<void()> wake);
    ~ReaderLink();
    void start();
    // UI thread. On the progress screen a card asks `progress` (null: the kiosk has no progress query).
    void apply(Session& session, ProgressService* progress = nullptr);
    void reread() { if (driver_) driver_->request_reread(); }
    reader::ReaderStatus status() const;

private:
    std::unique_ptr<reader::ReaderDriver> driver_;
    reader::Problem logged_problem_ = reader::Problem::not_configured;
    reader::DeviceState logged_device_ = reader::DeviceState::absent;
};

} // namespace kiosk::app_main
