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

// The same document written as it is produced, one file at a time, so that memory does not grow
// with the number of files: Begin(), then File() for each file in order, then End(). The pieces
// joined are byte for byte what JsonReport() gives for the same files.
class JsonReportWriter {
 public:
  std::string Begin() const;
  std::string File(const FileResult& file);
  std::string End(const Summary& summary) const;

 private:
  bool any_file_ = false;
};
// One file's object on one line, newline-terminated (for --format jsonl).
std::string JsonLine(const FileResult& file);

// Every change of one file as readable text, one block per change:
//   article.txt:1:5: "moms and dad business" -> "parent company" (0.99, applied, dict:news/seed.tsv:14)
//       prior = 0.99: entry news/seed.tsv:14 (signature, wild:A) gives prior 0.99
//       alternative "..." 0.12
// followed by the file's spin score and its tells.
std::string ExplainText(const FileResult& file);

// What a document's spin score rests on, for `unspin check`: Result::tells, strongest first (at
// most `max_tells`), or, when the scorer gave none, the three most confident applied changes, as
// kind "change", detail "'before' -> 'after'" and value their confidence.
std::vector<Evidence> SpinTells(const Result& result, size_t max_tells = static_cast<size_t>(-1));

// `unspin check --format json`: {"schema_version", "tool", "threshold", "files": [{"path",
// "spin_score", "spun", "tells": [{"kind", "detail", "value"}]}, or {"path", "error"} for an input
// that failed], "summary": {"files", "spun", "failed"}}. A file is spun when its spin score is
// above `threshold`.
std::string CheckJson(const std::vector<FileResult>& files, double threshold);
// One file's object of CheckJson on one line, newline-terminated (for --format jsonl).
std::string CheckJsonLine(const FileResult& file, double threshold);

// `unspin dict stats --format json`: {"total", "written", "by_category", "written_by_category",
// "by_domain": {domain: {"written", "total"}}, "by_file": {file: {"written", "total"}}}; totals
// count inflected forms.
std::string DictionaryStatsJson(const Dictionary& dictionary);
// `unspin dict check --format json`: {"errors", "warnings", "findings": [{location, severity, message}]}.
std::string FindingsJson(const std::vector<Finding>& findings);

}  // namespace unspin
