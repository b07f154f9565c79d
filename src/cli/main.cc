// The unspin command line: flags -> options, inputs -> library, results -> stdout/files.
// Exit codes: 0 success, 2 usage or dictionary error, 3 some input could not be processed (or
// standard output could not be written).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "cli/commands.h"
#include "unspin/batch.h"
#include "unspin/unspin.h"

namespace unspin::cli {

StatusOr<std::shared_ptr<const Dictionary>> LoadDictionary(const GlobalOptions& options) {
  if (!options.no_builtin && options.dictionaries.empty()) return Dictionary::Builtin();
  DictionaryBuilder builder;
  if (!options.no_builtin) {
    Status status = builder.AddBuiltin();
    if (!status.ok()) return status;
  }
  for (const std::string& path : options.dictionaries) {
    std::string content;
    Status status = ReadInput(path, &content);
    if (!status.ok()) return status;
    status = builder.AddFile(content, path);
    if (!status.ok()) return status;
  }
  return builder.Build();
}

StatusOr<std::shared_ptr<const LanguageModel>> LoadLanguageModel(const GlobalOptions& options) {
  if (options.no_language_model) return std::shared_ptr<const LanguageModel>();
  return LanguageModel::Load(options.language_model.empty() ? LanguageModel::DefaultPath() : options.language_model);
}

size_t PieceBytes() {
  static const size_t bytes = [] {
    const char* value = std::getenv("UNSPIN_PIECE_BYTES");
    const long long parsed = value != nullptr ? std::atoll(value) : 0;
    return parsed >= 64 ? static_cast<size_t>(parsed) : size_t{1} << 20;
  }();
  return bytes;
}

bool IsStreamed(const InputPath& input) {
  if (input.path == "-") return true;
  std::error_code size_error;  // unreadable, missing: read whole, where the error is reported
  const uintmax_t size = std::filesystem::file_size(input.path, size_error);
  return !size_error && size > uintmax_t{PieceBytes()};
}

Status CleanWholeInput(const Cleaner& cleaner, const InputPath& input, Result* result, Workspace* workspace) {
  std::string content;
  Status status = ReadInput(input, &content);
  if (!status.ok()) return status;
  status = cleaner.Clean(content, result, workspace);
  if (!status.ok()) return Status(status.code(), input.path + ": " + status.message());
  return Status::Ok();
}

[[noreturn]] void ExitNow(int code) {
  RemoveTemporaryFiles();  // of the files other threads are writing
  std::_Exit(code);        // worker threads are still running: no static destructors
}

void WriteStdout(std::string_view text) {
  if (text.empty()) return;
  if (std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0) return;
  const int error = errno;
  if (error == EPIPE) ExitNow(kExitOk);  // `unspin big.txt | head`: the reader has what it wants
  std::fprintf(stderr, "unspin: error writing to standard output: %s\n", std::strerror(error));
  ExitNow(kExitInputFailed);
}

int FinishStdout(int code) {
  // What subcommands wrote through std::cout is still in the buffer: a full disk shows here.
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return code;
  const int error = errno;
  if (error == EPIPE) return code;
  std::fprintf(stderr, "unspin: error writing to standard output: %s\n", std::strerror(error));
  return kExitInputFailed;
}

CLI::Validator ProbabilityCheck() {
  return CLI::Validator(
      [](const std::string& value) -> std::string {
        double number = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (error == std::errc() && end == value.data() + value.size() && std::isfinite(number) && number >= 0 &&
            number <= 1) {
          return "";
        }
        return "expected a number between 0 and 1, got '" + value + "'";
      },
      "NUMBER in [0, 1]");
}

}  // namespace unspin::cli

namespace {

using unspin::cli::kExitInputFailed;
using unspin::cli::kExitOk;
using unspin::cli::kExitUsage;
using unspin::cli::WriteStdout;

struct CommandLine : unspin::cli::GlobalOptions {
  std::vector<std::string> files;
  double min_confidence = unspin::Options().min_confidence;
  std::string output_dir;
  bool in_place = false;
  unsigned jobs = 0;
  std::string repair = "all";
  std::string no_repair;
  std::string encoding_errors = "strict";
  bool explain = false;
};

// Inputs larger than this (and standard input) are cleaned piece by piece as they are read, so
// memory does not grow with them.

void AddPieceResult(unspin::Result piece, unspin::FileResult* file) {
  unspin::Result& total = file->result;
  total.spin_score = std::max(total.spin_score, piece.spin_score);
  total.stats.bytes += piece.stats.bytes;
  total.stats.words += piece.stats.words;
  total.stats.matches += piece.stats.matches;
  total.stats.applied += piece.stats.applied;
  for (unspin::Change& change : piece.changes) total.changes.push_back(std::move(change));
}

// An unnamed temporary file (removed when closed, or when the program ends however it ends).
unspin::Status OpenSpool(std::fstream* spool) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path = std::string(tmpdir != nullptr && *tmpdir ? tmpdir : "/tmp") + "/.unspin-stdin-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return unspin::IoError("cannot create a temporary file in " + path + ": " + std::strerror(errno));
  spool->open(path, std::ios::in | std::ios::out | std::ios::binary | std::ios::trunc);
  ::unlink(path.c_str());
  ::close(fd);
  if (!*spool) return unspin::IoError("cannot open a temporary file: " + std::string(std::strerror(errno)));
  return unspin::Status::Ok();
}

// Cleans one input read piece by piece, writing each cleaned piece as soon as it is done.
void CleanStreaming(const CommandLine& cli, const unspin::Cleaner& cleaner, const unspin::InputPath& input,
                    const std::string& target, unspin::FileResult* file, unspin::Workspace* workspace) {
  const bool text_out = cli.format == "text";
  const std::string name = input.path == "-" ? "<stdin>" : input.path;
  std::ifstream stream;
  std::fstream spool;
  std::istream* in = &std::cin;
  if (input.path != "-") {
    stream.open(input.path, std::ios::binary);
    if (!stream) {
      file->status = unspin::IoError(input.path + ": cannot open: " + std::strerror(errno));
      return;
    }
    in = &stream;
  }
  unspin::AtomicFileWriter writer;
  const bool to_file = !target.empty();  // stdin goes to stdout
  size_t applied = 0;  // an in-place edit that changes nothing leaves the file as it was
  // Strict mode on stdout: a bad byte megabytes in must not come after the text before it, so
  // the input is checked first (standard input through a temporary copy, read back after).
  if (!to_file && text_out && !cleaner.options().replace_invalid_utf8) {
    unspin::Status status;
    if (input.path == "-") {
      status = OpenSpool(&spool);
      if (status.ok()) status = unspin::CheckUtf8(std::cin, &spool);
      spool.clear();
      spool.seekg(0);
      in = &spool;
    } else {
      std::ifstream check(input.path, std::ios::binary);
      status = unspin::CheckUtf8(check);
    }
    if (!status.ok()) {
      file->status = unspin::Status(status.code(), name + ": " + status.message());
      return;
    }
  }
  if (to_file) {
    file->status = cli.in_place ? writer.OpenReplacing(target) : writer.Open(target);
    if (!file->status.ok()) return;
  }
  unspin::PieceReader reader(*in, unspin::cli::PieceBytes());
  std::string text;
  unspin::Piece piece;
  while (reader.Next(&text, &piece)) {
    unspin::Result result;
    unspin::Status status = cleaner.Clean(text, piece, &result, workspace);
    if (!status.ok()) {
      file->status = unspin::Status(status.code(), name + ": " + status.message());
      return;  // the writer removes its temporary file
    }
    if (to_file) {
      file->status = writer.Write(result.text);
      if (!file->status.ok()) return;
    } else if (text_out && cli.explain) {
      unspin::FileResult piece_file;
      piece_file.path = input.path;
      piece_file.result = std::move(result);
      WriteStdout(unspin::ExplainText(piece_file));
      result = std::move(piece_file.result);
    } else if (text_out) {
      WriteStdout(result.text);
    }
    result.text.clear();
    applied += result.stats.applied;
    if (!text_out) AddPieceResult(std::move(result), file);
    else file->result.stats.words += result.stats.words;
  }
  if (reader.failed()) {
    file->status = unspin::IoError(name + ": read error");
    return;
  }
  if (to_file && (applied > 0 || !cli.in_place)) file->status = writer.Commit();
}

int Clean(const CommandLine& cli) {
  auto dictionary = unspin::cli::LoadDictionary(cli);
  if (!dictionary.ok()) {
    std::cerr << "unspin: " << dictionary.status().message() << "\n";
    return kExitUsage;
  }
  auto language_model = unspin::cli::LoadLanguageModel(cli);
  if (!language_model.ok()) {
    std::cerr << "unspin: " << language_model.status().message() << "\n";
    return kExitUsage;
  }
  unspin::Options options;
  options.language_model = *language_model;
  options.min_confidence = cli.min_confidence;
  options.replace_invalid_utf8 = cli.encoding_errors == "replace";
  std::string error;
  const auto enabled = unspin::ParseRepairList(cli.repair, &error);
  const auto disabled = enabled ? unspin::ParseRepairList(cli.no_repair, &error) : std::nullopt;
  if (!enabled || !disabled) {
    std::cerr << "unspin: " << error << "\n";
    return kExitUsage;
  }
  options.repairs = *enabled & ~*disabled;
  const unspin::Cleaner cleaner(*dictionary, options);

  std::vector<std::string> paths = cli.files;
  if (paths.empty()) paths.push_back("-");
  // An output folder inside an input folder is not walked: the last run's output is no input.
  std::vector<unspin::InputPath> inputs = unspin::ExpandInputs(paths, cli.output_dir);
  // Where each input is written, checked before anything is ("" for stdout). With -o and
  // --in-place the cleaned files are written in every format, and a report goes to stdout.
  std::vector<std::string> targets(inputs.size());
  if (!cli.output_dir.empty()) {
    auto plan = unspin::PlanOutputs(paths, inputs, cli.output_dir);
    if (!plan.ok()) {
      std::cerr << "unspin: " << plan.status().message() << "\n";
      return kExitUsage;
    }
    targets = std::move(plan).value();
  } else if (cli.in_place) {
    const unspin::Status plan = unspin::PlanInPlace(&inputs);
    if (!plan.ok()) {
      std::cerr << "unspin: " << plan.message() << "\n";
      return kExitUsage;
    }
    for (size_t i = 0; i < inputs.size(); ++i) targets[i] = inputs[i].path;
  }
  const bool text_to_stdout = cli.output_dir.empty() && !cli.in_place;

  std::vector<unspin::FileResult> results(inputs.size());
  std::vector<char> streamed(inputs.size(), 0);
  unspin::Summary summary;
  bool any_failed = false;
  const bool json = cli.format == "json";
  unspin::JsonReportWriter json_writer;  // the report goes out file by file, in input order
  unspin::WorkspacePool workspaces;

  auto work = [&](size_t i) {
    unspin::FileResult& file = results[i];
    file.path = inputs[i].path;
    if (!inputs[i].error.empty()) {  // a walking error, or a link --in-place does not edit
      file.status = unspin::IoError(inputs[i].error);
      return;
    }
    if (unspin::cli::IsStreamed(inputs[i])) {
      streamed[i] = 1;  // cleaned by emit(), in order, as it is read
      return;
    }
    file.status = unspin::cli::CleanWholeInput(cleaner, inputs[i], &file.result, workspaces.Borrow().get());
    if (!file.status.ok()) return;
    if (targets[i].empty()) return;
    if (!cli.in_place) {
      file.status = unspin::WriteFileAtomically(targets[i], file.result.text);
    } else if (file.result.stats.applied > 0) {  // unchanged: the file is left as it was
      file.status = unspin::ReplaceFileAtomically(targets[i], file.result.text);
    }
  };
  auto emit = [&](size_t i) {
    unspin::FileResult& file = results[i];
    if (streamed[i]) CleanStreaming(cli, cleaner, inputs[i], targets[i], &file, workspaces.Borrow().get());
    summary.Add(file);
    if (!file.status.ok()) {
      any_failed = true;
      std::cerr << "unspin: " << file.status.message() << "\n";
    }
    if (json) {
      WriteStdout(json_writer.File(file));
    } else if (cli.format == "jsonl") {
      WriteStdout(unspin::JsonLine(file));
    } else if (cli.explain && file.status.ok() && !streamed[i]) {
      WriteStdout(unspin::ExplainText(file));
    } else if (text_to_stdout && file.status.ok() && !streamed[i]) {
      WriteStdout(file.result.text);
    }
    file.result = unspin::Result();  // keep memory flat: this file is done
  };
  if (json) WriteStdout(json_writer.Begin());
  unspin::RunInOrder(inputs.size(), cli.jobs, work, emit);
  if (json) WriteStdout(json_writer.End(summary));
  return any_failed ? kExitInputFailed : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  unspin::cli::RestartWithHugePages(argv);
  std::signal(SIGPIPE, SIG_IGN);
  unspin::RemoveTemporaryFilesOnSignal();
  CommandLine cli;
  CLI::App app{"unspin: restore synonym-spun and scrape-garbled text to its likely original wording.\n"
               "Reads the FILEs (directories recursively), or standard input when none or '-' is given,\n"
               "and writes the cleaned text to standard output."};
  // Every error starts with "unspin: " (subcommands copy this when they are added, below).
  app.failure_message([](const CLI::App* failed, const CLI::Error& error) {
    return "unspin: " + CLI::FailureMessage::simple(failed, error);
  });
  app.set_version_flag("--version", std::string("unspin ") + unspin::kVersion);
  app.add_option("files", cli.files, "Input files or directories ('-' for standard input)");
  app.add_option("--format", cli.format, "Output: text (the cleaned text), json (a report of every change), "
                                         "jsonl (one report line per input)")
      ->check(CLI::IsMember({"text", "json", "jsonl"}))
      ->capture_default_str();
  app.add_option("--min-confidence", cli.min_confidence,
                 "Apply changes at least this confident; weaker ones are only reported")
      ->check(unspin::cli::ProbabilityCheck())
      ->capture_default_str();
  app.add_option("--dict", cli.dictionaries, "Add a dictionary file (TSV, see data/README.md, or a Problematic Paper Screener CSV export); repeatable")
      ->type_name("FILE")
      ->allow_extra_args(false);
  app.add_flag("--no-builtin", cli.no_builtin, "Do not use the dictionary built into unspin");
  app.add_flag("--explain", cli.explain,
               "Instead of the cleaned text, list every change (applied or not) with its confidence, rule, "
               "evidence and alternatives: FILE:LINE:COL: \"before\" -> \"after\" ...");
  app.add_option("--lm", cli.language_model,
                 std::string("English n-gram language model that weighs each wording in context (default: ") +
                     unspin::LanguageModel::DefaultPath() + ", from Debian's pocketsphinx-en-us)")
      ->type_name("FILE");
  app.add_flag("--no-lm", cli.no_language_model,
               "Run without a language model: decisions rest on the priors and the spin rate, and restore less");
  app.add_option("-o,--output-dir", cli.output_dir,
                 "Write each cleaned input into DIR (same relative name) instead of standard output; "
                 "standard input still goes to standard output")
      ->type_name("DIR");
  app.add_flag("-i,--in-place", cli.in_place,
               "Edit the FILEs in place: each changed file is replaced atomically (through a hidden temporary "
               "beside it, synced, then renamed over it) and keeps its permissions; unchanged files are not "
               "touched; symbolic links are not edited")
      ->excludes("-o");
  app.add_option("-j,--jobs", cli.jobs, "Threads to use (0: one per core)")->capture_default_str();
  app.add_option("--repair", cli.repair,
                 "Repairs of scrape damage to run (comma-separated): encoding, entities, invisible, nfc, chrome, "
                 "glue, punctuation, whitespace, or all")
      ->type_name("LIST")
      ->capture_default_str();
  app.add_option("--no-repair", cli.no_repair, "Repairs not to run (same names; 'all' turns repairs off)")
      ->type_name("LIST");
  app.add_option("--encoding-errors", cli.encoding_errors,
                 "Invalid UTF-8: strict (an error naming the byte) or replace (U+FFFD, and go on)")
      ->check(CLI::IsMember({"strict", "replace"}))
      ->capture_default_str();
  const unspin::cli::Runner subcommands[] = {unspin::cli::AddDictCommand(app, cli),
                                             unspin::cli::AddLearnCommand(app, cli),
                                             unspin::cli::AddCheckCommand(app, cli)};
  for (CLI::App* subcommand : app.get_subcommands({})) subcommand->fallthrough();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (!app.get_subcommands().empty()) {
    for (const auto& run : subcommands) {
      if (const int code = run(); code >= 0) return unspin::cli::FinishStdout(code);
    }
  }
  return unspin::cli::FinishStdout(Clean(cli));
}
