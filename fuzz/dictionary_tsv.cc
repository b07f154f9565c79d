// The TSV dictionary loader (DictionaryBuilder::AddFile): any bytes are refused with a message
// that names the file and line, is UTF-8 and echoes no control bytes, or make a dictionary
// that builds and matches.
#include <cstdint>
#include <string>

#include "invariants.h"
#include "unspin/dictionary.h"

using unspin::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  unspin::DictionaryBuilder builder;
  const unspin::Status status = builder.AddFile(content, "fuzz.tsv");
  if (!status.ok()) {
    const std::string& message = status.message();
    Check(message.starts_with("fuzz.tsv"), "error does not name the file", message);
    Check(!unspin::FindInvalidUtf8(message).has_value(), "error is not UTF-8");
    for (char c : message) Check(static_cast<unsigned char>(c) >= 0x20 || c == '\t', "control byte in the error");
    return 0;
  }
  auto dictionary = builder.Build();
  if (!dictionary.ok()) return 0;
  for (const unspin::Entry& entry : (*dictionary)->entries()) {
    Check(!unspin::FindInvalidUtf8(entry.spun).has_value() && !unspin::FindInvalidUtf8(entry.original).has_value(),
          "an entry is not UTF-8");
  }
  return 0;
}
