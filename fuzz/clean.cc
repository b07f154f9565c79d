// The whole pipeline (built-in dictionary, no language model, --encoding-errors replace): the
// changes reproduce the output and lie on character boundaries with the right line and column,
// the output is UTF-8, and cleaning it again changes nothing. The first byte picks the threshold.
// (At threshold 0 every candidate is applied, and an original can be another entry's spun side,
// "company" -> "agency": a second run goes on down the chain, so idempotency is asserted from 0.5.)
#include <cstdint>
#include <memory>
#include <string>

#include "invariants.h"
#include "unspin/cleaner.h"
#include "unspin/dictionary.h"

using unspin::fuzz::Check;
using unspin::fuzz::CheckChanges;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::shared_ptr<const unspin::Dictionary> dictionary = *unspin::Dictionary::Builtin();
  static const auto cleaners = [] {
    std::vector<std::unique_ptr<unspin::Cleaner>> made;
    for (double threshold : {0.5, 0.0, 0.9}) {
      unspin::Options options;
      options.replace_invalid_utf8 = true;
      options.min_confidence = threshold;
      made.push_back(std::make_unique<unspin::Cleaner>(dictionary, options));
    }
    return made;
  }();
  static unspin::Workspace workspace;
  const unspin::Cleaner& cleaner = *cleaners[data[0] % cleaners.size()];
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  unspin::Result result;
  if (!cleaner.Clean(input, &result, &workspace).ok()) {
    Check(unspin::DiagnoseUtf16(input).has_value(), "Clean failed on input that is not UTF-16");
    return 0;
  }
  CheckChanges(input, result.changes);
  Check(unspin::ApplyChanges(input, result.changes) == result.text, "changes do not reproduce the output");
  Check(!unspin::FindInvalidUtf8(result.text).has_value(), "output is not UTF-8");
  unspin::LineIndex lines(input);
  for (const unspin::Change& change : result.changes) {
    const auto at = lines.At(change.start);
    Check(change.line == at.line && change.column == at.column, "wrong line or column");
  }
  if (result.stats.applied == 0) Check(result.text == input, "no change applied but the output differs");
  if (cleaner.options().min_confidence < 0.5) return 0;
  unspin::Result again;
  Check(cleaner.Clean(result.text, &again, &workspace).ok(), "cleaning the output failed");
  Check(again.text == result.text, "cleaning the output again changed it", result.text + "\n---\n" + again.text);
  return 0;
}
