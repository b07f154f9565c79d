// Import of the Problematic Paper Screener's tortured-phrase CSV export.
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

// TODO(helper): implemented in src/pps_import.cc.
StatusOr<std::vector<Entry>> ParsePpsCsv(std::string_view content, const std::string& source_name);

}  // namespace unspin::internal
