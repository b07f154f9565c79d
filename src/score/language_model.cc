#include "unspin/language_model.h"

#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/ngram_model.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace unspin {

struct LanguageModel::Impl {
  ngram_model_t* model = nullptr;
  logmath_t* logmath = nullptr;  // owned by the model
  double log_base = 0;            // ln of the logmath base: score * log_base is a natural log
  int32_t sentence_start = kUnknown;
  // libsphinxbase's trie caches the last history's back-off weights inside the model, so two
  // threads scoring at once would read each other's cache. One lock per lookup keeps it correct.
  mutable std::mutex mutex;
  ~Impl() {
    if (model) ngram_model_free(model);
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
  impl->logmath = logmath_init(1.0001, 0, 0);
  if (!impl->logmath) return Status(StatusCode::kInternal, "language model: logmath_init failed");
  impl->model = ngram_model_read(nullptr, path.c_str(), NGRAM_AUTO, impl->logmath);
  if (!impl->model) {
    logmath_free(impl->logmath);
    return DataError("language model " + path + ": not an ARPA or Sphinx binary n-gram model");
  }
  impl->log_base = std::log(logmath_get_base(impl->logmath));
  impl->sentence_start = ngram_wid(impl->model, "<s>");
  if (impl->sentence_start == ngram_unknown_wid(impl->model)) impl->sentence_start = kUnknown;

  const uint32_t* counts = ngram_model_get_counts(impl->model);
  const int order = ngram_model_get_size(impl->model);
  auto model = std::shared_ptr<LanguageModel>(new LanguageModel(std::move(impl)));
  model->order_ = order;
  model->description_ = path + " (" + std::to_string(order) + "-gram, " + std::to_string(counts[0]) + " words)";
  return std::shared_ptr<const LanguageModel>(std::move(model));
}

LanguageModel::LanguageModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LanguageModel::~LanguageModel() = default;

int32_t LanguageModel::Id(std::string_view word) const {
  std::string key(word);  // libsphinxbase wants a NUL-terminated string
  const int32_t id = ngram_wid(impl_->model, key.c_str());
  return id == ngram_unknown_wid(impl_->model) ? kUnknown : id;
}

double LanguageModel::LogProb(std::span<const int32_t> ids, size_t from, size_t to, bool sentence_start) const {
  double total = 0;
  int32_t history[8];
  const int max_history = std::min(order_ - 1, 8);
  std::lock_guard lock(impl_->mutex);
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
    total += ngram_ng_prob(impl_->model, ids[i], history, n, &used) * impl_->log_base;
  }
  return total;
}

bool LanguageModel::HasBigram(int32_t first, int32_t second) const {
  if (first == kUnknown || second == kUnknown || order_ < 2) return false;
  int32_t history[1] = {first};
  int32_t used = 0;
  std::lock_guard lock(impl_->mutex);
  ngram_ng_prob(impl_->model, second, history, 1, &used);
  return used >= 2;
}

}  // namespace unspin
