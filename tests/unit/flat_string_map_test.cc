#include "flat_string_map.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace unspin::internal {
namespace {

TEST(FlatStringMap, FindsWhatWasAddedAndNothingElse) {
  FlatStringMap<int> map;
  EXPECT_EQ(map.Find("absent"), nullptr);  // empty: no slots at all
  bool added = false;
  map.Emplace("parent", &added) = 1;
  EXPECT_TRUE(added);
  int& again = map.Emplace("parent", &added);
  EXPECT_FALSE(added);
  EXPECT_EQ(again, 1);
  ASSERT_NE(map.Find("parent"), nullptr);
  EXPECT_EQ(*map.Find("parent"), 1);
  EXPECT_EQ(map.Find("paren"), nullptr);   // a prefix is another key
  EXPECT_EQ(map.Find("parents"), nullptr);
  EXPECT_EQ(map.Find(""), nullptr);
}

// Grows past its reserved size and keeps every key (the same as a std::map built alongside).
TEST(FlatStringMap, KeepsEveryKeyWhenItGrows) {
  FlatStringMap<int> map;
  map.Reserve(4);
  std::map<std::string, int> reference;
  for (int i = 0; i < 5000; ++i) {
    const std::string key = "w" + std::to_string(i * 7919 % 10007);
    bool added = false;
    int& value = map.Emplace(key, &added);
    EXPECT_EQ(added, reference.count(key) == 0) << key;
    value = i;
    reference[key] = i;
  }
  for (const auto& [key, value] : reference) {
    const int* found = map.Find(key);
    ASSERT_NE(found, nullptr) << key;
    EXPECT_EQ(*found, value) << key;
  }
  EXPECT_EQ(map.Find("w10007"), nullptr);
}

}  // namespace
}  // namespace unspin::internal
