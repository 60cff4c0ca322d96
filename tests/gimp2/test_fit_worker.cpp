// The worker runs the real engine on tiny inputs: these tests check the threading contract
// (progress, estimates, cancel, stop-and-keep, failures), not image quality.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <random>
#include <string>
#include <thread>

#include "../core/injected_fault.hpp"
#include "fit_worker.hpp"

namespace dip::front {
namespace {

using std::chrono::milliseconds;

FitJob small_job(int iterations) {
  FitJob job;
  const int side = std::max(32, dip::minimum_side(dip::Task::Denoise));
  job.input = dip::Image(side, side, 3);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x)
      for (int c = 0; c < 3; ++c)
        job.input.at(x, y, c) = 0.5f + 0.4f * std::sin(0.3f * x + 0.2f * y + c);
  job.options.task = dip::Task::Denoise;
  job.options.preset = dip::Preset::Fast;
  job.options.iterations = iterations;
  job.options.report_every = 1;
  job.options.threads = 1;
  return job;
}

bool wait_until_iteration(const FitWorker& worker, int iteration) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    if (worker.progress().iteration >= iteration) return true;
    if (worker.wait_for(milliseconds(5))) return false;
  }
  return false;
}

// GIMP going away mid-fit: libgimp's quit hook must end the process at once (status 0, no
// static destructors under a running worker). Death tests run in a child; "threadsafe"
// re-executes this binary for it, since the engine has threads.
TEST(FitWorkerQuitHook, EndsTheProcessWhileAFitRuns) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        FitWorker worker(small_job(100000));
        if (!wait_until_iteration(worker, 2)) std::abort();
        FitWorker::end_process_if_fitting();
        std::abort();  // not reached
      },
      ::testing::ExitedWithCode(0), "");
}

// The quit after a run must come back (libgimp then tells GIMP the plug-in is done). In a
// child too: a wrong _exit(0) here would otherwise end this test binary as a success.
TEST(FitWorkerQuitHook, ReturnsOnceNoWorkerIsLeft) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        {
          FitWorker worker(small_job(2));
          if (!worker.wait_for(milliseconds(120000))) std::abort();
        }
        FitWorker::end_process_if_fitting();
        _exit(3);  // not exit(): the child's leak check (sanitized builds) is not this test's business
      },
      ::testing::ExitedWithCode(3), "");
}

TEST(FitWorker, RunsToTheEndAndReportsProgress) {
  FitWorker worker(small_job(6));
  ASSERT_TRUE(worker.wait_for(milliseconds(120000)));
  ASSERT_EQ(worker.state(), FitState::Finished) << worker.error();
  const FitProgress progress = worker.progress();
  EXPECT_TRUE(progress.started);
  EXPECT_EQ(progress.iteration, 6);
  EXPECT_DOUBLE_EQ(progress.fraction(), 1.0);
  EXPECT_EQ(worker.result().image.width, worker.result().image.height);
  EXPECT_EQ(worker.result().image.channels, 3);
  EXPECT_FALSE(worker.result().stopped_by_user);
}

TEST(FitWorker, CancelEndsTheRunWithoutAResult) {
  FitWorker worker(small_job(10000));
  ASSERT_TRUE(wait_until_iteration(worker, 2));
  const auto asked = std::chrono::steady_clock::now();
  worker.cancel();
  ASSERT_TRUE(worker.wait_for(milliseconds(60000)));
  EXPECT_EQ(worker.state(), FitState::Cancelled);
  EXPECT_LT(worker.progress().iteration, 10000);
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(30));
}

TEST(FitWorker, StopAndKeepAloneFinishesWithTheEstimate) {
  FitWorker worker(small_job(10000));
  ASSERT_TRUE(wait_until_iteration(worker, 3));
  worker.stop_and_keep();
  ASSERT_TRUE(worker.wait_for(milliseconds(60000)));
  ASSERT_EQ(worker.state(), FitState::Finished) << worker.error();
  EXPECT_TRUE(worker.result().stopped_by_user);
  EXPECT_FALSE(worker.result().image.empty());
  EXPECT_LT(worker.result().iterations, 10000);
}

TEST(FitWorker, CancelAfterStopAndKeepStillCancels) {
  FitWorker worker(small_job(10000));
  ASSERT_TRUE(wait_until_iteration(worker, 2));
  worker.cancel();
  worker.stop_and_keep();  // ignored: the user asked to leave the image alone first
  EXPECT_EQ(worker.requested(), dip::Action::Cancel);
  ASSERT_TRUE(worker.wait_for(milliseconds(60000)));
  EXPECT_EQ(worker.state(), FitState::Cancelled);
}

TEST(FitWorker, PublishesEstimatesWhenAskedTo) {
  FitWorker worker(small_job(12), milliseconds(1));
  ASSERT_TRUE(worker.wait_for(milliseconds(120000)));
  ASSERT_EQ(worker.state(), FitState::Finished) << worker.error();
  std::uint64_t serial = 0;
  dip::Image estimate;
  ASSERT_TRUE(worker.take_estimate(&serial, &estimate));
  EXPECT_GT(serial, 0u);
  EXPECT_EQ(estimate.width, worker.result().image.width);
  EXPECT_FALSE(worker.take_estimate(&serial, &estimate));  // nothing newer
}

TEST(FitWorker, NoEstimatesWithoutAPreview) {
  FitWorker worker(small_job(4));
  ASSERT_TRUE(worker.wait_for(milliseconds(120000)));
  std::uint64_t serial = 0;
  dip::Image estimate;
  EXPECT_FALSE(worker.take_estimate(&serial, &estimate));
}

TEST(FitWorker, EngineErrorsBecomeMessages) {
  FitJob job = small_job(4);
  job.options.task = dip::Task::Inpaint;  // no mask: the engine refuses
  FitWorker worker(std::move(job));
  ASSERT_TRUE(worker.wait_for(milliseconds(60000)));
  EXPECT_EQ(worker.state(), FitState::Failed);
  EXPECT_FALSE(worker.error().empty());
}

TEST(FitWorker, DestroyingARunningWorkerStopsIt) {
  const auto start = std::chrono::steady_clock::now();
  {
    FitWorker worker(small_job(10000));
    ASSERT_TRUE(wait_until_iteration(worker, 1));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
}

// Cancel at random moments: before the net is built, during the first iterations, mid-fit.
// Whenever it comes, the run ends Cancelled and hands out no result. Seeded, so a failure
// names the moment that broke it.
TEST(FitWorker, CancelAtRandomMomentsAlwaysEndsCancelled) {
  std::mt19937 random(20261125);
  std::uniform_int_distribution<int> delay_ms(0, 400);
  for (int run = 0; run < 6; ++run) {
    const int delay = run == 0 ? 0 : delay_ms(random);
    FitWorker worker(small_job(10000));
    std::this_thread::sleep_for(milliseconds(delay));
    const bool started = worker.progress().started;
    worker.cancel();
    ASSERT_TRUE(worker.wait_for(milliseconds(60000))) << "run " << run << ", " << delay << " ms";
    EXPECT_EQ(worker.state(), FitState::Cancelled)
        << "run " << run << ", cancelled after " << delay << " ms, started " << started;
    EXPECT_TRUE(worker.result().image.empty()) << "run " << run;
  }
}

// The front end writes a result only after the run has ended, and the dialog stays up until it
// notices: a Cancel pressed in between must still leave the image alone.
TEST(FitWorker, CancelAfterTheFitEndedButBeforeWriteBackDropsTheResult) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> delay_ms(0, 60);
  for (int run = 0; run < 4; ++run) {
    FitWorker worker(small_job(3));
    const int delay = run == 0 ? 0 : delay_ms(random);
    if (run == 1) {
      ASSERT_TRUE(worker.wait_for(milliseconds(60000)));  // surely ended
    }
    std::this_thread::sleep_for(milliseconds(delay));
    worker.cancel();
    ASSERT_TRUE(worker.wait_for(milliseconds(60000)));
    EXPECT_EQ(worker.state(), FitState::Cancelled) << "run " << run << ", " << delay << " ms";
    EXPECT_TRUE(worker.result().image.empty()) << "run " << run;
  }
}

TEST(FitWorker, CancelAfterTheResultWasTakenChangesNothing) {
  FitWorker worker(small_job(3));
  ASSERT_TRUE(worker.wait_for(milliseconds(60000)));
  ASSERT_EQ(worker.state(), FitState::Finished) << worker.error();
  const dip::Result result = worker.take_result();
  worker.cancel();
  EXPECT_EQ(worker.state(), FitState::Finished);
  EXPECT_FALSE(result.image.empty());
}

// DIP_FAULT makes the engine fail on purpose (core/src/fault.hpp).
using dip::test::InjectedFault;

FitState run_with_fault(const char* spec, std::string* error) {
  const InjectedFault fault(spec);
  FitWorker worker(small_job(20));
  EXPECT_TRUE(worker.wait_for(milliseconds(60000)));
  EXPECT_TRUE(worker.result().image.empty());
  *error = worker.error();
  return worker.state();
}

TEST(FitWorker, AnExceptionInsideTheEngineBecomesAMessage) {
  std::string error;
  EXPECT_EQ(run_with_fault("throw@5", &error), FitState::Failed);
  EXPECT_NE(error.find("injected fault before iteration 5"), std::string::npos) << error;
  EXPECT_EQ(run_with_fault("throw@0", &error), FitState::Failed);  // during set-up
  EXPECT_NE(error.find("iteration 0"), std::string::npos) << error;
}

TEST(FitWorker, AnAllocationFailureBecomesAMessage) {
  std::string error;
  EXPECT_EQ(run_with_fault("oom@3", &error), FitState::Failed);
  EXPECT_NE(error.find("Out of memory"), std::string::npos) << error;
}

TEST(FitWorker, SameJobSameSeedGivesTheSameResultWhateverThePreviewInterval) {
  // The GIMP dialog asks for previews and reports every iteration; batch runs do neither.
  FitJob batch = small_job(25);
  batch.options.report_every = 10;
  FitJob dialog = small_job(25);
  dialog.options.report_every = 1;
  FitWorker a(std::move(batch));
  FitWorker b(std::move(dialog), milliseconds(1));
  ASSERT_TRUE(a.wait_for(milliseconds(120000)));
  ASSERT_TRUE(b.wait_for(milliseconds(120000)));
  ASSERT_EQ(a.state(), FitState::Finished) << a.error();
  ASSERT_EQ(b.state(), FitState::Finished) << b.error();
  EXPECT_EQ(a.result().image.data, b.result().image.data);
}

}  // namespace
}  // namespace dip::front
