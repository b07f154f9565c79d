// Scorer: turns dictionary matches into calibrated confidences, keeping the reasons.
//
// Model (see README "Confidence"): each matched wording has a prior probability P of being spun
// (the sum of its entries' priors whose context conditions hold). The rest of the document
// adds evidence: every other distinct wording with P > 0.5 contributes its log-odds, capped, and
// scaled down while fewer than two such wordings are seen.
//   P(spun | document) = min(sigmoid(logit(P) + weight * min(evidence, cap) * min(1, others / 2)),
//                            max(P, ceiling))
// where the ceiling (Entry::ceiling) comes from how common the wording is in clean English.
//   confidence(original) = P(spun | document) * prior(original) / P
#pragma once

#include <span>
#include <vector>

#include "unspin/cleaner.h"
#include "unspin/dictionary.h"
#include "unspin/matcher.h"

namespace unspin::internal {

struct ScoreModel {
  double evidence_weight = 1.0;   // scales the document's log-odds evidence
  double evidence_cap = 4.6;   // no document makes a wording more than this much more likely
  double signature_cap = 4.6;     // one wording contributes at most logit(0.99)
  double full_evidence_signals = 2;  // fewer distinct spun wordings than this give a share of the evidence
};

struct ScoredMatch {
  PhraseMatch match;
  int32_t entry = -1;  // the chosen entry, or -1 when no entry's context conditions hold
  double confidence = 0;
  std::vector<Evidence> evidence;
  std::vector<Alternative> alternatives;
};

double Logit(double p);
double Sigmoid(double x);

class Scorer {
 public:
  explicit Scorer(const Dictionary& dictionary, ScoreModel model = {}) : dictionary_(dictionary), model_(model) {}

  // `ids` are the document's token ids, `matches` the matcher's output over them.
  // Returns the document's spin score (probability it was spun at all).
  double Score(std::span<const TokenId> ids, const std::vector<PhraseMatch>& matches,
               std::vector<ScoredMatch>* out) const;

 private:
  const Dictionary& dictionary_;
  ScoreModel model_;
};

}  // namespace unspin::internal
