#include "edit_layer.h"

#include <gtest/gtest.h>

namespace unspin::internal {
namespace {

Change Edit(size_t start, size_t end, std::string_view source, std::string after, bool applied = true) {
  Change change;
  change.start = start;
  change.end = end;
  change.before = std::string(source.substr(start, end - start));
  change.after = std::move(after);
  change.applied = applied;
  change.rule = "test";
  return change;
}

// Maps an applied change found at target()[start, end) back through `layer`.
Change MapBack(const EditLayer& layer, size_t start, size_t end, std::string after, std::vector<size_t>* absorbed) {
  Change change;
  change.start = start;
  change.end = end;
  change.after = std::move(after);
  change.applied = true;
  layer.MapBack(&change, absorbed);
  return change;
}

TEST(EditLayer, BuildsTheTargetFromAppliedEditsOnly) {
  const std::string source = "the appwhich grew &amp; shrank";
  const std::vector<Change> edits = {Edit(7, 7, source, " "), Edit(18, 23, source, "&"), Edit(0, 3, source, "THE", false)};
  std::vector<Change> sorted = edits;
  SortChanges(&sorted);
  const EditLayer layer(source, sorted);
  EXPECT_EQ(layer.target(), "the app which grew & shrank");
}

TEST(EditLayer, MapsChangesInUntouchedTextStraightBack) {
  const std::string source = "the appwhich grew fast";
  const EditLayer layer(source, {Edit(7, 7, source, " ")});
  // "grew" sits at 14..18 in the target, 13..17 in the source.
  std::vector<size_t> absorbed;
  const Change change = MapBack(layer, 14, 18, "rose", &absorbed);
  EXPECT_EQ(change.start, 13u);
  EXPECT_EQ(change.end, 17u);
  EXPECT_EQ(change.before, "grew");
  EXPECT_TRUE(absorbed.empty());
}

TEST(EditLayer, AChangeNextToAnInsertionLeavesItAlone) {
  const std::string source = "in 2015is";
  const EditLayer layer(source, {Edit(7, 7, source, " ")});
  std::vector<size_t> absorbed;
  const Change change = MapBack(layer, 0, 7, "last year", &absorbed);
  EXPECT_EQ(change.start, 0u);
  EXPECT_EQ(change.end, 7u);
  EXPECT_EQ(change.before, "in 2015");
  EXPECT_TRUE(absorbed.empty());
}

TEST(EditLayer, AnOverlappingChangeTakesTheEditIn) {
  const std::string source = "Ã©tÃ© time";
  const EditLayer layer(source, {Edit(0, source.find(' '), source, "\xC3\xA9t\xC3\xA9")});
  ASSERT_EQ(layer.target(), "\xC3\xA9t\xC3\xA9 time");
  std::vector<size_t> absorbed;
  const Change change = MapBack(layer, 0, layer.target().size(), "summer time", &absorbed);
  EXPECT_EQ(change.start, 0u);
  EXPECT_EQ(change.end, source.size());
  EXPECT_EQ(change.before, source);
  EXPECT_EQ(change.after, "summer time");
  EXPECT_EQ(absorbed, std::vector<size_t>{0});
}

TEST(EditLayer, APartialOverlapGrowsTheChangeToTheWholeEdit) {
  const std::string source = "x &amp;y z";
  const EditLayer layer(source, {Edit(2, 7, source, "&")});
  ASSERT_EQ(layer.target(), "x &y z");
  std::vector<size_t> absorbed;
  const Change change = MapBack(layer, 2, 4, "and y", &absorbed);
  EXPECT_EQ(change.before, "&amp;y");
  EXPECT_EQ(change.after, "and y");
  EXPECT_EQ(absorbed.size(), 1u);
}

TEST(EditLayer, ADeletionInsideAChangeIsTakenIn) {
  const std::string source = "soft\xC2\xAD" "ware";
  const EditLayer layer(source, {Edit(4, 6, source, "")});
  ASSERT_EQ(layer.target(), "software");
  std::vector<size_t> absorbed;
  const Change change = MapBack(layer, 0, 8, "programs", &absorbed);
  EXPECT_EQ(change.before, source);
  EXPECT_EQ(absorbed.size(), 1u);
}

TEST(SortChanges, PutsInsertionsFirstAndKeepsTheirOrder) {
  const std::string source = "ab";
  std::vector<Change> changes = {Edit(1, 2, source, "X"), Edit(1, 1, source, ","), Edit(1, 1, source, " ")};
  SortChanges(&changes);
  EXPECT_EQ(changes[0].after, ",");
  EXPECT_EQ(changes[1].after, " ");
  EXPECT_EQ(changes[2].after, "X");
}

}  // namespace
}  // namespace unspin::internal
