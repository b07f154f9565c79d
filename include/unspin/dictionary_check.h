// Data checks for dictionary files (`unspin dict check`): malformed lines, duplicates, conflicts,
// cycles, and spun wording that is ordinary English.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace unspin {

struct Finding {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string location;  // "file:line"
  std::string message;
};

struct NamedContent {
  std::string name;
  std::string content;
};

// Spun wording at least this common in clean English (occurrences per million words) counts as
// ordinary English.
inline constexpr double kCommonEnglishPerMillion = 1.0;
// Entries above this prior fire on their own (see README "Confidence"): ordinary English may
// not have one unless a context condition guards it.
inline constexpr double kFiresAlonePrior = 0.5;
// Entries above this prior and without a context condition get a warning when ordinary English.
inline constexpr double kRiskyPrior = 0.2;

// Occurrences per million words of `phrase` (any case) in clean English, from
// data/english/common.tsv (SUBTLEX-US words, Brown corpus phrases); 0 when not listed.
double EnglishPerMillion(std::string_view phrase);

// Checks the files together (duplicates and cycles across files count). Findings come in file
// by file name, then line.
std::vector<Finding> CheckDictionaryFiles(const std::vector<NamedContent>& files);

}  // namespace unspin
