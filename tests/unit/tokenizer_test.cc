#include "unspin/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace unspin {
namespace {

std::vector<Token> TokenizeOrDie(std::string_view text) {
  auto tokenizer = Tokenizer::Create();
  EXPECT_TRUE(tokenizer.ok());
  std::vector<Token> tokens;
  EXPECT_TRUE((*tokenizer)->Tokenize(text, &tokens).ok());
  return tokens;
}

std::vector<std::string> Keys(const std::vector<Token>& tokens) {
  std::vector<std::string> keys;
  for (const Token& token : tokens) keys.push_back(token.kind == TokenKind::kSpace ? "_" : token.key);
  return keys;
}

TEST(Tokenizer, CoversTheTextWithByteOffsets) {
  const std::string text = "Moms and dad business, in 2015.";
  const auto tokens = TokenizeOrDie(text);
  size_t position = 0;
  for (const Token& token : tokens) {
    EXPECT_EQ(token.start, position);
    EXPECT_GT(token.end, token.start);
    position = token.end;
  }
  EXPECT_EQ(position, text.size());
  EXPECT_EQ(Keys(tokens), (std::vector<std::string>{"moms", "_", "and", "_", "dad", "_", "business", ",", "_",
                                                    "in", "_", "2015", "."}));
  EXPECT_EQ(tokens[0].kind, TokenKind::kWord);
  EXPECT_EQ(tokens[7].kind, TokenKind::kPunctuation);
  EXPECT_EQ(tokens[11].kind, TokenKind::kNumber);
}

TEST(Tokenizer, CurlyAndStraightApostrophesMatchAlike) {
  const auto curly = TokenizeOrDie("It\xE2\x80\x99s");
  const auto straight = TokenizeOrDie("it's");
  ASSERT_EQ(curly.size(), 1u);
  ASSERT_EQ(straight.size(), 1u);
  EXPECT_EQ(curly[0].key, "it's");
  EXPECT_EQ(straight[0].key, "it's");
}

TEST(Tokenizer, FoldsCaseBeyondAscii) {
  EXPECT_EQ(FoldKey("STRASSE"), "strasse");
  EXPECT_EQ(FoldKey("Stra\xC3\x9F" "e"), "strasse");  // ß folds to ss
  EXPECT_EQ(FoldKey("\xC3\x89T\xC3\x89"), "\xC3\xA9t\xC3\xA9");
}

TEST(Tokenizer, MergesWhiteSpaceAndMarksParagraphBreaks) {
  const auto tokens = TokenizeOrDie("one \n two\n\nthree\r\n\r\nfour");
  ASSERT_EQ(Keys(tokens), (std::vector<std::string>{"one", "_", "two", "_", "three", "_", "four"}));
  EXPECT_FALSE(tokens[1].paragraph_break);
  EXPECT_TRUE(tokens[3].paragraph_break);
  EXPECT_TRUE(tokens[5].paragraph_break);
}

TEST(Tokenizer, KeepsOtherScriptsAndEmojiIntact) {
  const std::string text = "\xE4\xB8\xAD\xE6\x96\x87 \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xF0\x9F\x98\x80!";
  const auto tokens = TokenizeOrDie(text);
  std::string rebuilt;
  for (const Token& token : tokens) rebuilt += text.substr(token.start, token.end - token.start);
  EXPECT_EQ(rebuilt, text);
  EXPECT_EQ(tokens.back().key, "!");
}

TEST(Tokenizer, EmptyInputGivesNoTokens) { EXPECT_TRUE(TokenizeOrDie("").empty()); }

}  // namespace
}  // namespace unspin
