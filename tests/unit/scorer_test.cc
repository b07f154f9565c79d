#include "scorer.h"

#include <gtest/gtest.h>

#include <map>

#include "unspin/tokenizer.h"

namespace unspin::internal {
namespace {

constexpr std::string_view kDictionary =
    "moms and dad business\tparent company\t0.99\tsignature\tseed\n"
    "tape highs\trecord highs\t0.99\tsignature\tseed\n"
    "individuals\tpeople\t0.05\tsynonym\tseed\n"
    "issues\tconcerns\t0.04\tsynonym\tseed\n"
    "issues\tproblems\t0.01\tsynonym\tseed\n"
    "information\tdata\t0.05\tsynonym\tseed\n"
    "solid\tconcrete\t0.9\tsynonym\tseed\t-\tnear:beam|slab|cement\n"
    "gadgets\tdevices\t0.9\tsynonym\tseed\t-\t!doc:kitchen\n"
    "profound learning\tdeep learning\t0.9\ttortured\tseed\t-\tdoc:neural network~1\n";

class ScorerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DictionaryBuilder builder;
    ASSERT_TRUE(builder.AddFile(kDictionary, "t.tsv").ok());
    auto built = builder.Build();
    ASSERT_TRUE(built.ok());
    dictionary_ = *built;
  }

  // Scores `text`; returns (spun wording -> confidence, -1 when no entry applies).
  std::map<std::string, double> Score(std::string_view text, double* spin_score = nullptr) {
    auto tokenizer = Tokenizer::Create();
    std::vector<Token> tokens;
    EXPECT_TRUE((*tokenizer)->Tokenize(text, &tokens).ok());
    std::vector<TokenId> ids;
    for (const Token& token : tokens) {
      ids.push_back(token.kind == TokenKind::kSpace ? (token.paragraph_break ? kParagraphToken : kSpaceToken)
                                                     : dictionary_->vocabulary().Find(token.key));
    }
    std::vector<PhraseMatch> matches;
    dictionary_->matcher().FindAll(ids, &matches);
    std::vector<ScoredMatch> scored;
    const double score = Scorer(*dictionary_).Score(ids, matches, &scored);
    if (spin_score) *spin_score = score;
    std::map<std::string, double> out;
    for (const ScoredMatch& match : scored) {
      const std::string spun(text.substr(tokens[match.match.begin].start,
                                         tokens[match.match.end - 1].end - tokens[match.match.begin].start));
      out[spun] = match.entry < 0 ? -1 : match.confidence;
    }
    return out;
  }

  std::shared_ptr<const Dictionary> dictionary_;
};

TEST_F(ScorerTest, AmbiguousWordsStayBelowHalfInCleanText) {
  double spin = 1;
  auto scores = Score("Individuals raised issues.", &spin);
  EXPECT_LT(scores["Individuals"], 0.1);
  EXPECT_LT(scores["issues"], 0.1);
  EXPECT_LT(spin, 0.01);
}

TEST_F(ScorerTest, SignaturesStandOnTheirOwn) {
  auto scores = Score("Its moms and dad business grew.");
  EXPECT_GT(scores["moms and dad business"], 0.95);
}

TEST_F(ScorerTest, DocumentEvidenceLiftsAmbiguousWords) {
  double spin = 0;
  auto scores = Score("Its moms and dad business saw tape highs. Individuals raised issues.", &spin);
  EXPECT_GT(spin, 0.99);
  EXPECT_GT(scores["Individuals"], 0.5);
  // "issues" has two originals: the best gets its share of the probability that it was spun.
  EXPECT_GT(scores["issues"], 0.5);
  EXPECT_LT(scores["issues"], 0.81);
}

TEST_F(ScorerTest, ContextConditionsGateEntries) {
  EXPECT_GT(Score("pour the solid slab")["solid"], 0.5);
  EXPECT_EQ(Score("a solid argument")["solid"], -1);
  EXPECT_EQ(Score("pour the slab. a solid argument")["solid"], -1);  // near: stays in the sentence
  EXPECT_GT(Score("new gadgets")["gadgets"], 0.5);
  EXPECT_EQ(Score("kitchen gadgets")["gadgets"], -1);
}

TEST_F(ScorerTest, PhraseConditionsAllowGaps) {
  EXPECT_GT(Score("profound learning with a neural network")["profound learning"], 0.5);
  EXPECT_GT(Score("profound learning with a neural deep network")["profound learning"], 0.5);
  EXPECT_EQ(Score("profound learning, a neural and deep network")["profound learning"], -1);
  EXPECT_EQ(Score("a profound learning experience")["profound learning"], -1);
}

TEST_F(ScorerTest, OrdinaryEnglishStaysBelowItsCeilingHoweverSpunTheDocument) {
  // "information" is far more common than "data" in clean English: most of its occurrences are
  // original even in a spun document.
  const double confidence =
      Score("moms and dad business, tape highs, solid slab, new gadgets: information")["information"];
  EXPECT_GT(confidence, 0.05);
  EXPECT_LT(confidence, 0.5);
  EXPECT_GT(Score("moms and dad business, tape highs, solid slab, new gadgets: individuals")["individuals"], 0.5);
}

TEST_F(ScorerTest, ConfidenceGrowsWithEvidence) {
  const double none = Score("individuals")["individuals"];
  const double one = Score("tape highs, individuals")["individuals"];
  const double two = Score("tape highs, moms and dad business, individuals")["individuals"];
  EXPECT_LT(none, one);
  EXPECT_LT(one, two);
}

}  // namespace
}  // namespace unspin::internal
