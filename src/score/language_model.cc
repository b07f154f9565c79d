#include "unspin/language_model.h"

#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/ngram_model.h>

#include "flat_string_map.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <thread>
#include <cmath>
#include <mutex>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace unspin {

struct LanguageModel::Impl {
  // libsphinxbase's trie caches the last history's back-off weights inside the model, so two
  // threads may not score with one copy at once. Each copy has a lock; a thread takes a free
  // copy, and when every copy is busy a new one is read (up to one per core), so threads do not
  // wait on each other. Word ids are the same in every copy of the same file.
  // Each copy also remembers recent n-gram scores, direct-mapped by word and history (a text
  // asks for the same few n-grams again and again); the copy's lock guards it too.
  struct Memo {
    static constexpr size_t kSlots = size_t{1} << 16;
    std::vector<uint64_t> keys = std::vector<uint64_t>(kSlots, ~uint64_t{0});
    std::vector<int32_t> scores = std::vector<int32_t>(kSlots);
  };
  struct Copy {
    std::mutex mutex;
    ngram_model_t* model = nullptr;
    std::unique_ptr<Memo> memo;
  };
  static constexpr int kMaxCopies = 16;
  std::string path;
  std::array<Copy, kMaxCopies> copies;
  std::atomic<int> loaded{0};
  int max_copies = 1;
  std::mutex grow;
  double log_base = 0;  // ln of the logmath base: score * log_base is a natural log
  // The vocabulary, for word lookups without libsphinxbase's slower hash table (and without
  // copying the word to make it NUL-terminated). Read-only once loaded.
  internal::FlatStringMap<int32_t> vocabulary;
  int32_t sentence_start = kUnknown;

  static ngram_model_t* Read(const std::string& path, double* log_base) {
    logmath_t* logmath = logmath_init(1.0001, 0, 0);
    if (!logmath) return nullptr;
    ngram_model_t* model = ngram_model_read(nullptr, path.c_str(), NGRAM_AUTO, logmath);
    if (model && log_base) *log_base = std::log(logmath_get_base(logmath));
    logmath_free(logmath);  // the model keeps a reference of its own
    return model;
  }

  // A copy of the model for this thread, locked; Release() it after use.
  int Acquire() {
    const int n = loaded.load(std::memory_order_acquire);
    for (int i = 0; i < n; ++i) {
      if (copies[i].mutex.try_lock()) return i;
    }
    {
      std::lock_guard lock(grow);
      const int now = loaded.load(std::memory_order_relaxed);
      if (now < max_copies) {
        if (ngram_model_t* model = Read(path, nullptr)) {
          copies[now].model = model;
          copies[now].mutex.lock();
          loaded.store(now + 1, std::memory_order_release);
          return now;
        }
        max_copies = now;  // out of memory or the file went away: share the copies there are
      }
    }
    static std::atomic<unsigned> next{0};
    const int i = static_cast<int>(next.fetch_add(1, std::memory_order_relaxed) % static_cast<unsigned>(n));
    copies[i].mutex.lock();
    return i;
  }
  void Release(int i) { copies[i].mutex.unlock(); }

  // ngram_ng_prob through the copy's memo (copy i locked). Word ids fit 20 bits in the models
  // this caches (a trigram model of under a million words); others are scored directly.
  int32_t Score(int i, int32_t word, int32_t* history, int n) {
    Copy& copy = copies[i];
    int32_t used = 0;
    constexpr int32_t kIdLimit = (1 << 20) - 1;
    if (n > 2 || word >= kIdLimit || (n > 0 && history[0] >= kIdLimit) || (n > 1 && history[1] >= kIdLimit)) {
      return ngram_ng_prob(copy.model, word, history, n, &used);
    }
    if (!copy.memo) copy.memo = std::make_unique<Memo>();
    const uint64_t key = static_cast<uint64_t>(word) | static_cast<uint64_t>(n > 0 ? history[0] + 1 : 0) << 20 |
                         static_cast<uint64_t>(n > 1 ? history[1] + 1 : 0) << 40;
    uint64_t hash = key * 0x9E3779B97F4A7C15ull;
    const size_t slot = static_cast<size_t>(hash >> 48) & (Memo::kSlots - 1);
    if (copy.memo->keys[slot] == key) return copy.memo->scores[slot];
    const int32_t score = ngram_ng_prob(copy.model, word, history, n, &used);
    copy.memo->keys[slot] = key;
    copy.memo->scores[slot] = score;
    return score;
  }

  ~Impl() {
    for (Copy& copy : copies) {
      if (copy.model) ngram_model_free(copy.model);
    }
  }
};

const char* LanguageModel::DefaultPath() { return "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin"; }

StatusOr<std::shared_ptr<const LanguageModel>> LanguageModel::Load(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    std::string message = "language model " + path + ": cannot read it";
    if (path == DefaultPath()) {
      message += " (install Debian's pocketsphinx-en-us: apt-get install pocketsphinx-en-us)";
    }
    return IoError(message + "; --lm FILE names another model, --no-lm runs without one");
  }
  // The library never prints: silence libsphinxbase's log before it reads anything.
  static std::once_flag quiet;
  std::call_once(quiet, [] { err_set_logfp(nullptr); });

  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->copies[0].model = Impl::Read(path, &impl->log_base);
  if (!impl->copies[0].model) {
    return DataError("language model " + path + ": not an ARPA or Sphinx binary n-gram model");
  }
  impl->loaded.store(1, std::memory_order_release);
  impl->max_copies = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u,
                                                 static_cast<unsigned>(Impl::kMaxCopies)));
  ngram_model_t* first = impl->copies[0].model;
  impl->sentence_start = ngram_wid(first, "<s>");
  if (impl->sentence_start == ngram_unknown_wid(first)) impl->sentence_start = kUnknown;

  const uint32_t* counts = ngram_model_get_counts(first);
  std::vector<std::pair<std::string_view, int32_t>> words;
  words.reserve(counts[0]);
  for (int32_t id = 0; id < static_cast<int32_t>(counts[0]); ++id) {
    if (const char* word = ngram_word(first, id)) words.emplace_back(word, id);
  }
  impl->vocabulary.Reserve(words.size());
  for (const auto& [word, id] : words) {
    bool added = false;
    int32_t& slot = impl->vocabulary.Emplace(word, &added);
    if (added) slot = id;  // the first id of a word, as ngram_wid gives
  }
  const int order = ngram_model_get_size(first);
  auto model = std::shared_ptr<LanguageModel>(new LanguageModel(std::move(impl)));
  model->order_ = order;
  model->description_ = path + " (" + std::to_string(order) + "-gram, " + std::to_string(counts[0]) + " words)";
  return std::shared_ptr<const LanguageModel>(std::move(model));
}

LanguageModel::LanguageModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LanguageModel::~LanguageModel() = default;

int32_t LanguageModel::Id(std::string_view word) const {
  const int32_t* id = impl_->vocabulary.Find(word);
  return id ? *id : kUnknown;
}

double LanguageModel::LogProb(std::span<const int32_t> ids, size_t from, size_t to, bool sentence_start) const {
  double total = 0;
  int32_t history[8];
  const int max_history = std::min(order_ - 1, 8);
  const int copy = impl_->Acquire();
  for (size_t i = from; i < to && i < ids.size(); ++i) {
    if (ids[i] == kUnknown) {
      total += unknown_log_prob_;
      continue;
    }
    // History, most recent first, cut at an unknown word or the sentence start.
    int n = 0;
    for (size_t k = i; k-- > 0 && n < max_history;) {
      if (ids[k] == kUnknown) break;
      history[n++] = ids[k];
    }
    if (n < max_history && sentence_start && i == static_cast<size_t>(n) && impl_->sentence_start != kUnknown) {
      history[n++] = impl_->sentence_start;
    }
    total += impl_->Score(copy, ids[i], history, n) * impl_->log_base;
  }
  impl_->Release(copy);
  return total;
}

bool LanguageModel::HasBigram(int32_t first, int32_t second) const {
  if (first == kUnknown || second == kUnknown || order_ < 2) return false;
  int32_t history[1] = {first};
  int32_t used = 0;
  const int copy = impl_->Acquire();
  ngram_ng_prob(impl_->copies[copy].model, second, history, 1, &used);
  impl_->Release(copy);
  return used >= 2;
}

}  // namespace unspin
