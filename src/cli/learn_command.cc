// `unspin learn --original PATH --spun PATH [-o dict.tsv]`: learns a dictionary from document
// pairs, two files or two folders whose files are paired by relative path.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "unspin/batch.h"
#include "unspin/learn.h"

namespace unspin::cli {
namespace {

namespace fs = std::filesystem;

struct LearnCommandOptions {
  std::string original;
  std::string spun;
  std::string output;
  LearnOptions learn;
};

struct DocumentPair {
  std::string original;
  std::string spun;
};

void PrintError(const std::string& message) { std::cerr << "unspin learn: " << message << "\n"; }

int RunLearn(const LearnCommandOptions& options) {
  std::error_code error;
  for (const std::string* path : {&options.original, &options.spun}) {
    if (!fs::exists(*path, error)) {
      PrintError(*path + ": no such file or directory");
      return kExitInputFailed;
    }
  }
  const bool original_is_folder = fs::is_directory(options.original, error);
  const bool spun_is_folder = fs::is_directory(options.spun, error);
  if (original_is_folder != spun_is_folder) {
    PrintError("--original and --spun must both be files or both be folders (" +
               (original_is_folder ? options.original : options.spun) + " is a folder, " +
               (original_is_folder ? options.spun : options.original) + " is not)");
    return kExitUsage;
  }
  if (!options.output.empty() && fs::is_directory(options.output, error)) {
    PrintError("-o " + options.output + ": is a folder; name the dictionary file to write");
    return kExitUsage;
  }

  // Pair the inputs; a file with no partner is an error that names it, the others are learned.
  bool any_failed = false;
  std::vector<DocumentPair> pairs;
  if (!original_is_folder) {
    pairs.push_back({options.original, options.spun});
  } else {
    std::map<std::string, std::string> spun_by_relative;
    for (const InputPath& input : ExpandInputs({options.spun})) {
      if (!input.error.empty()) {
        PrintError(input.error);
        any_failed = true;
        continue;
      }
      spun_by_relative[input.relative] = input.path;
    }
    for (const InputPath& input : ExpandInputs({options.original})) {
      if (!input.error.empty()) {
        PrintError(input.error);
        any_failed = true;
        continue;
      }
      auto partner = spun_by_relative.find(input.relative);
      if (partner == spun_by_relative.end()) {
        PrintError(input.path + ": no spun file of the same name (" +
                   (fs::path(options.spun) / input.relative).string() + ")");
        any_failed = true;
        continue;
      }
      pairs.push_back({input.path, partner->second});
      spun_by_relative.erase(partner);
    }
    for (const auto& [relative, path] : spun_by_relative) {
      PrintError(path + ": no original file of the same name (" + (fs::path(options.original) / relative).string() +
                 ")");
      any_failed = true;
    }
  }

  Learner learner(options.learn);
  for (const DocumentPair& pair : pairs) {
    std::string original, spun;
    Status status = ReadInput(pair.original, &original);
    if (status.ok()) status = ReadInput(pair.spun, &spun);
    if (status.ok()) status = learner.AddPair(original, spun, pair.original, pair.spun);
    if (!status.ok()) {
      PrintError(status.message());
      any_failed = true;
    }
  }

  const std::string tsv = learner.ToTsv("original: " + options.original + ", spun: " + options.spun);
  if (options.output.empty()) {
    WriteStdout(tsv);
  } else if (Status status = WriteFileAtomically(options.output, tsv); !status.ok()) {
    PrintError(status.message());
    return kExitInputFailed;
  } else {
    std::cerr << "unspin learn: " << learner.Entries().size() << " entries from " << learner.pair_count()
              << " document pair(s) written to " << options.output << "\n";
  }
  return any_failed ? kExitInputFailed : kExitOk;
}

}  // namespace

Runner AddLearnCommand(CLI::App& app, const GlobalOptions&) {
  auto options = std::make_shared<LearnCommandOptions>();
  CLI::App* learn = app.add_subcommand(
      "learn",
      "Learn a dictionary (TSV, see data/README.md) from original/spun document pairs: two files, or two "
      "folders whose files are paired by relative path. Files that cannot be read or paired are reported "
      "(exit 3) and the others are still learned from");
  learn->add_option("--original", options->original, "The original document, or a folder of them")
      ->required()
      ->type_name("PATH");
  learn->add_option("--spun", options->spun, "The spun document, or a folder of them (same relative names)")
      ->required()
      ->type_name("PATH");
  learn->add_option("-o,--output", options->output,
                    "Write the dictionary to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  learn->add_option("--max-words", options->learn.max_phrase_words,
                    "Longest substitution learned, in words on either side")
      ->check(CLI::Range(size_t{1}, kMaxPhraseWords))
      ->capture_default_str();
  learn->add_option("--min-count", options->learn.min_count, "Leave out substitutions seen fewer times")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  return [learn, options]() { return learn->parsed() ? RunLearn(*options) : -1; };
}

}  // namespace unspin::cli
