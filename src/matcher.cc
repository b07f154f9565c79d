#include "unspin/matcher.h"

namespace unspin {

Matcher::Matcher(const std::vector<std::vector<TokenId>>& phrases) {
  phrase_at_node_.push_back(-1);  // the root
  for (size_t p = 0; p < phrases.size(); ++p) {
    if (phrases[p].empty()) continue;
    uint32_t node = 0;
    for (TokenId id : phrases[p]) {
      auto [it, inserted] = edges_.try_emplace(EdgeKey(node, id), static_cast<uint32_t>(phrase_at_node_.size()));
      if (inserted) phrase_at_node_.push_back(-1);
      node = it->second;
    }
    if (phrase_at_node_[node] < 0) phrase_at_node_[node] = static_cast<int32_t>(p);
  }
}

void Matcher::FindAll(std::span<const TokenId> ids, std::vector<PhraseMatch>* out) const {
  size_t i = 0;
  while (i < ids.size()) {
    uint32_t node = 0;
    int32_t best_phrase = -1;
    size_t best_end = i;
    for (size_t j = i; j < ids.size(); ++j) {
      auto it = edges_.find(EdgeKey(node, ids[j]));
      if (it == edges_.end()) break;
      node = it->second;
      if (phrase_at_node_[node] >= 0) {
        best_phrase = phrase_at_node_[node];
        best_end = j + 1;
      }
    }
    if (best_phrase >= 0) {
      out->push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(best_end), static_cast<uint32_t>(best_phrase)});
      i = best_end;
    } else {
      ++i;
    }
  }
}

void NaiveMatcher::FindAll(std::span<const TokenId> ids, std::vector<PhraseMatch>* out) const {
  size_t i = 0;
  while (i < ids.size()) {
    int32_t best_phrase = -1;
    size_t best_length = 0;
    for (size_t p = 0; p < phrases_.size(); ++p) {
      const auto& phrase = phrases_[p];
      if (phrase.empty() || phrase.size() <= best_length || i + phrase.size() > ids.size()) continue;
      bool equal = true;
      for (size_t k = 0; k < phrase.size() && equal; ++k) equal = ids[i + k] == phrase[k];
      if (equal) {
        best_phrase = static_cast<int32_t>(p);
        best_length = phrase.size();
      }
    }
    if (best_phrase >= 0) {
      out->push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + best_length), static_cast<uint32_t>(best_phrase)});
      i += best_length;
    } else {
      ++i;
    }
  }
}

}  // namespace unspin
