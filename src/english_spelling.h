// English spelling rules shared by the dictionary's inflection (src/inflection.cc) and the
// thesaurus (src/match/thesaurus.cc), so both make the same forms.
#pragma once

#include <string_view>

namespace unspin::internal {

inline bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// One-syllable consonant-vowel-consonant words double the final consonant: ban -> banned.
inline bool DoublesFinalConsonant(std::string_view w) {
  if (w.size() < 3) return false;
  const char last = w.back();
  if (IsVowel(last) || last == 'w' || last == 'x' || last == 'y') return false;
  if (!IsVowel(w[w.size() - 2]) || IsVowel(w[w.size() - 3])) return false;
  int vowel_groups = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    if (IsVowel(w[i]) && (i == 0 || !IsVowel(w[i - 1]))) ++vowel_groups;
  }
  return vowel_groups == 1;
}

}  // namespace unspin::internal
