// Learning a dictionary from aligned original/spun document pairs (`unspin learn`).
//
// Each pair is tokenized, its word sequences are aligned (paragraph by paragraph when both have
// the same number of paragraphs), and every replaced region of a few words on each side becomes a
// substitution "spun phrase -> original phrase". Counting the substitutions and the occurrences of
// each spun phrase gives the priors of a dictionary file in the data/README.md format.
//
// A Learner keeps the token ids of every document it was given (4 bytes per token): the
// occurrences of a phrase learned from a late pair are counted in the early documents too.
// Not thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "unspin/status.h"

namespace unspin {

struct LearnOptions {
  size_t max_phrase_words = 4;  // longest substitution, in words, on either side
  size_t min_count = 1;         // substitutions seen fewer times are left out
};

struct LearnedEntry {
  std::string spun;
  std::string original;
  size_t count = 0;                 // times the spun phrase stood for `original`
  size_t spun_occurrences = 0;      // times the spun phrase occurred in the spun documents at all
  size_t original_occurrences = 0;  // times the spun phrase occurred in the original documents
  double prior = 0;                 // count / spun_occurrences, clamped to [0.01, 0.99], 4 decimals
  std::string category;             // "signature" (never in an original, prior >= 0.5) or "synonym"
};

class Learner {
 public:
  explicit Learner(LearnOptions options = {});
  ~Learner();
  Learner(const Learner&) = delete;
  Learner& operator=(const Learner&) = delete;

  // Aligns one document pair and counts the substitutions in it. The names only label errors
  // ("NAME: invalid UTF-8 at byte 12 (line 1, column 13)"); nothing is counted from a failed pair.
  Status AddPair(std::string_view original, std::string_view spun, std::string_view original_name = "original",
                 std::string_view spun_name = "spun");

  // Pairs added successfully so far.
  size_t pair_count() const;

  // The learned entries: most frequent first, then by spun and original wording. The priors of
  // the entries that share a spun phrase sum to at most 1.
  std::vector<LearnedEntry> Entries() const;

  // The entries as a dictionary file (data/README.md format) ready for --dict. The header
  // comment says when it was learned and from what (`learned_from`, e.g. the input paths).
  std::string ToTsv(std::string_view learned_from = {}) const;

 private:
  struct Impl;
  LearnOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace unspin
