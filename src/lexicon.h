// English word knowledge compiled into the library: the word forms unspin knows with their
// frequency (data/english/words.tsv, from hunspell-en-us and SUBTLEX-US), how common words and
// phrases are (data/english/common.tsv), and the one-word names the glued-word repair must not
// split (data/repair/names.tsv).
#pragma once

#include <string>
#include <string_view>

namespace unspin::internal {

struct WordInfo {
  bool known = false;      // hunspell knows the form
  bool name_only = false;  // only capitalised ("Texas", "Facebook")
  double per_million = 0;  // SUBTLEX-US frequency
};

// `word` in any case.
WordInfo LookUpWord(std::string_view word);
// Occurrences per million words of `phrase` (any case) in clean English: SUBTLEX-US words and
// Brown corpus phrases (data/english/common.tsv); 0 when not listed.
double CommonEnglishPerMillion(std::string_view phrase);
// A phrase folded, with runs of white space as one space: its identity for comparisons.
std::string PhraseKey(std::string_view phrase);

// True for a one-word name or brand listed in data/repair/names.tsv (any case).
bool IsListedName(std::string_view word);

}  // namespace unspin::internal
