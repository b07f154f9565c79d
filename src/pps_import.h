// Import of the Problematic Paper Screener's tortured-phrase CSV export.
//
// The export has the header `Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers` and
// one RFC 4180 row per fingerprint. A fingerprint is a PPS/Dimensions query: quoted phrases,
// AND / OR / NOT, parentheses and proximity ("a b"~N). Each OR alternative becomes one Entry: its
// first positive phrase is the spun wording, the other phrases become document-wide context
// conditions. The mapping rules are described at ParsePpsCsv in pps_import.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "unspin/dictionary.h"
#include "unspin/status.h"

namespace unspin::internal {

inline constexpr std::string_view kPpsHeader = "Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers";

// True when `content` starts with the PPS export header (after an optional BOM).
bool LooksLikePpsCsv(std::string_view content);

// Parses a whole PPS export into written entries (category `tortured`, source `pps:<papers>`,
// location `source_name:line`). Fails with InvalidArgument on the first malformed row; the message
// starts with "source_name:line: ".
StatusOr<std::vector<Entry>> ParsePpsCsv(std::string_view content, const std::string& source_name);

}  // namespace unspin::internal
