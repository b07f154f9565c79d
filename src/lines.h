// Reading line-based data (dictionaries, embedded reference files).
#pragma once

#include <cstddef>
#include <string_view>

namespace unspin::internal {

// Calls visit(line_number, line) for each line of `content` that is neither blank nor a `#`
// comment, with a leading byte order mark and line-final "\r" removed. Line numbers are 1-based.
// `visit` returns false to stop.
template <typename Visit>
void ForEachDataLine(std::string_view content, Visit visit) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  size_t line_number = 0;
  while (!content.empty()) {
    ++line_number;
    const size_t eol = content.find('\n');
    std::string_view line = content.substr(0, eol);
    content = eol == std::string_view::npos ? std::string_view() : content.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#') continue;
    if (!visit(line_number, line)) return;
  }
}

}  // namespace unspin::internal
