// `unspin check`: spin scores, tells and exit codes, through the real binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "process.h"

namespace unspin::testing {
namespace {

const std::string kSpun = std::string(UNSPIN_SOURCE_DIR) + "/examples/seed/spun.txt";
const std::string kPpsSample = std::string(UNSPIN_SOURCE_DIR) + "/tests/data/pps-sample.csv";
const std::string kClean =
    "The city council met on Tuesday evening to discuss the new budget. Members agreed to spend more on "
    "schools and roads next year, and the mayor said she would sign the plan before the end of the month.\n";
const std::string kTortured =
    "Counterfeit consciousness and profound learning on a neural organization beat an irregular woodland.\n";

TEST(CheckCli, SeedArticleIsSpun) {
  const CommandResult run = RunUnspin("check " + Quote(kSpun));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.err, "");
  ASSERT_EQ(run.out.rfind(kSpun + ": ", 0), 0u) << run.out;
  EXPECT_TRUE(std::regex_match(run.out.substr(kSpun.size() + 2),
                               std::regex(R"(spun (0\.[5-9]\d|1\.00) \(tells: [^\n]+\)\n)")))
      << run.out;
}

TEST(CheckCli, CleanParagraphIsClean) {
  TempDir dir;
  WriteFile(dir.path() / "clean.txt", kClean);
  const CommandResult run = RunUnspin("check clean.txt", "", dir.path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(std::regex_match(run.out, std::regex(R"(clean\.txt: clean (0\.[0-4]\d|0\.50)\n)"))) << run.out;
}

TEST(CheckCli, ThresholdOneCallsNothingSpun) {
  const CommandResult run = RunUnspin("check --threshold 1 " + Quote(kSpun));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(": clean "), std::string::npos) << run.out;
  EXPECT_EQ(RunUnspin("check --threshold 0 " + Quote(kSpun)).exit_code, 1);
}

TEST(CheckCli, JsonReportHasScoresTellsAndSummary) {
  TempDir dir;
  WriteFile(dir.path() / "clean.txt", kClean);
  const CommandResult run = RunUnspin("check --format json " + Quote(kSpun) + " clean.txt", "", dir.path());
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const auto report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report["schema_version"], 1);
  ASSERT_EQ(report["files"].size(), 2u);
  const auto& spun = report["files"][0];
  EXPECT_EQ(spun["path"], kSpun);
  EXPECT_GT(spun["spin_score"].get<double>(), 0.5);
  EXPECT_TRUE(spun["spun"].get<bool>());
  ASSERT_TRUE(spun["tells"].is_array());
  ASSERT_FALSE(spun["tells"].empty());
  for (const auto& tell : spun["tells"]) {
    EXPECT_TRUE(tell["kind"].is_string()) << tell;
    EXPECT_TRUE(tell["detail"].is_string()) << tell;
    EXPECT_TRUE(tell["value"].is_number()) << tell;
  }
  const auto& clean = report["files"][1];
  EXPECT_EQ(clean["path"], "clean.txt");
  EXPECT_LE(clean["spin_score"].get<double>(), 0.5);
  EXPECT_FALSE(clean["spun"].get<bool>());
  EXPECT_TRUE(clean["tells"].is_array());
  EXPECT_EQ(report["summary"]["files"], 2);
  EXPECT_EQ(report["summary"]["spun"], 1);
  EXPECT_EQ(report["summary"]["failed"], 0);
}

TEST(CheckCli, JsonLinesGiveOneObjectPerFile) {
  const CommandResult run = RunUnspin("check --format jsonl " + Quote(kSpun) + " -", kClean);
  ASSERT_EQ(run.exit_code, 1) << run.err;
  std::istringstream lines(run.out);
  std::string line;
  std::vector<nlohmann::json> objects;
  while (std::getline(lines, line)) objects.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_TRUE(objects[0]["spun"].get<bool>());
  EXPECT_EQ(objects[1]["path"], "-");
  EXPECT_FALSE(objects[1]["spun"].get<bool>());
}

TEST(CheckCli, MissingFileExitsThreeAndNamesIt) {
  TempDir dir;
  WriteFile(dir.path() / "clean.txt", kClean);
  const CommandResult run = RunUnspin("check missing.txt clean.txt", "", dir.path());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("unspin: missing.txt: cannot open: No such file or directory"), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("clean.txt: clean "), std::string::npos) << run.out;  // the others are still checked
  // Even beside a spun document: a failed input wins over "spun".
  EXPECT_EQ(RunUnspin("check missing.txt " + Quote(kSpun), "", dir.path()).exit_code, 3);
  const CommandResult json = RunUnspin("check --format json missing.txt", "", dir.path());
  EXPECT_EQ(json.exit_code, 3);
  const auto report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report["files"][0]["path"], "missing.txt");
  EXPECT_NE(report["files"][0]["error"].get<std::string>().find("missing.txt: cannot open"), std::string::npos);
  EXPECT_EQ(report["summary"]["failed"], 1);
}

TEST(CheckCli, ReadsStandardInput) {
  const CommandResult run = RunUnspin("check", ReadFile(kSpun));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.out.rfind("<stdin>: spun ", 0), 0u) << run.out;
  const CommandResult dash = RunUnspin("check -", kClean);
  EXPECT_EQ(dash.exit_code, 0) << dash.err;
  EXPECT_EQ(dash.out.rfind("<stdin>: clean ", 0), 0u) << dash.out;
}

TEST(CheckCli, WalksDirectoriesInOrder) {
  TempDir dir;
  WriteFile(dir.path() / "in" / "a.txt", kClean);
  WriteFile(dir.path() / "in" / "sub" / "b.txt", ReadFile(kSpun));
  const CommandResult run = RunUnspin("check -j2 in", "", dir.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.out.rfind("in/a.txt: clean ", 0), 0u) << run.out;
  EXPECT_NE(run.out.find("\nin/sub/b.txt: spun "), std::string::npos) << run.out;
}

TEST(CheckCli, QuietPrintsNothing) {
  const CommandResult spun = RunUnspin("check -q " + Quote(kSpun));
  EXPECT_EQ(spun.exit_code, 1);
  EXPECT_EQ(spun.out, "");
  EXPECT_EQ(spun.err, "");
  const CommandResult clean = RunUnspin("check --quiet", kClean);
  EXPECT_EQ(clean.exit_code, 0);
  EXPECT_EQ(clean.out, "");
  const CommandResult missing = RunUnspin("check -q --format json /nonexistent/file.txt");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_EQ(missing.out, "");
  EXPECT_EQ(missing.err, "");
}

TEST(CheckCli, TakesTheMainCommandsDictionaryOptions) {
  // With only the PPS sample, the news article shows no spin and the tortured text does.
  const std::string dict = "--no-builtin --dict " + Quote(kPpsSample);
  EXPECT_EQ(RunUnspin("check " + dict + " " + Quote(kSpun)).exit_code, 0);
  const CommandResult tortured = RunUnspin("check " + dict, kTortured);
  EXPECT_EQ(tortured.exit_code, 1) << tortured.err;
  EXPECT_NE(tortured.out.find("<stdin>: spun "), std::string::npos) << tortured.out;
  // Before the subcommand too.
  EXPECT_EQ(RunUnspin(dict + " check", kTortured).exit_code, 1);
}

TEST(CheckCli, UsageErrorsExitTwo) {
  for (const std::string args : {"check --threshold 2 x.txt", "check --threshold much x.txt",
                                 "check --repair bogus x.txt", "check --dict /nonexistent/dict.tsv x.txt",
                                 "check --bogus-flag x.txt"}) {
    SCOPED_TRACE(args);
    const CommandResult run = RunUnspin(args);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err, "");
  }
}

}  // namespace
}  // namespace unspin::testing
