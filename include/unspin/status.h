// Status and StatusOr<T>: how the library reports failure. The library never throws across its
// API and never prints; callers decide what to do with a Status.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace unspin {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad options or bad data (a malformed dictionary line, say)
  kDataError,        // input that cannot be processed as asked (invalid UTF-8, ...)
  kIoError,          // a file could not be read or written
  kInternal,
};

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // A sentence that names where and what: "data/news/seed.tsv:12: prior must be in (0, 1]".
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}
inline Status DataError(std::string message) { return Status(StatusCode::kDataError, std::move(message)); }
inline Status IoError(std::string message) { return Status(StatusCode::kIoError, std::move(message)); }

// Either a value or a non-ok Status.
template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}                          // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {}                  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace unspin
