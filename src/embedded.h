// Data files compiled into the library (see tools/embed_files.cc and CMakeLists.txt).
#pragma once

#include <span>
#include <string_view>

#include "unspin/dictionary.h"

namespace unspin::internal {

using EmbeddedFile = BuiltinFile;  // name is the path relative to data/, e.g. "news/seed.tsv"

std::span<const EmbeddedFile> EmbeddedFiles();

// The content of one embedded file, or an empty view.
inline std::string_view EmbeddedFileContent(std::string_view name) {
  for (const EmbeddedFile& file : EmbeddedFiles()) {
    if (file.name == name) return file.content;
  }
  return {};
}

}  // namespace unspin::internal
