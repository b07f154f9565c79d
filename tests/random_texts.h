// Inputs for property tests: the corpus texts of the repository (tests/golden/ inputs, the
// bundled article spun and cleaned) and random damaged texts made from their lines and words.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace unspin::testing_inputs {

namespace fs = std::filesystem;

inline std::string ReadCorpusFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The golden inputs and the bundled article, spun and cleaned.
inline std::vector<std::string> CorpusTexts() {
  std::vector<std::string> texts;
  const fs::path source(UNSPIN_SOURCE_DIR);
  std::vector<fs::path> paths = {source / "examples/seed/spun.txt", source / "examples/seed/cleaned.txt"};
  for (const auto& entry : fs::directory_iterator(source / "tests/golden")) paths.push_back(entry.path() / "input.txt");
  std::sort(paths.begin(), paths.end());
  for (const fs::path& path : paths) texts.push_back(ReadCorpusFile(path));
  return texts;
}

// Random inputs: corpus lines and word runs with scrape damage (entities, double-escaped ones,
// mojibake, invisible characters, decomposed accents, glued words, lost full stops, spaces).
inline std::vector<std::string> RandomTexts(size_t count, uint32_t seed) {
  std::vector<std::string> lines, words;
  for (const std::string& text : CorpusTexts()) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      lines.push_back(line);
      std::istringstream word_in(line);
      for (std::string word; word_in >> word;) words.push_back(word);
    }
  }
  static const char* const kDamage[] = {"&amp;", "&amp;amp;", "&#8217;", "\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2", "\xC3\x83\xC2\xA9",
                                        "\xE2\x80\x8B", "  ", " ,", "&nbsp;", "e\xCC\x81", "\xEF\xBB\xBF", "&lt;",
                                        "&amp;lt;", "&#38;amp;", "&#195;&#169;", ""};
  std::mt19937 random(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(random() % n); };
  std::vector<std::string> texts;
  for (size_t n = 0; n < count; ++n) {
    std::string text;
    const size_t paragraphs = 1 + pick(4);
    for (size_t p = 0; p < paragraphs; ++p) {
      std::vector<std::string> w;
      if (pick(2) == 0) {
        for (size_t k = 0, lines_taken = 1 + pick(3); k < lines_taken; ++k) {
          std::istringstream in(lines[pick(lines.size())]);
          for (std::string word; in >> word;) w.push_back(word);
        }
      } else {
        const size_t from = pick(words.size());
        for (size_t k = from; k < std::min(words.size(), from + 3 + pick(78)); ++k) w.push_back(words[k]);
      }
      for (size_t d = pick(5); d > 0 && !w.empty(); --d) {
        const size_t k = pick(w.size());
        const size_t kind = pick(10);
        if (kind < 3) {
          w[k] += kDamage[pick(std::size(kDamage))];
        } else if (kind < 5 && k + 1 < w.size()) {
          w[k] += w[k + 1];
          w.erase(w.begin() + static_cast<ptrdiff_t>(k) + 1);
        } else if (kind < 6) {
          while (!w[k].empty() && w[k].back() == '.') w[k].pop_back();
        } else {
          w[k] = kDamage[pick(std::size(kDamage))] + w[k];
        }
      }
      if (p > 0) text += "\n\n";
      for (size_t k = 0; k < w.size(); ++k) text += (k > 0 ? " " : "") + w[k];
    }
    texts.push_back(text + "\n");
  }
  return texts;
}

}  // namespace unspin::testing_inputs
