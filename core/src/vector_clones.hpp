// DIP_VECTOR_CLONES before a loop function compiles it for AVX-512, AVX2 and the baseline, the
// clone picked at load time: the build targets the baseline x86-64, whose 4-wide vectors leave
// such loops compute-bound.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define DIP_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define DIP_VECTOR_CLONES
#endif
