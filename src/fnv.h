#pragma once
// FNV-1a over bytes: the string hash of the project's own tables (word list, thesaurus, term
// pairs). Pass the previous result as `hash` to go on hashing more bytes.

#include <cstdint>
#include <string_view>

namespace unspin::internal {

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ull;  // 14695981039346656037
constexpr uint64_t kFnvPrime = 1099511628211ull;

inline uint64_t Fnv1a(std::string_view bytes, uint64_t hash = kFnvOffset) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= kFnvPrime;
  }
  return hash;
}

}  // namespace unspin::internal
