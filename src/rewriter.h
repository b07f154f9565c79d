// Rewriter: turns scored matches into text changes — the chosen original in the case pattern of
// the spun text it replaces, with "a"/"an" before it fixed when the first sound changes.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "score/scorer.h"
#include "unspin/change.h"
#include "unspin/tokenizer.h"

namespace unspin::internal {

// `replacement` written in the case pattern of `spun`: "Moms and dad business" + "parent company"
// -> "Parent company"; "MOMS AND DAD" -> "PARENT"; originals that carry capitals ("TikTok") are
// kept as written unless the spun text is all capitals.
std::string MatchCase(std::string_view spun, std::string_view replacement);

// The article a word takes: "an" before a vowel sound ("an hour", "an outcome"), else "a"
// ("a user", "a one-off"). Empty when unsure (numbers, acronyms).
std::string_view ArticleFor(std::string_view word);

// One change per scored match with an original to write; positions are in `text`.
void Rewrite(std::string_view text, std::span<const Token> tokens,
             const std::vector<ScoredMatch>& matches, std::vector<Change>* changes);

}  // namespace unspin::internal
