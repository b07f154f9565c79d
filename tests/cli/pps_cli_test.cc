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
  // The import's part is the prior; the confidence the scorer makes of it stays below 0.5.
  ASSERT_FALSE(changes[0]["evidence"].empty());
  EXPECT_EQ(changes[0]["evidence"][0]["kind"], "prior");
  EXPECT_NEAR(changes[0]["evidence"][0]["value"].get<double>(), 0.2, 1e-9);
  EXPECT_LT(changes[0]["confidence"].get<double>(), 0.5);
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

// An export as people have it: BOM, CRLF, semicolons, columns in another order with extra ones,
// paper counts with thousands separators ("1 520", "42,682").
const std::string kVariant = std::string(UNSPIN_SOURCE_DIR) + "/tests/data/pps-variant.csv";

TEST(PpsCli, ReadsAnExportWithOtherHeaderAndDelimiter) {
  const CommandResult run =
      RunUnspin("--no-builtin --dict=" + Quote(kVariant),
                "Counterfeit consciousness on a neural organization beat an irregular woodland; the fluffy "
                "rationale used irregular access memory.\n");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "Artificial intelligence on a neural network beat a random forest; the fuzzy logic used random access "
            "memory.\n");
  EXPECT_EQ(run.err, "");
}

TEST(PpsCli, VariantExportRowsKeepTheirLinesAndCounts) {
  const CommandResult run =
      RunUnspin("--format json --no-builtin --dict=" + Quote(kVariant), "An irregular woodland grew.\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto changes = nlohmann::json::parse(run.out)["files"][0]["changes"];
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0]["after"], "A random forest");
  EXPECT_EQ(changes[0]["rule"], "dict:" + kVariant + ":3");
  EXPECT_NE(changes[0].dump().find("pps:42682"), std::string::npos) << changes[0].dump();
  EXPECT_EQ(RunUnspin("dict check " + Quote(kVariant)).exit_code, 0);
}

TEST(PpsCli, UnrecognisedCsvHeaderStopsWithFileLineAndExpectedColumns) {
  TempDir dir;
  WriteFile(dir.path() / "mine.csv", "phrase,replacement,documents\nfluffy rationale,fuzzy logic,127\n");
  const CommandResult run = RunUnspin("--no-builtin --dict=mine.csv", "text\n", dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("mine.csv:1: not a Problematic Paper Screener CSV header"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("'phrase', 'replacement', 'documents'"), std::string::npos) << run.err;
  for (const char* column : {"'Fingerprint - Tortured Phrase'", "'Expected Text'", "'Nb Retrieved Papers'"}) {
    EXPECT_NE(run.err.find(column), std::string::npos) << column << " in " << run.err;
  }
  EXPECT_EQ(run.err.find("tab-separated"), std::string::npos) << run.err;
}

// A paper full of tortured phrases: the spin they show must not spill over onto ordinary words
// ("study" is also a news spinner's word for "learn", which has nothing to do with paper mills).
TEST(PpsCli, TorturedPaperKeepsItsOrdinarySentences) {
  const std::string sentence = "In this study we apply feature extraction to the data.";
  const std::string input =
      "Counterfeit consciousness and profound learning calculations on a neural organization beat an irregular "
      "woodland and a gullible Bayes classifier. The sign to commotion proportion was high and the fluffy "
      "rationale stayed stable under molecule swarm enhancement. " + sentence +
      " Colossal information from the irregular access memory was used for the profound learning model.\n";
  const CommandResult run = RunUnspin("", input);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(sentence), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("Counterfeit consciousness"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("neural network"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("learn we"), std::string::npos) << run.out;
  // Alone, and with its verb forms, the sentence stays as it is too.
  const std::string studies = "They studied the data, and she studies it again.";
  const CommandResult alone = RunUnspin("", input + studies + "\n");
  ASSERT_EQ(alone.exit_code, 0) << alone.err;
  EXPECT_NE(alone.out.find(studies), std::string::npos) << alone.out;
}

}  // namespace
}  // namespace unspin::testing
