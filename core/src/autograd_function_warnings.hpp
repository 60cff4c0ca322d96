// Included first by the files that define a torch::autograd::Function. GCC 13 and 14 (Debian 13)
// report -Warray-bounds and -Wstringop-overflow inside LibTorch 2.6's Function::apply, in the
// std::vector<bool> it reserves once inlined: a false positive of GCC's vector<bool> analysis,
// not reachable from our code. Silenced for those compilers only, for the whole including file:
// the warning is raised where the template is instantiated, not where it is called.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 13
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif
