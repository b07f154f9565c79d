// Length invariance: the same paragraph gets the same decisions alone, inside a 400-word article
// and inside 10 MB (50 MB: the slow test) of other clean text; and that clean text stays clean.
// Through the real binary, on files (inputs over 1 MiB are cleaned piece by piece).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "process.h"

namespace unspin::testing {
namespace {

// The paragraphs under test. Each is put after blank lines, so its paragraph boundaries are the
// same wherever it stands.
struct Case {
  std::string name;
  std::string text;
  // Rules whose decisions look at the rest of the document by design (README "Repairs"), left
  // out of the comparison for this case; empty for all but one.
  std::vector<std::string> document_level_rules;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      // (a) Clean news with words that look spun but are ordinary English.
      {"clean",
       "Individuals who want to obtain a fishing license this year can purchase one online or at any "
       "county office, state officials said on Tuesday. However, the new rules do not permit anglers to "
       "keep more than two trout a day within the protected zone near the dam, and information about the "
       "limits will be posted at every boat ramp. The department expects most residents to renew before "
       "the season opens in April, when wardens begin checking licenses on the lake.",
       {}},
      // (b) Spun: the seed article's first paragraph ("has a hard time to", "construct momentum",
      // "moms and dad business", "does not take place"), with the full stop the scrape lost.
      {"spun",
       "As TikTok has a hard time to construct momentum for its in-stream shopping push, it\u2019s most "
       "likely not being assisted by the constant drip of reports which recommend that the platform is "
       "still sharing user information with its moms and dad business in China, in spite of TikTok "
       "consistently declaring that this does not take place.",
       {}},
      // (b') Spun, with scrape damage: a glued word ("2015is"); from the seed article as is.
      {"spun-glued",
       "Job Texas, which TikTok initially revealed early in 2015is the business\u2019s billion dollar "
       "strategy to different U.S. user information from other components of the app, in order to assure "
       "U.S. authorities that it will not be sending out delicate details back to China, where it might "
       "be penetrated by the CCP.",
       {}},
      // (b'') The same first paragraph exactly as in the seed, without its full stop: the full stop
      // repair depends on whether the document's other long paragraphs end properly, so alone it is
      // not added and in an article it is; every other change must agree.
      {"spun-no-full-stop",
       "As TikTok has a hard time to construct momentum for its in-stream shopping push, it\u2019s most "
       "likely not being assisted by the constant drip of reports which recommend that the platform is "
       "still sharing user information with its moms and dad business in China, in spite of TikTok "
       "consistently declaring that this does not take place",
       {"repair.final-punctuation"}},
      // (c) Mild spin: one signature ("tape highs") among ordinary synonyms a spinner also writes
      // ("stated", "individuals", "issues", "essential", "increased").
      {"mild",
       "The city council voted on Monday to approve the new budget, which officials stated would raise "
       "spending on roads and schools. Several individuals who spoke at the meeting raised issues about "
       "the cost, and the mayor said the plan was an essential step. Property taxes will go up slightly "
       "next year, although the council noted that visits to city parks have increased to tape highs as "
       "the population grows.",
       {}},
  };
  return cases;
}

// A ~400-word news article, none of whose paragraphs is under test; the paragraph goes after its
// third paragraph.
const std::vector<std::string> kArticle = {
    "The city council voted seven to two on Monday night to approve a plan that will add bus "
    "lanes to four of the busiest streets downtown. The vote followed more than three hours "
    "of public comment, much of it from shop owners worried about losing parking in front of "
    "their stores. The transit agency says the lanes will cut travel times on its most "
    "crowded routes by as much as a third.",
    "Work on the first corridor, along Market Street, is expected to begin in the spring and "
    "to take about six months. Crews will repaint the road, move several bus stops closer to "
    "intersections and install new traffic signals that give buses a head start at red "
    "lights. The agency has set aside money to keep delivery zones on side streets, a change "
    "that was added to the plan last month after talks with the local business association.",
    "Supporters of the project packed the chamber wearing green stickers. A retired teacher "
    "who rides the bus to a hospital appointment twice a week told the council that her trip "
    "now takes longer than an hour each way. A student said he had been late for morning "
    "classes so often that he had started to leave home before dawn. Several speakers asked "
    "the council to move faster and to extend the lanes to the airport.",
    "Opponents said the city had not studied how the change would affect traffic on nearby "
    "residential streets. The owner of a hardware store that has been on Market Street for "
    "forty years said customers carrying lumber and paint would not walk three blocks to a "
    "parking garage. Two council members who voted against the plan said they supported "
    "better transit but wanted a trial period before any permanent change.",
    "The mayor, who proposed the lanes during her campaign last year, called the vote a "
    "turning point for the city. She said the agency would publish monthly figures on travel "
    "times and ridership so residents could judge the results for themselves. If the first "
    "corridor works as planned, the remaining three streets could be finished by the end of "
    "next year.",
    "The agency's board will meet next week to award the construction contract. Three "
    "companies have bid for the work, and the lowest offer came in about ten percent under "
    "the city's estimate. A final design for the Market Street stops will be shown at a "
    "public meeting at the central library on Thursday evening.",
};

// Thirty other clean paragraphs on varied subjects: with the article's, the clean text around
// a paragraph in the large inputs.
const std::vector<std::string> kCleanPool = {
    "Heavy rain soaked much of the region on Saturday, flooding low roads and delaying "
    "flights at the main airport for several hours. Forecasters said more than four inches "
    "fell in some places between midnight and noon, close to the record for a single day in "
    "November. Drivers were told to stay away from the river road until the water goes down, "
    "and the county opened two shelters for families whose basements had filled.",
    "The home team scored twice in the final ten minutes to win the cup final three goals to "
    "one in front of a crowd of almost forty thousand. Their captain, who missed most of the "
    "season with a knee injury, headed in the equalizer from a corner and then set up the "
    "winning goal with a long pass down the left wing. The coach said afterward that he had "
    "never seen a group of players work so hard for each other.",
    "Researchers at the university have found that a common garden plant can pull lead out of "
    "contaminated soil faster than expected. In a two-year trial on an old factory site, "
    "sunflowers planted in rows removed nearly a fifth of the metal from the top layer of "
    "earth. The team plans to repeat the experiment in three other cities next summer and to "
    "test whether the harvested stalks can be burned safely for energy.",
    "The company reported a profit of two hundred million dollars for the third quarter, up "
    "from one hundred and forty million a year earlier, as sales of its new phones beat "
    "forecasts. Its shares rose six percent in early trading. The chief financial officer "
    "warned that the cost of memory chips was climbing and that margins could narrow over the "
    "winter, but said the firm still expected to reach its target for the full year.",
    "Doctors at the regional hospital have begun a program that sends nurses to visit elderly "
    "patients at home in the first week after they leave the ward. Early results suggest the "
    "visits have cut the number of patients who return within a month by about a quarter. "
    "Most of the problems the nurses find are simple ones, such as confusion over new pills "
    "or a lack of food in the house, and can be solved in a single afternoon.",
    "The new version of the software, released on Wednesday, fixes a flaw that allowed "
    "attackers to read messages stored on a phone without unlocking it. Security experts "
    "urged users to install the update as soon as possible. The developers said they learned "
    "of the problem from a researcher in Poland three weeks ago and had seen no sign that "
    "anyone had used it before the fix was ready.",
    "When the castle was built in the thirteenth century, it stood on a rocky island that "
    "could be reached only at low tide. Over the following three hundred years the channel "
    "silted up, and by the time of the civil war the fortress sat at the edge of a marsh. "
    "Archaeologists digging near the old gate this summer found coins, a bronze spur and the "
    "remains of a wooden bridge that had been buried under clay for six centuries.",
    "Teachers in the district will receive a raise of four percent over two years under a "
    "contract agreed late on Friday after months of talks. The deal also limits the size of "
    "classes in the first three grades to twenty two pupils and adds two paid days for "
    "training. Parents had feared a strike that would have closed schools for the first time "
    "in a decade, and the union said its members would vote on the agreement next week.",
    "The orchestra opened its season with a bold program that paired a little known suite by "
    "a Czech composer with one of the most familiar symphonies in the repertoire. The strings "
    "sounded warm and confident in the slow movement, although the brass were sometimes too "
    "loud in the small hall. The young conductor, making her debut with the orchestra, kept "
    "the tempos brisk and drew a standing ovation at the end of the night.",
    "Visitors to the national park can now book camping sites online up to six months in "
    "advance, a change that rangers hope will end the long queues at the entrance each "
    "morning in summer. A small number of sites will still be held back for walkers who "
    "arrive without a booking. The park has also added a shuttle bus from the nearest town, "
    "which runs every half hour from dawn until nine in the evening.",
    "Farmers in the valley say this year's apple harvest is the smallest in twenty years "
    "after a late frost in April killed many of the blossoms. Some orchards picked less than "
    "half of their usual crop. Prices at the local market have risen sharply, and several "
    "growers have asked the state for emergency loans to help them pay their workers through "
    "the winter and buy new trees for the spring.",
    "A jury found the former mayor guilty on Tuesday of taking bribes from a construction "
    "company in exchange for city contracts. The trial lasted five weeks and included "
    "testimony from two of his former aides, who said they had carried envelopes of cash to "
    "his office. The judge set sentencing for March. His lawyer said he would appeal, arguing "
    "that the jury had heard evidence that should have been kept out of the courtroom.",
    "The railway will close the line between the two cities for nine days next month so that "
    "engineers can replace a bridge that was built in the eighteen nineties. Buses will carry "
    "passengers between the stations on either side of the gap, adding about forty minutes to "
    "the journey. The company apologized for the disruption and said the new bridge would "
    "allow faster and heavier trains to use the route for the next hundred years.",
    "Wind farms supplied more than a third of the country's electricity last year for the "
    "first time, according to figures published by the grid operator. Coal fell to less than "
    "five percent of the total. The operator said the main challenge now was storing power "
    "for calm days, and it plans to build large batteries at several old power station sites "
    "where cables to the grid already exist.",
    "Rents in the city rose by nine percent over the past year, the fastest increase since "
    "records began, as the number of homes for rent fell and more young workers moved in for "
    "jobs in the technology sector. A typical two bedroom flat now costs almost half of the "
    "average take home pay. The council has promised to build three thousand new homes by the "
    "end of the decade, but critics say that will not be nearly enough.",
    "The spacecraft entered orbit around the planet early on Sunday after a journey of nearly "
    "seven years and more than a billion miles. Engineers at the control center cheered when "
    "the signal confirming the engine burn arrived forty minutes after it happened. Over the "
    "next four years the probe will fly past the planet's largest moons, measuring their "
    "magnetic fields and looking for signs of oceans hidden under the ice.",
    "To make the soup, soften two chopped onions in butter over a low heat for ten minutes, "
    "then add a kilo of peeled squash cut into cubes and a liter of stock. Simmer until the "
    "squash is tender, about twenty minutes, and blend until smooth. Season with salt, pepper "
    "and a little nutmeg. The soup keeps well in the fridge for three days and tastes even "
    "better on the second day, when the flavors have had time to settle.",
    "She was born in a mining town in the north and left school at fifteen to work in a "
    "textile mill, but by the age of thirty she had become one of the first women to run a "
    "national newspaper. Colleagues remember her as a demanding editor who read every page "
    "before it went to print and who never forgot the name of a reporter. She died at home on "
    "Friday at the age of ninety one, surrounded by her family.",
    "The public library will stay open until ten in the evening on weekdays starting next "
    "month, after the council found money in its budget to hire four more staff. Students had "
    "asked for longer hours for years, saying that the reading rooms were the only quiet "
    "place many of them had to study. The library will also lend laptops and portable "
    "internet devices to residents who do not have a connection at home.",
    "Turnout in the local elections was the highest in two decades, with almost sixty percent "
    "of registered voters casting a ballot. Officials said the long lines at some polling "
    "stations were caused by a shortage of staff rather than by problems with the machines. "
    "The final results are expected on Thursday, when postal votes from overseas have been "
    "counted, but early figures suggest that the governing party has lost control of several "
    "councils.",
    "A painting that hung for decades in a farmhouse kitchen has been identified as the work "
    "of a seventeenth century Dutch master and is expected to sell for several million at "
    "auction next month. The owners had bought it at a country sale in the nineteen sixties "
    "for a few pounds. Experts at the museum confirmed its origin after cleaning revealed a "
    "signature in one corner and an X-ray showed changes the artist had made to the "
    "composition.",
    "Biologists counting birds on the island this spring found that the number of breeding "
    "puffins has doubled in the ten years since rats were removed. The rats had arrived on "
    "ships in the nineteenth century and fed on eggs and chicks in the burrows. Conservation "
    "groups now hope to clear rats from two larger islands farther west, a project that will "
    "take several years and require the help of the people who live there.",
    "The ferry service to the islands has been cancelled for the rest of the week because of "
    "strong winds, leaving hundreds of residents and tourists stranded. The operator said "
    "waves of more than six meters were forecast in the channel. Shops on the largest island "
    "reported that fresh milk and bread had already run out, and the local council arranged "
    "for a supply plane to land on the beach at low tide on Wednesday afternoon.",
    "Thousands of people are expected at the music festival this weekend, which returns to "
    "the riverside park after a two year break. Organizers have added a third stage for local "
    "bands and say they have doubled the number of water points and toilets after complaints "
    "about queues at the last event. Trains will run until two in the morning on both nights, "
    "and the main roads around the park will be closed to traffic from Friday afternoon.",
    "Engineers have begun testing a bridge that will carry a new highway across the estuary, "
    "driving a convoy of forty loaded trucks onto the deck and measuring how far it bends. "
    "The structure, which has a main span of more than a kilometer, took five years to build "
    "and cost almost twice the original estimate. If the tests go well, the bridge will open "
    "to traffic in the autumn and cut the trip between the two ports by an hour.",
    "The school board agreed on Thursday to start classes at the high schools forty five "
    "minutes later from next autumn, after a study found that teenagers in the district slept "
    "less than eight hours on most school nights. Bus routes will be redrawn so that younger "
    "children can still start early. Some parents objected that later finishing times would "
    "make it harder for students to hold part time jobs or to take part in sports after "
    "school.",
    "The museum of natural history reopened its dinosaur hall on Saturday after a renovation "
    "that took three years. The skeletons have been remounted in more lifelike poses, and a "
    "new gallery explains how scientists work out the age of fossils. Children crowded around "
    "a touch table where they could handle real bones and teeth. The museum said that more "
    "than eight thousand people came through the doors on the first day, a record for a "
    "single weekend.",
    "Fishermen along the coast say that the cod they catch are smaller each year, and "
    "scientists at the marine institute agree that warmer water is pushing the largest fish "
    "north. The government has cut the catch allowed this season by fifteen percent. Boat "
    "owners warned that some crews would not survive another poor year, and asked for help to "
    "switch to other species that have moved into the area as the sea has warmed.",
    "The airline will add direct flights to three new cities next summer, including two in "
    "South America, as demand for long distance travel continues to recover. The routes will "
    "use a new type of aircraft that burns about a fifth less fuel than the planes it "
    "replaces. The company also said it would hire five hundred more pilots and cabin crew "
    "over the next year and open a training center near the airport.",
    "The old mill by the canal, empty for more than thirty years, will be turned into flats, "
    "a small cinema and a market hall under plans approved by the planning committee. The "
    "developer has agreed to keep the brick chimney and the iron water wheel, which are "
    "protected as part of the town's industrial heritage. Residents welcomed the scheme but "
    "asked that some of the flats be offered at lower rents to young families from the area.",
};

// One change as the comparison sees it: offsets relative to the paragraph, confidence to 3 decimals.
using Decision = std::tuple<long, long, std::string, std::string, bool, std::string, long>;

std::string Describe(const Decision& d) {
  std::ostringstream out;
  out << "[" << std::get<0>(d) << "," << std::get<1>(d) << ") \"" << std::get<2>(d) << "\" -> \"" << std::get<3>(d)
      << "\" applied=" << (std::get<4>(d) ? "true" : "false") << " rule=" << std::get<5>(d)
      << " confidence=" << static_cast<double>(std::get<6>(d)) / 1000;
  return out.str();
}

struct Placed {
  size_t case_index;
  size_t offset;  // byte offset of the paragraph in the input
};

struct Outcome {
  std::vector<std::vector<Decision>> decisions;  // per placed paragraph, in report order
  size_t outside_applied = 0;  // applied dictionary or scorer changes elsewhere
  std::vector<std::string> outside_examples;
};

bool Overlaps(const nlohmann::json& change, const std::string& text, size_t offset) {
  const size_t start = change["start"], end = change["end"];
  return start <= offset + text.size() && end >= offset;
}

Decision ToDecision(const nlohmann::json& change, size_t offset) {
  return {static_cast<long>(change["start"].get<size_t>()) - static_cast<long>(offset),
          static_cast<long>(change["end"].get<size_t>()) - static_cast<long>(offset),
          change["before"].get<std::string>(),
          change["after"].get<std::string>(),
          change["applied"].get<bool>(),
          change["rule"].get<std::string>(),
          std::lround(change["confidence"].get<double>() * 1000)};
}

bool Ignored(const Case& c, const Decision& d) {
  for (const auto& rule : c.document_level_rules) {
    if (std::get<5>(d) == rule) return true;
  }
  return false;
}

// Runs unspin on `input` (a file in a temporary directory) and sorts the changes of its report
// into the placed paragraphs' and the rest. The report of a large input is large: changes that
// belong to no placed paragraph are counted while parsing and not kept.
Outcome Decide(const std::string& input, const std::vector<Placed>& placed) {
  TempDir dir;
  WriteFile(dir.path() / "input.txt", input);
  const CommandResult run = RunUnspin("--format jsonl input.txt", "", dir.path());
  Outcome outcome;
  outcome.decisions.resize(placed.size());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  if (run.exit_code != 0) return outcome;
  auto keep = [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    if (event != nlohmann::json::parse_event_t::object_end || !parsed.contains("rule") ||
        !parsed.contains("start")) {
      return true;
    }
    for (size_t i = 0; i < placed.size(); ++i) {
      if (Overlaps(parsed, Cases()[placed[i].case_index].text, placed[i].offset)) {
        const Decision d = ToDecision(parsed, placed[i].offset);
        if (!Ignored(Cases()[placed[i].case_index], d)) outcome.decisions[i].push_back(d);
        return false;
      }
    }
    if (parsed["applied"].get<bool>() && parsed["rule"].get<std::string>().rfind("repair.", 0) != 0) {
      ++outcome.outside_applied;
      if (outcome.outside_examples.size() < 20) {
        outcome.outside_examples.push_back(Describe(ToDecision(parsed, 0)));
      }
    }
    return false;
  };
  const auto report = nlohmann::json::parse(run.out, keep);
  EXPECT_FALSE(report.contains("error")) << report.dump();
  return outcome;
}

// What each paragraph gets alone in a file.
const std::vector<std::vector<Decision>>& Alone() {
  static const std::vector<std::vector<Decision>> alone = [] {
    std::vector<std::vector<Decision>> result;
    for (size_t i = 0; i < Cases().size(); ++i) {
      result.push_back(Decide(Cases()[i].text + "\n", {{i, 0}}).decisions[0]);
    }
    return result;
  }();
  return alone;
}

// Empty when the paragraph got the same decisions as alone; else what differs, line by line.
std::string Differences(size_t case_index, const std::vector<Decision>& in_context) {
  const std::vector<Decision>& alone = Alone()[case_index];
  std::string out;
  for (const auto& d : alone) {
    if (std::find(in_context.begin(), in_context.end(), d) == in_context.end()) out += "  only alone:      " + Describe(d) + "\n";
  }
  for (const auto& d : in_context) {
    if (std::find(alone.begin(), alone.end(), d) == alone.end()) out += "  only in context: " + Describe(d) + "\n";
  }
  if (out.empty() && alone != in_context) out = "  the same changes in another order\n";
  return out;
}

size_t Words(const std::string& text) {
  std::istringstream in(text);
  size_t words = 0;
  for (std::string word; in >> word;) ++words;
  return words;
}

TEST(Invariance, ParagraphsUnderTestAreWhatTheyClaim) {
  // The spun paragraphs are restored, the clean one is left alone: otherwise the comparisons
  // below would prove little.
  auto applied = [](const std::vector<Decision>& decisions) {
    size_t n = 0;
    for (const auto& d : decisions) n += std::get<4>(d) && std::get<5>(d).rfind("dict:", 0) == 0;
    return n;
  };
  for (size_t i = 0; i < Cases().size(); ++i) {
    const std::string& name = Cases()[i].name;
    if (name == "clean") {
      EXPECT_EQ(applied(Alone()[i]), 0u) << name;
      EXPECT_GE(Alone()[i].size(), 4u) << name << ": the look-alike words should at least be weighed";
    } else if (name == "mild") {
      EXPECT_GE(applied(Alone()[i]), 1u) << name;
    } else {
      EXPECT_GE(applied(Alone()[i]), 3u) << name;
    }
  }
}

TEST(Invariance, SameDecisionsInsideAnArticle) {
  std::string before, after;
  for (size_t k = 0; k < 3; ++k) before += kArticle[k] + "\n\n";
  for (size_t k = 3; k < kArticle.size(); ++k) after += "\n\n" + kArticle[k];
  after += "\n";
  ASSERT_GE(Words(before + after), 380u);
  ASSERT_LE(Words(before + after), 440u);
  for (size_t i = 0; i < Cases().size(); ++i) {
    const Outcome outcome = Decide(before + Cases()[i].text + after, {{i, before.size()}});
    const std::string differences = Differences(i, outcome.decisions[0]);
    EXPECT_TRUE(differences.empty()) << Cases()[i].name << " inside a 400-word article:\n" << differences;
  }
}

// Clean paragraphs, the pool shuffled afresh (fixed seed) on every pass, until `bytes`; every
// case's paragraph goes in at an evenly spaced paragraph break, far from the others.
void CheckInsideCleanText(size_t bytes) {
  std::vector<std::string> pool = kCleanPool;
  pool.insert(pool.end(), kArticle.begin(), kArticle.end());
  std::mt19937 random(20240601);
  std::vector<const std::string*> paragraphs;
  size_t size = 0;
  while (size < bytes) {
    std::vector<const std::string*> order;
    for (const auto& p : pool) order.push_back(&p);
    for (size_t k = order.size() - 1; k > 0; --k) std::swap(order[k], order[random() % (k + 1)]);
    for (const std::string* p : order) {
      paragraphs.push_back(p);
      size += p->size() + 2;
    }
  }
  std::string input;
  input.reserve(size + 8192);
  std::vector<Placed> placed;
  size_t clean_words = 0;
  const size_t n = Cases().size();
  size_t next = 0;
  for (size_t k = 0; k < paragraphs.size(); ++k) {
    if (next < n && k == (next + 1) * paragraphs.size() / (n + 1)) {
      placed.push_back({next, input.size()});
      input += Cases()[next++].text + "\n\n";
    }
    input += *paragraphs[k];
    input += k + 1 < paragraphs.size() ? "\n\n" : "\n";
  }
  ASSERT_EQ(placed.size(), n);
  for (const std::string* p : paragraphs) clean_words += Words(*p);
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(input.compare(placed[i].offset, Cases()[i].text.size(), Cases()[i].text), 0);

  const auto start = std::chrono::steady_clock::now();
  const Outcome outcome = Decide(input, placed);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ INFO     ] " << input.size() / 1e6 << " MB, " << clean_words << " clean words: " << seconds
            << " s (unspin and reading its report); " << outcome.outside_applied
            << " applied dictionary or scorer changes in the clean text\n";
  for (size_t i = 0; i < n; ++i) {
    const std::string differences = Differences(i, outcome.decisions[i]);
    EXPECT_TRUE(differences.empty()) << Cases()[i].name << " at byte " << placed[i].offset << " of "
                                     << input.size() / 1e6 << " MB of clean text:\n" << differences;
  }
  // At most one applied dictionary or scorer change per 10,000 clean words.
  std::string examples;
  for (const auto& e : outcome.outside_examples) examples += "  " + e + "\n";
  EXPECT_LE(outcome.outside_applied * 10000, clean_words)
      << outcome.outside_applied << " applied changes in " << clean_words << " clean words, e.g.:\n"
      << examples;
}

TEST(Invariance, SameDecisionsInsideTenMegabytesOfCleanText) { CheckInsideCleanText(10'000'000); }

// About 2.5 minutes on the project's 2-core machine (the 10 MB case: 45 s), as unspin cleans one
// large file at about 0.35 MB/s with its language model: label `slow`, and only run when
// UNSPIN_SLOW_TESTS is set (`UNSPIN_SLOW_TESTS=1 ctest --test-dir build -L slow`).
TEST(InvarianceSlow, SameDecisionsInsideFiftyMegabytesOfCleanText) {
  const char* slow = std::getenv("UNSPIN_SLOW_TESTS");
  if (slow == nullptr || std::string(slow).empty() || std::string(slow) == "0") {
    GTEST_SKIP() << "50 MB of input: set UNSPIN_SLOW_TESTS=1 to run it";
  }
  CheckInsideCleanText(50'000'000);
}

// "The original stands elsewhere" is evidence for a name only near the candidate: in a file of
// many articles, a name standing in another one must not change this one's decision.
TEST(Invariance, NameConsistencyIsLocal) {
  std::string filler;
  for (int i = 0; i < 300; ++i) filler += "The rain fell on the town all day long. ";  // 2,700 words
  auto consistency = [](const std::string& input) {
    const CommandResult run = RunUnspin("--format json", input);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    const auto report = nlohmann::json::parse(run.out);
    for (const auto& change : report["files"][0]["changes"]) {
      if (change["before"] != "Undertaking Texas") continue;
      for (const auto& evidence : change["evidence"]) {
        if (evidence["kind"] == "consistency") return 1;
      }
      return 0;
    }
    return -1;  // no such change
  };
  const std::string name = "Project Texas was announced in June. ";
  const std::string spun = "The Undertaking Texas plan moved data to servers in Texas.\n";
  EXPECT_EQ(consistency(name + spun), 1);
  EXPECT_EQ(consistency(name + filler + spun), 0);
}

}  // namespace
}  // namespace unspin::testing
