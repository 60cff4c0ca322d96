// Training-mode batch norm and the LeakyReLU after it, as one autograd function on the CPU.
// LibTorch 1.13's batch norm reads each activation several times and its kernels run far below
// memory speed on a batch of one (a 32 x 256 x 256 forward and backward with the LeakyReLU:
// 7.9 ms, where the data take 0.2 ms to copy). Here each channel's plane is read once from
// memory and then reused from cache: the statistics, the normalisation and the activation in the
// forward pass, the two reductions and the input gradient in the backward pass.
#pragma once

#include <torch/nn/modules/batchnorm.h>
#include <torch/types.h>

namespace dip {

// leaky_relu(batch_norm(x), negative_slope) with the statistics of this batch, as `bn` computes
// it in training mode, and `bn`'s running statistics updated the same way. negative_slope = 1
// leaves the activation out. Differentiable in x and in bn's weight and bias.
// x: (N, C, H, W) float32 or bfloat16 on the CPU; the output is float32, and x's gradient comes
// back in x's type (bfloat16: rounded as LibTorch's cast rounds it).
torch::Tensor batch_norm_leaky_relu(const torch::Tensor& x, torch::nn::BatchNorm2dImpl& bn,
                                    double negative_slope);

// Whether the fused path takes x (float32 or bfloat16 on the CPU, the module affine and in
// training mode); elsewhere the caller runs LibTorch's modules.
bool fused_batch_norm_applies(const torch::Tensor& x, const torch::nn::BatchNorm2dImpl& bn);

// False where DIP_BATCH_NORM=libtorch asks for LibTorch's modules, for comparisons.
bool fused_batch_norm_allowed_by_environment();

}  // namespace dip
