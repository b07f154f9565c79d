// Subcommands of the unspin command line. Each Add* function registers its subcommand on `app`
// and returns the function that runs it once the command line has been parsed: it returns the
// exit code, or -1 when its subcommand was not the one given.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "unspin/batch.h"
#include "unspin/cleaner.h"
#include "unspin/dictionary.h"
#include "unspin/language_model.h"
#include "unspin/status.h"

namespace unspin::cli {

// Starts the program again with glibc's malloc on transparent huge pages where the kernel gives
// them only on request; returns when it does not (already so, not possible, or turned off with
// UNSPIN_NO_HUGE_PAGES). Call first thing in main(), before any thread or input.
void RestartWithHugePages(char** argv);

inline constexpr int kExitOk = 0;
inline constexpr int kExitFound = 1;  // `check`/`dict check` found what they look for
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInputFailed = 3;

// Options of the top-level command that subcommands share.
struct GlobalOptions {
  std::vector<std::string> dictionaries;  // --dict
  bool no_builtin = false;                // --no-builtin
  std::string format = "text";            // --format
  std::string language_model;             // --lm (empty: the default model)
  bool no_language_model = false;         // --no-lm
};

// The built-in dictionary plus --dict files, minus the built-in with --no-builtin.
StatusOr<std::shared_ptr<const Dictionary>> LoadDictionary(const GlobalOptions& options);

// The language model named by --lm (or the default one); null with --no-lm.
StatusOr<std::shared_ptr<const LanguageModel>> LoadLanguageModel(const GlobalOptions& options);

// Inputs larger than one piece, and standard input, are cleaned piece by piece as they are
// read, in pieces of about PieceBytes(): 1 MiB, or UNSPIN_PIECE_BYTES (at least 64; an internal
// setting, for tests to cut small inputs into pieces). So memory is that of a piece whatever
// the file's size (random bytes with --encoding-errors replace make five tokens per word).
size_t PieceBytes();
bool IsStreamed(const InputPath& input);

// Reads a whole input (one that is not streamed) and cleans it; errors name the file.
Status CleanWholeInput(const Cleaner& cleaner, const InputPath& input, Result* result, Workspace* workspace);

// The check for an option that is a probability: a finite number in [0, 1] (CLI::Range lets
// "nan" through). Its message: "expected a number between 0 and 1, got 'abc'".
CLI::Validator ProbabilityCheck();

// Writes to stdout. A closed pipe (`unspin big.txt | head`) ends the program quietly (exit 0);
// any other failure (a full disk) is "unspin: error writing to standard output: ..." and exit
// 3. Either way the temporary files being written are removed first.
void WriteStdout(std::string_view text);
// At the end of a command: the same check for what is still buffered; returns the exit code.
int FinishStdout(int code);

using Runner = std::function<int()>;

Runner AddDictCommand(CLI::App& app, const GlobalOptions& options);
Runner AddLearnCommand(CLI::App& app, const GlobalOptions& options);
Runner AddCheckCommand(CLI::App& app, const GlobalOptions& options);

}  // namespace unspin::cli
