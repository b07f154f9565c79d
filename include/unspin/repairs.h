// The families of scrape-damage repairs, as bits of Options::repairs (see cleaner.h), in a header
// of their own so that the repair stage need not include the Cleaner facade.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace unspin {

// Repairs of scrape damage, by family; Options::repairs is a set of these bits.
enum RepairFamily : uint32_t {
  kRepairEncoding = 1 << 0,     // mojibake (UTF-8 read as Windows-1252/Latin-1), byte order mark
  kRepairEntities = 1 << 1,     // HTML entities: &amp; &#8217; &nbsp;
  kRepairInvisible = 1 << 2,    // zero-width characters and soft hyphens inside words
  kRepairNormalize = 1 << 3,    // Unicode NFC
  kRepairChrome = 1 << 4,       // repeated title, comment forms, share/read-more lines, cookie notices
  kRepairGlue = 1 << 5,         // glued words: "Journalbased", "disputeThat", "Texas”which"
  kRepairPunctuation = 1 << 6,  // a paragraph's missing full stop
  kRepairWhitespace = 1 << 7,   // runs of spaces, stray spaces before punctuation
};
inline constexpr uint32_t kAllRepairs = (1 << 8) - 1;

// Parses a comma-separated list of repair names (encoding, entities, invisible, nfc, chrome,
// glue, punctuation, whitespace, all); nullopt names the first unknown one in `error`.
std::optional<uint32_t> ParseRepairList(std::string_view list, std::string* error);

}  // namespace unspin
