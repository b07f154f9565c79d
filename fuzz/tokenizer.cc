// The tokenizer: on UTF-8 text (invalid bytes replaced first, as the Cleaner does), tokens
// cover the text exactly, in order, each non-empty and on character boundaries; spaces are
// white space only and carry no key, other tokens a UTF-8 key.
#include <cstdint>
#include <memory>
#include <string>

#include "invariants.h"
#include "repair.h"
#include "unspin/cleaner.h"
#include "unspin/tokenizer.h"

using unspin::fuzz::Check;
using unspin::fuzz::OnBoundary;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<unspin::Tokenizer> tokenizer = std::move(unspin::Tokenizer::Create()).value();
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<unspin::Change> replaced;
  unspin::internal::ReplaceInvalidUtf8(text, &replaced);
  for (unspin::Change& change : replaced) change.applied = true;
  text = unspin::ApplyChanges(text, replaced);
  std::vector<unspin::Token> tokens;
  Check(tokenizer->Tokenize(text, &tokens).ok(), "tokenizing UTF-8 failed");
  size_t position = 0;
  for (const unspin::Token& token : tokens) {
    Check(token.start == position && token.end > token.start, "tokens do not cover the text");
    Check(OnBoundary(text, token.start) && OnBoundary(text, token.end), "token inside a character");
    if (token.kind == unspin::TokenKind::kSpace) {
      Check(token.key.empty(), "a space with a key");
      Check(!token.paragraph_break || text.substr(token.start, token.end - token.start).find('\n') != std::string::npos,
            "a paragraph break with no line end");
    } else {
      Check(!unspin::FindInvalidUtf8(token.key).has_value(), "a key is not UTF-8");
    }
    position = token.end;
  }
  Check(position == text.size(), "tokens end before the text");
  return 0;
}
