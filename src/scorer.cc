#include "scorer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <unordered_set>

namespace unspin::internal {
namespace {

std::string Format(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

class DocumentView {
 public:
  explicit DocumentView(std::span<const TokenId> ids) : ids_(ids) {}

  bool Contains(TokenId id) const {
    if (!present_) {
      present_.emplace(ids_.begin(), ids_.end());
    }
    return present_->count(id) > 0;
  }

  // True when one of `wanted` occurs within kNearWindowWords words of [begin, end).
  bool Near(uint32_t begin, uint32_t end, const std::vector<TokenId>& wanted) const {
    auto is_wanted = [&](TokenId id) { return std::find(wanted.begin(), wanted.end(), id) != wanted.end(); };
    int words = 0;
    for (size_t i = begin; i-- > 0 && words < kNearWindowWords;) {
      if (ids_[i] == kSpaceToken || ids_[i] == kParagraphToken) continue;
      ++words;
      if (is_wanted(ids_[i])) return true;
    }
    words = 0;
    for (size_t i = end; i < ids_.size() && words < kNearWindowWords; ++i) {
      if (ids_[i] == kSpaceToken || ids_[i] == kParagraphToken) continue;
      ++words;
      if (is_wanted(ids_[i])) return true;
    }
    return false;
  }

 private:
  std::span<const TokenId> ids_;
  mutable std::optional<std::unordered_set<TokenId>> present_;
};

bool ContextHolds(const Entry& entry, const PhraseMatch& match, const DocumentView& document) {
  for (const ContextCondition& condition : entry.context) {
    bool found = false;
    switch (condition.kind) {
      case ContextCondition::Kind::kNear:
      case ContextCondition::Kind::kNotNear:
        found = document.Near(match.begin, match.end, condition.ids);
        break;
      case ContextCondition::Kind::kInDocument:
      case ContextCondition::Kind::kNotInDocument:
        found = std::any_of(condition.ids.begin(), condition.ids.end(),
                            [&](TokenId id) { return document.Contains(id); });
        break;
    }
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
  const DocumentView document(ids);
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
    const double evidence = std::min(others, model_.evidence_cap);
    const double p_spun = Sigmoid(Logit(candidate.spun_prior) + model_.evidence_weight * evidence);
    const Entry& best = entries[candidate.entries.front()];
    scored.entry = static_cast<int32_t>(candidate.entries.front());
    const double total_prior = std::max(candidate.spun_prior, best.prior);
    scored.confidence = p_spun * best.prior / total_prior;
    scored.evidence.push_back({"prior", "entry " + best.location + " (" + best.category + ", " + best.source +
                                            ") gives prior " + Format(best.prior),
                               best.prior});
    const size_t other_signals = signal_of_phrase.size() - (own == signal_of_phrase.end() ? 0 : 1);
    scored.evidence.push_back({"document",
                               std::to_string(other_signals) + " other spun wording(s) in the document add " +
                                   Format(evidence) + " log-odds",
                               static_cast<double>(other_signals)});
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
