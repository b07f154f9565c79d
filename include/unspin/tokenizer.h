// Word tokenizer over UTF-8 text, built on ICU's word BreakIterator.
//
// Thread safety: a Tokenizer holds an ICU iterator and is NOT thread-safe; make one per thread
// (Workspace does). Tokens refer to the text by byte offsets; the text is never copied to UTF-16.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "unspin/status.h"

namespace unspin {

enum class TokenKind : uint8_t {
  kWord,         // letters (any script), including inner apostrophes and periods: "it's", "U.S"
  kNumber,       // "2015", "3.5"
  kPunctuation,  // anything else that is not white space: ".", "“", "-", emoji
  kSpace,        // a run of white space
};

struct Token {
  uint32_t start = 0;  // byte offset into the tokenized text
  uint32_t end = 0;    // end-exclusive
  TokenKind kind = TokenKind::kSpace;
  // kSpace only: the run contains a blank line (a paragraph break). Phrases never span one.
  bool paragraph_break = false;
  // The matching key: case-folded (ICU full case folding), curly apostrophes as "'".
  // Empty for spaces.
  std::string key;
};

// Case-folds `word` the way token keys are folded (exposed for dictionary building and tests).
std::string FoldKey(std::string_view word);

class Tokenizer {
 public:
  static StatusOr<std::unique_ptr<Tokenizer>> Create();
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // Splits `text` (valid UTF-8, under 2 GiB) into tokens that cover it exactly, in order.
  Status Tokenize(std::string_view text, std::vector<Token>* tokens);

 private:
  struct Impl;
  explicit Tokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace unspin
