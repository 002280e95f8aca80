// The safetensors container: exact bytes of a written file, round-trips of every dtype and
// layout, plain files from other writers, and rejection of every kind of corrupt file.
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>

#include "io_test_util.h"

namespace ember {
namespace {

using serialize::InputArchive;
using serialize::OutputArchive;

// Checked byte for byte against the safetensors layout (no Python safetensors here): the
// header length (211 bytes of JSON padded with spaces to 216, so the data is 8-aligned),
// the JSON header with the archive layout in __metadata__, then the little-endian floats.
TEST(Safetensors, WritesTheExpectedBytes) {
  ScratchDir dir;
  OutputArchive archive;
  archive.write("ab", tensor({1.0f, -2.0f}));
  archive.write("n", 7);
  archive.save_to(dir.file("x.safetensors"));

  std::string header =
      R"({"__metadata__":{"ember.archive":"{\"format\":\"ember.archive\",\"version\":1,\"entries\":)"
      R"({\"ab\":{\"tensor\":\"ab\",\"buffer\":false},\"n\":{\"int\":7}}}"},)"
      R"("ab":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}     )";
  ASSERT_EQ(header.size(), 216u);
  std::string expected("\xd8\0\0\0\0\0\0\0", 8);  // 216 = 0xd8
  expected += header;
  expected += std::string("\x00\x00\x80\x3f\x00\x00\x00\xc0", 8);  // 1.0f, -2.0f
  EXPECT_EQ(read_bytes(dir.file("x.safetensors")), expected);
}

// Every dtype, with values that show byte order and sign.
Tensor sample(ScalarType dtype) {
  if (dtype == kBool) return tensor({1.0, 0.0, 1.0, 1.0, 0.0, 0.0}).to(kBool).reshape({2, 3});
  if (is_floating_type(dtype)) return tensor({-1.5, 0.0, 2.25, 1e3, -7.0, 0.5}).to(dtype).reshape({2, 3});
  if (dtype == kUInt8) return tensor({0.0, 1.0, 127.0, 128.0, 200.0, 255.0}).to(dtype).reshape({2, 3});
  return tensor({-100.0, 0.0, 1.0, 2.0, 100.0, -3.0}).to(dtype).reshape({2, 3});
}

const ScalarType kAllDtypes[] = {kBool, kUInt8, kInt8, kInt16, kInt32, kInt64, kFloat16, kBFloat16, kFloat32, kFloat64};

TEST(Safetensors, EveryDtypeRoundTrips) {
  ScratchDir dir;
  OutputArchive out;
  for (ScalarType dtype : kAllDtypes) out.write(std::string(to_string(dtype)), sample(dtype));
  out.save_to(dir.file("all.safetensors"));
  InputArchive in;
  in.load_from(dir.file("all.safetensors"));
  for (ScalarType dtype : kAllDtypes) {
    Tensor t;
    in.read(std::string(to_string(dtype)), t);
    EXPECT_TRUE(bitwise_equal(t, sample(dtype))) << dtype;
  }
}

TEST(Safetensors, LayoutsRoundTrip) {
  ScratchDir dir;
  Tensor base = arange(24, kDouble).reshape({2, 3, 4});
  Tensor transposed = base.transpose(0, 2);        // non-contiguous
  Tensor strided = base.select(2, 1);              // storage offset and strides
  Tensor scalar = scalar_tensor(-3.5, kFloat);     // 0-dim
  Tensor empty_rows = zeros({0, 5}, kInt32);       // 0-size
  Tensor expanded = tensor({1.0, 2.0}).expand({3, 2});
  const double inf = std::numeric_limits<double>::infinity();
  Tensor special = tensor({std::nan(""), inf, -inf, -0.0}, kDouble);
  std::vector<Tensor> all{transposed, strided, scalar, empty_rows, expanded, special};
  save(all, dir.file("layouts.safetensors"));
  std::vector<Tensor> loaded;
  load(loaded, dir.file("layouts.safetensors"));
  ASSERT_EQ(loaded.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_TRUE(bitwise_equal(loaded[i], all[i])) << i;
    EXPECT_TRUE(loaded[i].is_contiguous());
  }
  EXPECT_EQ(loaded[2].dim(), 0);
}

// A file as another safetensors writer makes it: no ember metadata, its own order of keys.
TEST(Safetensors, ReadsPlainFiles) {
  ScratchDir dir;
  std::string header =
      R"({"b":{"dtype":"I16","shape":[3],"data_offsets":[4,10]},"a":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},)"
      R"("__metadata__":{"format":"pt"}})";
  // a = bf16 [1.0, -2.0] (0x3f80, 0xc000), b = int16 [1, -1, 256]
  std::string data("\x80\x3f\x00\xc0\x01\x00\xff\xff\x00\x01", 10);
  write_bytes(dir.file("plain.safetensors"), safetensors_bytes(header, data));
  InputArchive in;
  in.load_from(dir.file("plain.safetensors"));
  EXPECT_EQ(in.keys(), (std::vector<std::string>{"b", "a"}));
  Tensor a, b;
  in.read("a", a);
  in.read("b", b);
  EXPECT_EQ(a.dtype(), kBFloat16);
  expect_values(a, {1.0, -2.0});
  EXPECT_EQ(b.dtype(), kInt16);
  expect_values(b, {1, -1, 256});
}

// ---- corrupt files ------------------------------------------------------------------------

// Loads `bytes` as a file and expects an ember::Error from load naming the file and `part`.
void expect_corrupt(const std::string& bytes, const std::string& part) {
  ScratchDir dir;
  std::string path = dir.file("bad.safetensors");
  write_bytes(path, bytes);
  InputArchive in;
  expect_error([&] { in.load_from(path); }, "load", part);
  expect_error([&] { in.load_from(path); }, "load", path);
}

std::string encoded(const OutputArchive& out) {
  std::ostringstream stream;
  out.save_to(stream);
  return stream.str();
}

std::string small_file() {
  OutputArchive out;
  out.write("w", tensor({1.0f, 2.0f, 3.0f}));
  out.write("flags", tensor({1.0, 0.0}).to(kBool));
  out.write("lr", 0.5);
  return encoded(out);
}

TEST(SafetensorsCorrupt, EveryTruncationThrows) {
  std::string bytes = small_file();
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::istringstream stream(bytes.substr(0, n));
    InputArchive in;
    EXPECT_THROW(in.load_from(stream), Error) << "prefix of " << n << " bytes";
    EXPECT_TRUE(in.keys().empty());  // the archive is untouched
  }
  // Trailing garbage is as wrong as missing bytes.
  expect_corrupt(bytes + "x", "trailing");
}

TEST(SafetensorsCorrupt, EveryHeaderByteFlipThrowsOrLoadsTheSameShape) {
  std::string bytes = small_file();
  uint64_t header_size = 0;
  std::memcpy(&header_size, bytes.data(), 8);
  int rejected = 0;
  for (size_t i = 0; i < 8 + header_size; ++i) {
    for (unsigned char mask : {0x01, 0x20, 0x80}) {
      std::string flipped = bytes;
      flipped[i] = static_cast<char>(flipped[i] ^ mask);
      std::istringstream stream(flipped);
      InputArchive in;
      try {
        in.load_from(stream);
        // A flip inside a string or in padding can leave a valid file; it must still be
        // self-consistent: every tensor key reads as a tensor.
        for (const auto& key : in.keys()) {
          if (in.is_tensor(key)) {
            Tensor t;
            in.read(key, t);
          }
        }
      } catch (const Error&) {
        ++rejected;
      }
    }
  }
  EXPECT_GT(rejected, static_cast<int>(header_size));  // most flips are caught
}

TEST(SafetensorsCorrupt, BadHeadersNameTheProblem) {
  const std::string data12(12, '\0');
  auto file = [](const std::string& header, const std::string& data) { return safetensors_bytes(header, data); };
  expect_corrupt("", "shorter than the 8-byte header length");
  expect_corrupt(std::string("\x10\0\0\0\0\0\0\0{}", 10), "runs past the end");
  expect_corrupt(std::string("\xff\xff\xff\xff\xff\xff\xff\xff{}", 10), "runs past the end");
  expect_corrupt(file("{\"w\":", ""), "not valid JSON");
  expect_corrupt(file("[1,2]", ""), "expected an object");
  expect_corrupt(file(R"({"w":3})", ""), "is not an object");
  expect_corrupt(file(R"({"w":{"dtype":"F8","shape":[3],"data_offsets":[0,3]}})", "abc"), "unsupported dtype \"F8\"");
  expect_corrupt(file(R"({"w":{"shape":[3],"data_offsets":[0,12]}})", data12), "no string \"dtype\"");
  expect_corrupt(file(R"({"w":{"dtype":"F32","shape":[-3],"data_offsets":[0,12]}})", data12), "non-negative");
  expect_corrupt(file(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0]}})", data12), "data_offsets");
  expect_corrupt(file(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[8,4]}})", data12), "begin > end");
  expect_corrupt(file(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}})", data12), "needs 8 bytes");
  expect_corrupt(file(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[4,16]}})", data12), "beyond the 12-byte");
  expect_corrupt(file(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},)"
                      R"("v":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                      data12),
                 "overlapping");
  expect_corrupt(file(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", data12), "hole");
  expect_corrupt(file(R"({"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,12]}})", data12),
                 "overflows");
  expect_corrupt(file(R"({"w":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}})", std::string("\x01\x07", 2)),
                 "expected 0 or 1");
  expect_corrupt(file(R"({"__metadata__":{"k":1}})", ""), "expected a string");
  expect_corrupt(file(R"({"__metadata__":{"ember.archive":"nope"}})", ""), "not a JSON object");
  expect_corrupt(file(R"({"__metadata__":{"ember.archive":"{\"format\":\"ember.archive\",\"version\":9,\"entries\":{}}"}})", ""),
                 "version 9");
  expect_corrupt(file(R"({"__metadata__":{"ember.archive":"{\"format\":\"ember.archive\",\"version\":1,\"entries\":{\"a\":{\"tensor\":\"zz\"}}}"}})", ""),
                 "which the file lacks");
  expect_corrupt(file(R"({"__metadata__":{"ember.archive":"{\"format\":\"ember.archive\",\"version\":1,\"entries\":{\"a\":{\"blob\":1}}}"}})", ""),
                 "unknown kind 'blob'");
  expect_corrupt(file(R"({"__metadata__":{"ember.archive":"{\"format\":\"ember.archive\",\"version\":1,\"entries\":{}}"},)"
                      R"("w":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}})", data12),
                 "no archive entry refers to it");
}

TEST(SafetensorsCorrupt, DeepNestingAndBadUtf8Throw) {
  // 100000 nested arrays as the header: parsed without recursion, refused as a non-object.
  expect_corrupt(safetensors_bytes(std::string(100000, '[') + std::string(100000, ']'), ""), "expected an object");
  // Archive layouts nested beyond the limit are refused, not recursed into.
  std::string nested = "{}";
  for (int i = 0; i < 1000; ++i) nested = "{\\\"a\\\":{\\\"archive\\\":" + nested + "}}";
  expect_corrupt(safetensors_bytes(R"({"__metadata__":{"ember.archive":"{\"format\":\"ember.archive\",\"version\":1,\"entries\":)" +
                                       nested + R"(}"}})",
                                   ""),
                 "deeper than");
  expect_corrupt(safetensors_bytes("{\"\xff\":{}}", ""), "not valid JSON");
  OutputArchive out;
  out.write("bad\xff", 1.0);
  std::ostringstream sink;
  expect_error([&] { out.save_to(sink); }, "save", "UTF-8");
}

TEST(SafetensorsCorrupt, MissingFileAndDirectoryThrow) {
  ScratchDir dir;
  InputArchive in;
  expect_error([&] { in.load_from(dir.file("absent.safetensors")); }, "load", "absent.safetensors");
  expect_error([&] { in.load_from(dir.file("")); }, "load");
}

}  // namespace
}  // namespace ember
