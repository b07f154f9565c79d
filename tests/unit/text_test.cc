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

}  // namespace
}  // namespace unspin
