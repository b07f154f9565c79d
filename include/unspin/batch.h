// Batch helpers for tools built on the library: finding inputs, reading them, writing outputs
// without ever leaving a half-written file, and running work on all cores with results handed
// back in input order.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <istream>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "unspin/cleaner.h"
#include "unspin/status.h"

namespace unspin {

struct InputPath {
  std::string path;      // what to read; "-" is standard input
  std::string relative;  // where it sits below the directory it was found in, as walked (its name for files)
  std::string error;     // why it cannot be read, found while walking ("DIR: cannot read directory: ..."); empty: none
};

// Expands the paths given by a user: files as they are, directories walked recursively in
// sorted order. Hidden entries (temporary files among them), leftover temporary files and
// `skip_directory` (an output folder inside an input folder) are not walked; symbolic links to
// files are taken, links to directories not followed. Paths that do not exist are kept, and
// directories that cannot be read are kept with their error, so that reading them reports the
// error in input order.
std::vector<InputPath> ExpandInputs(const std::vector<std::string>& paths, const std::string& skip_directory = "");

// Reads a whole file ("-": standard input). Errors name the path and the reason.
Status ReadInput(const std::string& path, std::string* content);
// The same for an expanded input: its walking error, if it has one.
Status ReadInput(const InputPath& input, std::string* content);

// Reads `in` to its end and checks that it is UTF-8 (not UTF-16), failing with the Cleaner's
// message for the first bad byte ("invalid UTF-8 at byte N (line L, column C); ..."). A copy of
// what was read goes to `copy` when given. For strict mode on an input cleaned piece by piece:
// checked first, a bad input writes nothing.
Status CheckUtf8(std::istream& in, std::ostream* copy = nullptr);

// Where each input's cleaned text goes with `-o output_dir`: output_dir/<relative>, "" for
// standard input. Checked before anything is written, so a refusal writes nothing: `-o` must
// not be one of the input folders `paths`; every output lies inside output_dir once symbolic
// links of it and its folders are resolved; no two inputs share an output; no output is an
// input, or the file an input's symbolic link points to. Errors name the inputs involved.
StatusOr<std::vector<std::string>> PlanOutputs(const std::vector<std::string>& paths,
                                               const std::vector<InputPath>& inputs, const std::string& output_dir);

// Writes `content` to a temporary file beside `path`, then renames it over `path`, creating
// parent directories as needed: readers see the old file or the new one, never half of one.
Status WriteFileAtomically(const std::string& path, const std::string& content);

// An in-place edit: replaces the regular file `path` with `content` as WriteFileAtomically does,
// keeping the file's permission bits (and owner and group, where the process may set them), and
// with the data on disk before the rename, so that not even a power cut leaves less than the
// old file or the new one. A symbolic link is refused, not written through nor replaced.
Status ReplaceFileAtomically(const std::string& path, const std::string& content);

// Checks the inputs of an in-place edit before anything is written: files only (not standard
// input), and no file twice under two names (`a.txt ./a.txt`, or a hard link). A symbolic link
// among them is not refused here: its InputPath::error says it is not edited, so that it is
// reported in input order while the other inputs are edited. Errors name the inputs involved.
// The temporaries that killed runs left beside the inputs are removed.
Status PlanInPlace(std::vector<InputPath>* inputs);

// Writes a file through a temporary beside it; Commit() renames it into place. Destroyed without
// Commit() (an error on the way), it removes the temporary: no half-written file is ever left.
// The temporary is hidden (".NAME.unspin-tmp-PID-RANDOM"), created anew (never through an
// existing file or link), and removed by RemoveTemporaryFiles() on a signal. When `path` is a
// symbolic link, the link is replaced, not the file it points to. The first writer into a folder
// removes the temporaries that runs since ended (killed) left there.
class AtomicFileWriter {
 public:
  AtomicFileWriter() = default;
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  Status Open(const std::string& path);  // creates parent directories as needed
  // For an in-place edit (see ReplaceFileAtomically): `path` must be a regular file, not a
  // symbolic link; the temporary takes its mode and owner, and Commit() syncs it first.
  Status OpenReplacing(const std::string& path);
  Status Write(std::string_view data);
  Status Commit();

 private:
  void Discard();
  std::string path_, temp_;
  std::FILE* file_ = nullptr;
  bool sync_ = false;  // fsync() before the rename (in-place edits)
  int slot_ = -1;  // where the temporary is registered for RemoveTemporaryFiles()
};

// True for the name of an AtomicFileWriter temporary (also an older unhidden "NAME.unspin-tmp-...").
bool IsTemporaryFileName(std::string_view name);

// Removes the temporary files being written now. Async-signal-safe: a program calls it from
// its handlers, or before it _exit()s.
void RemoveTemporaryFiles();
// Makes SIGINT, SIGTERM and SIGHUP remove the temporary files being written, then end the
// program as the signal would have. For programs: it sets those signals' handlers.
void RemoveTemporaryFilesOnSignal();

// Reads one document in pieces of about `piece_bytes`, so that a document of any size is
// cleaned in memory that does not grow with it. A piece ends after a blank line (a paragraph
// break) when one comes soon enough, else at a sentence end, else after a line end, else after a
// space, and never inside a UTF-8 sequence. Each piece comes with its place in the document (Piece, cleaner.h).
class PieceReader {
 public:
  explicit PieceReader(std::istream& in, size_t piece_bytes = size_t{1} << 20)
      : in_(in), piece_bytes_(piece_bytes) {}
  // False when the document is exhausted (or unreadable: see failed()).
  bool Next(std::string* text, Piece* piece);
  bool failed() const { return in_.bad(); }

 private:
  void Fill(size_t bytes);
  std::istream& in_;
  size_t piece_bytes_;
  std::string buffer_;
  size_t offset_ = 0;
  uint32_t line_ = 1;
  uint32_t column_ = 1;
  bool started_ = false;
};

// Workspaces for work spread over threads (RunInOrder): each item borrows one and the lease
// gives it back, so the pool owns every workspace and frees them with itself (thread_local
// ones on worker threads were never freed), and no more exist than threads were busy at once.
class WorkspacePool {
 public:
  struct GiveBack {
    WorkspacePool* pool;
    void operator()(Workspace* workspace) const;
  };
  using Lease = std::unique_ptr<Workspace, GiveBack>;
  Lease Borrow();

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Workspace>> idle_;
};

// Calls work(i) for i in [0, count) on up to `jobs` threads (0: one per core) and emit(i) on the
// calling thread in increasing i as soon as work(i) and every earlier item are done.
void RunInOrder(size_t count, unsigned jobs, const std::function<void(size_t)>& work,
                const std::function<void(size_t)>& emit);

}  // namespace unspin
