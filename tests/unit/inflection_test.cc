#include "unspin/inflection.h"

#include <gtest/gtest.h>

#include <map>

namespace unspin {
namespace {

std::map<Form, std::string> AsMap(const std::vector<std::pair<Form, std::string>>& forms) {
  std::map<Form, std::string> out;
  for (const auto& [form, word] : forms) out.emplace(form, word);  // first listed per slot
  return out;
}

TEST(Inflection, RegularPlurals) {
  EXPECT_EQ(AsMap(NounForms("dad"))[Form::kPlural], "dads");
  EXPECT_EQ(AsMap(NounForms("business"))[Form::kPlural], "businesses");
  EXPECT_EQ(AsMap(NounForms("company"))[Form::kPlural], "companies");
  EXPECT_EQ(AsMap(NounForms("day"))[Form::kPlural], "days");
  EXPECT_EQ(AsMap(NounForms("match"))[Form::kPlural], "matches");
}

TEST(Inflection, IrregularPluralsFromWordNet) {
  EXPECT_EQ(AsMap(NounForms("child"))[Form::kPlural], "children");
  EXPECT_EQ(AsMap(NounForms("man"))[Form::kPlural], "men");
  EXPECT_EQ(AsMap(NounForms("analysis"))[Form::kPlural], "analyses");
}

TEST(Inflection, RegularVerbs) {
  auto battle = AsMap(VerbForms("battle"));
  EXPECT_EQ(battle[Form::kThirdPerson], "battles");
  EXPECT_EQ(battle[Form::kPast], "battled");
  EXPECT_EQ(battle[Form::kPastParticiple], "battled");
  EXPECT_EQ(battle[Form::kGerund], "battling");
  auto ban = AsMap(VerbForms("ban"));
  EXPECT_EQ(ban[Form::kPast], "banned");
  EXPECT_EQ(ban[Form::kGerund], "banning");
  EXPECT_EQ(AsMap(VerbForms("try"))[Form::kPast], "tried");
  EXPECT_EQ(AsMap(VerbForms("go"))[Form::kThirdPerson], "goes");
  EXPECT_EQ(AsMap(VerbForms("visit"))[Form::kPast], "visited");  // two syllables: no doubling
}

TEST(Inflection, IrregularVerbsFromWordNet) {
  auto take = AsMap(VerbForms("take"));
  EXPECT_EQ(take[Form::kPast], "took");
  EXPECT_EQ(take[Form::kPastParticiple], "taken");
  EXPECT_EQ(take[Form::kGerund], "taking");
  auto have = AsMap(VerbForms("have"));
  EXPECT_EQ(have[Form::kThirdPerson], "has");
  EXPECT_EQ(have[Form::kPast], "had");
  EXPECT_EQ(AsMap(VerbForms("lead"))[Form::kPast], "led");
  EXPECT_EQ(AsMap(VerbForms("tell"))[Form::kPastParticiple], "told");
}

}  // namespace
}  // namespace unspin
