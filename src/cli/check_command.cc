// `unspin check PATH...`: was each document spun? Cleans every input with the main command's
// options (dictionaries, --dict, repairs, language model) and prints its spin score and the tells
// behind it. Exit 1 when some document scores above --threshold, 0 when none does, 3 when an input
// could not be read (2: usage).
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "unspin/batch.h"
#include "unspin/report.h"
#include "unspin/unspin.h"

namespace unspin::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> paths;
  double threshold = 0.5;
  bool quiet = false;
};

// What is kept of a result once it is cleaned: its score and its tells (SpinTells: the scorer's,
// or the changes it falls back on), not the text or every change.
void KeepVerdict(Result* result) {
  result->tells = SpinTells(*result);
  result->text = std::string();
  result->changes = std::vector<Change>();
}

std::string DisplayName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

// Cleans one input piece by piece; the document's score is its highest-scoring piece's.
void CheckStreaming(const Cleaner& cleaner, const std::string& path, FileResult* file, Workspace* workspace) {
  std::ifstream stream;
  std::istream* in = &std::cin;
  if (path != "-") {
    stream.open(path, std::ios::binary);
    if (!stream) {
      file->status = IoError(path + ": cannot open: " + std::strerror(errno));
      return;
    }
    in = &stream;
  }
  PieceReader reader(*in, PieceBytes());
  std::string text;
  Piece piece;
  bool first = true;
  while (reader.Next(&text, &piece)) {
    Result result;
    Status status = cleaner.Clean(text, piece, &result, workspace);
    if (!status.ok()) {
      file->status = Status(status.code(), DisplayName(path) + ": " + status.message());
      return;
    }
    KeepVerdict(&result);
    if (first || result.spin_score > file->result.spin_score) {
      file->result.spin_score = result.spin_score;
      file->result.tells = std::move(result.tells);
    }
    first = false;
  }
  if (reader.failed()) file->status = IoError(DisplayName(path) + ": read error");
}

std::string TextLine(const FileResult& file, double threshold) {
  char score[32];
  std::snprintf(score, sizeof score, "%.2f", file.result.spin_score);
  std::string line = DisplayName(file.path) + ": ";
  if (file.result.spin_score <= threshold) return line + "clean " + score + "\n";
  line += std::string("spun ") + score;
  const std::vector<Evidence> tells = SpinTells(file.result, 3);
  if (!tells.empty()) {
    line += " (tells: ";
    for (size_t i = 0; i < tells.size(); ++i) line += (i > 0 ? "; " : "") + tells[i].detail;
    if (file.result.tells.size() > tells.size()) {
      line += "; " + std::to_string(file.result.tells.size() - tells.size()) + " more";
    }
    line += ")";
  }
  return line + "\n";
}

// The main command's option `name` as parsed (or its default): `unspin --repair glue check a.txt`
// and `unspin check --repair glue a.txt` (falling through to the main command) mean the same.
template <typename T>
T MainOption(const CLI::App& app, const std::string& name, T fallback) {
  const CLI::Option* option = app.get_option_no_throw(name);
  if (option == nullptr) return fallback;
  if (option->count() == 0 && option->get_default_str().empty()) return fallback;
  return option->as<T>();
}

int RunCheck(const CLI::App& app, const CheckOptions& check, const GlobalOptions& global) {
  if (global.format != "text" && global.format != "json" && global.format != "jsonl") {
    std::cerr << "unspin check: --format must be text, json or jsonl\n";
    return kExitUsage;
  }
  auto dictionary = LoadDictionary(global);
  if (!dictionary.ok()) {
    std::cerr << "unspin: " << dictionary.status().message() << "\n";
    return kExitUsage;
  }
  auto language_model = LoadLanguageModel(global);
  if (!language_model.ok()) {
    std::cerr << "unspin: " << language_model.status().message() << "\n";
    return kExitUsage;
  }
  Options options;
  options.language_model = *language_model;
  options.min_confidence = MainOption(app, "--min-confidence", options.min_confidence);
  options.replace_invalid_utf8 = MainOption<std::string>(app, "--encoding-errors", "strict") == "replace";
  std::string error;
  const auto enabled = ParseRepairList(MainOption<std::string>(app, "--repair", "all"), &error);
  const auto disabled = enabled ? ParseRepairList(MainOption<std::string>(app, "--no-repair", ""), &error)
                                : std::nullopt;
  if (!enabled || !disabled) {
    std::cerr << "unspin: " << error << "\n";
    return kExitUsage;
  }
  options.repairs = *enabled & ~*disabled;
  const unsigned jobs = MainOption(app, "--jobs", 0u);
  const Cleaner cleaner(*dictionary, options);

  std::vector<std::string> paths = check.paths;
  if (paths.empty()) paths.push_back("-");
  const std::vector<InputPath> inputs = ExpandInputs(paths);
  std::vector<FileResult> results(inputs.size());
  std::vector<char> streamed(inputs.size(), 0);
  bool any_failed = false, any_spun = false;
  WorkspacePool workspaces;

  auto work = [&](size_t i) {
    FileResult& file = results[i];
    file.path = inputs[i].path;
    if (IsStreamed(inputs[i])) {
      streamed[i] = 1;  // checked by emit(), in order, as it is read
      return;
    }
    file.status = CleanWholeInput(cleaner, inputs[i], &file.result, workspaces.Borrow().get());
    if (!file.status.ok()) return;
    KeepVerdict(&file.result);
  };
  auto emit = [&](size_t i) {
    FileResult& file = results[i];
    if (streamed[i]) CheckStreaming(cleaner, inputs[i].path, &file, workspaces.Borrow().get());
    if (!file.status.ok()) {
      any_failed = true;
      if (!check.quiet) std::cerr << "unspin: " << file.status.message() << "\n";
    } else {
      any_spun = any_spun || file.result.spin_score > check.threshold;
    }
    if (check.quiet || global.format == "json") return;  // json: printed whole at the end
    if (global.format == "jsonl") {
      WriteStdout(CheckJsonLine(file, check.threshold));
    } else if (file.status.ok()) {
      WriteStdout(TextLine(file, check.threshold));
    }
  };
  RunInOrder(inputs.size(), jobs, work, emit);
  if (!check.quiet && global.format == "json") WriteStdout(CheckJson(results, check.threshold));
  if (any_failed) return kExitInputFailed;
  return any_spun ? kExitFound : kExitOk;
}

}  // namespace

Runner AddCheckCommand(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* check = app.add_subcommand(
      "check",
      "Say whether each document was spun: its spin score (the probability it was spun) and the tells behind "
      "it. Takes the main command's dictionary, repair and --format options. Exit 1 when some document scores "
      "above the threshold, 0 when none does, 3 when an input could not be read");
  check->add_option("paths", options->paths, "Files or directories ('-' or none: standard input)");
  check->add_option("--threshold", options->threshold, "A document is spun when its spin score is above this")
      ->check(ProbabilityCheck())
      ->capture_default_str();
  check->add_flag("-q,--quiet", options->quiet, "Print nothing; only the exit code tells");
  const CLI::App* main_app = &app;
  return [=, &global]() {
    if (!check->parsed()) return -1;
    return RunCheck(*main_app, *options, global);
  };
}

}  // namespace unspin::cli
