// Structure repairs: page chrome, glued words, missing full stops, white space.
#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <string>
#include <unordered_map>

#include "edit_layer.h"
#include "embedded.h"
#include "lines.h"
#include "lexicon.h"
#include "repair.h"
#include "unspin/language_model.h"

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

const ChromePattern* MatchChromeLine(std::string_view line, bool at_start) {
  const std::string folded = FoldSpaces(line);
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

// A paragraph is chrome when each of its lines is: scrapers keep a form's fields or a row of
// buttons one per line ("Comment *" / "Name *"), or fold them into one line; the pattern of the
// paragraph as one line is tried first.
const ChromePattern* MatchChrome(std::string_view paragraph, bool at_start) {
  if (const ChromePattern* whole = MatchChromeLine(paragraph, at_start)) return whole;
  if (paragraph.find('\n') == std::string_view::npos) return nullptr;
  const ChromePattern* first = nullptr;
  size_t begin = 0;
  while (begin <= paragraph.size()) {
    size_t end = paragraph.find('\n', begin);
    if (end == std::string_view::npos) end = paragraph.size();
    const std::string_view line = paragraph.substr(begin, end - begin);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      const ChromePattern* chrome = MatchChromeLine(line, at_start);
      if (!chrome) return nullptr;
      if (!first) first = chrome;
    }
    begin = end + 1;
  }
  return first;
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
//
// A scraper that drops an <a> tag without a space leaves the link's first or last word glued to
// its neighbour: "Journalbased", "companyin", "Boardthe", "halfInvestors". A token is taken for
// glue when it is no word itself but splits into words (any words, several glues too), and the
// split explains it better than an unknown word would: with the language model, the words in
// their sentence against an unknown word there; without it, how common the words are.

// Before these a comma is usual ("the app, which"); it is added at lower confidence.
bool TakesComma(std::string_view folded) {
  return folded == "which" || folded == "while" || folded == "but" || folded == "although" ||
         folded == "though" || folded == "whereas";
}

// Verbs that close an attribution ("..., the staff said on Monday."): the clause before it
// takes a comma.
bool IsReportingVerb(std::string_view folded) {
  static constexpr std::string_view kVerbs[] = {"said", "says", "told", "added", "reported", "noted",
                                                "wrote", "stated", "explained", "announced", "confirmed"};
  return std::find(std::begin(kVerbs), std::end(kVerbs), folded) != std::end(kVerbs);
}

// Words a sentence does not end on: a paragraph ending so was cut off, not left without its stop.
bool IsDanglingWord(std::string_view folded) {
  static constexpr std::string_view kWords[] = {"the", "a", "an", "of", "to", "and", "or", "but", "for", "with",
                                                "by", "from", "which", "is", "are", "was", "were", "its", "their",
                                                "his", "our", "my", "your", "into", "than"};
  return std::find(std::begin(kWords), std::end(kWords), folded) != std::end(kWords);
}

// Closed-class words: determiners, pronouns, prepositions, conjunctions, auxiliaries. English
// compounds the word list lacks join content words ("showerhead"); glue joins anything, most
// often one of these ("thesingers", "companyin"), and they are capitalised only to start a sentence.
bool IsFunctionWord(std::string_view folded) {
  static constexpr std::string_view kWords[] = {
      "a", "an", "the", "this", "that", "these", "those", "its", "his", "her", "their", "our", "my", "your",
      "it", "he", "she", "we", "they", "you", "him", "them", "us", "who", "whom", "whose", "which", "what",
      "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "upon", "about", "after",
      "before", "between", "during", "without", "within", "against", "among", "through", "and",
      "or", "but", "nor", "if", "as", "than", "while", "when", "where", "because", "although", "though",
      "since", "until", "unless", "whether", "is", "are", "was", "were", "be", "been", "being", "has",
      "have", "had", "will", "would", "can", "could", "shall", "should", "may", "might", "must", "do",
      "does", "did", "not", "also", "very", "such", "there", "then", "said", "says",
      // prepositions made of other words: "due to", "according to", "including"
      "due", "according", "including", "regarding", "following", "despite", "toward", "towards"};
  return std::find(std::begin(kWords), std::end(kWords), folded) != std::end(kWords);
}

// English prefixes that are words too, so the word list would split what they make.
bool IsPrefix(std::string_view folded) {
  static constexpr std::string_view kPrefixes[] = {"anti", "non", "pre", "post", "semi", "multi", "super", "inter",
                                                   "over", "under", "out", "counter", "pseudo", "ultra", "mini",
                                                   "micro", "macro", "mid", "sub", "co", "ex", "self", "re", "un", "psycho", "well", "long"};
  return std::find(std::begin(kPrefixes), std::end(kPrefixes), folded) != std::end(kPrefixes);
}

// Words that English also uses as suffixes: "chainlike", "ownself", "homeward".
bool IsSuffixWord(std::string_view folded) {
  return folded == "like" || folded == "self" || folded == "ward" || folded == "wards" || folded == "wise" ||
         folded == "worthy" || folded == "proof" || folded == "ness" || folded == "hood";
}

// Endings of inflected and derived words: "-ing", "-ed", "-ly", a plural "-s", "-ful", "-ive" ...
bool HasInflectionOrDerivation(std::string_view folded) {
  if (folded.size() < 5) return false;
  static constexpr std::string_view kEndings[] = {"ing", "ed", "ly", "ful", "ive", "ous", "al", "ic", "tion", "sion",
                                                  "ment", "ness", "ity", "est", "ies", "ers", "ors", "ents", "ants"};
  for (std::string_view ending : kEndings) {
    if (folded.ends_with(ending)) return true;
  }
  return false;
}

bool IsPronoun(std::string_view folded) {
  static constexpr std::string_view kWords[] = {"it", "he", "she", "we", "they", "you", "him", "her", "them", "us",
                                                "its", "his", "our", "my", "your", "their"};
  return std::find(std::begin(kWords), std::end(kWords), folded) != std::end(kWords);
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
  out.offsets.push_back(token.size());
  return out;
}

std::string Lower(std::string_view s) { return FoldKey(s); }

// Lower-case ASCII letters shorter than this are words or not worth a look: skip them before
// any lookup, since they are most of the text.
constexpr size_t kShortestGlued = 3;
// Longer tokens (in bytes) are not looked at: a URL, a hash, a megabyte of letters. Every split
// of a shorter one is tried, so the work per token is bounded and the whole text is linear.
constexpr size_t kLongestGlued = 64;
constexpr size_t kMostParts = 4;
// Natural log of the odds a glue split must reach against the token as an unknown word (tuned on
// the TUNE half of the repair benchmark, bench/quality/repair_run.py --split tune).
constexpr double kGlueMargin = 3.0;
// A split with a function word in it is that much likelier glue (see IsFunctionWord); one whose
// first word carries an inflection or a derivation too (see HasInflectionOrDerivation).
constexpr double kAffixBonus = 6.0;
constexpr double kFunctionWordBonus = 3.0;
// ... and more when the token is lower case: a real unknown word there is rarely a name.
constexpr double kLowerBonus = 3.0;
// Each letter beyond 8 makes an unknown word less likely (its spelling is one of more strings),
// and glue no less: nats per letter.
constexpr double kLetterWeight = 1.0;
// A token seen twice in the document is a name or a term unless the split is this much surer.
constexpr double kSeenTwiceMargin = 6.0;
// A token that is a word with its g dropped ("foundin": "founding") needs this much more.
constexpr double kDroppedGMargin = 4.0;
// Scrapers drop the spaces on both sides of a link's text ("fromthe Newport Airparkin"): a split
// with another glue at most kLinkWords words away needs this much less (tuned on the TUNE half).
constexpr double kLinkPairBonus = 3.0;
constexpr int kLinkWords = 3;
// Without the model: the words' unigram log probabilities must sum to at least this.
constexpr double kNoModelFloor = -24.0;

bool IsPlainShortWord(std::string_view word) {
  if (word.size() >= kShortestGlued) return false;
  for (char c : word) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

// Log probability of a word alone, from its SUBTLEX-US frequency (rare words at a floor).
double UnigramLogProb(double per_million) { return std::log(std::max(per_million, 0.05) / 1e6); }

// A part of a glued token: code points [from, to), capitalised or lower case.
struct Part {
  size_t from, to;
  bool capitalised;
  WordInfo info;
};

// A word of a split as the word list knows it; a possessive the list lacks as its word ("Mann’s").
WordInfo PartInfo(std::string_view piece) {
  WordInfo info = LookUpWord(piece);
  if ((info.known && info.per_million > 0) || piece.size() < 4) return info;
  for (std::string_view suffix : {std::string_view("\xE2\x80\x99s"), std::string_view("'s")}) {
    if (!piece.ends_with(suffix)) continue;
    // SUBTLEX-US counts no possessives: about a tenth of the word's own uses.
    WordInfo base = LookUpWord(piece.substr(0, piece.size() - suffix.size()));
    base.per_million /= 10;
    return base;
  }
  return info;
}

// Whether `info` may stand as one word of a split: rare two-letter and one-letter "words" in the
// word list ("ed", "em", "ab") would split anything.
bool UsablePart(const WordInfo& info, size_t length, bool capitalised, std::string_view folded) {
  if (!info.known || (info.name_only && !capitalised)) return false;
  if (length == 1) return folded == "a" || (folded == "i" && capitalised);
  // Two-letter content words ("ma", "re", "ya") are rarer than the glue they would fake.
  if (length == 2) return IsFunctionWord(folded) || folded == "so" || folded == "no" || folded == "up" || folded == "me";
  return length > 3 || info.name_only || info.per_million >= 0.1;
}

struct Split {
  std::vector<Part> parts;
  double score = -1e300;  // log odds against the token as one unknown word
};

class GlueFinder {
 public:
  GlueFinder(std::string_view text, const std::vector<Token>& tokens, const LanguageModel* model,
             const std::vector<std::pair<size_t, size_t>>* near, std::vector<Change>* changes)
      : text_(text), tokens_(tokens), model_(model), near_(near), changes_(changes) {}

  void Run();

 private:
  std::string_view Word(size_t t) const { return text_.substr(tokens_[t].start, tokens_[t].end - tokens_[t].start); }
  bool IsWordToken(size_t t) const { return tokens_[t].kind == TokenKind::kWord || tokens_[t].kind == TokenKind::kNumber; }
  // Whether a word token other than t, within 16 KB of it, has the lower-case `key` and `is`.
  template <typename Predicate>
  bool AnyNear(size_t t, const std::string& key, Predicate is);
  bool SeenTwice(size_t t);
  bool NameNearby(size_t t, std::string_view word);
  bool SentenceInitial(size_t t) const;
  bool AfterCapitalised(size_t t) const;
  // Up to two words before and after token t in its sentence (model ids), and whether the words
  // before reach the sentence start.
  void Context(size_t t, std::vector<int32_t>* before, std::vector<int32_t>* after, bool* sentence_start) const;
  int32_t ModelId(std::string_view word) const;
  double ScoreSplit(size_t t, std::string_view word, const Letters& letters, const std::vector<Part>& parts) const;
  void TrySplit(size_t t);
  void TryNumber(size_t t, const Letters& letters);
  bool TryWordThenNumber(size_t t, const Letters& letters);
  void TryPunctuation(size_t t);
  // "halfInvestors": a sentence break, a name, or nothing sure.
  void AddCapitalBreak(size_t t, size_t at, std::string_view left, std::string_view right, double confidence,
                       const std::string& evidence);
  void AddSpace(size_t t, size_t at, std::string_view right, double confidence, const std::string& evidence);
  void RunFirstPass();
  bool GlueNear(size_t t) const;
  // Adds the repairs of a split of token t (`also` is appended to the evidence).
  void Emit(size_t t, const std::vector<Part>& parts, double best_score, double margin, bool case_change,
            const std::string& also);

  std::string_view text_;
  const std::vector<Token>& tokens_;
  const LanguageModel* model_;
  const std::vector<std::pair<size_t, size_t>>* near_;  // null: every token
  std::vector<Change>* changes_;
  // (hash of the key, token index) of every word, sorted; built when a candidate first needs it.
  std::vector<std::pair<uint64_t, uint32_t>> occurrences_;
  // Tokens split in the first pass, ascending, and splits short of the margin by less than
  // kLinkPairBonus (see Run).
  std::vector<size_t> glued_;
  struct Pending {
    size_t token;
    std::vector<Part> parts;
    double score, margin;
  };
  std::vector<Pending> pending_;
};

template <typename Predicate>
bool GlueFinder::AnyNear(size_t t, const std::string& key, Predicate is) {
  // Near: within kNearBytes, so that the decision does not depend on how much other text shares
  // the file (and a document read in pieces decides as it does whole, but where the other
  // occurrence is in another piece).
  constexpr size_t kNearBytes = 16384;
  const std::hash<std::string> hash;
  if (occurrences_.empty()) {
    for (size_t k = 0; k < tokens_.size(); ++k) {
      if (IsWordToken(k)) occurrences_.emplace_back(hash(tokens_[k].key), static_cast<uint32_t>(k));
    }
    std::sort(occurrences_.begin(), occurrences_.end());
  }
  const Token& token = tokens_[t];
  const uint64_t h = hash(key);
  const auto at = std::lower_bound(occurrences_.begin(), occurrences_.end(), std::pair{h, static_cast<uint32_t>(t)});
  // Same-hash neighbours in token order: the nearest other occurrences before and after.
  for (auto it = at; it != occurrences_.begin();) {
    --it;
    if (it->first != h || token.start - tokens_[it->second].end > kNearBytes) break;
    if (tokens_[it->second].key == key && is(it->second)) return true;
  }
  for (auto it = at; it != occurrences_.end() && it->first == h; ++it) {
    if (it->second == t) continue;
    if (tokens_[it->second].start - token.end > kNearBytes) break;
    if (tokens_[it->second].key == key && is(it->second)) return true;
  }
  return false;
}

// A word seen twice near by is a name or a term, not glue.
bool GlueFinder::SeenTwice(size_t t) {
  return AnyNear(t, tokens_[t].key, [](size_t) { return true; });
}

// Written with its capital inside a sentence elsewhere near by ("... as Graham said"): a name.
bool GlueFinder::NameNearby(size_t t, std::string_view word) {
  return AnyNear(t, Lower(word), [&](size_t k) { return Word(k) == word && !SentenceInitial(k); });
}

bool GlueFinder::SentenceInitial(size_t t) const {
  for (size_t k = t; k-- > 0;) {
    if (tokens_[k].kind == TokenKind::kSpace) {
      if (tokens_[k].paragraph_break || text_.substr(tokens_[k].start, tokens_[k].end - tokens_[k].start).find('\n') != std::string_view::npos) return true;
      continue;
    }
    if (IsWordToken(k)) return false;
    const std::string_view p = Word(k);
    if (p == "." || p == "!" || p == "?" || p == ":" || p == "--" || p == "\xE2\x80\x94") return true;
    if (p != "\xE2\x80\x9C" && p != "\"" && p != "(" && p != "'" && p != "\xE2\x80\x98") return false;
  }
  return true;
}

bool GlueFinder::AfterCapitalised(size_t t) const {
  for (size_t k = t; k-- > 0;) {
    if (tokens_[k].kind == TokenKind::kSpace) continue;
    return tokens_[k].kind == TokenKind::kWord && u_isupper(DecodeToken(Word(k)).code_points[0]);
  }
  return false;
}

int32_t GlueFinder::ModelId(std::string_view word) const {
  if (!model_) return LanguageModel::kUnknown;
  std::string folded = Lower(word);
  for (size_t i = folded.find("\xE2\x80\x99"); i != std::string::npos; i = folded.find("\xE2\x80\x99", i)) {
    folded.replace(i, 3, "'");
  }
  return model_->Id(folded);
}

void GlueFinder::Context(size_t t, std::vector<int32_t>* before, std::vector<int32_t>* after,
                         bool* sentence_start) const {
  auto ends_sentence = [&](size_t k) {
    const std::string_view p = Word(k);
    return p == "." || p == "!" || p == "?" || p == ":" || p == ";";
  };
  // Whether token k ends the context (a paragraph break, a sentence end), is skipped or is a word.
  enum Step { kEnd, kSkip, kWordHere };
  auto step = [&](size_t k) {
    if (tokens_[k].kind == TokenKind::kSpace) return tokens_[k].paragraph_break ? kEnd : kSkip;
    if (!IsWordToken(k)) return ends_sentence(k) ? kEnd : kSkip;
    return kWordHere;
  };
  *sentence_start = true;
  for (size_t k = t; k-- > 0 && before->size() < 2;) {
    const Step s = step(k);
    if (s == kEnd) break;
    if (s == kSkip) continue;
    before->insert(before->begin(), ModelId(Word(k)));
    if (before->size() == 2) *sentence_start = false;
  }
  for (size_t k = t + 1; k < tokens_.size() && after->size() < 2; ++k) {
    const Step s = step(k);
    if (s == kEnd) break;
    if (s == kWordHere) after->push_back(ModelId(Word(k)));
  }
}

// Log odds of the split against the token as one unknown word.
double GlueFinder::ScoreSplit(size_t t, std::string_view word, const Letters& letters,
                              const std::vector<Part>& parts) const {
  double unigrams = 0, function_words = 0;
  for (const Part& part : parts) {
    unigrams += UnigramLogProb(part.info.per_million);
    // English compounds that the word list lacks join content words ("showerhead"); glue joins
    // anything, most often a frequent function word ("thesingers", "companyin").
    const std::string folded = Lower(word.substr(letters.offsets[part.from], letters.offsets[part.to] - letters.offsets[part.from]));
    if (IsFunctionWord(folded)) {
      // Without the model a pronoun ending a name is no evidence: "Wert|her", "lab|our".
      if (model_ || !IsPronoun(folded)) ++function_words;
    } else if (!model_ && part.to - part.from < 4) {
      return -1e9;  // without the model short words split too much: "Bol|and", "col|our"
    }
  }
  if (!model_ && function_words == 0) return -1e9;  // "livestream": a compound, for all it can tell
  double bonus = function_words > 0 ? kFunctionWordBonus + (u_islower(letters.code_points[0]) ? kLowerBonus : 0) : 0;
  // The first word of an English compound is a bare stem ("truckdriver", "showerhead"); an
  // inflected or derived one ("powerfulengines", "stoppinganarchy", "unitsabroad") is glue.
  if (function_words == 0) {
    bool affix = false;
    for (size_t k = 0; k + 1 < parts.size() && !affix; ++k) {
      const std::string folded = Lower(word.substr(letters.offsets[parts[k].from], letters.offsets[parts[k].to] - letters.offsets[parts[k].from]));
      affix = HasInflectionOrDerivation(folded);
    }
    if (affix) bonus += kAffixBonus;
  }
  if (!model_) return unigrams - kNoModelFloor + bonus;
  std::vector<int32_t> before, after;
  bool sentence_start = false;
  Context(t, &before, &after, &sentence_start);
  std::vector<int32_t> split = before, whole = before;
  double correction = 0;  // words the model lacks count at their unigram probability, not as unknown
  for (const Part& part : parts) {
    const std::string_view piece = word.substr(letters.offsets[part.from], letters.offsets[part.to] - letters.offsets[part.from]);
    const int32_t id = ModelId(piece);
    if (id == LanguageModel::kUnknown) correction += UnigramLogProb(part.info.per_million) - model_->unknown_log_prob();
    split.push_back(id);
  }
  whole.push_back(LanguageModel::kUnknown);
  split.insert(split.end(), after.begin(), after.end());
  whole.insert(whole.end(), after.begin(), after.end());
  return bonus + kLetterWeight * (static_cast<double>(letters.code_points.size()) - 8) + model_->LogProb(split, before.size(), split.size(), sentence_start) + correction -
         model_->LogProb(whole, before.size(), whole.size(), sentence_start);
}

void GlueFinder::AddSpace(size_t t, size_t at, std::string_view right, double confidence, const std::string& evidence) {
  const std::string folded = Lower(right);
  bool attribution = false;
  if (!TakesComma(folded)) {
    // "Boardthe staff said on Monday.": a clause, then who said it, to the end of the sentence.
    int words = 1, verb_at = IsReportingVerb(folded) ? 1 : 0;
    for (size_t k = t + 1; k < tokens_.size() && words < 12; ++k) {
      if (tokens_[k].kind == TokenKind::kSpace) {
        if (tokens_[k].paragraph_break) break;
        continue;
      }
      if (!IsWordToken(k)) {
        attribution = verb_at > 0 && verb_at <= 3 && (Word(k) == "." || Word(k) == "!");
        if (Word(k) != "\xE2\x80\x99" && Word(k) != "'") break;
        continue;
      }
      ++words;
      if (!verb_at && IsReportingVerb(tokens_[k].key)) verb_at = words;
    }
    attribution = attribution && verb_at > 1 && tokens_[t].start < at;
  }
  if (TakesComma(folded) || attribution) {
    changes_->push_back(MakeRepair(text_, at, at, ",", 0.6, "repair.glue-punctuation", "punctuation",
                                   attribution ? "a clause ends before the attribution \"" + std::string(right) + " ...\""
                                               : "a comma usually stands before \"" + folded + "\""));
  }
  changes_->push_back(MakeRepair(text_, at, at, " ", confidence, "repair.glued-word", "glue", evidence));
}

void GlueFinder::AddCapitalBreak(size_t t, size_t at, std::string_view left, std::string_view right,
                                 double confidence, const std::string& evidence) {
  // A capital inside a sentence belongs to a name: "theFederal Reserve", "inGonzales".
  const WordInfo right_info = LookUpWord(right);
  bool name_follows = false;
  for (size_t k = t + 1; k < tokens_.size(); ++k) {
    if (tokens_[k].kind == TokenKind::kSpace && !tokens_[k].paragraph_break) continue;
    if (tokens_[k].kind == TokenKind::kWord) name_follows = u_isupper(DecodeToken(Word(k)).code_points[0]);
    break;
  }
  if (right_info.name_only || name_follows) {
    changes_->push_back(MakeRepair(text_, at, at, " ", confidence, "repair.glued-word", "glue",
                                   evidence + "; \"" + std::string(right) + "\" begins a name"));
    return;
  }
  if (NameNearby(t, right)) {
    changes_->push_back(MakeRepair(text_, at, at, " ", confidence, "repair.glued-word", "glue",
                                   evidence + "; \"" + std::string(right) + "\" is a name: it is capitalised inside a "
                                   "sentence near by"));
    return;
  }
  // A common word with a capital starts a sentence ("half. Investors", never "half Investors"),
  // unless no sentence ends on the word before: then the capital is a name's ("theBoard members").
  const std::string left_folded = Lower(left);
  if (IsFunctionWord(left_folded) && !IsPronoun(left_folded)) {
    changes_->push_back(MakeRepair(text_, at, at, " ", 0.8, "repair.glued-word", "glue",
                                   evidence + "; no sentence ends on \"" + std::string(left) + "\": \"" +
                                       std::string(right) + "\" begins a name"));
    return;
  }
  // A capitalised function word ("disputeThat") starts a sentence whatever the model says; a
  // content word ("boughtApple shares") may begin a name, so the model must not be against it.
  double stop_confidence = 0.7;
  if (model_) {
    std::vector<int32_t> before, after;
    bool sentence_start = false;
    Context(t, &before, &after, &sentence_start);
    std::vector<int32_t> first = before, second = {ModelId(right)}, joined = before;
    first.push_back(ModelId(left));
    first.push_back(model_->Id("</s>"));
    second.insert(second.end(), after.begin(), after.end());
    joined.push_back(ModelId(left));
    joined.push_back(second[0]);
    joined.insert(joined.end(), after.begin(), after.end());
    const double gain = model_->LogProb(first, before.size(), first.size(), sentence_start) +
                        model_->LogProb(second, 0, second.size(), true) -
                        model_->LogProb(joined, before.size(), joined.size(), sentence_start);
    stop_confidence = gain > 3 ? 0.85 : gain > 0 ? 0.75 : 0.6;
    if (gain <= 0 && !IsFunctionWord(Lower(right))) stop_confidence = 0.3;  // not sure: reported, not applied
  }
  const bool stop = stop_confidence >= 0.5;
  changes_->push_back(MakeRepair(text_, at, at, ".", stop_confidence, "repair.glue-punctuation", "punctuation",
                                 stop ? "\"" + std::string(right) + "\" with a capital starts a new sentence"
                                      : "\"" + std::string(right) + "\" with a capital: a new sentence or a name, "
                                        "not sure which"));
  changes_->push_back(MakeRepair(text_, at, at, " ", stop ? confidence : 0.3, "repair.glued-word", "glue", evidence));
}

void GlueFinder::TryNumber(size_t t, const Letters& letters) {
  // Digits glued to a word: "2015is", "2023and"; not units and ordinals ("10km", "5th", "1990s").
  const auto& cps = letters.code_points;
  const std::string_view word = Word(t);
  size_t digits = 0;
  while (digits < cps.size() && cps[digits] >= '0' && cps[digits] <= '9') ++digits;
  if (digits == 0 || digits == cps.size()) return;
  for (size_t i = digits; i < cps.size(); ++i) {
    if (!u_islower(cps[i])) return;
  }
  const std::string_view rest = word.substr(letters.offsets[digits]);
  const WordInfo info = LookUpWord(rest);
  const size_t length = cps.size() - digits;
  // Short words after a number are mostly units ("10km", "9am", "5th"): only function words.
  const bool usable = length >= 4 ? info.known && !info.name_only
                                  : IsFunctionWord(Lower(rest)) && (length == 3 || digits >= 3 || rest == "to");
  if (!usable) return;
  AddSpace(t, tokens_[t].start + letters.offsets[digits], rest, 0.85,
           "\"" + std::string(word) + "\": a number glued to \"" + std::string(rest) + "\"");
}

bool GlueFinder::TryWordThenNumber(size_t t, const Letters& letters) {
  // A word glued to a number: "year1961", "of14"; not "MP3", "A4", "Win32" or "Python3".
  const auto& cps = letters.code_points;
  size_t b = 0;
  while (b < cps.size() && u_isalpha(cps[b])) ++b;
  if (b == 0 || b == cps.size()) return false;
  for (size_t i = b; i < cps.size(); ++i) {
    if (cps[i] < '0' || cps[i] > '9') return false;  // not letters then digits
  }
  const std::string_view word = Word(t), left = word.substr(0, letters.offsets[b]);
  const std::string folded = Lower(left);
  bool lower = true;
  for (size_t i = 0; i < b; ++i) lower = lower && u_islower(cps[i]);
  const WordInfo info = LookUpWord(left);
  if (IsFunctionWord(folded) ? b >= 2 : (lower && b >= 4 && info.known && !info.name_only)) {
    changes_->push_back(MakeRepair(text_, tokens_[t].start + letters.offsets[b], tokens_[t].start + letters.offsets[b],
                                   " ", 0.85, "repair.glued-word", "glue",
                                   "\"" + std::string(word) + "\": \"" + std::string(left) + "\" glued to a number"));
  }
  return true;
}

void GlueFinder::TryPunctuation(size_t t) {
  // Punctuation glued to the next word: "Texas”which", "countries,while", "(see above)and".
  const std::string_view word = Word(t);
  // An opening parenthesis or quote glued to the word before: "genius(which", "and“le".
  if ((word == "(" || word == "\xE2\x80\x9C") && t > 0 && t + 1 < tokens_.size() &&
      tokens_[t - 1].kind == TokenKind::kWord && tokens_[t + 1].kind == TokenKind::kWord &&
      tokens_[t - 1].end == tokens_[t].start && tokens_[t].end == tokens_[t + 1].start) {
    const std::string_view before = Word(t - 1);
    const WordInfo info = LookUpWord(before);
    // In prose what follows has words and spaces; "print(foo)" and "f(x)" are code.
    const std::string_view rest = text_.substr(tokens_[t].end, 200);
    const size_t close = rest.find(word == "(" ? ")" : "\xE2\x80\x9D");
    const bool prose = close != std::string_view::npos && rest.substr(0, close).find(' ') != std::string_view::npos &&
                       LookUpWord(Word(t + 1)).known;
    if (prose && before.size() >= 2 && info.known && DecodeToken(before).code_points.size() >= 2) {
      changes_->push_back(MakeRepair(text_, tokens_[t].start, tokens_[t].start, " ", 0.85, "repair.glued-word", "glue",
                                     "no space before \"" + std::string(word) + "\""));
    }
    return;
  }
  if (t == 0 || t + 1 >= tokens_.size() || !IsWordToken(t - 1) || tokens_[t + 1].kind != TokenKind::kWord) return;
  if (word != "\xE2\x80\x9D" && word != ")" && word != "," && word != ";" && word != ":") return;
  const std::string_view next = Word(t + 1);
  const Letters letters = DecodeToken(next);
  if (letters.code_points.empty()) return;
  // A lower-case word must be one ("a,b" is a list); a capitalised one may be a name ("(Joey)Glimco").
  if (u_islower(letters.code_points[0])) {
    if (!LookUpWord(next).known || (letters.code_points.size() < 2 && next != "a")) return;
  } else if (!u_isupper(letters.code_points[0]) || (letters.code_points.size() < 2 && next != "I")) {
    return;
  } else if (letters.code_points.size() > 1 && u_isupper(letters.code_points[1])) {
    return;  // "CODE,DTF": a list of capitals, not prose
  }
  const bool comma_needed = word != "," && word != ";" && word != ":";
  if (comma_needed && TakesComma(Lower(next))) {
    changes_->push_back(MakeRepair(text_, tokens_[t].end, tokens_[t].end, ",", 0.6, "repair.glue-punctuation",
                                   "punctuation", "a comma usually stands before \"" + Lower(next) + "\""));
  }
  changes_->push_back(MakeRepair(text_, tokens_[t].end, tokens_[t].end, " ", 0.9, "repair.glued-word", "glue",
                                 "no space after \"" + std::string(word) + "\""));
}

void GlueFinder::TrySplit(size_t t) {
  const std::string_view word = Word(t);
  const Letters letters = DecodeToken(word);
  const auto& cps = letters.code_points;
  const size_t n = cps.size();
  auto apostrophe = [&](size_t i) { return cps[i] == 0x2019 || cps[i] == '\''; };
  auto piece = [&](size_t from, size_t to) {
    return word.substr(letters.offsets[from], letters.offsets[to] - letters.offsets[from]);
  };
  // A function word glued to a name or an acronym the word list lacks: "theHesiometer", "theCDC".
  auto function_word_and_name = [&]() {
    size_t b = 0;
    while (b < n && u_islower(cps[b])) ++b;
    bool rest_lower = b + 1 < n, rest_upper = b + 1 < n;
    for (size_t i = b + 1; i < n; ++i) {
      rest_lower = rest_lower && u_islower(cps[i]);
      rest_upper = rest_upper && u_isupper(cps[i]);
    }
    const std::string left = Lower(piece(0, b));
    if (b >= 2 && b < n && u_isupper(cps[b]) && (rest_lower || rest_upper) && n - b >= 2 && IsFunctionWord(left) &&
        !IsPronoun(left) && (rest_upper || !LookUpWord(word.substr(letters.offsets[b])).known)) {
      AddSpace(t, tokens_[t].start + letters.offsets[b], word.substr(letters.offsets[b]), 0.85,
               "\"" + std::string(word) + "\" is \"" + left + "\" + a name");
      return true;
    }
    return false;
  };
  for (size_t i = 0; i < n; ++i) {
    // Letters, and apostrophes inside words: "patient’sbreathing", "We’realmost", "ofMann’s".
    if (apostrophe(i) && i > 0 && i + 1 < n && u_isalpha(cps[i - 1]) && u_isalpha(cps[i + 1])) continue;
    if (!u_isalpha(cps[i])) return;
    // Upper case only to start a word: "JOURNALBASED", "McDONALD" and "iPHONE" are left alone.
    if (i > 0 && u_isupper(cps[i]) && !u_islower(cps[i - 1])) {
      function_word_and_name();  // but "theCDC" is "the" + an acronym
      return;
    }
  }
  if (n < kShortestGlued) return;
  // Splits of at most kMostParts words, every word usable, the best one by unigram probability
  // to each end (a Viterbi pass); every two-word split is a candidate too.
  std::vector<Split> best(n + 1);
  best[0].score = 0;
  std::vector<Split> candidates;
  for (size_t from = 0; from < n; ++from) {
    if (best[from].score <= -1e299 || best[from].parts.size() >= kMostParts) continue;
    if (apostrophe(from)) continue;
    for (size_t to = from + 1; to <= n; ++to) {
      if (to < n && apostrophe(to)) continue;  // "patient|’s" is no split
      // A capital inside a part cannot be: the part must end before it.
      if (to > from + 1 && u_isupper(cps[to - 1])) break;
      if (from == 0 && to == n) continue;  // the token itself
      const bool capitalised = u_isupper(cps[from]);
      if (capitalised && from > 0 && !u_islower(cps[from - 1])) continue;
      const std::string_view lookup = piece(from, to);
      const WordInfo info = PartInfo(lookup);
      if (!UsablePart(info, to - from, capitalised, Lower(lookup))) continue;
      // Words after a capitalised part that are themselves capitalised: "PayPal", "WordPress" are
      // names unless the model knows the two as a pair ("FederalBureau") or both are names.
      if (capitalised && from > 0 && !best[from].parts.empty() && best[from].parts.back().capitalised) {
        const Part& prev = best[from].parts.back();
        const bool pair = model_ && model_->HasBigram(ModelId(piece(prev.from, prev.to)), ModelId(lookup));
        // ... or a first name before a name: "RichardStewart"
        if (!pair && !(prev.info.name_only && info.name_only)) continue;
      }
      Split next = best[from];
      next.parts.push_back({from, to, capitalised, info});
      next.score += UnigramLogProb(info.per_million);
      if (from == 0 && to < n) candidates.push_back(next);  // extended to two words below
      if (next.score > best[to].score) best[to] = std::move(next);
    }
  }
  if (best[n].parts.size() < 2) {
    function_word_and_name();  // "theHesiometer": the rest is no word the list knows
    return;
  }
  // Two-word splits: each first word with the best rest.
  std::vector<std::vector<Part>> options = {best[n].parts};
  for (const Split& first : candidates) {
    const size_t to = first.parts.back().to;
    const bool capitalised = u_isupper(cps[to]);
    if (apostrophe(to)) continue;
    const std::string_view lookup = piece(to, n);
    const WordInfo info = PartInfo(lookup);
    if (!UsablePart(info, n - to, capitalised, Lower(lookup))) continue;
    if (capitalised && first.parts.back().capitalised) continue;
    std::vector<Part> parts = first.parts;
    parts.push_back({to, n, capitalised, info});
    if (parts.size() == 2 && !(best[n].parts.size() == 2 && best[n].parts[0].to == to)) options.push_back(parts);
  }
  double best_score = -1e300;
  const std::vector<Part>* chosen = nullptr;
  for (const auto& parts : options) {
    const double score = ScoreSplit(t, word, letters, parts);
    if (score > best_score) {
      best_score = score;
      chosen = &parts;
    }
  }
  // A capital after a lower-case letter is glue by itself; otherwise the split must explain the
  // token clearly better than an unknown word.
  bool case_change = false;
  for (size_t k = 1; k < chosen->size(); ++k) case_change = case_change || (*chosen)[k].capitalised;
  double margin = model_ ? kGlueMargin + (SeenTwice(t) ? kSeenTwiceMargin : 0) : 0;
  if (word.ends_with("in") && LookUpWord(std::string(word) + "g").known) {
    if (!model_) return;
    margin += kDroppedGMargin;
  }
  // A capitalised token inside a sentence that would start with a function word is a name
  // ("Orso", "Whatman"): function words are capitalised only to start a sentence.
  if (u_isupper(cps[0]) && !case_change && !SentenceInitial(t) &&
      (IsFunctionWord(Lower(piece(chosen->front().from, chosen->front().to))) || (!model_ && !AfterCapitalised(t))))
    return;
  // A possessive belongs to a content word: "Caton’s" is no "Cat" + "on’s".
  for (const Part& part : *chosen) {
    const std::string folded = Lower(piece(part.from, part.to));
    if (folded.size() > 2 && folded.ends_with("'s") && IsFunctionWord(folded.substr(0, folded.size() - 2))) return;
  }
  // A prefix or a suffix makes a word, not glue: "antifundamentalist", "overloud", "chainlike".
  if (IsPrefix(Lower(piece(chosen->front().from, chosen->front().to)))) return;
  if (chosen->size() == 2 && IsSuffixWord(Lower(piece(chosen->back().from, chosen->back().to))) &&
      !IsFunctionWord(Lower(piece(chosen->front().from, chosen->front().to))))
    return;
  if (chosen->size() == 2 && Lower(piece(chosen->front().from, chosen->front().to)) == "be" &&
      (word.ends_with("ed") || word.ends_with("ing")))
    return;  // "beplastered", "bewitching": the prefix be-
  for (size_t k = 1; k < chosen->size(); ++k) {  // "toto", "thethe": one word twice is no glue
    if (Lower(piece((*chosen)[k - 1].from, (*chosen)[k - 1].to)) == Lower(piece((*chosen)[k].from, (*chosen)[k].to))) return;
  }
  // "coulda", "musta": a modal's "have" worn down, not "could a".
  if (chosen->size() == 2 && chosen->back().to - chosen->back().from == 1 && cps[n - 1] == 'a') {
    const std::string modal = Lower(piece(chosen->front().from, chosen->front().to));
    if (modal == "could" || modal == "would" || modal == "should" || modal == "must" || modal == "might") return;
  }
  if (!case_change && best_score < margin) {
    // Short of the margin, but a link's text loses the space on both of its sides: kept for
    // Run() to apply if another glue stands a few words away.
    if (model_ && best_score >= margin - kLinkPairBonus) pending_.push_back({t, *chosen, best_score, margin});
    return;
  }
  const size_t before = changes_->size();
  Emit(t, *chosen, best_score, margin, case_change, "");
  // Only a split that is made counts for the other side of a link (tokens in ascending order).
  if (std::any_of(changes_->begin() + static_cast<std::ptrdiff_t>(before), changes_->end(),
                  [](const Change& c) { return c.rule == "repair.glued-word" && c.confidence >= 0.5; })) {
    glued_.push_back(t);
  }
}

void GlueFinder::Emit(size_t t, const std::vector<Part>& parts, double best_score, double margin, bool case_change,
                      const std::string& also) {
  const std::string_view word = Word(t);
  const Letters letters = DecodeToken(word);
  const size_t n = letters.code_points.size();
  auto piece = [&](size_t from, size_t to) {
    return word.substr(letters.offsets[from], letters.offsets[to] - letters.offsets[from]);
  };
  const std::vector<Part>* chosen = &parts;
  const double confidence = case_change ? 0.9 : std::min(0.95, 0.6 + 0.35 * (1 - std::exp(-(best_score - margin) / 3)));
  std::string described;
  for (const Part& part : *chosen) {
    described += (described.empty() ? "\"" : " + \"") +
                 std::string(part.to == n ? word.substr(letters.offsets[part.from]) : piece(part.from, part.to)) + "\"";
  }
  const std::string evidence = "\"" + std::string(word) + "\" is not a word; " + described +
                               " are" +
                               (model_ && !case_change ? " (the language model prefers them by " +
                                                             std::to_string(static_cast<int>(std::round(best_score))) + " nats)"
                                                       : "") +
                               also;
  for (size_t k = 1; k < chosen->size(); ++k) {
    const Part& part = (*chosen)[k];
    const size_t at = tokens_[t].start + letters.offsets[part.from];
    const std::string_view right = part.to == n ? word.substr(letters.offsets[part.from]) : piece(part.from, part.to);
    const Part& prev = (*chosen)[k - 1];
    if (part.capitalised && !prev.capitalised) {
      AddCapitalBreak(t, at, piece(prev.from, prev.to), right, confidence, evidence);
    } else {
      AddSpace(t, at, right, confidence, evidence);
    }
  }
}

// Whether a glue split in the first pass stands within kLinkWords words of token t, in its
// paragraph and sentence: the other side of the same link.
bool GlueFinder::GlueNear(size_t t) const {
  // Words and the spaces between them: the other glue is at most this many tokens away.
  constexpr size_t kReach = 2 * (kLinkWords + 1);
  for (auto it = std::lower_bound(glued_.begin(), glued_.end(), t > kReach ? t - kReach : 0);
       it != glued_.end() && *it <= t + kReach; ++it) {
    const size_t g = *it;
    if (g == t) continue;
    const size_t from = std::min(g, t), to = std::max(g, t);
    int words = 0;
    bool joined = true;
    for (size_t k = from + 1; k < to && joined; ++k) {
      const Token& token = tokens_[k];
      if (token.kind == TokenKind::kSpace) {
        joined = !token.paragraph_break && Word(k).find('\n') == std::string_view::npos;
      } else if (IsWordToken(k)) {
        joined = ++words <= kLinkWords;
      } else {
        joined = false;  // punctuation: a link's text seldom holds any
      }
    }
    if (joined) return true;
  }
  return false;
}

void GlueFinder::Run() {
  RunFirstPass();
  for (const Pending& p : pending_) {
    if (!GlueNear(p.token)) continue;
    Emit(p.token, p.parts, p.score, p.margin - kLinkPairBonus, false,
         "; another glue a few words away: the space on both sides of a link was lost");
  }
}

void GlueFinder::RunFirstPass() {
  size_t next_range = 0;
  for (size_t t = 0; t < tokens_.size(); ++t) {
    const Token& token = tokens_[t];
    if (near_) {  // only near the given ranges
      while (next_range < near_->size() && (*near_)[next_range].second + kGlueContextBytes <= token.start) ++next_range;
      if (next_range == near_->size()) break;
      if (token.end + kGlueContextBytes <= (*near_)[next_range].first) continue;
    }
    const std::string_view word = Word(t);
    if (token.kind == TokenKind::kPunctuation) {
      TryPunctuation(t);
      continue;
    }
    if (token.kind != TokenKind::kWord && token.kind != TokenKind::kNumber) continue;
    if (word.size() > kLongestGlued || IsPlainShortWord(word)) continue;
    const bool capitalised = u_isupper(DecodeToken(word.substr(0, std::min<size_t>(word.size(), 4))).code_points[0]);
    // A name written in lower case is no word: "ina" is "in a", "toa" "to a".
    const WordInfo whole = LookUpWord(word);
    const bool lower_case_name = whole.name_only && !capitalised;
    if (token.key.size() < kShortestGlued || (whole.known && !lower_case_name) || IsListedName(word)) continue;
    // Words the model knows are words, whatever the word list says ("labour", "Andover").
    // Names repeat; a glue seldom does, and then only lower case ("onits ... onits").
    if ((ModelId(word) != LanguageModel::kUnknown && !lower_case_name) || ((!model_ || capitalised) && SeenTwice(t)))
      continue;
    // "standin'", "nothin'": a dropped g, not glue. (Without the apostrophe, "foundin" is more
    // often "found in" than "founding": TrySplit asks for a wider margin there.)
    const std::string_view after = text_.substr(token.end, 3);
    if (word.ends_with("in") && (after.starts_with("'") || after.starts_with("\xE2\x80\x99"))) continue;
    const Letters letters = DecodeToken(word);
    const auto& cps = letters.code_points;
    if (cps[0] >= '0' && cps[0] <= '9') {
      TryNumber(t, letters);
      continue;
    }
    if (TryWordThenNumber(t, letters) || token.kind != TokenKind::kWord) continue;
    const size_t dot = word.find('.');
    if (dot != std::string_view::npos) {
      // "end.The": a sentence glued to the next one.
      if (word.find('.', dot + 1) == std::string_view::npos && dot >= 2 && word.size() - dot > 2) {
        const std::string_view left = word.substr(0, dot), right = word.substr(dot + 1);
        const Letters left_letters = DecodeToken(left), right_letters = DecodeToken(right);
        // A word, then a capitalised word ("Prague.She", "Mr.Podger"); not "U.S", "Node.js", "ASP.NET".
        bool shaped = u_isupper(right_letters.code_points[0]);
        for (size_t i = 0; i < left_letters.code_points.size(); ++i) shaped = shaped && u_isalpha(left_letters.code_points[i]);
        for (size_t i = 1; i < right_letters.code_points.size(); ++i) {
          const UChar32 c = right_letters.code_points[i];
          shaped = shaped && (u_islower(c) || ((c == 0x2019 || c == '\'') && i + 2 == right_letters.code_points.size()));
        }
        if (shaped && (LookUpWord(left).known || u_isupper(left_letters.code_points[0]))) {
          changes_->push_back(MakeRepair(text_, token.start + dot + 1, token.start + dot + 1, " ", 0.85,
                                         "repair.glued-word", "glue",
                                         "no space after the full stop in \"" + std::string(word) + "\""));
        }
      }
      continue;
    }
    TrySplit(t);
  }
}

void FindGluedWords(std::string_view text, const std::vector<Token>& tokens, const LanguageModel* model,
                    const std::vector<std::pair<size_t, size_t>>* near, std::vector<Change>* changes) {
  GlueFinder(text, tokens, model, near, changes).Run();
}

// ---- a paragraph's missing full stop ----


bool EndsSentence(std::string_view paragraph) {
  static constexpr std::string_view kEndings[] = {".", "!", "?", "\xE2\x80\x9D", "\"", "\xE2\x80\xA6", ")"};
  for (std::string_view ending : kEndings) {
    if (paragraph.ends_with(ending)) return true;
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

// Finite verbs that make a short line a sentence ("Staff were told on Friday") rather than a
// heading ("Sheep fattening rations"): auxiliaries and the commonest reporting verbs.
bool IsFiniteVerb(std::string_view folded) {
  static constexpr std::string_view kVerbs[] = {
      "is", "are", "was", "were", "am", "be", "been", "will", "would", "can", "could", "shall", "should", "may",
      "might", "must", "has", "have", "had", "do", "does", "did", "said", "says", "told", "got", "went", "came",
      "made", "took", "gave", "saw", "knew", "thought", "felt", "left", "won", "lost", "fell", "rose",
      "began", "became", "brought", "built", "found", "held", "kept", "led", "met", "paid", "ran", "sent",
      "sold", "spent", "stood", "wrote"};
  return std::find(std::begin(kVerbs), std::end(kVerbs), folded) != std::end(kVerbs) ||
         (folded.size() >= 5 && folded.ends_with("ed"));
}

// Words that open a clause that cannot stand alone, or a heading ("Why the teacher should ...").
bool IsSubordinator(std::string_view folded) {
  static constexpr std::string_view kWords[] = {"if", "when", "why", "how", "what", "where", "whether", "although",
                                                "though", "because", "while", "unless", "until", "whatever"};
  return std::find(std::begin(kWords), std::end(kWords), folded) != std::end(kWords);
}

// Lines that are not sentences whatever their words: list items and bylines.
bool LooksLikeListOrByline(std::string_view body, const std::vector<const Token*>& words, std::string_view text) {
  const char first = body[0];
  if (first == '-' || first == '*' || first == '#' || first == '>' || body.starts_with("\xE2\x80\xA2") ||
      body.starts_with("\xE2\x80\x93") || body.starts_with("\xE2\x80\x94"))
    return true;
  if (std::isdigit(static_cast<unsigned char>(first))) {  // "1. Item", "2) Item"
    const size_t end = body.find_first_not_of("0123456789");
    if (end != std::string_view::npos && (body[end] == '.' || body[end] == ')')) return true;
  }
  const std::string_view opening = text.substr(words.front()->start, words.front()->end - words.front()->start);
  return words.size() <= 8 && (opening == "By" || opening == "Reporting" || opening == "Photo" || opening == "Source");
}

void FindMissingFullStops(std::string_view text, const std::vector<Paragraph>& paragraphs,
                          const std::vector<bool>& removed, const std::vector<Token>& tokens,
                          std::vector<Change>* changes) {
  // Long paragraphs always count as prose; shorter ones need a finite verb.
  constexpr size_t kLongWords = 12, kMinWords = 8;
  std::vector<std::vector<const Token*>> words_of(paragraphs.size());
  size_t t = 0, prose_paragraphs = 0, ending_properly = 0, prose_evidence = 0;
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    while (t < tokens.size() && tokens[t].start < paragraphs[p].end) {
      const bool word = tokens[t].kind == TokenKind::kWord || tokens[t].kind == TokenKind::kNumber;
      if (tokens[t].start >= paragraphs[p].start && word) words_of[p].push_back(&tokens[t]);
      ++t;
    }
    if (removed[p] || words_of[p].size() < 3) continue;
    // A short sentence can look like a title ("Staff were told on Friday."); its stop says which.
    const bool ends = EndsSentence(text.substr(paragraphs[p].start, paragraphs[p].end - paragraphs[p].start));
    if (!ends && LooksLikeTitle(text, words_of[p])) continue;
    ++prose_paragraphs;
    ending_properly += ends;
    // A full stop between two sentences inside the paragraph shows prose as well as a final one.
    const std::string_view body = text.substr(paragraphs[p].start, paragraphs[p].end - paragraphs[p].start);
    bool inner = false;
    for (size_t dot = body.find(". "); dot != std::string_view::npos && !inner; dot = body.find(". ", dot + 1)) {
      const Letters next = DecodeToken(body.substr(dot + 2, std::min<size_t>(4, body.size() - dot - 2)));
      inner = !next.code_points.empty() && u_isupper(next.code_points[0]) && dot >= 3 &&
              u_islower(static_cast<unsigned char>(body[dot - 1])) && u_islower(static_cast<unsigned char>(body[dot - 2]));
    }
    prose_evidence += ends || inner;
  }
  // Only in prose: some paragraphs end a sentence properly, and a third or more show sentences.
  if (ending_properly == 0 || prose_evidence * 3 < prose_paragraphs) return;
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    const Paragraph& paragraph = paragraphs[p];
    const auto& words = words_of[p];
    if (removed[p] || !paragraph.single_line || words.size() < kMinWords) continue;
    const std::string_view body = text.substr(paragraph.start, paragraph.end - paragraph.start);
    // The paragraph ends on a word or a number, or on a closing quote after one ("... “yes”":
    // the stop goes inside) or a parenthesis ("(1949)": the stop goes after it).
    size_t end = paragraph.end, stop_at = paragraph.end;
    std::string_view quote;
    for (std::string_view q : {std::string_view("\xE2\x80\x9D"), std::string_view("\""), std::string_view(")")}) {
      if (body.size() > q.size() && body.ends_with(q)) quote = q;
    }
    end -= quote.size();
    if (quote != ")") stop_at = end;
    const Letters last_char = DecodeToken(text.substr(end - std::min<size_t>(end - paragraph.start, 4), std::min<size_t>(end - paragraph.start, 4)));
    if (last_char.code_points.empty() || !u_isalnum(last_char.code_points.back())) continue;
    if (words.back()->end != end || IsDanglingWord(words.back()->key)) continue;
    if (words.front()->start != paragraph.start && body[0] != '(' && !body.starts_with("\xE2\x80\x9C")) {
      if (LooksLikeListOrByline(body, words, text)) continue;
    }
    if (LooksLikeListOrByline(body, words, text) || LooksLikeTitle(text, words)) continue;
    // The last sentence starts with a capital: the paragraph's first word or a capitalised one
    // after . ! ? ("Tex., as I discovered" is one sentence).
    auto capitalised = [&](size_t w) {
      return u_isupper(DecodeToken(text.substr(words[w]->start, words[w]->end - words[w]->start)).code_points[0]);
    };
    size_t sentence = 0;
    for (size_t w = 1; w < words.size(); ++w) {
      const std::string_view gap = text.substr(words[w - 1]->end, words[w]->start - words[w - 1]->end);
      // Not after a title or an initial: "says Dr. Brodie", "John F. Kennedy".
      const bool abbreviation = gap.starts_with(".") && words[w - 1]->end - words[w - 1]->start <= 3 && capitalised(w - 1);
      if (gap.find_first_of(".!?") != std::string_view::npos && gap.find(' ') != std::string_view::npos && capitalised(w) &&
          !abbreviation) {
        sentence = w;
      }
    }
    if (!capitalised(sentence)) continue;
    bool verb = words.size() >= kLongWords && words.size() - sentence >= 3;
    for (size_t w = sentence; w < words.size() && !verb; ++w) verb = IsFiniteVerb(words[w]->key);
    if (!verb) continue;
    // A short clause opened by "If", "Why", "When" ... is a heading or a fragment, not a sentence.
    if (words.size() - sentence < kLongWords && IsSubordinator(words[sentence]->key)) continue;
    // "... in two ways: 1", "are -- (1)": an enumeration goes on in the next paragraph.
    if (words.back()->kind == TokenKind::kNumber && words.back()->end - words.back()->start <= 2 && words.size() >= 2) {
      const std::string_view gap = text.substr(words[words.size() - 2]->end, words.back()->start - words[words.size() - 2]->end);
      if (gap.find(':') != std::string_view::npos || gap.find('(') != std::string_view::npos ||
          words[words.size() - 2]->key == "or" || words[words.size() - 2]->key == "and")
        continue;
    }
    // A closing parenthesis ends a sentence only after a verb: "(Part G of the questionnaire)" is a heading.
    if (quote == ")") {
      bool finite = false;
      for (size_t w = sentence; w < words.size() && !finite; ++w) finite = IsFiniteVerb(words[w]->key);
      if (!finite) continue;
    }
    // The sentence goes on in the next paragraph when that starts in lower case or with punctuation.
    if (p + 1 < paragraphs.size() && !removed[p + 1]) {
      const Letters next = DecodeToken(text.substr(paragraphs[p + 1].start, std::min<size_t>(4, paragraphs[p + 1].end - paragraphs[p + 1].start)));
      if (!next.code_points.empty() && (u_islower(next.code_points[0]) || u_ispunct(next.code_points[0])) &&
          next.code_points[0] != 0x201C && next.code_points[0] != '"' && next.code_points[0] != '(')
        continue;
    }
    changes->push_back(MakeRepair(text, stop_at, stop_at, ".", 0.8, "repair.final-punctuation", "punctuation",
                                  "a paragraph of " + std::to_string(words.size()) +
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
                       const std::vector<Token>* tokens_in, std::vector<Change>* changes,
                       const LanguageModel* model, const std::vector<std::pair<size_t, size_t>>* glue_near) {
  const std::vector<Paragraph> paragraphs = SplitParagraphs(text);
  std::vector<Change> found;
  std::vector<bool> removed(paragraphs.size(), false);
  if (families & kRepairChrome) removed = FindChrome(text, paragraphs, document_start, document_end, &found);
  const size_t chrome_changes = found.size();
  static const std::vector<Token> kNoTokens;
  const std::vector<Token>& tokens = tokens_in != nullptr ? *tokens_in : kNoTokens;
  if ((families & (kRepairGlue | kRepairPunctuation)) && tokens_in == nullptr) {
    return InvalidArgument("RepairStructure: the glue and punctuation repairs need the text's tokens");
  }
  if (families & kRepairGlue) FindGluedWords(text, tokens, model, glue_near, &found);
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
