#pragma once
// The random inputs of a SMAA run: weight samplers (one exact sampler per weight_information) and the
// samplers of uncertain cells. Every draw comes from a Philox stream keyed by the seed, so a sample's
// draws depend only on (seed, sample index). weight_sampler is public (namespace adva).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/detail/smaa_distributions.hpp"
#include "adva/analysis/detail/smaa_philox.hpp"
#include "adva/analysis/detail/smaa_types.hpp"
#include "adva/error.hpp"

namespace adva {

namespace detail {

inline constexpr std::uint32_t weight_stream = 0;
inline constexpr std::uint32_t pilot_stream = 0xFFFFFFFFu;
inline std::uint32_t value_stream(Eigen::Index cell, Eigen::Index cells, int pass) {
    return static_cast<std::uint32_t>(1 + cell + (pass == 2 ? cells : 0));
}

}  // namespace detail

// ------------------------------------------------------------------------------------------------
// Weight samplers
// ------------------------------------------------------------------------------------------------

/// Draws weight vectors for a block of consecutive sample indices; sample s's weights depend only on
/// (seed, s). Validates the weight model at construction.
class weight_sampler {
public:
    weight_sampler(const smaa_weight_model& model, Eigen::Index criteria, std::uint64_t seed)
        : model_(model), criteria_(criteria), key_(detail::philox_key_from_seed(seed)) {
        using detail::number_text;
        using detail::pointer;
        if (criteria < 1) throw invalid_input("adva.smaa.empty", "/matrix", "at least one criterion is required", "0");
        switch (model.information) {
            case weight_information::none: name_ = "normalised_exponentials"; break;
            case weight_information::ordinal: {
                name_ = "sorted_normalised_exponentials";
                if (static_cast<Eigen::Index>(model.rank.size()) != criteria)
                    throw invalid_input("adva.smaa.shape", "/weights/rank", "one rank per criterion is required",
                                        std::to_string(model.rank.size()) + " ranks for " + std::to_string(criteria) + " criteria");
                by_rank_.assign(static_cast<std::size_t>(criteria), -1);
                for (Eigen::Index k = 0; k < criteria; ++k) {
                    const int r = model.rank[static_cast<std::size_t>(k)];
                    if (r < 1 || r > criteria || by_rank_[static_cast<std::size_t>(r - 1)] != -1)
                        throw invalid_input("adva.smaa.invalid_ranking", pointer("/weights/rank", k),
                                            "ranks must be a permutation of 1.." + std::to_string(criteria), std::to_string(r));
                    by_rank_[static_cast<std::size_t>(r - 1)] = static_cast<int>(k);
                }
                break;
            }
            case weight_information::intervals: {
                name_ = "shifted_simplex_rejection";
                check_intervals(seed);
                break;
            }
            case weight_information::per_parent: {
                name_ = "per_parent_normalised_exponentials";
                check_tree();
                check_known(seed);
                break;
            }
        }
    }

    const std::string& name() const noexcept { return name_; }
    Eigen::Index criteria() const noexcept { return criteria_; }
    /// Estimated acceptance rate of the rejection sampler (1 for every other sampler).
    double acceptance_rate() const noexcept { return acceptance_; }

    /// out(b, k) = weight of criterion k in sample first + b, for b < count. Resizes out to count x C.
    void sample(std::uint64_t first, Eigen::Index count, smaa_weight_block& out) const {
        out.resize(count, criteria_);
        switch (model_.information) {
            case weight_information::none:
                detail::fill_exponentials(first, count, criteria_, detail::weight_stream, 0, key_, out);
                normalise_exponentials(out, count);
                return;
            case weight_information::ordinal: {
                detail::fill_exponentials(first, count, criteria_, detail::weight_stream, 0, key_, out);
                normalise_exponentials(out, count);
                std::vector<double> row(static_cast<std::size_t>(criteria_));
                for (Eigen::Index b = 0; b < count; ++b) {
                    for (Eigen::Index k = 0; k < criteria_; ++k) row[static_cast<std::size_t>(k)] = out(b, k);
                    std::sort(row.begin(), row.end(), std::greater<>());
                    for (Eigen::Index r = 0; r < criteria_; ++r) out(b, by_rank_[static_cast<std::size_t>(r)]) = row[static_cast<std::size_t>(r)];
                }
                return;
            }
            case weight_information::intervals: {
                if (!walks_.empty()) {
                    walks_.front()->sample_rows(first, static_cast<std::uint64_t>(count), out);
                    return;
                }
                std::vector<double> w(static_cast<std::size_t>(criteria_));
                for (Eigen::Index b = 0; b < count; ++b) {
                    draw_interval(first + static_cast<std::uint64_t>(b), detail::weight_stream, w.data());
                    for (Eigen::Index k = 0; k < criteria_; ++k) out(b, k) = w[static_cast<std::size_t>(k)];
                }
                return;
            }
            case weight_information::per_parent: sample_tree(first, count, out); return;
        }
    }

private:
    // Exponentials (detail::exponential_from_word) normalised per row: each row summed in criterion
    // order, then multiplied by the sum's reciprocal (the fused engine computes the same bits).
    void normalise_exponentials(smaa_weight_block& w, Eigen::Index count) const {
        for (Eigen::Index b = 0; b < count; ++b) {
            double* row = w.data() + b * criteria_;
            double sum = 0.0;
            for (Eigen::Index k = 0; k < criteria_; ++k) sum += row[k];
            const double inverse = 1.0 / sum;
            for (Eigen::Index k = 0; k < criteria_; ++k) row[k] *= inverse;
        }
    }

    // One rejection-sampled weight vector for sample s; attempt a uses Philox calls a*calls .. .
    // Returns the number of attempts used.
    std::uint64_t draw_interval(std::uint64_t s, std::uint32_t stream, double* w) const {
        const Eigen::Index calls = (criteria_ + 3) / 4;
        for (std::uint64_t attempt = 0; attempt < max_attempts_; ++attempt) {
            detail::sample_exponentials(s, criteria_, stream, static_cast<std::uint32_t>(attempt * calls), key_, w);
            double sum = 0.0;
            for (Eigen::Index k = 0; k < criteria_; ++k) sum += w[k];
            bool inside = true;
            for (Eigen::Index k = 0; k < criteria_; ++k) {
                w[k] = model_.lower[static_cast<std::size_t>(k)] + slack_ * (w[k] / sum);
                inside = inside && w[k] <= model_.upper[static_cast<std::size_t>(k)];
            }
            if (inside) return attempt + 1;
        }
        throw computation_error("adva.smaa.rejection_exhausted", "/weights",
                                "the interval sampler found no feasible weight vector within " + std::to_string(max_attempts_) +
                                    " attempts", "sample " + std::to_string(s));
    }

    void check_intervals(std::uint64_t seed) {
        using detail::number_text;
        using detail::pointer;
        const auto& lo = model_.lower;
        const auto& hi = model_.upper;
        if (static_cast<Eigen::Index>(lo.size()) != criteria_ || static_cast<Eigen::Index>(hi.size()) != criteria_)
            throw invalid_input("adva.smaa.shape", lo.size() != static_cast<std::size_t>(criteria_) ? "/weights/lower" : "/weights/upper",
                                "one lower and one upper bound per criterion are required",
                                std::to_string(lo.size()) + " lower, " + std::to_string(hi.size()) + " upper for " +
                                    std::to_string(criteria_) + " criteria");
        double sum_lo = 0.0, sum_hi = 0.0;
        for (Eigen::Index k = 0; k < criteria_; ++k) {
            const double l = lo[static_cast<std::size_t>(k)], h = hi[static_cast<std::size_t>(k)];
            if (!std::isfinite(l) || !std::isfinite(h))
                throw invalid_input("adva.smaa.not_finite", pointer(std::isfinite(l) ? "/weights/upper" : "/weights/lower", k),
                                    "weight bounds must be finite", number_text(std::isfinite(l) ? h : l));
            if (l < 0.0 || h > 1.0 || l > h)
                throw invalid_input("adva.smaa.infeasible_intervals", pointer("/weights/lower", k),
                                    "weight bounds need 0 <= lower <= upper <= 1",
                                    "[" + number_text(l) + ", " + number_text(h) + "]");
            sum_lo += l;
            sum_hi += h;
        }
        if (sum_lo > 1.0 || sum_hi < 1.0)
            throw invalid_input("adva.smaa.infeasible_intervals", "/weights",
                                "no weight vector satisfies the intervals: need sum(lower) <= 1 <= sum(upper)",
                                "sum(lower) = " + number_text(sum_lo) + ", sum(upper) = " + number_text(sum_hi));
        slack_ = 1.0 - sum_lo;
        max_attempts_ = std::min<std::uint64_t>(max_attempts_, 0xFFFFFFFFull / static_cast<std::uint64_t>((criteria_ + 3) / 4));
        if (model_.interval_sampler == interval_sampling::hit_and_run) return walk_intervals(seed, sum_lo, sum_hi);
        // Upper bounds that the shifted simplex can never exceed do not reject; skip the pilot then.
        bool rejects = false;
        for (Eigen::Index k = 0; k < criteria_; ++k)
            rejects = rejects || lo[static_cast<std::size_t>(k)] + slack_ > hi[static_cast<std::size_t>(k)];
        if (!rejects) return;
        // Pilot run on its own stream: the acceptance rate decides feasibility in practice.
        std::vector<double> w(static_cast<std::size_t>(criteria_));
        acceptance_ = estimate_acceptance(w);
        if (model_.interval_sampler == interval_sampling::automatic && acceptance_ < hit_and_run_acceptance)
            return walk_intervals(seed, sum_lo, sum_hi);
        if (acceptance_ < minimum_acceptance)
            throw invalid_input("adva.smaa.infeasible_intervals", "/weights",
                                "the intervals leave too small a part of the simplex for exact rejection sampling (acceptance rate below " +
                                    number_text(minimum_acceptance) + ")",
                                "estimated acceptance rate " + number_text(acceptance_));
    }

    // Hit-and-run on {w in simplex, lower <= w <= upper}: a bound pair that meets is an equality
    // (the walk needs an interior), and w = lower + λ (upper - lower) with λ = (1 - Σ lower) /
    // (Σ upper - Σ lower) is strictly inside every other bound and sums to 1. When Σ lower or
    // Σ upper is 1 the set is that one point (λ = 0 or 1): every weight is an equality.
    void walk_intervals(std::uint64_t seed, double sum_lo, double sum_hi) {
        name_ = "hit_and_run";
        weight_polytope p(criteria_);
        Eigen::VectorXd start(criteria_);
        const double lambda = sum_hi > sum_lo ? (1.0 - sum_lo) / (sum_hi - sum_lo) : 0.0;
        const bool point = !(lambda > 0.0 && lambda < 1.0);
        for (Eigen::Index k = 0; k < criteria_; ++k) {
            const double l = model_.lower[static_cast<std::size_t>(k)], h = model_.upper[static_cast<std::size_t>(k)];
            if (point) {
                p.add_equality(Eigen::RowVectorXd::Unit(criteria_, k), l + lambda * (h - l), "w[" + std::to_string(k) + "] fixed");
            } else if (l == h) {
                p.add_equality(Eigen::RowVectorXd::Unit(criteria_, k), l, "w[" + std::to_string(k) + "] = " + detail::number_text(l));
            } else {
                p.add_bounds(k, l, h);
            }
            start[k] = l + lambda * (h - l);
        }
        hit_and_run_options o;
        o.chain_length = smaa_hit_and_run_chain;
        o.seed = detail::derived_seed(seed, 0);
        walks_.push_back(std::make_shared<const hit_and_run_sampler>(p, start, o));
    }

    // Acceptance rate over pilot_draws draws of the shifted simplex (pilot stream, one attempt each).
    double estimate_acceptance(std::vector<double>& w) const {
        std::uint64_t accepted = 0;
        for (std::uint64_t s = 0; s < pilot_draws; ++s) {
            detail::sample_exponentials(s, criteria_, detail::pilot_stream, 0, key_, w.data());
            double sum = 0.0;
            for (const double x : w) sum += x;
            bool inside = true;
            for (Eigen::Index k = 0; k < criteria_; ++k)
                inside = inside && model_.lower[static_cast<std::size_t>(k)] + slack_ * (w[static_cast<std::size_t>(k)] / sum) <=
                                       model_.upper[static_cast<std::size_t>(k)];
            accepted += inside ? 1 : 0;
        }
        return static_cast<double>(accepted) / static_cast<double>(pilot_draws);
    }

    void check_tree() {
        using detail::pointer;
        const auto& t = model_.tree;
        const Eigen::Index nodes = static_cast<Eigen::Index>(t.parent.size());
        if (nodes < 1 || static_cast<Eigen::Index>(t.column.size()) != nodes)
            throw invalid_input("adva.smaa.invalid_tree", "/weights/tree", "the tree needs one parent and one column entry per node",
                                std::to_string(t.parent.size()) + " parents, " + std::to_string(t.column.size()) + " columns");
        std::vector<int> children(static_cast<std::size_t>(nodes), 0);
        for (Eigen::Index v = 0; v < nodes; ++v) {
            const int p = t.parent[static_cast<std::size_t>(v)];
            if (p < -1 || p >= v)
                throw invalid_input("adva.smaa.invalid_tree", pointer("/weights/tree/parent", v),
                                    "a node's parent must be -1 (top level) or an earlier node", std::to_string(p));
            if (p >= 0) ++children[static_cast<std::size_t>(p)];
        }
        std::vector<int> seen(static_cast<std::size_t>(criteria_), 0);
        for (Eigen::Index v = 0; v < nodes; ++v) {
            const int c = t.column[static_cast<std::size_t>(v)];
            const bool leaf = children[static_cast<std::size_t>(v)] == 0;
            if (leaf ? (c < 0 || c >= criteria_ || seen[static_cast<std::size_t>(c)]++ > 0) : c != -1)
                throw invalid_input("adva.smaa.invalid_tree", pointer("/weights/tree/column", v),
                                    leaf ? "each leaf maps to a distinct criterion column" : "an inner node has column -1",
                                    std::to_string(c));
        }
        for (Eigen::Index k = 0; k < criteria_; ++k)
            if (seen[static_cast<std::size_t>(k)] == 0)
                throw invalid_input("adva.smaa.invalid_tree", "/weights/tree/column", "every criterion column belongs to one leaf",
                                    "column " + std::to_string(k) + " has no leaf");
    }

    // Local weights = exponential / sum of its siblings' exponentials (division, so that a single
    // child gets exactly 1); global = product along the path (parents precede children).
    // Works on runs of at most tree_rows samples: their scratch stays in cache (a whole block's
    // would not, and would be allocated and its pages faulted in again on every call).
    void sample_tree(std::uint64_t first, Eigen::Index count, smaa_weight_block& out) const {
        const auto& t = model_.tree;
        const Eigen::Index nodes = static_cast<Eigen::Index>(t.parent.size());
        const Eigen::Index rows = std::min(count, tree_rows);
        Eigen::MatrixXd e(rows, nodes), group_sum(rows, nodes + 1);  // group_sum column p + 1: children of p
        // The known parents' local weights for the whole range (one walk per set, chains whole).
        std::vector<Eigen::MatrixXd> known(walks_.size());
        for (std::size_t j = 0; j < walks_.size(); ++j) {
            known[j].resize(count, static_cast<Eigen::Index>(model_.known[j].children.size()));
            if (walks_[j]) {
                walks_[j]->sample_rows(first, static_cast<std::uint64_t>(count), known[j]);
            } else {
                for (Eigen::Index q = 0; q < known[j].cols(); ++q) known[j].col(q).setConstant(model_.known[j].point[static_cast<std::size_t>(q)]);
            }
        }
        for (Eigen::Index b0 = 0; b0 < count; b0 += tree_rows) {
            const Eigen::Index n = std::min(tree_rows, count - b0);
            auto exponentials = e.topRows(n);
            auto sums = group_sum.topRows(n);
            detail::fill_exponentials(first + static_cast<std::uint64_t>(b0), n, nodes, detail::weight_stream, 0, key_, exponentials);
            sums.setZero();
            for (Eigen::Index v = 0; v < nodes; ++v) sums.col(t.parent[static_cast<std::size_t>(v)] + 1) += exponentials.col(v);
            for (Eigen::Index v = 0; v < nodes; ++v) {
                const int p = t.parent[static_cast<std::size_t>(v)];
                if (const auto [set, q] = known_of_.empty() ? std::pair<int, int>{-1, -1} : known_of_[static_cast<std::size_t>(v)]; set >= 0)
                    exponentials.col(v) = known[static_cast<std::size_t>(set)].col(q).segment(b0, n);
                else
                    exponentials.col(v).array() /= sums.col(p + 1).array();
                if (p >= 0) exponentials.col(v).array() *= exponentials.col(p).array();
                if (t.column[static_cast<std::size_t>(v)] >= 0) out.col(t.column[static_cast<std::size_t>(v)]).segment(b0, n) = exponentials.col(v);
            }
        }
    }

    // The known parents' local weights (see known_local_weights): each set's polytope checked
    // against the tree, and its walk built (stream family 1 + the set's index).
    void check_known(std::uint64_t seed) {
        using detail::pointer;
        const auto& t = model_.tree;
        const auto nodes = static_cast<int>(t.parent.size());
        known_of_.assign(t.parent.size(), {-1, -1});
        std::vector<char> seen_parent(t.parent.size() + 1, 0);
        for (std::size_t j = 0; j < model_.known.size(); ++j) {
            const known_local_weights& k = model_.known[j];
            const std::string where = pointer("/weights/known", static_cast<Eigen::Index>(j));
            if (k.parent < -1 || k.parent >= nodes || seen_parent[static_cast<std::size_t>(k.parent + 1)]++ > 0)
                throw invalid_input("adva.smaa.invalid_tree", where + "/parent", "a known parent is a tree node (-1: the top level), listed once",
                                    std::to_string(k.parent));
            std::size_t siblings = 0;
            for (int v = 0; v < nodes; ++v) siblings += t.parent[static_cast<std::size_t>(v)] == k.parent ? 1 : 0;
            if (k.children.size() != siblings || !k.polytope || k.polytope->weights() != static_cast<Eigen::Index>(siblings))
                throw invalid_input("adva.smaa.invalid_tree", where + "/children",
                                    "a known parent's polytope weighs each of its " + std::to_string(siblings) + " children once",
                                    std::to_string(k.children.size()) + " children");
            for (std::size_t q = 0; q < k.children.size(); ++q) {
                const int v = k.children[q];
                if (v < 0 || v >= nodes || t.parent[static_cast<std::size_t>(v)] != k.parent || known_of_[static_cast<std::size_t>(v)].first != -1)
                    throw invalid_input("adva.smaa.invalid_tree", pointer(where + "/children", static_cast<Eigen::Index>(q)),
                                        "each child of the known parent appears once", std::to_string(v));
                known_of_[static_cast<std::size_t>(v)] = {static_cast<int>(j), static_cast<int>(q)};
            }
            if (k.start.empty()) {
                double sum = 0.0;
                bool valid = k.point.size() == k.children.size();
                for (const double x : k.point) {
                    valid = valid && std::isfinite(x) && x >= 0.0;
                    sum += x;
                }
                if (!valid || !(std::abs(sum - 1.0) <= 1e-9))
                    throw invalid_input("adva.smaa.known_point", where + "/point",
                                        "a fixed set of local weights has one finite weight >= 0 per child, summing to 1",
                                        std::to_string(k.point.size()) + " weights summing to " + detail::number_text(sum));
                walks_.push_back(nullptr);
                continue;
            }
            hit_and_run_options o;
            o.chain_length = smaa_hit_and_run_chain;
            o.seed = detail::derived_seed(seed, 1 + j);
            walks_.push_back(std::make_shared<const hit_and_run_sampler>(
                *k.polytope, Eigen::Map<const Eigen::VectorXd>(k.start.data(), static_cast<Eigen::Index>(k.start.size())), o));
        }
        if (!model_.known.empty()) name_ = "per_parent_hit_and_run";
    }

    static constexpr Eigen::Index tree_rows = 256;

    static constexpr std::uint64_t pilot_draws = 200'000;
    static constexpr double minimum_acceptance = 1e-4;  // >= 20 acceptances in the pilot

    smaa_weight_model model_;
    Eigen::Index criteria_;
    detail::philox_key key_;
    std::string name_;
    std::vector<int> by_rank_;  // ordinal: criterion of rank r + 1
    // intervals: the one walk when hit-and-run samples them; per_parent: each known set's walk
    // (null for a fixed point), in model_.known's order.
    std::vector<std::shared_ptr<const hit_and_run_sampler>> walks_;
    std::vector<std::pair<int, int>> known_of_;  // per_parent: tree node -> (known set, its weight), or (-1, -1)
    double slack_ = 1.0;
    double acceptance_ = 1.0;
    // At acceptance >= 1e-4, 10^7 attempts fail with probability e^-1000; the cap also keeps the
    // Philox call index (attempt * calls) within 32 bits.
    std::uint64_t max_attempts_ = 10'000'000ull;
};

namespace detail {

/// Draws one uncertain cell's values for a run: a PERT cell through the inverse-CDF table of its
/// beta shape (built once per run and shared by cells of the same shape; exact inversion costs
/// microseconds a value), every other distribution through its closed-form or Boost inverse.
class cell_sampler {
public:
    cell_sampler(const uncertain_value& d, std::shared_ptr<const beta_quantile_table> table) : d_(&d), table_(std::move(table)) {}
    double operator()(double u) const {
        const double x = table_ ? d_->lower + (d_->upper - d_->lower) * (*table_)(u) : quantile(*d_, u);
        return apply(d_->transform, x);
    }

private:
    const uncertain_value* d_;
    std::shared_ptr<const beta_quantile_table> table_;
};

/// Most PERT tables a run builds (about 60 KB each): cells of further shapes invert exactly, so
/// memory stays bounded whatever the matrix.
inline constexpr std::size_t max_pert_tables = 1024;

/// The samplers of a problem's cells (row-major; empty for point cells) for a run of `samples`
/// samples, which draws each cell twice per sample (the acceptabilities, then the confidence
/// factors). A table costs about 1 300 exact inversions, so a run drawing fewer values than that
/// inverts exactly, as do cells of shapes beyond the first `max_tables`.
inline std::vector<std::optional<cell_sampler>> cell_samplers(const std::vector<uncertain_value>& cells, std::uint64_t samples,
                                                              std::size_t max_tables = max_pert_tables) {
    std::vector<std::optional<cell_sampler>> out(cells.size());
    std::map<std::pair<double, double>, std::shared_ptr<const beta_quantile_table>> tables;
    const bool tabulate = samples >= beta_quantile_table::exact_inversions / 2;
    for (std::size_t j = 0; j < cells.size(); ++j) {
        const uncertain_value& d = cells[j];
        if (d.distribution == value_distribution::point) continue;
        std::shared_ptr<const beta_quantile_table> table;
        if (tabulate && d.distribution == value_distribution::pert) {
            const std::pair<double, double> shape{pert_alpha(d.lower, d.value, d.upper), pert_beta(d.lower, d.value, d.upper)};
            if (const auto found = tables.find(shape); found != tables.end()) {
                table = found->second;
            } else if (tables.size() < max_tables) {
                table = std::make_shared<const beta_quantile_table>(shape.first, shape.second);
                tables.emplace(shape, table);
            }
        }
        out[j].emplace(d, std::move(table));
    }
    return out;
}

inline void sample_cell(const cell_sampler& draw, std::uint64_t first, Eigen::Index n, std::uint32_t stream, philox_key key,
                        Eigen::MatrixXd& out, Eigen::Index column) {
    Eigen::MatrixXd u(n, 1);
    fill_uniforms(first, n, 1, stream, 0, key, u);
    for (Eigen::Index b = 0; b < n; ++b) out(b, column) = draw(u(b, 0));
}

}  // namespace detail

}  // namespace adva
