#pragma once
// The portable kernel of SMAA's fused first pass (exact values), eight samples side by side, and the
// problem both kernels read (fused_problem). Same bits as the AVX2 kernel; it also takes the samples
// after the AVX2 kernel's last full group.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include <Eigen/Dense>

#include "adva/analysis/detail/smaa_accumulate.hpp"
#include "adva/analysis/detail/smaa_philox.hpp"
#include "adva/analysis/detail/smaa_sampling.hpp"
#include "adva/analysis/detail/smaa_types.hpp"

namespace adva::detail {

// ------------------------------------------------------------------------------------------------
// Fused first pass for exact values
// ------------------------------------------------------------------------------------------------
//
// Per group of consecutive samples, without materialising anything beyond the group:
//   weights    generated here for the uniform sampler (Philox words -> exponentials -> normalised,
//              the same bits as weight_sampler::sample) or read from the sampler's block;
//   utilities  u_i = sum_k w_k v_ik as a chain of fused multiply-adds in criterion order;
//   ranks      the number of alternatives strictly better, from the A(A-1) ordered comparisons,
//              which also give the pairwise counts;
//   central    the first-ranked alternatives' weights (and squares) added in sample order.
// The AVX2 path works on groups of 16 samples (four double vectors; two alternatives' comparison
// masks packed into one byte vector, so one byte subtraction counts 2 x 16 comparisons); the portable
// path works sample by sample. Both compute the same bits; tests compare them. The samples after the
// last full group of 16 (only in a partial last block) take the portable path.

struct fused_problem {
    const double* values = nullptr;  // A x C, row-major: v_ik at i * C + k
    Eigen::Index a = 0, c = 0;
    bool generate_uniform = false;   // weight_information::none: weights made in the kernel
    philox_key key{};
};

/// The central-weight sums of one sample whose alternative i is first.
inline void add_first_weights(const double* w, std::size_t stride, Eigen::Index c, double* sum, double* square) noexcept {
    for (Eigen::Index k = 0; k < c; ++k) {
        const double x = w[static_cast<std::size_t>(k) * stride];
        sum[k] += x;
        square[k] = std::fma(x, x, square[k]);
    }
}

/// The portable kernel on `lanes` <= 8 consecutive samples from `first` (b0: their row in `block`).
inline void fused_group_scalar(const fused_problem& p, std::uint64_t first, Eigen::Index lanes, const smaa_weight_block& block,
                               Eigen::Index b0, smaa_scratch& sc, smaa_counts& st) {
    const Eigen::Index a = p.a, c = p.c;
    double* w = sc.group_weights.data();
    if (p.generate_uniform) {
        std::uint32_t words[4 * philox_lanes];
        for (Eigen::Index call = 0; 4 * call < c; ++call) {
            philox4x32_10_x8_scalar(first, weight_stream, static_cast<std::uint32_t>(call), p.key, words);
            for (Eigen::Index q = 0; q < 4 && 4 * call + q < c; ++q)
                for (Eigen::Index j = 0; j < lanes; ++j)
                    w[(4 * call + q) * philox_lanes + j] = static_cast<double>(exponential_from_word(words[q * philox_lanes + j]));
        }
        for (Eigen::Index j = 0; j < lanes; ++j) {
            double sum = 0.0;
            for (Eigen::Index k = 0; k < c; ++k) sum += w[k * philox_lanes + j];
            const double inverse = 1.0 / sum;
            for (Eigen::Index k = 0; k < c; ++k) w[k * philox_lanes + j] *= inverse;
        }
    } else {
        for (Eigen::Index j = 0; j < lanes; ++j)
            for (Eigen::Index k = 0; k < c; ++k) w[k * philox_lanes + j] = block(b0 + j, k);
    }
    double* u = sc.group_utilities.data();
    std::int64_t* better = sc.group_better.data();
    for (Eigen::Index j = 0; j < lanes; ++j) {
        for (Eigen::Index i = 0; i < a; ++i) {
            double x = 0.0;
            for (Eigen::Index k = 0; k < c; ++k) x = std::fma(w[k * philox_lanes + j], p.values[i * c + k], x);
            u[i] = x;
            better[i] = 0;
        }
        for (Eigen::Index i = 0; i < a; ++i)
            for (Eigen::Index k = i + 1; k < a; ++k) {
                const bool ik = u[i] > u[k], ki = u[k] > u[i];
                better[k] += ik;
                better[i] += ki;
                st.pair[static_cast<std::size_t>(i * a + k)] += ik;
                st.pair[static_cast<std::size_t>(k * a + i)] += ki;
            }
        for (Eigen::Index i = 0; i < a; ++i) {
            ++st.rank[static_cast<std::size_t>(i * a + better[i])];
            if (better[i] == 0)
                add_first_weights(w + j, philox_lanes, c, st.weight_sum.data() + i * c, st.weight_square_sum.data() + i * c);
        }
    }
}

/// The portable kernel on n samples from `first` (rows b0.. of `block`), 8 at a time.
inline void fused_samples_scalar(const fused_problem& p, std::uint64_t first, Eigen::Index b0, Eigen::Index n,
                                 const smaa_weight_block& block, smaa_scratch& sc, smaa_counts& st) {
    for (Eigen::Index b = b0; b < b0 + n; b += philox_lanes)
        fused_group_scalar(p, first + static_cast<std::uint64_t>(b - b0), std::min<Eigen::Index>(philox_lanes, b0 + n - b), block, b,
                           sc, st);
}

}  // namespace adva::detail
