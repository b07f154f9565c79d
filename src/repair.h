// Repairs of scrape damage. Each function finds repairs in `text` and appends them as changes
// on `text` (confidence, rule, category, evidence set; `applied` left for the caller to decide).
// The Cleaner runs them as stages, each on the text the previous one produced.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "unspin/change.h"
#include "unspin/repairs.h"
#include "unspin/status.h"
#include "unspin/tokenizer.h"

namespace unspin {
class LanguageModel;
}

namespace unspin::internal {

// A repair of text[start, end) into `after`, with its rule, category and one evidence sentence.
inline Change MakeRepair(std::string_view text, size_t start, size_t end, std::string after, double confidence,
                         const char* rule, const char* category, std::string evidence) {
  Change change;
  change.start = start;
  change.end = end;
  change.before = std::string(text.substr(start, end - start));
  change.after = std::move(after);
  change.confidence = confidence;
  change.rule = rule;
  change.category = category;
  change.evidence.push_back({"repair", std::move(evidence), confidence});
  return change;
}

// Stage 0: each ill-formed UTF-8 sequence becomes U+FFFD (only with --encoding-errors replace).
void ReplaceInvalidUtf8(std::string_view text, std::vector<Change>* changes);

// Stage 1, characters (valid UTF-8 in): byte order mark, mojibake, HTML entities, invisible
// characters inside words, NFC.
void RepairCharacters(std::string_view text, uint32_t families, std::vector<Change>* changes);

// Stage 2, structure: page chrome at the ends (only where `text` starts or ends the document),
// glued words, a paragraph's missing full stop, runs of spaces and stray spaces before
// punctuation. `tokens` are the tokens of `text` (Tokenizer::Tokenize); they may be null when
// `families` has neither glue nor punctuation, the repairs that read them.
// `model` (optional) weighs where glued words split and whether a sentence ends there.
// `glue_near` (optional, sorted byte ranges of `text`): glued words are looked for only in tokens
// within kGlueContextBytes of one, where other stages changed a token's sentence.
inline constexpr size_t kGlueContextBytes = 100;
Status RepairStructure(std::string_view text, uint32_t families, bool document_start, bool document_end,
                       const std::vector<Token>* tokens, std::vector<Change>* changes,
                       const LanguageModel* model = nullptr,
                       const std::vector<std::pair<size_t, size_t>>* glue_near = nullptr);

// Page-chrome patterns in data/repair/chrome.tsv: (compiled, lines in the file), for a test.
std::pair<size_t, size_t> ChromePatternsCompiled();

}  // namespace unspin::internal
