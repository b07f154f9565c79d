#include "unspin/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <limits>

namespace unspin {
namespace {

bool IsAsciiOnly(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Apostrophe-like characters that spinners and typesetters use interchangeably with "'".
void NormalizeApostrophes(std::string* key) {
  static constexpr std::string_view kVariants[] = {"\u2019", "\u2018", "\u02BC", "\uFF07"};
  for (std::string_view v : kVariants) {
    size_t pos = 0;
    while ((pos = key->find(v, pos)) != std::string::npos) key->replace(pos, v.size(), "'");
  }
}

TokenKind KindOf(std::string_view text, int32_t rule_status) {
  if (rule_status >= UBRK_WORD_NUMBER && rule_status < UBRK_WORD_NUMBER_LIMIT) return TokenKind::kNumber;
  if (rule_status >= UBRK_WORD_LETTER) return TokenKind::kWord;
  // "None" segments are spaces or punctuation; ICU keeps white space runs apart from symbols.
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(s, i, static_cast<int32_t>(text.size()), c);
  return (c >= 0 && u_isUWhiteSpace(c)) ? TokenKind::kSpace : TokenKind::kPunctuation;
}

bool HasBlankLine(std::string_view space) {
  int newlines = 0;
  for (char c : space) {
    if (c == '\n') ++newlines;
  }
  return newlines >= 2;
}

}  // namespace

std::string FoldKey(std::string_view word) {
  std::string key;
  if (IsAsciiOnly(word)) {
    key.assign(word);
    for (char& c : key) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  u.foldCase();
  u.toUTF8String(key);
  NormalizeApostrophes(&key);
  return key;
}

struct Tokenizer::Impl {
  std::unique_ptr<icu::BreakIterator> iterator;
};

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::~Tokenizer() = default;

StatusOr<std::unique_ptr<Tokenizer>> Tokenizer::Create() {
  UErrorCode status = U_ZERO_ERROR;
  auto impl = std::make_unique<Impl>();
  impl->iterator.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !impl->iterator) {
    return Status(StatusCode::kInternal,
                  std::string("cannot create ICU word break iterator: ") + u_errorName(status));
  }
  return std::unique_ptr<Tokenizer>(new Tokenizer(std::move(impl)));
}

Status Tokenizer::Tokenize(std::string_view text, std::vector<Token>* tokens) {
  tokens->clear();
  if (text.empty()) return Status::Ok();
  if (text.size() >= static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return InvalidArgument("text too large to tokenize (2 GiB or more)");
  }
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) {
    return Status(StatusCode::kInternal, std::string("utext_openUTF8: ") + u_errorName(status));
  }
  icu::BreakIterator& it = *impl_->iterator;
  it.setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    return Status(StatusCode::kInternal, std::string("BreakIterator::setText: ") + u_errorName(status));
  }
  int32_t start = it.first();
  for (int32_t end = it.next(); end != icu::BreakIterator::DONE; start = end, end = it.next()) {
    std::string_view piece = text.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
    const TokenKind kind = KindOf(piece, it.getRuleStatus());
    if (kind == TokenKind::kSpace && !tokens->empty() && tokens->back().kind == TokenKind::kSpace) {
      tokens->back().end = static_cast<uint32_t>(end);  // ICU splits "\n" from " ": one run for us
      continue;
    }
    Token token;
    token.start = static_cast<uint32_t>(start);
    token.end = static_cast<uint32_t>(end);
    token.kind = kind;
    if (kind != TokenKind::kSpace) token.key = FoldKey(piece);
    tokens->push_back(std::move(token));
  }
  for (Token& token : *tokens) {
    if (token.kind == TokenKind::kSpace) {
      token.paragraph_break = HasBlankLine(text.substr(token.start, token.end - token.start));
    }
  }
  utext_close(ut);
  return Status::Ok();
}

}  // namespace unspin
