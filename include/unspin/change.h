// Change and Evidence: what every stage of the pipeline produces and the report prints. Kept in
// a header of their own so that the stages (repairs, scorer, rewriter) need not include the
// Cleaner facade.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace unspin {

// One piece of evidence behind a change, for the report.
struct Evidence {
  std::string kind;    // its name: "prior", "spin_rate", "lm_gain", "context", "tell", ...
  std::string detail;  // a readable sentence
  double value = 0;    // the number the kind is about (a prior, a rate, nats, ...)
};

struct Alternative {
  std::string value;
  double confidence = 0;
};

struct Change {
  size_t start = 0;  // UTF-8 byte offsets into the input, end-exclusive
  size_t end = 0;
  uint32_t line = 0;    // 1-based position of `start`
  uint32_t column = 0;  // 1-based, in code points
  std::string before;   // input bytes [start, end)
  std::string after;    // what replaces them
  double confidence = 0;
  bool applied = false;
  std::string rule;      // e.g. "dict:data/news/seed.tsv:12"
  std::string category;  // the entry's category
  std::vector<Evidence> evidence;
  std::vector<Alternative> alternatives;
};

}  // namespace unspin
