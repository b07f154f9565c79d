#include "unspin/matcher.h"

#include <gtest/gtest.h>

#include <random>

namespace unspin {
namespace {

std::vector<PhraseMatch> FindMatches(const Matcher& matcher, const std::vector<TokenId>& ids) {
  std::vector<PhraseMatch> out;
  matcher.FindAll(ids, &out);
  return out;
}

TEST(Matcher, PrefersTheLongestMatchAtTheLeftmostStart) {
  // phrases: [5 1 6] and [5 1 6 1 7] and [6 1 7]
  const Matcher matcher({{5, 1, 6}, {5, 1, 6, 1, 7}, {6, 1, 7}});
  const auto matches = FindMatches(matcher, {9, 1, 5, 1, 6, 1, 7, 1, 6, 1, 7});
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].begin, 2u);
  EXPECT_EQ(matches[0].end, 7u);
  EXPECT_EQ(matches[0].phrase, 1u);
  EXPECT_EQ(matches[1].begin, 8u);
  EXPECT_EQ(matches[1].phrase, 2u);
}

TEST(Matcher, FallsBackToAShorterPhraseWhenTheLongOneBreaksOff) {
  const Matcher matcher({{5, 1, 6}, {5, 1, 6, 1, 7}});
  const auto matches = FindMatches(matcher, {5, 1, 6, 1, 8});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].end, 3u);
  EXPECT_EQ(matches[0].phrase, 0u);
}

TEST(Matcher, NeverMatchesAcrossAParagraphBreak) {
  const Matcher matcher({{5, 1, 6}});
  EXPECT_TRUE(FindMatches(matcher, {5, kParagraphToken, 6}).empty());
}

TEST(Matcher, DuplicatePhrasesResolveToTheFirst) {
  const Matcher matcher({{5}, {5}});
  const auto matches = FindMatches(matcher, {5});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].phrase, 0u);
}

// The fast matcher and the brute-force one agree on random phrase sets and token streams.
TEST(Matcher, AgreesWithTheNaiveMatcherOnRandomInput) {
  std::mt19937 random(20261130);
  for (int round = 0; round < 200; ++round) {
    std::uniform_int_distribution<TokenId> token(3, 3 + static_cast<TokenId>(round % 6) + 2);
    std::vector<std::vector<TokenId>> phrases;
    const int count = 1 + round % 25;
    for (int p = 0; p < count; ++p) {
      std::vector<TokenId> phrase;
      const int words = 1 + static_cast<int>(random() % 4);
      for (int w = 0; w < words; ++w) {
        if (w > 0) phrase.push_back(kSpaceToken);
        phrase.push_back(token(random));
      }
      phrases.push_back(phrase);
    }
    std::vector<TokenId> ids;
    for (int i = 0; i < 300; ++i) {
      ids.push_back(token(random));
      ids.push_back(random() % 17 == 0 ? kParagraphToken : kSpaceToken);
    }
    std::vector<PhraseMatch> fast, naive;
    Matcher(phrases).FindAll(ids, &fast);
    NaiveMatcher(phrases).FindAll(ids, &naive);
    ASSERT_EQ(fast.size(), naive.size()) << "round " << round;
    for (size_t i = 0; i < fast.size(); ++i) {
      EXPECT_EQ(fast[i].begin, naive[i].begin);
      EXPECT_EQ(fast[i].end, naive[i].end);
      EXPECT_EQ(phrases[fast[i].phrase], phrases[naive[i].phrase]);
    }
  }
}

}  // namespace
}  // namespace unspin
