#include "scorer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <limits>
#include <unordered_map>

namespace unspin::internal {
namespace {

std::string Format(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
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

}  // namespace

double Logit(double p) {
  p = std::clamp(p, 1e-6, 1 - 1e-6);
  return std::log(p / (1 - p));
}

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

double Scorer::Score(std::span<const TokenId> ids, const std::vector<PhraseMatch>& matches,
                     std::vector<ScoredMatch>* out) const {
  out->clear();
  const DocumentView document(ids, dictionary_.sentence_end_ids());
  const auto& entries = dictionary_.entries();

  // Pass 1: which entries hold in context, and how likely each wording is spun on its own.
  struct Candidate {
    std::vector<uint32_t> entries;
    double spun_prior = 0;
  };
  std::vector<Candidate> candidates(matches.size());
  std::map<uint32_t, double> signal_of_phrase;  // distinct wordings with P > 0.5 -> their weight
  for (size_t m = 0; m < matches.size(); ++m) {
    const Dictionary::Group& group = dictionary_.groups()[matches[m].phrase];
    double total = 0;
    for (uint32_t index : group.entries) {
      if (!ContextHolds(entries[index], matches[m], document)) continue;
      candidates[m].entries.push_back(index);
      total += entries[index].prior;
    }
    candidates[m].spun_prior = std::min(total, 0.99);
    if (candidates[m].spun_prior > 0.5) {
      double& weight = signal_of_phrase[matches[m].phrase];
      weight = std::max(weight, std::min(Logit(candidates[m].spun_prior), model_.signature_cap));
    }
  }
  double total_evidence = 0;
  double not_spun = 1;
  for (const auto& [phrase, weight] : signal_of_phrase) {
    total_evidence += weight;
    not_spun *= 1 - Sigmoid(weight);
  }

  // Pass 2: each match's confidence given the rest of the document.
  for (size_t m = 0; m < matches.size(); ++m) {
    ScoredMatch scored;
    scored.match = matches[m];
    const Candidate& candidate = candidates[m];
    if (candidate.entries.empty()) {
      scored.evidence.push_back({"context", "no entry's context conditions hold here", 0});
      out->push_back(std::move(scored));
      continue;
    }
    auto own = signal_of_phrase.find(matches[m].phrase);
    const double others = total_evidence - (own == signal_of_phrase.end() ? 0 : own->second);
    const size_t other_signals = signal_of_phrase.size() - (own == signal_of_phrase.end() ? 0 : 1);
    // One other spun wording counts half: a single false alarm must not unlock a whole document.
    const double evidence = std::min(others, model_.evidence_cap) *
                            std::min(1.0, static_cast<double>(other_signals) / model_.full_evidence_signals);
    // Evidence lifts a wording at most to its ceiling: clean English that merely looks spun
    // ("business" for "company") stays doubtful however spun the rest is.
    double ceiling = 0;
    for (uint32_t index : candidate.entries) ceiling = std::max(ceiling, entries[index].ceiling);
    const double lifted = Sigmoid(Logit(candidate.spun_prior) + model_.evidence_weight * evidence);
    const double limit = std::max(candidate.spun_prior, ceiling);
    const double p_spun = std::min(lifted, limit);
    const Entry& best = entries[candidate.entries.front()];
    scored.entry = static_cast<int32_t>(candidate.entries.front());
    const double total_prior = std::max(candidate.spun_prior, best.prior);
    scored.confidence = p_spun * best.prior / total_prior;
    scored.evidence.push_back({"prior", "entry " + best.location + " (" + best.category + ", " + best.source +
                                            ") gives prior " + Format(best.prior),
                               best.prior});
    scored.evidence.push_back({"document",
                               std::to_string(other_signals) + " other spun wording(s) in the document add " +
                                   Format(evidence) + " log-odds",
                               static_cast<double>(other_signals)});
    if (lifted > limit) {
      scored.evidence.push_back({"ceiling", "the wording is ordinary English: evidence lifts it to " + Format(limit) +
                                                " at most",
                                 limit});
    }
    if (!best.context.empty()) {
      scored.evidence.push_back({"context", "the entry's context conditions hold", 1});
    }
    if (best.inflected) {
      scored.evidence.push_back({"inflection", "inflected form of the entry written at " + best.location, 1});
    }
    for (size_t k = 1; k < candidate.entries.size(); ++k) {
      const Entry& alternative = entries[candidate.entries[k]];
      scored.alternatives.push_back({alternative.original, p_spun * alternative.prior / total_prior});
    }
    out->push_back(std::move(scored));
  }
  return 1 - not_spun;
}

}  // namespace unspin::internal
