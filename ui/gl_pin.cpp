// The sanitizer build's driver pinning: its own file because it is about the test build's leak reports,
// not about the window.
#include "ui/window.hpp"

#include <cstring>
#include <dlfcn.h>
#include <link.h>

namespace kiosk::ui {

#if defined(__SANITIZE_ADDRESS__)
namespace {
// Under LeakSanitizer: Mesa's DRI driver keeps a few allocations until exit, but glfwTerminate unloads it,
// so LSan sees them in an "<unknown module>" that tests/lsan.supp cannot name. Pinning every loaded
// *_dri.so (RTLD_NOLOAD | RTLD_NODELETE) keeps its name in the report, where the suppression applies.
int pin_dri(dl_phdr_info* info, size_t, void*) {
    if (info->dlpi_name && std::strstr(info->dlpi_name, "_dri.so")) ::dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    return 0;
}
} // namespace
void pin_gl_driver() { dl_iterate_phdr(pin_dri, nullptr); }
#else
void pin_gl_driver() {}
#endif

} // namespace kiosk::ui
