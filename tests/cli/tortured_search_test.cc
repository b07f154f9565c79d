// The tortured-phrase search beyond the dictionary, through the real binary: a dictionary of a
// few tortured phrases teaches the word swaps paper mills make, and the search must find other
// phrases made of those swaps, without the built-in dictionary (which lists them all).
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "process.h"

namespace unspin::testing {
namespace {

namespace fs = std::filesystem;

// "examination" -> "exam" is a news spinner's entry with a low prior: on its own it is held.
const char kDictionary[] =
    "examination\texam\t0.05\tsynonym\twritten\t-\t-\n"
    "factual investigation\tstatistical analysis\t0.95\ttortured\twritten\t-\t-\n"
    "measurable examination\tstatistical analysis\t0.95\ttortured\twritten\t-\t-\n"
    "incomplete differential condition\tpartial differential equation\t0.95\ttortured\twritten\t-\t-\n"
    "halfway values\tpartial values\t0.95\ttortured\twritten\t-\t-\n"
    "differential condition\tdifferential equation\t0.95\ttortured\twritten\t-\t-\n"
    "sunlight based\tsolar\t0.95\ttortured\twritten\t-\t-\n"
    "sun powered vitality\tsolar energy\t0.95\ttortured\twritten\t-\t-\n"
    "vitality proficiency\tenergy efficiency\t0.95\ttortured\twritten\t-\t-\n"
    "energy proficiency scale\tfuel efficiency scale\t0.95\ttortured\twritten\t-\t-\n";

class TorturedSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("unspin-tortured-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    WriteFile(dir_ / "d.tsv", kDictionary);
  }
  void TearDown() override { fs::remove_all(dir_); }

  nlohmann::json Changes(const std::string& input) {
    const CommandResult run = RunUnspin("--no-builtin --dict d.tsv --format json", input, dir_);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out)["files"][0]["changes"];
  }
  static const nlohmann::json* Find(const nlohmann::json& changes, const std::string& before) {
    for (const auto& change : changes) {
      if (change["before"] == before) return &change;
    }
    return nullptr;
  }
  static bool HasEvidence(const nlohmann::json& change, const std::string& kind) {
    for (const auto& evidence : change["evidence"]) {
      if (evidence["kind"] == kind) return true;
    }
    return false;
  }

  fs::path dir_;
};

// "factual examination" is in no entry: the swaps factual -> statistical and examination ->
// analysis are. The weak news entry on "examination" does not keep the search off the word.
TEST_F(TorturedSearch, AWeakDictionaryMatchYieldsToATorturedPhrase) {
  const auto changes = Changes("We ran a factual examination of the survey data.\n");
  ASSERT_EQ(changes.size(), 1u) << changes.dump(1);
  EXPECT_EQ(changes[0]["before"], "factual examination");
  EXPECT_EQ(changes[0]["after"], "statistical analysis");
  EXPECT_EQ(changes[0]["rule"], "tortured-phrase");
  EXPECT_TRUE(changes[0]["applied"].get<bool>());
}

// Whether a dictionary entry's doc: condition holds can turn on a word thousands of words away;
// the search must decide the same either way (here "factual" is covered by a conditioned entry,
// which itself rightly reports differently).
TEST_F(TorturedSearch, AFarAwayConditionDoesNotChangeTheSearch) {
  WriteFile(dir_ / "conditioned.tsv", "factual\treal\t0.05\tsynonym\twritten\t-\tdoc:stadium\n");
  auto changes_on = [&](const std::string& input) {
    const CommandResult run = RunUnspin("--no-builtin --dict d.tsv --dict conditioned.tsv --format json", input, dir_);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    const auto report = nlohmann::json::parse(run.out);
    nlohmann::json found = nlohmann::json::array();
    for (const auto& change : report["files"][0]["changes"]) {
      if (change["rule"] == "tortured-phrase") found.push_back({change["before"], change["after"], change["confidence"]});
    }
    return found;
  };
  std::string filler;
  for (int i = 0; i < 400; ++i) filler += "The rain fell on the town all day long.\n";
  const std::string sentence = "We ran a factual examination of the survey data.\n";
  EXPECT_EQ(changes_on(sentence + filler), changes_on(sentence + filler + "The stadium was full.\n"));
}

// Other tortured phrases the search finds close by ("measurable investigation", from the swaps
// of two entries) raise a phrase's confidence, and say so; the same phrases far apart (more than 150 words of ordinary text between them) count as alone.
TEST_F(TorturedSearch, NearbyTorturedPhrasesAreEvidenceWithinAWindow) {
  const std::string first = "We ran a factual examination of the survey data.";
  const std::string second = "A measurable investigation came last.";
  const auto alone = Changes(first + "\n");
  const auto together = Changes(first + " " + second + "\n");
  std::string filler;
  for (int i = 0; i < 40; ++i) filler += "The rain fell on the town all day. ";
  const auto apart = Changes(first + " " + filler + second + "\n");

  const auto* one = Find(alone, "factual examination");
  const auto* near = Find(together, "factual examination");
  const auto* far = Find(apart, "factual examination");
  ASSERT_TRUE(one && near && far);
  EXPECT_GT(near->at("confidence").get<double>(), one->at("confidence").get<double>());
  EXPECT_TRUE(HasEvidence(*near, "nearby")) << near->dump(1);
  EXPECT_FALSE(HasEvidence(*one, "nearby"));
  EXPECT_FALSE(HasEvidence(*far, "nearby")) << far->dump(1);
  EXPECT_DOUBLE_EQ(far->at("confidence").get<double>(), one->at("confidence").get<double>());
}

// A restored term grows by a neighbouring word whose swap makes a longer established term.
TEST_F(TorturedSearch, ARestoredTermGrowsIntoTheLongerTermAroundIt) {
  const auto changes = Changes("We solve a halfway differential condition on the grid.\n");
  ASSERT_EQ(changes.size(), 1u) << changes.dump(1);
  EXPECT_EQ(changes[0]["before"], "halfway differential condition");
  EXPECT_EQ(changes[0]["after"], "partial differential equation");
  EXPECT_TRUE(HasEvidence(changes[0], "extended")) << changes[0].dump(1);
  // A word no swap of which makes a longer term is left out of the change.
  const auto kept = Changes("We solve a stochastic differential condition on the grid.\n");
  ASSERT_EQ(kept.size(), 1u) << kept.dump(1);
  EXPECT_EQ(kept[0]["before"], "differential condition");
  // Nor is a word that makes a longer term as it stands ("solar radiation"), even where a swap of
  // it would make another ("solar energy").
  const auto radiation = Changes("The sunlight based radiation was measured at noon.\n");
  ASSERT_EQ(radiation.size(), 1u) << radiation.dump(1);
  EXPECT_EQ(radiation[0]["before"], "sunlight based");
  EXPECT_EQ(radiation[0]["after"], "solar");
}

// Of two terms the search could make, the one that changes fewer words wins: "energy" was not
// swapped, so "energy proficiency" is never "fuel efficiency".
TEST_F(TorturedSearch, AWordThatNeedNotChangeIsKept) {
  const auto changes = Changes("The energy proficiency of the plant rose.\n");
  for (const auto& change : changes) {
    EXPECT_NE(change["after"], "fuel efficiency") << change.dump(1);
  }
}

}  // namespace
}  // namespace unspin::testing
