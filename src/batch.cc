#include "unspin/batch.h"

#include "unspin/text.h"

#include <algorithm>
#include <cctype>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <limits.h>
#include <signal.h>
#include <unistd.h>

namespace unspin {
namespace fs = std::filesystem;

namespace {

// Appends the files below `directory`, whose path below the folder the user named is `below`
// ("" or ending in '/'), to `found`.
void Walk(const fs::path& directory, const std::string& below, const fs::path& skip, std::vector<InputPath>* found) {
  std::error_code error;
  fs::directory_iterator it(directory, error);
  for (; !error && it != fs::directory_iterator(); it.increment(error)) {
    const fs::path& path = it->path();
    const std::string name = path.filename().string();
    if (name.empty() || name[0] == '.' || IsTemporaryFileName(name)) continue;
    std::error_code ignored;
    const fs::file_status link = it->symlink_status(ignored);
    if (fs::is_directory(link)) {
      if (!skip.empty() && fs::equivalent(path, skip, ignored)) continue;  // the output folder
      Walk(path, below + name + "/", skip, found);
    } else if (it->is_regular_file(ignored)) {  // a file, or a symbolic link to one
      found->push_back({path.string(), below + name, ""});
    } else if (fs::is_symlink(link) && !fs::exists(path, ignored)) {
      found->push_back({path.string(), below + name, path.string() + ": broken symbolic link"});
    }
  }
  // Skipping it quietly would lose its files without a word.
  if (error) found->push_back({directory.string(), below, directory.string() + ": cannot read directory: " + error.message()});
}

}  // namespace

std::vector<InputPath> ExpandInputs(const std::vector<std::string>& paths, const std::string& skip_directory) {
  std::vector<InputPath> inputs;
  for (const std::string& path : paths) {
    std::error_code error;
    if (path != "-" && fs::is_directory(path, error)) {
      std::vector<InputPath> found;
      Walk(path, "", skip_directory, &found);
      std::sort(found.begin(), found.end(), [](const InputPath& a, const InputPath& b) { return a.path < b.path; });
      inputs.insert(inputs.end(), found.begin(), found.end());
    } else {
      inputs.push_back({path, path == "-" ? "-" : fs::path(path).filename().string(), ""});
    }
  }
  return inputs;
}

Status ReadInput(const std::string& path, std::string* content) {
  content->clear();
  if (path == "-") {
    content->assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (std::cin.bad()) return IoError("<stdin>: read error");
    return Status::Ok();
  }
  std::error_code error;
  if (fs::is_directory(path, error)) return IoError(path + ": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path + ": cannot open: " + std::strerror(errno));
  content->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return IoError(path + ": read error");
  return Status::Ok();
}

Status CheckUtf8(std::istream& in, std::ostream* copy) {
  std::string buffer;
  char block[1 << 16];
  size_t offset = 0, line = 1, column = 1;  // where buffer[0] is in the document
  bool first = true;
  for (bool end = false; !end;) {
    in.read(block, sizeof block);
    const auto read = static_cast<size_t>(in.gcount());
    end = !in;
    buffer.append(block, read);
    if (copy != nullptr && read > 0 && !copy->write(block, static_cast<std::streamsize>(read))) {
      return IoError("cannot write a temporary copy: " + std::string(std::strerror(errno)));
    }
    if (first && !buffer.empty()) {
      first = false;
      if (auto utf16 = DiagnoseUtf16(buffer)) return DataError(std::move(*utf16));
    }
    // Keep a sequence the next block may complete.
    size_t cut = buffer.size();
    for (size_t back = 1; !end && back <= 4 && back <= buffer.size(); ++back) {
      if ((static_cast<unsigned char>(buffer[buffer.size() - back]) & 0xC0) != 0x80) {
        cut = buffer.size() - back;
        break;
      }
    }
    const std::optional<size_t> bad = FindInvalidUtf8(std::string_view(buffer).substr(0, cut));
    const size_t counted = bad ? *bad : cut;
    for (size_t i = 0; i < counted; ++i) {
      const auto byte = static_cast<unsigned char>(buffer[i]);
      if (byte == '\n') {
        ++line;
        column = 1;
      } else if ((byte & 0xC0) != 0x80) {
        ++column;
      }
    }
    if (bad) return DataError(InvalidUtf8Message(offset + *bad, line, column));
    offset += cut;
    buffer.erase(0, cut);
  }
  if (in.bad()) return IoError("read error");
  return Status::Ok();
}

Status ReadInput(const InputPath& input, std::string* content) {
  if (!input.error.empty()) return IoError(input.error);
  return ReadInput(input.path, content);
}

namespace {

// Resolves the symbolic links of a path's folders (not of its last part), with a cache: most
// paths share their folder.
class EntryResolver {
 public:
  fs::path Entry(const fs::path& path) {
    const fs::path absolute = fs::absolute(path).lexically_normal();
    const std::string parent = absolute.parent_path().string();
    auto it = folders_.find(parent);
    if (it == folders_.end()) {
      std::error_code error;
      fs::path resolved = fs::weakly_canonical(absolute.parent_path(), error);
      it = folders_.emplace(parent, error ? absolute.parent_path() : resolved).first;
    }
    return it->second / absolute.filename();
  }

 private:
  std::map<std::string, fs::path> folders_;
};

bool IsInside(const fs::path& path, const fs::path& folder) {
  const fs::path relative = path.lexically_relative(folder);
  return !relative.empty() && *relative.begin() != "..";
}

}  // namespace

StatusOr<std::vector<std::string>> PlanOutputs(const std::vector<std::string>& paths,
                                               const std::vector<InputPath>& inputs, const std::string& output_dir) {
  std::error_code error;
  const fs::path root = fs::weakly_canonical(fs::absolute(output_dir), error);
  if (error) return IoError("-o " + output_dir + ": " + error.message());
  if (fs::exists(root, error) && !fs::is_directory(root, error)) {
    return InvalidArgument("-o " + output_dir + ": is not a folder");
  }
  for (const std::string& path : paths) {
    std::error_code ignored;
    if (path != "-" && fs::is_directory(path, ignored) && fs::equivalent(path, output_dir, ignored)) {
      return InvalidArgument("-o " + output_dir + " is the input folder " + path +
                             ": its files would be overwritten; write the cleaned copies to another folder");
    }
  }
  // Every place an input can be reached at: the entry itself, and the file its link points to.
  EntryResolver resolver;
  std::map<fs::path, const InputPath*> sources;
  for (const InputPath& input : inputs) {
    if (input.path == "-" || !input.error.empty()) continue;
    sources.emplace(resolver.Entry(input.path), &input);
    std::error_code ignored;
    if (fs::is_symlink(input.path, ignored)) {
      const fs::path target = fs::weakly_canonical(fs::absolute(input.path), ignored);
      if (!ignored) sources.emplace(target, &input);
    }
  }
  std::vector<std::string> targets(inputs.size());
  std::map<fs::path, const InputPath*> written;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const InputPath& input = inputs[i];
    if (input.path == "-" || !input.error.empty()) continue;
    const fs::path relative(input.relative);
    if (relative.empty() || relative.is_absolute() || std::find(relative.begin(), relative.end(), "..") != relative.end()) {
      return InvalidArgument(input.path + ": no name to write it under in " + output_dir);
    }
    targets[i] = (fs::path(output_dir) / relative).string();
    const fs::path entry = resolver.Entry(targets[i]);
    if (!IsInside(entry.parent_path(), root)) {
      return InvalidArgument(input.path + ": its output " + targets[i] + " would lie outside " + output_dir +
                             " (a symbolic link leads out of it); nothing was written");
    }
    if (auto source = sources.find(entry); source != sources.end()) {
      return InvalidArgument(input.path + ": its output " + targets[i] + " is the input " + source->second->path +
                             ", which would be overwritten; write the cleaned copies to another folder");
    }
    if (auto [other, inserted] = written.emplace(entry, &input); !inserted) {
      return InvalidArgument(other->second->path + " and " + input.path + " would both be written to " + targets[i] +
                             "; nothing was written");
    }
  }
  return targets;
}

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  AtomicFileWriter writer;
  Status status = writer.Open(path);
  if (status.ok()) status = writer.Write(content);
  if (status.ok()) status = writer.Commit();
  return status;
}


// ---- temporary files ----

namespace {

constexpr std::string_view kTempMarker = ".unspin-tmp-";

// The temporary files being written, where a signal handler can read them: it may neither lock
// nor allocate. Each slot is a seqlock: `sequence` is odd while the path changes, and a reader
// that sees it change while it read skips the slot; an empty path is a free slot. The path's
// characters are atomics too, so that a handler reading on one thread while another registers
// is no data race.
struct TempSlot {
  std::atomic<uint32_t> sequence{0};
  std::atomic<bool> taken{false};
  std::atomic<char> path[PATH_MAX] = {};
};
TempSlot temp_slots[256];  // more writers at once than this go unregistered: the next run removes theirs
static_assert(std::atomic<uint32_t>::is_always_lock_free && std::atomic<char>::is_always_lock_free,
              "the signal handler may only use lock-free atomics");

void SetSlotPath(TempSlot& slot, const std::string& path) {
  slot.sequence.fetch_add(1, std::memory_order_acq_rel);
  for (size_t i = 0; i <= path.size(); ++i) slot.path[i].store(path.c_str()[i], std::memory_order_relaxed);
  slot.sequence.fetch_add(1, std::memory_order_release);
}

int RegisterTemporary(const std::string& path) {
  if (path.size() >= PATH_MAX) return -1;
  for (int i = 0; i < static_cast<int>(std::size(temp_slots)); ++i) {
    bool expected = false;
    if (temp_slots[i].taken.compare_exchange_strong(expected, true)) {
      SetSlotPath(temp_slots[i], path);
      return i;
    }
  }
  return -1;
}

// The temporary in `*slot` is gone (renamed or removed): a signal must not remove that name.
void UnregisterTemporary(int* slot) {
  if (*slot < 0) return;
  SetSlotPath(temp_slots[*slot], std::string());
  temp_slots[*slot].taken.store(false);
  *slot = -1;
}

extern "C" void RemoveTemporaryFilesAndResignal(int signal_number) {
  RemoveTemporaryFiles();
  // SA_RESETHAND restored the default action; the signal, blocked in here, ends the program
  // as soon as the handler returns.
  ::raise(signal_number);
}

// Removes the temporaries in `folder` left by runs that have ended (killed before they could
// remove them): their process id, in the name, is no longer running. Once per folder and run.
void RemoveStaleTemporaries(const fs::path& folder) {
  static std::mutex mutex;
  static std::set<std::string> cleaned;
  {
    std::lock_guard lock(mutex);
    if (!cleaned.insert(folder.string()).second) return;
  }
  std::error_code error;
  for (fs::directory_iterator it(folder.empty() ? fs::path(".") : folder, error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    const size_t marker = name.rfind(kTempMarker);
    if (name[0] != '.' || marker == std::string::npos) continue;
    const long pid = std::strtol(name.c_str() + marker + kTempMarker.size(), nullptr, 10);
    if (pid <= 0 || pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    fs::remove(it->path(), ignored);
  }
}

}  // namespace

Status ReplaceFileAtomically(const std::string& path, const std::string& content) {
  AtomicFileWriter writer;
  Status status = writer.OpenReplacing(path);
  if (status.ok()) status = writer.Write(content);
  if (status.ok()) status = writer.Commit();
  return status;
}

Status PlanInPlace(std::vector<InputPath>* inputs) {
  std::map<std::pair<dev_t, ino_t>, std::string> seen;  // file identity -> the name it came as
  for (InputPath& input : *inputs) {
    if (input.path == "-") return InvalidArgument("--in-place edits files: standard input cannot be edited in place");
    if (!input.error.empty()) continue;  // unreadable: reported in its turn
    // A killed edit's temporary is removed even where this run changes nothing.
    RemoveStaleTemporaries(fs::path(input.path).parent_path());
    struct stat link {};
    if (::lstat(input.path.c_str(), &link) != 0) continue;  // missing: reported in its turn
    if (S_ISLNK(link.st_mode)) {
      input.error = input.path + ": a symbolic link: not edited in place (name the file it points to)";
      continue;
    }
    const auto [at, added] = seen.emplace(std::pair{link.st_dev, link.st_ino}, input.path);
    if (!added) return InvalidArgument(at->second + " and " + input.path + " are the same file: edit it once");
  }
  return Status::Ok();
}

bool IsTemporaryFileName(std::string_view name) { return name.find(kTempMarker) != std::string_view::npos; }

void RemoveTemporaryFiles() {
  for (TempSlot& slot : temp_slots) {
    const uint32_t before = slot.sequence.load(std::memory_order_acquire);
    if (before % 2 != 0) continue;
    char path[PATH_MAX];
    size_t length = 0;
    while (length + 1 < sizeof path && (path[length] = slot.path[length].load(std::memory_order_relaxed)) != '\0') {
      ++length;
    }
    path[length] = '\0';
    // A read-modify-write: the loads above cannot move after it (a plain load could).
    if (length == 0 || slot.sequence.fetch_add(0, std::memory_order_acq_rel) != before) continue;
    ::unlink(path);
  }
}

void RemoveTemporaryFilesOnSignal() {
  struct sigaction action {};
  action.sa_handler = RemoveTemporaryFilesAndResignal;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    // A signal ignored on the way in stays ignored (nohup, a background job's SIGINT).
    struct sigaction current {};
    if (::sigaction(signal_number, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) continue;
    ::sigaction(signal_number, &action, nullptr);
  }
}

AtomicFileWriter::~AtomicFileWriter() { Discard(); }

void AtomicFileWriter::Discard() {
  if (file_ == nullptr) return;
  std::fclose(file_);
  file_ = nullptr;
  ::unlink(temp_.c_str());
  UnregisterTemporary(&slot_);
}

Status AtomicFileWriter::OpenReplacing(const std::string& path) {
  struct stat original {};
  if (::lstat(path.c_str(), &original) != 0) return IoError(path + ": cannot edit in place: " + std::strerror(errno));
  if (S_ISLNK(original.st_mode)) return IoError(path + ": a symbolic link: not edited in place");
  if (!S_ISREG(original.st_mode)) return IoError(path + ": not a regular file: not edited in place");
  Status status = Open(path);
  if (!status.ok()) return status;
  const int fd = ::fileno(file_);
  // The owner first: changing it may clear the set-user-ID bits the mode then restores.
  if (::fchown(fd, original.st_uid, original.st_gid) != 0 && errno != EPERM) {
    const int why = errno;
    Discard();
    return IoError(path + ": cannot keep the file's owner: " + std::strerror(why));
  }
  if (::fchmod(fd, original.st_mode & 07777) != 0) {
    const int why = errno;
    Discard();
    return IoError(path + ": cannot keep the file's permissions: " + std::strerror(why));
  }
  sync_ = true;
  return Status::Ok();
}

Status AtomicFileWriter::Open(const std::string& path) {
  Discard();
  path_ = path;
  sync_ = false;
  const fs::path target(path);
  std::error_code error;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), error);
    if (error) return IoError(target.parent_path().string() + ": cannot create directory: " + error.message());
  }
  RemoveStaleTemporaries(target.parent_path());
  // Hidden, so that no walk takes it for an input; the name is cut to stay within NAME_MAX.
  const std::string prefix =
      (target.parent_path() / ("." + target.filename().string().substr(0, 200))).string() + std::string(kTempMarker) +
      std::to_string(::getpid()) + "-";
  static std::atomic<unsigned> counter{0};
  std::mt19937 random(std::random_device{}() ^ counter++);
  for (int attempt = 0; attempt < 16; ++attempt) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(random()));
    temp_ = prefix + suffix;
    slot_ = RegisterTemporary(temp_);  // before it exists, so that a signal cannot miss it
    // O_EXCL | O_NOFOLLOW: a new file, never one that exists, nor a link planted in its place.
    const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0 && (file_ = ::fdopen(fd, "wb")) != nullptr) return Status::Ok();
    const int why = errno;
    if (fd >= 0) {
      ::close(fd);
      ::unlink(temp_.c_str());
    }
    UnregisterTemporary(&slot_);
    if (why != EEXIST) return IoError(temp_ + ": cannot create: " + std::strerror(why));
  }
  return IoError(temp_ + ": cannot create: " + std::strerror(EEXIST));
}

Status AtomicFileWriter::Write(std::string_view data) {
  if (file_ == nullptr) return IoError(path_ + ": not open");
  if (!data.empty() && std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    return IoError(path_ + ": write failed: " + std::strerror(errno));
  }
  return Status::Ok();
}

Status AtomicFileWriter::Commit() {
  if (file_ == nullptr) return IoError(path_ + ": not open");
  // fclose() reports what fflush() could not yet know (a full disk on some file systems).
  const bool flushed = std::fflush(file_) == 0 && (!sync_ || ::fsync(::fileno(file_)) == 0);
  const int flush_error = errno;
  const bool closed = std::fclose(file_) == 0;
  const int close_error = errno;
  file_ = nullptr;
  if (!flushed || !closed) {
    ::unlink(temp_.c_str());
    UnregisterTemporary(&slot_);
    return IoError(path_ + ": write failed: " + std::strerror(flushed ? close_error : flush_error));
  }
  // rename() replaces the entry `path_`: a symbolic link there is replaced, not written through.
  const int renamed = ::rename(temp_.c_str(), path_.c_str());
  const int rename_error = errno;
  if (renamed != 0) ::unlink(temp_.c_str());
  UnregisterTemporary(&slot_);
  if (renamed != 0) return IoError(path_ + ": cannot replace: " + std::strerror(rename_error));
  return Status::Ok();
}

void WorkspacePool::GiveBack::operator()(Workspace* workspace) const {
  std::lock_guard lock(pool->mutex_);
  pool->idle_.emplace_back(workspace);
}

WorkspacePool::Lease WorkspacePool::Borrow() {
  std::unique_ptr<Workspace> workspace;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      workspace = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!workspace) workspace = std::make_unique<Workspace>();
  return Lease(workspace.release(), GiveBack{this});
}

void PieceReader::Fill(size_t bytes) {
  char block[1 << 16];
  while (buffer_.size() < bytes && in_) {
    in_.read(block, sizeof block);
    buffer_.append(block, static_cast<size_t>(in_.gcount()));
  }
}

namespace {

// The end of the last sentence in text[from, limit): just past the white space after a '.', '!'
// or '?' that follows a lower-case letter and comes before a capital (so "U.S. economic" and
// "3.5" are no ends). No dictionary phrase crosses a sentence end, so a cut there splits none.
size_t LastSentenceEnd(std::string_view text, size_t from, size_t limit) {
  for (size_t i = std::min(limit, text.size()); i-- > from + 1;) {
    const char c = text[i];
    if ((c != '.' && c != '!' && c != '?') || !std::islower(static_cast<unsigned char>(text[i - 1]))) continue;
    size_t j = i + 1;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\n')) ++j;
    if (j > i + 1 && j < limit && std::isupper(static_cast<unsigned char>(text[j]))) return j;
  }
  return std::string_view::npos;
}

}  // namespace

bool PieceReader::Next(std::string* text, Piece* piece) {
  Fill(piece_bytes_ + 1);
  if (buffer_.empty() && (started_ || in_.bad())) return false;
  size_t cut = buffer_.size();
  if (buffer_.size() > piece_bytes_) {
    const size_t limit = piece_bytes_;
    // The last paragraph break in the second half of a piece, else the first one after it
    // (reading up to four pieces ahead), else a sentence end (phrases match across line ends
    // and spaces, never across either), else a line end, a space, or a character boundary.
    size_t at = buffer_.rfind("\n\n", limit);
    if (at != std::string::npos && at >= limit / 2) {
      cut = at + 2;
    } else {
      Fill(limit * 4);
      at = buffer_.find("\n\n", limit);
      if (at != std::string::npos && at < limit * 4) {
        cut = at + 2;
      } else if (const size_t end = LastSentenceEnd(buffer_, limit / 2, limit); end != std::string::npos) {
        cut = end;
      } else {
        const size_t line = buffer_.rfind('\n', limit);
        const size_t space = buffer_.rfind(' ', limit);
        cut = line != std::string::npos && line > 0 ? line + 1 : space != std::string::npos && space > 0 ? space + 1 : limit;
        while (cut > 1 && cut < buffer_.size() && (static_cast<unsigned char>(buffer_[cut]) & 0xC0) == 0x80) --cut;
      }
    }
  }
  text->assign(buffer_, 0, cut);
  buffer_.erase(0, cut);
  Fill(1);  // is there more?
  piece->offset = offset_;
  piece->first_line = line_;
  piece->first_column = column_;
  piece->document_start = !started_;
  piece->document_end = buffer_.empty();
  started_ = true;
  offset_ += text->size();
  const size_t newlines = static_cast<size_t>(std::count(text->begin(), text->end(), '\n'));
  line_ += static_cast<uint32_t>(newlines);
  // A piece cut inside a line: the next one's columns count on from here, in code points.
  const size_t last_line = newlines > 0 ? text->rfind('\n') + 1 : 0;
  if (newlines > 0) column_ = 1;
  for (size_t i = last_line; i < text->size(); ++i) column_ += (static_cast<unsigned char>((*text)[i]) & 0xC0) != 0x80;
  return true;
}

void RunInOrder(size_t count, unsigned jobs, const std::function<void(size_t)>& work,
                const std::function<void(size_t)>& emit) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(count, 1)));
  if (jobs <= 1) {
    for (size_t i = 0; i < count; ++i) {
      work(i);
      emit(i);
    }
    return;
  }
  std::vector<char> done(count, 0);
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<size_t> next{0};
  // Bound how far workers run ahead of the writer, so memory stays flat on long input lists.
  const size_t window = size_t{jobs} * 4;
  size_t emitted = 0;
  std::condition_variable progress;
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < jobs; ++t) {
    threads.emplace_back([&] {
      while (true) {
        const size_t i = next.fetch_add(1);
        if (i >= count) return;
        {
          std::unique_lock lock(mutex);
          progress.wait(lock, [&] { return i < emitted + window; });
        }
        work(i);
        {
          std::lock_guard lock(mutex);
          done[i] = 1;
        }
        ready.notify_one();
      }
    });
  }
  for (size_t i = 0; i < count; ++i) {
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return done[i] != 0; });
    }
    emit(i);
    {
      std::lock_guard lock(mutex);
      emitted = i + 1;
    }
    progress.notify_all();
  }
  for (std::thread& thread : threads) thread.join();
}

}  // namespace unspin
