#include "unspin/batch.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <random>
#include <thread>

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
    if (name.empty() || name[0] == '.') continue;
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

AtomicFileWriter::~AtomicFileWriter() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::error_code ignored;
    fs::remove(temp_, ignored);
  }
}

Status AtomicFileWriter::Open(const std::string& path) {
  path_ = path;
  const fs::path target(path);
  std::error_code error;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), error);
    if (error) return IoError(target.parent_path().string() + ": cannot create directory: " + error.message());
  }
  static std::atomic<unsigned> counter{0};
  temp_ = path + ".unspin-tmp-" + std::to_string(std::random_device{}()) + "-" + std::to_string(counter++);
  file_ = std::fopen(temp_.c_str(), "wb");
  if (file_ == nullptr) return IoError(temp_ + ": cannot create: " + std::strerror(errno));
  return Status::Ok();
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
  const bool flushed = std::fflush(file_) == 0;
  std::fclose(file_);
  file_ = nullptr;
  std::error_code error;
  if (!flushed) {
    fs::remove(temp_, error);
    return IoError(path_ + ": write failed");
  }
  fs::rename(temp_, path_, error);
  if (error) {
    std::error_code ignored;
    fs::remove(temp_, ignored);
    return IoError(path_ + ": cannot replace: " + error.message());
  }
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

bool PieceReader::Next(std::string* text, Piece* piece) {
  Fill(piece_bytes_ + 1);
  if (buffer_.empty() && (started_ || in_.bad())) return false;
  size_t cut = buffer_.size();
  if (buffer_.size() > piece_bytes_) {
    const size_t limit = piece_bytes_;
    // The last paragraph break in the second half of a piece, else the first one after it
    // (reading up to four pieces ahead), else a line end, a space, or a character boundary.
    size_t at = buffer_.rfind("\n\n", limit);
    if (at != std::string::npos && at >= limit / 2) {
      cut = at + 2;
    } else {
      Fill(limit * 4);
      at = buffer_.find("\n\n", limit);
      if (at != std::string::npos && at < limit * 4) {
        cut = at + 2;
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
  piece->document_start = !started_;
  piece->document_end = buffer_.empty();
  started_ = true;
  offset_ += text->size();
  line_ += static_cast<uint32_t>(std::count(text->begin(), text->end(), '\n'));
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
