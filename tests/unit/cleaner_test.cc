#include "unspin/cleaner.h"

#include <gtest/gtest.h>

namespace unspin {
namespace {

Result CleanOrDie(std::string_view text, double min_confidence = Options().min_confidence) {
  auto dictionary = Dictionary::Builtin();
  EXPECT_TRUE(dictionary.ok());
  // The command line's default: the English language model weighs each wording.
  static const auto language_model = LanguageModel::Load(LanguageModel::DefaultPath());
  EXPECT_TRUE(language_model.ok()) << language_model.status().message();
  Options options;
  options.min_confidence = min_confidence;
  options.language_model = *language_model;
  Cleaner cleaner(*dictionary, options);
  Workspace workspace;
  Result result;
  Status status = cleaner.Clean(text, &result, &workspace);
  EXPECT_TRUE(status.ok()) << status.message();
  return result;
}

TEST(Cleaner, LeavesCleanTextAlone) {
  const std::string clean =
      "Our parent company reported record highs last year, and the data shows people bought more products.\n";
  const Result result = CleanOrDie(clean);
  EXPECT_EQ(result.text, clean);
  EXPECT_EQ(result.stats.applied, 0u);
}

TEST(Cleaner, RestoresSignaturesKeepingCaseAndSpacing) {
  const Result result = CleanOrDie("Moms and dad business profits hit tape highs.\n");
  EXPECT_EQ(result.text, "Parent company profits hit record highs.\n");
  ASSERT_EQ(result.changes.size(), 2u);
  EXPECT_EQ(result.changes[0].start, 0u);
  EXPECT_EQ(result.changes[0].end, 21u);
  EXPECT_EQ(result.changes[0].before, "Moms and dad business");
  EXPECT_EQ(result.changes[0].after, "Parent company");
  EXPECT_TRUE(result.changes[0].applied);
  EXPECT_EQ(result.changes[0].category, "signature");
  EXPECT_EQ(result.changes[0].rule.rfind("dict:data/news/", 0), 0u);
  EXPECT_EQ(result.changes[1].line, 1u);
}

TEST(Cleaner, MatchesAcrossLineBreaksButNotParagraphs) {
  EXPECT_EQ(CleanOrDie("its moms and\ndad business").text, "its parent company");
  EXPECT_EQ(CleanOrDie("its moms and\n\ndad business").text, "its moms and\n\ndad business");
}

TEST(Cleaner, FixesTheArticleBeforeARewrittenWord) {
  const Result result = CleanOrDie("They opened an electronic camera app and an appeal brand name store.");
  EXPECT_EQ(result.text, "They opened a camera app and a beauty brand store.");
  bool found = false;
  for (const Change& change : result.changes) {
    if (change.before == "an electronic camera app") {
      found = true;
      EXPECT_EQ(change.after, "a camera app");
    }
  }
  EXPECT_TRUE(found);
}

TEST(Cleaner, ReportsButDoesNotApplyWeakChanges) {
  const Result result = CleanOrDie("The individuals left.");
  EXPECT_EQ(result.text, "The individuals left.");
  ASSERT_EQ(result.changes.size(), 1u);
  EXPECT_FALSE(result.changes[0].applied);
  EXPECT_EQ(result.changes[0].after, "people");
  EXPECT_EQ(CleanOrDie("The individuals left.", 0.0).text, "The people left.");
}

TEST(Cleaner, AppliedChangesReproduceTheText) {
  const std::string input = "As an outcome, TikTok has actually seen individuals purchasing items.\n";
  const Result result = CleanOrDie(input);
  EXPECT_EQ(ApplyChanges(input, result.changes), result.text);
  EXPECT_NE(result.text, input);
  for (const Change& change : result.changes) {
    EXPECT_EQ(input.substr(change.start, change.end - change.start), change.before);
  }
}

TEST(Cleaner, RejectsInvalidUtf8WithItsOffset) {
  auto dictionary = Dictionary::Builtin();
  Cleaner cleaner(*dictionary, Options{});
  Workspace workspace;
  Result result;
  const Status status = cleaner.Clean("fine\xFF", &result, &workspace);
  EXPECT_EQ(status.code(), StatusCode::kDataError);
  EXPECT_EQ(status.message(), "invalid UTF-8 at byte 4 (line 1, column 5); --encoding-errors replace goes on");
}

TEST(Cleaner, PassesOtherScriptsThrough) {
  const std::string text = "\xE4\xB8\xAD\xE6\x96\x87\xE6\x96\x87\xE6\x9C\xAC \xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xF0\x9F\x98\x80\n";
  EXPECT_EQ(CleanOrDie(text).text, text);
}

// Found by fuzz_clean (fuzz/regressions/clean/rewrite-flips-full-stop-gate): "Job Texas" ->
// "Project Texas" made the first paragraph less like a title, and with it the piece prose that
// has lost its full stops; the repairs must judge the restored text, or a second run adds them.
TEST(Cleaner, RepairsJudgeTheRestoredTextSoASecondRunChangesNothing) {
  const std::string text =
      "eading In Tit\xC7PE HIGHS.\nMoms and dad business staff met Job Texas leaders.\nIt was an essential "
      "obstacle, and as an outcome the erstrle Case Without A Full Stop At The End Of It\n\nThe council approved the "
      "new budget on Tuesday after a long debate about transport spending\n\nMembers said the plan would help "
      "residents travel across the city more cheaply and quickly.\n\nThe mayor welcomed the vote and promised that "
      "the first new bus routes would open next spring\n";
  auto dictionary = Dictionary::Builtin();
  ASSERT_TRUE(dictionary.ok());
  Options options;  // as the fuzzer runs it: no language model, invalid UTF-8 replaced
  options.replace_invalid_utf8 = true;
  const Cleaner cleaner(*dictionary, options);
  Workspace workspace;
  Result once, twice;
  ASSERT_TRUE(cleaner.Clean(text, &once, &workspace).ok());
  ASSERT_NE(once.text.find("Project Texas"), std::string::npos) << once.text;
  ASSERT_TRUE(cleaner.Clean(once.text, &twice, &workspace).ok());
  EXPECT_EQ(twice.text, once.text);
  // fuzz/regressions/clean/rewrite-removes-indented-line: "Job\n Texas" -> "Project Texas"
  // took away the indented line that kept the run of spaces in "is  grew" as it was.
  const std::string indented = std::string("he\"s! met Job\n Texas lfami;y-b.t!!!!!!!!!!") + std::string(3, '\0') +
                               " up\xE2\x80\x8B" "da'ste shpiped to vrheaseDAD BdoThe appkeis  grew quierc";
  ASSERT_TRUE(cleaner.Clean(indented, &once, &workspace).ok());
  ASSERT_NE(once.text.find("Project Texas"), std::string::npos) << once.text;
  ASSERT_TRUE(cleaner.Clean(once.text, &twice, &workspace).ok());
  EXPECT_EQ(twice.text, once.text);
}

// Found by the property tests: restoring "broadening" to "expanding" tipped the glue split of
// "beyonddeveloper", and a second run split it and then restored "developer contributions".
// The glue repair judges the restored text too, and the dictionary stage runs on its result.
TEST(Cleaner, GlueIsJudgedInTheRestoredSentenceSoASecondRunChangesNothing) {
  const std::string text =
      "While there is a clear desire toinvest, there\u2019s likewise, seemingly, some hesitancy, which has actually "
      "restricted that activity from broadening beyonddeveloper contributions. Your email address will not "
      "&#8217;be published. Required fields are marked * moms and dad business\n";
  const Result once = CleanOrDie(text);
  const Result twice = CleanOrDie(once.text);
  EXPECT_EQ(twice.text, once.text);
  for (const Change& change : twice.changes) EXPECT_FALSE(change.applied) << change.before << " -> " << change.after;
}

}  // namespace
}  // namespace unspin
