// Invariants of the command line over random and corpus inputs (issue 8): -j1 and -jN write the
// same bytes; a file and the same bytes on standard input give the same output; and inputs over
// 1 MiB, cleaned in pieces, are cleaned as the whole would be (no phrase cut at a piece end,
// columns from the line start, nothing written in strict mode for an input that fails).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "process.h"
#include "random_texts.h"

namespace unspin::testing {
namespace {

namespace fs = std::filesystem;

// 60 random damaged texts and the corpus texts, as files in `dir`.
std::vector<fs::path> WriteInputs(const fs::path& dir) {
  std::vector<std::string> texts = testing_inputs::CorpusTexts();
  for (std::string& text : testing_inputs::RandomTexts(60, 5)) texts.push_back(std::move(text));
  std::vector<fs::path> paths;
  for (size_t i = 0; i < texts.size(); ++i) {
    paths.push_back(dir / "in" / ("doc" + std::to_string(100 + i) + ".txt"));
    WriteFile(paths.back(), texts[i]);
  }
  return paths;
}

TEST(Properties, OneThreadAndManyWriteTheSameBytes) {
  TempDir dir;
  const std::vector<fs::path> inputs = WriteInputs(dir.path());
  const CommandResult one = RunUnspin("-j1 in", "", dir.path());
  const CommandResult four = RunUnspin("-j4 in", "", dir.path());
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_TRUE(one.out == four.out);
  ASSERT_EQ(RunUnspin("-j1 -o out1 in", "", dir.path()).exit_code, 0);
  ASSERT_EQ(RunUnspin("-j3 -o out3 in", "", dir.path()).exit_code, 0);
  std::string joined;
  for (const fs::path& input : inputs) {
    const std::string name = input.filename().string();
    EXPECT_TRUE(ReadFile(dir.path() / "out1" / name) == ReadFile(dir.path() / "out3" / name)) << name;
    joined += ReadFile(dir.path() / "out1" / name);
  }
  EXPECT_TRUE(joined == one.out);  // stdout is the files' outputs in order
  const CommandResult json_one = RunUnspin("-j1 --format jsonl in", "", dir.path());
  const CommandResult json_two = RunUnspin("-j2 --format jsonl in", "", dir.path());
  EXPECT_TRUE(json_one.out == json_two.out);
}

// Standard input is read in pieces, a file under 1 MiB whole: the same bytes either way, for
// a few inputs alone and for all of them as one document.
TEST(Properties, AFileAndTheSameBytesOnStandardInputGiveTheSameOutput) {
  TempDir dir;
  const std::vector<fs::path> inputs = WriteInputs(dir.path());
  std::string all;
  for (const fs::path& input : inputs) all += ReadFile(input) + "\n";
  WriteFile(dir.path() / "all.txt", all);
  std::vector<fs::path> tried = {dir.path() / "all.txt", inputs[0], inputs[3], inputs[inputs.size() - 1]};
  for (const fs::path& input : tried) {
    const CommandResult file = RunUnspin(Quote(input.string()), "", dir.path());
    const CommandResult piped = RunUnspin("", ReadFile(input), dir.path());
    ASSERT_EQ(file.exit_code, 0) << file.err;
    EXPECT_TRUE(file.out == piped.out) << input;
  }
  EXPECT_NE(RunUnspin("all.txt", "", dir.path()).out, all);  // it needed cleaning
}

// About `bytes` of lines with no blank line, where "moms and dad business" is broken over the
// last line end before every MiB: where pieces were cut (the phrase was restored as "parent").
std::string WrappedSignatures(size_t bytes) {
  const std::string filler = "The firm grew again this year.\n";
  const std::string first = "Its moms and\n", second = "dad business grew.\n";
  std::string text;
  size_t next_mib = size_t{1} << 20;
  while (text.size() < bytes) {
    if (text.size() + filler.size() + first.size() + 2 > next_mib) {
      const size_t pad = next_mib - first.size() - 1 - text.size();  // "Its moms and\n" ends 1 byte before
      if (pad > 1) text += std::string(pad - 1, 'x') + "\n";
      text += first + second;
      next_mib += size_t{1} << 20;
    } else {
      text += filler;
    }
  }
  return text;
}

// Over 1 MiB: read in pieces of 1 MiB.
constexpr size_t kStreamed = 5'000'000;

TEST(Properties, APhraseAcrossAPieceCutIsRestoredWhole) {
  TempDir dir;
  const std::string text = WrappedSignatures(kStreamed);
  WriteFile(dir.path() / "big.txt", text);
  const CommandResult run = RunUnspin("--no-lm big.txt", "", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.find("moms and"), std::string::npos);
  EXPECT_EQ(run.out.find("dad business"), std::string::npos);
  size_t restored = 0;
  for (size_t at = run.out.find("Its parent company grew."); at != std::string::npos;
       at = run.out.find("Its parent company grew.", at + 1)) {
    ++restored;
  }
  EXPECT_EQ(restored, 4u);
}

// A one-line input of 5 MB: its changes' columns are counted from the line start, not from
// the start of the piece they were found in.
TEST(Properties, ColumnsOfAStreamedOneLineInputCountFromTheLineStart) {
  TempDir dir;
  std::string line;
  const std::string filler = "lorem ipsum \xC3\xA9t\xC3\xA9 dolor sit, ";  // 2-byte characters too
  while (line.size() < kStreamed) {
    line += line.size() % 100'000 < filler.size() ? "its moms and dad business grew, " : filler;
  }
  WriteFile(dir.path() / "line.txt", line + "\n");
  const CommandResult run = RunUnspin("--no-lm --format json line.txt", "", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto report = nlohmann::json::parse(run.out);
  const auto& changes = report["files"][0]["changes"];
  ASSERT_GE(changes.size(), 40u);
  size_t checked = 0;
  size_t code_points = 0, position = 0;
  for (const auto& change : changes) {
    const size_t start = change["start"].get<size_t>();
    for (; position < start; ++position) code_points += (static_cast<unsigned char>(line[position]) & 0xC0) != 0x80;
    EXPECT_EQ(change["line"].get<size_t>(), 1u);
    EXPECT_EQ(change["column"].get<size_t>(), code_points + 1) << "at byte " << start;
    ++checked;
  }
  EXPECT_EQ(checked, changes.size());
}

// Strict mode: a bad byte near the end of a streamed input (a file, or standard input) writes
// nothing of it to standard output, and the error has the line and column of the byte.
TEST(Properties, StrictModeWritesNothingOfAStreamedInputThatFails) {
  TempDir dir;
  std::string text = WrappedSignatures(kStreamed);
  text.insert(text.size() - 10, "\xFF");
  WriteFile(dir.path() / "bad.txt", text);
  const size_t bad = text.size() - 11;
  const size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(bad), '\n'));
  const size_t column = bad - text.rfind('\n', bad - 1);
  const std::string where = "invalid UTF-8 at byte " + std::to_string(bad) + " (line " + std::to_string(line) +
                            ", column " + std::to_string(column) + ")";
  const CommandResult file = RunUnspin("--no-lm bad.txt", "", dir.path());
  EXPECT_EQ(file.exit_code, 3);
  EXPECT_EQ(file.out, "");
  EXPECT_NE(file.err.find("unspin: bad.txt: " + where), std::string::npos) << file.err;
  const CommandResult piped = RunUnspin("--no-lm", text, dir.path());
  EXPECT_EQ(piped.exit_code, 3);
  EXPECT_EQ(piped.out, "");
  EXPECT_NE(piped.err.find("unspin: <stdin>: " + where), std::string::npos) << piped.err;
  // With replace, the same input is cleaned and goes on.
  const CommandResult replaced = RunUnspin("--no-lm --encoding-errors replace bad.txt", "", dir.path());
  EXPECT_EQ(replaced.exit_code, 0);
  EXPECT_NE(replaced.out.find("\xEF\xBF\xBD"), std::string::npos);
}

}  // namespace
}  // namespace unspin::testing
