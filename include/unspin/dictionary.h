// The phrase dictionary: spun wording -> likely original, parsed from TSV (format in
// data/README.md), expanded to inflected forms and compiled into a token-trie matcher.
//
// A Dictionary is immutable once built and safe to share across threads.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "unspin/matcher.h"
#include "unspin/status.h"

namespace unspin {

enum class Inflect : uint8_t { kNone, kNoun, kVerb };

// A condition on the text around a match. It holds when one of `phrases` occurs (kNear: within
// kNearWindowWords words of the match; kInDocument: anywhere), or for the "Not" kinds, when none
// does. A phrase's words may have up to `max_gap` other words between them ("a b"~N in the
// Problematic Paper Screener's syntax).
struct ContextCondition {
  enum class Kind : uint8_t { kNear, kNotNear, kInDocument, kNotInDocument };
  Kind kind = Kind::kNear;
  std::vector<std::string> phrases;       // folded, words separated by single spaces
  int max_gap = 0;
  std::vector<std::vector<TokenId>> ids;  // each phrase's word ids, filled in by Build()
};

// How much more often a spinner writes a spun wording than clean English uses it, relative to
// the original's frequency (Entry::ceiling); chosen on scripts/dev_spin.py and the seed article.
inline constexpr double kSpinRate = 2.0;

// Words on either side within which a `near:` condition looks (within the sentence).
inline constexpr int kNearWindowWords = 12;

struct Entry {
  std::string spun;      // as written (or as inflected)
  std::string original;  // as written (or as inflected)
  double prior = 0;
  std::string category;
  std::string source;
  Inflect inflect = Inflect::kNone;
  std::vector<ContextCondition> context;
  std::string note;
  std::string location;      // "file:line" of the line it came from
  bool inflected = false;    // generated from the line at `location` by inflection
  // The most evidence can make of this entry: in a document spun throughout, the share of
  // occurrences of `spun` that stand for `original`, from how common both are in clean English
  // (f_original * r / (f_original * r + f_spun), r = kSpinRate). 1 for wording clean English
  // does not use. Set by DictionaryBuilder::Build().
  double ceiling = 1;
};

// Interns case-folded token keys; ids 0-2 are reserved (see matcher.h).
class Vocabulary {
 public:
  Vocabulary();
  TokenId Intern(const std::string& key);
  TokenId Find(const std::string& key) const;  // kUnknownToken when absent
  size_t size() const { return ids_.size() + 3; }

 private:
  std::unordered_map<std::string, TokenId> ids_;
};

class Dictionary {
 public:
  // The entries that share one spun token sequence: the alternatives for that wording.
  struct Group {
    std::vector<uint32_t> entries;  // indexes into entries(), best prior first
    double total_prior = 0;         // chance the wording was spun at all (capped at 0.99)
  };

  const std::vector<Entry>& entries() const { return entries_; }
  const std::vector<Group>& groups() const { return groups_; }
  const Vocabulary& vocabulary() const { return vocabulary_; }
  const Matcher& matcher() const { return matcher_; }
  // Matches the entries' originals as written: the places a spinner could have changed and did
  // not, which tell how much of a text was spun. Phrase i of it is the original of the entries
  // original_entries()[i].
  const Matcher& original_matcher() const { return original_matcher_; }
  const std::vector<std::vector<uint32_t>>& original_entries() const { return original_entries_; }
  // True when `phrase` (case-folded words, single spaces) is the original of a tortured-phrase
  // entry: an established technical term, which a new fingerprint may stand for too.
  bool IsTermOriginal(const std::string& phrase) const { return term_originals_.count(phrase) > 0; }
  // Calls visit(phrase) for each such original.
  template <typename Visit>
  void ForEachTermOriginal(Visit visit) const {
    for (const std::string& phrase : term_originals_) visit(std::string_view(phrase));
  }
  // True when the case-folded word is a word of some tortured-phrase entry's original.
  bool IsTermOriginalWord(const std::string& word) const { return term_original_words_.count(word) > 0; }
  // True when some such original has `length` words and `word` as its word number `position`
  // (from 0): whether a phrase could be one of them at all.
  bool TermOriginalHas(const std::string& word, size_t position, size_t length) const {
    if (position >= 8 || length > 8) return false;
    auto it = term_original_words_.find(word);
    return it != term_original_words_.end() && (it->second >> (position * 8 + length - 1) & 1);
  }
  // Word swaps that paper mills make, learned from the tortured-phrase entries whose two sides
  // have the same number of words ("factual examination" -> "statistical analysis" teaches
  // examination -> analysis): the originals a case-folded word stood for, most often seen first,
  // with how many entries show it. Null when none.
  const std::vector<std::pair<std::string, int>>* TorturedSwaps(const std::string& word) const {
    auto it = tortured_swaps_.find(word);
    return it == tortured_swaps_.end() ? nullptr : &it->second;
  }
  // The number of entries written in files (before inflection).
  size_t written_count() const { return written_count_; }
  // Ids of ".", "!" and "?": `near:` conditions do not look past them.
  const std::vector<TokenId>& sentence_end_ids() const { return sentence_end_ids_; }

  // The dictionary compiled from data/ into the binary. Built once, on first use.
  static StatusOr<std::shared_ptr<const Dictionary>> Builtin();

 private:
  friend class DictionaryBuilder;
  std::vector<Entry> entries_;
  std::vector<Group> groups_;
  Vocabulary vocabulary_;
  Matcher matcher_;
  Matcher original_matcher_;
  std::vector<std::vector<uint32_t>> original_entries_;
  std::unordered_set<std::string> term_originals_;
  // Each word of those originals -> a bit per (position, length) it has in one (up to 8 words).
  std::unordered_map<std::string, uint64_t> term_original_words_;
  std::unordered_map<std::string, std::vector<std::pair<std::string, int>>> tortured_swaps_;
  size_t written_count_ = 0;
  std::vector<TokenId> sentence_end_ids_;
};

// The data files compiled into the binary (paths relative to data/) and their contents;
// dictionaries are the *.tsv files outside morphology/.
struct BuiltinFile {
  std::string_view name;
  std::string_view content;
};
std::span<const BuiltinFile> BuiltinFiles();

// True for dictionary files (*.tsv, *.csv) and false for the reference data kept beside them in
// data/morphology/, data/english/ and data/repair/.
bool IsDictionaryFile(std::string_view path);

// Parses one entry line. `location` ("file:line") prefixes error messages.
StatusOr<Entry> ParseEntryLine(std::string_view line, const std::string& location);

// The longest phrase an entry may have on either side: matching costs grow with the longest
// phrase (one 10,000-word phrase made matching 230 times slower).
inline constexpr size_t kMaxPhraseWords = 12;
inline constexpr size_t kMaxPhraseBytes = 200;
// "LOCATION: phrase too long (N words; at most 12)" (or bytes) when the entry's spun or original
// phrase is over a bound.
Status CheckPhraseLength(const Entry& entry);

// A dictionary file must be text: not UTF-16 ("NAME: looks like UTF-16 ..."), valid UTF-8
// ("NAME:LINE: invalid UTF-8") and without control characters other than tab, CR and LF
// ("NAME:LINE: control character U+0000 ..."), so that no error message echoes binary bytes.
Status CheckDictionaryText(std::string_view content, const std::string& name);

class DictionaryBuilder {
 public:
  DictionaryBuilder();
  ~DictionaryBuilder();

  // Adds every entry of a dictionary file (TSV, or a Problematic Paper Screener CSV export).
  // Fails on the first malformed line, naming `source_name:line`.
  Status AddFile(std::string_view content, std::string_view source_name);
  Status AddBuiltin();
  void AddEntry(Entry entry);

  // Expands inflections, interns, and compiles the matcher.
  StatusOr<std::shared_ptr<const Dictionary>> Build();

 private:
  std::vector<Entry> written_;
};

}  // namespace unspin
