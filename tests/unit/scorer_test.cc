#include "score/scorer.h"

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
  static void SetUpTestSuite() {
    auto model = LanguageModel::Load(LanguageModel::DefaultPath());
    ASSERT_TRUE(model.ok()) << model.status().message();
    language_model_ = new std::shared_ptr<const LanguageModel>(*model);
  }
  void SetUp() override {
    DictionaryBuilder builder;
    ASSERT_TRUE(builder.AddFile(kDictionary, "t.tsv").ok());
    auto built = builder.Build();
    ASSERT_TRUE(built.ok());
    dictionary_ = *built;
  }

  // Scores `text`; returns (spun wording -> confidence, -1 when no entry applies).
  std::map<std::string, double> Score(std::string_view text, double* spin_score = nullptr, bool with_model = true,
                                      const ScoreModel& model = {}) {
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
    std::vector<PhraseMatch> originals;
    dictionary_->original_matcher().FindAll(ids, &originals);
    std::vector<ScoredMatch> scored;
    const Scorer scorer(*dictionary_, with_model ? language_model_->get() : nullptr, nullptr, model);
    const DocumentScore score = scorer.Score(text, tokens, ids, matches, originals, &scored);
    if (spin_score) *spin_score = score.spin_score;
    std::map<std::string, double> out;
    for (const ScoredMatch& match : scored) {
      const std::string spun(text.substr(tokens[match.match.begin].start,
                                         tokens[match.match.end - 1].end - tokens[match.match.begin].start));
      out[spun] = match.entry < 0 ? -1 : match.confidence;
    }
    return out;
  }

  std::shared_ptr<const Dictionary> dictionary_;
  static std::shared_ptr<const LanguageModel>* language_model_;
};

std::shared_ptr<const LanguageModel>* ScorerTest::language_model_ = nullptr;

TEST_F(ScorerTest, AmbiguousWordsStayBelowHalfInCleanText) {
  double spin = 1;
  auto scores = Score("Individuals raised issues.", &spin);
  EXPECT_LT(scores["Individuals"], 0.1);
  EXPECT_LT(scores["issues"], 0.1);
  EXPECT_LT(spin, 0.5);
}

TEST_F(ScorerTest, SignaturesStandOnTheirOwn) {
  auto scores = Score("Its moms and dad business grew.");
  EXPECT_GT(scores["moms and dad business"], 0.95);
}

TEST_F(ScorerTest, DocumentEvidenceLiftsAmbiguousWords) {
  double spin = 0;
  const auto alone = Score("Many individuals raised issues about the plan.");
  const auto scores = Score("Its moms and dad business saw tape highs. Many individuals raised issues about the plan.", &spin);
  EXPECT_GT(spin, 0.9);
  EXPECT_GT(scores.at("individuals"), alone.at("individuals"));
  EXPECT_GT(scores.at("individuals"), 0.5);
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

TEST_F(ScorerTest, TheLanguageModelWeighsTheWordingInItsSentence) {
  // The same entry in a spun document: where "people" fits the sentence the LM lifts it; where
  // the text's own word is the idiomatic one it holds it back.
  const std::string spun = "Its moms and dad business saw tape highs. ";
  const double fits = Score(spun + "Many individuals said they would vote.")["individuals"];
  const double idiom = Score(spun + "The rights of individuals were respected.")["individuals"];
  EXPECT_GT(fits, idiom);
}

TEST_F(ScorerTest, ConfidenceGrowsWithEvidence) {
  const double none = Score("Many individuals said so.")["individuals"];
  const double one = Score("Tape highs. Many individuals said so.")["individuals"];
  const double two = Score("Tape highs at the moms and dad business. Many individuals said so.")["individuals"];
  EXPECT_LT(none, one);
  EXPECT_LT(one, two);
}

// In one long file a passage's window reaches into the articles around it; weighed as at most
// window_evidence_words words, it decides about as the article alone would.
TEST_F(ScorerTest, AWindowOfManyWordsWeighsAsAnArticlesWorth) {
  std::string spun, article;
  for (int i = 0; i < 12; ++i) {
    spun += "The individuals at its moms and dad business said the issues were small and the spending rose to tape "
            "highs again this year, as the board had said it would in the spring. ";
  }
  for (int i = 0; i < 13; ++i) {  // about 400 words
    article += "The individuals at its moms and dad business said the issues were small and the spending rose to tape "
               "highs again this year, as the board had said it would in the spring. ";
    if (i == 6) article += "They sold the information to a firm in the city last week. ";
  }
  const std::string alone = article + "\n";
  const std::string inside = spun + "\n\n" + article + "\n\n" + spun + "\n";
  ScoreModel unweighed;  // as before window_evidence_words
  unweighed.window_evidence_words = 0;
  const double alone_now = Score(alone)["information"], inside_now = Score(inside)["information"];
  const double alone_before = Score(alone, nullptr, true, unweighed)["information"];
  const double inside_before = Score(inside, nullptr, true, unweighed)["information"];
  ASSERT_GT(inside_before, alone_before);  // more spun text around it: a higher rate
  EXPECT_LT(std::abs(inside_now - alone_now), std::abs(inside_before - alone_before) * 0.25)
      << alone_now << " " << inside_now << " / " << alone_before << " " << inside_before;
}

TEST_F(ScorerTest, CompoundsAreNotCandidates) {
  EXPECT_EQ(Score("an individuals-only event").count("individuals"), 0u);
}

TEST_F(ScorerTest, WithoutALanguageModelSignaturesStillStand) {
  EXPECT_GT(Score("Its moms and dad business grew.", nullptr, false)["moms and dad business"], 0.95);
  EXPECT_LT(Score("Individuals raised issues.", nullptr, false)["Individuals"], 0.5);
}

// The decision layer: more spin around a wording, or a stronger LM preference for the original,
// never lowers the odds that the original was the text; without either, a plain synonym stays
// far below the threshold.
TEST(DecisionLayerTest, OddsRiseWithSpinRateAndLanguageModelGain) {
  DecisionFeatures f;
  f.prior = 0.05;
  f.lm_gain = 2;
  double previous = -1e9;
  for (double rate : {0.001, 0.003, 0.007, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6}) {
    f.window_rate = rate;
    const double odds = DecisionLogOdds(f);
    EXPECT_GE(odds, previous) << "window rate " << rate;
    previous = odds;
  }
  f.window_rate = 0.15;
  previous = -1e9;
  for (double gain : {-8.0, -2.0, 0.0, 1.0, 3.0, 8.0}) {
    f.lm_gain = gain;
    const double odds = DecisionLogOdds(f);
    EXPECT_GE(odds, previous) << "lm gain " << gain;
    previous = odds;
  }
  f.lm_gain = 40;  // clamped to 8 nats
  const double beyond = DecisionLogOdds(f);
  f.lm_gain = 8;
  EXPECT_DOUBLE_EQ(beyond, DecisionLogOdds(f));
}

// The offset near the threshold keeps the order of decisions, moves the point where a change is
// applied to `offset`, and leaves confidences well away from the threshold as fitted.
TEST(DecisionLayerTest, TheOffsetActsNearTheThresholdOnly) {
  const double offset = 0.65;
  double previous = -1e9;
  for (double z = -4; z <= 4; z += 0.01) {
    const double reported = NearThreshold(z, offset);
    EXPECT_GT(reported, previous) << z;
    EXPECT_EQ(reported >= 0, z >= offset) << z;
    previous = reported;
  }
  EXPECT_DOUBLE_EQ(NearThreshold(-2.5, offset), -2.5);
  EXPECT_DOUBLE_EQ(NearThreshold(3, offset), 3);
}

TEST(DecisionLayerTest, CleanLookingWindowsStayBelowHalf) {
  DecisionFeatures f;
  f.prior = 0.05;
  f.window_rate = 0.003;  // what clean text gives
  for (double gain : {0.0, 4.0, 8.0}) {
    f.lm_gain = gain;
    EXPECT_LT(Sigmoid(NearThreshold(DecisionLogOdds(f), ScoreModel::Default().decision_offset)), 0.5) << gain;
  }
  f.window_rate = 0.3;  // a spun window, the LM for the original
  f.lm_gain = 3;
  EXPECT_GT(Sigmoid(NearThreshold(DecisionLogOdds(f), ScoreModel::Default().decision_offset)), 0.5);
}

TEST(DecisionLayerTest, WordsAreCountedAsWhiteSpaceSeparatesThem) {
  EXPECT_EQ(SpacedWords("well-known"), 1);
  EXPECT_EQ(SpacedWords(" due to  the fact\nthat "), 5);
  EXPECT_EQ(SpacedWords(""), 0);
}

}  // namespace
}  // namespace unspin::internal
