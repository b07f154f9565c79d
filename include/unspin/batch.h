// Batch helpers for tools built on the library: finding inputs, reading them, writing outputs
// without ever leaving a half-written file, and running work on all cores with results handed
// back in input order.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "unspin/status.h"

namespace unspin {

struct InputPath {
  std::string path;      // what to read; "-" is standard input
  std::string relative;  // where it sits below the directory it was found in (its name for files)
};

// Expands the paths given by a user: files as they are, directories walked recursively in
// sorted order (hidden entries skipped). Paths that do not exist are kept, so that reading them
// reports the error in input order.
std::vector<InputPath> ExpandInputs(const std::vector<std::string>& paths);

// Reads a whole file ("-": standard input). Errors name the path and the reason.
Status ReadInput(const std::string& path, std::string* content);

// Writes `content` to a temporary file beside `path`, then renames it over `path`, creating
// parent directories as needed: readers see the old file or the new one, never half of one.
Status WriteFileAtomically(const std::string& path, const std::string& content);

// Calls work(i) for i in [0, count) on up to `jobs` threads (0: one per core) and emit(i) on the
// calling thread in increasing i as soon as work(i) and every earlier item are done.
void RunInOrder(size_t count, unsigned jobs, const std::function<void(size_t)>& work,
                const std::function<void(size_t)>& emit);

}  // namespace unspin
