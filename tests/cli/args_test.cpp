#include "args.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dip::cli {
namespace {

using Arguments = std::vector<std::string>;

std::string usage_error_of(const Arguments& arguments) {
  try {
    parse_command_line(arguments);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(Args, Denoise) {
  const Command command = parse_command_line({"denoise", "in.png", "out.tif"});
  EXPECT_EQ(command.action, Command::Action::Restore);
  EXPECT_EQ(command.options.task, dip::Task::Denoise);
  EXPECT_EQ(command.input, "in.png");
  EXPECT_EQ(command.output, "out.tif");
  EXPECT_FALSE(command.quiet);
  EXPECT_FALSE(command.report_every_given);
  EXPECT_TRUE(command.reference.empty());
}

TEST(Args, InpaintWithOptionsAnywhere) {
  const Command command = parse_command_line(
      {"--preset", "fast", "inpaint", "in.png", "--hole=hole.png", "out.png", "--iterations=0",
       "--seed", "18446744073709551615", "--tv", "0.25", "--threads=2", "--device", "auto",
       "--memory-limit", "2048", "--reference", "gt.png", "--report-every=5", "--quiet"});
  EXPECT_EQ(command.options.task, dip::Task::Inpaint);
  EXPECT_EQ(command.hole, "hole.png");
  EXPECT_EQ(command.options.preset, dip::Preset::Fast);
  EXPECT_EQ(command.options.iterations, 0);
  EXPECT_EQ(command.options.seed, 18446744073709551615ull);
  EXPECT_FLOAT_EQ(command.options.tv_weight, 0.25f);
  EXPECT_EQ(command.options.threads, 2);
  EXPECT_EQ(command.options.device, "auto");
  EXPECT_EQ(command.options.memory_budget, std::size_t{2048} << 20);
  EXPECT_EQ(command.reference, "gt.png");
  EXPECT_EQ(command.options.report_every, 5);
  EXPECT_TRUE(command.report_every_given);
  EXPECT_TRUE(command.quiet);
}

TEST(Args, NoiseSigmaIsGivenIn8BitLevels) {
  EXPECT_EQ(parse_command_line({"denoise", "in.png", "out.png"}).options.noise_level, 0.0f)
      << "0: estimated from the image";
  const Command command = parse_command_line({"denoise", "in.png", "out.png", "--noise-sigma=25.5"});
  EXPECT_FLOAT_EQ(command.options.noise_level, 0.1f);
}

TEST(Args, UpscaleFactors) {
  for (const char* factor : {"2", "3", "4", "8"}) {
    const Command command = parse_command_line({"upscale", "in.png", "--factor", factor, "o.jpg"});
    EXPECT_EQ(command.options.task, dip::Task::Upscale);
    EXPECT_EQ(command.options.factor, std::stoi(factor));
  }
}

TEST(Args, DoubleDashEndsOptions) {
  const Command command = parse_command_line({"denoise", "--", "-in.png", "-out.png"});
  EXPECT_EQ(command.input, "-in.png");
  EXPECT_EQ(command.output, "-out.png");
}

TEST(Args, HelpAndVersion) {
  EXPECT_EQ(parse_command_line({"--help"}).action, Command::Action::Help);
  EXPECT_EQ(parse_command_line({"denoise", "-h"}).action, Command::Action::Help);
  EXPECT_EQ(parse_command_line({"--version"}).action, Command::Action::Version);
  EXPECT_NE(usage_text().find("--hole MASK"), std::string::npos);
}

struct BadLine {
  Arguments arguments;
  const char* expected_message;
};

class BadCommandLine : public ::testing::TestWithParam<BadLine> {};

TEST_P(BadCommandLine, GivesOneClearLine) {
  const std::string message = usage_error_of(GetParam().arguments);
  EXPECT_EQ(message, GetParam().expected_message);
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Args, BadCommandLine,
    ::testing::Values(
        BadLine{{}, "missing task: dip-restore denoise|inpaint|upscale IN OUT (see --help)"},
        BadLine{{"sharpen", "a.png", "b.png"},
                "unknown task 'sharpen' (use denoise, inpaint or upscale)"},
        BadLine{{"denoise", "a.png"},
                "denoise takes an input and an output file, got 1 file name (see --help)"},
        BadLine{{"denoise", "a.png", "b.png", "c.png"},
                "denoise takes an input and an output file, got 3 file names (see --help)"},
        BadLine{{"denoise", "a.png", "b.png", "--fast"}, "unknown option '--fast' (see --help)"},
        BadLine{{"denoise", "a.png", "b.png", "-x"}, "unknown option '-x' (see --help)"},
        BadLine{{"denoise", "a.png", "b.png", "--seed"}, "--seed needs a value"},
        BadLine{{"denoise", "a.png", "b.png", "--quiet=yes"}, "--quiet takes no value"},
        BadLine{{"denoise", "a.png", "b.bmp"},
                "b.bmp: unknown output format (use .png, .jpg, .jpeg, .tif, .tiff, .pgm, .ppm, .pnm or .pam)"},
        BadLine{{"denoise", "a.png", "b.png", "--iterations", "ten"},
                "--iterations: 'ten' is not a whole number"},
        BadLine{{"denoise", "a.png", "b.png", "--iterations=12x"},
                "--iterations: '12x' is not a whole number"},
        BadLine{{"denoise", "a.png", "b.png", "--iterations", "-1"},
                "--iterations: -1 is out of range (0 to 1000000)"},
        BadLine{{"denoise", "a.png", "b.png", "--iterations", "99999999999999999999"},
                "--iterations: 99999999999999999999 is out of range (0 to 1000000)"},
        BadLine{{"denoise", "a.png", "b.png", "--memory-limit", "10"},
                "--memory-limit: 10 is out of range (64 to 1073741824)"},
        BadLine{{"denoise", "a.png", "b.png", "--threads", " 2"},
                "--threads: ' 2' is not a whole number"},
        BadLine{{"denoise", "a.png", "b.png", "--seed", "-3"},
                "--seed: '-3' is not a whole number >= 0"},
        BadLine{{"denoise", "a.png", "b.png", "--seed", "18446744073709551616"},
                "--seed: 18446744073709551616 is too large"},
        BadLine{{"denoise", "a.png", "b.png", "--tv", "-0.1"},
                "--tv: -0.1 is out of range (a weight >= 0)"},
        BadLine{{"denoise", "a.png", "b.png", "--tv", "nan"}, "--tv: 'nan' is not a number"},
        BadLine{{"denoise", "a.png", "b.png", "--noise-sigma", "0"},
                "--noise-sigma: 0 is out of range (above 0, at most 255)"},
        BadLine{{"denoise", "a.png", "b.png", "--noise-sigma", "300"},
                "--noise-sigma: 300 is out of range (above 0, at most 255)"},
        BadLine{{"denoise", "a.png", "b.png", "--noise-sigma", "x"},
                "--noise-sigma: 'x' is not a number"},
        BadLine{{"upscale", "a.png", "b.png", "--factor", "2", "--noise-sigma", "25"},
                "--noise-sigma is for denoise only"},
        BadLine{{"denoise", "a.png", "b.png", "--tv", "1e999"},
                "--tv: 1e999 is out of range (a weight >= 0)"},
        BadLine{{"denoise", "a.png", "b.png", "--report-every", "0"},
                "--report-every: 0 is out of range (1 to 1000000)"},
        BadLine{{"denoise", "a.png", "b.png", "--preset", "slow"},
                "--preset: unknown preset 'slow' (use fast, balanced or paper)"},
        BadLine{{"denoise", "a.png", "b.png", "--device=tpu"},
                "--device: unknown device 'tpu' (use cpu, cuda or auto)"},
        BadLine{{"inpaint", "a.png", "b.png"}, "inpaint needs --hole MASK"},
        BadLine{{"denoise", "a.png", "b.png", "--hole", "m.png"}, "--hole is for inpaint only"},
        BadLine{{"upscale", "a.png", "b.png"}, "upscale needs --factor F (2, 3, 4 or 8)"},
        BadLine{{"upscale", "a.png", "b.png", "--factor", "5"},
                "--factor 5 is not supported (use 2, 3, 4 or 8)"},
        BadLine{{"upscale", "a.png", "b.png", "--factor", "2.5"},
                "--factor: '2.5' is not a whole number"},
        BadLine{{"denoise", "a.png", "b.png", "--factor", "2"}, "--factor is for upscale only"}));

}  // namespace
}  // namespace dip::cli
