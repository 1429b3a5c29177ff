#pragma once
// SMAA-2 (Lahdelma & Salminen 2001): stochastic multicriteria acceptability analysis of an additive
// value model. Works on a dense matrix of partial values (alternatives x criteria, higher is better)
// with uncertain weights (none, ordinal, intervals, or uniform per parent of a weight tree) and,
// optionally, uncertain values (uniform, triangular, PERT, truncated normal).
//
// Outputs, each with its Monte Carlo standard error: rank acceptability indices b_i^r, central
// weight vectors, confidence factors and pairwise winning indices. Rank = 1 + the number of
// alternatives strictly better, so tied alternatives share the better rank.
//
// Determinism: every random number is Philox4x32-10 of a counter built from (sample index, stream,
// call) and a key from the seed, so it does not depend on which thread draws it. Samples are cut
// into fixed blocks of smaa_block_size; each block accumulates integer counts and double sums in
// sample order, and blocks are reduced in block order. Same seed => bitwise identical results with
// any number of threads. Memory does not grow with the number of samples.
//
// This header holds the two entry points, smaa() and smaa_replay(). The parts live in detail/
// (include this header, not them; the public names they hold stay in namespace adva):
// smaa_types.hpp (problem, options, result), smaa_sampling.hpp (weight and cell samplers),
// smaa_accumulate.hpp (counts, run_blocks, finish, confidence factors), smaa_kernel.hpp with
// smaa_kernel_portable.hpp and smaa_kernel_avx2.hpp (the fused first pass for exact values),
// smaa_validate.hpp (validate()).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/detail/smaa_accumulate.hpp"
#include "adva/analysis/detail/smaa_kernel.hpp"
#include "adva/analysis/detail/smaa_philox.hpp"
#include "adva/analysis/detail/smaa_sampling.hpp"
#include "adva/analysis/detail/smaa_types.hpp"
#include "adva/analysis/detail/smaa_validate.hpp"
#include "adva/error.hpp"
#include "adva/threads.hpp"

namespace adva {

/// SMAA-2 by Monte Carlo: options.samples weight (and value) samples from options.seed.
inline smaa_result smaa(const smaa_problem& problem, const smaa_options& options = {}) {
    validate(problem);
    detail::checked_threads(options.threads);
    if (options.samples == 0) throw invalid_input("adva.smaa.samples", "samples", "at least one sample is required", "0");
    const Eigen::Index a = problem.values.rows(), c = problem.values.cols();
    const weight_sampler sampler(problem.weights, c, options.seed);
    const detail::philox_key key = detail::philox_key_from_seed(options.seed);
    const bool exact = !problem.joint && std::all_of(problem.uncertainty.begin(), problem.uncertainty.end(),
                                                     [](const uncertain_value& d) { return d.distribution == value_distribution::point; });
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> values_rows = problem.values;
    detail::fused_problem fused;
    fused.values = values_rows.data();
    fused.a = a;
    fused.c = c;
    fused.generate_uniform = problem.weights.information == weight_information::none;
    fused.key = key;
    const std::vector<std::optional<detail::cell_sampler>> samplers = detail::cell_samplers(problem.uncertainty, options.samples);
    auto uncertain_cell = [&](Eigen::Index i, Eigen::Index k) -> const detail::cell_sampler* {
        if (exact || samplers.empty()) return nullptr;
        const auto& d = samplers[static_cast<std::size_t>(i * c + k)];
        return d ? &*d : nullptr;
    };
    // Each joint cell's column in the block its sampler fills (-1: not joint).
    std::vector<Eigen::Index> joint_column;
    if (problem.joint) {
        joint_column.assign(static_cast<std::size_t>(a * c), -1);
        for (std::size_t j = 0; j < problem.joint->cells.size(); ++j)
            joint_column[static_cast<std::size_t>(problem.joint->cells[j])] = static_cast<Eigen::Index>(j);
    }
    auto joint_block = [&](std::uint64_t first, Eigen::Index n, int pass) {
        Eigen::MatrixXd out(n, static_cast<Eigen::Index>(problem.joint->cells.size()));
        problem.joint->fill(options.seed, first, n, pass, out);
        return out;
    };
    auto joint_of = [&](Eigen::Index i, Eigen::Index k) { return joint_column.empty() ? -1 : joint_column[static_cast<std::size_t>(i * c + k)]; };

    detail::smaa_counts counts(a, c);
    detail::run_blocks(options.samples, options.threads, counts,
                       [&](std::uint64_t first, Eigen::Index n, detail::smaa_scratch& sc, detail::smaa_counts& st) {
                           if (exact) return detail::fused_block(fused, sampler, first, n, sc, st);
                           sampler.sample(first, n, sc.weights);
                           {
                               const Eigen::MatrixXd joint = problem.joint ? joint_block(first, n, 1) : Eigen::MatrixXd();
                               sc.utilities.resize(n, a);
                               sc.cells.resize(n, 1);
                               for (Eigen::Index i = 0; i < a; ++i) {
                                   auto ui = sc.utilities.col(i);
                                   ui.setZero();
                                   for (Eigen::Index k = 0; k < c; ++k) {
                                       if (const Eigen::Index j = joint_of(i, k); j >= 0) {
                                           ui.array() += sc.weights.col(k).array() * joint.col(j).array();
                                       } else if (const detail::cell_sampler* d = uncertain_cell(i, k)) {
                                           detail::sample_cell(*d, first, n, detail::value_stream(i * c + k, a * c, 1), key, sc.cells, 0);
                                           ui.array() += sc.weights.col(k).array() * sc.cells.col(0).array();
                                       } else {
                                           ui += problem.values(i, k) * sc.weights.col(k);
                                       }
                                   }
                               }
                           }
                           detail::accumulate_block(sc.weights, sc.utilities, sc, st);
                       });
    smaa_result r = detail::finish(counts, options.samples);
    r.weight_sampler = sampler.name();
    if (exact) {
        detail::confidence_exact(problem.values, r);
    } else {
        detail::confidence_sampled(options.samples, options.threads, a, c, r,
                                   [&](std::uint64_t first, Eigen::Index n, Eigen::MatrixXd& cells) {
                                       const Eigen::MatrixXd joint = problem.joint ? joint_block(first, n, 2) : Eigen::MatrixXd();
                                       for (Eigen::Index i = 0; i < a; ++i)
                                           for (Eigen::Index k = 0; k < c; ++k) {
                                               if (const Eigen::Index j = joint_of(i, k); j >= 0)
                                                   cells.col(i * c + k) = joint.col(j);
                                               else if (const detail::cell_sampler* d = uncertain_cell(i, k))
                                                   detail::sample_cell(*d, first, n, detail::value_stream(i * c + k, a * c, 2), key, cells, i * c + k);
                                               else
                                                   cells.col(i * c + k).setConstant(problem.values(i, k));
                                           }
                                   });
    }
    return r;
}

/// SMAA-2 on externally supplied samples, so results can be compared with another implementation
/// sample for sample. Utilities are u_i = sum_k w_k x_ik summed over criteria left to right; the
/// counts (rank acceptability, pairwise winning) are exact. The confidence factors use the supplied
/// values again with each alternative's central weights (or are 0/1 with an exact matrix).
inline smaa_result smaa_replay(const smaa_replay_samples& s, int threads = 0) {
    validate(s);
    detail::checked_threads(threads);
    const bool sampled = !s.values.empty();
    const Eigen::Index n = s.weights.rows(), c = s.weights.cols();
    const Eigen::Index a = sampled ? s.alternatives : s.matrix.rows();
    auto value = [&](std::uint64_t sample, Eigen::Index i, Eigen::Index k) {
        return s.values[static_cast<std::size_t>((static_cast<Eigen::Index>(sample) * a + i) * c + k)];
    };
    detail::smaa_counts counts(a, c);
    detail::run_blocks(static_cast<std::uint64_t>(n), threads, counts,
                       [&](std::uint64_t first, Eigen::Index m, detail::smaa_scratch& sc, detail::smaa_counts& st) {
                           sc.weights = s.weights.middleRows(static_cast<Eigen::Index>(first), m);
                           sc.utilities.setZero(m, a);
                           for (Eigen::Index i = 0; i < a; ++i) {
                               auto ui = sc.utilities.col(i);
                               for (Eigen::Index k = 0; k < c; ++k) {
                                   if (sampled) {
                                       for (Eigen::Index b = 0; b < m; ++b) ui(b) += sc.weights(b, k) * value(first + static_cast<std::uint64_t>(b), i, k);
                                   } else {
                                       for (Eigen::Index b = 0; b < m; ++b) ui(b) += sc.weights(b, k) * s.matrix(i, k);
                                   }
                               }
                           }
                           detail::accumulate_block(sc.weights, sc.utilities, sc, st);
                       });
    smaa_result r = detail::finish(counts, static_cast<std::uint64_t>(n));
    r.weight_sampler = "replay";
    if (!sampled) {
        detail::confidence_exact(s.matrix, r);
    } else {
        detail::confidence_sampled(static_cast<std::uint64_t>(n), threads, a, c, r,
                                   [&](std::uint64_t first, Eigen::Index m, Eigen::MatrixXd& cells) {
                                       for (Eigen::Index b = 0; b < m; ++b)
                                           for (Eigen::Index x = 0; x < a * c; ++x)
                                               cells(b, x) = value(first + static_cast<std::uint64_t>(b), x / c, x % c);
                                   });
    }
    return r;
}

}  // namespace adva
