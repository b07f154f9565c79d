// Reporters: the JSON report (schema_version 1, documented in README.md) and JSON Lines.
#pragma once

#include <string>
#include <vector>

#include "unspin/cleaner.h"
#include "unspin/dictionary.h"
#include "unspin/dictionary_check.h"
#include "unspin/status.h"

namespace unspin {

inline constexpr int kJsonSchemaVersion = 1;

// One input's outcome: its cleaned result, or the error that stopped it.
struct FileResult {
  std::string path;  // as given on the command line; "-" for standard input
  Status status;
  Result result;
};

struct Summary {
  size_t files = 0;
  size_t failed = 0;
  size_t words = 0;
  size_t changes = 0;
  size_t applied = 0;
  void Add(const FileResult& file);
};

// The whole report as one JSON document (pretty-printed, newline-terminated).
std::string JsonReport(const std::vector<FileResult>& files, const Summary& summary);
// One file's object on one line, newline-terminated (for --format jsonl).
std::string JsonLine(const FileResult& file);

// `unspin dict stats --format json`: {"total", "written", "by_category", "written_by_category",
// "by_domain": {domain: {"written", "total"}}, "by_file": {file: {"written", "total"}}}; totals
// count inflected forms.
std::string DictionaryStatsJson(const Dictionary& dictionary);
// `unspin dict check --format json`: {"errors", "warnings", "findings": [{location, severity, message}]}.
std::string FindingsJson(const std::vector<Finding>& findings);

}  // namespace unspin
