#pragma once
// Run-time choice of the instruction set for the hot kernels. The library, the CLI and the Python
// package are built for baseline x86-64 (no -march=native), so a kernel that pays for wider
// vectors is compiled twice — as written, and inside a function with a target attribute — and the
// CPU picks one when it runs. Results are the same bits on both paths: the AVX2 copy is the same
// source with the same operations in the same order on wider registers (no FMA is enabled, so no
// compiler can fuse a multiply and an add in one copy and not the other). Not API.
#include <cstdlib>
#include <cstring>

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define ADVA_X86 1
/// AVX2 without FMA: for kernels written in portable code whose bits must not change with the path.
#define ADVA_TARGET_AVX2 __attribute__((target("avx2")))
/// AVX2 with FMA: for kernels written with intrinsics, where every fused operation is explicit.
#define ADVA_TARGET_AVX2_FMA __attribute__((target("avx2,fma")))
#else
#define ADVA_X86 0
#endif

namespace adva::detail {

/// Runs the portable path of every kernel: set by tests (results are compared bit for bit), and
/// at start-up by the environment variable ADVA_PORTABLE_KERNELS=1 (to compare speeds, or to rule
/// the wide path out when chasing a problem).
inline bool force_portable_kernels = [] {
    const char* v = std::getenv("ADVA_PORTABLE_KERNELS");
    return v != nullptr && *v != '\0' && std::strcmp(v, "0") != 0;
}();

/// True when the CPU has AVX2 and FMA (checked once) and the portable path is not forced.
inline bool use_avx2_kernels() noexcept {
#if ADVA_X86
    static const bool available = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }();
    return available && !force_portable_kernels;
#else
    return false;
#endif
}

#if ADVA_X86
/// f() with everything it calls inlined (flatten) into a function compiled for AVX2.
template <class F>
ADVA_TARGET_AVX2 __attribute__((flatten)) void run_avx2(const F& f) {
    f();
}
#endif

/// Runs f() on the widest path the CPU has. f should be one unit of kernel work (a chunk of rows):
/// the AVX2 copy inlines all of it, so it must not call into a thread pool.
template <class F>
void run_dispatched(const F& f) {
#if ADVA_X86
    if (use_avx2_kernels()) return run_avx2(f);
#endif
    f();
}

}  // namespace adva::detail
