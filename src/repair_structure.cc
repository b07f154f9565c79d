// Structure repairs: page chrome, glued words, missing full stops, white space.
#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <unordered_map>

#include "edit_layer.h"
#include "embedded.h"
#include "lines.h"
#include "lexicon.h"
#include "repair.h"

namespace unspin::internal {
namespace {

struct Paragraph {
  size_t start, end;  // the text without surrounding white space
  bool single_line;
};

std::vector<Paragraph> SplitParagraphs(std::string_view text) {
  std::vector<Paragraph> paragraphs;
  size_t line_start = 0;
  bool open = false;
  Paragraph current{0, 0, true};
  while (line_start <= text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    const size_t first = line.find_first_not_of(" \t\r\f\v");
    if (first == std::string_view::npos) {
      if (open) paragraphs.push_back(current);
      open = false;
    } else {
      const size_t last = line.find_last_not_of(" \t\r\f\v");
      if (!open) {
        current = {line_start + first, line_start + last + 1, true};
        open = true;
      } else {
        current.end = line_start + last + 1;
        current.single_line = false;
      }
    }
    if (line_end == text.size()) break;
    line_start = line_end + 1;
  }
  if (open) paragraphs.push_back(current);
  return paragraphs;
}

std::string FoldSpaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// ---- page chrome ----

struct ChromePattern {
  bool at_start, at_end;
  std::unique_ptr<icu::RegexPattern> pattern;
  std::string note;
};

const std::vector<ChromePattern>& ChromePatterns() {
  static const auto* patterns = [] {
    auto* list = new std::vector<ChromePattern>;
    ForEachDataLine(EmbeddedFileContent("repair/chrome.tsv"), [&](size_t, std::string_view line) {
      const size_t tab1 = line.find('\t');
      const size_t tab2 = line.find('\t', tab1 + 1);
      if (tab1 == std::string_view::npos) return true;
      const std::string_view where = line.substr(0, tab1);
      const std::string_view regex = line.substr(tab1 + 1, tab2 == std::string_view::npos ? std::string_view::npos : tab2 - tab1 - 1);
      UErrorCode status = U_ZERO_ERROR;
      UParseError parse_error;
      std::unique_ptr<icu::RegexPattern> pattern(icu::RegexPattern::compile(
          icu::UnicodeString::fromUTF8(icu::StringPiece(regex.data(), static_cast<int32_t>(regex.size()))),
          UREGEX_CASE_INSENSITIVE, parse_error, status));
      if (U_FAILURE(status)) return true;  // a unit test checks that every pattern compiles
      list->push_back({where == "start" || where == "any", where == "end" || where == "any", std::move(pattern),
                       tab2 == std::string_view::npos ? "" : std::string(line.substr(tab2 + 1))});
      return true;
    });
    return list;
  }();
  return *patterns;
}

size_t ChromePatternLines() {
  size_t lines = 0;
  ForEachDataLine(EmbeddedFileContent("repair/chrome.tsv"), [&](size_t, std::string_view) { return ++lines > 0; });
  return lines;
}

const ChromePattern* MatchChrome(std::string_view paragraph, bool at_start) {
  const std::string folded = FoldSpaces(paragraph);
  if (folded.size() > 400) return nullptr;
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(folded.data(), static_cast<int32_t>(folded.size())));
  for (const ChromePattern& chrome : ChromePatterns()) {
    if (at_start ? !chrome.at_start : !chrome.at_end) continue;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexMatcher> matcher(chrome.pattern->matcher(u, status));
    if (U_SUCCESS(status) && matcher->matches(status) && U_SUCCESS(status)) return &chrome;
  }
  return nullptr;
}

// Removes chrome paragraphs at the ends (and a title repeated as the second paragraph); returns
// which paragraphs are gone.
std::vector<bool> FindChrome(std::string_view text, const std::vector<Paragraph>& paragraphs, bool document_start,
                             bool document_end, std::vector<Change>* changes) {
  std::vector<bool> removed(paragraphs.size(), false);
  const size_t n = paragraphs.size();
  if (n < 2) return removed;
  auto body = [&](size_t i) { return text.substr(paragraphs[i].start, paragraphs[i].end - paragraphs[i].start); };
  size_t first = 0;
  while (document_start && first + 1 < n) {
    const ChromePattern* chrome = MatchChrome(body(first), true);
    if (!chrome) break;
    changes->push_back(MakeRepair(text, paragraphs[first].start, paragraphs[first + 1].start, "", 0.95,
                                  "repair.page-chrome", "chrome", "page chrome at the start: " + chrome->note));
    removed[first++] = true;
  }
  size_t last = n;  // one past the last content paragraph
  while (document_end && last > first + 1) {
    const ChromePattern* chrome = MatchChrome(body(last - 1), false);
    if (!chrome) break;
    --last;
    removed[last] = true;
  }
  for (size_t i = last; i < n; ++i) {
    changes->push_back(MakeRepair(text, paragraphs[i - 1].end, paragraphs[i].end, "", 0.95, "repair.page-chrome",
                                  "chrome", "page chrome at the end: " + MatchChrome(body(i), false)->note));
  }
  if (document_start && first + 1 < last && FoldSpaces(body(first)) == FoldSpaces(body(first + 1)) &&
      std::count(body(first).begin(), body(first).end(), ' ') < 40) {
    changes->push_back(MakeRepair(text, paragraphs[first].end, paragraphs[first + 1].end, "", 0.95,
                                  "repair.duplicate-title", "chrome", "the first paragraph repeated"));
    removed[first + 1] = true;
  }
  return removed;
}

// ---- glued words ----

// Words that follow a stripped link or a lost space most often: function words and a few words
// that open a clause. Short ones that also end names and spellings ("Boland", "labour",
// "Andover", "Werther") are left out.
bool IsGlueWord(std::string_view folded) {
  static const std::unordered_map<std::string_view, bool> kWords = {
      {"which", true},   {"while", true},     {"that", true},      {"this", true},     {"these", true},
      {"those", true},   {"whose", true},     {"where", true},     {"when", true},     {"what", true},
      {"with", true},    {"from", true},      {"into", true},      {"after", true},    {"before", true},
      {"because", true}, {"although", true},  {"though", true},    {"whereas", true},  {"since", true},
      {"until", true},   {"unless", true},    {"than", true},      {"then", true},     {"also", true},
      {"even", true},    {"were", true},      {"have", true},      {"will", true},     {"would", true},
      {"could", true},   {"should", true},    {"might", true},     {"their", true},    {"based", true},
      {"according", true}, {"including", true}, {"said", true},    {"says", true},     {"reported", true},
      {"about", true},   {"under", true},     {"between", true},   {"during", true},   {"without", true},
      {"within", true},  {"due", true},       {"is", true},        {"was", true},      {"and", true},
      {"the", true},
  };
  return kWords.count(folded) > 0;
}

// Inside a letters-only token only longer glue words count ("is", "and", "the" end too many
// names); after digits ("2015is") and at a case change ("disputeThat") all do.
bool IsGlueWordInsideWord(std::string_view folded) {
  return IsGlueWord(folded) && (folded.size() >= 4 || folded == "due");
}

// Before these a comma is usual ("the app, which"); it is added at lower confidence.
bool TakesComma(std::string_view folded) {
  return folded == "which" || folded == "while" || folded == "but" || folded == "although" ||
         folded == "though" || folded == "whereas";
}

struct Letters {
  std::vector<UChar32> code_points;
  std::vector<size_t> offsets;  // byte offset of each code point in the token
};

Letters DecodeToken(std::string_view token) {
  Letters out;
  const auto* s = reinterpret_cast<const uint8_t*>(token.data());
  for (int32_t i = 0; i < static_cast<int32_t>(token.size());) {
    out.offsets.push_back(static_cast<size_t>(i));
    UChar32 c;
    U8_NEXT(s, i, static_cast<int32_t>(token.size()), c);
    out.code_points.push_back(c);
  }
  return out;
}

std::string Lower(std::string_view s) { return FoldKey(s); }

void AddSplit(std::string_view text, size_t at, std::string_view next_word, bool sentence, double confidence,
              const std::string& evidence, std::vector<Change>* changes) {
  const std::string folded = Lower(next_word);
  if (sentence) {
    changes->push_back(MakeRepair(text, at, at, ".", 0.7, "repair.glue-punctuation", "punctuation",
                                  "a capitalised word glued to the previous sentence: a full stop is likely"));
  } else if (TakesComma(folded)) {
    changes->push_back(MakeRepair(text, at, at, ",", 0.6, "repair.glue-punctuation", "punctuation",
                                  "a comma usually stands before \"" + folded + "\""));
  }
  changes->push_back(MakeRepair(text, at, at, " ", confidence, "repair.glued-word", "glue", evidence));
}

// Plain lower-case ASCII words shorter than this cannot be glued words (see below): skip them
// before any lookup, since they are most of the text.
constexpr size_t kShortestGlued = 6;
// Longer tokens (in bytes) are not looked at: a URL, a hash, a megabyte of letters.
constexpr size_t kLongestGlued = 64;

bool IsPlainShortWord(std::string_view word) {
  if (word.size() >= kShortestGlued) return false;
  for (char c : word) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

void FindGluedWords(std::string_view text, const std::vector<Token>& tokens, std::vector<Change>* changes) {
  // How often each word occurs, counted only when a candidate needs it: a word seen twice is a
  // name or a term, not glue.
  std::unordered_map<std::string, int> occurrences;
  auto seen_twice = [&](const std::string& key) {
    if (occurrences.empty()) {
      for (const Token& token : tokens) {
        if (token.kind == TokenKind::kWord || token.kind == TokenKind::kNumber) ++occurrences[token.key];
      }
    }
    return occurrences[key] > 1;
  };
  for (size_t t = 0; t < tokens.size(); ++t) {
    const Token& token = tokens[t];
    const std::string_view word = text.substr(token.start, token.end - token.start);
    // Punctuation glued to the next word: "Texas”which", "countries,while", "(see above)and".
    if (token.kind == TokenKind::kPunctuation && t > 0 && t + 1 < tokens.size() &&
        tokens[t - 1].kind == TokenKind::kWord && tokens[t + 1].kind == TokenKind::kWord &&
        (word == "\xE2\x80\x9D" || word == ")" || word == "," || word == ";")) {
      const std::string_view next = text.substr(tokens[t + 1].start, tokens[t + 1].end - tokens[t + 1].start);
      const Letters letters = DecodeToken(next);
      if (!letters.code_points.empty() && u_islower(letters.code_points[0]) && LookUpWord(next).known) {
        const bool comma_needed = word != "," && word != ";";
        if (comma_needed && TakesComma(Lower(next))) {
          changes->push_back(MakeRepair(text, token.end, token.end, ",", 0.6, "repair.glue-punctuation",
                                        "punctuation", "a comma usually stands before \"" + Lower(next) + "\""));
        }
        changes->push_back(MakeRepair(text, token.end, token.end, " ", 0.9, "repair.glued-word", "glue",
                                      "no space after \"" + std::string(word) + "\""));
      }
      continue;
    }
    if (token.kind != TokenKind::kWord && token.kind != TokenKind::kNumber) continue;
    // Trying every split point costs the token's length squared; glued words are two words.
    if (word.size() > kLongestGlued) continue;
    if (token.key.size() < 4 || IsPlainShortWord(word) || seen_twice(token.key) || IsListedName(word)) continue;
    const Letters letters = DecodeToken(word);
    const auto& cps = letters.code_points;
    // Digits glued to a word: "2015is", "2023and".
    size_t digits = 0;
    while (digits < cps.size() && cps[digits] >= '0' && cps[digits] <= '9') ++digits;
    if (digits > 0 && digits < cps.size()) {
      const std::string_view rest = word.substr(letters.offsets[digits]);
      bool all_lower = true;
      for (size_t i = digits; i < cps.size(); ++i) all_lower = all_lower && u_islower(cps[i]);
      if (all_lower && rest.size() >= 2 && IsGlueWord(Lower(rest))) {
        AddSplit(text, token.start + letters.offsets[digits], rest, false, 0.85,
                 "\"" + std::string(word) + "\": a number glued to \"" + std::string(rest) + "\"", changes);
      }
      continue;
    }
    if (token.kind != TokenKind::kWord) continue;
    bool letters_only = true;
    for (UChar32 c : cps) letters_only = letters_only && u_isalpha(c);
    if (!letters_only) {
      // "end.The": a sentence glued to the next one.
      const size_t dot = word.find('.');
      if (dot != std::string_view::npos && word.find('.', dot + 1) == std::string_view::npos && dot >= 2 &&
          word.size() - dot > 2) {
        const std::string_view left = word.substr(0, dot), right = word.substr(dot + 1);
        const Letters right_letters = DecodeToken(right);
        if (u_isupper(right_letters.code_points[0]) && LookUpWord(left).known && !LookUpWord(left).name_only &&
            u_islower(DecodeToken(left).code_points[0]) && LookUpWord(right).known) {
          changes->push_back(MakeRepair(text, token.start + dot + 1, token.start + dot + 1, " ", 0.85,
                                        "repair.glued-word", "glue", "no space after the full stop in \"" +
                                                                         std::string(word) + "\""));
        }
      }
      continue;
    }
    // A lower-case word glued to a capitalised one: "disputeThat".
    size_t boundary = 0, transitions = 0;
    for (size_t i = 1; i < cps.size(); ++i) {
      if (u_islower(cps[i - 1]) && u_isupper(cps[i])) {
        boundary = i;
        ++transitions;
      }
    }
    if (transitions == 1 && u_islower(cps[0]) && boundary >= 2) {
      const std::string_view left = word.substr(0, letters.offsets[boundary]);
      const std::string_view right = word.substr(letters.offsets[boundary]);
      bool right_rest_lower = true;
      for (size_t i = boundary + 1; i < cps.size(); ++i) right_rest_lower = right_rest_lower && u_islower(cps[i]);
      const WordInfo left_info = LookUpWord(left), right_info = LookUpWord(right);
      if (right_rest_lower && left_info.known && !left_info.name_only && right_info.known && !LookUpWord(word).known) {
        AddSplit(text, token.start + letters.offsets[boundary], right, IsGlueWord(Lower(right)), 0.9,
                 "\"" + std::string(word) + "\" is \"" + std::string(left) + "\" + \"" + std::string(right) + "\"",
                 changes);
      }
      continue;
    }
    if (transitions > 0 || cps.size() < kShortestGlued || LookUpWord(word).known) continue;
    for (size_t i = 1; i < cps.size(); ++i) {
      if (!u_islower(cps[i])) letters_only = false;  // "Journalbased" yes, "JOURNALBASED" no
    }
    if (!letters_only) continue;
    // Two known words, the second one a word that often follows a lost space.
    double best_score = -1;
    size_t best = 0;
    for (size_t split = 3; split + 3 <= cps.size(); ++split) {
      const std::string_view left = word.substr(0, letters.offsets[split]);
      const std::string_view right = word.substr(letters.offsets[split]);
      if (!IsGlueWordInsideWord(Lower(right))) continue;
      const WordInfo left_info = LookUpWord(left);
      if (!left_info.known || (left_info.name_only && !u_isupper(cps[0]))) continue;
      const double score = std::log1p(left_info.per_million) + right.size();
      if (score > best_score) {
        best_score = score;
        best = split;
      }
    }
    if (best > 0) {
      const std::string_view left = word.substr(0, letters.offsets[best]);
      const std::string_view right = word.substr(letters.offsets[best]);
      AddSplit(text, token.start + letters.offsets[best], right, false, 0.85,
               "\"" + std::string(word) + "\" is not a word; \"" + std::string(left) + "\" + \"" +
                   std::string(right) + "\" are",
               changes);
    }
  }
}

// ---- a paragraph's missing full stop ----

bool EndsSentence(std::string_view paragraph) {
  static constexpr std::string_view kEndings[] = {".", "!", "?", "\xE2\x80\x9D", "\"", "\xE2\x80\xA6", ")"};
  for (std::string_view ending : kEndings) {
    if (paragraph.ends_with(ending)) return true;
  }
  return false;
}

// Words a sentence does not end on: a paragraph ending so was cut off, not left without its stop.
bool IsDanglingWord(std::string_view folded) {
  static constexpr std::string_view kWords[] = {"the", "a", "an", "of", "to", "and", "or", "but", "in", "on",
                                                "at", "for", "with", "by", "from", "that", "which", "as"};
  for (std::string_view word : kWords) {
    if (folded == word) return true;
  }
  return false;
}

// Titles and headings capitalise most of their longer words.
bool LooksLikeTitle(std::string_view text, const std::vector<const Token*>& words) {
  int long_words = 0, capitalised = 0;
  for (const Token* word : words) {
    if (word->end - word->start < 4) continue;
    ++long_words;
    capitalised += u_isupper(DecodeToken(text.substr(word->start, 4)).code_points[0]) ? 1 : 0;
  }
  return long_words == 0 || capitalised * 2 >= long_words;
}

void FindMissingFullStops(std::string_view text, const std::vector<Paragraph>& paragraphs,
                          const std::vector<bool>& removed, const std::vector<Token>& tokens,
                          std::vector<Change>* changes) {
  // Only in prose: a good share of the document's long paragraphs end a sentence properly.
  constexpr size_t kMinWords = 12;
  std::vector<std::vector<const Token*>> words_of(paragraphs.size());
  size_t t = 0, long_paragraphs = 0, ending_properly = 0;
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    while (t < tokens.size() && tokens[t].start < paragraphs[p].end) {
      const bool word = tokens[t].kind == TokenKind::kWord || tokens[t].kind == TokenKind::kNumber;
      if (tokens[t].start >= paragraphs[p].start && word) words_of[p].push_back(&tokens[t]);
      ++t;
    }
    if (removed[p] || words_of[p].size() < kMinWords || LooksLikeTitle(text, words_of[p])) continue;
    ++long_paragraphs;
    ending_properly += EndsSentence(text.substr(paragraphs[p].start, paragraphs[p].end - paragraphs[p].start));
  }
  if (ending_properly == 0 || ending_properly * 3 < long_paragraphs) return;
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    const Paragraph& paragraph = paragraphs[p];
    const auto& words = words_of[p];
    if (removed[p] || !paragraph.single_line || words.size() < kMinWords) continue;
    const std::string_view body = text.substr(paragraph.start, paragraph.end - paragraph.start);
    const Letters last_char = DecodeToken(body.substr(body.size() - std::min<size_t>(body.size(), 4)));
    if (last_char.code_points.empty() || !u_isalnum(last_char.code_points.back())) continue;
    if (words.back()->end != paragraph.end || IsDanglingWord(words.back()->key)) continue;
    if (words.front()->start != paragraph.start || words.front()->kind != TokenKind::kWord) continue;
    const Letters first_letters = DecodeToken(text.substr(words.front()->start, words.front()->end - words.front()->start));
    if (!u_isupper(first_letters.code_points[0])) continue;
    if (LooksLikeTitle(text, words)) continue;
    changes->push_back(MakeRepair(text, paragraph.end, paragraph.end, ".", 0.8, "repair.final-punctuation",
                                  "punctuation", "a paragraph of " + std::to_string(words.size()) +
                                                     " words in prose ends without a full stop"));
  }
}

// ---- white space ----

void FindSpacing(std::string_view text, std::vector<Change>* changes) {
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::string_view line = text.substr(line_start, line_end - line_start);
    const bool code_like = line.empty() || line[0] == ' ' || line[0] == '\t' ||
                           line.find_first_of("{}=<>|`\t") != std::string_view::npos;
    if (!code_like) {
      std::vector<std::pair<size_t, size_t>> runs;  // double spaces inside the line
      for (size_t i = 1; i + 1 < line.size(); ++i) {
        if (line[i] != ' ' || line[i - 1] == ' ') continue;
        size_t j = i;
        while (j < line.size() && line[j] == ' ') ++j;
        const bool run = j - i >= 2 && j < line.size() && line[j] != '\r';
        if (run) runs.emplace_back(i, j);
        // A space before "," or "." that ends a clause: "word , next", "word ."
        const char after = j < line.size() ? line[j] : '\n';
        const char after_next = j + 1 < line.size() ? line[j + 1] : '\n';
        if ((after == ',' || after == '.') && std::isalnum(static_cast<unsigned char>(line[i - 1])) &&
            (after_next == ' ' || after_next == '\n' || after_next == '\r') &&
            !(after == '.' && j + 1 < line.size() && line[j + 1] == '.')) {
          changes->push_back(MakeRepair(text, line_start + i, line_start + j, "", 0.85,
                                        "repair.space-before-punctuation", "whitespace",
                                        std::string("a space before \"") + after + "\""));
          if (run) runs.pop_back();
        }
        i = j - 1;
      }
      if (runs.size() <= 2) {  // more are a table's columns
        for (const auto& [from, to] : runs) {
          const char before = line[from - 1];
          if (before == '.' || before == '!' || before == '?' || before == ':') continue;  // two after a sentence
          changes->push_back(MakeRepair(text, line_start + from, line_start + to, " ", 0.9, "repair.spaces",
                                        "whitespace", std::to_string(to - from) + " spaces between words"));
        }
      }
    }
    line_start = line_end + 1;
  }
}

}  // namespace

std::pair<size_t, size_t> ChromePatternsCompiled() { return {ChromePatterns().size(), ChromePatternLines()}; }

Status RepairStructure(std::string_view text, uint32_t families, bool document_start, bool document_end,
                       Tokenizer& tokenizer, std::vector<Token>* tokens_out, std::vector<Change>* changes) {
  const std::vector<Paragraph> paragraphs = SplitParagraphs(text);
  std::vector<Change> found;
  std::vector<bool> removed(paragraphs.size(), false);
  if (families & kRepairChrome) removed = FindChrome(text, paragraphs, document_start, document_end, &found);
  const size_t chrome_changes = found.size();
  std::vector<Token>& tokens = *tokens_out;
  tokens.clear();
  if (families & (kRepairGlue | kRepairPunctuation)) {
    Status status = tokenizer.Tokenize(text, &tokens);
    if (!status.ok()) return status;
  }
  if (families & kRepairGlue) FindGluedWords(text, tokens, &found);
  if (families & kRepairPunctuation) FindMissingFullStops(text, paragraphs, removed, tokens, &found);
  if (families & kRepairWhitespace) FindSpacing(text, &found);
  // Nothing else happens inside a paragraph that is removed.
  std::vector<Change> kept(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(chrome_changes));
  for (size_t i = chrome_changes; i < found.size(); ++i) {
    const bool inside_removed = std::any_of(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(chrome_changes),
                                            [&](const Change& chrome) {
                                              // An insertion where the removed text starts stays.
                                              const bool starts_inside = found[i].start > chrome.start ||
                                                                         (found[i].start == chrome.start && found[i].end > found[i].start);
                                              return starts_inside && found[i].end <= chrome.end;
                                            });
    if (!inside_removed) kept.push_back(std::move(found[i]));
  }
  SortChanges(&kept);
  size_t position = 0;
  for (Change& change : kept) {
    if (change.start < position) continue;
    position = change.end;
    changes->push_back(std::move(change));
  }
  return Status::Ok();
}

}  // namespace unspin::internal
