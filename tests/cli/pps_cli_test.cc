// `--dict` with a Problematic Paper Screener CSV export, through the real binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "process.h"

namespace unspin::testing {
namespace {

namespace fs = std::filesystem;

const std::string kSample = std::string(UNSPIN_SOURCE_DIR) + "/tests/data/pps-sample.csv";
const std::string kSampleArgs = "--no-builtin --dict " + Quote(kSample);

TEST(PpsCli, RestoresTorturedPhrasesFromTheSampleExport) {
  const CommandResult run = RunUnspin(kSampleArgs,
                                      "Counterfeit consciousness and profound learning on a neural organization beat "
                                      "an irregular woodland.\n"
                                      "Colossal information helps bosom peril screening; exactness, review are high.\n");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "Artificial intelligence and deep learning on a neural network beat a random forest.\n"
            "Big data helps breast cancer screening; precision, recall are high.\n");
  EXPECT_EQ(run.err, "");
}

TEST(PpsCli, ConditionsOfTheSampleHold) {
  // "profound learning" needs "neural organization"; "colossal information" is left alone in a
  // text about tortured phrases.
  const std::string input = "Profound learning and colossal information are tortured phrases.\n";
  const CommandResult run = RunUnspin(kSampleArgs, input);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, input);
}

TEST(PpsCli, JsonReportNamesTheCsvRow) {
  const CommandResult run = RunUnspin("--format json " + kSampleArgs, "The fluffy rationale works.\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto report = nlohmann::json::parse(run.out);
  const auto& changes = report["files"][0]["changes"];
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0]["before"], "fluffy rationale");
  EXPECT_EQ(changes[0]["after"], "fuzzy logic");
  EXPECT_EQ(changes[0]["rule"], "dict:" + kSample + ":13");
  EXPECT_EQ(changes[0]["category"], "tortured");
  EXPECT_TRUE(changes[0]["applied"].get<bool>());
}

TEST(PpsCli, UncertainRowIsOnlyReportedOnItsOwn) {
  // "cluster analysis? / group analysis": a 0.2 prior, below --min-confidence without other spin.
  const CommandResult run = RunUnspin("--format json " + kSampleArgs, "The gathering examination was long.\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto report = nlohmann::json::parse(run.out);
  const auto& changes = report["files"][0]["changes"];
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0]["before"], "gathering examination");
  EXPECT_EQ(changes[0]["after"], "cluster analysis");
  EXPECT_EQ(changes[0]["rule"], "dict:" + kSample + ":9");
  EXPECT_NEAR(changes[0]["confidence"].get<double>(), 0.2, 1e-9);
  EXPECT_FALSE(changes[0]["applied"].get<bool>());
}

TEST(PpsCli, MalformedExportStopsWithFileAndLine) {
  const fs::path dir = fs::temp_directory_path() / ("unspin-pps-" + std::to_string(::getpid()));
  WriteFile(dir / "bad.csv",
            "Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers\n"
            "\"\"\"fluffy rationale\"\"\",fuzzy logic,127\n"
            "\"(\"\"bosom peril\"\" OR \"\"bosom malignant growth\"\"\",breast cancer,212\n");
  const CommandResult run = RunUnspin("--no-builtin --dict bad.csv", "text\n", dir);
  fs::remove_all(dir);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("bad.csv:3: unbalanced parentheses"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace unspin::testing
