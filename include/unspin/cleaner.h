// The unspin facade: Cleaner turns spun text into its likely original and reports each change.
//
//   auto dictionary = unspin::Dictionary::Builtin();
//   auto cleaner = unspin::Cleaner(*dictionary, unspin::Options{});
//   unspin::Workspace workspace;           // one per thread
//   unspin::Result result;
//   unspin::Status status = cleaner.Clean(text, &result, &workspace);
//
// Thread safety: a Cleaner is immutable and may be shared by any number of threads, each with
// its own Workspace.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "unspin/change.h"
#include "unspin/repairs.h"
#include "unspin/dictionary.h"
#include "unspin/language_model.h"
#include "unspin/status.h"

namespace unspin {


struct Options {
  // Changes at or above this confidence are applied; the rest are only reported.
  // 0.5: apply a change when it is more likely right than wrong.
  double min_confidence = 0.5;
  // Which repairs run before the dictionary (RepairFamily bits).
  uint32_t repairs = kAllRepairs;
  // Invalid UTF-8: false fails with the byte offset; true replaces each bad sequence with U+FFFD.
  bool replace_invalid_utf8 = false;
  // The English language model that weighs each wording in its context (LanguageModel::Load).
  // Null: decisions rest on the dictionary's priors and the document's spin rate alone, which
  // restores less (README "Confidence").
  std::shared_ptr<const LanguageModel> language_model;
};


struct Stats {
  size_t bytes = 0;
  size_t words = 0;
  size_t matches = 0;  // dictionary matches found
  size_t applied = 0;  // changes applied
};

struct Result {
  std::string text;             // the cleaned text: the input with every applied change made
  std::vector<Change> changes;  // every change found, applied or not, in input order
  double spin_score = 0;        // probability that the input was spun at all
  std::vector<Evidence> tells;  // what the spin score rests on, strongest first
  Stats stats;
};

// Per-thread scratch space (ICU iterator, token buffers, what scoring keeps from one document to
// the next). Reuse it across calls; one thread at a time.
class Workspace {
 public:
  Workspace();
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

 private:
  friend class Cleaner;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Where a piece of a larger document sits, for cleaning documents piece by piece (see
// PieceReader in batch.h): offsets, lines and error positions are reported for the whole
// document, and page chrome is only looked for at the document's real start and end.
struct Piece {
  size_t offset = 0;        // byte offset of the piece in the document
  uint32_t first_line = 1;    // line number of its first byte
  uint32_t first_column = 1;  // column of its first byte (in code points; not 1 when cut inside a line)
  bool document_start = true;
  bool document_end = true;
};

class Cleaner {
 public:
  Cleaner(std::shared_ptr<const Dictionary> dictionary, Options options);

  const Options& options() const { return options_; }
  const Dictionary& dictionary() const { return *dictionary_; }

  // Cleans `input` (UTF-8): repairs scrape damage, then restores spun wording. Fails with
  // kDataError, naming the byte offset, on invalid UTF-8 unless Options::replace_invalid_utf8.
  Status Clean(std::string_view input, Result* result, Workspace* workspace) const {
    return Clean(input, Piece{}, result, workspace);
  }
  // Cleans one piece of a larger document; changes carry offsets and lines in the document.
  Status Clean(std::string_view input, const Piece& piece, Result* result, Workspace* workspace) const;

 private:
  std::shared_ptr<const Dictionary> dictionary_;
  Options options_;
};

// Applies the applied changes of `changes` to `input` (what Result::text holds); exposed so tests
// and tools can check that a report reproduces the output.
std::string ApplyChanges(std::string_view input, const std::vector<Change>& changes);

}  // namespace unspin
