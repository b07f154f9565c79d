// `learn`: a document pair (the input split at its first NUL, else in halves) is learned or
// refused with a message naming the document; what is learned is a dictionary file that loads.
#include <cstdint>
#include <string>

#include "invariants.h"
#include "unspin/dictionary.h"
#include "unspin/learn.h"

using unspin::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t cut = input.find('\0');
  const bool nul = cut != std::string_view::npos;
  if (!nul) cut = size / 2;
  const std::string_view original = input.substr(0, cut), spun = input.substr(nul ? cut + 1 : cut);
  unspin::Learner learner;
  const unspin::Status status = learner.AddPair(original, spun, "original.txt", "spun.txt");
  if (!status.ok()) {
    Check(status.message().starts_with("original.txt") || status.message().starts_with("spun.txt"),
          "error does not name the document", status.message());
    return 0;
  }
  for (const unspin::LearnedEntry& entry : learner.Entries()) {
    Check(entry.prior >= 0.01 && entry.prior <= 0.99 && entry.count <= entry.spun_occurrences + entry.count,
          "prior out of range");
  }
  unspin::DictionaryBuilder builder;
  const unspin::Status loaded = builder.AddFile(learner.ToTsv("fuzz"), "learned.tsv");
  Check(loaded.ok(), "the learned dictionary does not load", loaded.message());
  return 0;
}
