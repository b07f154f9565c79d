#include "unspin/dictionary_check.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "lexicon.h"
#include "lines.h"
#include "pps_import.h"
#include "unspin/dictionary.h"
#include "unspin/tokenizer.h"

namespace unspin {
namespace {

Finding Error(const std::string& location, std::string message) {
  return {Finding::Severity::kError, location, std::move(message)};
}
Finding Warning(const std::string& location, std::string message) {
  return {Finding::Severity::kWarning, location, std::move(message)};
}

// "file:line: what" as a finding at file:line.
Finding ErrorOf(const Status& status) {
  const std::string& message = status.message();
  const size_t colon = message.find(": ");
  return Error(message.substr(0, colon), message.substr(colon + 2));
}

std::vector<Entry> ParseAll(const NamedContent& file, std::vector<Finding>* findings) {
  std::vector<Entry> entries;
  if (Status status = CheckDictionaryText(file.content, file.name); !status.ok()) {
    findings->push_back(ErrorOf(status));
    return entries;
  }
  if (internal::LooksLikePpsCsv(file.content)) {
    auto parsed = internal::ParsePpsCsv(file.content, file.name);
    if (!parsed.ok()) {
      findings->push_back(ErrorOf(parsed.status()));
    } else {
      entries = std::move(parsed).value();
    }
    return entries;
  }
  internal::ForEachDataLine(file.content, [&](size_t line_number, std::string_view line) {
    const std::string location = file.name + ":" + std::to_string(line_number);
    auto entry = ParseEntryLine(line, location);
    if (entry.ok()) {
      entries.push_back(std::move(entry).value());
    } else {
      findings->push_back(Error(location, entry.status().message().substr(location.size() + 2)));
    }
    return true;
  });
  return entries;
}

void CheckCycles(const std::vector<Entry>& entries, std::vector<Finding>* findings) {
  std::map<std::string, std::vector<const Entry*>> edges;
  for (const Entry& entry : entries) edges[internal::PhraseKey(entry.spun)].push_back(&entry);
  std::set<std::string> reported;
  // Depth-first search from every phrase; the graph is small (one node per spun phrase).
  std::map<std::string, int> state;  // 0 new, 1 on the path, 2 done
  std::vector<const Entry*> path;
  std::function<void(const std::string&)> visit = [&](const std::string& node) {
    state[node] = 1;
    auto it = edges.find(node);
    if (it != edges.end()) {
      for (const Entry* entry : it->second) {
        const std::string next = internal::PhraseKey(entry->original);
        path.push_back(entry);
        if (state[next] == 1) {
          // The cycle is the part of the path from `next` on.
          auto start = std::find_if(path.begin(), path.end(), [&](const Entry* e) { return internal::PhraseKey(e->spun) == next; });
          std::string description, locations;
          std::vector<std::string> members;
          for (auto e = start; e != path.end(); ++e) {
            description += "'" + (*e)->spun + "' -> ";
            locations += (locations.empty() ? "" : ", ") + (*e)->location;
            members.push_back(internal::PhraseKey((*e)->spun));
          }
          std::sort(members.begin(), members.end());
          std::string key;
          for (const auto& m : members) key += m + "|";
          if (reported.insert(key).second) {
            findings->push_back(Error((*start)->location, "cycle: " + description + "'" + (*start)->spun +
                                                              "' would flip wording back and forth (" + locations + ")"));
          }
        } else if (state[next] == 0) {
          visit(next);
        }
        path.pop_back();
      }
    }
    state[node] = 2;
  };
  for (const auto& [node, unused] : edges) {
    if (state[node] == 0) visit(node);
  }
}

}  // namespace

double EnglishPerMillion(std::string_view phrase) { return internal::CommonEnglishPerMillion(phrase); }

std::vector<Finding> CheckDictionaryFiles(const std::vector<NamedContent>& files) {
  std::vector<Finding> findings;
  std::vector<Entry> written;
  for (const NamedContent& file : files) {
    for (Entry& entry : ParseAll(file, &findings)) written.push_back(std::move(entry));
  }

  // Duplicates and conflicting alternatives.
  std::map<std::pair<std::string, std::string>, const Entry*> seen;
  std::map<std::string, std::vector<const Entry*>> by_spun;
  for (const Entry& entry : written) {
    auto [it, inserted] = seen.try_emplace({internal::PhraseKey(entry.spun), internal::PhraseKey(entry.original)}, &entry);
    if (!inserted) {
      findings.push_back(Error(entry.location, "duplicate of " + it->second->location + " ('" + entry.spun +
                                                   "' -> '" + entry.original + "')"));
      continue;
    }
    by_spun[internal::PhraseKey(entry.spun)].push_back(&entry);
  }
  for (const auto& [spun, alternatives] : by_spun) {
    if (alternatives.size() < 2) continue;
    double total = 0;
    std::string list;
    for (const Entry* entry : alternatives) {
      total += entry->prior;
      list += (list.empty() ? "" : ", ") + ("'" + entry->original + "' (" + entry->location + ")");
    }
    if (total > 1.0 + 1e-9) {
      findings.push_back(Error(alternatives.back()->location,
                               "conflict: the priors of the originals for '" + alternatives.back()->spun +
                                   "' add up to " + std::to_string(total).substr(0, 4) + ", over 1: " + list));
    }
  }
  CheckCycles(written, &findings);

  // Ordinary English on the spun side, for every form the entry expands to.
  DictionaryBuilder builder;
  for (const Entry& entry : written) builder.AddEntry(entry);
  auto dictionary = builder.Build();
  if (!dictionary.ok()) {
    findings.push_back(ErrorOf(dictionary.status()));
    return findings;
  }
  std::set<std::string> flagged;
  for (const Entry& entry : (*dictionary)->entries()) {
    if (!entry.context.empty() || entry.prior <= kRiskyPrior) continue;
    const double per_million = EnglishPerMillion(entry.spun);
    if (per_million < kCommonEnglishPerMillion || !flagged.insert(entry.location).second) continue;
    char frequency[32];
    std::snprintf(frequency, sizeof frequency, "%.3g", per_million);
    const std::string form = entry.inflected ? " (inflected form '" + entry.spun + "')" : "";
    std::string message = "'" + entry.spun + "' is ordinary English" + form + " (" + frequency +
                          " per million words) and has no context condition; prior " +
                          std::to_string(entry.prior).substr(0, 4);
    if (entry.prior > kFiresAlonePrior) {
      findings.push_back(Error(entry.location, message + " would change clean text: lower it to 0.2 or less, or "
                                                         "add a context condition"));
    } else {
      findings.push_back(Warning(entry.location, message + " needs only a little document evidence: consider "
                                                           "0.2 or less, or a context condition"));
    }
  }

  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    auto split = [](const std::string& location) {
      const size_t colon = location.rfind(':');
      return std::make_pair(location.substr(0, colon), std::atol(location.c_str() + colon + 1));
    };
    return split(a.location) < split(b.location);
  });
  return findings;
}

}  // namespace unspin
