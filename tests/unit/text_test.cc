#include "unspin/text.h"

#include <gtest/gtest.h>

namespace unspin {
namespace {

TEST(FindInvalidUtf8, AcceptsWellFormedText) {
  EXPECT_EQ(FindInvalidUtf8(""), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("plain ASCII"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80 \xE4\xB8\xAD"), std::nullopt);
}

TEST(FindInvalidUtf8, ReportsTheFirstBadByte) {
  EXPECT_EQ(FindInvalidUtf8("ab\xFF" "cd"), 2u);
  EXPECT_EQ(FindInvalidUtf8("ok \xC3"), 3u);                  // truncated sequence at the end
  EXPECT_EQ(FindInvalidUtf8("x\xC0\xAF"), 1u);                // overlong "/"
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80 surrogate"), 0u);   // UTF-16 surrogate
}

// UTF-16 of Latin text is NUL beside ASCII; NUL beside other bytes is UTF-8 (found by fuzz_clean:
// "\0\x91" cleaned with replace is "\0\xEF\xBF\xBD", which a second run took for UTF-16).
TEST(DiagnoseUtf16, TakesNulBesideAsciiForUtf16AndNothingElse) {
  using namespace std::string_literals;
  EXPECT_TRUE(DiagnoseUtf16("h\0e\0l\0l\0o\0\n\0"s).has_value());   // little-endian
  EXPECT_TRUE(DiagnoseUtf16("\0h\0e\0l\0l\0o\0\n"s).has_value());   // big-endian
  EXPECT_TRUE(DiagnoseUtf16("\xFF\xFEh\0i\0"s).has_value());            // a byte-order mark
  EXPECT_FALSE(DiagnoseUtf16("\0\xEF\xBF\xBD"s).has_value());
  EXPECT_FALSE(DiagnoseUtf16("\0\xEF\xBF\xBD\0\xEF\xBF\xBD"s).has_value());
  EXPECT_FALSE(DiagnoseUtf16("plain text"s).has_value());
}

TEST(LineIndex, GivesOneBasedLinesAndCodePointColumns) {
  const std::string text = "ab\ncaf\xC3\xA9 x\n\nz";
  LineIndex index(text);
  EXPECT_EQ(index.At(0).line, 1u);
  EXPECT_EQ(index.At(0).column, 1u);
  EXPECT_EQ(index.At(1).column, 2u);
  EXPECT_EQ(index.At(3).line, 2u);
  EXPECT_EQ(index.At(3).column, 1u);
  // "x" follows "café " whose é takes two bytes: byte 9, column 6.
  EXPECT_EQ(index.At(9).line, 2u);
  EXPECT_EQ(index.At(9).column, 6u);
  EXPECT_EQ(index.At(text.size() - 1).line, 4u);
}

// Lookups count on from the previous one; going back, or to another line, must still be right.
TEST(LineIndex, LookupsInAnyOrderAgreeWithCountingFromTheLineStart) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += i % 37 == 0 ? "\n" : i % 3 == 0 ? "\xC3\xA9" : "ab ";
  LineIndex index(text);
  const size_t offsets[] = {0, 5, 5, 40, 41, 12, 300, 299, 300, 0, text.size()};
  for (size_t offset : offsets) {
    size_t line = 1, line_start = 0;
    for (size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') ++line, line_start = i + 1;
    }
    uint32_t column = 1;
    for (size_t i = line_start; i < offset; ++i) column += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    const LineIndex::Position at = index.At(offset);
    EXPECT_EQ(at.line, line) << offset;
    EXPECT_EQ(at.column, column) << offset;
  }
}

}  // namespace
}  // namespace unspin
