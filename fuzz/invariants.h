// Invariants the fuzz targets assert: what must hold for every input, not just "no crash".
// A broken invariant aborts (libFuzzer then saves the input as a crash).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/utf8.h>

#include "unspin/change.h"
#include "unspin/text.h"

namespace unspin::fuzz {

[[noreturn]] inline void Fail(const char* what, const std::string& detail = "") {
  std::fprintf(stderr, "invariant broken: %s %s\n", what, detail.c_str());
  std::abort();
}

inline void Check(bool condition, const char* what, const std::string& detail = "") {
  if (!condition) Fail(what, detail);
}

// Where characters start, as the library decodes (ICU U8_NEXT): an ill-formed sequence is one
// unit, so a lone continuation byte starts one too. Plus the end.
inline std::vector<bool> Boundaries(std::string_view text) {
  std::vector<bool> starts(text.size() + 1, false);
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    starts[static_cast<size_t>(i)] = true;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    (void)c;
  }
  starts[text.size()] = true;
  return starts;
}

inline bool OnBoundary(std::string_view text, size_t offset) {
  return offset == text.size() || (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80);
}

// Changes on `text`: sorted, in range, on character boundaries, `before` the bytes they cover,
// `after` valid UTF-8, and the applied ones do not overlap.
inline void CheckChanges(std::string_view text, const std::vector<Change>& changes) {
  size_t previous = 0, applied_end = 0;
  const std::vector<bool> boundaries = Boundaries(text);
  for (const Change& change : changes) {
    Check(change.start <= change.end && change.end <= text.size(), "change out of range");
    Check(change.start >= previous, "changes not in order");
    previous = change.start;
    Check(boundaries[change.start] && boundaries[change.end], "offset inside a character",
          std::to_string(change.start) + "-" + std::to_string(change.end));
    Check(text.substr(change.start, change.end - change.start) == change.before, "before is not the input");
    Check(!FindInvalidUtf8(change.after).has_value(), "after is not UTF-8");
    if (change.applied) {
      Check(change.start >= applied_end, "applied changes overlap");
      applied_end = change.end;
    }
  }
}

}  // namespace unspin::fuzz
