#include "unspin/learn.h"

#include "unspin/dictionary.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <limits>
#include <map>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "unspin/text.h"
#include "unspin/tokenizer.h"

namespace unspin {
namespace {

using WordId = uint32_t;
// Reserved ids. A paragraph break is kept in the aligned sequence as an anchor that no phrase
// may span; a document break separates the stored documents.
constexpr WordId kParagraphBreak = 0;
constexpr WordId kDocumentBreak = 1;
constexpr uint32_t kNoToken = std::numeric_limits<uint32_t>::max();

// The dynamic-programming alignment is quadratic: above this many cells (4 MiB of traceback),
// a region is first split at tokens that occur exactly once on each side (patience diff).
constexpr size_t kMaxAlignmentCells = size_t{4} << 20;

// Alignment scores: matches are worth more than a hunk costs, so the alignment keeps the most
// matches, and among equally long ones prefers fewer replaced regions ("moms and dad business"
// against "parent company" stays one region instead of borrowing a later "and").
constexpr int32_t kMatchScore = 2;
constexpr int32_t kHunkCost = 1;
constexpr int32_t kNoScore = std::numeric_limits<int32_t>::min() / 4;

constexpr double kMinPrior = 0.01;
constexpr double kMaxPrior = 0.99;
constexpr double kSignatureMinPrior = 0.5;

// A document as the aligner sees it: the ids of its non-space tokens, with paragraph breaks.
struct Sequence {
  std::vector<WordId> ids;
  std::vector<uint32_t> token_index;  // each id's token; kNoToken for a paragraph break
};

using Match = std::pair<uint32_t, uint32_t>;  // positions in the original and the spun sequence

// LCS-style alignment of two id sequences, reusing its buffers across calls.
class Aligner {
 public:
  // Appends the matched positions of `a` and `b` (plus the offsets) to `matches`, increasing.
  void Align(std::span<const WordId> a, std::span<const WordId> b, uint32_t a_offset, uint32_t b_offset,
             std::vector<Match>* matches) {
    size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
      matches->emplace_back(a_offset + prefix, b_offset + prefix);
      ++prefix;
    }
    size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
      ++suffix;
    }
    const auto a_middle = a.subspan(prefix, a.size() - prefix - suffix);
    const auto b_middle = b.subspan(prefix, b.size() - prefix - suffix);
    const auto a_middle_offset = static_cast<uint32_t>(a_offset + prefix);
    const auto b_middle_offset = static_cast<uint32_t>(b_offset + prefix);
    if (!a_middle.empty() && !b_middle.empty()) {
      if ((a_middle.size() + 1) * (b_middle.size() + 1) <= kMaxAlignmentCells) {
        AlignByTable(a_middle, b_middle, a_middle_offset, b_middle_offset, matches);
      } else {
        AlignAtUniqueAnchors(a_middle, b_middle, a_middle_offset, b_middle_offset, matches);
      }
    }
    for (size_t k = 0; k < suffix; ++k) {
      matches->emplace_back(a_offset + a.size() - suffix + k, b_offset + b.size() - suffix + k);
    }
  }

 private:
  // Two-state table (last step a match, or inside a replaced region) so that opening a region
  // costs kHunkCost. Traceback byte: bit 0 = the match came from the region state; bits 1-2 =
  // the region step came from: 0 match above, 1 region above, 2 match left, 3 region left.
  void AlignByTable(std::span<const WordId> a, std::span<const WordId> b, uint32_t a_offset, uint32_t b_offset,
                    std::vector<Match>* matches) {
    const size_t n = a.size(), m = b.size(), width = m + 1;
    trace_.assign((n + 1) * width, 0);
    for (auto* row : {&match_above_, &region_above_, &match_here_, &region_here_}) row->assign(width, kNoScore);
    match_above_[0] = 0;
    for (size_t j = 1; j <= m; ++j) {
      const bool extend = region_above_[j - 1] >= match_above_[j - 1] - kHunkCost;
      region_above_[j] = extend ? region_above_[j - 1] : match_above_[j - 1] - kHunkCost;
      trace_[j] = static_cast<uint8_t>((extend ? 3 : 2) << 1);
    }
    for (size_t i = 1; i <= n; ++i) {
      match_here_[0] = kNoScore;
      const bool extend_first = region_above_[0] >= match_above_[0] - kHunkCost;
      region_here_[0] = extend_first ? region_above_[0] : match_above_[0] - kHunkCost;
      trace_[i * width] = static_cast<uint8_t>((extend_first ? 1 : 0) << 1);
      for (size_t j = 1; j <= m; ++j) {
        uint8_t trace = 0;
        if (a[i - 1] == b[j - 1]) {
          const bool from_region = region_above_[j - 1] > match_above_[j - 1];
          match_here_[j] = (from_region ? region_above_[j - 1] : match_above_[j - 1]) + kMatchScore;
          trace |= from_region ? 1 : 0;
        } else {
          match_here_[j] = kNoScore;
        }
        // Extending a region is preferred on ties: it keeps regions whole.
        int32_t best = region_above_[j];
        uint8_t step = 1;
        if (region_here_[j - 1] > best) best = region_here_[j - 1], step = 3;
        if (match_above_[j] - kHunkCost > best) best = match_above_[j] - kHunkCost, step = 0;
        if (match_here_[j - 1] - kHunkCost > best) best = match_here_[j - 1] - kHunkCost, step = 2;
        region_here_[j] = best;
        trace_[i * width + j] = static_cast<uint8_t>(trace | (step << 1));
      }
      std::swap(match_above_, match_here_);
      std::swap(region_above_, region_here_);
    }
    const size_t first_new = matches->size();
    size_t i = n, j = m;
    bool in_match = match_above_[m] >= region_above_[m];
    while (i > 0 || j > 0) {
      const uint8_t trace = trace_[i * width + j];
      if (in_match) {
        matches->emplace_back(a_offset + i - 1, b_offset + j - 1);
        in_match = (trace & 1) == 0;
        --i, --j;
        continue;
      }
      const int step = trace >> 1;
      in_match = step == 0 || step == 2;
      if (step < 2) {
        --i;
      } else {
        --j;
      }
    }
    std::reverse(matches->begin() + static_cast<std::ptrdiff_t>(first_new), matches->end());
  }

  // Patience diff: ids that occur exactly once on each side, in the same order on both, anchor
  // the alignment; the stretches between anchors are aligned on their own. A stretch too large
  // and without such ids is left unaligned (its words are not learned from).
  void AlignAtUniqueAnchors(std::span<const WordId> a, std::span<const WordId> b, uint32_t a_offset,
                            uint32_t b_offset, std::vector<Match>* matches) {
    struct Seen {
      uint32_t in_a = 0, in_b = 0, b_position = 0;
    };
    std::unordered_map<WordId, Seen> seen;
    for (WordId id : a) seen[id].in_a++;
    for (size_t j = 0; j < b.size(); ++j) {
      auto it = seen.find(b[j]);
      if (it == seen.end()) continue;
      it->second.in_b++;
      it->second.b_position = static_cast<uint32_t>(j);
    }
    std::vector<Match> candidates;  // local positions, increasing in a
    for (size_t i = 0; i < a.size(); ++i) {
      const Seen& s = seen[a[i]];
      if (s.in_a == 1 && s.in_b == 1) candidates.emplace_back(static_cast<uint32_t>(i), s.b_position);
    }
    // Longest increasing subsequence in b (patience sorting).
    std::vector<size_t> pile_tops, previous(candidates.size(), SIZE_MAX);
    for (size_t k = 0; k < candidates.size(); ++k) {
      auto pile = std::lower_bound(pile_tops.begin(), pile_tops.end(), candidates[k].second,
                                   [&](size_t top, uint32_t value) { return candidates[top].second < value; });
      if (pile != pile_tops.begin()) previous[k] = *(pile - 1);
      if (pile == pile_tops.end()) {
        pile_tops.push_back(k);
      } else {
        *pile = k;
      }
    }
    if (pile_tops.empty()) return;
    std::vector<Match> anchors;
    for (size_t k = pile_tops.back(); k != SIZE_MAX; k = previous[k]) anchors.push_back(candidates[k]);
    std::reverse(anchors.begin(), anchors.end());
    uint32_t next_a = 0, next_b = 0;
    for (const auto& [i, j] : anchors) {
      Align(a.subspan(next_a, i - next_a), b.subspan(next_b, j - next_b), a_offset + next_a, b_offset + next_b,
            matches);
      matches->emplace_back(a_offset + i, b_offset + j);
      next_a = i + 1, next_b = j + 1;
    }
    Align(a.subspan(next_a), b.subspan(next_b), a_offset + next_a, b_offset + next_b, matches);
  }

  std::vector<uint8_t> trace_;
  std::vector<int32_t> match_above_, region_above_, match_here_, region_here_;
};

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string Lowercase(std::string_view word) {
  std::string lower;
  if (IsAscii(word)) {
    lower.assign(word);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lower;
  }
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  u.toLower(icu::Locale::getRoot());
  u.toUTF8String(lower);
  return lower;
}

// Punctuation that joins the words of one expression ("state-of-the-art", "and/or"); any other
// punctuation inside a replaced region means the region is not one phrase.
bool IsJoiningPunctuation(std::string_view piece) {
  static constexpr std::string_view kJoining[] = {"-", "\u2010", "\u2011", "/", "&", "'", "\u2019"};
  return std::find(std::begin(kJoining), std::end(kJoining), piece) != std::end(kJoining);
}

// Whether the word at tokens[index] starts a sentence or a line, where a capital letter says
// nothing about it being a name.
bool StartsSentence(std::string_view text, const std::vector<Token>& tokens, size_t index) {
  static constexpr std::string_view kSentenceEnds[] = {".", "!", "?", ":", "\u2026"};
  static constexpr std::string_view kOpenings[] = {"\"", "'", "(", "[", "\u201C", "\u2018", "\u00AB", "-",
                                                   "\u2013", "\u2014", "*", "\u2022"};
  for (size_t k = index; k > 0; --k) {
    const Token& token = tokens[k - 1];
    const std::string_view piece = text.substr(token.start, token.end - token.start);
    if (token.kind == TokenKind::kSpace) {
      if (piece.find('\n') != std::string_view::npos) return true;
      continue;
    }
    if (token.kind != TokenKind::kPunctuation) return false;
    if (std::find(std::begin(kSentenceEnds), std::end(kSentenceEnds), piece) != std::end(kSentenceEnds)) return true;
    if (std::find(std::begin(kOpenings), std::end(kOpenings), piece) == std::end(kOpenings)) return false;
  }
  return true;
}

// How a phrase is written, gathered over its occurrences: words are written in lower case unless
// they are mostly capitalized where a capital means a name (not at the start of a sentence).
struct Spelling {
  struct Piece {
    std::string lower;        // the token, words in lower case
    std::string capitalized;  // the word as first seen capitalized mid-sentence
    bool space_before = false;
    uint32_t capitalized_votes = 0;
    uint32_t lowercase_votes = 0;
  };
  std::vector<Piece> pieces;

  std::string Text() const {
    std::string text;
    for (const Piece& piece : pieces) {
      if (piece.space_before) text += ' ';
      text += piece.capitalized_votes > piece.lowercase_votes ? piece.capitalized : piece.lower;
    }
    return text;
  }
};

struct OriginalRecord {
  Spelling spelling;
  size_t count = 0;
};

struct SpunRecord {
  std::vector<WordId> ids;
  Spelling spelling;
  std::map<std::string, OriginalRecord> originals;  // by id key
};

std::string IdKey(std::span<const WordId> ids) {
  return std::string(reinterpret_cast<const char*>(ids.data()), ids.size() * sizeof(WordId));
}

std::string FormatPrior(double prior) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", prior);
  std::string text = buffer;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string UtcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &utc);
  return buffer;
}

// One document of a pair, tokenized.
struct Document {
  std::string_view text;
  std::vector<Token> tokens;
  Sequence sequence;

  std::string_view PieceOf(uint32_t token_index) const {
    const Token& token = tokens[token_index];
    return text.substr(token.start, token.end - token.start);
  }
  bool IsJoiningPunctuationAt(uint32_t token_index) const {
    return tokens[token_index].kind == TokenKind::kPunctuation && IsJoiningPunctuation(PieceOf(token_index));
  }
  // Whether sequence positions k - 1 and k are parts of one word: written with no space between
  // and joined by a hyphen, slash or apostrophe ("brand-new"). Words side by side with no
  // space (Chinese, say) are separate words.
  bool Glued(size_t k) const {
    const uint32_t left = sequence.token_index[k - 1], right = sequence.token_index[k];
    if (left == kNoToken || right == kNoToken || left + 1 != right) return false;
    bool joined = false;
    for (const uint32_t index : {left, right}) {
      if (tokens[index].kind != TokenKind::kPunctuation) continue;
      if (!IsJoiningPunctuationAt(index)) return false;
      joined = true;
    }
    return joined;
  }
};

// Adds the spelling of sequence positions [begin, end) of `document` to `spelling`.
void AddSpelling(const Document& document, size_t begin, size_t end, Spelling* spelling) {
  const Sequence& sequence = document.sequence;
  const bool first = spelling->pieces.empty();
  for (size_t k = begin; k < end; ++k) {
    const uint32_t index = sequence.token_index[k];
    const std::string_view piece = document.PieceOf(index);
    const bool is_word = document.tokens[index].kind == TokenKind::kWord;
    if (first) {
      Spelling::Piece added;
      added.lower = is_word ? Lowercase(piece) : std::string(piece);
      added.space_before = k > begin && sequence.token_index[k - 1] + 1 != index;
      spelling->pieces.push_back(std::move(added));
    }
    Spelling::Piece& spelled = spelling->pieces[k - begin];
    if (!is_word || StartsSentence(document.text, document.tokens, index)) continue;
    if (Lowercase(piece) == piece) {
      spelled.lowercase_votes++;
    } else {
      spelled.capitalized_votes++;
      if (spelled.capitalized.empty()) spelled.capitalized = std::string(piece);
    }
  }
}

// A replaced region: positions [begin, end) of the original and of the spun sequence.
struct Region {
  size_t original_begin, original_end, spun_begin, spun_end;
};

}  // namespace

struct Learner::Impl {
  std::unique_ptr<Tokenizer> tokenizer;
  std::unordered_map<std::string, WordId> ids_by_key;
  std::vector<bool> is_word;    // by id: a word (letters), not punctuation or a number
  std::vector<bool> is_number;  // by id
  std::vector<WordId> original_documents;  // every original document's ids, each ended by kDocumentBreak
  std::vector<WordId> spun_documents;
  std::unordered_map<std::string, SpunRecord> substitutions;  // by the spun phrase's id key
  size_t pairs = 0;
  size_t original_words = 0;
  size_t spun_words = 0;
  size_t substitution_count = 0;
  Aligner aligner;
  Document original, spun;  // the pair being learned from (buffers reused)

  Impl() : is_word{false, false}, is_number{false, false} {}

  WordId Intern(const Token& token) {
    auto [it, inserted] = ids_by_key.try_emplace(token.key, static_cast<WordId>(is_word.size()));
    if (inserted) {
      is_word.push_back(token.kind == TokenKind::kWord);
      is_number.push_back(token.kind == TokenKind::kNumber);
    }
    return it->second;
  }

  Status Load(std::string_view text, std::string_view name, Document* document, size_t* words) {
    document->text = text;
    if (Status status = tokenizer->Tokenize(text, &document->tokens); !status.ok()) {
      return Status(status.code(), std::string(name) + ": " + status.message());
    }
    Sequence& sequence = document->sequence;
    sequence.ids.clear();
    sequence.token_index.clear();
    for (size_t k = 0; k < document->tokens.size(); ++k) {
      const Token& token = document->tokens[k];
      if (token.kind == TokenKind::kSpace) {
        if (!token.paragraph_break) continue;
        sequence.ids.push_back(kParagraphBreak);
        sequence.token_index.push_back(kNoToken);
        continue;
      }
      *words += token.kind == TokenKind::kWord;
      sequence.ids.push_back(Intern(token));
      sequence.token_index.push_back(static_cast<uint32_t>(k));
    }
    return Status::Ok();
  }

  bool IsContent(WordId id) const { return is_word[id] || is_number[id]; }

  bool IsArticle(WordId id) const {
    for (const char* article : {"a", "an"}) {
      if (auto it = ids_by_key.find(article); it != ids_by_key.end() && it->second == id) return true;
    }
    return false;
  }

  // The matched positions of the pair, in increasing order. Paragraph by paragraph when the
  // paragraphs correspond: smaller tables, and no region reaches into the next paragraph.
  std::vector<Match> AlignPair() {
    const std::span<const WordId> a = original.sequence.ids, b = spun.sequence.ids;
    std::vector<Match> matches;
    const auto breaks = [](std::span<const WordId> ids) { return std::count(ids.begin(), ids.end(), kParagraphBreak); };
    if (breaks(a) != breaks(b)) {
      aligner.Align(a, b, 0, 0, &matches);
      return matches;
    }
    size_t start_a = 0, start_b = 0;
    while (true) {
      const auto end_a = static_cast<size_t>(std::find(a.begin() + start_a, a.end(), kParagraphBreak) - a.begin());
      const auto end_b = static_cast<size_t>(std::find(b.begin() + start_b, b.end(), kParagraphBreak) - b.begin());
      aligner.Align(a.subspan(start_a, end_a - start_a), b.subspan(start_b, end_b - start_b),
                    static_cast<uint32_t>(start_a), static_cast<uint32_t>(start_b), &matches);
      if (end_a == a.size()) return matches;
      matches.emplace_back(static_cast<uint32_t>(end_a), static_cast<uint32_t>(end_b));
      start_a = end_a + 1, start_b = end_b + 1;
    }
  }

  // Counts one substitution: spun positions -> original positions.
  void Record(const Region& region) {
    const auto spun_ids =
        std::span(spun.sequence.ids).subspan(region.spun_begin, region.spun_end - region.spun_begin);
    const auto original_ids = std::span(original.sequence.ids)
                                  .subspan(region.original_begin, region.original_end - region.original_begin);
    auto [spun_entry, new_spun] = substitutions.try_emplace(IdKey(spun_ids));
    SpunRecord& spun_record = spun_entry->second;
    if (new_spun) spun_record.ids.assign(spun_ids.begin(), spun_ids.end());
    AddSpelling(spun, region.spun_begin, region.spun_end, &spun_record.spelling);
    OriginalRecord& original_record = spun_record.originals[IdKey(original_ids)];
    AddSpelling(original, region.original_begin, region.original_end, &original_record.spelling);
    original_record.count++;
    substitution_count++;
  }

  // What a side of a region holds, to decide whether it is one phrase.
  struct Shape {
    std::vector<WordId> words;
    bool has_number = false;
    bool has_punctuation = false;
    bool has_separator = false;  // punctuation that is not inside a word, or a paragraph break
  };

  Shape ShapeOf(const Document& document, size_t begin, size_t end) const {
    Shape shape;
    for (size_t k = begin; k < end; ++k) {
      const WordId id = document.sequence.ids[k];
      if (is_word[id]) {
        shape.words.push_back(id);
      } else if (is_number[id]) {
        shape.has_number = true;
      } else {
        shape.has_punctuation = true;
        const uint32_t index = document.sequence.token_index[k];
        if (index == kNoToken || !document.IsJoiningPunctuationAt(index)) shape.has_separator = true;
      }
    }
    return shape;
  }

  // Turns the region between two runs of matches into substitutions, or nothing.
  void LearnRegion(Region region, const std::vector<uint32_t>& spun_partner, const LearnOptions& options) {
    const std::vector<WordId>& a = original.sequence.ids;
    const std::vector<WordId>& b = spun.sequence.ids;
    size_t& a_begin = region.original_begin;
    size_t& a_end = region.original_end;
    size_t& b_begin = region.spun_begin;
    size_t& b_end = region.spun_end;
    // A region that stops inside a word takes in the matched rest of the word on both sides:
    // "new" against "brand-new" is a substitution, not the insertion of "brand-".
    auto glued = [&](size_t a_boundary, size_t b_boundary) {
      return (a_begin < a_end && original.Glued(a_boundary)) || (b_begin < b_end && spun.Glued(b_boundary));
    };
    while (a_end < a.size() && b_end < b.size() && spun_partner[a_end] == b_end && glued(a_end, b_end)) {
      ++a_end, ++b_end;
    }
    while (a_begin > 0 && b_begin > 0 && spun_partner[a_begin - 1] == b_begin - 1 && glued(a_begin, b_begin)) {
      --a_begin, --b_begin;
    }
    // Punctuation at the edges is not part of the wording ("however," against "nonetheless").
    while (a_begin < a_end && !IsContent(a[a_begin])) ++a_begin;
    while (a_end > a_begin && !IsContent(a[a_end - 1])) --a_end;
    while (b_begin < b_end && !IsContent(b[b_begin])) ++b_begin;
    while (b_end > b_begin && !IsContent(b[b_end - 1])) --b_end;
    if (a_begin == a_end || b_begin == b_end) return;  // an insertion, a deletion, or punctuation only
    // "a key" against "an essential": the article only follows the next word, and the rewriter
    // fixes it, so the entry is the more general "essential" -> "key".
    if (IsArticle(a[a_begin]) && IsArticle(b[b_begin]) && a_end - a_begin > 1 && b_end - b_begin > 1 &&
        IsContent(a[a_begin + 1]) && IsContent(b[b_begin + 1])) {
      ++a_begin, ++b_begin;
    }
    const Shape original_shape = ShapeOf(original, a_begin, a_end);
    const Shape spun_shape = ShapeOf(spun, b_begin, b_end);
    // Numbers change between versions of an article for reasons other than spinning; a region
    // cut by a sentence or clause boundary is two phrases, not one.
    if (original_shape.has_number || spun_shape.has_number) return;
    if (original_shape.has_separator || spun_shape.has_separator) return;
    if (original_shape.words == spun_shape.words) return;  // case, punctuation or spacing only
    if (original_shape.words.size() <= options.max_phrase_words &&
        spun_shape.words.size() <= options.max_phrase_words) {
      Record(region);
      return;
    }
    // Too long for one phrase: when both sides are plain runs of the same number of words, a
    // spinner swapped them one by one (adjacent single-word substitutions).
    if (original_shape.words.size() != spun_shape.words.size() || original_shape.has_punctuation ||
        spun_shape.has_punctuation) {
      return;
    }
    for (size_t k = 0; k < original_shape.words.size(); ++k) {
      if (a[a_begin + k] != b[b_begin + k]) Record({a_begin + k, a_begin + k + 1, b_begin + k, b_begin + k + 1});
    }
  }

  void LearnRegions(const std::vector<Match>& matches, const LearnOptions& options) {
    const size_t a_size = original.sequence.ids.size(), b_size = spun.sequence.ids.size();
    std::vector<uint32_t> spun_partner(a_size, kNoToken);  // by original position
    for (const auto& [i, j] : matches) spun_partner[i] = j;
    size_t next_a = 0, next_b = 0;
    for (const auto& [i, j] : matches) {
      if (next_a < i || next_b < j) LearnRegion({next_a, i, next_b, j}, spun_partner, options);
      next_a = i + 1, next_b = j + 1;
    }
    if (next_a < a_size || next_b < b_size) LearnRegion({next_a, a_size, next_b, b_size}, spun_partner, options);
  }
};

Learner::Learner(LearnOptions options) : options_(options), impl_(std::make_unique<Impl>()) {}
Learner::~Learner() = default;

size_t Learner::pair_count() const { return impl_->pairs; }

Status Learner::AddPair(std::string_view original, std::string_view spun, std::string_view original_name,
                        std::string_view spun_name) {
  for (const auto& [text, name] : {std::pair{original, original_name}, std::pair{spun, spun_name}}) {
    if (auto utf16 = DiagnoseUtf16(text)) return DataError(std::string(name) + ": " + *utf16);
    if (const auto bad = FindInvalidUtf8(text)) {
      const LineIndex::Position position = LineIndex(text.substr(0, *bad)).At(*bad);
      return DataError(std::string(name) + ": invalid UTF-8 at byte " + std::to_string(*bad) + " (line " +
                       std::to_string(position.line) + ", column " + std::to_string(position.column) + ")");
    }
  }
  Impl& impl = *impl_;
  if (!impl.tokenizer) {
    auto tokenizer = Tokenizer::Create();
    if (!tokenizer.ok()) return tokenizer.status();
    impl.tokenizer = std::move(tokenizer).value();
  }
  size_t original_words = 0, spun_words = 0;
  if (Status status = impl.Load(original, original_name, &impl.original, &original_words); !status.ok()) return status;
  if (Status status = impl.Load(spun, spun_name, &impl.spun, &spun_words); !status.ok()) return status;

  impl.LearnRegions(impl.AlignPair(), options_);

  const std::vector<WordId>& a = impl.original.sequence.ids;
  const std::vector<WordId>& b = impl.spun.sequence.ids;
  impl.original_documents.insert(impl.original_documents.end(), a.begin(), a.end());
  impl.original_documents.push_back(kDocumentBreak);
  impl.spun_documents.insert(impl.spun_documents.end(), b.begin(), b.end());
  impl.spun_documents.push_back(kDocumentBreak);
  impl.original_words += original_words;
  impl.spun_words += spun_words;
  impl.pairs++;
  return Status::Ok();
}

std::vector<LearnedEntry> Learner::Entries() const {
  const Impl& impl = *impl_;
  // Count every occurrence of every learned spun phrase in both sets of documents.
  std::unordered_map<std::string_view, size_t> slot_of;
  std::vector<const SpunRecord*> records;
  std::unordered_set<WordId> first_ids;
  size_t longest = 0;
  for (const auto& [key, record] : impl.substitutions) {
    slot_of.emplace(key, records.size());
    records.push_back(&record);
    first_ids.insert(record.ids.front());
    longest = std::max(longest, record.ids.size());
  }
  auto count_in = [&](const std::vector<WordId>& documents) {
    std::vector<size_t> counts(records.size(), 0);
    std::string key;
    for (size_t start = 0; start < documents.size(); ++start) {
      if (!first_ids.contains(documents[start])) continue;
      key.clear();
      for (size_t k = start; k < documents.size() && k - start < longest; ++k) {
        if (documents[k] == kParagraphBreak || documents[k] == kDocumentBreak) break;
        key.append(reinterpret_cast<const char*>(&documents[k]), sizeof(WordId));
        if (auto it = slot_of.find(key); it != slot_of.end()) counts[it->second]++;
      }
    }
    return counts;
  };
  const std::vector<size_t> in_spun = count_in(impl.spun_documents);
  const std::vector<size_t> in_original = count_in(impl.original_documents);

  std::vector<LearnedEntry> entries;
  for (size_t slot = 0; slot < records.size(); ++slot) {
    const SpunRecord& record = *records[slot];
    std::vector<const OriginalRecord*> originals;
    for (const auto& [key, original] : record.originals) {
      if (original.count >= std::max<size_t>(options_.min_count, 1)) originals.push_back(&original);
    }
    std::stable_sort(originals.begin(), originals.end(),
                     [](const OriginalRecord* x, const OriginalRecord* y) { return x->count > y->count; });
    const std::string spun_text = record.spelling.Text();
    // A phrase the dictionary loader would refuse is not learned: the output must always load.
    if (spun_text.size() > kMaxPhraseBytes) continue;
    double prior_sum = 0;
    for (const OriginalRecord* original : originals) {
      if (original->spelling.Text().size() > kMaxPhraseBytes) continue;
      const size_t occurrences = std::max(in_spun[slot], original->count);
      const double share = static_cast<double>(original->count) / static_cast<double>(occurrences);
      // Four decimals, rounded down, so that the file says what Entries() says and sums stay <= 1.
      const double prior = std::floor(std::clamp(share, kMinPrior, kMaxPrior) * 1e4 + 1e-6) / 1e4;
      if (prior_sum + prior > 1 + 1e-9) continue;  // clamping up the rare alternatives would pass 1
      prior_sum += prior;
      LearnedEntry entry;
      entry.spun = spun_text;
      entry.original = original->spelling.Text();
      entry.count = original->count;
      entry.spun_occurrences = occurrences;
      entry.original_occurrences = in_original[slot];
      entry.prior = prior;
      entry.category = entry.original_occurrences == 0 && prior >= kSignatureMinPrior ? "signature" : "synonym";
      entries.push_back(std::move(entry));
    }
  }
  std::sort(entries.begin(), entries.end(), [](const LearnedEntry& x, const LearnedEntry& y) {
    if (x.count != y.count) return x.count > y.count;
    if (x.spun != y.spun) return x.spun < y.spun;
    return x.original < y.original;
  });
  return entries;
}

std::string Learner::ToTsv(std::string_view learned_from) const {
  const std::vector<LearnedEntry> entries = Entries();
  const size_t pairs = impl_->pairs;
  std::string tsv;
  tsv += "# Learned by `unspin learn` on " + UtcNow() + " from " + std::to_string(pairs) + " document pair" +
         (pairs == 1 ? "" : "s");
  if (!learned_from.empty()) tsv += " (" + std::string(learned_from) + ")";
  tsv += ".\n# " + std::to_string(impl_->original_words) + " original and " + std::to_string(impl_->spun_words) +
         " spun words aligned; " + std::to_string(impl_->substitution_count) + " substitutions of at most " +
         std::to_string(options_.max_phrase_words) + " words counted; " + std::to_string(entries.size()) +
         " entries seen at least " + std::to_string(std::max<size_t>(options_.min_count, 1)) + " time(s).\n";
  tsv += "# prior: substitutions / occurrences of the spun wording in the spun documents, in [0.01, 0.99].\n";
  tsv += "# signature: never occurs in the original documents, prior >= 0.5; otherwise synonym.\n";
  tsv += "# spun\toriginal\tprior\tcategory\tsource\tinflect\tcontext\tnote\n";
  const std::string source = "learned:" + std::to_string(pairs) + " pair" + (pairs == 1 ? "" : "s");
  for (const LearnedEntry& entry : entries) {
    tsv += entry.spun + '\t' + entry.original + '\t' + FormatPrior(entry.prior) + '\t' + entry.category + '\t' +
           source + "\t-\t-\t" + std::to_string(entry.count) + " of " + std::to_string(entry.spun_occurrences) +
           " occurrences in spun text, " + std::to_string(entry.original_occurrences) + " in original text\n";
  }
  return tsv;
}

}  // namespace unspin
