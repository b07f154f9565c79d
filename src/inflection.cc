#include "unspin/inflection.h"

#include <map>
#include <string>
#include <utility>

#include "embedded.h"
#include "lines.h"
#include "english_spelling.h"

namespace unspin {
using internal::DoublesFinalConsonant;
using internal::IsVowel;

namespace {

struct Irregulars {
  // (pos, base) -> forms with their slots
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<Form, std::string>>, std::less<>> forms;
};

const Irregulars& LoadIrregulars() {
  static const Irregulars* irregulars = [] {
    auto* result = new Irregulars;
    internal::ForEachDataLine(internal::EmbeddedFileContent("morphology/irregular.tsv"), [&](size_t, std::string_view line) {
      std::string_view fields[4];
      for (auto& field : fields) {
        const size_t tab = line.find('\t');
        field = line.substr(0, tab);
        line = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
      }
      Form slot;
      if (fields[3] == "plural") slot = Form::kPlural;
      else if (fields[3] == "third") slot = Form::kThirdPerson;
      else if (fields[3] == "past") slot = Form::kPast;
      else if (fields[3] == "participle") slot = Form::kPastParticiple;
      else if (fields[3] == "gerund") slot = Form::kGerund;
      else return true;
      result->forms[{std::string(fields[0]), std::string(fields[1])}].emplace_back(slot, std::string(fields[2]));
      return true;
    });
    return result;
  }();
  return *irregulars;
}


bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "-s" for plurals and third person: box -> boxes, city -> cities, play -> plays.
std::string AddS(std::string_view w) {
  std::string s(w);
  if (EndsWith(w, "s") || EndsWith(w, "x") || EndsWith(w, "z") || EndsWith(w, "ch") || EndsWith(w, "sh")) {
    return s + "es";
  }
  if (w.size() >= 2 && w.back() == 'y' && !IsVowel(w[w.size() - 2])) return s.substr(0, s.size() - 1) + "ies";
  return s + "s";
}

std::string AddEd(std::string_view w) {
  std::string s(w);
  if (w.back() == 'e') return s + "d";
  if (w.size() >= 2 && w.back() == 'y' && !IsVowel(w[w.size() - 2])) return s.substr(0, s.size() - 1) + "ied";
  if (DoublesFinalConsonant(w)) return s + w.back() + "ed";
  return s + "ed";
}

std::string AddIng(std::string_view w) {
  std::string s(w);
  if (EndsWith(w, "ie")) return s.substr(0, s.size() - 2) + "ying";
  if (w.back() == 'e' && !EndsWith(w, "ee") && !EndsWith(w, "ye") && !EndsWith(w, "oe") && w.size() > 2) {
    return s.substr(0, s.size() - 1) + "ing";
  }
  if (DoublesFinalConsonant(w)) return s + w.back() + "ing";
  return s + "ing";
}

const std::vector<std::pair<Form, std::string>>* FindIrregular(std::string_view pos, std::string_view base) {
  const auto& forms = LoadIrregulars().forms;
  auto it = forms.find(std::pair<std::string, std::string>(pos, base));
  return it == forms.end() ? nullptr : &it->second;
}

bool Has(const std::vector<std::pair<Form, std::string>>& forms, Form slot) {
  for (const auto& [form, word] : forms) {
    if (form == slot) return true;
  }
  return false;
}

}  // namespace

std::vector<std::pair<Form, std::string>> NounForms(std::string_view noun) {
  if (noun.empty()) return {};
  std::vector<std::pair<Form, std::string>> forms;
  if (const auto* irregular = FindIrregular("noun", noun)) forms = *irregular;
  if (!Has(forms, Form::kPlural)) forms.emplace_back(Form::kPlural, AddS(noun));
  return forms;
}

std::vector<std::pair<Form, std::string>> VerbForms(std::string_view verb) {
  if (verb.empty()) return {};
  std::vector<std::pair<Form, std::string>> forms;
  if (const auto* irregular = FindIrregular("verb", verb)) forms = *irregular;
  if (!Has(forms, Form::kThirdPerson)) {
    // Verbs in consonant + "o" take "-es" (goes, echoes); nouns mostly do not (photos).
    const bool o_ending = verb.size() >= 2 && verb.back() == 'o' && !IsVowel(verb[verb.size() - 2]);
    forms.emplace_back(Form::kThirdPerson, o_ending ? std::string(verb) + "es" : AddS(verb));
  }
  if (!Has(forms, Form::kPast)) forms.emplace_back(Form::kPast, AddEd(verb));
  if (!Has(forms, Form::kPastParticiple)) {
    // An irregular past without a listed participle doubles as the participle ("told").
    std::string participle = AddEd(verb);
    for (const auto& [form, word] : forms) {
      if (form == Form::kPast) participle = word;
    }
    forms.emplace_back(Form::kPastParticiple, participle);
  }
  if (!Has(forms, Form::kGerund)) forms.emplace_back(Form::kGerund, AddIng(verb));
  return forms;
}

}  // namespace unspin
