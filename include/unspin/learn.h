// Learning a dictionary from aligned original/spun document pairs (`unspin learn`).
#pragma once

#include <cstddef>
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
  size_t count = 0;             // times the spun phrase stood for `original`
  size_t spun_occurrences = 0;  // times the spun phrase occurred in the spun documents at all
  double prior = 0;             // estimated from the counts
};

// TODO(helper): implemented in src/learn.cc.
class Learner {
 public:
  explicit Learner(LearnOptions options = {});
  ~Learner();
  Learner(const Learner&) = delete;
  Learner& operator=(const Learner&) = delete;

  // Aligns one document pair and counts the substitutions in it.
  Status AddPair(std::string_view original, std::string_view spun);
  // The learned entries, most frequent first.
  std::vector<LearnedEntry> Entries() const;
  // The entries as a dictionary file (data/README.md format) ready for --dict.
  std::string ToTsv() const;

 private:
  struct Impl;
  LearnOptions options_;
  Impl* impl_;
};

}  // namespace unspin
