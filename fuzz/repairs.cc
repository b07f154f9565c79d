// The character and structure repairs, stage by stage as the Cleaner runs them: every change is
// on character boundaries, covers the bytes it names, and the text each stage makes is UTF-8;
// and the tokens of the repaired text made by Retokenize are those Tokenize gives.
#include <cstdint>
#include <memory>
#include <string>

#include "invariants.h"
#include "edit_layer.h"
#include "repair.h"
#include "retokenize.h"
#include "unspin/cleaner.h"
#include "unspin/tokenizer.h"

using unspin::fuzz::Check;
using unspin::fuzz::CheckChanges;

namespace {

// Marks the changes the Cleaner applies (at its default threshold) and checks them: those
// must not overlap, or its edit layers would be wrong. Returns the text they make.
std::string CheckAndApply(std::string_view text, std::vector<unspin::Change>* changes) {
  unspin::internal::SortChanges(changes);
  for (unspin::Change& change : *changes) change.applied = change.confidence >= unspin::Options().min_confidence;
  CheckChanges(text, *changes);
  return unspin::ApplyChanges(text, *changes);
}

}  // namespace

std::unique_ptr<unspin::Tokenizer>& TheTokenizer() {
  static std::unique_ptr<unspin::Tokenizer> tokenizer = std::move(unspin::Tokenizer::Create()).value();
  return tokenizer;
}

// The word lists and patterns are read on first use (seconds under ASan): read them here, so
// that -timeout measures the work an input makes.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::vector<unspin::Change> changes;
  std::vector<unspin::Token> tokens;
  const std::string warm = "Journalbased upon the reportsThe firm&amp; caf\xC3\xA9.\n\nShare this:\n";
  unspin::internal::RepairCharacters(warm, unspin::kAllRepairs, &changes);
  (void)TheTokenizer()->Tokenize(warm, &tokens);
  (void)unspin::internal::RepairStructure(warm, unspin::kAllRepairs, true, true, &tokens, &changes);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::unique_ptr<unspin::Tokenizer>& tokenizer = TheTokenizer();
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<unspin::Change> changes;
  unspin::internal::ReplaceInvalidUtf8(text, &changes);
  for (unspin::Change& change : changes) change.confidence = 1.0;
  text = CheckAndApply(text, &changes);
  Check(!unspin::FindInvalidUtf8(text).has_value(), "invalid UTF-8 left after replacing");

  changes.clear();
  unspin::internal::RepairCharacters(text, unspin::kAllRepairs, &changes);
  text = CheckAndApply(text, &changes);
  Check(!unspin::FindInvalidUtf8(text).has_value(), "character repairs made invalid UTF-8");

  changes.clear();
  std::vector<unspin::Token> tokens;
  const bool start = size > 0 && (data[0] & 1), end = size > 0 && (data[0] & 2);
  Check(tokenizer->Tokenize(text, &tokens).ok(), "the tokenizer failed on UTF-8");
  Check(unspin::internal::RepairStructure(text, unspin::kAllRepairs, start, end, &tokens, &changes).ok(),
        "structure repairs failed on UTF-8");
  const std::string repaired = CheckAndApply(text, &changes);
  Check(!unspin::FindInvalidUtf8(repaired).has_value(), "structure repairs made invalid UTF-8");
  const unspin::internal::EditLayer layer(text, changes);
  std::vector<unspin::Token> expected;
  Check(unspin::internal::Retokenize(*tokenizer, layer, &tokens).ok() && tokenizer->Tokenize(repaired, &expected).ok(),
        "tokenizing the repaired text failed");
  bool same = tokens.size() == expected.size();
  for (size_t i = 0; same && i < tokens.size(); ++i) {
    same = tokens[i].start == expected[i].start && tokens[i].end == expected[i].end &&
           tokens[i].kind == expected[i].kind && tokens[i].paragraph_break == expected[i].paragraph_break &&
           tokens[i].key == expected[i].key;
  }
  Check(same, "Retokenize differs from Tokenize on the repaired text", repaired);
  return 0;
}
