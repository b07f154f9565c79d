// The PPS CSV loader: any bytes (half the inputs behind the export's own header, so rows are
// reached) give entries of UTF-8 phrases or an error that names the file and line and is UTF-8.
// As in DictionaryBuilder::AddFile, only UTF-8 reaches the CSV reader: other bytes must be
// refused first.
#include <cstdint>
#include <string>

#include "invariants.h"
#include "pps_import.h"

using unspin::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string content;
  if (data[0] & 1) content = std::string(unspin::internal::kPpsHeader) + "\n";
  content.append(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (unspin::FindInvalidUtf8(content).has_value()) {
    unspin::DictionaryBuilder builder;
    const unspin::Status status = builder.AddFile(content, "fuzz.csv");
    Check(!status.ok() && status.message().starts_with("fuzz.csv") && !unspin::FindInvalidUtf8(status.message()),
          "invalid UTF-8 not refused, or echoed", status.message());
    return 0;
  }
  auto entries = unspin::internal::ParsePpsCsv(content, "fuzz.csv");
  if (!entries.ok()) {
    const std::string& message = entries.status().message();
    Check(message.starts_with("fuzz.csv"), "error does not name the file", message);
    Check(!unspin::FindInvalidUtf8(message).has_value(), "error is not UTF-8");
    return 0;
  }
  for (const unspin::Entry& entry : *entries) {
    Check(!entry.spun.empty(), "an entry with no spun phrase");
    Check(!unspin::FindInvalidUtf8(entry.spun).has_value() && !unspin::FindInvalidUtf8(entry.original).has_value(),
          "an entry is not UTF-8");
  }
  return 0;
}
