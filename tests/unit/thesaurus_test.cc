#include "match/thesaurus.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "embedded.h"
#include "lines.h"
#include "unspin/inflection.h"

namespace unspin::internal {
namespace {

using Pos = Thesaurus::Pos;
using Slot = Thesaurus::Slot;

bool Contains(const std::vector<std::string>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::string Joined(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& word : list) out += (out.empty() ? "" : ",") + word;
  return out;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

struct CandidateCase {
  const char* observed;
  std::vector<const char*> any_of;  // at least one of these among the candidates
};

TEST(Thesaurus, CandidatesKeepTheInflection) {
  const std::vector<CandidateCase> cases = {
      {"purchased", {"bought"}},             // irregular past of the synonym
      {"purchase", {"buy"}},                 // base form
      {"purchases", {"buys"}},               // third person (and plural)
      {"individuals", {"people", "persons"}},
      {"individual", {"person"}},
      {"utilize", {"use"}},
      {"utilizing", {"using"}},
      {"utilized", {"used"}},
      {"bigger", {"larger"}},                // comparative
      {"biggest", {"largest"}},              // superlative
      {"enormous", {"big", "large"}},
      {"woodland", {"forest"}},
      {"profound", {"deep"}},
      {"peril", {"danger"}},
      {"commenced", {"began", "started"}},  // irregular past from a regular one
      {"children", {"kids"}},                // an irregular plural read back
  };
  const Thesaurus& thesaurus = Thesaurus::Builtin();
  std::vector<std::string> out;
  for (const CandidateCase& c : cases) {
    thesaurus.Candidates(c.observed, &out);
    EXPECT_LE(out.size(), Thesaurus::kDefaultMaxCandidates);
    bool found = false;
    for (const char* word : c.any_of) found = found || Contains(out, word);
    EXPECT_TRUE(found) << c.observed << " -> " << Joined(out);
    EXPECT_FALSE(Contains(out, c.observed)) << c.observed;
    std::vector<std::string> sorted = out;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "duplicates: " << Joined(out);
  }
}

TEST(Thesaurus, CandidatesRespectMax) {
  const Thesaurus& thesaurus = Thesaurus::Builtin();
  std::vector<std::string> out = {"left over"};
  thesaurus.Candidates("big", &out, 3);
  EXPECT_EQ(out.size(), 3u) << Joined(out);
  EXPECT_EQ(out[0], "large");
  thesaurus.Candidates("big", &out, 0);
  EXPECT_TRUE(out.empty());
}

TEST(Thesaurus, UnknownWordsHaveNoCandidates) {
  const Thesaurus& thesaurus = Thesaurus::Builtin();
  std::vector<std::string> out;
  for (const char* word : {"xyzzyq", "", "the", "of", "purchasedd", "Purchased"}) {
    thesaurus.Candidates(word, &out);
    EXPECT_TRUE(out.empty()) << word << " -> " << Joined(out);
    thesaurus.Synonyms(word, &out);
    EXPECT_TRUE(out.empty()) << word << " -> " << Joined(out);
  }
}

TEST(Thesaurus, SynonymsOfBaseForms) {
  struct Case {
    const char* lemma;
    const char* synonym;
  };
  const std::vector<Case> cases = {
      {"counterfeit", "artificial"}, {"counterfeit", "fake"}, {"profound", "deep"}, {"enormous", "big"},
      {"colossal", "big"},           {"woodland", "forest"},  {"bosom", "breast"},  {"information", "data"},
      {"flag", "signal"},            {"utilize", "use"},      {"peril", "danger"},
  };
  const Thesaurus& thesaurus = Thesaurus::Builtin();
  std::vector<std::string> out;
  std::vector<std::string_view> views;
  for (const Case& c : cases) {
    thesaurus.Synonyms(c.lemma, &out);
    EXPECT_TRUE(Contains(out, c.synonym)) << c.lemma << " -> " << Joined(out);
    thesaurus.SynonymViews(c.lemma, &views);
    ASSERT_EQ(views.size(), out.size()) << c.lemma;
    for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(views[i], out[i]);
    EXPECT_TRUE(thesaurus.HasLemma(c.lemma));
  }
  // Synonyms are base forms: "purchased" is not a lemma.
  thesaurus.Synonyms("purchased", &out);
  EXPECT_TRUE(out.empty()) << Joined(out);
}

TEST(Thesaurus, Terms) {
  const Thesaurus& thesaurus = Thesaurus::Builtin();
  struct Case {
    std::vector<std::string> words;
    bool term;
  };
  const std::vector<Case> cases = {
      {{"artificial", "intelligence"}, true}, {{"breast", "cancer"}, true},       {{"neural", "network"}, true},
      {{"counterfeit", "consciousness"}, false}, {{"artificial"}, false},        {{}, false},
      {{"artificial", "intelligence", "x"}, false}, {{"artificial", "intelligenc"}, false},
      {{"new", "york", "city"}, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(thesaurus.IsTerm(c.words), c.term) << Joined(c.words);
    std::vector<std::string_view> views(c.words.begin(), c.words.end());
    EXPECT_EQ(thesaurus.IsTerm(views), c.term) << Joined(c.words);
    if (!c.term) {
      EXPECT_EQ(thesaurus.TermFrequency(c.words), 0) << Joined(c.words);
    }
  }
  const std::vector<std::string> white_house = {"white", "house"};  // Brown corpus knows it
  EXPECT_GT(thesaurus.TermFrequency(white_house), 0);
  EXPECT_GT(thesaurus.term_count(), 50000u);
  EXPECT_GT(thesaurus.lemma_count(), 20000u);
}

// The inflections the thesaurus makes are the ones the dictionary makes (src/inflection.cc), for
// every noun and verb of the thesaurus.
TEST(Thesaurus, InflectionsMatchTheDictionary) {
  const Thesaurus& thesaurus = Thesaurus::Builtin();
  std::vector<std::string> ours;
  size_t checked = 0;
  ForEachDataLine(EmbeddedFileContent("english/thesaurus.tsv"), [&](size_t, std::string_view line) {
    const std::string lemma(line.substr(0, line.find('\t')));
    const std::string_view pos = line.substr(lemma.size() + 1, 1);
    if (pos != "n" && pos != "v") return true;
    const auto forms = pos == "n" ? NounForms(lemma) : VerbForms(lemma);
    const std::vector<std::pair<Form, Slot>> slots =
        pos == "n" ? std::vector<std::pair<Form, Slot>>{{Form::kPlural, Slot::kPlural}}
                   : std::vector<std::pair<Form, Slot>>{{Form::kThirdPerson, Slot::kThird},
                                                        {Form::kPast, Slot::kPast},
                                                        {Form::kPastParticiple, Slot::kParticiple},
                                                        {Form::kGerund, Slot::kGerund}};
    for (const auto& [form, slot] : slots) {
      thesaurus.Inflections(lemma, pos == "n" ? Pos::kNoun : Pos::kVerb, slot, &ours);
      for (const auto& [their_form, word] : forms) {
        if (their_form == form) {
          EXPECT_TRUE(Contains(ours, word)) << lemma << ": " << word << " vs " << Joined(ours);
        }
      }
      for (const std::string& word : ours) {
        bool theirs = false;
        for (const auto& [their_form, their_word] : forms) theirs = theirs || (their_form == form && their_word == word);
        if (word != "people") {  // the usual plural of "person", beside the regular "persons"
          EXPECT_TRUE(theirs) << lemma << ": " << word;
        }
      }
      ++checked;
    }
    return true;
  });
  EXPECT_GT(checked, 20000u);
}

TEST(Thesaurus, AdjectiveComparisons) {
  const Thesaurus& thesaurus = Thesaurus::Builtin();
  std::vector<std::string> out;
  struct Case {
    const char* lemma;
    Slot slot;
    const char* form;  // "" for none
  };
  const std::vector<Case> cases = {
      {"large", Slot::kComparative, "larger"}, {"big", Slot::kComparative, "bigger"},
      {"happy", Slot::kSuperlative, "happiest"}, {"good", Slot::kComparative, "better"},
      {"bad", Slot::kSuperlative, "worst"},    {"enormous", Slot::kComparative, ""},
  };
  for (const Case& c : cases) {
    thesaurus.Inflections(c.lemma, Pos::kAdjective, c.slot, &out);
    if (*c.form == '\0') {
      EXPECT_TRUE(out.empty()) << c.lemma << " -> " << Joined(out);
    } else {
      EXPECT_TRUE(Contains(out, c.form)) << c.lemma << " -> " << Joined(out);
    }
  }
}

TEST(Thesaurus, SharedByThreads) {
  std::vector<std::thread> threads;
  std::vector<std::string> results(4);
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&results, i] {
      std::vector<std::string> out;
      Thesaurus::Builtin().Candidates("purchased", &out);
      results[i] = Joined(out);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) EXPECT_EQ(result, results[0]);
}

TEST(Thesaurus, LoadTime) {
  const auto start = std::chrono::steady_clock::now();
  const Thesaurus thesaurus(EmbeddedFileContent("english/thesaurus.tsv"), EmbeddedFileContent("english/terms.tsv"),
                            EmbeddedFileContent("morphology/irregular.tsv"));
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ thesaurus ] %zu lemmas, %zu terms loaded in %.1f ms\n", thesaurus.lemma_count(),
              thesaurus.term_count(), ms);
  RecordProperty("load_ms", std::to_string(ms));
  EXPECT_EQ(thesaurus.lemma_count(), Thesaurus::Builtin().lemma_count());
  EXPECT_LT(ms, 500);  // about 15 ms in a release build; generous for debug and sanitizer builds
}

// How far per-word synonym substitution reaches the originals of the built-in tortured phrases
// (data/science/tortured.tsv): printed for the record, and a floor so the data cannot quietly get
// worse.
TEST(Thesaurus, TorturedPhraseReachability) {
  const Thesaurus& thesaurus = Thesaurus::Builtin();
  struct Pair {
    std::vector<std::string> spun, original;
  };
  std::vector<Pair> pairs;
  ForEachDataLine(EmbeddedFileContent("science/tortured.tsv"), [&](size_t, std::string_view line) {
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return true;
    const size_t tab2 = line.find('\t', tab + 1);
    Pair pair{Words(line.substr(0, tab)), Words(line.substr(tab + 1, tab2 - tab - 1))};
    if (pair.spun.size() >= 2 && pair.spun.size() <= 4) pairs.push_back(std::move(pair));
    return true;
  });
  ASSERT_GT(pairs.size(), 1000u);

  std::vector<std::string> synonyms;
  std::unordered_map<std::string, std::vector<std::string>> memo;
  auto candidates_of = [&](const std::string& word) -> const std::vector<std::string>& {
    auto [it, inserted] = memo.try_emplace(word);
    if (inserted) thesaurus.Candidates(word, &it->second, 1000);
    return it->second;
  };
  auto one_step = [&](const std::string& spun, const std::string& original, bool inflect) {
    if (spun == original) return true;
    if (inflect) return Contains(candidates_of(spun), original);
    thesaurus.Synonyms(spun, &synonyms);
    return Contains(synonyms, original);
  };
  auto two_steps = [&](const std::string& spun, const std::string& original) {
    if (one_step(spun, original, true)) return true;
    const std::vector<std::string> first = candidates_of(spun);
    for (const std::string& word : first) {
      if (Contains(candidates_of(word), original)) return true;
    }
    return false;
  };
  std::vector<std::string> originals;  // every entry's original, for the leave-one-out count
  for (const Pair& pair : pairs) originals.push_back(Joined(pair.original));
  std::sort(originals.begin(), originals.end());

  size_t same_length = 0, strict = 0, inflected = 0, two = 0, term = 0, strict_and_term = 0, known = 0,
         inflected_and_known = 0;
  for (const Pair& pair : pairs) {
    const bool is_term = thesaurus.IsTerm(pair.original);
    const std::string original = Joined(pair.original);
    const auto [lo, hi] = std::equal_range(originals.begin(), originals.end(), original);
    const bool is_known = is_term || hi - lo > 1;  // a term, or another entry's original
    term += is_term;
    known += is_known;
    if (pair.spun.size() != pair.original.size()) continue;
    ++same_length;
    bool s = true, i = true, t = true;
    for (size_t k = 0; k < pair.spun.size(); ++k) {
      s = s && one_step(pair.spun[k], pair.original[k], false);
      i = i && one_step(pair.spun[k], pair.original[k], true);
      t = t && two_steps(pair.spun[k], pair.original[k]);
    }
    strict += s;
    inflected += i;
    two += t;
    strict_and_term += s && is_term;
    inflected_and_known += i && is_known;
  }
  const double n = static_cast<double>(pairs.size());
  std::printf("[ thesaurus ] tortured phrases of 2-4 words: %zu (%zu with as many words as the original)\n",
              pairs.size(), same_length);
  std::printf("[ thesaurus ] original reachable word by word, Synonyms():          %5zu  %5.1f%%\n", strict,
              100 * strict / n);
  std::printf("[ thesaurus ] ... with inflected forms, Candidates():               %5zu  %5.1f%%\n", inflected,
              100 * inflected / n);
  std::printf("[ thesaurus ] ... in up to two steps, Candidates() of Candidates(): %5zu  %5.1f%%\n", two,
              100 * two / n);
  std::printf("[ thesaurus ] original in terms.tsv:                                %5zu  %5.1f%%\n", term,
              100 * term / n);
  std::printf("[ thesaurus ] reachable by Synonyms() and in terms.tsv:             %5zu  %5.1f%%\n", strict_and_term,
              100 * strict_and_term / n);
  std::printf("[ thesaurus ] original in terms.tsv or another entry's original:    %5zu  %5.1f%%\n", known,
              100 * known / n);
  std::printf("[ thesaurus ] ... and reachable by Candidates():                    %5zu  %5.1f%%\n",
              inflected_and_known, 100 * inflected_and_known / n);
  EXPECT_GE(strict / n, 0.15);
  EXPECT_GE(inflected / n, 0.18);
  EXPECT_GE(term / n, 0.12);

  // The well-known examples, word by word.
  const std::vector<std::pair<const char*, const char*>> examples = {
      {"profound learning", "deep learning"},     {"counterfeit consciousness", "artificial intelligence"},
      {"irregular woodland", "random forest"},    {"enormous information", "big data"},
      {"bosom peril", "breast cancer"},           {"colossal information", "big data"},
      {"flag handling", "signal processing"},
  };
  for (const auto& [spun_text, original_text] : examples) {
    const std::vector<std::string> spun = Words(spun_text), original = Words(original_text);
    std::string words;
    bool all = true;
    for (size_t k = 0; k < spun.size(); ++k) {
      const bool ok = one_step(spun[k], original[k], false);
      all = all && ok;
      words += " " + spun[k] + (ok ? "->" : "-/->") + original[k];
    }
    std::printf("[ thesaurus ] %-26s -> %-24s reachable: %-3s term: %-3s |%s\n", spun_text, original_text,
                all ? "yes" : "no", thesaurus.IsTerm(original) ? "yes" : "no", words.c_str());
  }
}

}  // namespace
}  // namespace unspin::internal
