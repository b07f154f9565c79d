#include "rewriter.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>

namespace unspin::internal {
namespace {

enum class CasePattern { kLower, kCapitalized, kTitle, kUpper, kOther };

icu::UnicodeString ToUnicode(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string ToUtf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

CasePattern PatternOf(std::string_view text) {
  const icu::UnicodeString u = ToUnicode(text);
  int letters = 0, upper = 0, words = 0, capitalized_words = 0;
  bool at_word_start = true, first_letter_upper = false, seen_letter = false;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_isalpha(c)) {
      ++letters;
      if (u_isupper(c)) ++upper;
      if (!seen_letter) first_letter_upper = u_isupper(c);
      seen_letter = true;
      if (at_word_start) {
        ++words;
        if (u_isupper(c)) ++capitalized_words;
      }
      at_word_start = false;
    } else if (u_isWhitespace(c)) {
      at_word_start = true;
    }
  }
  if (letters == 0 || upper == 0) return CasePattern::kLower;
  if (upper == letters && letters >= 2) return CasePattern::kUpper;
  if (words >= 2 && capitalized_words == words) return CasePattern::kTitle;
  if (first_letter_upper && upper == 1) return CasePattern::kCapitalized;
  return first_letter_upper ? CasePattern::kCapitalized : CasePattern::kOther;
}

bool HasUpper(std::string_view text) {
  const icu::UnicodeString u = ToUnicode(text);
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    if (u_isupper(c)) return true;
    i += U16_LENGTH(c);
  }
  return false;
}

std::string CapitalizeWords(std::string_view text, bool every_word) {
  icu::UnicodeString u = ToUnicode(text);
  bool at_word_start = true;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    const int32_t length = U16_LENGTH(c);
    if (u_isalpha(c) && at_word_start) {
      icu::UnicodeString letter(c);
      letter.toTitle(nullptr, icu::Locale::getRoot(), U_TITLECASE_NO_LOWERCASE | U_TITLECASE_NO_BREAK_ADJUSTMENT);
      u.replace(i, length, letter);
      if (!every_word) break;
      at_word_start = false;
      i += letter.length();
      continue;
    }
    if (u_isWhitespace(c)) at_word_start = true;
    else if (u_isalpha(c)) at_word_start = false;
    i += length;
  }
  return ToUtf8(u);
}

bool IsArticle(std::string_view key) { return key == "a" || key == "an"; }

}  // namespace

std::string MatchCase(std::string_view spun, std::string_view replacement) {
  const CasePattern pattern = PatternOf(spun);
  if (pattern == CasePattern::kUpper) {
    return ToUtf8(ToUnicode(replacement).toUpper(icu::Locale::getRoot()));
  }
  if (HasUpper(replacement)) return std::string(replacement);  // a name: keep as written
  switch (pattern) {
    case CasePattern::kCapitalized:
      return CapitalizeWords(replacement, false);
    case CasePattern::kTitle:
      return CapitalizeWords(replacement, true);
    default:
      return std::string(replacement);
  }
}

std::string_view ArticleFor(std::string_view word) {
  if (word.empty()) return {};
  std::string w;
  for (char c : word) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || c == '-' || c == '\'')) break;
    w.push_back(c);
  }
  if (w.empty()) return {};
  // All-capital words are read letter by letter ("an FBI agent", "a NASA probe"): unsure.
  if (word.size() >= 2 && std::all_of(word.begin(), word.begin() + 2, [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return {};
  }
  static constexpr std::string_view kVowelLetterButA[] = {"uni", "use", "usu", "uti", "ure", "uro", "ubiq",
                                                          "eu", "ewe", "one", "once", "ouija"};
  static constexpr std::string_view kSilentH[] = {"hour", "honest", "honor", "honour", "heir"};
  for (std::string_view prefix : kSilentH) {
    if (w.starts_with(prefix)) return "an";
  }
  for (std::string_view prefix : kVowelLetterButA) {
    if (w.starts_with(prefix)) return "a";
  }
  const char first = w[0];
  const bool vowel = first == 'a' || first == 'e' || first == 'i' || first == 'o' || first == 'u';
  return vowel ? "an" : "a";
}

void Rewrite(std::string_view text, std::span<const Token> tokens,
             const std::vector<ScoredMatch>& matches, std::vector<Change>* changes) {
  for (const ScoredMatch& scored : matches) {
    if (scored.original.empty()) continue;
    const Token& first = tokens[scored.match.begin];
    const Token& last = tokens[scored.match.end - 1];
    Change change;
    change.start = first.start;
    change.end = last.end;
    change.before = std::string(text.substr(change.start, change.end - change.start));
    change.after = MatchCase(change.before, scored.original);
    change.confidence = scored.confidence;
    change.rule = scored.rule;
    change.category = scored.category;
    change.evidence = scored.evidence;
    for (const Alternative& alternative : scored.alternatives) {
      change.alternatives.push_back({MatchCase(change.before, alternative.value), alternative.confidence});
    }

    // "a"/"an" right before the change follows the new first word.
    const uint32_t begin = scored.match.begin;
    if (begin >= 2 && tokens[begin - 1].kind == TokenKind::kSpace && !tokens[begin - 1].paragraph_break &&
        IsArticle(tokens[begin - 2].key) && (changes->empty() || changes->back().end <= tokens[begin - 2].start)) {
      const Token& article = tokens[begin - 2];
      const std::string_view wanted = ArticleFor(change.after);
      if (FoldKey(change.after) == "other") {
        // "a different" -> "another": English writes the article and "other" as one word.
        const std::string_view old_article = text.substr(article.start, article.end - article.start);
        change.after = MatchCase(old_article, "another");
        change.before = std::string(text.substr(article.start, change.end - article.start));
        change.start = article.start;
        change.evidence.push_back({"article", "\"" + std::string(old_article) + " other\" is written \"another\"", 1});
        changes->push_back(std::move(change));
        continue;
      }
      if (!wanted.empty() && wanted != article.key) {
        const std::string_view old_article = text.substr(article.start, article.end - article.start);
        const std::string new_article = MatchCase(old_article, wanted);
        change.after = new_article + std::string(text.substr(article.end, first.start - article.end)) + change.after;
        change.before = std::string(text.substr(article.start, change.end - article.start));
        change.start = article.start;
        change.evidence.push_back({"article", "\"" + std::string(old_article) + "\" becomes \"" + new_article +
                                                  "\" before the new wording", 1});
      }
    }
    changes->push_back(std::move(change));
  }
}

}  // namespace unspin::internal
