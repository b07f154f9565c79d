#include "unspin/report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace unspin {
namespace {

FileResult SampleFile() {
  FileResult file;
  file.path = "a.txt";
  file.result.text = "new";
  file.result.spin_score = 0.987654;
  file.result.stats = {10, 2, 1, 1};
  Change change;
  change.start = 0;
  change.end = 9;
  change.line = 1;
  change.column = 1;
  change.before = "brand-new";
  change.after = "new";
  change.confidence = 0.912345;
  change.applied = true;
  change.rule = "dict:data/news/seed.tsv:20";
  change.category = "synonym";
  change.evidence.push_back({"prior", "entry gives prior 0.3", 0.3});
  change.alternatives.push_back({"fresh", 0.01});
  file.result.changes.push_back(change);
  return file;
}

// The report is written file by file; joined, it must be exactly what pretty-printing the whole
// document at once gives, for no file, one, and several (a failed one among them).
TEST(JsonReport, WrittenFileByFileIsTheWholeDocumentPrettyPrinted) {
  FileResult failed;
  failed.path = "missing.txt";
  failed.status = IoError("missing.txt: cannot open");
  FileResult empty;
  empty.path = "empty.txt";
  const std::vector<std::vector<FileResult>> cases = {{}, {SampleFile()}, {SampleFile(), failed, empty, SampleFile()}};
  for (const auto& files : cases) {
    Summary summary;
    JsonReportWriter writer;
    std::string text = writer.Begin();
    for (const auto& file : files) {
      summary.Add(file);
      text += writer.File(file);
    }
    text += writer.End(summary);
    const auto whole = nlohmann::ordered_json::parse(text);
    EXPECT_EQ(text, whole.dump(2) + "\n") << files.size() << " files";
    EXPECT_EQ(text, JsonReport(files, summary));
    EXPECT_EQ(whole["files"].size(), files.size());
  }
}

TEST(JsonReport, FollowsSchemaVersion1) {
  std::vector<FileResult> files{SampleFile()};
  FileResult failed;
  failed.path = "missing.txt";
  failed.status = IoError("missing.txt: cannot open: No such file or directory");
  files.push_back(failed);
  Summary summary;
  for (const auto& file : files) summary.Add(file);
  const auto report = nlohmann::json::parse(JsonReport(files, summary));
  EXPECT_EQ(report["schema_version"], 1);
  EXPECT_EQ(report["tool"]["name"], "unspin");
  ASSERT_EQ(report["files"].size(), 2u);
  const auto& file = report["files"][0];
  EXPECT_EQ(file["path"], "a.txt");
  EXPECT_DOUBLE_EQ(file["spin_score"].get<double>(), 0.9877);
  EXPECT_EQ(file["stats"]["applied"], 1);
  const auto& change = file["changes"][0];
  EXPECT_EQ(change["start"], 0);
  EXPECT_EQ(change["end"], 9);
  EXPECT_EQ(change["before"], "brand-new");
  EXPECT_EQ(change["after"], "new");
  EXPECT_DOUBLE_EQ(change["confidence"].get<double>(), 0.9123);
  EXPECT_EQ(change["applied"], true);
  EXPECT_EQ(change["rule"], "dict:data/news/seed.tsv:20");
  EXPECT_EQ(change["category"], "synonym");
  EXPECT_EQ(change["evidence"][0]["kind"], "prior");
  EXPECT_EQ(change["alternatives"][0]["value"], "fresh");
  EXPECT_EQ(report["files"][1]["error"], "missing.txt: cannot open: No such file or directory");
  EXPECT_EQ(report["summary"]["files"], 2);
  EXPECT_EQ(report["summary"]["failed"], 1);
  EXPECT_EQ(report["summary"]["applied"], 1);
}

TEST(JsonLine, IsOneLine) {
  const std::string line = JsonLine(SampleFile());
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(nlohmann::json::parse(line)["path"], "a.txt");
}

}  // namespace
}  // namespace unspin
