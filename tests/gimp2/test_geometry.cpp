#include <gtest/gtest.h>

#include "geometry.hpp"

namespace dip::front {
namespace {

TEST(Geometry, IntersectAndUnite) {
  EXPECT_EQ(intersect({0, 0, 10, 10}, {5, 5, 10, 10}), (Rect{5, 5, 5, 5}));
  EXPECT_TRUE(intersect({0, 0, 10, 10}, {10, 0, 5, 5}).empty());
  EXPECT_EQ(unite({0, 0, 2, 2}, {5, 5, 1, 1}), (Rect{0, 0, 6, 6}));
  EXPECT_EQ(unite({}, {5, 5, 1, 1}), (Rect{5, 5, 1, 1}));
}

CropRequest request(Rect layer, Rect selection, int context, int min_side = 8) {
  CropRequest r;
  r.layer = layer;
  r.selection = selection;
  r.context = context;
  r.minimum_side = min_side;
  return r;
}

TEST(Geometry, CropIsSelectionGrownByContextClippedToLayer) {
  CropPlan plan;
  std::string message;
  ASSERT_TRUE(plan_crop(request({0, 0, 200, 100}, {50, 40, 10, 10}, 20), &plan, &message));
  EXPECT_EQ(plan.in_image, (Rect{30, 20, 50, 50}));
  EXPECT_EQ(plan.in_layer, plan.in_image);

  ASSERT_TRUE(plan_crop(request({0, 0, 200, 100}, {0, 90, 10, 10}, 20), &plan, &message));
  EXPECT_EQ(plan.in_image, (Rect{0, 70, 30, 30}));
}

TEST(Geometry, LayerOffsetsSeparateImageAndLayerCoordinates) {
  CropPlan plan;
  std::string message;
  // Layer at (100, 50) in the image; selection in image coordinates.
  ASSERT_TRUE(plan_crop(request({100, 50, 80, 60}, {120, 60, 8, 8}, 4), &plan, &message));
  EXPECT_EQ(plan.in_image, (Rect{116, 56, 16, 16}));
  EXPECT_EQ(plan.in_layer, (Rect{16, 6, 16, 16}));
}

TEST(Geometry, LayerPartlyOffCanvasWithNegativeOffsets) {
  CropPlan plan;
  std::string message;
  ASSERT_TRUE(plan_crop(request({-30, -20, 60, 60}, {-40, -40, 45, 45}, 2), &plan, &message));
  // The selection is clipped to the layer before the margin is added.
  EXPECT_EQ(plan.in_image, (Rect{-30, -20, 37, 27}));
  EXPECT_EQ(plan.in_layer, (Rect{0, 0, 37, 27}));
}

TEST(Geometry, AutomaticContextFollowsSelectionSize) {
  EXPECT_EQ(automatic_context({0, 0, 4, 4}), 24);
  EXPECT_EQ(automatic_context({0, 0, 40, 60}), 60);
  EXPECT_EQ(automatic_context({0, 0, 1000, 10}), 128);
  CropPlan plan;
  std::string message;
  ASSERT_TRUE(plan_crop(request({0, 0, 1000, 1000}, {500, 500, 40, 40}, 0), &plan, &message));
  EXPECT_EQ(plan.in_image, (Rect{460, 460, 120, 120}));
}

TEST(Geometry, SmallCropsWidenToTheMinimumSideInsideTheLayer) {
  CropPlan plan;
  std::string message;
  ASSERT_TRUE(plan_crop(request({0, 0, 100, 40}, {98, 10, 2, 2}, 1, 32), &plan, &message));
  EXPECT_EQ(plan.in_layer.width, 32);
  EXPECT_EQ(plan.in_layer.right(), 100);  // pushed back inside the layer
  EXPECT_EQ(plan.in_layer.height, 32);
  EXPECT_GE(plan.in_layer.y, 0);
  EXPECT_LE(plan.in_layer.bottom(), 40);
}

TEST(Geometry, NoSelectionMeansWholeLayer) {
  CropPlan plan;
  std::string message;
  ASSERT_TRUE(plan_crop(request({7, 9, 64, 48}, {}, 0), &plan, &message));
  EXPECT_EQ(plan.in_layer, (Rect{0, 0, 64, 48}));
  EXPECT_EQ(plan.in_image, (Rect{7, 9, 64, 48}));
}

TEST(Geometry, RefusesSelectionOutsideLayerAndTinyLayers) {
  CropPlan plan;
  std::string message;
  EXPECT_FALSE(plan_crop(request({0, 0, 50, 50}, {60, 60, 5, 5}, 0), &plan, &message));
  EXPECT_NE(message.find("does not overlap"), std::string::npos);
  message.clear();
  EXPECT_FALSE(plan_crop(request({0, 0, 6, 40}, {}, 0, 8), &plan, &message));
  EXPECT_NE(message.find("6×40"), std::string::npos);
}

TEST(Geometry, UpscaleScalesOffsetsAndGrowsCanvasRightAndDown) {
  UpscalePlan plan = plan_upscale({10, 5, 40, 30}, 100, 100, 2);
  EXPECT_EQ(plan.result_in_image, (Rect{20, 10, 80, 60}));
  EXPECT_EQ(plan.canvas_width, 100);
  EXPECT_EQ(plan.canvas_height, 100);
  EXPECT_FALSE(plan.canvas_grows);

  plan = plan_upscale({0, 0, 48, 48}, 48, 48, 3);
  EXPECT_EQ(plan.result_in_image, (Rect{0, 0, 144, 144}));
  EXPECT_EQ(plan.canvas_width, 144);
  EXPECT_EQ(plan.canvas_height, 144);
  EXPECT_TRUE(plan.canvas_grows);
}

}  // namespace
}  // namespace dip::front
