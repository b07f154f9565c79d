// Import of the Problematic Paper Screener's CSV export: CSV, fingerprint queries, priors, errors,
// and entries that behave as the fingerprint says once built into a Cleaner.
#include "pps_import.h"

#include <gtest/gtest.h>

#include "unspin/cleaner.h"

namespace unspin::internal {
namespace {

using Kind = ContextCondition::Kind;

const std::string kHeader = "Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers\n";

std::vector<Entry> ParseOrDie(const std::string& csv) {
  auto entries = ParsePpsCsv(csv, "pps.csv");
  EXPECT_TRUE(entries.ok()) << entries.status().message();
  return entries.ok() ? *entries : std::vector<Entry>();
}

std::string ErrorOf(const std::string& csv) {
  auto entries = ParsePpsCsv(csv, "pps.csv");
  if (entries.ok()) return "";
  EXPECT_EQ(entries.status().code(), StatusCode::kInvalidArgument);
  return entries.status().message();
}

TEST(PpsImport, RecognisesTheExportHeader) {
  EXPECT_TRUE(LooksLikePpsCsv(kHeader));
  EXPECT_TRUE(LooksLikePpsCsv("\xEF\xBB\xBF" + kHeader));
  EXPECT_FALSE(LooksLikePpsCsv("counterfeit consciousness\tartificial intelligence\t0.99\ttortured\twritten\n"));
}

TEST(PpsImport, ReadsAPlainRow) {
  const auto entries = ParseOrDie(kHeader + "\"\"\"counterfeit consciousness\"\"\",artificial intelligence,1520\n");
  ASSERT_EQ(entries.size(), 1u);
  const Entry& entry = entries[0];
  EXPECT_EQ(entry.spun, "counterfeit consciousness");
  EXPECT_EQ(entry.original, "artificial intelligence");
  EXPECT_DOUBLE_EQ(entry.prior, 0.9);
  EXPECT_EQ(entry.category, "tortured");
  EXPECT_EQ(entry.source, "pps:1520");
  EXPECT_EQ(entry.location, "pps.csv:2");
  EXPECT_TRUE(entry.context.empty());
  EXPECT_TRUE(entry.note.empty());
  EXPECT_EQ(entry.inflect, Inflect::kNone);
  EXPECT_FALSE(entry.inflected);
}

TEST(PpsImport, EachAndedPhraseIsOneDocumentCondition) {
  const auto entries = ParseOrDie(
      kHeader + "\"\"\"profound learning\"\" AND \"\"Neural   ORGANIZATION\"\" AND \"\"preparing set\"\"\",deep learning,734\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].spun, "profound learning");
  ASSERT_EQ(entries[0].context.size(), 2u);
  EXPECT_EQ(entries[0].context[0].kind, Kind::kInDocument);
  EXPECT_EQ(entries[0].context[0].phrases, std::vector<std::string>{"neural organization"});  // folded
  EXPECT_EQ(entries[0].context[0].max_gap, 0);
  EXPECT_TRUE(entries[0].context[0].ids.empty());  // Build() fills them
  EXPECT_EQ(entries[0].context[1].kind, Kind::kInDocument);
  EXPECT_EQ(entries[0].context[1].phrases, std::vector<std::string>{"preparing set"});
}

TEST(PpsImport, TopLevelOrGivesOneEntryPerAlternative) {
  const auto entries =
      ParseOrDie(kHeader + "\"\"\"bosom peril\"\" OR \"\"bosom malignant growth\"\"\",breast cancer,212\n");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].spun, "bosom peril");
  EXPECT_EQ(entries[1].spun, "bosom malignant growth");
  for (const Entry& entry : entries) {
    EXPECT_EQ(entry.original, "breast cancer");
    EXPECT_EQ(entry.location, "pps.csv:2");
    EXPECT_TRUE(entry.context.empty());
  }
}

TEST(PpsImport, NotPhrasesBecomeNotInDocumentConditions) {
  for (const std::string fingerprint : {"\"\"colossal information\"\" AND NOT \"\"tortured phrases\"\"",
                                        "\"\"colossal information\"\" NOT \"\"tortured phrases\"\"",
                                        "NOT \"\"tortured phrases\"\" AND \"\"colossal information\"\""}) {
    SCOPED_TRACE(fingerprint);
    const auto entries = ParseOrDie(kHeader + "\"" + fingerprint + "\",big data,156\n");
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].spun, "colossal information");
    ASSERT_EQ(entries[0].context.size(), 1u);
    EXPECT_EQ(entries[0].context[0].kind, Kind::kNotInDocument);
    EXPECT_EQ(entries[0].context[0].phrases, std::vector<std::string>{"tortured phrases"});
  }
}

TEST(PpsImport, ProximityConditionSetsTheGap) {
  const auto entries = ParseOrDie(
      kHeader + "\"\"\"gullible Bayes\"\" AND \"\"restrictive likelihood\"\"~2\",naive Bayes,58\n");
  ASSERT_EQ(entries.size(), 1u);
  ASSERT_EQ(entries[0].context.size(), 1u);
  EXPECT_EQ(entries[0].context[0].kind, Kind::kInDocument);
  EXPECT_EQ(entries[0].context[0].phrases, std::vector<std::string>{"restrictive likelihood"});
  EXPECT_EQ(entries[0].context[0].max_gap, 2);
  EXPECT_EQ(entries[0].original, "naive Bayes");
}

TEST(PpsImport, ProximityPhraseToRewriteIsMatchedAsWritten) {
  const auto entries = ParseOrDie(kHeader + "\"\"\"irregular woodland\"\"~3\",random forest,388\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].spun, "irregular woodland");
  EXPECT_TRUE(entries[0].context.empty());
}

TEST(PpsImport, ParenthesesAroundAlternativesAndConditions) {
  // A leading OR group is distributed over the rest of the conjunction.
  auto entries = ParseOrDie(kHeader +
                            "\"(\"\"bosom disease\"\" OR \"\"chest malignant growth\"\") AND \"\"mammogram\"\"\","
                            "breast cancer,17\n");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].spun, "bosom disease");
  EXPECT_EQ(entries[1].spun, "chest malignant growth");
  for (const Entry& entry : entries) {
    ASSERT_EQ(entry.context.size(), 1u);
    EXPECT_EQ(entry.context[0].kind, Kind::kInDocument);
    EXPECT_EQ(entry.context[0].phrases, std::vector<std::string>{"mammogram"});
  }
  // An OR group used as a condition is one condition: one of its phrases must occur (or none).
  entries = ParseOrDie(kHeader +
                       "\"\"\"fluffy rationale\"\" AND (\"\"enrollment work\"\" OR \"\"fluffy set\"\") "
                       "AND NOT (\"\"cotton\"\" OR \"\"wool\"\"~1)\",fuzzy logic,127\n");
  ASSERT_EQ(entries.size(), 1u);
  ASSERT_EQ(entries[0].context.size(), 2u);
  EXPECT_EQ(entries[0].context[0].kind, Kind::kInDocument);
  EXPECT_EQ(entries[0].context[0].phrases, (std::vector<std::string>{"enrollment work", "fluffy set"}));
  EXPECT_EQ(entries[0].context[1].kind, Kind::kNotInDocument);
  EXPECT_EQ(entries[0].context[1].phrases, (std::vector<std::string>{"cotton", "wool"}));
  EXPECT_EQ(entries[0].context[1].max_gap, 1);
}

TEST(PpsImport, UnquotedWordsFormOnePhrase) {
  const auto entries = ParseOrDie(kHeader + "fluffy rationale,fuzzy logic,127\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].spun, "fluffy rationale");
}

TEST(PpsImport, PriorsFollowPaperCountsAndUncertainty) {
  const auto entries = ParseOrDie(kHeader +
                                  "\"\"\"irregular access memory\"\"\",random access memory,0\n"
                                  "\"\"\"arbitrary get to memory\"\"\",random access memory ?,3\n"
                                  "\"\"\"gathering examination\"\"\",cluster analysis? / group analysis or bunch study,2\n");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_DOUBLE_EQ(entries[0].prior, 0.7);
  EXPECT_EQ(entries[0].source, "pps:0");
  EXPECT_DOUBLE_EQ(entries[1].prior, 0.2);
  EXPECT_EQ(entries[1].original, "random access memory");
  EXPECT_NE(entries[1].note.find("uncertain"), std::string::npos);
  EXPECT_DOUBLE_EQ(entries[2].prior, 0.2);
  EXPECT_EQ(entries[2].original, "cluster analysis");
  EXPECT_NE(entries[2].note.find("other guesses: group analysis; bunch study"), std::string::npos) << entries[2].note;
}

TEST(PpsImport, QuotedFieldsKeepCommasAndQuotes) {
  const auto entries = ParseOrDie(kHeader + "\"\"\"exactness, review\"\"\",\"precision, recall\",\"19\"\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].spun, "exactness, review");
  EXPECT_EQ(entries[0].original, "precision, recall");
  EXPECT_EQ(entries[0].source, "pps:19");
}

TEST(PpsImport, HandlesBomCrlfBlankLinesAndMultiLineFields) {
  const std::string csv = "\xEF\xBB\xBF" + std::string(kHeader.substr(0, kHeader.size() - 1)) + "\r\n" +
                          "\r\n"
                          "\"\"\"fluffy rationale\"\"\",fuzzy logic,127\r\n"
                          "   \r\n"
                          "\"\"\"molecule swarm\n  enhancement\"\"\",particle swarm optimization,88\r\n"
                          "\"\"\"sign to commotion proportion\"\"\",signal to noise ratio,310";  // no final newline
  const auto entries = ParseOrDie(csv);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].location, "pps.csv:3");
  EXPECT_EQ(entries[0].source, "pps:127");
  EXPECT_EQ(entries[1].spun, "molecule swarm enhancement");
  EXPECT_EQ(entries[1].location, "pps.csv:5");
  EXPECT_EQ(entries[1].original, "particle swarm optimization");
  EXPECT_EQ(entries[2].location, "pps.csv:7");
  EXPECT_EQ(entries[2].source, "pps:310");
}

TEST(PpsImport, SkipsAlternativesThatAlreadyReadAsTheOriginal) {
  const auto entries = ParseOrDie(kHeader + "\"\"\"deep learning\"\" OR \"\"profound learning\"\"\",Deep Learning,3\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].spun, "profound learning");
}

TEST(PpsImport, MalformedRowsNameFileLineAndProblem) {
  const struct {
    std::string rows;
    std::string prefix;
    std::string problem;
  } cases[] = {
      {"\"\"\"a b\"\"\",c d\n", "pps.csv:2: ", "expected 3 comma-separated fields"},
      {"\"\"\"a b\"\"\",c, d,4\n", "pps.csv:2: ", "found 4"},
      {"\"\"\"a b\"\"\",\"c d,4\n", "pps.csv:2: ", "unbalanced quotes"},
      {"\"\"\"a b\"\" AND \"\"c\",d e,4\n", "pps.csv:2: ", "unbalanced quotes"},
      {"\"\"\"a b\"\" x,d e,4\n", "pps.csv:2: ", "unbalanced quotes"},
      {"a \"b\",d e,4\n", "pps.csv:2: ", "unbalanced quotes"},
      {"\"(\"\"a b\"\" AND \"\"c\"\"\",d e,4\n", "pps.csv:2: ", "unbalanced parentheses"},
      {"\"\"\"a b\"\" AND \"\"c\"\")\",d e,4\n", "pps.csv:2: ", "unbalanced parentheses"},
      {"\"NOT \"\"a b\"\"\",d e,4\n", "pps.csv:2: ", "no positive phrase"},
      {"\"\"\"a b\"\" OR NOT \"\"c\"\"\",d e,4\n", "pps.csv:2: ", "no positive phrase"},
      {"\"\"\"a b\"\"\",   ,4\n", "pps.csv:2: ", "expected text (field 2) is empty"},
      {"\"\"\"a b\"\"\",?,4\n", "pps.csv:2: ", "no words besides '?'"},
      {"\"\"\"a b\"\"\",d e,many\n", "pps.csv:2: ", "must be a whole number"},
      {"\"\"\"a b\"\"\",d e,-1\n", "pps.csv:2: ", "must be a whole number"},
      {",d e,4\n", "pps.csv:2: ", "fingerprint (field 1) is empty"},
      {"\"\"\"\"\"\",d e,4\n", "pps.csv:2: ", "empty phrase"},
      {"\"\"\"a b\"\" \"\"c\"\"\",d e,4\n", "pps.csv:2: ", "missing AND, OR or NOT"},
      {"\"\"\"a b\"\" AND\",d e,4\n", "pps.csv:2: ", "where a phrase was expected"},
      {"\"\"\"a b\"\"~x\",d e,4\n", "pps.csv:2: ", "must be followed by a number of words"},
      {"\"\"\"a b\"\" NOT (\"\"c\"\" AND \"\"d\"\")\",d e,4\n", "pps.csv:2: ", "NOT of an AND group"},
      {"\"\"\"ok\"\"\",fine,1\n\n\"\"\"a b\"\"\",d e\n", "pps.csv:4: ", "expected 3 comma-separated fields"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.rows);
    const std::string error = ErrorOf(kHeader + c.rows);
    EXPECT_EQ(error.rfind(c.prefix, 0), 0u) << error;
    EXPECT_NE(error.find(c.problem), std::string::npos) << error;
  }
}

// Exports as people have them: the header's columns found by name, in any order, with other
// columns, another delimiter, BOM, CRLF, and grouped paper counts. Each case holds one row that
// must give `fluffy rationale` -> `fuzzy logic` from the given line with the given paper count.
TEST(PpsImport, ReadsHeaderVariants) {
  const struct {
    std::string name;
    std::string csv;
    size_t line;
    std::string source;
  } cases[] = {
      {"the PPS export", "Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers\n"
                         "\"\"\"fluffy rationale\"\"\",fuzzy logic,127\n", 2, "pps:127"},
      {"snake case", "tortured_phrase,expected_phrase,num_papers\nfluffy rationale,fuzzy logic,127\n", 2, "pps:127"},
      {"semicolons", "Tortured phrase;Expected phrase;Papers\n\"\"\"fluffy rationale\"\"\";fuzzy logic;127\n", 2,
       "pps:127"},
      {"semicolons, commas inside fields", "Tortured phrase;Expected phrase;Papers\nfluffy rationale;fuzzy logic;1,234\n",
       2, "pps:1234"},
      {"tabs", "Tortured phrase\tExpected phrase\tPapers\nfluffy rationale\tfuzzy logic\t127\n", 2, "pps:127"},
      {"other order", "Nb Retrieved Papers,Expected Text,Fingerprint - Tortured Phrase\n127,fuzzy logic,fluffy rationale\n",
       2, "pps:127"},
      {"extra columns", "ID,Fingerprint - Tortured Phrase,Submitter,Expected Text,Nb Retrieved Papers,Notes\n"
                        "17,\"\"\"fluffy rationale\"\"\",anon,fuzzy logic,127,\"seen in 2021, again in 2023\"\n",
       2, "pps:127"},
      {"case, spaces, underscores, hyphens", "  FINGERPRINT_-_tortured-phrase , expected-TEXT,NB_Retrieved  papers\n"
                                             "fluffy rationale,fuzzy logic,127\n", 2, "pps:127"},
      {"quoted names", "\"Tortured Phrase\",\"Expected Text\",\"Nb Retrieved Papers\"\nfluffy rationale,fuzzy logic,127\n",
       2, "pps:127"},
      {"BOM and CRLF", "\xEF\xBB\xBFtortured_phrase;expected_phrase;num_papers\r\nfluffy rationale;fuzzy logic;127\r\n", 2,
       "pps:127"},
      {"Excel sep= line", "sep=;\r\nTortured phrase;Expected phrase;Papers\r\nfluffy rationale;fuzzy logic;127\r\n", 3,
       "pps:127"},
      {"blank lines", "tortured_phrase,expected_phrase,num_papers\n\n \nfluffy rationale,fuzzy logic,127\n", 4, "pps:127"},
      {"count with commas", "tortured_phrase,expected_phrase,num_papers\nfluffy rationale,fuzzy logic,\"42,682\"\n", 2,
       "pps:42682"},
      {"count with spaces", "tortured_phrase,expected_phrase,num_papers\nfluffy rationale,fuzzy logic,42 682\n", 2,
       "pps:42682"},
      {"count with no-break spaces", "tortured_phrase,expected_phrase,num_papers\n"
                                     "fluffy rationale,fuzzy logic,1\xC2\xA0" "042\xE2\x80\xAF" "682\n", 2, "pps:1042682"},
      {"count with full stops", "Tortured phrase;Expected phrase;Papers\nfluffy rationale;fuzzy logic;42.682\n", 2,
       "pps:42682"},
      {"count with apostrophes", "tortured_phrase,expected_phrase,num_papers\nfluffy rationale,fuzzy logic,42'682\n", 2,
       "pps:42682"},
      {"count quoted with spaces", "tortured_phrase,expected_phrase,num_papers\nfluffy rationale,fuzzy logic,\" 127 \"\n",
       2, "pps:127"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(LooksLikePpsCsv(c.csv));
    const auto entries = ParseOrDie(c.csv);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].spun, "fluffy rationale");
    EXPECT_EQ(entries[0].original, "fuzzy logic");
    EXPECT_EQ(entries[0].source, c.source);
    EXPECT_EQ(entries[0].location, "pps.csv:" + std::to_string(c.line));
    EXPECT_DOUBLE_EQ(entries[0].prior, 0.9);
  }
}

TEST(PpsImport, DictionaryFilesAreNotTakenForCsv) {
  for (const std::string tsv : {
           "counterfeit consciousness\tartificial intelligence\t0.99\ttortured\twritten\n",
           "# my entries, written by hand; see data/README.md\nfoo\tbar\t0.5\tsynonym\twritten\n",
           "tortured phrase\texpected text\t0.9\ttortured\twritten\n",
           "\n# a comment\n",
           "",
       }) {
    SCOPED_TRACE(tsv);
    EXPECT_FALSE(LooksLikePpsCsv(tsv));
  }
  // A first line that reads as a CSV header is a CSV, so that its header can be reported.
  EXPECT_TRUE(LooksLikePpsCsv("phrase,replacement,documents\n"));
  EXPECT_TRUE(LooksLikePpsCsv("phrase;replacement\n"));
}

TEST(PpsImport, UnrecognisedHeaderNamesFileLineAndExpectedColumns) {
  const struct {
    std::string header;
    std::string problem;
  } cases[] = {
      {"phrase,replacement,documents\n", "no column for the tortured phrase, the expected text, the number of retrieved papers"},
      {"tortured_phrase,expected_phrase\n", "no column for the number of retrieved papers"},
      {"Tortured phrase;Comment;Papers\n", "no column for the expected text"},
      {"Tortured phrase,Tortured phrase (old),Expected,Papers\n",
       "columns 1 ('Tortured phrase') and 2 ('Tortured phrase (old)') both look like the tortured phrase"},
      {"\n", "the header line is empty"},
      {"", "column 3 is the number '127', not a name"},  // a first row taken for a header
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.header);
    const std::string error = ErrorOf(c.header + "fluffy rationale,fuzzy logic,127\n");
    EXPECT_EQ(error.rfind("pps.csv:1: not a Problematic Paper Screener CSV header", 0), 0u) << error;
    EXPECT_NE(error.find(c.problem), std::string::npos) << error;
    for (const char* expected : {"'Fingerprint - Tortured Phrase'", "'Expected Text'", "'Nb Retrieved Papers'",
                                 "'tortured_phrase'", "'expected_phrase'", "'num_papers'"}) {
      EXPECT_NE(error.find(expected), std::string::npos) << expected << " in " << error;
    }
  }
  EXPECT_NE(ErrorOf("phrase,replacement,documents\n").find("found columns 'phrase', 'replacement', 'documents'"),
            std::string::npos);
  EXPECT_EQ(ErrorOf("sep=;\nphrase;replacement\n").rfind("pps.csv:2: ", 0), 0u);
}

TEST(PpsImport, RowErrorsFollowTheHeadersLayout) {
  const struct {
    std::string csv;
    std::string problem;
  } cases[] = {
      {"Tortured phrase;Expected phrase;Papers\nfluffy rationale;fuzzy logic\n",
       "pps.csv:2: expected 3 semicolon-separated fields (fingerprint, expected text, number of papers), found 2"},
      {"ID,Tortured phrase,Expected phrase,Papers\n1,a b,c d,4,5\n",
       "pps.csv:2: expected 4 comma-separated fields ('ID', fingerprint, expected text, number of papers), found 5"},
      {"Papers,Tortured phrase,Expected phrase\nmany,a b,c d\n", "pps.csv:2: the number of retrieved papers (field 1)"},
      {"Papers,Expected phrase,Tortured phrase\n4,c d,\n", "pps.csv:2: the fingerprint (field 3) is empty"},
      {"Papers,Expected phrase,Tortured phrase\n4,,a b\n", "pps.csv:2: the expected text (field 2) is empty"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.csv);
    const std::string error = ErrorOf(c.csv);
    EXPECT_EQ(error.rfind(c.problem, 0), 0u) << error;
  }
}

TEST(PpsImport, PaperCountsMustBeWholeNumbers) {
  for (const std::string count : {"\"4,2\"", "1.5", "\"42,68,2\"", "\"1,000.000\"", "\"1,0000\"", "\"1234,567\"",
                                  "\",123\"", "\"123,\"", "-1", "many", "\"\"", "12e3", "1_000"}) {
    SCOPED_TRACE(count);
    const std::string error = ErrorOf(kHeader + "fluffy rationale,fuzzy logic," + count + "\n");
    EXPECT_EQ(error.rfind("pps.csv:2: the number of retrieved papers (field 3) must be a whole number", 0), 0u) << error;
  }
  EXPECT_EQ(ParseOrDie(kHeader + "fluffy rationale,fuzzy logic,\"1,234,567\"\n").at(0).source, "pps:1234567");
  EXPECT_EQ(ParseOrDie(kHeader + "fluffy rationale,fuzzy logic,0\n").at(0).prior, 0.7);
}

// ---------------------------------------------------------------------------------------------
// End to end: DictionaryBuilder picks the CSV up, and the Cleaner honours the conditions.

class PpsCleaning : public ::testing::Test {
 protected:
  void SetUp() override {
    DictionaryBuilder builder;
    const Status status = builder.AddFile(
        kHeader +
            "\"\"\"profound learning\"\" AND \"\"neural organization\"\"\",deep learning,734\n"
            "\"\"\"colossal information\"\" AND NOT \"\"tortured phrases\"\"\",big data,156\n"
            "\"\"\"gullible Bayes\"\" AND \"\"restrictive likelihood\"\"~2\",naive Bayes,58\n"
            "\"\"\"bosom peril\"\" OR \"\"bosom malignant growth\"\"\",breast cancer,212\n",
        "pps.csv");
    ASSERT_TRUE(status.ok()) << status.message();
    auto dictionary = builder.Build();
    ASSERT_TRUE(dictionary.ok()) << dictionary.status().message();
    cleaner_ = std::make_unique<Cleaner>(*dictionary, Options{});
  }

  Result Clean(std::string_view text) {
    Workspace workspace;
    Result result;
    const Status status = cleaner_->Clean(text, &result, &workspace);
    EXPECT_TRUE(status.ok()) << status.message();
    return result;
  }

  std::unique_ptr<Cleaner> cleaner_;
};

TEST_F(PpsCleaning, AndConditionNeedsThePhraseInTheDocument) {
  EXPECT_EQ(Clean("We trained a profound learning model.").text, "We trained a profound learning model.");
  const Result result = Clean("We trained a profound learning model on a neural organization.");
  EXPECT_EQ(result.text, "We trained a deep learning model on a neural organization.");
  ASSERT_EQ(result.changes.size(), 1u);
  EXPECT_EQ(result.changes[0].rule, "dict:pps.csv:2");
  EXPECT_EQ(result.changes[0].category, "tortured");
}

TEST_F(PpsCleaning, NotConditionBlocksTheChange) {
  EXPECT_EQ(Clean("Colossal information is everywhere.").text, "Big data is everywhere.");
  EXPECT_EQ(Clean("Lists of tortured phrases contain colossal information.").text,
            "Lists of tortured phrases contain colossal information.");
}

TEST_F(PpsCleaning, ProximityConditionAllowsUpToNWordsBetween) {
  EXPECT_EQ(Clean("A gullible Bayes model uses the restrictive class likelihood.").text,
            "A naive Bayes model uses the restrictive class likelihood.");
  EXPECT_EQ(Clean("A gullible Bayes model uses the restrictive one, two, three likelihood.").text,
            "A gullible Bayes model uses the restrictive one, two, three likelihood.");
}

TEST_F(PpsCleaning, EveryOrAlternativeIsRestored) {
  EXPECT_EQ(Clean("Bosom peril and bosom malignant growth.").text, "Breast cancer and breast cancer.");
}

TEST(PpsDictionary, BuilderReadsAVariantExport) {
  DictionaryBuilder builder;
  ASSERT_TRUE(builder.AddFile("\xEF\xBB\xBFTortured phrase;Expected phrase;Papers\r\n"
                              "\"\"\"fluffy rationale\"\"\";fuzzy logic;\"42 682\"\r\n",
                              "exports/pps.csv")
                  .ok());
  auto dictionary = builder.Build();
  ASSERT_TRUE(dictionary.ok()) << dictionary.status().message();
  const Cleaner cleaner(*dictionary, Options{});
  Workspace workspace;
  Result result;
  ASSERT_TRUE(cleaner.Clean("The fluffy rationale works.", &result, &workspace).ok());
  EXPECT_EQ(result.text, "The fuzzy logic works.");
}

TEST(PpsDictionary, BuilderReportsAnUnrecognisedCsvHeader) {
  DictionaryBuilder builder;
  const Status status = builder.AddFile("phrase,replacement,documents\nfluffy rationale,fuzzy logic,127\n", "mine.csv");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.message().rfind("mine.csv:1: not a Problematic Paper Screener CSV header", 0), 0u) << status.message();
  EXPECT_NE(status.message().find("'Fingerprint - Tortured Phrase'"), std::string::npos) << status.message();
}

TEST(PpsDictionary, BuilderReportsRowErrorsWithFileAndLine) {
  DictionaryBuilder builder;
  const Status status = builder.AddFile(kHeader + "\"\"\"a b\"\"\",c\n", "exports/pps.csv");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message().rfind("exports/pps.csv:2: ", 0), 0u) << status.message();
}

}  // namespace
}  // namespace unspin::internal
