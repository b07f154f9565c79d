// Thesaurus lookups for "candidates beyond the dictionary": the words a spinner may have replaced
// by an observed word (data/english/thesaurus.tsv, from WordNet and mythes-en-us), in the observed
// word's inflection, and the established multiword terms a tortured phrase may stand for
// (data/english/terms.tsv, WordNet's multiword lemmas). Both files are made by
// scripts/make_thesaurus.py; data/README.md describes them.
//
// The tables point into the data they were built from (for Builtin(), the data compiled into the
// binary), so building one copies no text; lookups allocate nothing beyond the output vector and
// its strings. A Thesaurus is immutable once built and may be shared by threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace unspin::internal {

class Thesaurus {
 public:
  // Parts of speech, as in thesaurus.tsv (n, v, a, r).
  enum class Pos : uint8_t { kNoun, kVerb, kAdjective, kAdverb };
  // The slot of a word form (kBase: the lemma as written).
  enum class Slot : uint8_t { kBase, kPlural, kThird, kPast, kParticiple, kGerund, kComparative, kSuperlative };

  static constexpr size_t kDefaultMaxCandidates = 12;

  // The thesaurus of the embedded data, built on first use (about 15 ms; thread-safe).
  static const Thesaurus& Builtin();

  // From the text of thesaurus.tsv, terms.tsv and morphology/irregular.tsv; the views must outlive
  // the Thesaurus. Malformed lines are skipped.
  Thesaurus(std::string_view thesaurus_tsv, std::string_view terms_tsv, std::string_view irregular_tsv);
  Thesaurus(const Thesaurus&) = delete;
  Thesaurus& operator=(const Thesaurus&) = delete;

  // Replaces *out with the candidate originals of an observed lower-case word form, in the same
  // inflection: "purchased" -> "bought", ...; "individuals" -> "persons", ...; "utilizing" ->
  // "using", ...; "bigger" -> "larger", .... The form is read as every lemma and inflection that
  // produce it (irregular forms from data/morphology/irregular.tsv, regular suffixes otherwise,
  // each checked against the lemma's part of speech in the thesaurus: "uses" is both a plural and
  // a third person), and the synonyms of each reading are inflected the same way; the readings
  // take turns, so each one's likeliest synonyms come first. Inflected forms made by rule are kept
  // only if hunspell knows them (data/english/words.tsv, loaded on first use). At most `max`,
  // without duplicates or the word itself; none for a word the thesaurus does not know.
  void Candidates(std::string_view word_lower, std::vector<std::string>* out,
                  size_t max = kDefaultMaxCandidates) const;

  // Replaces *out with the synonyms of a lemma (a base form, not inflected), every part of speech,
  // most likely first (the parts of speech take turns), without duplicates. For the tortured-
  // phrase search: try each word's synonyms and keep combinations that are terms.
  void Synonyms(std::string_view lemma_lower, std::vector<std::string>* out) const;
  // The same as views into the thesaurus data (valid as long as the Thesaurus): no allocation.
  void SynonymViews(std::string_view lemma_lower, std::vector<std::string_view>* out) const;

  // Replaces *out with the forms of `lemma` in `slot`, made as src/inflection.cc makes them
  // (irregular forms from morphology/irregular.tsv, else the regular spelling rules; a verb's
  // participle is its last irregular past when none is listed), plus adjective comparisons
  // (-er/-est for one-syllable adjectives, good/better/best and the like). Empty when the slot
  // does not fit the part of speech or an adjective compares with "more".
  void Inflections(std::string_view lemma, Pos pos, Slot slot, std::vector<std::string>* out) const;

  // True if the thesaurus has synonyms for the lemma (base form).
  bool HasLemma(std::string_view lemma_lower) const;

  // True for an established 2-4 word term given as lower-case words ({"artificial",
  // "intelligence"}).
  bool IsTerm(std::span<const std::string> words_lower) const;
  bool IsTerm(std::span<const std::string_view> words_lower) const;
  // True when the lower-case word is a word of some term: a combination with any other word
  // cannot be a term, so the tortured-phrase search need not look it up.
  bool IsTermWord(std::string_view word_lower) const { return term_words_.count(word_lower) > 0; }
  // How often the term occurs per million words of clean English (Brown corpus); 0 when it is not
  // a term or its frequency is not known.
  double TermFrequency(std::span<const std::string> words_lower) const;
  double TermFrequency(std::span<const std::string_view> words_lower) const;

  size_t lemma_count() const { return lemmas_.size(); }
  size_t term_count() const { return terms_.size(); }
  // Calls visit(term) for each established term, its lower-case words joined by single spaces.
  template <typename Visit>
  void ForEachTerm(Visit visit) const {
    for (const Term& term : terms_) visit(terms_text_.substr(term.offset, term.size));
  }


 private:
  struct Entry {  // one thesaurus line: a lemma's synonyms for one part of speech
    uint32_t synonyms_offset;
    uint32_t synonyms_size;
    Pos pos;
  };
  struct Lemma {  // the consecutive lines of one lemma
    uint32_t offset;
    uint16_t size;
    uint16_t entry_count;
    uint32_t first_entry;
  };
  struct Term {
    uint32_t offset;
    uint16_t size;
    uint16_t frequency_size;  // the per-million field follows the term and a tab
  };
  struct Irregular {  // one line of irregular.tsv: base + slot -> form
    std::string_view base;
    std::string_view form;
    Pos pos;
    Slot slot;
  };
  struct Reading {  // one way to read an observed form
    const Entry* entry;
    Slot slot;
  };

  // Open addressing over 32-bit slots holding index + 1; keys are looked up through `key_of`.
  struct HashIndex {
    std::vector<uint32_t> slots;
    uint64_t mask = 0;
  };
  template <typename KeyOf>
  static void BuildIndex(size_t count, KeyOf key_of, HashIndex* index);

  const Lemma* FindLemma(std::string_view lemma) const;
  std::string_view LemmaText(const Lemma& lemma) const { return thesaurus_.substr(lemma.offset, lemma.size); }
  std::string_view SynonymsText(const Entry& entry) const {
    return thesaurus_.substr(entry.synonyms_offset, entry.synonyms_size);
  }
  template <typename Words>
  const Term* FindTerm(const Words& words) const;
  // Irregular lines whose form is `form` / whose base is `base`.
  std::span<const Irregular> IrregularByForm(std::string_view form) const;
  std::span<const Irregular> IrregularByBase(std::string_view base) const;

  template <typename Visit>
  void ForEachReading(std::string_view word, Visit visit) const;
  template <typename Visit>
  void Inflect(std::string_view lemma, Pos pos, Slot slot, Visit visit) const;
  bool Produces(std::string_view lemma, Pos pos, Slot slot, std::string_view form) const;
  template <typename Emit>
  void SynonymsInTurn(std::string_view lemma, Emit emit) const;

  std::string_view thesaurus_;
  std::string_view terms_text_;
  std::vector<Entry> entries_;
  std::vector<Lemma> lemmas_;
  HashIndex lemma_index_;
  std::vector<Term> terms_;
  HashIndex term_index_;
  std::unordered_set<std::string_view> term_words_;  // views into terms_text_
  std::vector<Irregular> irregular_by_form_;  // sorted by form
  std::vector<Irregular> irregular_by_base_;  // sorted by base, in file order within a base
  HashIndex form_index_;                      // -> first line of a form
  HashIndex base_index_;                      // -> first line of a base
  std::vector<uint32_t> form_starts_;         // the first line of each distinct form
  std::vector<uint32_t> base_starts_;
};

}  // namespace unspin::internal
