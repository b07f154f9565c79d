#include "unspin/text.h"

#include <unicode/utf8.h>

#include <algorithm>

namespace unspin {

std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {  // ASCII fast path
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return std::nullopt;
}

std::string InvalidUtf8Message(size_t byte, size_t line, size_t column) {
  return "invalid UTF-8 at byte " + std::to_string(byte) + " (line " + std::to_string(line) + ", column " +
         std::to_string(column) + "); --encoding-errors replace goes on";
}

std::optional<std::string> DiagnoseUtf16(std::string_view bytes) {
  const char* why = nullptr;
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    why = "byte-order mark";
  } else {
    // UTF-16 of Latin text without a mark: NUL in most even or most odd bytes, and the bytes
    // between them mostly ASCII letters, digits, punctuation and spaces. (NUL beside bytes that
    // are not, "\0\xEF\xBF\xBD", is UTF-8: cleaning "\0\x91" with replace makes it.)
    const std::string_view start = bytes.substr(0, 4096);
    size_t nul[2] = {0, 0}, ascii[2] = {0, 0};
    for (size_t i = 0; i < start.size(); ++i) {
      const auto c = static_cast<unsigned char>(start[i]);
      nul[i % 2] += c == 0;
      ascii[i % 2] += (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || c == '\r';
    }
    const size_t at = nul[0] >= nul[1] ? 0 : 1;  // the parity of the NULs, the high bytes
    const size_t most = nul[at], fewest = nul[1 - at];
    const size_t others = at == 0 ? start.size() / 2 : (start.size() + 1) / 2;  // bytes of the other parity
    if (start.size() >= 4 && most * 4 >= start.size() && fewest * 10 <= most && ascii[1 - at] * 4 >= others * 3) {
      why = "NUL in every other byte";
    }
  }
  if (why == nullptr) return std::nullopt;
  return std::string("looks like UTF-16 (") + why + "); convert it to UTF-8, e.g. with iconv -f UTF-16 -t UTF-8";
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

LineIndex::Position LineIndex::At(size_t byte_offset) {
  byte_offset = std::min(byte_offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  const size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
  size_t from = line_starts_[line - 1];
  uint32_t column = 1;
  if (last_.line == line && last_offset_ >= from && last_offset_ <= byte_offset) {
    from = last_offset_;
    column = last_.column;
  }
  for (size_t i = from; i < byte_offset; ++i) {
    // Count code points: every byte that is not a UTF-8 continuation byte starts one.
    if ((static_cast<uint8_t>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  last_offset_ = byte_offset;
  last_ = {static_cast<uint32_t>(line), column};
  return last_;
}

}  // namespace unspin
