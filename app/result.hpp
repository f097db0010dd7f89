#pragma once
// A small Result for fallible core functions: no exception crosses a module boundary or a frame.
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace kiosk {

// code: stable, machine-readable (e.g. "store.corrupt"); message: for logs and staff, never PII.
struct Error {
    std::string code;
    std::string message;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { assert(ok() && "Result::value() on an error: check ok() first"); return std::get<0>(v_); }
    const T& value() const { assert(ok() && "Result::value() on an error: check ok() first"); return std::get<0>(v_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const Error& error() const { assert(!ok() && "Result::error() on a success: check ok() first"); return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }
inline Error make_error(std::string code, std::string message) { return Error{std::move(code), std::move(message)}; }

} // namespace kiosk
