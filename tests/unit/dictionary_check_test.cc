#include "unspin/dictionary_check.h"

#include <gtest/gtest.h>

namespace unspin {
namespace {

std::vector<std::string> Messages(const std::vector<NamedContent>& files) {
  std::vector<std::string> out;
  for (const Finding& finding : CheckDictionaryFiles(files)) {
    out.push_back(finding.location + (finding.severity == Finding::Severity::kError ? " error: " : " warning: ") +
                  finding.message);
  }
  return out;
}

TEST(DictionaryCheck, ACleanFileHasNoFindings) {
  EXPECT_TRUE(Messages({{"a.tsv", "# ok\nmoms and dad business\tparent company\t0.99\tsignature\tseed\n"}}).empty());
}

TEST(DictionaryCheck, ReportsEveryMalformedLine) {
  const auto messages = Messages({{"a.tsv", "bad line\ngloob\tfine\t0.5\tsynonym\tseed\nx\ty\t2\tsynonym\tseed\n"}});
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].rfind("a.tsv:1 error: expected at least 5", 0), 0u);
  EXPECT_EQ(messages[1], "a.tsv:3 error: prior (field 3) must be in (0, 1], found 2");
}

// `dict check` was silent about invalid UTF-8, and checked the other files on.
TEST(DictionaryCheck, ReportsInvalidUtf8AndPhrasesTooLong) {
  const auto messages = Messages({{"a.tsv", "gloob\tfine\t0.5\tsynonym\tseed\nx\xC3\ty\t0.5\tsynonym\tseed\n"},
                                  {"b.tsv", "a b c d e f g h i j k l m\tfine\t0.5\tsynonym\tseed\n"}});
  EXPECT_EQ(messages, (std::vector<std::string>{"a.tsv:2 error: invalid UTF-8",
                                                "b.tsv:1 error: phrase too long (13 words; at most 12)"}));
}

TEST(DictionaryCheck, FindsDuplicatesAcrossFiles) {
  const auto messages = Messages({{"a.tsv", "tape highs\trecord highs\t0.99\tsignature\tseed\n"},
                                  {"b.tsv", "# x\nTape  Highs\trecord highs\t0.9\tsignature\tseed\n"}});
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "b.tsv:2 error: duplicate of a.tsv:1 ('Tape  Highs' -> 'record highs')");
}

TEST(DictionaryCheck, FindsConflictingPriors) {
  const auto messages = Messages({{"a.tsv", "blorp\tone\t0.7\tsignature\tseed\nblorp\ttwo\t0.6\tsignature\tseed\n"}});
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("conflict: the priors of the originals for 'blorp' add up to 1.3"), std::string::npos);
}

TEST(DictionaryCheck, FindsCycles) {
  const auto messages = Messages({{"a.tsv", "zorb\tquix\t0.9\tsignature\tseed\nquix\tflum\t0.9\tsignature\tseed\n"
                                            "flum\tzorb\t0.9\tsignature\tseed\n"}});
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("cycle: "), std::string::npos);
  EXPECT_NE(messages[0].find("would flip wording back and forth"), std::string::npos);
}

TEST(DictionaryCheck, FlagsOrdinaryEnglishWithAHighPrior) {
  const auto messages = Messages({{"a.tsv", "information\tdata\t0.9\tsynonym\tseed\n"
                                            "people\tfolks\t0.4\tsynonym\tseed\n"
                                            "individuals\tpeople\t0.05\tsynonym\tseed\n"
                                            "solid\tconcrete\t0.9\tsynonym\tseed\t-\tnear:beam|slab\n"}});
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].rfind("a.tsv:1 error: 'information' is ordinary English", 0), 0u);
  EXPECT_EQ(messages[1].rfind("a.tsv:2 warning: 'people' is ordinary English", 0), 0u);
}

TEST(DictionaryCheck, ChecksInflectedFormsToo) {
  const auto messages = Messages({{"a.tsv", "make\tbuild\t0.9\tsynonym\tseed\tverb\n"}});
  ASSERT_GE(messages.size(), 1u);
  EXPECT_NE(messages[0].find("'make' is ordinary English"), std::string::npos);
}

TEST(EnglishPerMillion, KnowsCommonWordsAndPhrases) {
  EXPECT_GT(EnglishPerMillion("information"), 10);
  EXPECT_GT(EnglishPerMillion("In Spite Of"), 1);
  EXPECT_EQ(EnglishPerMillion("moms and dad business"), 0);
}

}  // namespace
}  // namespace unspin
