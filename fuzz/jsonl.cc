// The JSON Lines report read back (unspin has no JSONL reader of its own: this reads what it
// writes, with nlohmann/json as a consumer would): one line, valid JSON, and every change's
// offsets, line, column and text as the Result has them; for UTF-8 input, `before` is the input.
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "invariants.h"
#include "unspin/cleaner.h"
#include "unspin/dictionary.h"
#include "unspin/report.h"

using unspin::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::shared_ptr<const unspin::Dictionary> dictionary = *unspin::Dictionary::Builtin();
  static const unspin::Cleaner cleaner(dictionary, [] {
    unspin::Options options;
    options.replace_invalid_utf8 = true;
    options.min_confidence = 0.0;  // apply everything: the most changes to report
    return options;
  }());
  static unspin::Workspace workspace;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  unspin::FileResult file;
  file.path = "fuzz.txt";
  file.status = cleaner.Clean(input, &file.result, &workspace);
  const std::string line = unspin::JsonLine(file);
  Check(!line.empty() && line.back() == '\n' && line.find('\n') == line.size() - 1, "not one line");
  const nlohmann::json report = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  Check(!report.is_discarded() && report.is_object(), "not a JSON object", line);
  if (!file.status.ok()) return 0;
  const auto& changes = report["changes"];
  Check(changes.is_array() && changes.size() == file.result.changes.size(), "changes lost");
  const bool utf8 = !unspin::FindInvalidUtf8(input).has_value();
  for (size_t i = 0; i < changes.size(); ++i) {
    const unspin::Change& change = file.result.changes[i];
    Check(changes[i]["start"] == change.start && changes[i]["end"] == change.end, "offsets changed");
    Check(changes[i]["line"] == change.line && changes[i]["column"] == change.column, "line or column changed");
    Check(changes[i]["after"] == change.after, "after changed");
    if (utf8) Check(changes[i]["before"] == input.substr(change.start, change.end - change.start), "before changed");
  }
  return 0;
}
