#include "image_io.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "atomic_output.hpp"
#include "test_files.hpp"

namespace dip::cli {
namespace {

using test::random_levels;
using test::read_bytes;
using test::TempFolder;
using test::write_bytes;

// Runs `action`, which must throw FileError; returns its message.
template <typename Action>
std::string file_error_of(Action action) {
  try {
    action();
  } catch (const FileError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no FileError thrown";
  return "";
}

void expect_same_pixels(const dip::Image& expected, const dip::Image& actual) {
  ASSERT_EQ(expected.width, actual.width);
  ASSERT_EQ(expected.height, actual.height);
  ASSERT_EQ(expected.channels, actual.channels);
  for (std::size_t i = 0; i < expected.data.size(); ++i)
    ASSERT_EQ(expected.data[i], actual.data[i]) << "sample " << i;
}

struct Layout {
  const char* extension;
  int bits;
  int channels;
};

class LosslessRoundTrip : public ::testing::TestWithParam<Layout> {};

TEST_P(LosslessRoundTrip, IsExact) {
  const Layout layout = GetParam();
  TempFolder folder;
  const std::string path = folder.path(std::string("image.") + layout.extension);
  // Odd sizes catch stride and row-padding mistakes.
  const dip::Image original = random_levels(13, 7, layout.channels, layout.bits, 42);
  write_image(path, original, layout.bits);
  const ImageFile read = read_image(path);
  EXPECT_EQ(read.bits, layout.bits);
  expect_same_pixels(original, read.image);
  EXPECT_EQ(folder.entries(), std::vector<std::string>{std::string("image.") + layout.extension});
}

INSTANTIATE_TEST_SUITE_P(
    LosslessFormats, LosslessRoundTrip,
    ::testing::Values(Layout{"png", 8, 1}, Layout{"png", 8, 2}, Layout{"png", 8, 3},
                      Layout{"png", 8, 4}, Layout{"png", 16, 1}, Layout{"png", 16, 2},
                      Layout{"png", 16, 3}, Layout{"png", 16, 4}, Layout{"tif", 8, 1},
                      Layout{"tif", 8, 3}, Layout{"tiff", 16, 1}, Layout{"tiff", 16, 2},
                      Layout{"tiff", 16, 3}, Layout{"tiff", 16, 4}, Layout{"pgm", 8, 1},
                      Layout{"pgm", 16, 1}, Layout{"ppm", 8, 3}, Layout{"ppm", 16, 3},
                      Layout{"pnm", 8, 1}, Layout{"PNM", 16, 3}, Layout{"pam", 8, 1},
                      Layout{"pam", 8, 2}, Layout{"pam", 8, 3}, Layout{"pam", 16, 4}),
    [](const ::testing::TestParamInfo<Layout>& info) {
      return std::string(info.param.extension) + std::to_string(info.param.bits) + "bit" +
             std::to_string(info.param.channels) + "ch";
    });

TEST(ImageIo, SixteenBitKeepsLevelsThatEightBitCannotHold) {
  TempFolder folder;
  dip::Image image(2, 1, 1);
  image.data = {1.0f / 65535.0f, 32769.0f / 65535.0f};
  write_image(folder.path("fine.png"), image, 16);
  const ImageFile read = read_image(folder.path("fine.png"));
  EXPECT_EQ(read.image.data[0], image.data[0]);
  EXPECT_EQ(read.image.data[1], image.data[1]);
}

TEST(ImageIo, JpegRoundTripIsClose) {
  for (int channels : {1, 3}) {
    TempFolder folder;
    const dip::Image original = test::smooth_image(40, 24, channels);
    write_image(folder.path("smooth.jpg"), original, 8);
    const ImageFile read = read_image(folder.path("smooth.jpg"));
    ASSERT_EQ(read.image.channels, channels);
    ASSERT_EQ(read.image.width, 40);
    ASSERT_EQ(read.image.height, 24);
    EXPECT_EQ(read.bits, 8);
    double worst = 0.0;
    for (std::size_t i = 0; i < original.data.size(); ++i)
      worst = std::max(worst, std::abs(double(original.data[i]) - read.image.data[i]));
    EXPECT_LT(worst, 6.0 / 255.0) << channels << " channels";
    EXPECT_GT(worst, 0.0) << "a JPEG is never exact; the test compares the wrong images";
  }
}

TEST(ImageIo, SixteenBitInputWritesEightBitJpeg) {
  TempFolder folder;
  write_image(folder.path("deep.jpeg"), test::smooth_image(16, 16, 3), 16);
  EXPECT_EQ(read_image(folder.path("deep.jpeg")).bits, 8);
}

TEST(ImageIo, PaletteWithTransparencyBecomesRgba) {
  // 2x2 palette PNG: red, green / blue, (10,20,30) at alpha 128.
  const std::vector<unsigned char> palette_png = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
      0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x03, 0x00, 0x00, 0x00, 0x45,
      0x68, 0xfd, 0x16, 0x00, 0x00, 0x00, 0x0c, 0x50, 0x4c, 0x54, 0x45, 0xff, 0x00, 0x00, 0x00,
      0xff, 0x00, 0x00, 0x00, 0xff, 0x0a, 0x14, 0x1e, 0x22, 0x88, 0x29, 0x04, 0x00, 0x00, 0x00,
      0x04, 0x74, 0x52, 0x4e, 0x53, 0xff, 0xff, 0xff, 0x80, 0xad, 0x92, 0x2a, 0xd4, 0x00, 0x00,
      0x00, 0x0e, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x60, 0x64, 0x60, 0x62, 0x06,
      0x00, 0x00, 0x11, 0x00, 0x07, 0x9e, 0xa2, 0x2a, 0x12, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
      0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  TempFolder folder;
  write_bytes(folder.path("palette.png"), palette_png);
  const ImageFile read = read_image(folder.path("palette.png"));
  ASSERT_EQ(read.image.channels, 4);
  EXPECT_EQ(read.bits, 8);
  EXPECT_EQ(read.image.at(0, 0, 0), 1.0f);
  EXPECT_EQ(read.image.at(1, 0, 1), 1.0f);
  EXPECT_EQ(read.image.at(0, 1, 2), 1.0f);
  EXPECT_EQ(read.image.at(1, 1, 0), 10.0f / 255.0f);
  EXPECT_EQ(read.image.at(1, 1, 3), 128.0f / 255.0f);
  EXPECT_EQ(read.image.at(0, 0, 3), 1.0f);
}

TEST(ImageIo, MissingFileNamesTheFile) {
  TempFolder folder;
  const std::string path = folder.path("absent.png");
  const std::string message = file_error_of([&] { read_image(path); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("No such file"), std::string::npos) << message;
}

TEST(ImageIo, EmptyFileIsRefused) {
  TempFolder folder;
  const std::string path = folder.path("empty.png");
  write_bytes(path, {});
  const std::string message = file_error_of([&] { read_image(path); });
  EXPECT_EQ(message, path + ": file is empty");
}

TEST(ImageIo, NonImageIsRefused) {
  TempFolder folder;
  const std::string path = folder.path("notes.png");
  write_bytes(path, {'h', 'e', 'l', 'l', 'o', '\n'});
  EXPECT_EQ(file_error_of([&] { read_image(path); }),
            path + ": not a PNG, JPEG, TIFF, PGM, PPM or PAM image");
}

std::vector<unsigned char> bytes_of(const std::string& text) {
  return std::vector<unsigned char>(text.begin(), text.end());
}

// Files as other programs write them: comments, odd spacing, a maxval that is neither 255
// nor 65535. The header is read for what it says, and the channels for what they are.
TEST(ImageIo, NetpbmAsOtherProgramsWriteIt) {
  TempFolder folder;
  const std::string pgm = folder.path("ramp.pgm");
  auto bytes = bytes_of("P5\n# made by hand\n3  1\t# width height\n 15\n");
  bytes.insert(bytes.end(), {0, 5, 15});
  write_bytes(pgm, bytes);
  const ImageFile grey = read_image(pgm);
  ASSERT_EQ(grey.image.channels, 1);
  ASSERT_EQ(grey.image.width, 3);
  EXPECT_EQ(grey.bits, 8);
  EXPECT_EQ(grey.image.data[0], 0.0f);
  EXPECT_EQ(grey.image.data[1], 5.0f / 15.0f);
  EXPECT_EQ(grey.image.data[2], 1.0f);

  const std::string ppm = folder.path("deep.ppm");
  bytes = bytes_of("P6 1 1 1023\n");
  bytes.insert(bytes.end(), {0x03, 0xff, 0x00, 0x01, 0x02, 0x00});  // big-endian
  write_bytes(ppm, bytes);
  const ImageFile colour = read_image(ppm);
  ASSERT_EQ(colour.image.channels, 3);
  EXPECT_EQ(colour.bits, 16);
  EXPECT_EQ(colour.image.data[0], 1.0f);
  EXPECT_EQ(colour.image.data[1], 1.0f / 1023.0f);
  EXPECT_EQ(colour.image.data[2], 512.0f / 1023.0f);

  const std::string pam = folder.path("alpha.pam");
  bytes = bytes_of("P7\n# comment\nWIDTH 2\nHEIGHT 1\nDEPTH 2\nMAXVAL 255\n"
                   "TUPLTYPE GRAYSCALE_ALPHA\nENDHDR\n");
  bytes.insert(bytes.end(), {255, 0, 51, 255});
  write_bytes(pam, bytes);
  const ImageFile alpha = read_image(pam);
  ASSERT_EQ(alpha.image.channels, 2);
  EXPECT_EQ(alpha.image.at(0, 0, 0), 1.0f);
  EXPECT_EQ(alpha.image.at(0, 0, 1), 0.0f);
  EXPECT_EQ(alpha.image.at(1, 0, 0), 51.0f / 255.0f);
  EXPECT_EQ(alpha.image.at(1, 0, 1), 1.0f);
}

TEST(ImageIo, NetpbmHeaderFollowsTheChannels) {
  TempFolder folder;
  write_image(folder.path("grey.ppm"), random_levels(2, 2, 1, 8, 3), 8);
  write_image(folder.path("colour.pgm"), random_levels(2, 2, 3, 16, 3), 16);
  write_image(folder.path("rgba.pam"), random_levels(2, 2, 4, 8, 3), 8);
  const auto head = [&](const std::string& name, std::size_t count) {
    const auto bytes = read_bytes(folder.path(name));
    return std::string(bytes.begin(), bytes.begin() + static_cast<long>(count));
  };
  EXPECT_EQ(head("grey.ppm", 11), "P5\n2 2\n255\n");
  EXPECT_EQ(head("colour.pgm", 13), "P6\n2 2\n65535\n");
  EXPECT_EQ(head("rgba.pam", 65),
            "P7\nWIDTH 2\nHEIGHT 2\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n");
}

TEST(ImageIo, BadNetpbmIsRefusedWithItsReason) {
  TempFolder folder;
  const std::string path = folder.path("bad.pnm");
  const auto refusal = [&](const std::string& header, std::vector<unsigned char> raster) {
    auto bytes = bytes_of(header);
    bytes.insert(bytes.end(), raster.begin(), raster.end());
    write_bytes(path, bytes);
    return file_error_of([&] { read_image(path); });
  };
  EXPECT_EQ(refusal("P5\n2 x\n255\n", {1, 2}), path + ": not a valid PGM or PPM header");
  EXPECT_EQ(refusal("P5\n2 1\n255", {}), path + ": not a valid PGM or PPM header");
  EXPECT_EQ(refusal("P5\n99999999999 1\n255\n", {}), path + ": not a valid PGM or PPM header");
  EXPECT_EQ(refusal("P5\n2 1\n0\n", {0, 0}), path + ": unsupported maxval 0 (1 to 65535)");
  EXPECT_EQ(refusal("P5\n2 1\n65536\n", {0, 0}), path + ": unsupported maxval 65536 (1 to 65535)");
  EXPECT_EQ(refusal("P5\n0 1\n255\n", {}), path + ": image has no pixels");
  EXPECT_EQ(refusal("P5\n300000 1\n255\n", {}), path + ": image is too large (300000x1)");
  EXPECT_EQ(refusal("P6\n2 2\n255\n", {1, 2, 3}), path + ": truncated PGM, PPM or PAM file");
  EXPECT_EQ(refusal("P5\n2 1\n100\n", {100, 101}),
            path + ": corrupt file: a sample is above the maxval 100");
  EXPECT_EQ(refusal("P7\nWIDTH 1\nHEIGHT 1\nDEPTH 5\nMAXVAL 255\nENDHDR\n", {1, 2, 3, 4, 5}),
            path + ": unsupported PAM depth 5 (1 to 4 channels)");
  EXPECT_EQ(refusal("P7\nWIDTH 1\nHEIGHT 1\nMAXVAL 255\nENDHDR\n", {1}),
            path + ": not a valid PAM header");
  EXPECT_EQ(refusal("P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nCOLOUR red\nENDHDR\n", {1}),
            path + ": not a valid PAM header");
  EXPECT_EQ(refusal("P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\n", {}),
            path + ": not a valid PAM header");
  // P1-P4 (ASCII and bitmaps) are not read: their signature is not taken for an image.
  EXPECT_EQ(refusal("P3\n1 1\n255\n1 2 3\n", {}),
            path + ": not a PNG, JPEG, TIFF, PGM, PPM or PAM image");
}

TEST(ImageIo, AlphaIntoPgmOrPpmIsRefused) {
  TempFolder folder;
  const std::string message =
      file_error_of([&] { write_image(folder.path("out.ppm"), random_levels(2, 2, 4, 8, 1), 8); });
  EXPECT_EQ(message, folder.path("out.ppm") +
                         ": PGM and PPM cannot store the image's alpha channel (write .pam, .png "
                         "or .tif)");
  EXPECT_TRUE(folder.entries().empty());
}

TEST(ImageIo, FolderIsRefused) {
  TempFolder folder;
  const std::string message = file_error_of([&] { read_image(folder.path("")); });
  EXPECT_NE(message.find("is a folder"), std::string::npos) << message;
}

TEST(ImageIo, PngSignatureWithGarbageIsRefused) {
  TempFolder folder;
  const std::string path = folder.path("fake.png");
  std::vector<unsigned char> bytes = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  bytes.resize(100, 0x5a);
  write_bytes(path, bytes);
  const std::string message = file_error_of([&] { read_image(path); });
  EXPECT_EQ(message.rfind(path + ": not a valid PNG file", 0), 0u) << message;
}

// Cuts a valid file at several points; every cut must throw (never crash, never return a
// half-grey picture) and name the file.
void expect_truncations_refused(const std::string& extension, int bits) {
  TempFolder folder;
  const std::string whole = folder.path("whole." + extension);
  write_image(whole, random_levels(48, 40, 3, bits, 7), bits);
  const std::vector<unsigned char> bytes = read_bytes(whole);
  ASSERT_GT(bytes.size(), 200u);
  for (double fraction : {0.02, 0.3, 0.6, 0.95}) {
    const std::string cut = folder.path("cut." + extension);
    write_bytes(cut, std::vector<unsigned char>(
                         bytes.begin(), bytes.begin() + static_cast<long>(bytes.size() * fraction)));
    const std::string message = file_error_of([&] { read_image(cut); });
    EXPECT_EQ(message.rfind(cut + ": ", 0), 0u) << extension << " cut at " << fraction << ": "
                                                << message;
  }
}

TEST(ImageIo, TruncatedPngIsRefused) { expect_truncations_refused("png", 16); }
TEST(ImageIo, TruncatedJpegIsRefused) { expect_truncations_refused("jpg", 8); }
TEST(ImageIo, TruncatedTiffIsRefused) { expect_truncations_refused("tif", 8); }
TEST(ImageIo, TruncatedPpmIsRefused) { expect_truncations_refused("ppm", 16); }
TEST(ImageIo, TruncatedPamIsRefused) { expect_truncations_refused("pam", 8); }

TEST(ImageIo, UnknownOutputExtensionIsRefusedBeforeWriting) {
  TempFolder folder;
  const std::string message =
      file_error_of([&] { write_image(folder.path("out.bmp"), random_levels(4, 4, 3, 8, 1), 8); });
  EXPECT_NE(message.find("unknown output format"), std::string::npos) << message;
  EXPECT_TRUE(folder.entries().empty());
}

TEST(ImageIo, AlphaIntoJpegFailsAndKeepsTheOldFile) {
  TempFolder folder;
  const std::string path = folder.path("out.jpg");
  write_bytes(path, {'o', 'l', 'd'});
  const std::string message =
      file_error_of([&] { write_image(path, random_levels(4, 4, 4, 8, 1), 8); });
  EXPECT_NE(message.find("alpha"), std::string::npos) << message;
  EXPECT_EQ(read_bytes(path), (std::vector<unsigned char>{'o', 'l', 'd'}));
  EXPECT_EQ(folder.entries(), std::vector<std::string>{"out.jpg"});
}

TEST(ImageIo, MissingOutputFolderIsNamed) {
  TempFolder folder;
  const std::string path = folder.path("no/such/out.png");
  const std::string message =
      file_error_of([&] { write_image(path, random_levels(4, 4, 3, 8, 1), 8); });
  EXPECT_EQ(message, path + ": folder '" + folder.path("no/such") + "' does not exist");
  EXPECT_TRUE(folder.entries().empty());
}

TEST(ImageIo, ReadOnlyOutputFolderIsRefused) {
  // Root ignores permission bits, so as root use sysfs, which refuses new files to everyone.
  TempFolder folder;
  std::string path = folder.path("locked/out.png");
  if (::geteuid() == 0) {
    if (!std::filesystem::is_directory("/sys")) GTEST_SKIP() << "root without /sys";
    path = "/sys/dip-cli-test-out.png";
  } else {
    std::filesystem::create_directory(folder.path("locked"));
    std::filesystem::permissions(folder.path("locked"), std::filesystem::perms::owner_read |
                                                            std::filesystem::perms::owner_exec);
  }
  const std::string message =
      file_error_of([&] { write_image(path, random_levels(4, 4, 3, 8, 1), 8); });
  EXPECT_NE(message.find("cannot write in folder"), std::string::npos) << message;
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(ImageIo, OutputThatIsAFolderIsRefused) {
  TempFolder folder;
  std::filesystem::create_directory(folder.path("taken.png"));
  const std::string message = file_error_of(
      [&] { write_image(folder.path("taken.png"), random_levels(4, 4, 3, 8, 1), 8); });
  EXPECT_NE(message.find("is a folder"), std::string::npos) << message;
}

TEST(AtomicOutput, UncommittedTemporaryIsRemoved) {
  TempFolder folder;
  {
    AtomicOutput output(folder.path("out.png"));
    write_bytes(output.temporary_path(), {1, 2, 3});
    EXPECT_EQ(folder.entries().size(), 1u);
    EXPECT_EQ(std::filesystem::path(output.temporary_path()).parent_path(),
              std::filesystem::path(folder.path("")).parent_path());
  }
  EXPECT_TRUE(folder.entries().empty());
}

TEST(AtomicOutput, CommitReplacesTheTarget) {
  TempFolder folder;
  write_bytes(folder.path("out.png"), {9});
  {
    AtomicOutput output(folder.path("out.png"));
    write_bytes(output.temporary_path(), {1, 2, 3});
    EXPECT_EQ(read_bytes(folder.path("out.png")), std::vector<unsigned char>{9});
    output.commit();
  }
  EXPECT_EQ(read_bytes(folder.path("out.png")), (std::vector<unsigned char>{1, 2, 3}));
  EXPECT_EQ(folder.entries(), std::vector<std::string>{"out.png"});
}

TEST(AtomicOutput, FolderOfPath) {
  EXPECT_EQ(folder_of("out.png"), ".");
  EXPECT_EQ(folder_of("/out.png"), "/");
  EXPECT_EQ(folder_of("a/b/out.png"), "a/b");
}

}  // namespace
}  // namespace dip::cli
