#include "lexicon.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "embedded.h"
#include "flat_string_map.h"
#include "lines.h"
#include "unspin/tokenizer.h"

namespace unspin::internal {
namespace {

// A number in one of the embedded tables (0 when it is not one): from_chars, because strtod on a
// copied string was a tenth of start-up.
double ParseNumber(std::string_view text) {
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// Looked up for nearly every token by the glued-word repair: a flat table, where a node-based
// map's cache misses were a tenth of the whole run.
using WordTable = FlatStringMap<WordInfo>;

const WordTable& Words() {
  static const auto* words = [] {
    auto* table = new WordTable;
    table->Reserve(170000);
    ForEachDataLine(EmbeddedFileContent("english/words.tsv"), [&](size_t, std::string_view line) {
      const size_t tab1 = line.find('\t');
      const size_t tab2 = line.find('\t', tab1 + 1);
      if (tab1 == std::string_view::npos || tab2 == std::string_view::npos) return true;
      WordInfo info;
      info.known = true;
      info.per_million = ParseNumber(line.substr(tab1 + 1, tab2 - tab1 - 1));
      info.name_only = line.substr(tab2 + 1) == "name";
      bool added = false;
      table->Emplace(line.substr(0, tab1), &added) = info;  // a later line wins, as it did in a map
      return true;
    });
    return table;
  }();
  return *words;
}

const std::unordered_set<std::string>& Names() {
  static const auto* names = [] {
    auto* set = new std::unordered_set<std::string>;
    ForEachDataLine(EmbeddedFileContent("repair/names.tsv"), [&](size_t, std::string_view line) {
      set->insert(FoldKey(line.substr(0, line.find('\t'))));
      return true;
    });
    return set;
  }();
  return *names;
}

// Folded, with runs of white space as one space: the identity of a phrase.
std::string PhraseKeyImpl(std::string_view phrase) {
  std::string key;
  bool space = false;
  for (char c : FoldKey(phrase)) {
    if (c == ' ' || c == '\t') {
      space = !key.empty();
      continue;
    }
    if (space) key.push_back(' ');
    space = false;
    key.push_back(c);
  }
  return key;
}

const std::unordered_map<std::string, double>& CommonEnglish() {
  static const auto* table = [] {
    auto* result = new std::unordered_map<std::string, double>;
    ForEachDataLine(EmbeddedFileContent("english/common.tsv"), [&](size_t, std::string_view line) {
      const size_t tab = line.find('\t');
      if (tab == std::string_view::npos) return true;
      const size_t end = line.find('\t', tab + 1);
      (*result)[std::string(line.substr(0, tab))] =
          ParseNumber(line.substr(tab + 1, end == std::string_view::npos ? std::string_view::npos : end - tab - 1));
      return true;
    });
    return result;
  }();
  return *table;
}

}  // namespace

WordInfo LookUpWord(std::string_view word) {
  const WordTable& words = Words();
  // Most tokens are short ASCII words: folded on the stack, as FoldKey would fold them.
  char buffer[64];
  if (word.size() <= sizeof buffer && std::all_of(word.begin(), word.end(), [](char c) { return (c & 0x80) == 0; })) {
    for (size_t i = 0; i < word.size(); ++i) buffer[i] = (word[i] >= 'A' && word[i] <= 'Z') ? static_cast<char>(word[i] - 'A' + 'a') : word[i];
    const WordInfo* info = words.Find(std::string_view(buffer, word.size()));
    return info ? *info : WordInfo{};
  }
  const WordInfo* info = words.Find(FoldKey(word));
  return info ? *info : WordInfo{};
}

std::string PhraseKey(std::string_view phrase) { return PhraseKeyImpl(phrase); }

double CommonEnglishPerMillion(std::string_view phrase) {
  const auto& table = CommonEnglish();
  auto it = table.find(PhraseKeyImpl(phrase));
  return it == table.end() ? 0 : it->second;
}

bool IsListedName(std::string_view word) { return Names().count(FoldKey(word)) > 0; }

}  // namespace unspin::internal
