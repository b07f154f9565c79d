#include "rewriter.h"

#include <gtest/gtest.h>

namespace unspin::internal {
namespace {

TEST(MatchCase, FollowsTheSpunTextsCasePattern) {
  EXPECT_EQ(MatchCase("moms and dad business", "parent company"), "parent company");
  EXPECT_EQ(MatchCase("Moms and dad business", "parent company"), "Parent company");
  EXPECT_EQ(MatchCase("MOMS AND DAD BUSINESS", "parent company"), "PARENT COMPANY");
  EXPECT_EQ(MatchCase("Job Texas", "project texas"), "Project Texas");
  EXPECT_EQ(MatchCase("\xC3\xA9tat", "state"), "state");
  EXPECT_EQ(MatchCase("\xC3\x89tat", "\xC3\xA9tat"), "\xC3\x89tat");  // ICU title-cases non-ASCII
}

TEST(MatchCase, KeepsNamesAsWritten) {
  EXPECT_EQ(MatchCase("tiktookay", "TikTok"), "TikTok");
  EXPECT_EQ(MatchCase("Wall Road Journal", "Wall Street Journal"), "Wall Street Journal");
  EXPECT_EQ(MatchCase("TIKTOOKAY", "TikTok"), "TIKTOK");
}

TEST(ArticleFor, FollowsTheFirstSound) {
  EXPECT_EQ(ArticleFor("key"), "a");
  EXPECT_EQ(ArticleFor("essential"), "an");
  EXPECT_EQ(ArticleFor("outcome"), "an");
  EXPECT_EQ(ArticleFor("user"), "a");
  EXPECT_EQ(ArticleFor("unique"), "a");
  EXPECT_EQ(ArticleFor("hour"), "an");
  EXPECT_EQ(ArticleFor("one-off"), "a");
  EXPECT_EQ(ArticleFor("Impediment"), "an");
  EXPECT_EQ(ArticleFor("FBI"), "");
  EXPECT_EQ(ArticleFor("2023"), "");
}

}  // namespace
}  // namespace unspin::internal
