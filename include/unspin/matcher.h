// Leftmost-longest multi-phrase matching over token ids.
//
// Phrases are sequences of token ids (see Vocabulary). The fast matcher walks a token trie stored
// in one flat hash table, so the cost per input token depends on the longest phrase, not on how
// many phrases there are. NaiveMatcher does the same job by brute force; tests compare the two.
// Both are immutable after construction and safe to share across threads.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace unspin {

using TokenId = uint32_t;

// Ids that the vocabulary reserves.
inline constexpr TokenId kUnknownToken = 0;    // a token no phrase contains
inline constexpr TokenId kSpaceToken = 1;      // white space inside a paragraph
inline constexpr TokenId kParagraphToken = 2;  // white space with a blank line: never matched

struct PhraseMatch {
  uint32_t begin = 0;   // index of the first token
  uint32_t end = 0;     // one past the last token
  uint32_t phrase = 0;  // index of the phrase as given to the constructor
};

class Matcher {
 public:
  Matcher() = default;
  // `phrases[i]` is the id sequence of phrase i; it must not start or end with kSpaceToken.
  // When two phrases have the same sequence the first one wins.
  explicit Matcher(const std::vector<std::vector<TokenId>>& phrases);

  // Appends the leftmost-longest non-overlapping matches in `ids`, in order.
  void FindAll(std::span<const TokenId> ids, std::vector<PhraseMatch>* out) const;

 private:
  static uint64_t EdgeKey(uint32_t node, TokenId id) { return (uint64_t{node} << 32) | id; }
  std::unordered_map<uint64_t, uint32_t> edges_;  // (node, token id) -> child node
  std::vector<int32_t> phrase_at_node_;           // node -> phrase index ending there, or -1
};

class NaiveMatcher {
 public:
  explicit NaiveMatcher(std::vector<std::vector<TokenId>> phrases) : phrases_(std::move(phrases)) {}
  void FindAll(std::span<const TokenId> ids, std::vector<PhraseMatch>* out) const;

 private:
  std::vector<std::vector<TokenId>> phrases_;
};

}  // namespace unspin
