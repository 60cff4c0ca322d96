// The worker runs the real engine on tiny inputs: these tests check the threading contract
// (progress, estimates, cancel, stop-and-keep, failures), not image quality.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>

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

}  // namespace
}  // namespace dip::front
