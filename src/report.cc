#include "unspin/report.h"

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

std::string JsonReport(const std::vector<FileResult>& files, const Summary& summary) {
  ordered_json report = {{"schema_version", kJsonSchemaVersion},
                         {"tool", {{"name", "unspin"}, {"version", kVersion}}}};
  ordered_json list = ordered_json::array();
  for (const FileResult& file : files) list.push_back(FileJson(file));
  report["files"] = std::move(list);
  report["summary"] = {{"files", summary.files},
                       {"failed", summary.failed},
                       {"words", summary.words},
                       {"changes", summary.changes},
                       {"applied", summary.applied}};
  // Invalid UTF-8 never reaches here (inputs are validated), but replace rather than throw.
  return report.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string JsonLine(const FileResult& file) {
  return FileJson(file).dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace unspin
