#include "match/thesaurus.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include "embedded.h"
#include "fnv.h"
#include "lexicon.h"
#include "lines.h"
#include "english_spelling.h"

namespace unspin::internal {
namespace {

uint64_t HashBytes(uint64_t hash, std::string_view bytes) { return Fnv1a(bytes, hash); }

uint64_t Mix(uint64_t hash) {
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdull;
  hash ^= hash >> 33;
  return hash;
}

uint64_t HashKey(std::string_view key) { return Mix(HashBytes(kFnvOffset, key)); }

// The hash of the words joined by single spaces, without joining them.
template <typename Words>
uint64_t HashWords(const Words& words) {
  uint64_t hash = kFnvOffset;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) hash = HashBytes(hash, " ");
    hash = HashBytes(hash, words[i]);
  }
  return Mix(hash);
}

template <typename Words>
bool EqualsWords(std::string_view text, const Words& words) {
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) {
      if (text.empty() || text.front() != ' ') return false;
      text.remove_prefix(1);
    }
    const std::string_view word = words[i];
    if (!text.starts_with(word)) return false;
    text.remove_prefix(word.size());
  }
  return text.empty();
}

using Pos = Thesaurus::Pos;
using Slot = Thesaurus::Slot;

bool ParsePos(std::string_view text, Pos* pos) {
  if (text == "n" || text == "noun") *pos = Pos::kNoun;
  else if (text == "v" || text == "verb") *pos = Pos::kVerb;
  else if (text == "a" || text == "adj") *pos = Pos::kAdjective;
  else if (text == "r" || text == "adv") *pos = Pos::kAdverb;
  else return false;
  return true;
}

// Splits a line into up to N tab-separated fields; false if there are fewer.
template <size_t N>
bool SplitTabs(std::string_view line, std::array<std::string_view, N>* fields) {
  for (size_t i = 0; i < N; ++i) {
    const size_t tab = line.find('\t');
    (*fields)[i] = line.substr(0, tab);
    if (tab == std::string_view::npos) return i + 1 == N;
    line.remove_prefix(tab + 1);
  }
  return true;
}

// --- Regular English spelling rules (the same as src/inflection.cc; thesaurus_test checks) ---



// A word form built in place: no allocation.
class Form {
 public:
  Form& Add(std::string_view part) {
    if (size_ + part.size() > sizeof(data_)) {
      overflow_ = true;
      return *this;
    }
    std::copy(part.begin(), part.end(), data_ + size_);
    size_ += part.size();
    return *this;
  }
  Form& Add(char c) { return Add(std::string_view(&c, 1)); }
  std::string_view view() const { return overflow_ ? std::string_view() : std::string_view(data_, size_); }

 private:
  char data_[64];
  size_t size_ = 0;
  bool overflow_ = false;
};

bool ConsonantY(std::string_view w) { return w.size() >= 2 && w.back() == 'y' && !IsVowel(w[w.size() - 2]); }

void AddS(std::string_view w, Form* form) {
  if (w.ends_with("s") || w.ends_with("x") || w.ends_with("z") || w.ends_with("ch") || w.ends_with("sh")) {
    form->Add(w).Add("es");
  } else if (ConsonantY(w)) {
    form->Add(w.substr(0, w.size() - 1)).Add("ies");
  } else {
    form->Add(w).Add('s');
  }
}

void AddEd(std::string_view w, Form* form) {
  if (w.back() == 'e') form->Add(w).Add('d');
  else if (ConsonantY(w)) form->Add(w.substr(0, w.size() - 1)).Add("ied");
  else if (DoublesFinalConsonant(w)) form->Add(w).Add(w.back()).Add("ed");
  else form->Add(w).Add("ed");
}

void AddIng(std::string_view w, Form* form) {
  if (w.ends_with("ie")) form->Add(w.substr(0, w.size() - 2)).Add("ying");
  else if (w.back() == 'e' && !w.ends_with("ee") && !w.ends_with("ye") && !w.ends_with("oe") && w.size() > 2) {
    form->Add(w.substr(0, w.size() - 1)).Add("ing");
  } else if (DoublesFinalConsonant(w)) {
    form->Add(w).Add(w.back()).Add("ing");
  } else {
    form->Add(w).Add("ing");
  }
}

// Comparatives and superlatives in -er/-est: big -> bigger, large -> larger, happy -> happier.
void AddEr(std::string_view w, std::string_view suffix, Form* form) {
  if (w.back() == 'e') form->Add(w).Add(suffix.substr(1));
  else if (ConsonantY(w)) form->Add(w.substr(0, w.size() - 1)).Add('i').Add(suffix);
  else if (DoublesFinalConsonant(w)) form->Add(w).Add(w.back()).Add(suffix);
  else form->Add(w).Add(suffix);
}

// Adjectives that compare with -er/-est: one vowel group, a final silent "e" and "y" not counted
// (large, simple, happy, dry); the others take "more"/"most".
bool ComparesWithEr(std::string_view w) {
  if (w.size() < 2 || w.ends_with("ed") || w.ends_with("ing")) return false;
  std::string_view stem = w.back() == 'e' ? w.substr(0, w.size() - 1) : w;
  int vowel_groups = 0;
  for (size_t i = 0; i < stem.size(); ++i) {
    if (IsVowel(stem[i]) && (i == 0 || !IsVowel(stem[i - 1]))) ++vowel_groups;
  }
  return vowel_groups <= 1;
}

// The few irregular comparisons (WordNet's adj.exc beyond the spelling rules).
struct IrregularComparison {
  std::string_view base, comparative, superlative;
};
constexpr IrregularComparison kIrregularComparisons[] = {
    {"good", "better", "best"}, {"well", "better", "best"},     {"bad", "worse", "worst"},
    {"ill", "worse", "worst"},  {"far", "farther", "farthest"}, {"far", "further", "furthest"},
};

}  // namespace

// --- Building -------------------------------------------------------------------------------

template <typename KeyOf>
void Thesaurus::BuildIndex(size_t count, KeyOf key_of, HashIndex* index) {
  size_t size = 16;
  while (size < count * 2) size *= 2;
  index->slots.assign(size, 0);
  index->mask = size - 1;
  for (size_t i = 0; i < count; ++i) {
    const std::string_view key = key_of(i);
    for (uint64_t slot = HashKey(key) & index->mask;; slot = (slot + 1) & index->mask) {
      const uint32_t value = index->slots[slot];
      if (value == 0) {
        index->slots[slot] = static_cast<uint32_t>(i + 1);
        break;
      }
      if (key_of(value - 1) == key) break;  // a repeated key: the first one stays
    }
  }
}

Thesaurus::Thesaurus(std::string_view thesaurus_tsv, std::string_view terms_tsv, std::string_view irregular_tsv)
    : thesaurus_(thesaurus_tsv), terms_text_(terms_tsv) {
  // thesaurus.tsv: lemma TAB pos TAB syn,syn,... with a lemma's lines next to each other.
  entries_.reserve(thesaurus_tsv.size() / 60);
  lemmas_.reserve(thesaurus_tsv.size() / 70);
  ForEachDataLine(thesaurus_tsv, [&](size_t, std::string_view line) {
    std::array<std::string_view, 3> fields;
    Pos pos;
    if (!SplitTabs(line, &fields) || fields[0].empty() || fields[0].size() > 0xFFFF || fields[2].empty() ||
        !ParsePos(fields[1], &pos)) {
      return true;
    }
    const auto offset = static_cast<uint32_t>(fields[0].data() - thesaurus_tsv.data());
    if (lemmas_.empty() || LemmaText(lemmas_.back()) != fields[0] || lemmas_.back().entry_count == 0xFFFF) {
      lemmas_.push_back({offset, static_cast<uint16_t>(fields[0].size()), 0, static_cast<uint32_t>(entries_.size())});
    }
    ++lemmas_.back().entry_count;
    entries_.push_back({static_cast<uint32_t>(fields[2].data() - thesaurus_tsv.data()),
                        static_cast<uint32_t>(fields[2].size()), pos});
    return true;
  });
  BuildIndex(lemmas_.size(), [&](size_t i) { return LemmaText(lemmas_[i]); }, &lemma_index_);

  // terms.tsv: term TAB per_million.
  terms_.reserve(terms_tsv.size() / 18);
  ForEachDataLine(terms_tsv, [&](size_t, std::string_view line) {
    const size_t tab = line.find('\t');
    const std::string_view term = line.substr(0, tab);
    const std::string_view frequency =
        tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
    if (term.empty() || term.size() > 0xFFFF || frequency.size() > 0xFFFF) return true;
    terms_.push_back({static_cast<uint32_t>(term.data() - terms_tsv.data()), static_cast<uint16_t>(term.size()),
                      static_cast<uint16_t>(frequency.size())});
    for (size_t begin = 0; begin < term.size();) {
      const size_t space = std::min(term.find(' ', begin), term.size());
      term_words_.insert(term.substr(begin, space - begin));
      begin = space + 1;
    }
    return true;
  });
  BuildIndex(terms_.size(), [&](size_t i) { return terms_text_.substr(terms_[i].offset, terms_[i].size); },
             &term_index_);

  // morphology/irregular.tsv: pos TAB base TAB form TAB slot.
  ForEachDataLine(irregular_tsv, [&](size_t, std::string_view line) {
    std::array<std::string_view, 4> fields;
    Irregular irregular;
    if (!SplitTabs(line, &fields) || !ParsePos(fields[0], &irregular.pos)) return true;
    if (fields[3] == "plural") irregular.slot = Slot::kPlural;
    else if (fields[3] == "third") irregular.slot = Slot::kThird;
    else if (fields[3] == "past") irregular.slot = Slot::kPast;
    else if (fields[3] == "participle") irregular.slot = Slot::kParticiple;
    else if (fields[3] == "gerund") irregular.slot = Slot::kGerund;
    else return true;
    irregular.base = fields[1];
    irregular.form = fields[2];
    irregular_by_base_.push_back(irregular);
    return true;
  });
  irregular_by_form_ = irregular_by_base_;
  std::stable_sort(irregular_by_base_.begin(), irregular_by_base_.end(),
                   [](const Irregular& a, const Irregular& b) { return a.base < b.base; });
  std::stable_sort(irregular_by_form_.begin(), irregular_by_form_.end(),
                   [](const Irregular& a, const Irregular& b) { return a.form < b.form; });
  auto starts = [](const std::vector<Irregular>& lines, std::string_view Irregular::*key) {
    std::vector<uint32_t> result;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i == 0 || lines[i].*key != lines[i - 1].*key) result.push_back(static_cast<uint32_t>(i));
    }
    return result;
  };
  base_starts_ = starts(irregular_by_base_, &Irregular::base);
  form_starts_ = starts(irregular_by_form_, &Irregular::form);
  BuildIndex(base_starts_.size(), [&](size_t i) { return irregular_by_base_[base_starts_[i]].base; }, &base_index_);
  BuildIndex(form_starts_.size(), [&](size_t i) { return irregular_by_form_[form_starts_[i]].form; }, &form_index_);
}

const Thesaurus& Thesaurus::Builtin() {
  static const Thesaurus* const thesaurus =
      new Thesaurus(EmbeddedFileContent("english/thesaurus.tsv"), EmbeddedFileContent("english/terms.tsv"),
                    EmbeddedFileContent("morphology/irregular.tsv"));
  return *thesaurus;
}

// --- Lookups ----------------------------------------------------------------------------------

const Thesaurus::Lemma* Thesaurus::FindLemma(std::string_view lemma) const {
  if (lemma_index_.slots.empty()) return nullptr;
  for (uint64_t slot = HashKey(lemma) & lemma_index_.mask;; slot = (slot + 1) & lemma_index_.mask) {
    const uint32_t value = lemma_index_.slots[slot];
    if (value == 0) return nullptr;
    if (LemmaText(lemmas_[value - 1]) == lemma) return &lemmas_[value - 1];
  }
}

template <typename Words>
const Thesaurus::Term* Thesaurus::FindTerm(const Words& words) const {
  if (term_index_.slots.empty() || words.empty()) return nullptr;
  for (uint64_t slot = HashWords(words) & term_index_.mask;; slot = (slot + 1) & term_index_.mask) {
    const uint32_t value = term_index_.slots[slot];
    if (value == 0) return nullptr;
    const Term& term = terms_[value - 1];
    if (EqualsWords(terms_text_.substr(term.offset, term.size), words)) return &term;
  }
}

std::span<const Thesaurus::Irregular> Thesaurus::IrregularByForm(std::string_view form) const {
  if (form_index_.slots.empty()) return {};
  for (uint64_t slot = HashKey(form) & form_index_.mask;; slot = (slot + 1) & form_index_.mask) {
    const uint32_t value = form_index_.slots[slot];
    if (value == 0) return {};
    const size_t begin = form_starts_[value - 1];
    if (irregular_by_form_[begin].form != form) continue;
    const size_t end = value < form_starts_.size() ? form_starts_[value] : irregular_by_form_.size();
    return std::span<const Irregular>(irregular_by_form_.data() + begin, end - begin);
  }
}

std::span<const Thesaurus::Irregular> Thesaurus::IrregularByBase(std::string_view base) const {
  if (base_index_.slots.empty()) return {};
  for (uint64_t slot = HashKey(base) & base_index_.mask;; slot = (slot + 1) & base_index_.mask) {
    const uint32_t value = base_index_.slots[slot];
    if (value == 0) return {};
    const size_t begin = base_starts_[value - 1];
    if (irregular_by_base_[begin].base != base) continue;
    const size_t end = value < base_starts_.size() ? base_starts_[value] : irregular_by_base_.size();
    return std::span<const Irregular>(irregular_by_base_.data() + begin, end - begin);
  }
}

// Calls visit(form) for each form of `lemma` in `slot`, as src/inflection.cc makes them: the
// irregular forms listed for the slot, else the regular one (a verb's participle: its last
// irregular past, else the regular past).
template <typename Visit>
void Thesaurus::Inflect(std::string_view lemma, Pos pos, Slot slot, Visit visit) const {
  if (lemma.empty()) return;
  if (slot == Slot::kBase) {
    visit(lemma);
    return;
  }
  if (pos == Pos::kAdjective && (slot == Slot::kComparative || slot == Slot::kSuperlative)) {
    bool irregular = false;
    for (const IrregularComparison& comparison : kIrregularComparisons) {
      if (comparison.base == lemma) {
        visit(slot == Slot::kComparative ? comparison.comparative : comparison.superlative);
        irregular = true;
      }
    }
    if (!irregular && ComparesWithEr(lemma)) {
      Form form;
      AddEr(lemma, slot == Slot::kComparative ? "er" : "est", &form);
      if (!form.view().empty()) visit(form.view());
    }
    return;
  }
  const bool noun_slot = slot == Slot::kPlural;
  if (noun_slot != (pos == Pos::kNoun) || (pos != Pos::kNoun && pos != Pos::kVerb)) return;
  if (slot == Slot::kPlural && lemma == "person") visit("people");  // the usual plural; "persons" too
  bool listed = false;
  std::string_view last_past;
  for (const Irregular& irregular : IrregularByBase(lemma)) {
    if (irregular.pos != pos) continue;
    if (irregular.slot == Slot::kPast) last_past = irregular.form;
    if (irregular.slot == slot) {
      visit(irregular.form);
      listed = true;
    }
  }
  if (listed) return;
  Form form;
  switch (slot) {
    case Slot::kPlural:
      AddS(lemma, &form);
      break;
    case Slot::kThird:
      // Verbs in consonant + "o" take "-es" (goes, echoes).
      if (lemma.size() >= 2 && lemma.back() == 'o' && !IsVowel(lemma[lemma.size() - 2])) form.Add(lemma).Add("es");
      else AddS(lemma, &form);
      break;
    case Slot::kPast:
      AddEd(lemma, &form);
      break;
    case Slot::kParticiple:
      if (!last_past.empty()) {
        visit(last_past);
        return;
      }
      AddEd(lemma, &form);
      break;
    case Slot::kGerund:
      AddIng(lemma, &form);
      break;
    default:
      return;
  }
  if (!form.view().empty()) visit(form.view());
}

bool Thesaurus::Produces(std::string_view lemma, Pos pos, Slot slot, std::string_view form) const {
  bool found = false;
  Inflect(lemma, pos, slot, [&](std::string_view produced) { found = found || produced == form; });
  return found;
}

// Calls visit(Reading) for each way to read `word`: as a lemma, as an irregular form, as a regular
// inflection of a lemma with that part of speech. Each reading once.
template <typename Visit>
void Thesaurus::ForEachReading(std::string_view word, Visit visit) const {
  std::array<Reading, 24> seen;
  size_t seen_count = 0;
  auto offer = [&](const Lemma* lemma, Pos pos, Slot slot) {
    if (lemma == nullptr) return;
    for (uint32_t i = 0; i < lemma->entry_count; ++i) {
      const Entry* entry = &entries_[lemma->first_entry + i];
      if (entry->pos != pos) continue;
      for (size_t j = 0; j < seen_count; ++j) {
        if (seen[j].entry == entry && seen[j].slot == slot) return;
      }
      if (seen_count == seen.size()) return;
      seen[seen_count++] = {entry, slot};
      visit(Reading{entry, slot});
    }
  };
  if (const Lemma* lemma = FindLemma(word)) {
    for (uint32_t i = 0; i < lemma->entry_count; ++i) offer(lemma, entries_[lemma->first_entry + i].pos, Slot::kBase);
  }
  for (const Irregular& irregular : IrregularByForm(word)) offer(FindLemma(irregular.base), irregular.pos, irregular.slot);
  for (const IrregularComparison& comparison : kIrregularComparisons) {
    if (comparison.comparative == word) offer(FindLemma(comparison.base), Pos::kAdjective, Slot::kComparative);
    if (comparison.superlative == word) offer(FindLemma(comparison.base), Pos::kAdjective, Slot::kSuperlative);
  }
  // Regular suffixes: each possible base is checked by inflecting it again.
  auto try_base = [&](std::string_view stem, std::string_view ending, std::initializer_list<std::pair<Pos, Slot>> slots) {
    Form base;
    base.Add(stem).Add(ending);
    const std::string_view text = base.view();
    if (text.size() < 2) return;
    const Lemma* lemma = FindLemma(text);
    if (lemma == nullptr) return;
    for (const auto& [pos, slot] : slots) {
      if (Produces(text, pos, slot, word)) offer(lemma, pos, slot);
    }
  };
  auto strip = [&](std::string_view suffix, std::initializer_list<std::pair<Pos, Slot>> slots) {
    if (word.size() <= suffix.size() + 1 || !word.ends_with(suffix)) return;
    const std::string_view stem = word.substr(0, word.size() - suffix.size());
    try_base(stem, "", slots);
    try_base(stem, "e", slots);
    if (stem.back() == 'i') try_base(stem.substr(0, stem.size() - 1), "y", slots);      // cities, tried
    if (stem.back() == 'y') try_base(stem.substr(0, stem.size() - 1), "ie", slots);     // lying
    if (stem.size() >= 2 && stem.back() == stem[stem.size() - 2]) {
      try_base(stem.substr(0, stem.size() - 1), "", slots);  // banned, bigger
    }
  };
  strip("s", {{Pos::kNoun, Slot::kPlural}, {Pos::kVerb, Slot::kThird}});
  strip("es", {{Pos::kNoun, Slot::kPlural}, {Pos::kVerb, Slot::kThird}});
  strip("ed", {{Pos::kVerb, Slot::kPast}, {Pos::kVerb, Slot::kParticiple}});
  strip("ing", {{Pos::kVerb, Slot::kGerund}});
  strip("er", {{Pos::kAdjective, Slot::kComparative}});
  strip("est", {{Pos::kAdjective, Slot::kSuperlative}});
}

void Thesaurus::Candidates(std::string_view word, std::vector<std::string>* out, size_t max) const {
  out->clear();
  if (max == 0 || word.empty()) return;
  struct Turn {
    Reading reading;
    std::string_view rest;  // the synonyms not taken yet
  };
  std::array<Turn, 24> turns;
  size_t turn_count = 0;
  ForEachReading(word, [&](const Reading& reading) {
    if (turn_count < turns.size()) turns[turn_count++] = {reading, SynonymsText(*reading.entry)};
  });
  bool more = true;
  while (more && out->size() < max) {
    more = false;
    for (size_t i = 0; i < turn_count && out->size() < max; ++i) {
      Turn& turn = turns[i];
      if (turn.rest.empty()) continue;
      more = true;
      const size_t comma = turn.rest.find(',');
      const std::string_view synonym = turn.rest.substr(0, comma);
      turn.rest = comma == std::string_view::npos ? std::string_view() : turn.rest.substr(comma + 1);
      Inflect(synonym, turn.reading.entry->pos, turn.reading.slot, [&](std::string_view form) {
        if (out->size() >= max || form == word) return;
        if (turn.reading.slot != Slot::kBase) {
          // Made by rule, so perhaps no word ("longers", "hurted": WordNet lists no exception
          // for verbs whose past is the base): only forms hunspell knows.
          const WordInfo info = LookUpWord(form);
          if (!info.known || info.name_only) return;
        }
        for (const std::string& existing : *out) {
          if (existing == form) return;
        }
        out->emplace_back(form);
      });
    }
  }
}

// Calls emit(synonym) for the synonyms of each of the lemma's parts of speech in turn.
template <typename Emit>
void Thesaurus::SynonymsInTurn(std::string_view lemma_text, Emit emit) const {
  const Lemma* lemma = FindLemma(lemma_text);
  if (lemma == nullptr) return;
  std::array<std::string_view, 8> rest;
  const size_t count = std::min<size_t>(lemma->entry_count, rest.size());
  for (size_t i = 0; i < count; ++i) rest[i] = SynonymsText(entries_[lemma->first_entry + i]);
  bool more = true;
  while (more) {
    more = false;
    for (size_t i = 0; i < count; ++i) {
      if (rest[i].empty()) continue;
      more = true;
      const size_t comma = rest[i].find(',');
      emit(rest[i].substr(0, comma));
      rest[i] = comma == std::string_view::npos ? std::string_view() : rest[i].substr(comma + 1);
    }
  }
}

void Thesaurus::Synonyms(std::string_view lemma, std::vector<std::string>* out) const {
  out->clear();
  SynonymsInTurn(lemma, [&](std::string_view synonym) {
    for (const std::string& existing : *out) {
      if (existing == synonym) return;
    }
    out->emplace_back(synonym);
  });
}

void Thesaurus::SynonymViews(std::string_view lemma, std::vector<std::string_view>* out) const {
  out->clear();
  SynonymsInTurn(lemma, [&](std::string_view synonym) {
    if (std::find(out->begin(), out->end(), synonym) == out->end()) out->push_back(synonym);
  });
}

void Thesaurus::Inflections(std::string_view lemma, Pos pos, Slot slot, std::vector<std::string>* out) const {
  out->clear();
  Inflect(lemma, pos, slot, [&](std::string_view form) {
    if (std::find(out->begin(), out->end(), form) == out->end()) out->emplace_back(form);
  });
}

bool Thesaurus::HasLemma(std::string_view lemma) const { return FindLemma(lemma) != nullptr; }

bool Thesaurus::IsTerm(std::span<const std::string> words) const { return FindTerm(words) != nullptr; }
bool Thesaurus::IsTerm(std::span<const std::string_view> words) const { return FindTerm(words) != nullptr; }

namespace {

double ParsePerMillion(std::string_view text) {
  double value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc() && value > 0 ? value : 0;
}

}  // namespace

double Thesaurus::TermFrequency(std::span<const std::string> words) const {
  const Term* term = FindTerm(words);
  return term == nullptr ? 0
                         : ParsePerMillion(terms_text_.substr(term->offset + term->size + 1, term->frequency_size));
}

double Thesaurus::TermFrequency(std::span<const std::string_view> words) const {
  const Term* term = FindTerm(words);
  return term == nullptr ? 0
                         : ParsePerMillion(terms_text_.substr(term->offset + term->size + 1, term->frequency_size));
}

}  // namespace unspin::internal
