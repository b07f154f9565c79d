// Runs the real unspin binary for whole-program tests.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace unspin::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

inline std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A fresh directory, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("unspin-test-" + std::to_string(::getpid()) + "-" +
                                                 std::to_string(reinterpret_cast<uintptr_t>(this)))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs `UNSPIN args` in `directory` with `input` on stdin; stdout goes to `stdout_to` when
// given (/dev/full, say), else into CommandResult::out.
inline CommandResult RunUnspin(const std::string& args, const std::string& input = "",
                     const std::filesystem::path& directory = std::filesystem::temp_directory_path(),
                     const std::string& stdout_to = "") {
  static int counter = 0;
  const auto base = std::filesystem::temp_directory_path() /
                    ("unspin-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  WriteFile(base.string() + ".in", input);
  const std::string command = "cd " + Quote(directory.string()) + " && " + Quote(UNSPIN_BINARY) + " " + args +
                              " < " + Quote(base.string() + ".in") + " > " + Quote(stdout_to.empty() ? base.string() + ".out" : stdout_to) +
                              " 2> " + Quote(base.string() + ".err");
  const int status = std::system(command.c_str());
  CommandResult run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadFile(base.string() + ".out");
  run.err = ReadFile(base.string() + ".err");
  for (const char* suffix : {".in", ".out", ".err"}) std::filesystem::remove(base.string() + suffix);
  return run;
}

}  // namespace unspin::testing
