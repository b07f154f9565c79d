#pragma once
// A Bloom filter over the first two words of a set of multiword terms: the tortured-phrase
// search tries up to a hundred word combinations per phrase, and this says in a few cache-resident
// probes that most of them cannot start any term, before a string is joined or a table searched.
// No false negatives: a pair it rejects starts no term that was added.

#include <cstdint>
#include <string_view>
#include <vector>

#include "fnv.h"

namespace unspin::internal {

class TermPairFilter {
 public:
  // The hash a word is added and looked up by.
  static uint64_t Hash(std::string_view word) { return Fnv1a(word); }

  // Adds the first two space-separated words of `term`; a one-word term adds nothing.
  void AddTerm(std::string_view term) {
    const size_t space = term.find(' ');
    if (space == std::string_view::npos) return;
    std::string_view rest = term.substr(space + 1);
    const size_t next = rest.find(' ');
    if (next != std::string_view::npos) rest = rest.substr(0, next);
    Add(Hash(term.substr(0, space)), Hash(rest));
  }

  bool MayStartTerm(uint64_t first, uint64_t second) const {
    if (bits_.empty()) return false;
    const uint64_t key = Key(first, second);
    return Bit(key) && Bit(key >> 32 | key << 32);
  }

  bool empty() const { return bits_.empty(); }

 private:
  static constexpr uint64_t kBits = uint64_t{1} << 21;  // 256 KiB: about 0.5% false positives at 70k terms

  static uint64_t Key(uint64_t first, uint64_t second) {
    uint64_t key = first * 0x9e3779b97f4a7c15ull ^ second;
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return key;
  }
  void Add(uint64_t first, uint64_t second) {
    if (bits_.empty()) bits_.assign(kBits / 64, 0);
    const uint64_t key = Key(first, second);
    Set(key);
    Set(key >> 32 | key << 32);
  }
  void Set(uint64_t key) { bits_[(key & (kBits - 1)) / 64] |= uint64_t{1} << (key & 63); }
  bool Bit(uint64_t key) const { return bits_[(key & (kBits - 1)) / 64] >> (key & 63) & 1; }

  std::vector<uint64_t> bits_;
};

}  // namespace unspin::internal
