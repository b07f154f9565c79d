#include "repair.h"

#include <gtest/gtest.h>
#include <unicode/unistr.h>

#include <random>

#include "edit_layer.h"
#include "unspin/language_model.h"

namespace unspin::internal {
namespace {

// Applies every repair found (as the Cleaner does at the default threshold of 0.5).
std::string RepairCharactersOf(std::string_view text, uint32_t families = kAllRepairs) {
  std::vector<Change> changes;
  RepairCharacters(text, families, &changes);
  for (Change& change : changes) change.applied = change.confidence >= 0.5;
  return std::string(EditLayer(text, changes).target());
}

std::vector<Change> StructureChanges(std::string_view text, uint32_t families = kAllRepairs) {
  auto tokenizer = Tokenizer::Create();
  std::vector<Change> changes;
  std::vector<Token> tokens;
  EXPECT_TRUE((*tokenizer)->Tokenize(text, &tokens).ok());
  EXPECT_TRUE(RepairStructure(text, families, true, true, &tokens, &changes).ok());
  for (Change& change : changes) change.applied = change.confidence >= 0.5;
  return changes;
}

std::string RepairStructureOf(std::string_view text, uint32_t families = kAllRepairs) {
  return std::string(EditLayer(text, StructureChanges(text, families)).target());
}

// With Debian's English model (the default of the command line); null when it is not installed.
const LanguageModel* Model() {
  static const auto model = LanguageModel::Load(LanguageModel::DefaultPath());
  return model.ok() ? model->get() : nullptr;
}

std::vector<Change> StructureChangesWithModel(std::string_view text, uint32_t families = kAllRepairs) {
  auto tokenizer = Tokenizer::Create();
  std::vector<Change> changes;
  std::vector<Token> tokens;
  EXPECT_TRUE((*tokenizer)->Tokenize(text, &tokens).ok());
  EXPECT_TRUE(RepairStructure(text, families, true, true, &tokens, &changes, Model()).ok());
  for (Change& change : changes) change.applied = change.confidence >= 0.5;
  return changes;
}

std::string RepairWithModel(std::string_view text, uint32_t families = kAllRepairs) {
  return std::string(EditLayer(text, StructureChangesWithModel(text, families)).target());
}

TEST(Mojibake, UndoesUtf8ReadAsWindows1252) {
  EXPECT_EQ(RepairCharactersOf("It\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s"), "It\xE2\x80\x99s");  // Itâ€™s
  EXPECT_EQ(RepairCharactersOf("caf\xC3\x83\xC2\xA9"), "caf\xC3\xA9");                       // cafÃ©
  EXPECT_EQ(RepairCharactersOf("\xC3\x82\xC2\xA3" "10"), "\xC2\xA3" "10");                   // Â£10
}

TEST(Mojibake, UndoesDoubleEncoding) {
  // "’" encoded to UTF-8, read as Windows-1252, encoded again, read again.
  EXPECT_EQ(RepairCharactersOf("don\xC3\x83\xC2\xA2\xC3\xA2\xE2\x80\x9A\xC2\xAC\xC3\xA2\xE2\x80\x9E\xC2\xA2t"),
            "don\xE2\x80\x99t");
}

TEST(Mojibake, LeavesRealTextAlone) {
  for (std::string_view text : {"\xC3\x9C\xE2\x80\x99s", "Stra\xC3\x9F" "e", "\xC3\x85ngstr\xC3\xB6m", "\xC2\xA9" "2024",
                                "na\xC3\xAFve caf\xC3\xA9", "\xE2\x80\x9Cquoted\xE2\x80\x9D"}) {
    EXPECT_EQ(RepairCharactersOf(text), text);
  }
}

TEST(Entities, DecodesNamedAndNumericOnes) {
  EXPECT_EQ(RepairCharactersOf("Tom &amp; Jerry&#8217;s &quot;show&quot;"), "Tom & Jerry\xE2\x80\x99s \"show\"");
  EXPECT_EQ(RepairCharactersOf("a&nbsp;b &#x2014; &copy;"), "a b \xE2\x80\x94 \xC2\xA9");
  EXPECT_EQ(RepairCharactersOf("it&#146;s"), "it\xE2\x80\x99s");  // Windows-1252 number
}

TEST(Entities, LeavesLookalikesAlone) {
  for (std::string_view text : {"AT&T", "a&b;c", "&unknown;", "&#xZZ;", "?a=1&b=2", "&#0;", "& amp;"}) {
    EXPECT_EQ(RepairCharactersOf(text), text);
  }
}

TEST(Invisible, RemovesZeroWidthAndSoftHyphensInsideWords) {
  EXPECT_EQ(RepairCharactersOf("soft\xC2\xAD" "ware up\xE2\x80\x8B" "date"), "software update");
  EXPECT_EQ(RepairCharactersOf("re\xE2\x80\x8Dgion"), "region");  // ZWJ between Latin letters
}

TEST(Invisible, KeepsJoinersThatMeanSomething) {
  const std::string family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9";              // emoji ZWJ sequence
  const std::string persian = "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88\xD8\xA7\xD9\x87\xD9\x85";  // ZWNJ
  EXPECT_EQ(RepairCharactersOf(family), family);
  EXPECT_EQ(RepairCharactersOf(persian), persian);
}

TEST(Normalization, ComposesToNfc) {
  EXPECT_EQ(RepairCharactersOf("cafe\xCC\x81"), "caf\xC3\xA9");
  EXPECT_EQ(RepairCharactersOf("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(RepairCharactersOf("\u1100\u1161\u11A8"), "\uAC01");  // Hangul jamo: 각
  EXPECT_EQ(RepairCharactersOf("\u0915\u093C"), "\u0915\u093C");  // क + nukta: NFC keeps it so
}

// NFC also replaces characters that were never decomposed (singleton decompositions and
// composition exclusions): text written with them is not damaged and must come out as it is.
TEST(Normalization, LeavesCharactersWithSingletonDecompositionsAlone) {
  for (const char* text : {
           "\uF900\uF91D\uFA10\uFAD9 \u8C48",          // CJK compatibility ideographs
           "\u0958\u0959\u095A\u095B\u095C\u095D\u095E\u095F",  // Devanagari qa .. yya
           "\u0958\u094D\u0937 \u095B\u093F",        // ... with a virama, with a vowel sign
           "\uFB1D\u05B4 \uFB1F",                       // Hebrew yod with hiriq, yiddish yod yod patah
           "50 \u2126, 1 \u212B, \u212B\u0301",           // Ohm, Angstrom, Angstrom + an accent
           "\u0340\u0341 \u037E \u0387 \u1F71 \u2ADC"}) {
    EXPECT_EQ(RepairCharactersOf(text), text) << text;
  }
  // Next to them, what was decomposed is still composed.
  EXPECT_EQ(RepairCharactersOf("\u2126 cafe\u0301 \uF900"), "\u2126 caf\u00E9 \uF900");
  EXPECT_EQ(RepairCharactersOf("e\u0301\u2126e\u0301"), "\u00E9\u2126\u00E9");
}

TEST(Repairs, FamiliesCanBeTurnedOff) {
  EXPECT_EQ(RepairCharactersOf("a&amp;b", kAllRepairs & ~kRepairEntities), "a&amp;b");
  EXPECT_EQ(RepairStructureOf("the appwhich grew", kAllRepairs & ~kRepairGlue), "the appwhich grew");
}

// Without the model (--no-lm) a split needs a function word in it.
TEST(GluedWords, SplitsWordsGluedWhereALinkWas) {
  EXPECT_EQ(RepairStructureOf("many countrieswhile others"), "many countries, while others");
  EXPECT_EQ(RepairStructureOf("He joined the companyin 2019."), "He joined the company in 2019.");
  EXPECT_EQ(RepairStructureOf("The Wall Street Journalbased upon reports."), "The Wall Street Journalbased upon reports.");
  EXPECT_EQ(RepairStructureOf("early in 2015is the plan"), "early in 2015 is the plan");
  EXPECT_EQ(RepairStructureOf("the disputeThat even led"), "the dispute. That even led");
  EXPECT_EQ(RepairStructureOf("\xE2\x80\x9CProject Texas\xE2\x80\x9Dwhich it"),
            "\xE2\x80\x9CProject Texas\xE2\x80\x9D, which it");
}

TEST(GluedWords, TheAddedPunctuationIsLessCertainThanTheSplit) {
  const auto changes = StructureChanges("many countrieswhile others");
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].after, ",");
  EXPECT_EQ(changes[1].after, " ");
  EXPECT_LT(changes[0].confidence, changes[1].confidence);
}

TEST(GluedWords, LeavesNamesAndRealWordsAlone) {
  for (std::string_view text :
       {"iPhone eBay McDonald's YouTube TikTok PayPal LinkedIn Snapchat WordPress macOS",
        "Boland Andover Werther labour colour honour Fernand", "cybersecurity username 1990s 10km 5th 3D",
        "a smartphone livestream", "see example.com or U.S.A today"}) {
    EXPECT_EQ(RepairStructureOf(text, kRepairGlue), text);
  }
}

TEST(GluedWords, SplitsAnyGlueTheModelExplainsBetterThanAnUnknownWord) {
  if (!Model()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
  EXPECT_EQ(RepairWithModel("The Wall Street Journalbased upon reports."), "The Wall Street Journal based upon reports.");
  EXPECT_EQ(RepairWithModel("Users of the appwhich has grown."), "Users of the app, which has grown.");
  EXPECT_EQ(RepairWithModel("The bill was signed by the Senate Finance Committeethe report said on Tuesday.", kRepairGlue),
            "The bill was signed by the Senate Finance Committee, the report said on Tuesday.");
  EXPECT_EQ(RepairWithModel("She moved to the cityin 2018 and opened a bakeryon the main street.", kRepairGlue),
            "She moved to the city in 2018 and opened a bakery on the main street.");
  EXPECT_EQ(RepairWithModel("It was the nation\xE2\x80\x99s bestwhen the war ended.", kRepairGlue),
            "It was the nation\xE2\x80\x99s best when the war ended.");
  // "founding" with its g dropped would be "foundin'": without the apostrophe it is glue.
  EXPECT_EQ(RepairWithModel("We foundin the box a key.", kRepairGlue), "We found in the box a key.");
  EXPECT_EQ(RepairWithModel("I was just standin' there.", kRepairGlue), "I was just standin' there.");
}

TEST(GluedWords, ACapitalGluedInsideASentenceIsANameOrASentenceBreakNeverABareSpace) {
  if (!Model()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
  EXPECT_EQ(RepairWithModel("Sales rose in the first quarterAnalysts expect more.", kRepairGlue),
            "Sales rose in the first quarter. Analysts expect more.");
  EXPECT_EQ(RepairWithModel("The talks were held inGeneva last week.", kRepairGlue),
            "The talks were held in Geneva last week.");
  EXPECT_EQ(RepairWithModel("They met again inThe Hague on Monday.", kRepairGlue), "They met again in The Hague on Monday.");
}

// A link's text loses the space on both of its sides: a glue beside another needs less to split.
TEST(GluedWords, TheOtherSideOfALinkNeedsLessEvidence) {
  if (!Model()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
  EXPECT_EQ(RepairWithModel("He watched the flying of sixairplanes over the bay.", kRepairGlue),
            "He watched the flying of sixairplanes over the bay.");
  EXPECT_EQ(RepairWithModel("He watched the flyingof sixairplanes over the bay.", kRepairGlue),
            "He watched the flying of six airplanes over the bay.");
  // Not across a sentence: the other glue must be a few words away in the same one.
  EXPECT_EQ(RepairWithModel("He watched the flyingof birds. Then sixairplanes came.", kRepairGlue),
            "He watched the flying of birds. Then sixairplanes came.");
}

// "divorcedGraham": a sentence break or a name? "Graham" written with its capital inside a
// sentence near by is a name; at a sentence start it says nothing.
TEST(GluedWords, ACapitalisedWordSeenInsideASentenceNearByBeginsAName) {
  if (!Model()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
  EXPECT_EQ(RepairWithModel("She later divorcedGraham, who lives abroad. Later, Graham moved to Ohio.", kRepairGlue),
            "She later divorced Graham, who lives abroad. Later, Graham moved to Ohio.");
  EXPECT_EQ(RepairWithModel("Profits fell in the second halfInvestors sold. Investors were worried.", kRepairGlue),
            "Profits fell in the second half. Investors sold. Investors were worried.");
}

TEST(GluedWords, NamesBrandsAndCompoundsStayWholeWithTheModel) {
  if (!Model()) GTEST_SKIP() << "pocketsphinx-en-us is not installed";
  for (std::string_view text :
       {"He sold his iPhone on eBay, paid with PayPal and read his inbox in the Boardroom; nowhere therein.",
        "David Goodis wrote it, and Goodis said so.", "They kept standin' around, comin and goin, and coulda stayed."}) {
    EXPECT_EQ(RepairWithModel(text, kRepairGlue), text);
  }
}

TEST(GluedWords, AWordSeenTwiceIsNotGlue) {
  const std::string text = "Bytedancewhich and Bytedancewhich again";
  EXPECT_EQ(RepairStructureOf(text, kRepairGlue), text);
}

// "Seen twice" means near by (16 KB): text elsewhere in a long file must not change a decision.
TEST(GluedWords, ATokenSeenAgainFarAwayIsDecidedAsIfAlone) {
  const std::string text = "He joined the companyin 2019.\n\n";
  const std::string alone = RepairStructureOf(text, kRepairGlue);
  ASSERT_EQ(alone, "He joined the company in 2019.\n\n");
  EXPECT_EQ(RepairStructureOf(text + text, kRepairGlue), text + text);  // seen twice: a term
  std::string filler;
  while (filler.size() < 20000) filler += "The market grew again this year.\n\n";
  EXPECT_EQ(RepairStructureOf(text + filler + text, kRepairGlue), alone + filler + alone);
}

TEST(PageChrome, RemovesTrailersAndARepeatedTitle) {
  const std::string text =
      "A Title Here\n\nA Title Here\n\nThe body of the article goes on for a while here.\n\nRead more\n\n"
      "Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n";
  EXPECT_EQ(RepairStructureOf(text, kRepairChrome), "A Title Here\n\nThe body of the article goes on for a while here.\n");
}

TEST(PageChrome, EveryPatternCompiles) {
  const auto [compiled, lines] = ChromePatternsCompiled();
  EXPECT_GT(lines, 10u);
  EXPECT_EQ(compiled, lines);
}

TEST(PageChrome, OnlyAtTheEndsOfADocument) {
  const std::string text = "First paragraph of text.\n\nRead more\n\nLast paragraph of text.\n";
  EXPECT_EQ(RepairStructureOf(text, kRepairChrome), text);
}

TEST(MissingFullStop, AddsItToAProseParagraph) {
  const std::string text =
      "The council approved the new budget on Tuesday after a long debate about transport spending\n\n"
      "Members said the plan would help residents travel across the city more cheaply and quickly.\n";
  EXPECT_EQ(RepairStructureOf(text, kRepairPunctuation),
            "The council approved the new budget on Tuesday after a long debate about transport spending.\n\n"
            "Members said the plan would help residents travel across the city more cheaply and quickly.\n");
}

TEST(MissingFullStop, AfterShortSentencesNumbersAndClosingQuotes) {
  EXPECT_EQ(RepairStructureOf("The new bridge will open to traffic in the spring\n\nWork on the approach roads began in the autumn of 2021\n\n"
                              "Staff were told on Friday.\n", kRepairPunctuation),
            "The new bridge will open to traffic in the spring.\n\nWork on the approach roads began in the autumn of 2021.\n\n"
            "Staff were told on Friday.\n");
  EXPECT_EQ(RepairStructureOf("The engineer called it \xE2\x80\x9C" "a once in a generation project\xE2\x80\x9D\n\n"
                              "Staff were told on Friday.\n", kRepairPunctuation),
            "The engineer called it \xE2\x80\x9C" "a once in a generation project.\xE2\x80\x9D\n\n"
            "Staff were told on Friday.\n");
}

TEST(MissingFullStop, LeavesHeadingsBylinesListsAndColonsAlone) {
  const std::string text =
      "Opening Times\n\nBy Jane Smith\n\nWhat the council decided:\n\n- a new cycle lane along the bridge was approved\n\n"
      "Sheep fattening rations for the winter months\n\nThe council met on Tuesday and approved the plan.\n";
  EXPECT_EQ(RepairStructureOf(text, kRepairPunctuation), text);
}

TEST(MissingFullStop, LeavesTitlesListsShortLinesAndCutOffTextAlone) {
  for (std::string_view text :
       {"A Heading Written In Title Case With Many Words In It Here Now\n\nThe body says something in full sentences here.\n",
        "Short line without stop\n\nAnother sentence that does end properly with its stop.\n",
        "- a list item that goes on and on for more than twelve words in total here\n",
        "This sentence was cut off in the middle by the scraper and ends on the\n\nNext one ends well, with a stop at the end of it.\n"}) {
    EXPECT_EQ(RepairStructureOf(text, kRepairPunctuation), text);
  }
}

TEST(Whitespace, FixesRunsOfSpacesAndSpacesBeforePunctuation) {
  EXPECT_EQ(RepairStructureOf("The app  grew quickly , and users left .", kRepairWhitespace),
            "The app grew quickly, and users left.");
}

TEST(Whitespace, LeavesCodeTablesAndSentenceSpacingAlone) {
  for (std::string_view text : {"    x  =  1;", "if (a  <  b) {", "End.  Next sentence.", "Wait ... really",
                                "a  b  c  d  e columns", "1 .5 is a number"}) {
    EXPECT_EQ(RepairStructureOf(text, kRepairWhitespace), text);
  }
}

TEST(InvalidUtf8, BecomesReplacementCharacters) {
  std::vector<Change> changes;
  ReplaceInvalidUtf8("a\xFF" "b\xC3 and then some words \xE9.", &changes);
  ASSERT_EQ(changes.size(), 2u);
  // Bad sequences close together are one change; the good byte between them stays.
  EXPECT_EQ(changes[0].start, 1u);
  EXPECT_EQ(changes[0].end, 4u);
  EXPECT_EQ(changes[0].after, "\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  EXPECT_EQ(changes[1].start, 25u);
  EXPECT_EQ(changes[1].after, "\xEF\xBF\xBD");
}

// Random bytes are mostly ill-formed: a change per bad sequence made --encoding-errors replace
// cost about 400 bytes per input byte. The runs are joined, and the text is what ICU makes of it.
TEST(InvalidUtf8, RandomBytesGiveFewChangesAndIcusReplacement) {
  std::mt19937 random(8);
  std::string bytes(1 << 20, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  std::vector<Change> changes;
  ReplaceInvalidUtf8(bytes, &changes);
  EXPECT_LT(changes.size(), bytes.size() / 100);
  for (Change& change : changes) change.applied = true;
  std::string expected;
  icu::UnicodeString::fromUTF8(icu::StringPiece(bytes.data(), static_cast<int32_t>(bytes.size()))).toUTF8String(expected);
  EXPECT_TRUE(EditLayer(bytes, changes).target() == expected);
}

}  // namespace
}  // namespace unspin::internal
