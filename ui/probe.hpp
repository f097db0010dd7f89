#pragma once
// [SECTION] Probe — what an outside test driver needs to aim real X input (xdotool) at the real window.
// With KIOSK_PROBE=FILE set, the runner writes, after each frame whose screen changed, a small JSON file:
// the frame number, the step, every labelled tap target (label and rectangle in window pixels) and, for
// the fields on screen, their value's length in characters and whether an error is shown. It never holds
// a value: what a resident types is personal data, and this file is readable by a test, not a kiosk.
#include "ui/ui.hpp"

#include <filesystem>
#include <string>

namespace kiosk::ui {

class Probe {
public:
    // Reads KIOSK_PROBE; inactive (and free) when it is not set.
    Probe();
    bool active() const { return !path_.empty(); }
    // After a frame: rewrites the file (through a temporary and a rename) when what it says changed.
    void after_frame(const Ui& ui, long long frame);

private:
    std::filesystem::path path_;
    std::string last_;
};

} // namespace kiosk::ui
