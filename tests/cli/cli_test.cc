// The command line contract: stdin, files, directories, formats, exit codes, errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <random>

#include "process.h"

namespace unspin::testing {
namespace {

namespace fs = std::filesystem;

const std::string kSeed = std::string(UNSPIN_SOURCE_DIR) + "/examples/seed/spun.txt";


// Applies the report's applied changes to `input`, independently of the library.
std::string ApplyReport(const std::string& input, const nlohmann::json& file) {
  std::string out;
  size_t position = 0;
  for (const auto& change : file["changes"]) {
    if (!change["applied"].get<bool>()) continue;
    const size_t start = change["start"], end = change["end"];
    EXPECT_GE(start, position);
    // JSON strings are UTF-8: invalid bytes in "before" read U+FFFD; the offsets stay exact.
    EXPECT_EQ(nlohmann::json(input.substr(start, end - start)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
              change["before"].dump());
    out += input.substr(position, start - position);
    out += change["after"].get<std::string>();
    position = end;
  }
  return out + input.substr(position);
}

TEST(Cli, CleanTextPassesThroughUnchanged) {
  const std::string clean =
      "Our parent company reported record highs last year, and the data shows people bought more products.\n";
  const CommandResult run = RunUnspin("", clean);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, clean);
  EXPECT_EQ(run.err, "");
}

TEST(Cli, DashReadsStandardInput) {
  const CommandResult run = RunUnspin("-", "its moms and dad business\n");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "its parent company\n");
}

TEST(Cli, JsonReportIsValidAndReproducesTheTextOutput) {
  const std::string input = ReadFile(kSeed);
  const CommandResult text = RunUnspin(Quote(kSeed));
  const CommandResult json = RunUnspin("--format json " + Quote(kSeed));
  ASSERT_EQ(text.exit_code, 0);
  ASSERT_EQ(json.exit_code, 0);
  const auto report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report["schema_version"], 1);
  ASSERT_EQ(report["files"].size(), 1u);
  EXPECT_GT(report["files"][0]["stats"]["applied"].get<int>(), 50);
  EXPECT_EQ(ApplyReport(input, report["files"][0]), text.out);
  for (const auto& change : report["files"][0]["changes"]) {
    const double confidence = change["confidence"];
    EXPECT_GE(confidence, 0.0);
    EXPECT_LE(confidence, 1.0);
    EXPECT_EQ(change["applied"].get<bool>(), confidence >= 0.5);
    EXPECT_FALSE(change["rule"].get<std::string>().empty());
    EXPECT_FALSE(change["evidence"].empty());
  }
}

TEST(Cli, JsonLinesGiveOneObjectPerInput) {
  TempDir dir;
  WriteFile(dir.path() / "a.txt", "tape highs\n");
  WriteFile(dir.path() / "b.txt", "plain\n");
  const CommandResult run = RunUnspin("--format jsonl a.txt b.txt", "", dir.path());
  ASSERT_EQ(run.exit_code, 0);
  std::istringstream lines(run.out);
  std::string line;
  std::vector<std::string> paths;
  while (std::getline(lines, line)) paths.push_back(nlohmann::json::parse(line)["path"]);
  EXPECT_EQ(paths, (std::vector<std::string>{"a.txt", "b.txt"}));
}

TEST(Cli, MinConfidenceControlsWhatIsApplied) {
  EXPECT_EQ(RunUnspin("", "The individuals left.\n").out, "The individuals left.\n");
  EXPECT_EQ(RunUnspin("--min-confidence 0", "The individuals left.\n").out, "The people left.\n");
  EXPECT_EQ(RunUnspin("--min-confidence 1", "tape highs\n").out, "tape highs\n");
}

TEST(Cli, UnreadableInputExitsThreeNamingTheFileAndGoesOn) {
  TempDir dir;
  WriteFile(dir.path() / "good.txt", "tape highs\n");
  const CommandResult run = RunUnspin("missing.txt good.txt", "", dir.path());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("missing.txt"), std::string::npos);
  EXPECT_EQ(run.out, "record highs\n");
}

// Runs `UNSPIN args` in `directory` as a user that permissions apply to: root reads any
// directory, so as root the binary runs as nobody (setpriv); stdout and stderr come back.
CommandResult RunUnprivileged(const std::string& args, const fs::path& directory) {
  const std::string as = ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  const std::string command = "cd " + Quote(directory.string()) + " && " + as + Quote(UNSPIN_BINARY) + " " + args +
                              " < /dev/null > out.txt 2> err.txt";
  const int status = std::system(command.c_str());
  CommandResult run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadFile(directory / "out.txt");
  run.err = ReadFile(directory / "err.txt");
  return run;
}

// An unreadable directory, walked into or given, was skipped with exit 0 and no message.
TEST(Cli, AnUnreadableDirectoryIsAnErrorNamingIt) {
  if (::geteuid() == 0 && std::system("command -v setpriv > /dev/null") != 0) GTEST_SKIP() << "root, and no setpriv";
  TempDir dir;
  WriteFile(dir.path() / "in" / "a.txt", "tape highs\n");
  WriteFile(dir.path() / "in" / "locked" / "b.txt", "plain\n");
  WriteFile(dir.path() / "closed" / "c.txt", "plain\n");
  fs::permissions(dir.path() / "in" / "locked", fs::perms::none);
  fs::permissions(dir.path() / "closed", fs::perms::none);
  const CommandResult run = RunUnprivileged("--no-lm in closed", dir.path());
  const CommandResult check = RunUnprivileged("--no-lm check in closed", dir.path());
  fs::permissions(dir.path() / "in" / "locked", fs::perms::owner_all);
  fs::permissions(dir.path() / "closed", fs::perms::owner_all);
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out, "record highs\n");
  EXPECT_EQ(run.err, "unspin: in/locked: cannot read directory: Permission denied\n"
                     "unspin: closed: cannot read directory: Permission denied\n");
  EXPECT_EQ(check.exit_code, 3);
  EXPECT_EQ(check.err, run.err);
}

TEST(Cli, InvalidUtf8IsAnErrorNamingFileAndPosition) {
  TempDir dir;
  WriteFile(dir.path() / "bad.txt", "line one\nbad \xFF byte\n");
  const CommandResult run = RunUnspin("bad.txt", "", dir.path());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err,
            "unspin: bad.txt: invalid UTF-8 at byte 13 (line 2, column 5); --encoding-errors replace goes on\n");
  EXPECT_EQ(run.out, "");
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(RunUnspin("--no-such-flag").exit_code, 2);
  EXPECT_EQ(RunUnspin("--format xml").exit_code, 2);
  EXPECT_EQ(RunUnspin("--min-confidence 2").exit_code, 2);
}

TEST(Cli, MinConfidenceMustBeANumberBetweenZeroAndOne) {
  for (const char* value : {"nan", "inf", "-1", "2", "abc", "0.5x"}) {
    const CommandResult run = RunUnspin(std::string("--min-confidence ") + value, "tape highs\n");
    EXPECT_EQ(run.exit_code, 2) << value;
    EXPECT_EQ(run.err.rfind(std::string("unspin: --min-confidence: expected a number between 0 and 1, got '") + value +
                                "'\n", 0),
              0u)
        << run.err;
    EXPECT_EQ(run.out, "");
  }
  EXPECT_EQ(RunUnspin("--min-confidence 1e-1", "tape highs\n").out, "record highs\n");
}

// UTF-16 is not "invalid UTF-8 at byte 0": it is named, with the way to convert it, and
// --encoding-errors replace does not turn it into NUL-strewn text.
TEST(Cli, Utf16InputIsNamedWithTheWayToConvertIt) {
  TempDir dir;
  WriteFile(dir.path() / "le.txt", std::string("\xFF\xFEh\0i\0\n\0", 8));
  WriteFile(dir.path() / "be.txt", std::string("\xFE\xFF\0h\0i", 6));
  WriteFile(dir.path() / "bare.txt", std::string("t\0a\0p\0e\0 \0h\0i\0g\0h\0s\0", 20));
  const std::string fix = "; convert it to UTF-8, e.g. with iconv -f UTF-16 -t UTF-8\n";
  const CommandResult run = RunUnspin("le.txt be.txt", "", dir.path());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err, "unspin: le.txt: looks like UTF-16 (byte-order mark)" + fix +
                         "unspin: be.txt: looks like UTF-16 (byte-order mark)" + fix);
  const CommandResult bare = RunUnspin("--encoding-errors replace bare.txt", "", dir.path());
  EXPECT_EQ(bare.exit_code, 3);
  EXPECT_EQ(bare.err, "unspin: bare.txt: looks like UTF-16 (NUL in every other byte)" + fix);
  EXPECT_EQ(bare.out, "");
}

TEST(Cli, DictionaryThatIsNotUtf8TextIsRefusedWithFileAndLine) {
  TempDir dir;
  WriteFile(dir.path() / "bad.tsv", "good\tfine\t0.5\tsynonym\twritten\nbad\xE9\tfine\t0.5\tsynonym\twritten\n");
  const CommandResult run = RunUnspin("--dict bad.tsv", "text\n", dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "unspin: bad.tsv:2: invalid UTF-8\n");
  const CommandResult check = RunUnspin("dict check bad.tsv", "", dir.path());
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("bad.tsv:2: error: invalid UTF-8"), std::string::npos) << check.out;
  // A binary file: the message names it without echoing its bytes.
  std::string binary = std::string("\x7F" "ELF\x02\x01\x01\0\0\0", 10);
  for (int i = 0; i < 2000; ++i) binary += static_cast<char>(i * 131);
  WriteFile(dir.path() / "binary.tsv", binary);
  const CommandResult refused = RunUnspin("--dict binary.tsv", "text\n", dir.path());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err.rfind("unspin: binary.tsv:1: ", 0), 0u) << refused.err;
  for (char c : refused.err) EXPECT_TRUE((c >= 0x20 && c < 0x7F) || c == '\n') << "raw byte " << static_cast<int>(c);
}

TEST(Cli, BrokenDictionaryIsRefusedWithFileAndLine) {
  TempDir dir;
  WriteFile(dir.path() / "mine.tsv", "# mine\ngood\tfine\t0.5\tsynonym\twritten\nbad line\n");
  const CommandResult run = RunUnspin("--dict mine.tsv", "text\n", dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("mine.tsv:3: expected at least 5 tab-separated fields"), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
  const CommandResult missing = RunUnspin("--dict nowhere.tsv", "text\n", dir.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nowhere.tsv"), std::string::npos);
}

TEST(Cli, ExtraDictionariesAddToOrReplaceTheBuiltin) {
  TempDir dir;
  WriteFile(dir.path() / "mine.tsv", "frobnicated widget\tbroken widget\t0.9\tsignature\twritten\n");
  const std::string input = "a frobnicated widget and tape highs\n";
  EXPECT_EQ(RunUnspin("--dict mine.tsv", input, dir.path()).out, "a broken widget and record highs\n");
  EXPECT_EQ(RunUnspin("--no-builtin --dict mine.tsv", input, dir.path()).out, "a broken widget and tape highs\n");
  EXPECT_EQ(RunUnspin("--no-builtin", input, dir.path()).out, input);
}

TEST(Cli, DirectoriesAreWalkedAndOutputIsTheSameOnAnyNumberOfThreads) {
  TempDir dir;
  for (int i = 0; i < 12; ++i) {
    WriteFile(dir.path() / "in" / ("sub" + std::to_string(i % 3)) / ("f" + std::to_string(i) + ".txt"),
              "file " + std::to_string(i) + ": its moms and dad business saw tape highs\n");
  }
  const CommandResult one = RunUnspin("-j1 in", "", dir.path());
  const CommandResult many = RunUnspin("-j4 in", "", dir.path());
  EXPECT_EQ(one.exit_code, 0);
  // Worker threads' workspaces were never freed: LeakSanitizer made an ASan build exit 1 here.
  EXPECT_EQ(many.exit_code, 0) << many.err;
  EXPECT_EQ(many.err, "");
  EXPECT_EQ(one.out, many.out);
  EXPECT_NE(one.out.find("file 11: its parent company saw record highs\n"), std::string::npos);
}

TEST(Cli, OutputDirectoryGetsCleanedCopiesAndNoTemporaryFiles) {
  TempDir dir;
  WriteFile(dir.path() / "in" / "a" / "one.txt", "tape highs\n");
  WriteFile(dir.path() / "in" / "two.txt", "plain\n");
  const CommandResult run = RunUnspin("-o out in", "", dir.path());
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(ReadFile(dir.path() / "out" / "a" / "one.txt"), "record highs\n");
  EXPECT_EQ(ReadFile(dir.path() / "out" / "two.txt"), "plain\n");
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path() / "out")) files += entry.is_regular_file();
  EXPECT_EQ(files, 2u);
  // With a report format: the cleaned files and the report, in one run.
  const CommandResult report = RunUnspin("--format jsonl -o out2 in", "", dir.path());
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_EQ(std::count(report.out.begin(), report.out.end(), '\n'), 2);
  EXPECT_EQ(ReadFile(dir.path() / "out2" / "a" / "one.txt"), "record highs\n");
}

// A symbolic link walked into is read, never written through: its output goes under its own
// name, and precious.txt, outside the input and output folders, stays as it is.
TEST(Cli, LinkedInputsAreReadNeverWritten) {
  TempDir dir;
  WriteFile(dir.path() / "precious.txt", "Its moms and dad business grew.\n");
  fs::create_directories(dir.path() / "in");
  fs::create_symlink("../precious.txt", dir.path() / "in" / "link.txt");
  const CommandResult run = RunUnspin("--no-lm -o out in", "", dir.path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadFile(dir.path() / "precious.txt"), "Its moms and dad business grew.\n");
  EXPECT_EQ(ReadFile(dir.path() / "out" / "link.txt"), "Its parent company grew.\n");
  // An output that is itself a link is replaced by the file; the link's target is not touched.
  WriteFile(dir.path() / "target.txt", "keep\n");
  fs::remove(dir.path() / "out" / "link.txt");
  fs::create_symlink("../target.txt", dir.path() / "out" / "link.txt");
  ASSERT_EQ(RunUnspin("--no-lm -o out in", "", dir.path()).exit_code, 0);
  EXPECT_FALSE(fs::is_symlink(dir.path() / "out" / "link.txt"));
  EXPECT_EQ(ReadFile(dir.path() / "out" / "link.txt"), "Its parent company grew.\n");
  EXPECT_EQ(ReadFile(dir.path() / "target.txt"), "keep\n");
}

// Where a link in the output folder leads out of it, nothing is written at all.
TEST(Cli, OutputsOutsideTheOutputFolderAreRefusedBeforeAnythingIsWritten) {
  TempDir dir;
  WriteFile(dir.path() / "in" / "a.txt", "tape highs\n");
  WriteFile(dir.path() / "in" / "sub" / "b.txt", "tape highs\n");
  fs::create_directories(dir.path() / "elsewhere");
  fs::create_directories(dir.path() / "out");
  fs::create_symlink("../elsewhere", dir.path() / "out" / "sub");
  const CommandResult run = RunUnspin("--no-lm -o out in", "", dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "unspin: in/sub/b.txt: its output out/sub/b.txt would lie outside out (a symbolic link leads out "
                     "of it); nothing was written\n");
  EXPECT_TRUE(fs::is_empty(dir.path() / "elsewhere"));
  EXPECT_FALSE(fs::exists(dir.path() / "out" / "a.txt"));
  // An input linked to the file its output would replace: refused too.
  WriteFile(dir.path() / "out2" / "c.txt", "tape highs\n");
  fs::create_directories(dir.path() / "in2");
  fs::create_symlink("../out2/c.txt", dir.path() / "in2" / "c.txt");
  const CommandResult linked = RunUnspin("--no-lm -o out2 in2", "", dir.path());
  EXPECT_EQ(linked.exit_code, 2);
  EXPECT_EQ(linked.err, "unspin: in2/c.txt: its output out2/c.txt is the input in2/c.txt, which would be overwritten; "
                        "write the cleaned copies to another folder\n");
  EXPECT_EQ(ReadFile(dir.path() / "out2" / "c.txt"), "tape highs\n");
}

// Two inputs with one output name overwrote each other (with -j2 the survivor varied).
TEST(Cli, TwoInputsWithOneOutputAreRefusedBeforeAnythingIsWritten) {
  TempDir dir;
  WriteFile(dir.path() / "a" / "x.txt", "tape highs\n");
  WriteFile(dir.path() / "b" / "x.txt", "plain\n");
  WriteFile(dir.path() / "a" / "only-a.txt", "plain\n");
  const CommandResult files = RunUnspin("--no-lm -o OUT a/x.txt b/x.txt", "", dir.path());
  EXPECT_EQ(files.exit_code, 2);
  EXPECT_EQ(files.err, "unspin: a/x.txt and b/x.txt would both be written to OUT/x.txt; nothing was written\n");
  EXPECT_FALSE(fs::exists(dir.path() / "OUT"));
  WriteFile(dir.path() / "OUT" / "x.txt", "old\n");
  const CommandResult folders = RunUnspin("--no-lm -j2 -o OUT a b", "", dir.path());
  EXPECT_EQ(folders.exit_code, 2);
  EXPECT_EQ(folders.err, "unspin: a/x.txt and b/x.txt would both be written to OUT/x.txt; nothing was written\n");
  EXPECT_EQ(ReadFile(dir.path() / "OUT" / "x.txt"), "old\n");
  EXPECT_FALSE(fs::exists(dir.path() / "OUT" / "only-a.txt"));
}

// -o naming an input folder overwrote the originals; an output folder inside the input folder
// was walked into on the next run (in/out/out/...).
TEST(Cli, TheOutputFolderIsNeverAnInputFolderNorWalkedInto) {
  TempDir dir;
  WriteFile(dir.path() / "in" / "a.txt", "tape highs\n");
  WriteFile(dir.path() / "in" / "sub" / "b.txt", "tape highs\n");
  const CommandResult same = RunUnspin("--no-lm -o in in", "", dir.path());
  EXPECT_EQ(same.exit_code, 2);
  EXPECT_EQ(same.err, "unspin: -o in is the input folder in: its files would be overwritten; write the cleaned copies "
                      "to another folder\n");
  EXPECT_EQ(ReadFile(dir.path() / "in" / "a.txt"), "tape highs\n");
  const CommandResult file = RunUnspin("--no-lm -o in in/a.txt", "", dir.path());
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_NE(file.err.find("in/a.txt: its output in/a.txt is the input in/a.txt, which would be overwritten"),
            std::string::npos)
      << file.err;
  EXPECT_EQ(ReadFile(dir.path() / "in" / "a.txt"), "tape highs\n");
  const CommandResult not_folder = RunUnspin("--no-lm -o in/a.txt in/sub", "", dir.path());
  EXPECT_EQ(not_folder.exit_code, 2);
  EXPECT_EQ(not_folder.err, "unspin: -o in/a.txt: is not a folder\n");
  for (int round = 0; round < 2; ++round) {
    const CommandResult inside = RunUnspin("--no-lm -o in/out in", "", dir.path());
    EXPECT_EQ(inside.exit_code, 0) << inside.err;
  }
  std::vector<std::string> files_found;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path() / "in")) {
    if (entry.is_regular_file()) files_found.push_back(entry.path().lexically_relative(dir.path()).generic_string());
  }
  std::sort(files_found.begin(), files_found.end());
  EXPECT_EQ(files_found, (std::vector<std::string>{"in/a.txt", "in/out/a.txt", "in/out/sub/b.txt", "in/sub/b.txt"}));
  EXPECT_EQ(ReadFile(dir.path() / "in" / "out" / "a.txt"), "record highs\n");
}

// Every entry below `dir`, as paths relative to it.
std::vector<std::string> EntriesBelow(const fs::path& dir) {
  std::vector<std::string> entries;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    entries.push_back(entry.path().lexically_relative(dir).generic_string());
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

// SIGINT and SIGTERM while a large file is written to -o: the temporary file (several MB) was
// left behind. Now the signal removes it and still ends the program as that signal.
TEST(Cli, InterruptedRunsLeaveNoTemporaryFile) {
  TempDir dir;
  const std::string seed = ReadFile(kSeed);
  std::string big;
  while (big.size() < (size_t{24} << 20)) big += seed + "\n\n";  // streamed: written piece by piece
  WriteFile(dir.path() / "in" / "big.txt", big);
  for (int signal_number : {SIGTERM, SIGINT}) {
    const fs::path out = dir.path() / ("out" + std::to_string(signal_number));
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::execl(UNSPIN_BINARY, UNSPIN_BINARY, "--no-lm", "-o", out.c_str(), (dir.path() / "in").c_str(), nullptr);
      ::_exit(127);
    }
    ASSERT_GT(pid, 0);
    bool writing = false;  // wait for the temporary to appear (at most 60 s)
    for (int i = 0; i < 600 && !writing; ++i) {
      ::usleep(100'000);
      std::error_code error;
      writing = fs::exists(out, error) && !fs::is_empty(out, error);
    }
    ::kill(pid, signal_number);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(writing) << "no temporary file appeared";
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == signal_number) << "status " << status;
    EXPECT_EQ(EntriesBelow(out), std::vector<std::string>{}) << "signal " << signal_number;
  }
}

// What a killed run (kill -9: no handler runs) left in a folder, the next run writing there
// removes; a leftover among the inputs is never cleaned as an article.
TEST(Cli, TheNextRunRemovesTemporaryFilesAKilledRunLeft) {
  TempDir dir;
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ::waitpid(child, nullptr, 0);  // a process id that no longer runs
  const std::string stale = ".a.txt.unspin-tmp-" + std::to_string(child) + "-12345678";
  WriteFile(dir.path() / "in" / "a.txt", "tape highs\n");
  WriteFile(dir.path() / "in" / "a.txt.unspin-tmp-1-2", "tape highs\n");  // an older unhidden one
  WriteFile(dir.path() / "in" / stale, "tape highs\n");
  WriteFile(dir.path() / "out" / stale, "half of a\n");
  const CommandResult run = RunUnspin("--no-lm -o out in", "", dir.path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(EntriesBelow(dir.path() / "out"), std::vector<std::string>{"a.txt"});
  const CommandResult text = RunUnspin("--no-lm --format jsonl in", "", dir.path());
  EXPECT_EQ(std::count(text.out.begin(), text.out.end(), '\n'), 1) << text.out;
}

// Inputs over 1 MiB are cleaned piece by piece: offsets, lines and the text must still agree.
TEST(Cli, LargeInputsAreStreamedAndTheReportStillReproducesTheText) {
  TempDir dir;
  const std::string seed = ReadFile(kSeed);
  std::string big;
  while (big.size() < (size_t{9} << 19)) big += seed + "\n\n";  // 4.5 MiB
  WriteFile(dir.path() / "big.txt", big);
  const CommandResult text = RunUnspin("big.txt", "", dir.path());
  const CommandResult json = RunUnspin("--format json big.txt", "", dir.path());
  ASSERT_EQ(text.exit_code, 0) << text.err;
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto report = nlohmann::json::parse(json.out);
  EXPECT_EQ(ApplyReport(big, report["files"][0]), text.out);
  const auto& changes = report["files"][0]["changes"];
  ASSERT_FALSE(changes.empty());
  const auto& last = changes.back();
  const size_t start = last["start"];
  EXPECT_EQ(last["line"].get<size_t>(), 1 + std::count(big.begin(), big.begin() + static_cast<long>(start), '\n'));
  // Standard input is always streamed and gives the same text.
  EXPECT_EQ(RunUnspin("", big).out, text.out);
}

// --in-place: a changed file is replaced whole and keeps its mode; an unchanged one is not
// touched; a link is not edited (its target neither); the report still goes to stdout.
TEST(Cli, InPlaceEditsReplaceChangedFilesAndLeaveTheRestAlone) {
  TempDir dir;
  WriteFile(dir.path() / "in" / "spun.txt", "Its moms and dad business grew.\n");
  WriteFile(dir.path() / "in" / "plain.txt", "Plain text.\n");
  fs::permissions(dir.path() / "in" / "spun.txt", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(24);
  fs::last_write_time(dir.path() / "in" / "plain.txt", old_time);
  WriteFile(dir.path() / "precious.txt", "Its moms and dad business grew.\n");
  fs::create_symlink("../precious.txt", dir.path() / "in" / "link.txt");
  const CommandResult run = RunUnspin("--no-lm -i in", "", dir.path());
  EXPECT_EQ(run.exit_code, 3);  // the link was asked for and not edited
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("in/link.txt: a symbolic link: not edited in place"), std::string::npos) << run.err;
  EXPECT_EQ(ReadFile(dir.path() / "in" / "spun.txt"), "Its parent company grew.\n");
  EXPECT_EQ(fs::status(dir.path() / "in" / "spun.txt").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_EQ(fs::last_write_time(dir.path() / "in" / "plain.txt"), old_time);
  EXPECT_TRUE(fs::is_symlink(dir.path() / "in" / "link.txt"));
  EXPECT_EQ(ReadFile(dir.path() / "precious.txt"), "Its moms and dad business grew.\n");
  size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path() / "in")) ++entries;
  EXPECT_EQ(entries, 3u);  // no temporary left
  // With a report: the files are edited and the report is on stdout.
  WriteFile(dir.path() / "in" / "spun.txt", "Spending rose to tape highs.\n");
  const CommandResult jsonl = RunUnspin("--no-lm -i --format jsonl in/spun.txt", "", dir.path());
  EXPECT_EQ(jsonl.exit_code, 0) << jsonl.err;
  EXPECT_EQ(nlohmann::json::parse(jsonl.out)["stats"]["applied"], 1);
  EXPECT_EQ(ReadFile(dir.path() / "in" / "spun.txt"), "Spending rose to record highs.\n");
}

TEST(Cli, InPlaceRefusesStandardInputOneFileTwiceAndAnOutputFolder) {
  TempDir dir;
  WriteFile(dir.path() / "a.txt", "tape highs\n");
  for (const char* args : {"-i", "-i -", "-i a.txt ./a.txt", "-i -o out a.txt"}) {
    const CommandResult run = RunUnspin(std::string("--no-lm ") + args, "tape highs\n", dir.path());
    EXPECT_EQ(run.exit_code, 2) << args;
    EXPECT_EQ(run.err.rfind("unspin: ", 0), 0u) << args << ": " << run.err;
    EXPECT_EQ(ReadFile(dir.path() / "a.txt"), "tape highs\n") << args;
  }
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

// A file read in pieces is edited in place too; one that fails (invalid UTF-8 past the first
// piece) is left exactly as it was, with no temporary beside it.
TEST(Cli, InPlaceEditsOfLargeFilesAreWholeOrNothing) {
  TempDir dir;
  const std::string seed = ReadFile(kSeed);
  std::string big;
  while (big.size() < (size_t{3} << 19)) big += seed + "\n\n";  // 1.5 MiB: read in pieces
  WriteFile(dir.path() / "big.txt", big);
  WriteFile(dir.path() / "bad.txt", big + "\xff\n");
  const CommandResult expected = RunUnspin("--no-lm big.txt", "", dir.path());
  const CommandResult run = RunUnspin("--no-lm -i big.txt bad.txt", "", dir.path());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("bad.txt: invalid UTF-8"), std::string::npos) << run.err;
  EXPECT_EQ(ReadFile(dir.path() / "big.txt"), expected.out);
  EXPECT_NE(expected.out, big);
  EXPECT_EQ(ReadFile(dir.path() / "bad.txt"), big + "\xff\n");
  size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 2u);
}

// Pieces of the seed article with damage spliced in at random: whatever happens, the report's
// applied changes must reproduce the text output, and the binary must not fail.
TEST(Cli, RandomDamageKeepsReportAndTextInAgreement) {
  const std::string seed = ReadFile(kSeed);
  const std::vector<std::string> damage = {"&amp;", "\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2", "\xE2\x80\x8B", "\xC2\xAD", "  ",
                                           " ,", "\n\n", "Leave a Reply", "appwhich", "2015is", "\xFF", "\xC3",
                                           "e\xCC\x81", "\r\n", "\xEF\xBB\xBF", "disputeThat", "Read more"};
  std::mt19937 random(20261130);
  for (int round = 0; round < 15; ++round) {
    std::string input = seed.substr(random() % 3000, random() % 2000);
    for (int k = static_cast<int>(random() % 15); k > 0; --k) {
      input.insert(random() % (input.size() + 1), damage[random() % damage.size()]);
    }
    const CommandResult text = RunUnspin("--encoding-errors replace", input);
    const CommandResult json = RunUnspin("--encoding-errors replace --format json", input);
    ASSERT_EQ(text.exit_code, 0) << text.err;
    ASSERT_EQ(json.exit_code, 0) << json.err;
    EXPECT_EQ(ApplyReport(input, nlohmann::json::parse(json.out)["files"][0]), text.out) << "round " << round;
  }
}

// A full disk must not pass for success: the output is cut. Every command says so and exits 3.
TEST(Cli, AFailedWriteToStandardOutputIsAnError) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  TempDir dir;
  WriteFile(dir.path() / "a.txt", "tape highs\n");
  for (const char* args : {"a.txt", "--format json a.txt", "--format jsonl a.txt", "--explain a.txt", "check a.txt",
                           "dict stats", "dict lookup tape highs"}) {
    const CommandResult run = RunUnspin(args, "", dir.path(), "/dev/full");
    EXPECT_EQ(run.exit_code, 3) << args;
    EXPECT_EQ(run.err, "unspin: error writing to standard output: No space left on device\n") << args;
  }
}

// Only a closed pipe ends quietly: the reader has what it wanted.
TEST(Cli, AClosedPipeEndsQuietly) {
  TempDir dir;
  std::string big;
  while (big.size() < (size_t{1} << 20)) big += "tape highs and some more words of an article\n\n";
  WriteFile(dir.path() / "big.txt", big);
  const std::string command = "cd " + Quote(dir.path().string()) + " && { " + Quote(UNSPIN_BINARY) +
                              " --no-lm big.txt 2> err; echo $? > rc; } | head -c 10 > /dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0);
  EXPECT_EQ(ReadFile(dir.path() / "rc"), "0\n");
  EXPECT_EQ(ReadFile(dir.path() / "err"), "");
}

TEST(Cli, VersionAndHelp) {
  const CommandResult version = RunUnspin("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("unspin ", 0), 0u);
  const CommandResult help = RunUnspin("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--min-confidence"), std::string::npos);
}

}  // namespace
}  // namespace unspin::testing
