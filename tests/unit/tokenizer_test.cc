#include "unspin/tokenizer.h"

#include <algorithm>
#include <random>

#include "random_texts.h"
#include "edit_layer.h"
#include "retokenize.h"

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

// Retokenize (src/retokenize.h) against a whole Tokenize, on corpus texts and on random ones,
// with random edits: inserted and removed spaces and blank lines, replaced words, combining
// marks, CJK, apostrophes, edits at the very start and end and side by side.
namespace unspin::retokenize_test {

Change EditAt(std::string_view text, size_t start, size_t end, std::string after) {
  Change change;
  change.start = start;
  change.end = end;
  change.before = std::string(text.substr(start, end - start));
  change.after = std::move(after);
  change.applied = true;
  change.rule = "test";
  return change;
}

// A random UTF-8 character boundary of `text` at or before `offset`.
size_t Boundary(std::string_view text, size_t offset) {
  while (offset > 0 && offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) --offset;
  return offset;
}

TEST(Retokenize, GivesWhatTokenizingTheEditedTextGives) {
  auto tokenizer = Tokenizer::Create();
  ASSERT_TRUE(tokenizer.ok());
  static const char* const kInserts[] = {" ", "", "\n\n", "\n", "word", "Word ", " the ", "\xCC\x81", "\xE4\xB8\xAD\xE6\x96\x87",
                                         "\xE2\x80\x99s", "'", "-", ".", "  ", "\t", "x\n\ny", "\xE2\x80\x8B", "2019",
                                         "\r\n", "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8", "\xE2\x80\x8D", "\xE0\xB8\x81\xE0\xB8\xB2",
                                         "e\xCC\x81 "};
  std::vector<std::string> texts = testing_inputs::RandomTexts(60, 21);
  std::mt19937 random(5);
  for (int k = 0; k < 100; ++k) {  // random strings of those pieces
    std::string text;
    for (int i = 0; i < 30; ++i) text += kInserts[random() % std::size(kInserts)];
    texts.push_back(text);
  }
  size_t checked = 0;
  for (const std::string& text : texts) {
    for (int round = 0; round < 20; ++round) {
      // Up to 6 non-overlapping edits at random places, sorted.
      std::vector<size_t> cuts;
      const size_t edits = 1 + random() % 6;
      for (size_t i = 0; i < 2 * edits; ++i) cuts.push_back(Boundary(text, text.empty() ? 0 : random() % (text.size() + 1)));
      std::sort(cuts.begin(), cuts.end());
      std::vector<Change> changes;
      for (size_t i = 0; i + 1 < cuts.size(); i += 2) {
        const size_t end = random() % 3 == 0 ? cuts[i] : cuts[i + 1];  // a third are insertions
        changes.push_back(EditAt(text, cuts[i], end, kInserts[random() % std::size(kInserts)]));
      }
      internal::SortChanges(&changes);
      const internal::EditLayer layer(text, changes);
      std::vector<Token> tokens, expected;
      ASSERT_TRUE((*tokenizer)->Tokenize(text, &tokens).ok());
      ASSERT_TRUE(internal::Retokenize(**tokenizer, layer, &tokens).ok());
      ASSERT_TRUE((*tokenizer)->Tokenize(layer.target(), &expected).ok());
      if (tokens.size() != expected.size()) {
        std::string got, want;
        for (const Token& t : tokens) got += "[" + std::string(layer.target().substr(t.start, t.end - t.start)) + "]";
        for (const Token& t : expected) want += "[" + std::string(layer.target().substr(t.start, t.end - t.start)) + "]";
        std::string edits;
        for (const Change& c : changes) edits += std::to_string(c.start) + "-" + std::to_string(c.end) + ":'" + c.after + "' ";
        ADD_FAILURE() << "edits " << edits << "\ngot  " << got << "\nwant " << want;
      }
      ASSERT_EQ(tokens.size(), expected.size()) << "text: " << text << "\nedited: " << layer.target();
      for (size_t i = 0; i < tokens.size(); ++i) {
        ASSERT_EQ(tokens[i].start, expected[i].start) << i << " in " << layer.target();
        ASSERT_EQ(tokens[i].end, expected[i].end) << i << " in " << layer.target();
        ASSERT_EQ(tokens[i].kind, expected[i].kind) << i;
        ASSERT_EQ(tokens[i].paragraph_break, expected[i].paragraph_break) << i;
        ASSERT_EQ(tokens[i].key, expected[i].key) << i;
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, texts.size() * 20);
}

}  // namespace retokenize_test
