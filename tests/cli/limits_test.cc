// Pathological inputs through the real binary: the work and memory must grow with the input as
// they do for ordinary text. Each test compares two runs made here (CPU time or peak memory of
// the unspin process), never an absolute time, so a slow or busy machine does not fail them.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "process.h"

namespace unspin::testing {
namespace {

struct Measured {
  int exit_code = -1;
  double cpu_seconds = 0;
  long peak_kb = 0;  // maximum resident set size of the unspin process
};

// Runs the binary with `args` and then the file `input` as its argument (so it is read as a
// file, not streamed like standard input), writing stdout to `output`, and measures that
// process alone (wait4), not the test or other children.
Measured RunMeasured(const std::vector<std::string>& args, const std::filesystem::path& input,
                     const std::filesystem::path& output) {
  std::vector<std::string> argv_storage = {UNSPIN_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  argv_storage.push_back(input.string());
  std::vector<char*> argv;
  for (std::string& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0) ::_exit(127);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  Measured measured;
  int status = 0;
  rusage usage{};
  if (pid < 0 || ::wait4(pid, &status, 0, &usage) != pid) return measured;
  measured.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  measured.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  measured.peak_kb = usage.ru_maxrss;
  return measured;
}

// About `bytes` of the bundled article, in its paragraphs (cleaned in pieces of 1 MiB above that, as any input is).
std::string Article(size_t bytes) {
  const std::string seed = ReadFile(std::string(UNSPIN_SOURCE_DIR) + "/examples/seed/spun.txt");
  std::string text;
  while (text.size() < bytes) text += seed + "\n\n";
  text.resize(bytes);
  return text;
}

// The same words on one line: no line break, no paragraph break, no sentence end missing.
std::string OneLine(const std::string& text) {
  std::string line;
  for (char c : text) line += c == '\n' ? ' ' : c;
  return line;
}

// A 4 MB token was quadratic in the glued-word repair (about 2 hours); it must cost no more than
// 4 MB of ordinary text, and come out unchanged.
TEST(Limits, AFourMegabyteTokenIsLinearAndUnchanged) {
  TempDir dir;
  std::mt19937 random(11);
  std::string token(4'000'000, 'a');
  for (char& c : token) c = static_cast<char>('a' + random() % 26);
  WriteFile(dir.path() / "token.txt", token + "\n");
  WriteFile(dir.path() / "text.txt", Article(4'000'000));
  const Measured text = RunMeasured({"--no-lm"}, dir.path() / "text.txt", dir.path() / "text.out");
  const Measured run = RunMeasured({"--no-lm"}, dir.path() / "token.txt",
                                   dir.path() / "token.out");
  ASSERT_EQ(text.exit_code, 0);
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_EQ(ReadFile(dir.path() / "token.out"), token + "\n");
  EXPECT_LT(run.cpu_seconds, text.cpu_seconds + 1) << "a single token took longer than the same size of text";
}

// Line and column of every change were counted from the line start: a 4 MB one-line paragraph
// took 67 s against 1.2 s wrapped. The same text on one line must cost about what it costs wrapped.
TEST(Limits, AOneLineParagraphCostsWhatTheWrappedTextCosts) {
  TempDir dir;
  const std::string text = Article(4'000'000);
  WriteFile(dir.path() / "wrapped.txt", text);
  WriteFile(dir.path() / "line.txt", OneLine(text));
  const Measured wrapped = RunMeasured({"--no-lm", "--format", "json"}, dir.path() / "wrapped.txt", dir.path() / "w.json");
  const Measured line = RunMeasured({"--no-lm", "--format", "json"}, dir.path() / "line.txt", dir.path() / "l.json");
  ASSERT_EQ(wrapped.exit_code, 0);
  ASSERT_EQ(line.exit_code, 0);
  EXPECT_LT(line.cpu_seconds, 3 * wrapped.cpu_seconds + 1);
}

// --encoding-errors replace kept about 400 bytes per bad byte (4 MiB of random bytes: 1.6 GB,
// and 227 MB of JSON per MB). Random bytes must cost little more than the same size of text.
TEST(Limits, RandomBytesWithReplaceNeedAboutTheMemoryOfText) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "peak memory means nothing under AddressSanitizer";
#endif
  TempDir dir;
  std::mt19937 random(13);
  std::string bytes(size_t{4} << 20, '\0');  // 4 MiB: read in pieces of 1 MiB, as any input over one piece
  for (char& c : bytes) c = static_cast<char>(random());
  WriteFile(dir.path() / "random.bin", bytes);
  WriteFile(dir.path() / "text.txt", Article(bytes.size()));
  const Measured text = RunMeasured({"--no-lm"}, dir.path() / "text.txt", dir.path() / "text.out");
  const Measured run = RunMeasured({"--no-lm", "--encoding-errors", "replace"}, dir.path() / "random.bin",
                                   dir.path() / "random.out");
  ASSERT_EQ(text.exit_code, 0);
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_LT(run.peak_kb, 2 * text.peak_kb) << "random: " << run.peak_kb << " KB, text: " << text.peak_kb << " KB";
  const Measured json = RunMeasured({"--no-lm", "--encoding-errors", "replace", "--format", "json"},
                                    dir.path() / "random.bin", dir.path() / "random.json");
  ASSERT_EQ(json.exit_code, 0);
  EXPECT_LT(std::filesystem::file_size(dir.path() / "random.json"), 12 * bytes.size());
}

// The four pathological inputs of issue 8 at 1, 4 and 16 MB (16 MB is read in pieces): the CPU
// time of each size, less that of an empty input (start-up, the dictionary), must grow about
// as the size does. Quadratic work would make 16 MB cost 256 times 1 MB; the bound is 32.
std::string Pathological(const std::string& kind, size_t bytes) {
  std::mt19937 random(17);
  std::string text;
  text.reserve(bytes + 64);
  static const char* const kWords[] = {"market", "prices", "grew", "the", "report", "said", "data", "users", "app"};
  if (kind == "no-sentence-end") {  // one line of words and commas, no full stop anywhere
    while (text.size() < bytes) text += std::string(kWords[random() % 9]) + (random() % 7 == 0 ? ", " : " ");
  } else if (kind == "glued-words") {  // words glued in twos and threes, as stripped links leave them
    while (text.size() < bytes) {
      for (int k = 0, n = 2 + static_cast<int>(random() % 2); k < n; ++k) text += kWords[random() % 9];
      text += ' ';
    }
  } else if (kind == "single-token") {
    while (text.size() < bytes) text += static_cast<char>('a' + random() % 26);
  } else {  // random bytes
    while (text.size() < bytes) text += static_cast<char>(random());
  }
  text.resize(bytes);
  return text + "\n";
}

class LinearTime : public ::testing::TestWithParam<const char*> {};

TEST_P(LinearTime, WorkGrowsWithTheInput) {
  const std::string kind = GetParam();
  TempDir dir;
  std::vector<std::string> args = {"--no-lm"};
  if (kind == "random-bytes") {
    args.push_back("--encoding-errors");
    args.push_back("replace");
  }
  WriteFile(dir.path() / "empty.txt", "");
  const double base = RunMeasured(args, dir.path() / "empty.txt", dir.path() / "empty.out").cpu_seconds;
  std::vector<double> cost;
  for (const size_t megabytes : {1, 4, 16}) {
    WriteFile(dir.path() / "in.txt", Pathological(kind, megabytes * 1'000'000));
    const Measured run = RunMeasured(args, dir.path() / "in.txt", dir.path() / "out.txt");
    ASSERT_EQ(run.exit_code, 0) << kind << " " << megabytes << " MB";
    cost.push_back(std::max(run.cpu_seconds - base, 0.05));
  }
  std::printf("%s: CPU beyond start-up 1 MB %.2f s, 4 MB %.2f s, 16 MB %.2f s\n", kind.c_str(), cost[0], cost[1],
              cost[2]);
  EXPECT_LT(cost[1], 8 * cost[0] + 0.5) << kind;
  EXPECT_LT(cost[2], 8 * cost[1] + 0.5) << kind;
  EXPECT_LT(cost[2], 32 * cost[0] + 1) << kind;
}

INSTANTIATE_TEST_SUITE_P(Pathological, LinearTime,
                         ::testing::Values("no-sentence-end", "glued-words", "single-token", "random-bytes"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::erase(name, '-');
                           return name;
                         });

}  // namespace
}  // namespace unspin::testing
