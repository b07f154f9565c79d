#include "score/scorer.h"

#include <algorithm>
#include <charconv>
#include <array>
#include <cmath>
#include <cstdlib>
#include <string>
#include <limits>
#include <unordered_map>

namespace unspin::internal {
namespace {

// As printf's "%.3g" would write it (to_chars is specified so), without printf's cost: evidence
// of every candidate is written this way.
std::string Format(double value) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 3);
  return error == std::errc() ? std::string(buffer, end) : std::string("nan");
}

// The document as a stream of words (white space left out), for context conditions.
class DocumentView {
 public:
  DocumentView(std::span<const TokenId> ids, const std::vector<TokenId>& sentence_ends)
      : ids_(ids), sentence_ends_(sentence_ends) {}

  // True when `phrase` occurs with its word starting between word positions [from, to).
  bool Occurs(const std::vector<TokenId>& phrase, int max_gap, size_t from, size_t to) const {
    Index();
    if (phrase.empty()) return false;
    const auto& starts = positions_.find(phrase[0]);
    if (starts == positions_.end()) return false;
    for (size_t start : starts->second) {
      if (start < from || start >= to) continue;
      size_t position = start;
      bool complete = true;
      for (size_t k = 1; k < phrase.size() && complete; ++k) {
        complete = false;
        for (size_t next = position + 1; next < words_.size() && next <= position + 1 + max_gap; ++next) {
          if (words_[next] == phrase[k]) {
            position = next;
            complete = true;
            break;
          }
        }
      }
      if (complete) return true;
    }
    return false;
  }
  // Remembered per phrase (the dictionary's phrases outlive the document): many matches ask
  // about the same `doc:` phrases.
  bool OccursAnywhere(const std::vector<TokenId>& phrase, int max_gap) const {
    auto [it, inserted] = anywhere_.try_emplace(&phrase, false);
    if (inserted) it->second = Occurs(phrase, max_gap, 0, std::numeric_limits<size_t>::max());
    return it->second;
  }
  // True when `phrase` starts within kNearWindowWords words of the tokens [begin, end), in the
  // same sentence.
  bool OccursNear(const std::vector<TokenId>& phrase, int max_gap, uint32_t begin, uint32_t end) const {
    Index();
    const size_t first = word_of_token_[begin];
    const size_t last = word_of_token_[end - 1];
    size_t from = first;
    while (from > 0 && first - from < static_cast<size_t>(kNearWindowWords) && !EndsSentence(words_[from - 1])) --from;
    size_t to = last + 1;
    while (to < words_.size() && to - last <= static_cast<size_t>(kNearWindowWords) && !EndsSentence(words_[to])) ++to;
    return Occurs(phrase, max_gap, from, first) || Occurs(phrase, max_gap, last + 1, to);
  }

 private:
  void Index() const {
    if (indexed_) return;
    indexed_ = true;
    word_of_token_.resize(ids_.size());
    for (size_t i = 0; i < ids_.size(); ++i) {
      word_of_token_[i] = words_.size();
      if (ids_[i] == kSpaceToken || ids_[i] == kParagraphToken) continue;
      if (ids_[i] != kUnknownToken) positions_[ids_[i]].push_back(words_.size());
      words_.push_back(ids_[i]);
    }
  }

  bool EndsSentence(TokenId id) const {
    return std::find(sentence_ends_.begin(), sentence_ends_.end(), id) != sentence_ends_.end();
  }

  std::span<const TokenId> ids_;
  const std::vector<TokenId>& sentence_ends_;
  mutable bool indexed_ = false;
  mutable std::vector<TokenId> words_;
  mutable std::vector<size_t> word_of_token_;
  mutable std::unordered_map<TokenId, std::vector<size_t>> positions_;
  mutable std::unordered_map<const std::vector<TokenId>*, bool> anywhere_;
};

bool ContextHolds(const Entry& entry, const PhraseMatch& match, const DocumentView& document) {
  for (const ContextCondition& condition : entry.context) {
    const bool near = condition.kind == ContextCondition::Kind::kNear ||
                      condition.kind == ContextCondition::Kind::kNotNear;
    const bool found = std::any_of(condition.ids.begin(), condition.ids.end(), [&](const auto& phrase) {
      return near ? document.OccursNear(phrase, condition.max_gap, match.begin, match.end)
                  : document.OccursAnywhere(phrase, condition.max_gap);
    });
    const bool wanted = condition.kind == ContextCondition::Kind::kNear ||
                        condition.kind == ContextCondition::Kind::kInDocument;
    if (found != wanted) return false;
  }
  return true;
}

// The document's words (letters or digits) with the sentence and unit structure the language
// model and the spin rate need.
struct WordStream {
  std::vector<uint32_t> token;          // token index of each word
  std::vector<bool> sentence_start;     // a word that begins a sentence (or a line)
  std::vector<uint32_t> unit;           // unit of each word
  std::vector<uint32_t> unit_begin;     // first word of each unit; one extra entry at the end
  std::vector<uint32_t> word_of_token;  // first word at or after each token

  WordStream(std::string_view text, std::span<const Token> tokens) {
    word_of_token.resize(tokens.size() + 1);
    bool boundary = true;  // the next word starts a sentence
    bool line_break = true;
    for (size_t i = 0; i < tokens.size(); ++i) {
      word_of_token[i] = static_cast<uint32_t>(token.size());
      const Token& t = tokens[i];
      if (t.kind == TokenKind::kSpace) {
        if (text.substr(t.start, t.end - t.start).find('\n') != std::string_view::npos) {
          boundary = line_break = true;
        }
        continue;
      }
      if (t.kind == TokenKind::kPunctuation) {
        if (t.key == "." || t.key == "!" || t.key == "?" || t.key == ":" || t.key == ";") boundary = true;
        continue;
      }
      const uint32_t words_in_unit = unit_begin.empty() ? 0 : static_cast<uint32_t>(token.size()) - unit_begin.back();
      if (unit_begin.empty() || line_break || (boundary && words_in_unit >= kUnitWords) ||
          words_in_unit >= 2 * kUnitWords) {
        unit_begin.push_back(static_cast<uint32_t>(token.size()));
      }
      token.push_back(static_cast<uint32_t>(i));
      sentence_start.push_back(boundary);
      unit.push_back(static_cast<uint32_t>(unit_begin.size() - 1));
      boundary = line_break = false;
    }
    word_of_token[tokens.size()] = static_cast<uint32_t>(token.size());
    unit_begin.push_back(static_cast<uint32_t>(token.size()));
  }
  size_t size() const { return token.size(); }
};

// Splits an original ("parent company", "well-being") into lower-case words the way the
// tokenizer would see them.
std::vector<std::string> WordsOf(std::string_view phrase) {
  std::vector<std::string> words;
  std::string current;
  for (char c : phrase) {
    if (c == ' ' || c == '-' || c == '\t') {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  for (std::string& word : words) word = FoldKey(word);
  return words;
}

// A match joined to a word by a hyphen is part of a compound ("ill-informed"): never a candidate.
bool InsideCompound(std::span<const Token> tokens, const PhraseMatch& match) {
  auto is_joiner = [&](size_t i) { return tokens[i].kind == TokenKind::kPunctuation && tokens[i].key == "-"; };
  auto is_word = [&](size_t i) { return tokens[i].kind == TokenKind::kWord || tokens[i].kind == TokenKind::kNumber; };
  if (match.begin >= 2 && is_joiner(match.begin - 1) && is_word(match.begin - 2)) return true;
  if (match.end + 1 < tokens.size() && is_joiner(match.end) && is_word(match.end + 1)) return true;
  return false;
}

struct Option {
  uint32_t entry = 0;
  double lm_gain = 0;     // nats by which the LM prefers the original here (clamped)
  bool consistent = false;  // the original stands elsewhere in the document
  double odds_factor = 0;   // q(w|o) * LM ratio: the odds at spin rate 1/2
};

struct Candidate {
  size_t match = 0;
  uint32_t word_begin = 0, word_end = 0;
  uint32_t unit = 0;
  Family family = Family::kGeneric;
  std::vector<Option> options;
  double odds_factor = 0;  // the options' odds factors summed
};

// EM estimate of the share of candidates a spinner changed: each candidate is spun with odds
// rate/(1-rate) * odds_factor; a Beta(alpha, beta) prior keeps short texts near its mean.
// `untouched` more places were left as written.
double EstimateRate(const std::vector<double>& factors, size_t untouched, double alpha, double beta, double weight = 1) {
  double rate = alpha / (alpha + beta);
  if (factors.empty()) return rate;
  const double places = weight * static_cast<double>(factors.size() + untouched);
  for (int iteration = 0; iteration < 50; ++iteration) {
    double expected = 0;
    for (double factor : factors) expected += weight * rate * factor / (rate * factor + 1 - rate);
    const double next = (alpha + expected) / (alpha + beta + places);
    const bool settled = std::abs(next - rate) < 1e-5;
    rate = next;
    if (settled) break;
  }
  return rate;
}

}  // namespace

const ScoreModel& ScoreModel::Default() {
  static const ScoreModel model = [] {
    ScoreModel m;
    const char* overrides = std::getenv("UNSPIN_SCORE_MODEL");
    if (!overrides) return m;
    const std::pair<const char*, double*> fields[] = {
        {"reference_rate", &m.reference_rate}, {"lm_weight", &m.lm_weight},       {"lm_clamp", &m.lm_clamp},
        {"rate_alpha", &m.rate_alpha},         {"rate_beta", &m.rate_beta},       {"spun_window_prior", &m.spun_window_prior},
        {"test_rate", &m.test_rate},           {"consistency_gain", &m.consistency_gain},
        {"prior_weight", &m.prior_weight},     {"unigram_weight", &m.unigram_weight},
        {"rate_weight", &m.rate_weight},       {"bias", &m.bias}, {"decision_offset", &m.decision_offset}, {"cautious_rate", &m.cautious_rate},
        {"rate_evidence_cap", &m.rate_evidence_cap}, {"thesaurus_log_q", &m.thesaurus_log_q},
        {"thesaurus_min_gain", &m.thesaurus_min_gain}, {"thesaurus_min_rate", &m.thesaurus_min_rate},
        {"thesaurus_unigram_weight", &m.thesaurus_unigram_weight}, {"tortured_bias", &m.tortured_bias},
        {"tortured_lm_weight", &m.tortured_lm_weight}, {"tortured_min_association", &m.tortured_min_association},
        {"tortured_neighbor_gain", &m.tortured_neighbor_gain}, {"consistency_words", &m.consistency_words}, {"tortured_neighbor_words", &m.tortured_neighbor_words},
        {"window_evidence_words", &m.window_evidence_words},
        {"length_unigram_weight", &m.length_unigram_weight}, {"report_floor", &m.report_floor}, {"thesaurus_max_synonyms", &m.thesaurus_max_synonyms}, {"tortured_swap_gain", &m.tortured_swap_gain},
        {"tortured_term_gain", &m.tortured_term_gain}, {"tortured_all_changed_gain", &m.tortured_all_changed_gain}};
    std::string_view rest = overrides;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string_view item = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      const size_t equals = item.find('=');
      if (equals == std::string_view::npos) continue;
      const std::string name(item.substr(0, equals));
      const double value = std::atof(std::string(item.substr(equals + 1)).c_str());
      if (name == "window_words") m.window_words = static_cast<int>(value);
      for (const auto& [field, target] : fields) {
        if (name == field) *target = value;
      }
    }
    return m;
  }();
  return model;
}

void ScoreCache::Follow(const Dictionary* d, const LanguageModel* lm, const Thesaurus* t) {
  // The entries' address and count too: a dictionary freed and another built in its place.
  const Entry* first = d->entries().data();
  const size_t count = d->entries().size();
  if (dictionary == d && language_model == lm && thesaurus == t && entries == first && entry_total == count) return;
  *this = ScoreCache();
  dictionary = d;
  language_model = lm;
  thesaurus = t;
  entries = first;
  entry_total = count;
}

Family FamilyOf(const Entry& entry) {
  if (entry.category == "tortured") return Family::kScience;
  if (entry.source.starts_with("wild:A")) return Family::kA;
  if (entry.source.starts_with("wild:B")) return Family::kB;
  if (entry.source.starts_with("wild:C")) return Family::kC;
  if (entry.location.find("family-a.tsv") != std::string::npos) return Family::kA;
  if (entry.location.find("family-b.tsv") != std::string::npos) return Family::kB;
  // The seed article was spun by family A.
  if (entry.location.find("news/seed.tsv") != std::string::npos) return Family::kA;
  return Family::kGeneric;
}

const char* FamilyName(Family family) {
  switch (family) {
    case Family::kA: return "A";
    case Family::kB: return "B";
    case Family::kC: return "C";
    case Family::kScience: return "science";
    case Family::kGeneric: break;
  }
  return "any";
}

double Logit(double p) {
  p = std::clamp(p, 1e-6, 1 - 1e-6);
  return std::log(p / (1 - p));
}

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

// Words as white space separates them ("well-known" is one), as the decision layer was fitted.
int SpacedWords(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

namespace {
#include "score/decision_weights.inc"
}  // namespace

double NearThreshold(double log_odds, double offset) {
  // Full where the layer is between even and 1 log-odds above, tapering to none 1 log-odds
  // further out on either side: the slope stays above 1 - offset, so the order is kept.
  double share = 0;
  if (log_odds > -1 && log_odds < 0) share = log_odds + 1;
  if (log_odds >= 0 && log_odds <= 1) share = 1;
  if (log_odds > 1 && log_odds < 2) share = 2 - log_odds;
  return log_odds - offset * share;
}

double DecisionLogOdds(const DecisionFeatures& f) {
  const double lw = Logit(f.window_rate);
  const double gain = std::clamp(f.lm_gain, -8.0, 8.0);
  // The window rate's logit enters piecewise linear (knots at -5, -4, -3, -2), as fitted.
  const double x[] = {1,
                      std::min(lw, -5.0) + 5,
                      std::clamp(lw, -5.0, -4.0) + 5,
                      std::clamp(lw, -4.0, -3.0) + 4,
                      std::clamp(lw, -3.0, -2.0) + 3,
                      std::max(lw, -2.0) + 2,
                      Logit(f.prior),
                      gain,
                      f.inflected ? 1.0 : 0.0,
                      f.consistent ? 1.0 : 0.0,
                      f.has_context ? 1.0 : 0.0,
                      std::min(f.words_before, 3) - 1.0,
                      std::min(f.words_after, 3) - 1.0,
                      f.has_alternatives ? 1.0 : 0.0,
                      f.signature ? 1.0 : 0.0,
                      f.idiom ? 1.0 : 0.0,
                      // where little was spun, a strong LM preference is mostly for the commoner word
                      std::max(0.0, gain) * std::max(0.0, -3 - lw)};
  static_assert(std::size(x) == std::size(kDecisionWeights), "decision_weights.inc and the features disagree");
  double sum = 0;
  for (size_t i = 0; i < std::size(x); ++i) sum += kDecisionWeights[i] * x[i];
  return sum;
}

DocumentScore Scorer::Score(std::string_view text, std::span<const Token> tokens, std::span<const TokenId> ids,
                            const std::vector<PhraseMatch>& matches, const std::vector<PhraseMatch>& original_matches,
                            std::vector<ScoredMatch>* out) const {
  out->clear();
  DocumentScore result;
  const DocumentView document(ids, dictionary_.sentence_end_ids());
  const auto& entries = dictionary_.entries();
  const WordStream words(text, tokens);

  // Language-model ids of the document's words, looked up only where a candidate needs them.
  constexpr int32_t kNotLooked = std::numeric_limits<int32_t>::min();
  std::vector<int32_t> lm_ids(language_model_ ? words.size() : 0, kNotLooked);
  auto lm_id = [&](uint32_t word) {
    if (lm_ids[word] == kNotLooked) {
      const Token& t = tokens[words.token[word]];
      lm_ids[word] = t.kind == TokenKind::kNumber ? LanguageModel::kUnknown : language_model_->Id(t.key);
    }
    return lm_ids[word];
  };
  // log P(original) - log P(observed) over the words the n-grams of the candidate touch.
  std::vector<int32_t> sequence;
  struct {
    uint32_t begin = 0, end = 0;  // the place last scored as written
    double in_context = 0, alone = 0;
  } observed_cache;
  observed_cache.end = 0;
  observed_cache.begin = 1;  // matches no place yet
  // `original_ids`: the original's words; a kUnknown among them leaves the model no say.
  auto lm_gain = [&](const Candidate& candidate, std::span<const int32_t> original_ids, double unigram_weight) {
    // A word the model does not know (a number, a rare name) costs a fixed amount on one side
    // only: the model has no say then.
    for (uint32_t w = candidate.word_begin; w < candidate.word_end; ++w) {
      if (lm_id(w) == LanguageModel::kUnknown) return 0.0;
    }
    for (int32_t id : original_ids) {
      if (id == LanguageModel::kUnknown) return 0.0;
    }
    const int context = language_model_->order() - 1;
    uint32_t left = candidate.word_begin;
    while (left > 0 && candidate.word_begin - left < static_cast<uint32_t>(context) && !words.sentence_start[left]) --left;
    uint32_t right = candidate.word_end;
    while (right < words.size() && right - candidate.word_end < static_cast<uint32_t>(context) &&
           !words.sentence_start[right]) {
      ++right;
    }
    bool starts_sentence = words.sentence_start[left];
    auto score = [&](auto&& middle) {
      sequence.clear();
      for (uint32_t w = left; w < candidate.word_begin; ++w) sequence.push_back(lm_id(w));
      const size_t from = sequence.size();
      middle();
      for (uint32_t w = candidate.word_end; w < right; ++w) sequence.push_back(lm_id(w));
      return language_model_->LogProb(sequence, from, sequence.size(), starts_sentence);
    };
    // The text as written scores the same for every original tried at this place.
    const bool same_place = observed_cache.begin == candidate.word_begin && observed_cache.end == candidate.word_end;
    if (!same_place) {
      observed_cache = {candidate.word_begin, candidate.word_end, score([&] {
                          for (uint32_t w = candidate.word_begin; w < candidate.word_end; ++w) sequence.push_back(lm_id(w));
                        }), std::numeric_limits<double>::quiet_NaN()};
    }
    const double observed = observed_cache.in_context;
    const double restored = score([&] { sequence.insert(sequence.end(), original_ids.begin(), original_ids.end()); });
    double gain = restored - observed;
    // Fewer words are always likelier: between wordings of different lengths only the context's
    // share of the preference counts.
    const size_t observed_length = candidate.word_end - candidate.word_begin;
    if (observed_length != original_ids.size()) unigram_weight = std::max(unigram_weight, model_.length_unigram_weight);
    if (unigram_weight != 0) {
      // The same two wordings with no context: what is left of the gain is the context's.
      left = candidate.word_begin;
      right = candidate.word_end;
      starts_sentence = false;
      if (std::isnan(observed_cache.alone)) {
        observed_cache.alone = score([&] {
          for (uint32_t w = candidate.word_begin; w < candidate.word_end; ++w) sequence.push_back(lm_id(w));
        });
      }
      const double observed_alone = observed_cache.alone;
      const double restored_alone =
          score([&] { sequence.insert(sequence.end(), original_ids.begin(), original_ids.end()); });
      gain -= unigram_weight * (restored_alone - observed_alone);
    }
    return std::clamp(gain, -model_.lm_clamp, model_.lm_clamp);
  };
  // The language-model ids of an entry's original, worked out once per thread.
  auto entry_lm_ids = [&](uint32_t index) -> std::span<const int32_t> {
    ScoreCache& cache = *cache_;
    if (cache.entry_first.size() <= index) {
      cache.entry_first.resize(entries.size(), -1);
      cache.entry_count.resize(entries.size(), 0);
    }
    if (cache.entry_first[index] < 0) {
      cache.entry_first[index] = static_cast<int32_t>(cache.entry_ids.size());
      const std::vector<std::string> words = WordsOf(entries[index].original);
      for (const std::string& word : words) cache.entry_ids.push_back(language_model_->Id(word));
      cache.entry_count[index] = static_cast<uint8_t>(std::min<size_t>(words.size(), 255));
      cache.entry_ids.resize(static_cast<size_t>(cache.entry_first[index]) + cache.entry_count[index]);
    }
    return std::span<const int32_t>(cache.entry_ids).subspan(static_cast<size_t>(cache.entry_first[index]),
                                                             cache.entry_count[index]);
  };
  // Whether a multi-word or capitalised original stands elsewhere in the document ("Project
  // Texas" beside a spun "Job Texas"): a name is kept the same across a document.
  // Indexed by dictionary id: an original's words are all in the dictionary's vocabulary.
  std::unordered_map<TokenId, std::vector<uint32_t>> positions_of_id;
  auto stands_elsewhere = [&](const std::vector<std::string>& original, const Candidate& candidate) {
    if (positions_of_id.empty()) {
      for (uint32_t w = 0; w < words.size(); ++w) {
        const TokenId id = ids[words.token[w]];
        if (id != kUnknownToken) positions_of_id[id].push_back(w);
      }
    }
    auto it = positions_of_id.find(dictionary_.vocabulary().Find(original.front()));
    if (it == positions_of_id.end()) return false;
    // Within an article's length either side, not anywhere in the file: in a long file of many
    // articles a name stands somewhere by chance, and a decision must not depend on that.
    const uint32_t reach = static_cast<uint32_t>(model_.consistency_words);
    const uint32_t from = candidate.word_begin > reach ? candidate.word_begin - reach : 0;
    const auto first = std::lower_bound(it->second.begin(), it->second.end(), from);
    const auto last = std::upper_bound(first, it->second.end(), candidate.word_end + reach);
    for (auto position = first; position != last; ++position) {
      const uint32_t start = *position;
      if (start >= candidate.word_begin && start < candidate.word_end) continue;
      if (start + original.size() > words.size()) continue;
      bool same = true;
      for (size_t k = 1; k < original.size() && same; ++k) same = tokens[words.token[start + k]].key == original[k];
      if (same) return true;
    }
    return false;
  };

  // Candidates: matches with at least one entry whose context conditions hold.
  const double reference = Logit(model_.reference_rate);
  std::vector<Candidate> candidates;
  std::vector<int32_t> candidate_of_match(matches.size(), -1);
  std::vector<std::string> original_words;
  for (size_t m = 0; m < matches.size(); ++m) {
    if (InsideCompound(tokens, matches[m])) continue;
    const Dictionary::Group& group = dictionary_.groups()[matches[m].phrase];
    Candidate candidate;
    candidate.match = m;
    candidate.word_begin = words.word_of_token[matches[m].begin];
    candidate.word_end = words.word_of_token[matches[m].end];
    if (candidate.word_end <= candidate.word_begin) continue;
    candidate.unit = words.unit[candidate.word_begin];
    double best_prior = -1;
    for (uint32_t index : group.entries) {
      const Entry& entry = entries[index];
      if (!ContextHolds(entry, matches[m], document)) continue;
      Option option;
      option.entry = index;
      if (std::all_of(entry.original.begin(), entry.original.end(), [](char c) { return c == ' ' || c == '-' || c == '\t'; })) {
        continue;  // no words
      }
      if (language_model_) option.lm_gain = lm_gain(candidate, entry_lm_ids(index), model_.unigram_weight);
      // Only names are kept the same across a document; "in the" stands everywhere anyway.
      const bool name_like = entry.category == "name" ||
                             std::any_of(entry.original.begin(), entry.original.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
      if (name_like) original_words = WordsOf(entry.original);
      option.consistent = name_like && stands_elsewhere(original_words, candidate);
      option.odds_factor = std::exp(model_.prior_weight * (Logit(entry.prior) - reference) + model_.lm_weight * option.lm_gain +
                                    (option.consistent ? model_.consistency_gain : 0));
      if (entry.prior > best_prior) {
        best_prior = entry.prior;
        candidate.family = FamilyOf(entry);
      }
      candidate.odds_factor += option.odds_factor;
      candidate.options.push_back(option);
    }
    if (candidate.options.empty()) {
      ScoredMatch scored;
      scored.match = matches[m];
      scored.evidence.push_back({"context", "no entry's context conditions hold here", 0});
      out->push_back(std::move(scored));
      continue;
    }
    candidate_of_match[m] = static_cast<int32_t>(candidates.size());
    candidates.push_back(std::move(candidate));
  }

  // Originals left as written, outside every candidate: per family, their word positions.
  std::vector<std::vector<uint32_t>> untouched(kFamilies);
  {
    size_t next_candidate = 0;
    for (const PhraseMatch& match : original_matches) {
      const uint32_t word = words.word_of_token[match.begin];
      const uint32_t word_end = words.word_of_token[match.end];
      while (next_candidate < candidates.size() && candidates[next_candidate].word_end <= word) ++next_candidate;
      if (next_candidate < candidates.size() && candidates[next_candidate].word_begin < word_end) continue;
      if (InsideCompound(tokens, match)) continue;
      uint32_t families = 1u << static_cast<int>(Family::kGeneric);
      for (uint32_t index : dictionary_.original_entries()[match.phrase]) families |= 1u << static_cast<int>(FamilyOf(entries[index]));
      for (int f = 0; f < kFamilies; ++f) {
        if (families & (1u << f)) untouched[f].push_back(word);
      }
    }
  }
  auto untouched_in = [&](uint32_t from, uint32_t to, Family family) {
    const auto& positions = untouched[static_cast<size_t>(family)];
    return static_cast<size_t>(std::lower_bound(positions.begin(), positions.end(), to) -
                               std::lower_bound(positions.begin(), positions.end(), from));
  };

  // Spin rates per unit and family: the larger of the unit's own estimate and its window's.
  const size_t units = words.unit_begin.size() - 1;
  auto window_of = [&](uint32_t unit) {
    const uint32_t begin_word = words.unit_begin[unit];
    const uint32_t end_word = words.unit_begin[unit + 1];
    const uint32_t from = begin_word > static_cast<uint32_t>(model_.window_words) ? begin_word - model_.window_words : 0;
    const uint32_t to = end_word + static_cast<uint32_t>(model_.window_words);
    return std::pair{from, to};
  };
  // Candidates whose first word lies in [from, to), as an index range (candidates are in order).
  auto candidates_in = [&](uint32_t from, uint32_t to) {
    auto first = std::lower_bound(candidates.begin(), candidates.end(), from,
                                  [](const Candidate& c, uint32_t w) { return c.word_begin < w; });
    auto last = std::lower_bound(first, candidates.end(), to,
                                 [](const Candidate& c, uint32_t w) { return c.word_begin < w; });
    return std::pair{first - candidates.begin(), last - candidates.begin()};
  };
  std::vector<double> factors;
  const double rate_factor_cap = std::exp(std::min(model_.rate_evidence_cap, 700.0));
  auto rate_over = [&](uint32_t from, uint32_t to, Family family) {
    factors.clear();
    const double span = static_cast<double>(std::min<size_t>(to, words.size()) - std::min<size_t>(from, words.size()));
    const double weight = model_.window_evidence_words > 0 && span > model_.window_evidence_words
                              ? model_.window_evidence_words / span : 1.0;
    const auto [first, last] = candidates_in(from, to);
    for (auto c = first; c < last; ++c) {
      if (family == Family::kGeneric || candidates[c].family == family) {
        factors.push_back(std::min(candidates[c].odds_factor, rate_factor_cap));
      }
    }
    return EstimateRate(factors, untouched_in(from, to, family), model_.rate_alpha, model_.rate_beta, weight);
  };
  struct Rate {
    double unit = -1, window = -1;
    double value() const { return std::max(unit, window); }
  };
  std::vector<Rate> rates(units * kFamilies);
  auto rate_of = [&](uint32_t unit, Family family) -> const Rate& {
    Rate& rate = rates[unit * kFamilies + static_cast<size_t>(family)];
    if (rate.unit < 0) {
      rate.unit = rate_over(words.unit_begin[unit], words.unit_begin[unit + 1], family);
      const auto [from, to] = window_of(unit);
      rate.window = rate_over(from, to, family);
    }
    return rate;
  };

  // The spin rate's part of a decision's odds.
  auto rate_odds = [&](double pi) { return std::exp(model_.bias + model_.rate_weight * Logit(pi)); };

  // Each candidate's posterior. The options are ranked by the noisy channel's odds; the best
  // one's probability is the decision layer's (see DecisionLogOdds), and each alternative keeps
  // its share of the odds beside it.
  for (size_t m = 0; m < matches.size(); ++m) {
    if (candidate_of_match[m] < 0) continue;
    const Candidate& candidate = candidates[static_cast<size_t>(candidate_of_match[m])];
    const Rate& rate = rate_of(candidate.unit, candidate.family);
    const double pi = rate.value();
    std::vector<std::pair<double, const Option*>> ranked;
    for (const Option& option : candidate.options) ranked.push_back({option.odds_factor, &option});
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    {
      const Option& top = *ranked.front().second;
      const Entry& top_entry = entries[top.entry];
      const PhraseMatch& match = matches[m];
      DecisionFeatures f;
      f.window_rate = pi;  // the larger of the passage's and the window's: see Rate
      f.prior = top_entry.prior;
      f.lm_gain = top.lm_gain;
      f.inflected = top_entry.inflected;
      f.consistent = top.consistent;
      f.has_context = !top_entry.context.empty();
      f.words_before = SpacedWords(text.substr(tokens[match.begin].start, tokens[match.end - 1].end - tokens[match.begin].start));
      f.words_after = SpacedWords(top_entry.original);
      f.has_alternatives = ranked.size() > 1;
      f.signature = top_entry.category == "signature";
      f.idiom = top_entry.category == "idiom";
      double best = Sigmoid(NearThreshold(DecisionLogOdds(f), model_.decision_offset));
      if (pi < model_.cautious_rate && best >= 0.5) {
        // Where little looks spun, the generated sets hold too little clean text like it for
        // the fit to be trusted to apply a change: the hand-set noisy channel must agree, and
        // when it does not, its more cautious confidence is the one reported.
        const double prior_odds = rate_odds(pi);
        const double cautious = prior_odds * ranked.front().first / (1 + prior_odds * candidate.odds_factor);
        if (cautious < 0.5) best = cautious;
      }
      const double top_odds = ranked.front().first;
      for (auto& [confidence, option] : ranked) {
        confidence = top_odds > 0 ? best * option->odds_factor / top_odds : 0;
        // Wording whose prior says "more likely spun than not" (ungrammatical, a known
        // fingerprint) does not occur in clean English: it is never rated below its prior.
        const double prior = entries[option->entry].prior;
        if (prior >= 0.5) confidence = std::max(confidence, prior);
      }
      std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    }

    ScoredMatch scored;
    scored.match = matches[m];
    const Option& best = *ranked.front().second;
    const Entry& entry = entries[best.entry];
    scored.entry = static_cast<int32_t>(best.entry);
    scored.original = entry.original;
    scored.rule = "dict:" + entry.location;
    scored.category = entry.category;
    scored.confidence = ranked.front().first;
    scored.evidence.push_back({"prior", "entry " + entry.location + " (" + entry.category + ", " + entry.source +
                                            ") gives prior " + Format(entry.prior),
                               entry.prior});
    scored.evidence.push_back({"spin_rate", std::string("local spin rate (spinner family ") + FamilyName(candidate.family) +
                                                "): " + Format(rate.unit) + " in this passage, " + Format(rate.window) +
                                                " around it",
                               pi});
    if (language_model_) {
      scored.evidence.push_back({"lm_gain", "the language model prefers \"" + entry.original + "\" here by " +
                                                Format(best.lm_gain) + " nats (negative: it prefers the text as written)",
                                 best.lm_gain});
    }
    if (best.consistent) {
      scored.evidence.push_back({"consistency", "\"" + entry.original + "\" also stands within " + std::to_string(static_cast<int>(model_.consistency_words)) + " words of it", 1});
    }
    if (!entry.context.empty()) scored.evidence.push_back({"context", "the entry's context conditions hold", 1});
    if (entry.inflected) {
      scored.evidence.push_back({"inflection", "inflected form of the entry written at " + entry.location, 1});
    }
    for (size_t k = 1; k < ranked.size(); ++k) {
      scored.alternatives.push_back({entries[ranked[k].second->entry].original, ranked[k].first});
    }
    out->push_back(std::move(scored));
  }
  // Candidates beyond the dictionary: in passages a spinner has clearly been through, a word
  // whose thesaurus synonym the language model much prefers there. They are decided by the same
  // rule with a small q(w|o), and do not feed the spin rate (that would feed on itself).
  if (language_model_ && thesaurus_) {
    std::vector<bool> taken(words.size(), false);
    for (const Candidate& candidate : candidates) {
      for (uint32_t w = candidate.word_begin; w < candidate.word_end; ++w) taken[w] = true;
    }
    for (const ScoredMatch& scored : *out) {  // matches whose context conditions failed
      for (uint32_t w = words.word_of_token[scored.match.begin]; w < words.word_of_token[scored.match.end]; ++w) taken[w] = true;
    }
    // A tortured phrase may be found over words that only a weak dictionary match covers:
    // "factual examination" is "statistical analysis", not "factual exam" held at 0.01.
    const size_t dictionary_matches = out->size();
    std::vector<bool> tortured_blocked(taken);
    {
      std::vector<bool> weak(words.size(), false), strong(words.size(), false);
      for (const ScoredMatch& scored : *out) {
        // Only a match whose entries are unconditional: whether a condition holds can depend on
        // text far away (doc:), and a decision must not; a failed one says more than the search.
        const auto& group = dictionary_.groups()[scored.match.phrase];
        const bool conditional = std::any_of(group.entries.begin(), group.entries.end(),
                                             [&](uint32_t e) { return !entries[e].context.empty(); });
        const bool can_yield = scored.confidence < 0.5 && !scored.original.empty() && !conditional;
        for (uint32_t w = words.word_of_token[scored.match.begin]; w < words.word_of_token[scored.match.end]; ++w) {
          (can_yield ? weak : strong)[w] = true;
        }
      }
      for (uint32_t w = 0; w < words.size(); ++w) tortured_blocked[w] = taken[w] && (strong[w] || !weak[w]);
    }
    std::vector<bool> displaced(dictionary_matches, false);
    struct Found {
      size_t index;       // in *out
      uint32_t word;      // its first word
      double log_odds;    // with the first pass's finds around it, in the second pass
      int counted;        // how many of those it counts (at most 2)
    };
    std::vector<Found> found;
    // A plain lower-case word the thesaurus may know (names and numbers are left alone).
    auto is_plain_word = [&](uint32_t w) {
      const Token& token = tokens[words.token[w]];
      if (token.kind != TokenKind::kWord || token.key.size() < 3) return false;
      const std::string_view surface = text.substr(token.start, token.end - token.start);
      if (!words.sentence_start[w] && surface.front() >= 'A' && surface.front() <= 'Z') return false;
      if (std::any_of(surface.begin() + 1, surface.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) return false;
      return !InsideCompound(tokens, PhraseMatch{words.token[w], words.token[w] + 1, 0});
    };
    std::vector<uint8_t> plain(words.size());
    for (uint32_t w = 0; w < words.size(); ++w) plain[w] = !tortured_blocked[w] && is_plain_word(w);
    auto plain_word = [&](uint32_t w) { return plain[w] != 0; };

    // Tortured phrases: paper mills swap each word of a technical term for a synonym
    // ("counterfeit consciousness"). Two or three words the LM has never seen together, whose
    // per-word synonyms make an established term, become candidates for that term.
    // What the search needs of each word, worked out once however many phrases it is tried in:
    // the word, the swaps paper mills are known to make from it, its thesaurus synonyms, and for
    // each of those whether it is a word of some term (or, as a phrase's last word, the plural of
    // one), whether it is a known swap, and its LM id.
    using SearchWord = ScoreCache::SearchWord;
    constexpr size_t kMostOptions = 8;
    // Kept per word form and thread: most of a text's words are a few common forms. Bounded, so
    // memory stays flat however much is cleaned.
    auto& search_cache = cache_->search_words;
    auto search_word = [&](uint32_t w) -> const SearchWord& {
      const std::string& key = tokens[words.token[w]].key;
      if (auto it = search_cache.find(key); it != search_cache.end()) return it->second;
      SearchWord& word = search_cache[key];
      word.words.assign(1, key);
      const auto* learned = dictionary_.TorturedSwaps(key);
      if (learned) {
        for (size_t i = 0; i < learned->size() && i < kMostOptions; ++i) word.words.push_back((*learned)[i].first);
      }
      word.swaps = word.words.size() - 1;
      std::vector<std::string> synonyms;
      thesaurus_->Candidates(key, &synonyms, kMostOptions);
      for (std::string& synonym : synonyms) word.words.push_back(std::move(synonym));
      for (size_t i = 0; i < word.words.size(); ++i) {
        const std::string& option = word.words[i];
        word.term_word.push_back(thesaurus_->IsTermWord(option) || dictionary_.IsTermOriginalWord(option));
        word.plural_of_term_word.push_back(option.size() > 3 && option.back() == 's' &&
                                           thesaurus_->IsTermWord(std::string_view(option).substr(0, option.size() - 1)));
        word.learned_swap.push_back(i > 0 && learned && std::any_of(learned->begin(), learned->end(), [&](const auto& p) {
                                      return p.first == option;
                                    }));
        word.ids.push_back(language_model_->Id(option));
        word.hash.push_back(TermPairFilter::Hash(option));
        word.singular_hash.push_back(option.size() > 3 && option.back() == 's'
                                         ? TermPairFilter::Hash(std::string_view(option).substr(0, option.size() - 1))
                                         : 0);
      }
      return word;
    };
    if (!cache_->term_pairs_built) {
      cache_->term_pairs_built = true;
      thesaurus_->ForEachTerm([&](std::string_view term) { cache_->term_pairs.AddTerm(term); });
      dictionary_.ForEachTermOriginal([&](std::string_view term) { cache_->term_pairs.AddTerm(term); });
    }
    const TermPairFilter& term_pairs = cache_->term_pairs;
    // The options tried for each word of a phrase: indices into its SearchWord's words.
    std::vector<std::vector<uint32_t>> options(4);
    std::vector<std::vector<bool>> term_word(4);
    std::vector<std::string_view> combination;  // views into the search words (valid for a phrase)
    std::vector<int32_t> combination_ids;
    // Words w and w + 1 with only a space between them.
    auto adjacent = [&](uint32_t w) {
      return words.token[w + 1] == words.token[w] + 2 && tokens[words.token[w] + 1].kind == TokenKind::kSpace &&
             !words.sentence_start[w + 1];
    };
    // Words paper mills are known to swap, looked up once per word.
    std::vector<bool> swappable(words.size());
    // (A word no entry contains is no tortured phrase's either: no lookup for it.)
    for (uint32_t w = 0; w < words.size(); ++w) {
      swappable[w] = plain[w] && ids[words.token[w]] != kUnknownToken &&
                     dictionary_.TorturedSwaps(tokens[words.token[w]].key) != nullptr;
    }
    // Other phrases the search finds nearby are evidence (see below). Two passes: the second
    // searches again with the first pass's finds as that evidence, only around them (where a
    // phrase too weak to list alone may now be). The dictionary's tortured phrases are not
    // counted again here: they are in the document's rate already.
    const auto reach = static_cast<uint32_t>(model_.tortured_neighbor_words);
    auto count_near = [&](const std::vector<uint32_t>& sorted, uint32_t w) {
      const auto low = std::lower_bound(sorted.begin(), sorted.end(), w > reach ? w - reach : 0);
      const auto high = std::upper_bound(sorted.begin(), sorted.end(), w + reach);
      return static_cast<int>(high - low) - static_cast<int>(std::binary_search(low, high, w));
    };
    std::vector<uint32_t> first_pass;  // first words of the first pass's finds, ascending
    for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1) {
      if (found.empty()) break;
      for (const Found& one : found) first_pass.push_back(one.word);
    }
    for (uint32_t w = 0; w + 1 < words.size(); ++w) {
      const int boost = std::min(count_near(first_pass, w), 2);  // 0 throughout the first pass
      if (pass == 1 && boost == 0) continue;
      if (tortured_blocked[w] || tortured_blocked[w + 1] || !adjacent(w) || !plain_word(w) || !plain_word(w + 1)) continue;
      // The longest phrase first: "light radiating diode" is one term, not "light emitting" + a word.
      uint32_t longest = 2;
      while (longest < 4 && w + longest < words.size() && !tortured_blocked[w + longest] && adjacent(w + longest - 1) &&
             plain_word(w + longest)) {
        ++longest;
      }
      // Only where a word is one paper mills are known to swap (cheap, and nearly every term
      // found needs one): the search is the costliest part of scoring.
      int most_swaps = 0;
      for (uint32_t k = 0; k < longest; ++k) most_swaps += swappable[w + k];
      if (most_swaps == 0) continue;
      if (language_model_->HasBigram(lm_id(w), lm_id(w + 1))) continue;
      Candidate candidate;
      candidate.word_begin = w;
      candidate.unit = words.unit[w];
      const Rate& rate = rate_of(candidate.unit, Family::kScience);
      // A document with other tortured phrases makes this one likelier.
      const double document = std::max(0.0, model_.rate_weight * (Logit(rate.value()) - Logit(model_.rate_alpha / (model_.rate_alpha + model_.rate_beta)))) +
                              model_.tortured_neighbor_gain * boost;
      double best_gain = 0, best_strength = 0;
      uint32_t best_mask = 0;     // the words the best term changes
      double best_context = 0;    // what the LM and the term's standing give it
      int best_learned = 0;
      std::vector<std::string> best;
      // What the strongest phrase here could reach: a swap paper mills are known to make in each
      // word that has one, every word changed, the LM's strongest preference. When only an
      // original of the dictionary's tortured phrases could be listed (its term gain on top),
      // one must have a known swap's original in the right place, or there is nothing to find.
      const double strongest = model_.tortured_bias + model_.tortured_swap_gain * most_swaps +
                               model_.tortured_all_changed_gain + model_.tortured_lm_weight * model_.lm_clamp + document;
      if (Sigmoid(strongest + model_.tortured_term_gain) < model_.report_floor) continue;
      if (Sigmoid(strongest) < model_.report_floor) {
        bool fits = false;
        for (uint32_t k = 0; k < longest && !fits; ++k) {
          const auto* learned = swappable[w + k] ? dictionary_.TorturedSwaps(tokens[words.token[w + k]].key) : nullptr;
          if (!learned) continue;
          for (size_t i = 0; i < learned->size() && !fits; ++i) {
            for (uint32_t length = std::max<uint32_t>(2, k + 1); length <= longest && !fits; ++length) {
              fits = dictionary_.TermOriginalHas((*learned)[i].first, k, length);
            }
          }
        }
        if (!fits) continue;
      }
      // Entries are only dropped between phrases: within one, the references below stay valid.
      if (search_cache.size() >= 16384) search_cache.clear();
      std::array<const SearchWord*, 4> phrase_words{};
      for (uint32_t k = 0; k < longest; ++k) phrase_words[k] = &search_word(w + k);
      bool found_longer = false;  // a term of more than two words, listable or not
      for (uint32_t length = longest; length >= 2; --length) {
        candidate.word_end = w + length;
        std::vector<std::string> observed;
        for (uint32_t k = 0; k < length; ++k) observed.push_back(tokens[words.token[w + k]].key);
        if (thesaurus_->IsTerm(std::span<const std::string>(observed))) break;  // already a term
        // Each word as written, the swaps paper mills are known to make first, then the
        // thesaurus's synonyms: fewer per word the longer the phrase.
        const size_t room = length == 2 ? 8 : length == 3 ? 5 : 3;
        // Which options can be a word of a term at all (the last one also as a plural): only
        // combinations of those are looked up as terms; the others can only make a collocation.
        bool hopeless = false;
        for (uint32_t k = 0; k < length; ++k) {
          const SearchWord& word = *phrase_words[k];
          options[k].assign(1, 0);
          for (size_t i = 1; i <= word.swaps && options[k].size() <= room; ++i) options[k].push_back(static_cast<uint32_t>(i));
          const size_t wanted = room + 1 - std::min(room, options[k].size());
          for (size_t i = word.swaps + 1; i < word.words.size() && i < word.swaps + 1 + wanted; ++i) {
            const bool seen = std::any_of(options[k].begin(), options[k].end(),
                                          [&](uint32_t o) { return word.words[o] == word.words[i]; });
            if (!seen) options[k].push_back(static_cast<uint32_t>(i));
          }
          term_word[k].clear();
          for (uint32_t o : options[k]) term_word[k].push_back(word.term_word[o] || (k + 1 == length && word.plural_of_term_word[o]));
          if (length > 2 && std::find(term_word[k].begin(), term_word[k].end(), true) == term_word[k].end()) hopeless = true;
        }
        if (hopeless) continue;
        // Every combination but the text itself.
        std::vector<size_t> pick(length, 0);
        std::string joined;
        while (true) {
          size_t k = 0;
          while (k < length && ++pick[k] == options[k].size()) pick[k++] = 0;
          if (k == length) break;
          bool term_words = true;
          for (uint32_t i = 0; i < length && term_words; ++i) term_words = term_word[i][pick[i]];
          if (term_words) {  // the filter's word on the first two (the second as a plural, when last)
            const SearchWord& first = *phrase_words[0];
            const SearchWord& second = *phrase_words[1];
            const uint32_t a = options[0][pick[0]], b = options[1][pick[1]];
            term_words = term_pairs.MayStartTerm(first.hash[a], second.hash[b]) ||
                         (length == 2 && second.singular_hash[b] != 0 &&
                          term_pairs.MayStartTerm(first.hash[a], second.singular_hash[b]));
          }
          if (!term_words && length > 2) continue;
          // Evidence: each changed word a swap paper mills are known to make, the term one the
          // dictionary's tortured phrases stand for, and the LM's preference. A combination that
          // could not be listed even with the LM's strongest preference is not looked up.
          int learned_swaps = 0, changed = 0;
          for (uint32_t i = 0; i < length; ++i) {
            changed += pick[i] != 0;
            learned_swaps += phrase_words[i]->learned_swap[options[i][pick[i]]];
          }
          const double fixed_strength = model_.tortured_swap_gain * learned_swaps +
                                        (changed == static_cast<int>(length) ? model_.tortured_all_changed_gain : 0);
          // Whether it could be listed as a term at all, and as one of the dictionary's originals.
          const double strongest_here = model_.tortured_bias + fixed_strength + model_.tortured_lm_weight * model_.lm_clamp + document;
          const bool listable_term = Sigmoid(strongest_here) >= model_.report_floor;
          const bool listable_original = Sigmoid(strongest_here + model_.tortured_term_gain) >= model_.report_floor;
          // A longer term hides the shorter ones inside it even when it is too weak to list, so
          // until one is found those are looked up too (few are: every word must be a term's).
          const bool hiding_search = length > 2 && !found_longer;
          if (!listable_original && !hiding_search) continue;
          combination_ids.clear();
          for (uint32_t i = 0; i < length; ++i) combination_ids.push_back(phrase_words[i]->ids[options[i][pick[i]]]);
          // The words themselves only where they can make a term (the search's costliest part).
          bool original = false;
          if (term_words) {
            combination.clear();
            for (uint32_t i = 0; i < length; ++i) combination.push_back(phrase_words[i]->words[options[i][pick[i]]]);
            joined.clear();
            for (std::string_view word : combination) joined.append(joined.empty() ? "" : " ").append(word);
            original = dictionary_.IsTermOriginal(joined);
          }
          bool term = original;
          if (!term && term_words && (listable_term || hiding_search)) {
            term = thesaurus_->IsTerm(std::span<const std::string_view>(combination));
            if (!term && combination.back().size() > 3 && combination.back().back() == 's') {
              std::vector<std::string_view> lemma_form(combination.begin(), combination.end());
              lemma_form.back().remove_suffix(1);  // "neural networks": the term is written singular
              term = thesaurus_->IsTerm(std::span<const std::string_view>(lemma_form));
            }
          }
          // Or a pair the language model knows as a collocation: the words go together far more
          // often than chance ("signal processing", "big data").
          if (!term && length == 2 && listable_term) {
            const int32_t pair[2] = {phrase_words[0]->ids[options[0][pick[0]]], phrase_words[1]->ids[options[1][pick[1]]]};
            if (language_model_->HasBigram(pair[0], pair[1])) {
              const double together = language_model_->LogProb(pair, 1, 2, false);
              const double apart = language_model_->LogProb(std::span<const int32_t>(pair + 1, 1), 0, 1, false);
              term = together - apart >= model_.tortured_min_association;
            }
          }
          if (!term) continue;
          if (!term_words) {  // a collocation: its words are wanted now
            combination.clear();
            for (uint32_t i = 0; i < length; ++i) combination.push_back(phrase_words[i]->words[options[i][pick[i]]]);
          }
          found_longer = length > 2;
          if (!(original ? listable_original : listable_term)) continue;
          const double gain = lm_gain(candidate, combination_ids, 0);
          const double strength = model_.tortured_lm_weight * gain + fixed_strength + (original ? model_.tortured_term_gain : 0);
          // Of two terms, one changing only some of the words the other changes wins unless the
          // context prefers the other: a word is changed only where the context asks for it
          // ("energy proficiency" is "energy efficiency", not "fuel efficiency"), not merely
          // because the swap is one paper mills make.
          uint32_t mask = 0;
          for (uint32_t i = 0; i < length; ++i) mask |= static_cast<uint32_t>(pick[i] != 0) << i;
          const double context = model_.tortured_lm_weight * gain + (original ? model_.tortured_term_gain : 0);
          const bool fewer = !best.empty() && (mask & best_mask) == mask && mask != best_mask && context >= best_context;
          const bool more = !best.empty() && (mask & best_mask) == best_mask && mask != best_mask && context <= best_context;
          if (best.empty() || fewer || (!more && strength > best_strength)) {
            best_mask = mask;
            best_context = context;
            best_strength = strength;
            best_gain = gain;
            best_learned = learned_swaps;
            best.assign(combination.begin(), combination.end());
            candidate.word_end = w + length;
          }
        }
        if (!best.empty() || found_longer) break;
      }
      if (best.empty()) continue;
      const uint32_t length = static_cast<uint32_t>(best.size());
      // Too weak to list: reports stay the size of what could matter.
      if (Sigmoid(model_.tortured_bias + best_strength + document) < model_.report_floor) continue;
      const PhraseMatch phrase{words.token[w], words.token[w + length - 1] + 1, std::numeric_limits<uint32_t>::max()};
      // The dictionary's own entry for this very phrase stands: it says more than the search.
      const bool listed = std::any_of(out->begin(), out->begin() + static_cast<std::ptrdiff_t>(dictionary_matches), [&](const ScoredMatch& m) {
        return m.category == "tortured" && m.match.begin == phrase.begin && m.match.end == phrase.end;
      });
      if (listed) continue;
      ScoredMatch scored;
      scored.match = phrase;
      std::string term;
      for (const std::string& word : best) term += (term.empty() ? "" : " ") + word;
      std::string spun;
      for (uint32_t k = 0; k < length; ++k) spun += (k ? " " : "") + tokens[words.token[w + k]].key;
      scored.original = term;
      scored.rule = "tortured-phrase";
      scored.category = "tortured";
      scored.confidence = Sigmoid(model_.tortured_bias + best_strength + document);
      scored.evidence.push_back({"term", "\"" + term + "\" is an established term (WordNet, or a collocation the "
                                             "language model knows), and each word of \"" + spun +
                                             "\" is a thesaurus synonym of its word",
                                 1});
      scored.evidence.push_back({"unseen", "the language model has never seen the first two words of \"" + spun + "\" together", 1});
      scored.evidence.push_back({"lm_gain", "the language model prefers \"" + term + "\" here by " + Format(best_gain) + " nats",
                                 best_gain});
      scored.evidence.push_back({"learned_swaps", std::to_string(best_learned) +
                                                      " of its word swaps are ones the dictionary's tortured phrases make",
                                 static_cast<double>(best_learned)});
      scored.evidence.push_back({"spin_rate", "local rate of tortured phrases: " + Format(rate.value()), rate.value()});
      found.push_back({out->size(), w, model_.tortured_bias + best_strength + document, boost});
      out->push_back(std::move(scored));
      for (uint32_t k = 0; k < length; ++k) taken[w + k] = tortured_blocked[w + k] = true;
      const uint32_t first = words.token[w], last = words.token[w + length - 1] + 1;
      for (size_t i = 0; i < dictionary_matches; ++i) {
        const PhraseMatch& match = (*out)[i].match;
        if (match.begin < last && first < match.end) displaced[i] = true;
      }
    }
    }  // passes
    // Paper mills run whole papers through the spinner: other tortured phrases close by make each
    // one likelier. Counted within a window of words, so a long file decides as its parts would.
    if (!found.empty()) {
      std::vector<uint32_t> all;  // both passes' finds
      for (const Found& one : found) all.push_back(one.word);
      std::sort(all.begin(), all.end());
      for (const Found& one : found) {
        const int nearby = count_near(all, one.word);
        if (nearby == 0) continue;
        ScoredMatch& scored = (*out)[one.index];
        scored.confidence = Sigmoid(one.log_odds + model_.tortured_neighbor_gain * (std::min(nearby, 2) - one.counted));
        scored.evidence.push_back({"nearby", std::to_string(nearby) + " other tortured phrase" + (nearby == 1 ? "" : "s") +
                                                 " within " + std::to_string(reach) + " words",
                                   static_cast<double>(nearby)});
      }
    }
    // A restored term may be the tail or head of a longer one whose other word was swapped too:
    // "halfway" + "differential equation" is "partial differential equation". Each restored
    // tortured phrase grows by a word on either side when a swap of that word makes a known term.
    for (size_t i = 0; i < out->size(); ++i) {
      ScoredMatch& scored = (*out)[i];
      if (scored.category != "tortured" || scored.confidence < 0.5 || scored.original.empty()) continue;
      if (i < dictionary_matches && displaced[i]) continue;
      for (int side = 0; side < 2; ++side) {
        const uint32_t begin = words.word_of_token[scored.match.begin], end = words.word_of_token[scored.match.end - 1] + 1;
        if (side == 0 ? begin == 0 : end >= words.size()) continue;
        const uint32_t w = side == 0 ? begin - 1 : end;
        if (tortured_blocked[w] || !plain_word(w) || !adjacent(side == 0 ? w : w - 1)) continue;
        if (search_cache.size() >= 16384) search_cache.clear();
        const SearchWord& word = search_word(w);
        std::vector<std::string_view> term;
        std::string_view restored = scored.original;
        for (size_t space; (space = restored.find(' ')) != std::string_view::npos; restored.remove_prefix(space + 1)) {
          term.push_back(restored.substr(0, space));
        }
        term.push_back(restored);
        if (term.size() >= 4) break;
        if (std::any_of(term.begin(), term.end(), [](std::string_view t) {
              return std::any_of(t.begin(), t.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
            })) {
          break;  // a name: the terms are looked up in lower case
        }
        term.insert(side == 0 ? term.begin() : term.end(), std::string_view());
        std::string_view& slot = side == 0 ? term.front() : term.back();
        // The word as written first: when it already makes a longer term ("solar" + "radiation"),
        // it stays, and no swap of it is tried.
        std::string chosen;
        bool as_written = false;
        for (size_t o = 0; o < word.words.size() && chosen.empty() && !as_written; ++o) {
          slot = word.words[o];
          std::string joined;
          for (std::string_view t : term) joined.append(joined.empty() ? "" : " ").append(t);
          if (dictionary_.IsTermOriginal(joined) || thesaurus_->IsTerm(std::span<const std::string_view>(term))) {
            if (o == 0) as_written = true;
            else chosen = word.words[o];
          }
        }
        if (chosen.empty()) continue;
        const std::string spun_word = tokens[words.token[w]].key;
        scored.original = side == 0 ? chosen + " " + scored.original : scored.original + " " + chosen;
        if (side == 0) scored.match.begin = words.token[w];
        else scored.match.end = words.token[w] + 1;
        scored.evidence.push_back({"extended", "\"" + spun_word + "\" next to it is \"" + chosen +
                                                   "\" swapped: together they make the established term \"" + scored.original + "\"",
                                   1});
        if (scored.entry >= 0) {
          scored.entry = -1;
          scored.rule = "tortured-phrase";
        }
        taken[w] = tortured_blocked[w] = true;
        for (size_t j = 0; j < dictionary_matches; ++j) {
          const PhraseMatch& match = (*out)[j].match;
          if (j != i && match.begin <= words.token[w] && words.token[w] < match.end) displaced[j] = true;
        }
      }
    }
    // The weak dictionary matches a tortured phrase took the words of.
    if (std::find(displaced.begin(), displaced.end(), true) != displaced.end()) {
      size_t kept = 0;
      for (size_t i = 0; i < out->size(); ++i) {
        if (i < dictionary_matches && displaced[i]) continue;
        if (kept != i) (*out)[kept] = std::move((*out)[i]);
        ++kept;
      }
      out->resize(kept);
    }

    // A word form's synonyms and their ids, kept per thread (bounded: memory stays flat).
    auto synonyms_of = [&](const std::string& key) -> const ScoreCache::Synonyms& {
      auto& cache = cache_->synonyms;
      if (auto it = cache.find(key); it != cache.end()) return it->second;
      if (cache.size() >= 16384) cache.clear();
      ScoreCache::Synonyms& entry = cache[key];
      thesaurus_->Candidates(key, &entry.words, static_cast<size_t>(model_.thesaurus_max_synonyms));
      for (const std::string& word : entry.words) entry.ids.push_back(language_model_->Id(word));
      return entry;
    };
    for (uint32_t w = 0; w < words.size(); ++w) {
      if (taken[w]) continue;
      if (!plain_word(w)) continue;
      const Token& token = tokens[words.token[w]];
      Candidate candidate;
      candidate.word_begin = w;
      candidate.word_end = w + 1;
      candidate.unit = words.unit[w];
      candidate.family = Family::kGeneric;
      const Rate& rate = rate_of(candidate.unit, Family::kGeneric);
      if (rate.value() < model_.thesaurus_min_rate) continue;
      const ScoreCache::Synonyms& synonyms = synonyms_of(token.key);
      std::string best;
      double best_gain = model_.thesaurus_min_gain;
      double total = 0;
      std::vector<std::pair<std::string, double>> options;
      for (size_t i = 0; i < synonyms.words.size(); ++i) {
        const double gain = lm_gain(candidate, std::span<const int32_t>(&synonyms.ids[i], 1), model_.thesaurus_unigram_weight);
        if (gain < model_.thesaurus_min_gain) continue;
        const std::string& synonym = synonyms.words[i];
        const double factor = std::exp(model_.thesaurus_log_q + model_.lm_weight * gain);
        total += factor;
        options.push_back({synonym, factor});
        if (gain > best_gain) {
          best_gain = gain;
          best = synonym;
        }
      }
      if (options.empty()) continue;
      const double pi = rate.value();
      const double prior_odds = rate_odds(pi);
      std::sort(options.begin(), options.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      // Too weak to list: reports stay the size of what could matter.
      const double best_odds = prior_odds * options.front().second;
      if (best_odds / (1 + best_odds) < model_.report_floor) continue;
      ScoredMatch scored;
      scored.match = PhraseMatch{words.token[w], words.token[w] + 1, std::numeric_limits<uint32_t>::max()};
      scored.original = options.front().first;
      scored.rule = "thesaurus";
      scored.category = "thesaurus";
      scored.confidence = prior_odds * options.front().second / (1 + prior_odds * total);
      scored.evidence.push_back({"prior", "\"" + options.front().first + "\" is a thesaurus synonym of \"" +
                                              token.key + "\" (WordNet, mythes); spinners use few of them",
                                 std::exp(model_.thesaurus_log_q)});
      scored.evidence.push_back({"spin_rate", "local spin rate: " + Format(rate.unit) + " in this passage, " +
                                                  Format(rate.window) + " around it",
                                 pi});
      scored.evidence.push_back({"lm_gain", "the language model prefers \"" + best + "\" here by " + Format(best_gain) +
                                                " nats",
                                 best_gain});
      for (size_t k = 1; k < options.size() && k < 4; ++k) {
        scored.alternatives.push_back({options[k].first, prior_odds * options[k].second / (1 + prior_odds * total)});
      }
      out->push_back(std::move(scored));
    }
  }
  std::stable_sort(out->begin(), out->end(),
                   [](const ScoredMatch& a, const ScoredMatch& b) { return a.match.begin < b.match.begin; });

  // The document's spin score: the most spun window's posterior probability of being spun,
  // testing "spun at test_rate" against "written as it is".
  size_t best_unit = units;
  double best_log_odds = -std::numeric_limits<double>::infinity();
  for (uint32_t unit = 0; unit < units; ++unit) {
    const auto [from, to] = window_of(unit);
    const auto [first, last] = candidates_in(from, to);
    if (first == last) continue;
    double log_odds = Logit(model_.spun_window_prior) +
                      static_cast<double>(untouched_in(from, to, Family::kGeneric)) * std::log(1 - model_.test_rate);
    for (auto c = first; c < last; ++c) {
      log_odds += std::log(model_.test_rate * candidates[c].odds_factor + 1 - model_.test_rate);
    }
    if (log_odds > best_log_odds) {
      best_log_odds = log_odds;
      best_unit = unit;
    }
  }
  if (best_unit == units) {
    result.spin_score = 0;
    return result;
  }
  result.spin_score = Sigmoid(best_log_odds);
  const auto [from, to] = window_of(static_cast<uint32_t>(best_unit));
  const auto [first, last] = candidates_in(from, to);
  std::vector<std::pair<double, size_t>> strongest;
  for (auto c = first; c < last; ++c) {
    const double weight = std::log(model_.test_rate * candidates[c].odds_factor + 1 - model_.test_rate);
    if (weight > 0) strongest.push_back({weight, static_cast<size_t>(c)});
  }
  std::sort(strongest.begin(), strongest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (strongest.size() > 5) strongest.resize(5);
  for (const auto& [weight, c] : strongest) {
    const Candidate& candidate = candidates[c];
    const Entry& entry = entries[candidate.options.front().entry];
    const Token& first_token = tokens[matches[candidate.match].begin];
    const Token& last_token = tokens[matches[candidate.match].end - 1];
    const std::string_view spun = text.substr(first_token.start, last_token.end - first_token.start);
    result.tells.push_back({"tell", "\"" + std::string(spun) + "\" for \"" + entry.original + "\" (" + entry.category +
                                        ", spinner family " + FamilyName(candidate.family) + ")",
                            weight});
  }
  return result;
}

}  // namespace unspin::internal
