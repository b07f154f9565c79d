// LanguageModel: an English n-gram model that says how likely a wording is in its sentence.
//
//   auto model = unspin::LanguageModel::Load(unspin::LanguageModel::DefaultPath());
//   if (!model.ok()) { /* model.status().message() names the file and the package to install */ }
//   unspin::Options options;
//   options.language_model = *model;       // shared by every Cleaner and thread that uses it
//
// The default model is CMU Sphinx's US English trigram model from Debian's `pocketsphinx-en-us`
// (72k lower-case words), read with libsphinxbase (`libsphinxbase-dev`). Any model that
// libsphinxbase reads (ARPA text or its binary format) can be loaded instead.
//
// Thread safety: a loaded LanguageModel is immutable from the outside and may be shared by any
// number of threads. (libsphinxbase keeps a history cache inside the model while it scores, so
// each lookup locks one copy of the model; when every copy is busy another copy of the file is
// read, up to one per core, so threads do not wait on each other. See the README.)
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "unspin/status.h"

namespace unspin {

class LanguageModel {
 public:
  // Word id of a word the model does not know.
  static constexpr int32_t kUnknown = -1;

  // Where Debian's pocketsphinx-en-us installs its English model.
  static const char* DefaultPath();

  // Reads a model; fails with the path and what to install when the file is missing or unreadable.
  static StatusOr<std::shared_ptr<const LanguageModel>> Load(const std::string& path);

  ~LanguageModel();
  LanguageModel(const LanguageModel&) = delete;
  LanguageModel& operator=(const LanguageModel&) = delete;

  // The model's id for a lower-case word, or kUnknown.
  int32_t Id(std::string_view lower_case_word) const;

  // Natural-log probability of ids[from, to) given the words before them in `ids` (at most
  // order - 1 of them are used). A kUnknown id scores `unknown_log_prob` and cuts the history,
  // so words the model does not know (numbers, rare names) weigh the same in every wording.
  // `sentence_start`: ids[0] starts a sentence (the history begins with <s>).
  double LogProb(std::span<const int32_t> ids, size_t from, size_t to, bool sentence_start) const;

  // True when the model holds the bigram (first, second) itself rather than backing off to the
  // second word's unigram: the two words are known to stand together.
  bool HasBigram(int32_t first, int32_t second) const;

  // Log probability given to a word the model does not know (about that of its rarest words).
  double unknown_log_prob() const { return unknown_log_prob_; }
  int order() const { return order_; }
  // "FILE (N-gram, W words)", for --version and reports.
  const std::string& description() const { return description_; }

 private:
  struct Impl;
  explicit LanguageModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  double unknown_log_prob_ = -16;
  int order_ = 3;
  std::string description_;
};

}  // namespace unspin
