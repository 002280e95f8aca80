// Datasets: TensorDataset, random_split, MNIST (IDX, plain and gzip; errors at byte offsets),
// Fashion-MNIST when installed, CIFAR-10 binary, CSV.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/test_util.h"

namespace ember {
namespace {

namespace fs = std::filesystem;
using data::Example;
using data::datasets::CIFAR10;
using data::datasets::CSVDataset;
using data::datasets::MNIST;

// A fresh folder per test under the system temp dir.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(fs::temp_directory_path() / ("ember_data_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

// IDX images: magic 2051, count, rows, cols, then pixel i of image n = (n * 7 + i) % 256.
std::vector<uint8_t> idx_images(uint32_t count, uint32_t rows = 28, uint32_t cols = 28, uint32_t magic = 2051) {
  std::vector<uint8_t> out;
  put_u32(out, magic);
  put_u32(out, count);
  put_u32(out, rows);
  put_u32(out, cols);
  for (uint32_t n = 0; n < count; ++n)
    for (uint32_t i = 0; i < rows * cols; ++i) out.push_back(static_cast<uint8_t>((n * 7 + i) % 256));
  return out;
}

std::vector<uint8_t> idx_labels(uint32_t count, uint32_t magic = 2049) {
  std::vector<uint8_t> out;
  put_u32(out, magic);
  put_u32(out, count);
  for (uint32_t n = 0; n < count; ++n) out.push_back(static_cast<uint8_t>((n * 3) % 10));
  return out;
}

void gzip_file(const std::string& path) {
  ASSERT_EQ(std::system(("gzip -f '" + path + "'").c_str()), 0) << "gzip failed on " << path;
}

void expect_mnist_content(const MNIST& ds, uint32_t count) {
  ASSERT_EQ(ds.size(), std::optional<size_t>(count));
  EXPECT_EQ(ds.images().sizes(), IntArrayRef({count, 1, 28, 28}));
  EXPECT_EQ(ds.images().dtype(), kFloat);
  EXPECT_EQ(ds.targets().dtype(), kLong);
  MNIST copy = ds;
  Example<> e = copy.get(2);
  EXPECT_EQ(e.data.sizes(), IntArrayRef({1, 28, 28}));
  EXPECT_EQ(e.target.dim(), 0);
  EXPECT_EQ(e.target.item<int64_t>(), 6);
  // Pixel 5 of image 2 is (2 * 7 + 5) = 19, scaled by 1/255.
  EXPECT_FLOAT_EQ(e.data.flatten()[5].item<float>(), 19.f / 255.f);
  EXPECT_FLOAT_EQ(e.data.flatten()[300].item<float>(), static_cast<float>((14 + 300) % 256) / 255.f);
}

TEST(MNIST, ReadsPlainIdxFiles) {
  TempDir dir("mnist_plain");
  write_bytes(dir.file("train-images-idx3-ubyte"), idx_images(5));
  write_bytes(dir.file("train-labels-idx1-ubyte"), idx_labels(5));
  write_bytes(dir.file("t10k-images-idx3-ubyte"), idx_images(3));
  write_bytes(dir.file("t10k-labels-idx1-ubyte"), idx_labels(3));
  MNIST train(dir.str());
  expect_mnist_content(train, 5);
  EXPECT_TRUE(train.is_train());
  MNIST test(dir.str() + "/", MNIST::Mode::kTest);
  expect_mnist_content(test, 3);
  EXPECT_FALSE(test.is_train());
}

TEST(MNIST, ReadsGzipIdxFiles) {
  TempDir dir("mnist_gz");
  write_bytes(dir.file("train-images-idx3-ubyte"), idx_images(4));
  write_bytes(dir.file("train-labels-idx1-ubyte"), idx_labels(4));
  gzip_file(dir.file("train-images-idx3-ubyte"));
  gzip_file(dir.file("train-labels-idx1-ubyte"));
  ASSERT_FALSE(fs::exists(dir.file("train-images-idx3-ubyte")));
  expect_mnist_content(MNIST(dir.str()), 4);
}

TEST(MNIST, TutorialPipeline) {
  TempDir dir("mnist_pipeline");
  write_bytes(dir.file("train-images-idx3-ubyte"), idx_images(10));
  write_bytes(dir.file("train-labels-idx1-ubyte"), idx_labels(10));
  auto dataset = MNIST(dir.str())
                     .map(data::transforms::Normalize<>(0.1307, 0.3081))
                     .map(data::transforms::Stack<>());
  auto loader = data::make_data_loader(std::move(dataset), data::DataLoaderOptions().batch_size(4).workers(2));
  std::vector<int64_t> sizes;
  for (auto& batch : *loader) {
    EXPECT_EQ(batch.data.size(1), 1);
    EXPECT_EQ(batch.data.size(2), 28);
    EXPECT_EQ(batch.target.dim(), 1);
    sizes.push_back(batch.data.size(0));
  }
  EXPECT_EQ(sizes, (std::vector<int64_t>{4, 4, 2}));
  auto mapped = MNIST(dir.str()).map(data::transforms::Normalize<>(0.1307, 0.3081));
  // Normalized pixel 0 of image 3: (3 * 7 / 255 - 0.1307) / 0.3081.
  std::vector<Example<>> one = mapped.get_batch(std::vector<size_t>{3});
  EXPECT_NEAR(one[0].data.flatten()[0].item<float>(), (21.0 / 255 - 0.1307) / 0.3081, 1e-5);
}

// Expects MNIST(dir) to fail with an error naming `file` and containing `part`.
void expect_mnist_error(const TempDir& dir, const std::string& file, const std::string& part) {
  try {
    MNIST ds(dir.str());
    ADD_FAILURE() << "expected an error about " << file;
  } catch (const Error& e) {
    std::string msg = e.what();
    EXPECT_EQ(msg.rfind("MNIST:", 0), 0u) << msg;
    EXPECT_NE(msg.find(dir.file(file)), std::string::npos) << "message lacks the file name: " << msg;
    EXPECT_NE(msg.find(part), std::string::npos) << "message lacks '" << part << "': " << msg;
  }
}

TEST(MNIST, CorruptAndTruncatedFilesNameFileAndOffset) {
  TempDir dir("mnist_bad");
  const std::string images = "train-images-idx3-ubyte", labels = "train-labels-idx1-ubyte";
  write_bytes(dir.file(labels), idx_labels(3));
  // Missing images file (neither plain nor .gz).
  expect_mnist_error(dir, images, "missing data file");
  // Bad magic number at offset 0.
  write_bytes(dir.file(images), idx_images(3, 28, 28, 2049));
  expect_mnist_error(dir, images, "bad magic number 2049 in " + dir.file(images) + " at byte offset 0");
  // Wrong dims: rows at offset 8, cols at offset 12.
  write_bytes(dir.file(images), idx_images(3, 27, 28));
  expect_mnist_error(dir, images, "wrong dims in " + dir.file(images) + " at byte offset 8");
  write_bytes(dir.file(images), idx_images(3, 28, 29));
  expect_mnist_error(dir, images, "at byte offset 12");
  // Truncated at several offsets: inside the magic, the header, and the pixels.
  std::vector<uint8_t> good = idx_images(3);
  for (size_t cut : {2u, 6u, 14u, 16u, 1000u, 16u + 3u * 784u - 1u}) {
    write_bytes(dir.file(images), std::vector<uint8_t>(good.begin(), good.begin() + cut));
    size_t field_start = cut < 16 ? cut / 4 * 4 : 16;
    expect_mnist_error(dir, images, "short read in " + dir.file(images) + " at byte offset " +
                                        std::to_string(field_start));
  }
  // Image/label count mismatch.
  write_bytes(dir.file(images), good);
  write_bytes(dir.file(labels), idx_labels(2));
  expect_mnist_error(dir, labels, "image/label count mismatch");
  // Labels file with an images magic; truncated labels.
  write_bytes(dir.file(labels), idx_labels(3, 2051));
  expect_mnist_error(dir, labels, "bad magic number 2051");
  std::vector<uint8_t> good_labels = idx_labels(3);
  write_bytes(dir.file(labels), std::vector<uint8_t>(good_labels.begin(), good_labels.end() - 1));
  expect_mnist_error(dir, labels, "at byte offset 8");
  // A truncated gzip stream: the error names the .gz file.
  write_bytes(dir.file(labels), idx_labels(3));
  fs::remove(dir.file(images));
  write_bytes(dir.file(images + ".tmp"), good);
  ASSERT_EQ(std::system(("gzip -c '" + dir.file(images + ".tmp") + "' > '" + dir.file(images + ".gz") + "'").c_str()), 0);
  auto size = fs::file_size(dir.file(images + ".gz"));
  fs::resize_file(dir.file(images + ".gz"), size / 2);
  expect_mnist_error(dir, images + ".gz", "(of the decompressed data)");
  // Garbage after a gzip header.
  write_bytes(dir.file(images + ".gz"), {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
  expect_mnist_error(dir, images + ".gz", "byte offset 0");
}

TEST(MNIST, FashionMnistWhenInstalled) {
  const std::string root = "/usr/share/datasets/fashion-mnist";
  if (!fs::exists(root)) GTEST_SKIP() << root << " is not installed";
  MNIST train(root), test(root, MNIST::Mode::kTest);
  EXPECT_EQ(train.size(), std::optional<size_t>(60000));
  EXPECT_EQ(test.size(), std::optional<size_t>(10000));
  for (const MNIST* ds : {&train, &test}) {
    EXPECT_EQ(ds->images().min().item<float>(), 0.f);
    EXPECT_EQ(ds->images().max().item<float>(), 1.f);
    EXPECT_EQ(ds->targets().min().item<int64_t>(), 0);
    EXPECT_EQ(ds->targets().max().item<int64_t>(), 9);
  }
  // Fashion-MNIST is balanced: 6000 training examples per class.
  std::vector<int64_t> counts(10);
  for (double label : values(train.targets())) ++counts[static_cast<size_t>(label)];
  EXPECT_EQ(counts, std::vector<int64_t>(10, 6000));
}

// CIFAR-10 records: label n % 10, pixel i = (n + i) % 256.
std::vector<uint8_t> cifar_records(int first, int count) {
  std::vector<uint8_t> out;
  for (int n = first; n < first + count; ++n) {
    out.push_back(static_cast<uint8_t>(n % 10));
    for (int i = 0; i < 3072; ++i) out.push_back(static_cast<uint8_t>((n + i) % 256));
  }
  return out;
}

TEST(CIFAR10, ReadsBinaryBatches) {
  TempDir dir("cifar");
  for (int b = 1; b <= 5; ++b) write_bytes(dir.file("data_batch_" + std::to_string(b) + ".bin"), cifar_records((b - 1) * 2, 2));
  write_bytes(dir.file("test_batch.bin"), cifar_records(100, 3));
  CIFAR10 train(dir.str());
  ASSERT_EQ(train.size(), std::optional<size_t>(10));
  Example<> e = train.get(7);  // the second record of data_batch_4
  EXPECT_EQ(e.data.sizes(), IntArrayRef({3, 32, 32}));
  EXPECT_EQ(e.target.item<int64_t>(), 7);
  // Channel 1 (green), row 2, col 5 is byte 1024 + 2 * 32 + 5 of the image.
  EXPECT_FLOAT_EQ(e.data[1][2][5].item<float>(), static_cast<float>((7 + 1024 + 69) % 256) / 255.f);
  CIFAR10 test(dir.str(), CIFAR10::Mode::kTest);
  ASSERT_EQ(test.size(), std::optional<size_t>(3));
  EXPECT_EQ(test.targets()[2].item<int64_t>(), 2);
  // Truncated record: the error names the file and the offset of the partial record.
  auto records = cifar_records(0, 2);
  records.resize(3073 + 100);
  write_bytes(dir.file("data_batch_3.bin"), records);
  expect_error([&] { CIFAR10 bad(dir.str()); }, "CIFAR10", dir.file("data_batch_3.bin") + " at byte offset 3073");
  fs::remove(dir.file("data_batch_3.bin"));
  expect_error([&] { CIFAR10 bad(dir.str()); }, "CIFAR10", "cannot open " + dir.file("data_batch_3.bin"));
  write_bytes(dir.file("test_batch.bin"), {11});
  expect_error([&] { CIFAR10 bad(dir.str(), CIFAR10::Mode::kTest); }, "CIFAR10", "short read");
}

TEST(CSVDataset, ByNameAndByIndex) {
  TempDir dir("csv");
  std::ofstream(dir.file("t.csv")) << "x1, label ,x2\n1.5,0,2\n\n-3,2,4e1\n7,1,0.25\n";
  CSVDataset by_name(dir.file("t.csv"), std::string("label"));
  ASSERT_EQ(by_name.size(), std::optional<size_t>(3));
  EXPECT_EQ(by_name.data().sizes(), IntArrayRef({3, 2}));
  expect_values(by_name.data(), {1.5, 2, -3, 40, 7, 0.25});
  EXPECT_EQ(by_name.targets().dtype(), kLong);
  expect_values(by_name.targets(), {0, 2, 1});
  EXPECT_EQ(by_name.feature_names(), (std::vector<std::string>{"x1", "x2"}));
  Example<> e = by_name.get(1);
  expect_values(e.data, {-3, 40});
  EXPECT_EQ(e.target.item<int64_t>(), 2);

  CSVDataset by_index(dir.file("t.csv"), int64_t{-1}, true, kFloat);
  expect_values(by_index.targets(), {2, 40, 0.25});
  expect_values(by_index.data(), {1.5, 0, -3, 2, 7, 1});

  std::ofstream(dir.file("noheader.csv")) << "1;2\n3;4\n";
  CSVDataset no_header(dir.file("noheader.csv"), int64_t{0}, false, kLong, ';');
  expect_values(no_header.targets(), {1, 3});
  expect_values(no_header.data(), {2, 4});
}

TEST(CSVDataset, Errors) {
  TempDir dir("csv_bad");
  std::ofstream(dir.file("text.csv")) << "a,b\n1,2\n3,oops\n";
  expect_error([&] { CSVDataset(dir.file("text.csv"), std::string("b")); }, "CSVDataset",
               dir.file("text.csv") + " line 3 (byte offset 8) column 2: \"oops\" is not a number");
  std::ofstream(dir.file("ragged.csv")) << "a,b\n1,2\n3\n";
  expect_error([&] { CSVDataset(dir.file("ragged.csv"), std::string("b")); }, "CSVDataset", "line 3");
  expect_error([&] { CSVDataset(dir.file("ragged.csv"), std::string("c")); }, "CSVDataset", "no column named");
  expect_error([&] { CSVDataset(dir.file("ragged.csv"), int64_t{5}); }, "CSVDataset", "out of range");
  expect_error([&] { CSVDataset(dir.file("missing.csv"), int64_t{0}); }, "CSVDataset", "cannot open");
  std::ofstream(dir.file("real_target.csv")) << "a,b\n1,2.5\n";
  expect_error([&] { CSVDataset(dir.file("real_target.csv"), std::string("b")); }, "CSVDataset",
               "target 2.5 is not an integer");
  EXPECT_NO_THROW(CSVDataset(dir.file("real_target.csv"), std::string("b"), kDouble));
}

TEST(TensorDataset, SlicesAlongDimZero) {
  data::datasets::TensorDataset ds(arange(12, kFloat).view({4, 3}));
  EXPECT_EQ(ds.size(), std::optional<size_t>(4));
  expect_values(ds.get(2).data, {6, 7, 8});
  data::datasets::TensorDataset stacked(std::vector<Tensor>{tensor({1.f, 2.f}), tensor({3.f, 4.f})});
  expect_values(stacked.get(1).data, {3, 4});
  expect_error([&] { ds.get(4); }, "TensorDataset::get", "out of range");
}

TEST(RandomSplit, DisjointSubsetsOfGivenSizes) {
  data::datasets::TensorDataset ds(arange(20, kFloat).view({20, 1}));
  auto parts = data::random_split(ds, {12, 5, 3}, 4);
  ASSERT_EQ(parts.size(), 3u);
  std::set<int64_t> all;
  std::vector<size_t> sizes;
  for (auto& part : parts) {
    sizes.push_back(*part.size());
    for (size_t i = 0; i < *part.size(); ++i) all.insert(static_cast<int64_t>(part.get(i).data.item<float>()));
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{12, 5, 3}));
  EXPECT_EQ(all.size(), 20u);
  EXPECT_EQ(data::random_split(ds, {12, 5, 3}, 4)[1].indices(), parts[1].indices());
  EXPECT_NE(data::random_split(ds, {12, 5, 3}, 5)[1].indices(), parts[1].indices());
  // A subset is a dataset like any other: it maps and loads.
  auto loader = data::make_data_loader<data::samplers::SequentialSampler>(
      parts[2].map(data::transforms::Stack<data::TensorExample>()), data::DataLoaderOptions(2));
  int64_t seen = 0;
  for (auto& batch : *loader) seen += batch.data.size(0);
  EXPECT_EQ(seen, 3);
  expect_error([&] { data::random_split(ds, {10, 5}); }, "random_split", "sum to 15");
  expect_error([&] { parts[1].get(5); }, "Subset::get", "out of range");
}

}  // namespace
}  // namespace ember
