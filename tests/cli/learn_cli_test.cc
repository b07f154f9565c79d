// `unspin learn`: files and folders of document pairs, -o, errors and exit codes.
#include <gtest/gtest.h>
#include <unistd.h>

#include "process.h"

namespace unspin::testing {
namespace {

namespace fs = std::filesystem;


const std::string kOriginal = "Our parent company announced that sales rose to record highs.\n";
const std::string kSpun = "Our moms and dad business announced that sales increased to tape highs.\n";

// The entry lines (not comments) of a learned dictionary.
std::vector<std::string> EntryLines(const std::string& tsv) {
  std::vector<std::string> lines;
  std::istringstream in(tsv);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

bool HasEntry(const std::string& tsv, const std::string& spun, const std::string& original) {
  for (const std::string& line : EntryLines(tsv)) {
    if (line.rfind(spun + "\t" + original + "\t", 0) == 0) return true;
  }
  return false;
}

TEST(LearnCli, TwoFilesPrintTheDictionary) {
  TempDir dir;
  WriteFile(dir.path() / "original.txt", kOriginal);
  WriteFile(dir.path() / "spun.txt", kSpun);
  const CommandResult run = RunUnspin("learn --original original.txt --spun spun.txt", "", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(run.out.rfind("# Learned by `unspin learn` on ", 0), 0u) << run.out;
  EXPECT_NE(run.out.find("original: original.txt, spun: spun.txt"), std::string::npos) << run.out;
  EXPECT_EQ(EntryLines(run.out).size(), 3u) << run.out;
  EXPECT_TRUE(HasEntry(run.out, "moms and dad business", "parent company")) << run.out;
  EXPECT_NE(run.out.find("tape\trecord\t0.99\tsignature\tlearned:1 pair\t-\t-\t"), std::string::npos) << run.out;
}

TEST(LearnCli, FoldersArePairedByRelativePathAndTheOutputIsUsableWithDict) {
  TempDir dir;
  WriteFile(dir.path() / "original/a.txt", kOriginal);
  WriteFile(dir.path() / "spun/a.txt", kSpun);
  WriteFile(dir.path() / "original/sub/b.txt", "The big storm did not show up.\n\nPeople were tired.\n");
  WriteFile(dir.path() / "spun/sub/b.txt", "The huge storm did not demonstrate up.\n\nIndividuals were tired.\n");
  const CommandResult run =
      RunUnspin("learn --original original --spun spun -o out/learned.tsv", "", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("written to out/learned.tsv"), std::string::npos) << run.err;
  const std::string tsv = ReadFile(dir.path() / "out/learned.tsv");
  EXPECT_TRUE(HasEntry(tsv, "moms and dad business", "parent company")) << tsv;
  EXPECT_TRUE(HasEntry(tsv, "huge", "big")) << tsv;
  EXPECT_TRUE(HasEntry(tsv, "individuals", "people")) << tsv;
  EXPECT_NE(tsv.find("learned:2 pairs"), std::string::npos) << tsv;
  for (const auto& entry : fs::directory_iterator(dir.path() / "out")) {
    EXPECT_EQ(entry.path().filename(), "learned.tsv");  // no temporary file left behind
  }

  // The learned dictionary is ready for --dict.
  const CommandResult clean = RunUnspin("--no-builtin --dict out/learned.tsv", kSpun, dir.path());
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_EQ(clean.out, kOriginal);
}

TEST(LearnCli, UnmatchedNamesInFoldersAreNamedAndTheRestIsLearned) {
  TempDir dir;
  WriteFile(dir.path() / "original/a.txt", kOriginal);
  WriteFile(dir.path() / "spun/a.txt", kSpun);
  WriteFile(dir.path() / "original/only-original.txt", "x\n");
  WriteFile(dir.path() / "spun/only-spun.txt", "y\n");
  const CommandResult run = RunUnspin("learn --original original --spun spun", "", dir.path());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("original/only-original.txt: no spun file of the same name"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("spun/only-spun.txt: no original file of the same name"), std::string::npos) << run.err;
  EXPECT_TRUE(HasEntry(run.out, "moms and dad business", "parent company")) << run.out;
}

TEST(LearnCli, AMissingFileIsNamedAndExits3) {
  TempDir dir;
  WriteFile(dir.path() / "original.txt", kOriginal);
  const CommandResult run = RunUnspin("learn --original original.txt --spun missing.txt -o out.tsv", "", dir.path());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("missing.txt"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out.tsv"));
}

TEST(LearnCli, InvalidUtf8IsNamedAndExits3) {
  TempDir dir;
  WriteFile(dir.path() / "original.txt", kOriginal);
  WriteFile(dir.path() / "spun.txt", "bad \xC3\x28 text\n");
  const CommandResult run = RunUnspin("learn --original original.txt --spun spun.txt", "", dir.path());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("spun.txt: invalid UTF-8 at byte 4 (line 1, column 5)"), std::string::npos) << run.err;
}

TEST(LearnCli, UsageErrorsExit2) {
  TempDir dir;
  WriteFile(dir.path() / "original.txt", kOriginal);
  fs::create_directories(dir.path() / "folder");
  EXPECT_EQ(RunUnspin("learn --original original.txt", "", dir.path()).exit_code, 2);
  const CommandResult mixed = RunUnspin("learn --original original.txt --spun folder", "", dir.path());
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_NE(mixed.err.find("both be files or both be folders"), std::string::npos) << mixed.err;
  EXPECT_EQ(RunUnspin("learn --original original.txt --spun original.txt --max-words 0", "", dir.path()).exit_code, 2);
}

}  // namespace
}  // namespace unspin::testing
