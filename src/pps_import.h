// Import of the Problematic Paper Screener's tortured-phrase CSV export.
//
// The export has the header `Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers` and
// one RFC 4180 row per fingerprint. Exports that went through other hands are read too: the three
// columns are found by name (`tortured_phrase,expected_phrase,num_papers`, `Tortured phrase;Expected
// phrase;Papers`; case, spaces, `_` and `-` do not matter), in any order, other columns ignored,
// separated by ',', ';' or TAB (or what an Excel `sep=X` first line says), with or without a BOM,
// LF or CRLF; paper counts may group thousands ("42,682", "42 682"). A fingerprint is a
// PPS/Dimensions query: quoted phrases, AND / OR / NOT, parentheses and proximity ("a b"~N). Each OR
// alternative becomes one Entry: its first positive phrase is the spun wording, the other phrases
// become document-wide context conditions. The mapping rules are described at ParsePpsCsv in
// pps_import.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "unspin/dictionary.h"
#include "unspin/status.h"

namespace unspin::internal {

inline constexpr std::string_view kPpsHeader = "Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers";

// True when `content` is to be read as a PPS CSV export: its first line (after an optional BOM) is a
// recognised header, or reads as a CSV header rather than a dictionary line (no TAB, not a `#`
// comment, a ',' or ';' in it), so that ParsePpsCsv can say what is wrong with the header.
bool LooksLikePpsCsv(std::string_view content);

// Parses a whole PPS export into written entries (category `tortured`, source `pps:<papers>`,
// location `source_name:line`). Fails with InvalidArgument on an unrecognised header (naming the
// columns it expected) or the first malformed row; the message starts with "source_name:line: ".
StatusOr<std::vector<Entry>> ParsePpsCsv(std::string_view content, const std::string& source_name);

}  // namespace unspin::internal
