#include "progress_display.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

namespace dip::cli {
namespace {

// What a ProgressDisplay wrote, read back from an anonymous temporary file.
class Captured {
 public:
  Captured() : file_(std::tmpfile()) {}
  ~Captured() { std::fclose(file_); }
  std::FILE* file() const { return file_; }
  std::string text() const {
    std::fflush(file_);
    std::rewind(file_);
    std::string text;
    for (int c; (c = std::fgetc(file_)) != EOF;) text += static_cast<char>(c);
    return text;
  }

 private:
  std::FILE* file_;
};

dip::Progress at(int iteration, double elapsed_s) {
  dip::Progress progress;
  progress.iteration = iteration;
  progress.total = 100;
  progress.loss = 0.0125;
  progress.elapsed_s = elapsed_s;
  progress.eta_s = 75;
  return progress;
}

TEST(Progress, Durations) {
  EXPECT_EQ(format_duration(0), "0:00");
  EXPECT_EQ(format_duration(65.4), "1:05");
  EXPECT_EQ(format_duration(3723), "1:02:03");
  EXPECT_EQ(format_duration(-1), "0:00");
}

TEST(Progress, Description) {
  dip::Progress progress = at(20, 12);
  EXPECT_EQ(describe_progress(progress, std::nullopt),
            "20/100  loss 1.250e-02  0:12 elapsed, ETA 1:15");
  progress.automatic = true;
  EXPECT_EQ(describe_progress(progress, 27.456),
            "20/max 100  loss 1.250e-02  PSNR 27.46 dB  0:12 elapsed, ETA 1:15");
}

TEST(Progress, PlainLinesAreSpacedBySeconds) {
  Captured out;
  {
    ProgressDisplay display(out.file(), false, false);
    display.show(at(10, 1.0), std::nullopt);  // first: shown
    display.show(at(20, 2.0), std::nullopt);  // 1 s later: skipped
    display.show(at(30, 7.0), std::nullopt);  // 6 s later: shown
    display.show(at(100, 7.5), std::nullopt);  // the last report: always shown
  }
  const std::string text = out.text();
  EXPECT_NE(text.find("10/100"), std::string::npos);
  EXPECT_EQ(text.find("20/100"), std::string::npos);
  EXPECT_NE(text.find("30/100"), std::string::npos);
  EXPECT_NE(text.find("100/100"), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos);
}

TEST(Progress, EveryReportWhenAsked) {
  Captured out;
  {
    ProgressDisplay display(out.file(), false, true);
    display.show(at(10, 1.0), std::nullopt);
    display.show(at(20, 1.1), std::nullopt);
  }
  EXPECT_EQ(out.text(), "10/100  loss 1.250e-02  0:01 elapsed, ETA 1:15\n"
                        "20/100  loss 1.250e-02  0:01 elapsed, ETA 1:15\n");
}

TEST(Progress, TerminalBarRedrawsOneLine) {
  Captured out;
  {
    ProgressDisplay display(out.file(), true, false);
    display.show(at(50, 1.0), std::nullopt);
  }
  const std::string text = out.text();
  EXPECT_EQ(text.rfind("\r[############............] 50/100", 0), 0u) << text;
  EXPECT_EQ(text.back(), '\n');  // finish() ends the line
}

}  // namespace
}  // namespace dip::cli
