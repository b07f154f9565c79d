// Benchmarks: dictionary build time, cleaning throughput, and the matcher's cost per token as
// the dictionary grows. Prints figures; asserts nothing (bench/run.sh drives it).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "unspin/unspin.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

long PeakRssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

void BenchClean(const unspin::Cleaner& cleaner, const std::string& name, const std::string& document, int repeat) {
  unspin::Workspace workspace;
  unspin::Result result;
  size_t bytes = 0, words = 0, changes = 0;
  const auto start = Clock::now();
  for (int i = 0; i < repeat; ++i) {
    if (!cleaner.Clean(document, &result, &workspace).ok()) {
      std::printf("clean failed\n");
      return;
    }
    bytes += document.size();
    words += result.stats.words;
    changes += result.stats.applied;
  }
  const double seconds = Seconds(start);
  std::printf("clean %-22s %8.2f MB/s  %9.0f words/s  (%d documents of %zu bytes, %zu changes applied)\n",
              name.c_str(), bytes / seconds / 1e6, words / seconds, repeat, document.size(), changes);
}

void BenchMatcher() {
  std::mt19937 random(7);
  std::vector<unspin::TokenId> stream(2'000'000);
  std::uniform_int_distribution<unspin::TokenId> token(3, 50'000);
  for (auto& id : stream) id = token(random);
  for (size_t phrases : {1'000u, 10'000u, 100'000u}) {
    std::vector<std::vector<unspin::TokenId>> list;
    for (size_t p = 0; p < phrases; ++p) {
      std::vector<unspin::TokenId> phrase;
      const int words = 1 + static_cast<int>(random() % 3);
      for (int w = 0; w < words; ++w) {
        if (w > 0) phrase.push_back(unspin::kSpaceToken);
        phrase.push_back(token(random));
      }
      list.push_back(phrase);
    }
    const unspin::Matcher matcher(list);
    std::vector<unspin::PhraseMatch> matches;
    const auto start = Clock::now();
    matcher.FindAll(stream, &matches);
    const double seconds = Seconds(start);
    std::printf("match %7zu phrases    %6.1f ns/token  (%zu matches in %zu tokens)\n", phrases,
                seconds * 1e9 / static_cast<double>(stream.size()), matches.size(), stream.size());
  }
}

}  // namespace

int main() {
  auto start = Clock::now();
  auto dictionary = unspin::Dictionary::Builtin();
  if (!dictionary.ok()) {
    std::printf("builtin dictionary: %s\n", dictionary.status().message().c_str());
    return 1;
  }
  std::printf("dictionary build     %8.3f s  (%zu entries, %zu written)\n", Seconds(start),
              (*dictionary)->entries().size(), (*dictionary)->written_count());
  const unspin::Cleaner cleaner(*dictionary, unspin::Options{});
  const std::string seed = ReadFile(std::string(UNSPIN_SOURCE_DIR) + "/examples/seed/spun.txt");
  std::string big;
  while (big.size() < 4'000'000) big += seed + "\n\n";
  BenchClean(cleaner, "seed article (5 KB)", seed, 400);
  BenchClean(cleaner, "seed x800 (4 MB)", big, 2);
  BenchMatcher();
  std::printf("peak memory          %8.1f MB\n", PeakRssKb() / 1024.0);
  return 0;
}
