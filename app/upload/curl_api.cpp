// libcurl through dlopen. See curl_api.hpp.
#include "app/upload/curl_api.hpp"

#include <dlfcn.h>

#include <mutex>

namespace kiosk {

namespace {

struct Loaded {
    CurlApi api;
    bool ok = false;
    std::string why;
};

template <class F> bool bind(void* lib, const char* name, F& out) {
    out = reinterpret_cast<F>(::dlsym(lib, name));
    return out != nullptr;
}

Loaded load() {
    Loaded l;
    // Never dlclose'd: curl keeps global state (TLS library init) for the life of the process.
    void* lib = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char* e = ::dlerror();
        l.why = std::string("cannot load libcurl (install the Debian package libcurl4): ") + (e ? e : "unknown error");
        return l;
    }
    CurlApi& a = l.api;
    CURLcode (*global_init)(long) = nullptr;
    bool all = bind(lib, "curl_easy_init", a.easy_init) && bind(lib, "curl_easy_setopt", a.easy_setopt) &&
               bind(lib, "curl_easy_perform", a.easy_perform) && bind(lib, "curl_easy_getinfo", a.easy_getinfo) &&
               bind(lib, "curl_easy_cleanup", a.easy_cleanup) && bind(lib, "curl_easy_strerror", a.easy_strerror) &&
               bind(lib, "curl_slist_append", a.slist_append) && bind(lib, "curl_slist_free_all", a.slist_free_all) &&
               bind(lib, "curl_global_init", global_init);
    if (!all) {
        l.why = "libcurl.so.4 lacks a function the kiosk needs (is it libcurl 7.x/8.x?)";
        return l;
    }
    if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {   // thread-safe in curl >= 7.84; once is enough
        l.why = "libcurl failed to initialise (curl_global_init)";
        return l;
    }
    l.ok = true;
    return l;
}

const Loaded& loaded() {
    static const Loaded l = load();   // C++11 magic static: one load, thread-safe
    return l;
}

} // namespace

const CurlApi* curl_api(std::string* why) {
    const Loaded& l = loaded();
    if (!l.ok && why) *why = l.why;
    return l.ok ? &l.api : nullptr;
}

std::string curl_error_text(int code) {
    if (const CurlApi* a = curl_api()) return a->easy_strerror(static_cast<CURLcode>(code));
    return "curl error " + std::to_string(code);
}

} // namespace kiosk
