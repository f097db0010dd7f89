#pragma once
// [SECTION] libcurl, loaded on first use instead of linked.
// Why: libcurl pulls ~30 shared libraries (TLS, Kerberos, LDAP, SSH, IDN, compression …). Linked, they are
// mapped and relocated before main() — ~6 ms and several MiB on every start, before the first frame. Loaded
// with dlopen, they map on the upload thread when it first connects, and not at all while uploads are off.
// The API is the same libcurl (Debian libcurl4, the OpenSSL build); only the calls go through pointers.
#include <curl/curl.h>

#include <string>

namespace kiosk {

struct CurlApi {
    CURL* (*easy_init)() = nullptr;
    CURLcode (*easy_setopt)(CURL*, CURLoption, ...) = nullptr;
    CURLcode (*easy_perform)(CURL*) = nullptr;
    CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...) = nullptr;
    void (*easy_cleanup)(CURL*) = nullptr;
    const char* (*easy_strerror)(CURLcode) = nullptr;
    curl_slist* (*slist_append)(curl_slist*, const char*) = nullptr;
    void (*slist_free_all)(curl_slist*) = nullptr;
};

// Loads libcurl.so.4 once (thread-safe) and runs curl_global_init. Null when it cannot be loaded; `why`
// then says so in one sentence naming the Debian package.
const CurlApi* curl_api(std::string* why = nullptr);

// curl_easy_strerror(code) when libcurl is loaded, else "curl error N".
std::string curl_error_text(int code);

} // namespace kiosk
