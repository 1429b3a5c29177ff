#pragma once
// SMAA's fused first pass over one block when every value is exact: fused_block runs the AVX2 kernel
// where the CPU has it and the portable kernel otherwise (and on the samples after the last group).
#include <cstddef>
#include <cstdint>
#include <limits>

#include <Eigen/Dense>

#include "adva/methods/simd.hpp"
#include "adva/analysis/detail/smaa_accumulate.hpp"
#include "adva/analysis/detail/smaa_kernel_avx2.hpp"
#include "adva/analysis/detail/smaa_kernel_portable.hpp"
#include "adva/analysis/detail/smaa_philox.hpp"
#include "adva/analysis/detail/smaa_sampling.hpp"

namespace adva::detail {

/// The fused first pass over one block of n samples from `first`.
inline void fused_block(const fused_problem& p, const weight_sampler& sampler, std::uint64_t first, Eigen::Index n,
                        smaa_scratch& sc, smaa_counts& st) {
    const auto a = static_cast<std::size_t>(p.a), c = static_cast<std::size_t>(p.c);
    if (!p.generate_uniform) sampler.sample(first, n, sc.weights);
    Eigen::Index done = 0;
#if ADVA_X86
    if (use_avx2_kernels() && p.a <= fused_max_alternatives && n >= fused_group_samples) {
        const std::size_t cp = (c + 3) / 4 * 4, g = static_cast<std::size_t>(fused_group_samples);
        sc.wide_words.assign(2 * cp * 8, 0);
        sc.wide_weights.assign(cp * g, 0.0);  // rows c.. stay 0: padding for the transposes
        const std::size_t pair_slots = (a + 1) / 2;
        sc.wide_utilities.assign((2 * pair_slots) * g, -std::numeric_limits<double>::infinity());  // row a (odd A): padding
        sc.wide_rows.assign(g * cp, 0.0);
        sc.central_sums.assign(2 * a * cp, 0.0);
        sc.wide_ranks.assign(a * 32, 0);
        sc.pair_bytes.assign(a * pair_slots * 32, 0);
        sc.rank_bytes.assign(pair_slots * a * 32, 0);
        const Eigen::Index groups = n / fused_group_samples;
        fused_groups_avx2(p, first, groups, sc.weights, sc);
        // The block's sums started from zero, as st's (run_blocks clears it), so this adds nothing
        // out of sample order; the portable tail below continues from them.
        const double* central_sum = sc.central_sums.data();
        const double* central_square = central_sum + a * cp;
        for (std::size_t k = 0; k < a; ++k)
            for (std::size_t q = 0; q < c; ++q) {
                st.weight_sum[k * c + q] += central_sum[k * cp + q];
                st.weight_square_sum[k * c + q] += central_square[k * cp + q];
            }
        add_pair_bytes_avx2(sc.pair_bytes.data(), a, st.pair.data());
        add_rank_bytes_avx2(sc.rank_bytes.data(), a, st.rank.data());
        done = groups * fused_group_samples;
    }
#endif
    if (done == n) return;
    sc.group_weights.resize(c * philox_lanes);
    sc.group_utilities.resize(a * philox_lanes);
    sc.group_better.resize(a);
    fused_samples_scalar(p, first + static_cast<std::uint64_t>(done), done, n - done, sc.weights, sc, st);
}

}  // namespace adva::detail
