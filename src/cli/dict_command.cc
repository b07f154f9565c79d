// `unspin dict check|stats|lookup`: tools for dictionary maintainers.
#include <filesystem>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "unspin/batch.h"
#include "unspin/dictionary_check.h"
#include "unspin/report.h"
#include "unspin/tokenizer.h"

namespace unspin::cli {
namespace {

struct DictOptions {
  std::vector<std::string> paths;
  std::vector<std::string> phrases;
};

int RunCheck(const DictOptions& dict, const GlobalOptions& global) {
  std::vector<NamedContent> files;
  for (const InputPath& input : ExpandInputs(dict.paths)) {
    if (input.error.empty() && !IsDictionaryFile(input.path)) continue;  // README.md, data/english/, ...
    NamedContent file{input.path, ""};
    if (Status status = ReadInput(input, &file.content); !status.ok()) {
      std::cerr << "unspin: " << status.message() << "\n";
      return kExitUsage;
    }
    files.push_back(std::move(file));
  }
  if (files.empty()) {
    std::cerr << "unspin: dict check: no dictionary files (*.tsv, *.csv) among the paths given\n";
    return kExitUsage;
  }
  const std::vector<Finding> findings = CheckDictionaryFiles(files);
  size_t errors = 0;
  for (const Finding& finding : findings) errors += finding.severity == Finding::Severity::kError;
  if (global.format == "json") {
    std::cout << FindingsJson(findings);
  } else {
    for (const Finding& finding : findings) {
      std::cout << finding.location << ": "
                << (finding.severity == Finding::Severity::kError ? "error: " : "warning: ") << finding.message
                << "\n";
    }
    std::cerr << files.size() << " file(s) checked: " << errors << " error(s), " << findings.size() - errors
              << " warning(s)\n";
  }
  return errors > 0 ? kExitFound : kExitOk;
}

int RunStats(const GlobalOptions& global) {
  auto dictionary = LoadDictionary(global);
  if (!dictionary.ok()) {
    std::cerr << "unspin: " << dictionary.status().message() << "\n";
    return kExitUsage;
  }
  if (global.format == "json") {
    std::cout << DictionaryStatsJson(**dictionary);
    return kExitOk;
  }
  std::map<std::string, std::pair<size_t, size_t>> by_category;  // written, total
  size_t written = 0;
  for (const Entry& entry : (*dictionary)->entries()) {
    auto& counts = by_category[entry.category];
    counts.second++;
    if (!entry.inflected) {
      counts.first++;
      ++written;
    }
  }
  std::cout << "entries: " << (*dictionary)->entries().size() << " (" << written << " written, "
            << (*dictionary)->entries().size() - written << " inflected forms)\n";
  for (const auto& [category, counts] : by_category) {
    std::cout << "  " << category << ": " << counts.second << " (" << counts.first << " written)\n";
  }
  return kExitOk;
}

int RunLookup(const DictOptions& dict, const GlobalOptions& global) {
  auto dictionary = LoadDictionary(global);
  if (!dictionary.ok()) {
    std::cerr << "unspin: " << dictionary.status().message() << "\n";
    return kExitUsage;
  }
  auto tokenizer = Tokenizer::Create();
  if (!tokenizer.ok()) {
    std::cerr << "unspin: " << tokenizer.status().message() << "\n";
    return kExitUsage;
  }
  std::string phrase;
  for (const std::string& word : dict.phrases) phrase += (phrase.empty() ? "" : " ") + word;
  std::vector<Token> tokens;
  if (Status status = (*tokenizer)->Tokenize(phrase, &tokens); !status.ok()) {
    std::cerr << "unspin: " << status.message() << "\n";
    return kExitUsage;
  }
  std::vector<TokenId> ids;
  for (const Token& token : tokens) {
    ids.push_back(token.kind == TokenKind::kSpace ? kSpaceToken : (*dictionary)->vocabulary().Find(token.key));
  }
  std::vector<PhraseMatch> matches;
  (*dictionary)->matcher().FindAll(ids, &matches);
  for (const PhraseMatch& match : matches) {
    for (uint32_t index : (*dictionary)->groups()[match.phrase].entries) {
      const Entry& entry = (*dictionary)->entries()[index];
      std::cout << entry.spun << " -> " << entry.original << "\tprior " << entry.prior << "\t" << entry.category
                << "\t" << entry.source << "\t" << entry.location
                << (entry.inflected ? " (inflected)" : "") << "\n";
    }
  }
  return matches.empty() ? kExitFound : kExitOk;
}

}  // namespace

Runner AddDictCommand(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<DictOptions>();
  CLI::App* dict = app.add_subcommand("dict", "Check, count and look up dictionary entries");
  dict->require_subcommand(1);
  CLI::App* check = dict->add_subcommand(
      "check", "Check dictionary files (directories walked): malformed lines, duplicates, conflicts, cycles, "
               "ordinary English with a high prior. Exit 1 when there are errors");
  check->add_option("paths", options->paths, "Dictionary files or directories")->required();
  CLI::App* stats = dict->add_subcommand("stats", "Count the entries of the dictionary in use, by category");
  CLI::App* lookup = dict->add_subcommand("lookup", "Show the entries that match a phrase. Exit 1 when none does");
  lookup->add_option("phrase", options->phrases, "The phrase")->required();
  for (CLI::App* sub : {dict, check, stats, lookup}) sub->fallthrough();
  return [=, &global]() {
    if (check->parsed()) return RunCheck(*options, global);
    if (stats->parsed()) return RunStats(global);
    if (lookup->parsed()) return RunLookup(*options, global);
    return -1;
  };
}

}  // namespace unspin::cli
