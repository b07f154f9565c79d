// Scorer: decides, for every dictionary match, whether the document kept the wording as written
// or a spinner put it in place of an original, and how sure that is.
//
// A noisy channel (README "Confidence"). For an observed wording w and a possible original o:
//   odds(o) = pi / (1 - pi)  *  q(w|o)  *  [P_LM(o in context) / P_LM(w in context)]^lm_weight
// where
//   pi      is the local spin rate: the share of the places a spinner could change that it did
//           change. Those places are the candidates and the originals left as written (every
//           "but" a spinner could have made "however"). It is estimated by EM from the places
//           of the unit (a line, or up to kUnitWords words of one) and
//           of a window of text around it (weighed as at most window_evidence_words words, so a
//           long file decides as its articles would), per spinner family; the larger is used, so
//           clean text around a passage never changes what is decided inside it;
//   q(w|o)  comes from the entry: logit(prior) - logit(reference_rate), the prior being what the
//           entry says for a document nobody has looked at;
//   P_LM    is the English n-gram model's probability of each wording with the words around it.
// The confidence of o is odds(o) / (1 + sum of the odds of every original of w).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "unspin/change.h"
#include "unspin/dictionary.h"
#include "unspin/language_model.h"
#include "unspin/matcher.h"
#include "unspin/tokenizer.h"
#include "match/term_pair_filter.h"
#include "match/thesaurus.h"

namespace unspin::internal {

// The model's constants; chosen on the tuning half of bench/quality (README "Confidence").
struct ScoreModel {
  double reference_rate = 0.05;   // the spin rate an entry's prior assumes
  double lm_weight = 0.38;         // how much the language model's preference counts
  double lm_clamp = 8.0;           // a wording's LM gain counts at most this many nats either way
  double rate_alpha = 0.2;        // Beta prior on the spin rate: alpha / (alpha + beta) with no
  double rate_beta = 30.0;        //   evidence, and how many candidates it weighs as
  int window_words = 200;         // words on each side of a unit that inform its spin rate
  double window_evidence_words = 400;  // a window of more words weighs as this many (0: as many as
                                       //   it has), so a long file decides as its articles would
  double spun_window_prior = 0.1; // prior probability that a window of text was spun
  double test_rate = 0.3;         // the spin rate a spun window is tested at (check's score)
  double consistency_gain = 2.0;  // log-odds added when the original also stands nearby
  double consistency_words = 2000;  //   within this many words either side
  double prior_weight = 0.5;      // how much an entry's prior counts in q(w|o)
  double rate_evidence_cap = 3.0; // one candidate's log odds factor counts at most this much in
                                  //   the spin rate, so a rate rests on many places, not one
  double rate_weight = 1.35;       // how much the local spin rate's log-odds count in a thesaurus
                                  //   or tortured decision and in a tell
  double bias = 1.9;              // log-odds added to every thesaurus and tortured decision
  double decision_offset = 0.65;  // log-odds taken off the decision layer's near the threshold, so
                                  //   that at the default one precision stays at 0.9 (NearThreshold)
  double cautious_rate = 0.047;   // below this local spin rate the hand-set noisy channel caps it
  double thesaurus_log_q = -4.0;  // log q(w|o) for a thesaurus synonym: spinners use few of them
  double thesaurus_min_gain = 2.0; // nats the LM must prefer a synonym by to make it a candidate
  double thesaurus_min_rate = 0.11;// only where the local spin rate is at least this (below 0.11
                                  //   hardly any can be listed, and they cost a quarter of the LM)
  double thesaurus_max_synonyms = 6;  // synonyms tried per word, likeliest first
  double thesaurus_unigram_weight = 1.0;  // a synonym must fit the context, not only be commoner
  double tortured_bias = -13.0;     // log-odds of a tortured-phrase candidate before the LM's say
  double tortured_lm_weight = 0.5;  // how much the LM's preference for the term counts
  double tortured_swap_gain = 4.0;  // per word swap the dictionary's tortured phrases also make
  double tortured_term_gain = 3.0;  // the term is one the dictionary's tortured phrases stand for
  double tortured_all_changed_gain = 1.0;  // every word of the phrase was swapped
  double tortured_neighbor_gain = 2.0;    // per other tortured phrase found nearby (at most 2)
  double tortured_neighbor_words = 150;   //   within this many words either side
  double tortured_min_association = 4.0;  // nats log P(b|a) - log P(b) that make "a b" a term
  double length_unigram_weight = 0.3;  // the same, for wordings of different lengths
  double report_floor = 0.05;     // candidates beyond the dictionary below this are not listed
  double unigram_weight = 0.0;    // share of the LM gain that is only "o is the commoner word"
                                  //   and is taken back out

  // The defaults, with overrides from UNSPIN_SCORE_MODEL ("lm_weight=0.5,rate_beta=20"): a knob
  // for tuning on bench/quality, not an interface.
  static const ScoreModel& Default();
};

// Words in one unit of text whose spin rate is estimated together (a line, or a piece of one).
inline constexpr int kUnitWords = 120;

// Which spinner an entry belongs to: its own rate is estimated for each family.
enum class Family : uint8_t { kGeneric, kA, kB, kC, kScience };
inline constexpr int kFamilies = 5;
Family FamilyOf(const Entry& entry);
const char* FamilyName(Family family);

struct ScoredMatch {
  PhraseMatch match;
  int32_t entry = -1;  // the chosen dictionary entry, or -1 (none holds, or not from the dictionary)
  // What to write and why: from the entry, or for a candidate beyond the dictionary (a thesaurus
  // synonym) from the scorer. Empty `original`: nothing to write.
  std::string original;
  std::string rule;
  std::string category;
  double confidence = 0;
  std::vector<Evidence> evidence;
  std::vector<Alternative> alternatives;
};

struct DocumentScore {
  double spin_score = 0;        // probability that the document (its most spun window) was spun
  std::vector<Evidence> tells;  // the strongest evidence for it
};

double Logit(double p);
double Sigmoid(double x);

// What the decision layer weighs for a dictionary candidate's best option: the noisy channel's
// terms (local spin rates, the entry's prior, the LM's preference) and what the entry is.
struct DecisionFeatures {
  double window_rate = 0;   // local spin rate: the larger of the passage's and its window's
  double prior = 0;         // the entry's prior
  double lm_gain = 0;       // nats by which the LM prefers the original here
  bool inflected = false, consistent = false, has_context = false, has_alternatives = false;
  int words_before = 1, words_after = 1;  // white-space separated words of each wording
  bool signature = false, idiom = false;
};

// Log-odds that the original was the text: a logistic layer over the features, its weights
// fitted on the tuning half of bench/quality (decision_weights.inc, generated by
// bench/quality/calibration.py).
double DecisionLogOdds(const DecisionFeatures& features);

// The log-odds reported for a decision the layer rates at `log_odds`: lowered by `offset` where
// it is just above even (0 to 1), by less up to 1 log-odds either side, and not at all beyond:
// so the default threshold applies only changes the layer rates at sigmoid(offset) or more, and
// confidences away from the threshold stay as fitted.
double NearThreshold(double log_odds, double offset);

// Words in `text` as white space separates them.
int SpacedWords(std::string_view text);

// What scoring works out once per dictionary entry or word form and keeps from one document to
// the next: each thread has its own (a Workspace's), so it needs no lock. Filled lazily; it
// follows the dictionary and language model it was filled for, and starts again for others.
struct ScoreCache {
  const Dictionary* dictionary = nullptr;
  const LanguageModel* language_model = nullptr;
  const Thesaurus* thesaurus = nullptr;
  const Entry* entries = nullptr;
  size_t entry_total = 0;
  // Per entry: the language-model ids of its original's words, at
  // entry_ids[entry_first[e], entry_first[e] + entry_count[e]); entry_first[e] < 0: not yet.
  std::vector<int32_t> entry_first;
  std::vector<uint8_t> entry_count;
  std::vector<int32_t> entry_ids;
  // Per word form: its thesaurus synonyms, likeliest first, and their language-model ids.
  struct Synonyms {
    std::vector<std::string> words;
    std::vector<int32_t> ids;
  };
  std::unordered_map<std::string, Synonyms> synonyms;
  // Per word form, what the tortured-phrase search needs of it: the word, the swaps paper mills
  // are known to make from it, its thesaurus synonyms, and for each of those whether it is a
  // word of some term (or, as a phrase's last word, the plural of one), whether it is a known
  // swap, and its language-model id.
  struct SearchWord {
    std::vector<std::string> words;  // [0] the word as written, then the swaps, then the synonyms
    size_t swaps = 0;
    std::vector<uint8_t> term_word, plural_of_term_word, learned_swap;
    std::vector<int32_t> ids;
    // TermPairFilter::Hash of each word, and of the word less a final "s" (0 if it has none).
    std::vector<uint64_t> hash, singular_hash;
  };
  std::unordered_map<std::string, SearchWord> search_words;
  // The first two words of every term the search can find (the thesaurus's and the
  // dictionary's tortured originals), filled the first time the search needs it.
  TermPairFilter term_pairs;
  bool term_pairs_built = false;

  // Empties the cache unless it was filled for this dictionary, model and thesaurus.
  void Follow(const Dictionary* d, const LanguageModel* lm, const Thesaurus* t);
};

class Scorer {
 public:
  // `language_model` may be null: the decision then rests on the priors and the spin rate.
  // `thesaurus` may be null too: then only dictionary entries are candidates.
  // `cache` may be null: then what is worked out is kept for this scorer's documents only.
  Scorer(const Dictionary& dictionary, const LanguageModel* language_model, const Thesaurus* thesaurus,
         ScoreModel model = {}, ScoreCache* cache = nullptr)
      : dictionary_(dictionary), language_model_(language_model), thesaurus_(thesaurus), model_(model),
        cache_(cache ? cache : &own_cache_) {
    cache_->Follow(&dictionary_, language_model_, thesaurus_);
  }

  // `tokens` of `text` and `ids` (their dictionary ids) describe the document; `matches` is
  // the dictionary matcher's output over `ids`, `original_matches` the original matcher's.
  DocumentScore Score(std::string_view text, std::span<const Token> tokens, std::span<const TokenId> ids,
                      const std::vector<PhraseMatch>& matches, const std::vector<PhraseMatch>& original_matches,
                      std::vector<ScoredMatch>* out) const;

 private:
  const Dictionary& dictionary_;
  const LanguageModel* language_model_;
  const Thesaurus* thesaurus_;
  ScoreModel model_;
  ScoreCache own_cache_;
  ScoreCache* cache_;
};

}  // namespace unspin::internal
