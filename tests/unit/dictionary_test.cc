#include "unspin/dictionary.h"
#include "unspin/text.h"

#include <gtest/gtest.h>

#include <map>

namespace unspin {
namespace {

StatusOr<std::shared_ptr<const Dictionary>> BuildFrom(std::string_view tsv) {
  DictionaryBuilder builder;
  Status status = builder.AddFile(tsv, "test.tsv");
  if (!status.ok()) return status;
  return builder.Build();
}

std::string ErrorOf(std::string_view tsv) {
  auto dictionary = BuildFrom(tsv);
  return dictionary.ok() ? "" : dictionary.status().message();
}

TEST(ParseEntryLine, ReadsAllFields) {
  auto entry = ParseEntryLine("moms and dad\tparent\t0.98\tsignature\tseed\tnoun\tnear:company|firm;!doc:recipe\ta note",
                              "f.tsv:3");
  ASSERT_TRUE(entry.ok()) << entry.status().message();
  EXPECT_EQ(entry->spun, "moms and dad");
  EXPECT_EQ(entry->original, "parent");
  EXPECT_DOUBLE_EQ(entry->prior, 0.98);
  EXPECT_EQ(entry->category, "signature");
  EXPECT_EQ(entry->source, "seed");
  EXPECT_EQ(entry->inflect, Inflect::kNoun);
  ASSERT_EQ(entry->context.size(), 2u);
  EXPECT_EQ(entry->context[0].kind, ContextCondition::Kind::kNear);
  EXPECT_EQ(entry->context[0].phrases, (std::vector<std::string>{"company", "firm"}));
  EXPECT_EQ(entry->context[1].kind, ContextCondition::Kind::kNotInDocument);
  EXPECT_EQ(entry->note, "a note");
  EXPECT_EQ(entry->location, "f.tsv:3");
}

TEST(ParseEntryLine, ContextPhrasesMayHaveGaps) {
  auto entry = ParseEntryLine("a\tb\t0.5\ttortured\twritten\t-\tdoc:Neural Network~2|training", "f.tsv:1");
  ASSERT_TRUE(entry.ok()) << entry.status().message();
  EXPECT_EQ(entry->context[0].phrases, (std::vector<std::string>{"neural network", "training"}));
  EXPECT_EQ(entry->context[0].max_gap, 2);
}

TEST(DictionaryBuilder, SkipsCommentsAndBlankLines) {
  auto dictionary = BuildFrom("# header\n\ntape highs\trecord highs\t0.99\tsignature\tseed\n   \n");
  ASSERT_TRUE(dictionary.ok()) << dictionary.status().message();
  EXPECT_EQ((*dictionary)->entries().size(), 1u);
  EXPECT_EQ((*dictionary)->written_count(), 1u);
}

TEST(DictionaryBuilder, MalformedLinesNameFileAndLine) {
  EXPECT_EQ(ErrorOf("# c\nonly\ttwo\n"),
            "test.tsv:2: expected at least 5 tab-separated fields (spun, original, prior, category, source), found 2");
  EXPECT_EQ(ErrorOf("a\tb\tlots\tsynonym\tseed\n"), "test.tsv:1: prior (field 3) 'lots' is not a number");
  EXPECT_EQ(ErrorOf("a\tb\t1.5\tsynonym\tseed\n"), "test.tsv:1: prior (field 3) must be in (0, 1], found 1.5");
  EXPECT_EQ(ErrorOf("a\tb\t0\tsynonym\tseed\n"), "test.tsv:1: prior (field 3) must be in (0, 1], found 0");
  EXPECT_NE(ErrorOf("a\tb\t0.5\tweird\tseed\n").find("test.tsv:1: unknown category 'weird'"), std::string::npos);
  EXPECT_EQ(ErrorOf("\tb\t0.5\tsynonym\tseed\n"), "test.tsv:1: the spun phrase (field 1) is empty");
  EXPECT_EQ(ErrorOf("Same\tsame\t0.5\tsynonym\tseed\n"), "test.tsv:1: spun and original are the same phrase ('Same')");
  EXPECT_NE(ErrorOf("a\tb\t0.5\tsynonym\tseed\tadverb\n").find("test.tsv:1: inflect (field 6)"), std::string::npos);
  EXPECT_NE(ErrorOf("a\tb\t0.5\tsynonym\tseed\t-\tclose:x\n").find("unknown context condition 'close'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("a b  c d  0.5\n").find("not spaces"), std::string::npos);
  EXPECT_NE(ErrorOf("a\tb\t0.5\tsynonym\tseed\t-\tdoc:deep learning~x\n").find("'~' must be followed"),
            std::string::npos);
}

// One 10,000-word phrase made matching 230 times slower: phrases are bounded on either side.
TEST(DictionaryBuilder, PhrasesAreAtMostTwelveWordsAndTwoHundredBytes) {
  const std::string twelve = "a b c d e f g h i j k l", thirteen = twelve + " m";
  EXPECT_EQ(ErrorOf(twelve + "\tb\t0.5\tsynonym\tseed\n"), "");
  EXPECT_EQ(ErrorOf(thirteen + "\tb\t0.5\tsynonym\tseed\n"), "test.tsv:1: phrase too long (13 words; at most 12)");
  EXPECT_EQ(ErrorOf("# c\na\t" + thirteen + "\t0.5\tsynonym\tseed\n"), "test.tsv:2: phrase too long (13 words; at most 12)");
  EXPECT_EQ(ErrorOf(std::string(201, 'x') + "\tb\t0.5\tsynonym\tseed\n"), "test.tsv:1: phrase too long (201 bytes; at most 200)");
  // A PPS export's fingerprints too.
  DictionaryBuilder builder;
  const Status status = builder.AddFile("Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers\n\"" + thirteen +
                                            "\",b,3\n", "pps.csv");
  EXPECT_EQ(status.message(), "pps.csv:2: phrase too long (13 words; at most 12)");
}

// A dictionary must be text: invalid UTF-8 names its line, UTF-16 says so, and no message
// carries the file's binary bytes.
TEST(DictionaryBuilder, RefusesBytesThatAreNotUtf8Text) {
  EXPECT_EQ(ErrorOf("a\tb\t0.5\tsynonym\tseed\nc\xFF\td\t0.5\tsynonym\tseed\n"), "test.tsv:2: invalid UTF-8");
  EXPECT_EQ(ErrorOf("\xFF\xFE" "a\0\t\0"), "test.tsv: looks like UTF-16 (byte-order mark); convert it to UTF-8, e.g. with "
                                              "iconv -f UTF-16 -t UTF-8");
  EXPECT_EQ(ErrorOf(std::string("a\tb\t0.5\tsyn\0nym\tseed\n", 22)), "test.tsv:1: control character U+0000 (a binary file?)");
  std::string binary = "\x7F" "ELF\x02\x01\x01";
  for (int i = 0; i < 300; ++i) binary += static_cast<char>(i * 37);
  const std::string message = ErrorOf(binary);
  EXPECT_TRUE(message.starts_with("test.tsv:1: ")) << message;
  for (char c : message) EXPECT_TRUE(c >= 0x20 && c < 0x7F) << "raw byte " << static_cast<int>(c) << " in the message";
}

TEST(DictionaryBuilder, GroupsAlternativesBestPriorFirst) {
  auto dictionary = BuildFrom("issues\tproblems\t0.01\tsynonym\tseed\nissues\tconcerns\t0.04\tsynonym\tseed\n");
  ASSERT_TRUE(dictionary.ok());
  ASSERT_EQ((*dictionary)->groups().size(), 1u);
  const auto& group = (*dictionary)->groups()[0];
  ASSERT_EQ(group.entries.size(), 2u);
  EXPECT_EQ((*dictionary)->entries()[group.entries[0]].original, "concerns");
  EXPECT_NEAR(group.total_prior, 0.05, 1e-9);
}

TEST(DictionaryBuilder, WrittenLinesBeatInflectedDuplicates) {
  // "battles to" comes from inflecting "battle to" and is also written with its own prior.
  auto dictionary = BuildFrom("battle to\tstruggle to\t0.3\tsignature\tseed\tverb\n"
                              "battles to\tstruggles to\t0.7\tsignature\tseed\n");
  ASSERT_TRUE(dictionary.ok());
  for (const Entry& entry : (*dictionary)->entries()) {
    if (entry.spun == "battles to") {
      EXPECT_FALSE(entry.inflected);
      EXPECT_DOUBLE_EQ(entry.prior, 0.7);
    }
  }
}

TEST(DictionaryBuilder, ExpandsNounsAndVerbs) {
  auto dictionary = BuildFrom("moms and dad\tparent\t0.98\tsignature\tseed\tnoun\n"
                              "battle to\tstruggle to\t0.3\tsignature\tseed\tverb\n");
  ASSERT_TRUE(dictionary.ok());
  std::map<std::string, std::string> pairs;
  for (const Entry& entry : (*dictionary)->entries()) pairs[entry.spun] = entry.original;
  EXPECT_EQ(pairs["moms and dads"], "parents");
  EXPECT_EQ(pairs["battles to"], "struggles to");
  EXPECT_EQ(pairs["battled to"], "struggled to");
  EXPECT_EQ(pairs["battling to"], "struggling to");
}

TEST(Dictionary, BuiltinLoadsAndHasTheSeedSignatures) {
  auto builtin = Dictionary::Builtin();
  ASSERT_TRUE(builtin.ok()) << builtin.status().message();
  bool found = false;
  for (const Entry& entry : (*builtin)->entries()) {
    if (entry.spun == "moms and dad business" && entry.original == "parent company") found = true;
  }
  EXPECT_TRUE(found);
  EXPECT_GT((*builtin)->written_count(), 100u);
}

}  // namespace
}  // namespace unspin

namespace unspin {
namespace {

// Found by fuzz/dictionary_tsv.cc: a carriage return inside a line passed the control-character
// check and was echoed raw in the error ("prior (field 3) '0.3<CR>tortured'"). CRLF still loads.
TEST(DictionaryBuilder, ACarriageReturnInsideALineIsAControlCharacter) {
  DictionaryBuilder builder;
  const Status status = builder.AddFile("a b\tc\t0.3\rtortured\tsynonym\twritten\n", "x.tsv");
  EXPECT_EQ(status.message(), "x.tsv:1: control character U+000D (a binary file?)");
  DictionaryBuilder crlf;
  EXPECT_TRUE(crlf.AddFile("a b\tc\t0.3\tsynonym\twritten\r\nd e\tf\t0.3\tsynonym\twritten\r\n", "y.tsv").ok());
}

// Found by fuzz/pps_csv.cc: the character after a closing quote was echoed as its first byte
// only, which is not UTF-8.
TEST(DictionaryBuilder, APpsErrorQuotesAWholeCharacter) {
  DictionaryBuilder builder;
  const Status status = builder.AddFile(
      "Fingerprint - Tortured Phrase,Expected Text,Nb Retrieved Papers\n\"\"\"a b\"\"\"\xCD\x91,c d,1\n", "x.csv");
  EXPECT_NE(status.message().find("unexpected '\xCD\x91' after the closing quote"), std::string::npos) << status.message();
  EXPECT_FALSE(FindInvalidUtf8(status.message()).has_value());
}

}  // namespace
}  // namespace unspin
