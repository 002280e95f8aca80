// Saving replaces the file atomically: a failure mid-write leaves the previous file intact
// and loadable, and no temporary file behind.
#include <sys/resource.h>

#include <csignal>

#include "io_test_util.h"

namespace ember {
namespace {

TEST(AtomicSave, FailedWriteKeepsThePreviousFile) {
  ScratchDir dir;
  std::string path = dir.file("w.pt");
  save(arange(4, kFloat), path);
  ASSERT_EQ(dir.entries(), 1u);

  // Make the write itself fail: a file size limit below the new file's size (works as root
  // too, unlike a read-only directory). SIGXFSZ is ignored so write() returns EFBIG.
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit old_limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  rlimit small = old_limit;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  bool threw = false;
  try {
    save(ones({100000}), path);
  } catch (const Error& e) {
    threw = true;
    EXPECT_NE(std::string(e.what()).find("unchanged"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_TRUE(threw);

  Tensor loaded;
  load(loaded, path);
  expect_values(loaded, {0, 1, 2, 3});
  EXPECT_EQ(dir.entries(), 1u);  // the temporary is gone
}

TEST(AtomicSave, UnwritableTargetsThrowAndLeaveNothing) {
  ScratchDir dir;
  expect_error([&] { save(ones({2}), dir.file("missing_dir/x.pt")); }, "save", "missing_dir/x.pt");
  // Renaming over a directory fails after the data is written: the temporary is removed.
  std::filesystem::create_directory(dir.file("a_dir"));
  expect_error([&] { save(ones({2}), dir.file("a_dir")); }, "save", "rename");
  EXPECT_EQ(dir.entries(), 1u);
  expect_error([&] { save(ones({2}), ""); }, "save", "empty");
}

TEST(AtomicSave, OverwritesAndKeepsPermissionsSane) {
  ScratchDir dir;
  std::string path = dir.file("p.pt");
  save(ones({2}), path);
  save(zeros({3}), path);
  Tensor t;
  load(t, path);
  expect_values(t, {0, 0, 0});
  auto perms = std::filesystem::status(path).permissions();
  EXPECT_NE(perms & std::filesystem::perms::owner_read, std::filesystem::perms::none);
  EXPECT_EQ(dir.entries(), 1u);
}

}  // namespace
}  // namespace ember
