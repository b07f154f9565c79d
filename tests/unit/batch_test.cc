#include "unspin/batch.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

namespace unspin {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("unspin-batch-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(PieceReader, CutsAtParagraphBreaksAndTracksPositions) {
  std::string document;
  for (int i = 0; i < 40; ++i) document += "Paragraph " + std::to_string(i) + " has some words.\nA second line.\n\n";
  std::istringstream in(document);
  PieceReader reader(in, 200);
  std::string text, joined;
  Piece piece;
  std::vector<Piece> pieces;
  while (reader.Next(&text, &piece)) {
    EXPECT_EQ(piece.offset, joined.size());
    EXPECT_EQ(piece.first_line, 1 + std::count(joined.begin(), joined.end(), '\n'));
    if (!piece.document_end) {
      EXPECT_TRUE(text.ends_with("\n\n")) << text;
    }
    joined += text;
    pieces.push_back(piece);
  }
  EXPECT_EQ(joined, document);
  ASSERT_GT(pieces.size(), 5u);
  EXPECT_TRUE(pieces.front().document_start);
  EXPECT_FALSE(pieces[1].document_start);
  EXPECT_TRUE(pieces.back().document_end);
  EXPECT_FALSE(pieces.front().document_end);
}

TEST(PieceReader, NeverSplitsAUtf8Sequence) {
  std::string document;
  for (int i = 0; i < 500; ++i) document += "\xC3\xA9\xE2\x80\x99";  // no spaces, no lines
  std::istringstream in(document);
  PieceReader reader(in, 64);
  std::string text, joined;
  Piece piece;
  while (reader.Next(&text, &piece)) {
    EXPECT_NE(static_cast<unsigned char>(text[0]) & 0xC0, 0x80);
    joined += text;
  }
  EXPECT_EQ(joined, document);
}

TEST(PieceReader, AnEmptyDocumentIsOneEmptyPiece) {
  std::istringstream in("");
  PieceReader reader(in);
  std::string text = "x";
  Piece piece;
  ASSERT_TRUE(reader.Next(&text, &piece));
  EXPECT_EQ(text, "");
  EXPECT_TRUE(piece.document_start && piece.document_end);
  EXPECT_FALSE(reader.Next(&text, &piece));
}

TEST(AtomicFileWriter, LeavesNothingBehindWithoutCommit) {
  const fs::path dir = TempDir("atomic");
  {
    AtomicFileWriter writer;
    ASSERT_TRUE(writer.Open((dir / "sub" / "out.txt").string()).ok());
    ASSERT_TRUE(writer.Write("half").ok());
  }
  EXPECT_TRUE(fs::is_empty(dir / "sub"));
  AtomicFileWriter writer;
  ASSERT_TRUE(writer.Open((dir / "sub" / "out.txt").string()).ok());
  ASSERT_TRUE(writer.Write("whole").ok());
  ASSERT_TRUE(writer.Commit().ok());
  std::ifstream in(dir / "sub" / "out.txt");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "whole");
  fs::remove_all(dir);
}

std::vector<std::string> Names(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The temporary is hidden and names the process writing it, so that a walk never takes it for
// an input and the next run can tell a dead run's leftovers from a live one's.
TEST(AtomicFileWriter, WritesThroughAHiddenTemporaryNamingItsProcess) {
  const fs::path dir = TempDir("hidden");
  AtomicFileWriter writer;
  ASSERT_TRUE(writer.Open((dir / "out.txt").string()).ok());
  const std::vector<std::string> names = Names(dir);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].rfind(".out.txt.unspin-tmp-" + std::to_string(::getpid()) + "-", 0), 0u) << names[0];
  EXPECT_TRUE(IsTemporaryFileName(names[0]));
  // A signal handler removes it (RemoveTemporaryFiles is what it calls).
  RemoveTemporaryFiles();
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}

// Temporaries of runs that were killed are removed by the next writer into their folder; those
// of running processes (pid 1, this one) are left alone.
TEST(AtomicFileWriter, RemovesTemporariesThatKilledRunsLeft) {
  const fs::path dir = TempDir("stale");
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ::waitpid(child, nullptr, 0);  // now a process that no longer runs
  const std::string dead = ".a.txt.unspin-tmp-" + std::to_string(child) + "-0badf00d";
  const std::string alive = ".b.txt.unspin-tmp-1-0badf00d";
  const std::string mine = ".c.txt.unspin-tmp-" + std::to_string(::getpid()) + "-0badf00d";
  for (const std::string& name : {dead, alive, mine, std::string("keep.txt")}) std::ofstream(dir / name) << "x";
  ASSERT_TRUE(WriteFileAtomically((dir / "new.txt").string(), "whole").ok());
  EXPECT_EQ(Names(dir), (std::vector<std::string>{alive, mine, "keep.txt", "new.txt"}));
  fs::remove_all(dir);
}

// A link where the output goes is replaced by the file; what it pointed to is not written.
TEST(AtomicFileWriter, ReplacesALinkInsteadOfWritingThroughIt) {
  const fs::path dir = TempDir("link");
  std::ofstream(dir / "target.txt") << "keep";
  fs::create_symlink("target.txt", dir / "out.txt");
  ASSERT_TRUE(WriteFileAtomically((dir / "out.txt").string(), "new").ok());
  EXPECT_FALSE(fs::is_symlink(dir / "out.txt"));
  std::ifstream target(dir / "target.txt"), out(dir / "out.txt");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(target), {}), "keep");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(out), {}), "new");
  fs::remove_all(dir);
}

TEST(ExpandInputs, WalksDirectoriesInOrderSkippingHiddenEntries) {
  const fs::path dir = TempDir("expand");
  for (const char* name : {"b.txt", "a/z.txt", "a/y.txt", ".hidden/x.txt", ".dot.txt", ".b.txt.unspin-tmp-1-2",
                           "b.txt.unspin-tmp-12-34"}) {
    fs::create_directories((dir / name).parent_path());
    std::ofstream(dir / name) << "x";
  }
  const auto inputs = ExpandInputs({dir.string(), "-", "missing.txt"});
  std::vector<std::string> relative;
  for (const auto& input : inputs) relative.push_back(input.relative);
  EXPECT_EQ(relative, (std::vector<std::string>{"a/y.txt", "a/z.txt", "b.txt", "-", "missing.txt"}));
  fs::remove_all(dir);
}

// Nothing found while walking is dropped without a word: a dangling link is an input with its
// error. A link to a file is read as the file, under the link's own name.
TEST(ExpandInputs, KeepsWhatCannotBeReadWithItsError) {
  const fs::path dir = TempDir("expand-errors");
  std::ofstream(dir / "real.txt") << "x";
  fs::create_symlink("real.txt", dir / "link.txt");
  fs::create_symlink("nowhere.txt", dir / "broken.txt");
  const auto inputs = ExpandInputs({dir.string()});
  ASSERT_EQ(inputs.size(), 3u);
  EXPECT_EQ(inputs[0].relative, "broken.txt");
  EXPECT_EQ(inputs[0].error, (dir / "broken.txt").string() + ": broken symbolic link");
  EXPECT_EQ(inputs[1].relative, "link.txt");
  EXPECT_EQ(inputs[1].error, "");
  std::string content;
  EXPECT_EQ(ReadInput(inputs[0], &content).message(), inputs[0].error);
  EXPECT_TRUE(ReadInput(inputs[1], &content).ok());
  EXPECT_EQ(content, "x");
  fs::remove_all(dir);
}

TEST(RunInOrder, EmitsInInputOrderOnManyThreads) {
  std::vector<int> done(200, 0);
  std::vector<size_t> emitted;
  RunInOrder(
      done.size(), 4, [&](size_t i) { done[i] = static_cast<int>(i) * 2; },
      [&](size_t i) {
        EXPECT_EQ(done[i], static_cast<int>(i) * 2);
        emitted.push_back(i);
      });
  ASSERT_EQ(emitted.size(), done.size());
  for (size_t i = 0; i < emitted.size(); ++i) EXPECT_EQ(emitted[i], i);
}

// Each item borrows a workspace and gives it back: the pool owns them all (an ASan build of
// the multi-file CLI tests checks that none leaks) and makes no more than are busy at once.
TEST(WorkspacePool, LendsOneWorkspacePerBusyThreadAndReusesThem) {
  WorkspacePool pool;
  Workspace *first = nullptr, *second = nullptr;
  {
    WorkspacePool::Lease a = pool.Borrow();
    WorkspacePool::Lease b = pool.Borrow();
    ASSERT_NE(a.get(), nullptr);
    EXPECT_NE(a.get(), b.get());
    first = a.get();
    second = b.get();
  }
  {
    WorkspacePool::Lease again = pool.Borrow();  // given back: lent again, not made anew
    EXPECT_TRUE(again.get() == first || again.get() == second);
  }
  std::set<Workspace*> seen;
  std::mutex mutex;
  RunInOrder(
      100, 4,
      [&](size_t) {
        WorkspacePool::Lease lease = pool.Borrow();
        std::lock_guard lock(mutex);
        seen.insert(lease.get());
      },
      [](size_t) {});
  EXPECT_LE(seen.size(), 4u);
}

}  // namespace
}  // namespace unspin
