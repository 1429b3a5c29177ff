#pragma once
// SMAA's accumulation: the per-block counts of both passes, the per-thread scratch, run_blocks (which
// fixes the summation order, so results do not depend on threads), and the step from counts to
// indices and standard errors (finish, the confidence factors).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include <Eigen/Dense>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "adva/analysis/detail/smaa_types.hpp"

namespace adva {

// ------------------------------------------------------------------------------------------------
// Engine
// ------------------------------------------------------------------------------------------------

namespace detail {

/// Per-block accumulators of the first pass: integer counts and sums in sample order.
struct smaa_counts {
    Eigen::Index alternatives = 0, criteria = 0;
    std::vector<std::int64_t> rank;          // [i * A + (rank - 1)]
    std::vector<std::int64_t> pair;          // [i * A + j]: u_i > u_j
    std::vector<double> weight_sum, weight_square_sum;  // [i * C + k] over samples where i is first

    smaa_counts(Eigen::Index a, Eigen::Index c)
        : alternatives(a), criteria(c), rank(static_cast<std::size_t>(a * a)), pair(static_cast<std::size_t>(a * a)),
          weight_sum(static_cast<std::size_t>(a * c)), weight_square_sum(static_cast<std::size_t>(a * c)) {}
    void clear() {
        std::fill(rank.begin(), rank.end(), 0);
        std::fill(pair.begin(), pair.end(), 0);
        std::fill(weight_sum.begin(), weight_sum.end(), 0.0);
        std::fill(weight_square_sum.begin(), weight_square_sum.end(), 0.0);
    }
    void add(const smaa_counts& o) {
        for (std::size_t x = 0; x < rank.size(); ++x) rank[x] += o.rank[x];
        for (std::size_t x = 0; x < pair.size(); ++x) pair[x] += o.pair[x];
        for (std::size_t x = 0; x < weight_sum.size(); ++x) weight_sum[x] += o.weight_sum[x];
        for (std::size_t x = 0; x < weight_square_sum.size(); ++x) weight_square_sum[x] += o.weight_square_sum[x];
    }
};

/// Second-pass accumulator: samples in which alternative i is first under its central weights.
struct smaa_first_counts {
    std::vector<std::int64_t> first;
    explicit smaa_first_counts(Eigen::Index a) : first(static_cast<std::size_t>(a)) {}
    void clear() { std::fill(first.begin(), first.end(), 0); }
    void add(const smaa_first_counts& o) {
        for (std::size_t x = 0; x < first.size(); ++x) first[x] += o.first[x];
    }
};

/// A growable buffer whose data is 32-byte aligned, so AVX2 loads and stores never split a cache line.
template <class T>
class aligned_buffer {
public:
    /// n elements set to `value`; returns the aligned data.
    T* assign(std::size_t n, T value) {
        storage_.assign(n + 32 / sizeof(T), value);
        const auto address = reinterpret_cast<std::uintptr_t>(storage_.data());
        data_ = storage_.data() + ((32 - address % 32) % 32) / sizeof(T);
        return data_;
    }
    T* data() noexcept { return data_; }

private:
    std::vector<T> storage_;
    T* data_ = nullptr;
};

/// Block-local buffers, reused by each worker thread.
struct smaa_scratch {
    smaa_weight_block weights;  // n x C
    Eigen::MatrixXd utilities;  // n x A
    Eigen::MatrixXd cells;      // n x (A * C) or n x 1
    Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic> better;  // n x A: alternatives strictly better
    // The fused kernel's buffers (a few KB, so they stay in L1). Portable path, 8 samples side by side:
    std::vector<double> group_weights;       // C x 8: weight of criterion k in lane j at k * 8 + j
    std::vector<double> group_utilities;     // A x 8
    std::vector<std::int64_t> group_better;  // A
    // AVX2 path, 16 samples in slot order (fused_slot_of_sample):
    aligned_buffer<std::uint32_t> wide_words;  // 2 x ceil(C / 4) x 4 x 8 Philox words
    aligned_buffer<double> wide_weights;      // ceil4(C) x 16, rows C.. zero
    aligned_buffer<double> wide_utilities;    // ceil2(A) x 16 (an odd A's last row: -inf)
    aligned_buffer<double> wide_rows;         // 16 x ceil4(C): sample j's weights at j * ceil4(C)
    aligned_buffer<double> central_sums;      // 2 x A x ceil4(C): a block's central-weight sums and squares
    aligned_buffer<std::uint8_t> wide_ranks;  // A x 16 words: alternatives strictly better (word j: sample j)
    aligned_buffer<std::uint8_t> pair_bytes;  // A x ceil(A / 2) x 32: per-lane pairwise counts of a block
    aligned_buffer<std::uint8_t> rank_bytes;  // ceil(A / 2) x A x 32: per-lane rank counts of a block
};

inline std::size_t stats_bytes(const smaa_counts& s) {
    return sizeof(std::int64_t) * (s.rank.size() + s.pair.size()) + sizeof(double) * (s.weight_sum.size() + s.weight_square_sum.size());
}
inline std::size_t stats_bytes(const smaa_first_counts& s) { return sizeof(std::int64_t) * s.first.size(); }

/// Runs kernel(first_sample, count, scratch, stats) on every block of smaa_block_size samples and
/// adds the blocks' stats into `total` in block order. Blocks run in parallel in waves of at most
/// 1024 blocks whose stats take at most about 4 MB, so memory is bounded whatever the number of
/// samples; the wave size changes neither the block order nor the results, only how often the
/// threads meet (a thread descheduled on a busy machine holds up the others at each wave's end).
template <class Stats, class Kernel>
void run_blocks(std::uint64_t samples, int threads, Stats& total, Kernel&& kernel) {
    const auto block = static_cast<std::uint64_t>(smaa_block_size);
    const std::uint64_t blocks = (samples + block - 1) / block;
    const std::uint64_t wave = std::clamp<std::uint64_t>((std::size_t{4} << 20) / std::max<std::size_t>(1, stats_bytes(total)), 64, 1024);
    std::vector<Stats> slots(static_cast<std::size_t>(std::min(wave, blocks)), total);
    tbb::enumerable_thread_specific<smaa_scratch> scratch;
    auto body = [&] {
        for (std::uint64_t w0 = 0; w0 < blocks; w0 += wave) {
            const std::uint64_t in_wave = std::min(wave, blocks - w0);
            tbb::parallel_for(
                tbb::blocked_range<std::uint64_t>(0, in_wave, 1),
                [&](const tbb::blocked_range<std::uint64_t>& r) {
                    smaa_scratch& sc = scratch.local();
                    for (std::uint64_t q = r.begin(); q != r.end(); ++q) {
                        Stats& st = slots[static_cast<std::size_t>(q)];
                        st.clear();
                        const std::uint64_t first = (w0 + q) * block;
                        kernel(first, static_cast<Eigen::Index>(std::min(block, samples - first)), sc, st);
                    }
                },
                tbb::simple_partitioner());
            for (std::uint64_t q = 0; q < in_wave; ++q) total.add(slots[static_cast<std::size_t>(q)]);
        }
    };
    if (threads > 0) {
        tbb::task_arena arena(threads);
        arena.execute(body);
    } else {
        body();
    }
}

/// Ranks, pairwise wins and central-weight sums of one block (weights n x C, utilities n x A).
inline void accumulate_block(const smaa_weight_block& weights, const Eigen::MatrixXd& utilities, smaa_scratch& sc,
                             smaa_counts& out) {
    const Eigen::Index n = utilities.rows(), a = utilities.cols(), c = weights.cols();
    auto& better = sc.better;
    better.setZero(n, a);
    for (Eigen::Index i = 0; i < a; ++i) {
        const double* __restrict ui = utilities.col(i).data();
        std::int32_t* __restrict bi = better.col(i).data();
        for (Eigen::Index j = i + 1; j < a; ++j) {
            const double* __restrict uj = utilities.col(j).data();
            std::int32_t* __restrict bj = better.col(j).data();
            std::int32_t wins_ij = 0, wins_ji = 0;  // a block has < 2^31 samples
            for (Eigen::Index b = 0; b < n; ++b) {
                const std::int32_t gij = ui[b] > uj[b];
                const std::int32_t gji = uj[b] > ui[b];
                bi[b] += gji;
                bj[b] += gij;
                wins_ij += gij;
                wins_ji += gji;
            }
            out.pair[static_cast<std::size_t>(i * a + j)] += wins_ij;
            out.pair[static_cast<std::size_t>(j * a + i)] += wins_ji;
        }
    }
    for (Eigen::Index i = 0; i < a; ++i) {
        const std::int32_t* bi = better.col(i).data();
        std::int64_t* histogram = out.rank.data() + i * a;
        for (Eigen::Index b = 0; b < n; ++b) ++histogram[bi[b]];
        double* sum = out.weight_sum.data() + i * c;
        double* square = out.weight_square_sum.data() + i * c;
        for (Eigen::Index b = 0; b < n; ++b) {
            if (bi[b] != 0) continue;
            const double* w = weights.data() + b * c;
            for (Eigen::Index k = 0; k < c; ++k) {
                sum[k] += w[k];
                square[k] += w[k] * w[k];
            }
        }
    }
}

/// Turns the first pass's counts into indices and standard errors.
inline smaa_result finish(const smaa_counts& counts, std::uint64_t samples) {
    const Eigen::Index a = counts.alternatives, c = counts.criteria;
    const double n = static_cast<double>(samples);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto proportion_error = [n](double p) { return std::sqrt(std::max(0.0, p * (1.0 - p)) / n); };
    smaa_result r;
    r.samples = samples;
    r.rank_counts.resize(a, a);
    r.pairwise_counts.resize(a, a);
    r.rank_acceptability.resize(a, a);
    r.rank_acceptability_standard_error.resize(a, a);
    r.pairwise_winning.resize(a, a);
    r.pairwise_winning_standard_error.resize(a, a);
    for (Eigen::Index i = 0; i < a; ++i)
        for (Eigen::Index j = 0; j < a; ++j) {
            const auto x = static_cast<std::size_t>(i * a + j);
            r.rank_counts(i, j) = counts.rank[x];
            r.pairwise_counts(i, j) = counts.pair[x];
            r.rank_acceptability(i, j) = static_cast<double>(counts.rank[x]) / n;
            r.rank_acceptability_standard_error(i, j) = proportion_error(r.rank_acceptability(i, j));
            r.pairwise_winning(i, j) = static_cast<double>(counts.pair[x]) / n;
            r.pairwise_winning_standard_error(i, j) = proportion_error(r.pairwise_winning(i, j));
        }
    r.central_weights.setConstant(a, c, nan);
    r.central_weights_standard_error.setConstant(a, c, nan);
    r.central_weight_defined.assign(static_cast<std::size_t>(a), false);
    for (Eigen::Index i = 0; i < a; ++i) {
        const std::int64_t first = counts.rank[static_cast<std::size_t>(i * a)];
        if (first == 0) continue;
        r.central_weight_defined[static_cast<std::size_t>(i)] = true;
        const double m = static_cast<double>(first);
        for (Eigen::Index k = 0; k < c; ++k) {
            const double sum = counts.weight_sum[static_cast<std::size_t>(i * c + k)];
            const double mean = sum / m;
            r.central_weights(i, k) = mean;
            if (first >= 2) {
                // An explicit fused multiply-add: left to the compiler, it is contracted with -march=native
                // and not without, and the standard errors would differ between such builds.
                const double variance =
                    std::max(0.0, std::fma(-sum, mean, counts.weight_square_sum[static_cast<std::size_t>(i * c + k)])) / (m - 1.0);
                r.central_weights_standard_error(i, k) = std::sqrt(variance / m);
            }
        }
    }
    r.confidence_factors.setConstant(a, nan);
    r.confidence_factors_standard_error.setConstant(a, nan);
    return r;
}

/// Confidence factors with exact values: i is first under its central weights or it is not.
/// Utilities are summed over criteria left to right.
inline void confidence_exact(const Eigen::MatrixXd& values, smaa_result& r) {
    const Eigen::Index a = values.rows(), c = values.cols();
    Eigen::VectorXd u(a);
    for (Eigen::Index i = 0; i < a; ++i) {
        if (!r.central_weight_defined[static_cast<std::size_t>(i)]) continue;
        for (Eigen::Index j = 0; j < a; ++j) {
            double s = 0.0;
            for (Eigen::Index k = 0; k < c; ++k) s += r.central_weights(i, k) * values(j, k);
            u(j) = s;
        }
        const bool first = (u.array() > u(i)).count() == 0;
        r.confidence_factors(i) = first ? 1.0 : 0.0;
        r.confidence_factors_standard_error(i) = 0.0;
    }
    r.confidence_samples = 0;
}

/// Confidence factors with sampled values (SMAA-2's second pass): fill(first, n, cells) writes the
/// n x (A * C) values of samples first.. (column j * C + k); utilities summed left to right.
template <class Fill>
void confidence_sampled(std::uint64_t samples, int threads, Eigen::Index a, Eigen::Index c, smaa_result& r, Fill&& fill) {
    smaa_first_counts total(a);
    run_blocks(samples, threads, total, [&](std::uint64_t first, Eigen::Index n, smaa_scratch& sc, smaa_first_counts& st) {
        sc.cells.resize(n, a * c);
        fill(first, n, sc.cells);
        sc.utilities.resize(n, a);
        for (Eigen::Index i = 0; i < a; ++i) {
            if (!r.central_weight_defined[static_cast<std::size_t>(i)]) continue;
            for (Eigen::Index j = 0; j < a; ++j) {
                auto uj = sc.utilities.col(j);
                uj.setZero();
                for (Eigen::Index k = 0; k < c; ++k) uj += r.central_weights(i, k) * sc.cells.col(j * c + k);
            }
            std::int64_t count = 0;
            for (Eigen::Index b = 0; b < n; ++b) {
                const double ui = sc.utilities(b, i);
                bool is_first = true;
                for (Eigen::Index j = 0; j < a; ++j) is_first = is_first && !(sc.utilities(b, j) > ui);
                count += is_first ? 1 : 0;
            }
            st.first[static_cast<std::size_t>(i)] += count;
        }
    });
    const double n = static_cast<double>(samples);
    for (Eigen::Index i = 0; i < a; ++i) {
        if (!r.central_weight_defined[static_cast<std::size_t>(i)]) continue;
        const double p = static_cast<double>(total.first[static_cast<std::size_t>(i)]) / n;
        r.confidence_factors(i) = p;
        r.confidence_factors_standard_error(i) = std::sqrt(p * (1.0 - p) / n);
    }
    r.confidence_samples = samples;
}

}  // namespace detail

}  // namespace adva
