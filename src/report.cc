#include <cstdio>
#include "unspin/report.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "unspin/version.h"

namespace unspin {
namespace {

using nlohmann::ordered_json;

// Four decimals keep reports stable across platforms and readable.
double Round(double value) { return std::round(value * 10000) / 10000; }

ordered_json ChangeJson(const Change& change) {
  ordered_json evidence = ordered_json::array();
  for (const Evidence& item : change.evidence) {
    evidence.push_back({{"kind", item.kind}, {"detail", item.detail}, {"value", Round(item.value)}});
  }
  ordered_json alternatives = ordered_json::array();
  for (const Alternative& alternative : change.alternatives) {
    alternatives.push_back({{"value", alternative.value}, {"confidence", Round(alternative.confidence)}});
  }
  return {{"start", change.start},       {"end", change.end},
          {"line", change.line},         {"column", change.column},
          {"before", change.before},     {"after", change.after},
          {"confidence", Round(change.confidence)},
          {"applied", change.applied},   {"rule", change.rule},
          {"category", change.category}, {"evidence", evidence},
          {"alternatives", alternatives}};
}

ordered_json FileJson(const FileResult& file) {
  ordered_json out = {{"path", file.path}};
  if (!file.status.ok()) {
    out["error"] = file.status.message();
    return out;
  }
  const Result& result = file.result;
  out["spin_score"] = Round(result.spin_score);
  ordered_json tells = ordered_json::array();
  for (const Evidence& tell : result.tells) {
    tells.push_back({{"kind", tell.kind}, {"detail", tell.detail}, {"value", Round(tell.value)}});
  }
  out["tells"] = std::move(tells);
  out["stats"] = {{"bytes", result.stats.bytes},
                  {"words", result.stats.words},
                  {"matches", result.stats.matches},
                  {"changes", result.changes.size()},
                  {"applied", result.stats.applied}};
  ordered_json changes = ordered_json::array();
  for (const Change& change : result.changes) changes.push_back(ChangeJson(change));
  out["changes"] = std::move(changes);
  return out;
}

// Invalid UTF-8 never reaches the report (inputs are validated), but replace rather than throw.
std::string Dump(const ordered_json& value, int indent) {
  return value.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

// `text` with every line indented by `spaces` more: a value pretty-printed on its own, placed
// where a whole-document dump would have nested it.
std::string Indented(const std::string& text, size_t spaces) {
  const std::string pad(spaces, ' ');
  std::string out = pad;
  out.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    out.push_back(c);
    if (c == '\n') out += pad;
  }
  return out;
}

}  // namespace

void Summary::Add(const FileResult& file) {
  ++files;
  if (!file.status.ok()) {
    ++failed;
    return;
  }
  words += file.result.stats.words;
  changes += file.result.changes.size();
  applied += file.result.stats.applied;
}

std::string JsonReportWriter::Begin() const {
  const ordered_json header = {{"schema_version", kJsonSchemaVersion},
                               {"tool", {{"name", "unspin"}, {"version", kVersion}}}};
  std::string text = Dump(header, 2);
  text.resize(text.size() - 2);  // drop "\n}": the document goes on
  return text + ",\n  \"files\": [";
}

std::string JsonReportWriter::File(const FileResult& file) {
  std::string text = any_file_ ? ",\n" : "\n";
  any_file_ = true;
  return text + Indented(Dump(FileJson(file), 2), 4);
}

std::string JsonReportWriter::End(const Summary& summary) const {
  const ordered_json totals = {{"files", summary.files},
                               {"failed", summary.failed},
                               {"words", summary.words},
                               {"changes", summary.changes},
                               {"applied", summary.applied}};
  return std::string(any_file_ ? "\n  ]" : "]") + ",\n  \"summary\": " + Indented(Dump(totals, 2), 2).substr(2) + "\n}\n";
}

std::string JsonReport(const std::vector<FileResult>& files, const Summary& summary) {
  JsonReportWriter writer;
  std::string text = writer.Begin();
  for (const FileResult& file : files) text += writer.File(file);
  return text + writer.End(summary);
}

std::string JsonLine(const FileResult& file) {
  return Dump(FileJson(file), -1) + "\n";
}

std::vector<Evidence> SpinTells(const Result& result, size_t max_tells) {
  if (!result.tells.empty()) {
    const size_t count = std::min(max_tells, result.tells.size());
    return std::vector<Evidence>(result.tells.begin(), result.tells.begin() + static_cast<std::ptrdiff_t>(count));
  }
  std::vector<const Change*> applied;
  for (const Change& change : result.changes) {
    if (change.applied) applied.push_back(&change);
  }
  // Most confident first; among equals, the earlier one.
  std::stable_sort(applied.begin(), applied.end(),
                   [](const Change* a, const Change* b) { return a->confidence > b->confidence; });
  std::vector<Evidence> tells;
  for (size_t i = 0; i < applied.size() && i < std::min<size_t>(3, max_tells); ++i) {
    tells.push_back({"change", "'" + applied[i]->before + "' -> '" + applied[i]->after + "'", applied[i]->confidence});
  }
  return tells;
}

namespace {

ordered_json CheckFileJson(const FileResult& file, double threshold) {
  ordered_json out = {{"path", file.path}};
  if (!file.status.ok()) {
    out["error"] = file.status.message();
    return out;
  }
  out["spin_score"] = Round(file.result.spin_score);
  out["spun"] = file.result.spin_score > threshold;
  ordered_json tells = ordered_json::array();
  for (const Evidence& tell : SpinTells(file.result)) {
    tells.push_back({{"kind", tell.kind}, {"detail", tell.detail}, {"value", Round(tell.value)}});
  }
  out["tells"] = std::move(tells);
  return out;
}

}  // namespace

std::string CheckJson(const std::vector<FileResult>& files, double threshold) {
  ordered_json report = {{"schema_version", kJsonSchemaVersion},
                         {"tool", {{"name", "unspin"}, {"version", kVersion}}},
                         {"threshold", threshold}};
  ordered_json list = ordered_json::array();
  size_t spun = 0, failed = 0;
  for (const FileResult& file : files) {
    list.push_back(CheckFileJson(file, threshold));
    failed += !file.status.ok();
    spun += file.status.ok() && file.result.spin_score > threshold;
  }
  report["files"] = std::move(list);
  report["summary"] = {{"files", files.size()}, {"spun", spun}, {"failed", failed}};
  return report.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string CheckJsonLine(const FileResult& file, double threshold) {
  return CheckFileJson(file, threshold).dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string DictionaryStatsJson(const Dictionary& dictionary) {
  ordered_json by_category = ordered_json::object(), written_by_category = ordered_json::object();
  ordered_json by_file = ordered_json::object(), by_domain = ordered_json::object();
  size_t written = 0;
  for (const Entry& entry : dictionary.entries()) {
    const std::string file = entry.location.substr(0, entry.location.rfind(':'));
    by_category[entry.category] = by_category.value(entry.category, 0) + 1;
    // The domain is the folder below data/ ("news", "science"); files given with --dict are "extra".
    const std::string domain = file.starts_with("data/") && file.find('/', 5) != std::string::npos
                                   ? file.substr(5, file.find('/', 5) - 5)
                                   : "extra";
    auto& per_domain = by_domain[domain];
    if (per_domain.is_null()) per_domain = {{"written", 0}, {"total", 0}};
    per_domain["written"] = per_domain["written"].get<size_t>() + (entry.inflected ? 0 : 1);
    per_domain["total"] = per_domain["total"].get<size_t>() + 1;
    auto& per_file = by_file[file];
    if (per_file.is_null()) per_file = {{"written", 0}, {"total", 0}};
    per_file["written"] = per_file["written"].get<size_t>() + (entry.inflected ? 0 : 1);
    per_file["total"] = per_file["total"].get<size_t>() + 1;
    if (!entry.inflected) {
      ++written;
      written_by_category[entry.category] = written_by_category.value(entry.category, 0) + 1;
    }
  }
  ordered_json stats = {{"total", dictionary.entries().size()},
                        {"written", written},
                        {"by_category", by_category},
                        {"written_by_category", written_by_category},
                        {"by_domain", by_domain},
                        {"by_file", by_file}};
  return stats.dump(2) + "\n";
}

std::string FindingsJson(const std::vector<Finding>& findings) {
  ordered_json list = ordered_json::array();
  size_t errors = 0;
  for (const Finding& finding : findings) {
    const bool error = finding.severity == Finding::Severity::kError;
    errors += error;
    list.push_back({{"location", finding.location}, {"severity", error ? "error" : "warning"},
                    {"message", finding.message}});
  }
  ordered_json out = {{"errors", errors}, {"warnings", findings.size() - errors}, {"findings", list}};
  return out.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string ExplainText(const FileResult& file) {
  auto number = [](double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4g", value);
    return std::string(buffer);
  };
  std::string out;
  for (const Change& change : file.result.changes) {
    out += file.path + ":" + std::to_string(change.line) + ":" + std::to_string(change.column) + ": \"" + change.before +
           "\" -> \"" + change.after + "\" (" + number(change.confidence) + ", " +
           (change.applied ? "applied" : "not applied") + ", " + change.rule + ")\n";
    for (const Evidence& evidence : change.evidence) {
      out += "    " + evidence.kind + " = " + number(evidence.value) + ": " + evidence.detail + "\n";
    }
    for (const Alternative& alternative : change.alternatives) {
      out += "    alternative \"" + alternative.value + "\" " + number(alternative.confidence) + "\n";
    }
  }
  out += file.path + ": spin score " + number(file.result.spin_score) + "\n";
  for (const Evidence& tell : file.result.tells) {
    out += "    " + tell.kind + " = " + number(tell.value) + ": " + tell.detail + "\n";
  }
  return out;
}

}  // namespace unspin
