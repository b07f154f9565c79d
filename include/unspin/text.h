// Byte-level text helpers: UTF-8 validation and offset -> line:column lookup.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace unspin {

// Returns the byte offset of the first ill-formed UTF-8 sequence, or nullopt when `text` is
// well-formed (ICU's U8_NEXT decides; surrogates and overlong forms are ill-formed).
std::optional<size_t> FindInvalidUtf8(std::string_view text);

// When `bytes` look like UTF-16 rather than UTF-8 (a UTF-16 byte-order mark, or NUL in every
// other byte of the start), the sentence that tells the user: "looks like UTF-16 (byte-order
// mark); convert it to UTF-8, e.g. with iconv -f UTF-16 -t UTF-8". nullopt otherwise.
std::optional<std::string> DiagnoseUtf16(std::string_view bytes);

// The error for invalid UTF-8 in strict mode, the same wherever it is found: "invalid UTF-8 at
// byte N (line L, column C); --encoding-errors replace goes on".
std::string InvalidUtf8Message(size_t byte, size_t line, size_t column);

// Maps byte offsets of one text to 1-based line and column numbers (column in code points).
// Build once per text. A lookup at or after the previous one on the same line counts on from
// it, so lookups in increasing order (changes come sorted) cost O(text) in all, even on one
// 200 MB line; any other lookup counts from its line start.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  struct Position {
    uint32_t line;
    uint32_t column;
  };
  Position At(size_t byte_offset);

 private:
  std::string_view text_;
  std::vector<size_t> line_starts_;
  size_t last_offset_ = 0;  // the previous lookup, where counting may go on from
  Position last_ = {1, 1};
};

}  // namespace unspin
