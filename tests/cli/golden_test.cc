// Golden files: whole-program behaviour on examples/ and tests/golden/<case>/.
// Set UNSPIN_UPDATE_GOLDEN=1 to rewrite the expectations (then review the diff).
#include <gtest/gtest.h>

#include "process.h"

namespace unspin::testing {
namespace {

namespace fs = std::filesystem;

bool Updating() { return std::getenv("UNSPIN_UPDATE_GOLDEN") != nullptr; }

void ExpectGolden(const fs::path& expected_path, const std::string& actual) {
  if (Updating()) {
    WriteFile(expected_path, actual);
    return;
  }
  ASSERT_TRUE(fs::exists(expected_path)) << expected_path << " is missing (run with UNSPIN_UPDATE_GOLDEN=1)";
  EXPECT_EQ(ReadFile(expected_path), actual) << "differs from " << expected_path;
}

// examples/seed: the article the project started from, its cleaned text and its report.
TEST(Golden, SeedExample) {
  const fs::path dir = fs::path(UNSPIN_SOURCE_DIR) / "examples" / "seed";
  const CommandResult text = RunUnspin("spun.txt", "", dir);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  ExpectGolden(dir / "cleaned.txt", text.out);
  const CommandResult json = RunUnspin("--format json spun.txt", "", dir);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  ExpectGolden(dir / "report.json", json.out);
}

// tests/golden/<case>/: input.txt, optional args (extra flags), expected.txt, expected.json.
class GoldenCase : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenCase, MatchesExpectations) {
  const fs::path dir = fs::path(UNSPIN_SOURCE_DIR) / "tests" / "golden" / GetParam();
  std::string args = fs::exists(dir / "args") ? ReadFile(dir / "args") : "";
  while (!args.empty() && (args.back() == '\n' || args.back() == ' ')) args.pop_back();
  const CommandResult text = RunUnspin(args + " input.txt", "", dir);
  ExpectGolden(dir / "expected.txt", text.out);
  const CommandResult json = RunUnspin(args + " --format json input.txt", "", dir);
  ExpectGolden(dir / "expected.json", json.out);
  const std::string expected_exit = fs::exists(dir / "exit") ? ReadFile(dir / "exit") : "0\n";
  EXPECT_EQ(std::to_string(text.exit_code) + "\n", expected_exit);
}

std::vector<std::string> Cases() {
  std::vector<std::string> cases;
  const fs::path root = fs::path(UNSPIN_SOURCE_DIR) / "tests" / "golden";
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) cases.push_back(entry.path().filename().string());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenCase, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace unspin::testing
