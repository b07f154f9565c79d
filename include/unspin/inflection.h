// English inflection for dictionary expansion: an entry written once ("battle to" -> "struggle
// to") also covers its inflected forms ("battled to" -> "struggled to").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace unspin {

// Grammatical slots; a spun form and an original form correspond when their slots match.
enum class Form { kPlural, kThirdPerson, kPast, kPastParticiple, kGerund };

// The inflected forms of a noun (plural) or a verb (-s, past, past participle, -ing), each with
// its slot. Irregular forms come from WordNet's exception lists compiled into the binary;
// everything else follows the regular spelling rules. Words are lower case.
std::vector<std::pair<Form, std::string>> NounForms(std::string_view noun);
std::vector<std::pair<Form, std::string>> VerbForms(std::string_view verb);

}  // namespace unspin
