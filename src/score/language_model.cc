#include "unspin/language_model.h"

#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/ngram_model.h>

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
  struct Copy {
    std::mutex mutex;
    ngram_model_t* model = nullptr;
  };
  static constexpr int kMaxCopies = 16;
  std::string path;
  std::array<Copy, kMaxCopies> copies;
  std::atomic<int> loaded{0};
  int max_copies = 1;
  std::mutex grow;
  double log_base = 0;  // ln of the logmath base: score * log_base is a natural log
  int32_t sentence_start = kUnknown;

  static ngram_model_t* Read(const std::string& path, double* log_base) {
    logmath_t* logmath = logmath_init(1.0001, 0, 0);
    if (!logmath) return nullptr;
    ngram_model_t* model = ngram_model_read(nullptr, path.c_str(), NGRAM_AUTO, logmath);
    if (model && log_base) *log_base = std::log(logmath_get_base(logmath));
    if (!model) logmath_free(logmath);  // the model owns it otherwise
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
  const int order = ngram_model_get_size(first);
  auto model = std::shared_ptr<LanguageModel>(new LanguageModel(std::move(impl)));
  model->order_ = order;
  model->description_ = path + " (" + std::to_string(order) + "-gram, " + std::to_string(counts[0]) + " words)";
  return std::shared_ptr<const LanguageModel>(std::move(model));
}

LanguageModel::LanguageModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LanguageModel::~LanguageModel() = default;

int32_t LanguageModel::Id(std::string_view word) const {
  std::string key(word);  // libsphinxbase wants a NUL-terminated string
  // Word lookup reads the vocabulary only: no lock needed.
  ngram_model_t* model = impl_->copies[0].model;
  const int32_t id = ngram_wid(model, key.c_str());
  return id == ngram_unknown_wid(model) ? kUnknown : id;
}

double LanguageModel::LogProb(std::span<const int32_t> ids, size_t from, size_t to, bool sentence_start) const {
  double total = 0;
  int32_t history[8];
  const int max_history = std::min(order_ - 1, 8);
  const int copy = impl_->Acquire();
  ngram_model_t* model = impl_->copies[copy].model;
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
    int32_t used = 0;
    total += ngram_ng_prob(model, ids[i], history, n, &used) * impl_->log_base;
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
