// MACBETH scales, intervals, suggestions and weights (include/adva/weights/macbeth.hpp) on
// COIN-OR Clp.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <coin/ClpSimplex.hpp>
#include <Eigen/Dense>

#include "adva/error.hpp"
#include "adva/weights/macbeth.hpp"

namespace adva {

namespace {

constexpr int extreme = 6;  // index of the last category; thresholds are s_1..s_6
constexpr double infinity = std::numeric_limits<double>::infinity();

/// A validated judgement with its categories as numbers 0..6.
struct pair_judgement {
    std::size_t more, less;
    int lowest, highest;
};

std::string at(std::string_view where, std::size_t k) { return std::string(where) + "/" + std::to_string(k); }

std::string range_text(int lowest, int highest) {
    std::string s(to_string(static_cast<macbeth_category>(lowest)));
    if (highest != lowest) s += " to " + std::string(to_string(static_cast<macbeth_category>(highest)));
    return s;
}

std::vector<pair_judgement> validate(const macbeth_problem& p, std::string_view where) {
    const std::string w(where);
    const std::size_t n = p.elements;
    if (n > macbeth_max_elements)
        throw limit_exceeded("adva.macbeth.too_many_elements", w,
                             "a MACBETH problem has at most " + std::to_string(macbeth_max_elements) + " elements",
                             std::to_string(n) + " elements");
    if (n < 2)
        throw invalid_input("adva.macbeth.too_few_elements", w, "a MACBETH problem needs at least 2 elements",
                            std::to_string(n) + " elements");
    std::vector<pair_judgement> pairs;
    pairs.reserve(p.judgements.size());
    std::vector<std::size_t> first(n * n, n * n);  // judgement index of each unordered pair
    for (std::size_t k = 0; k < p.judgements.size(); ++k) {
        const auto& j = p.judgements[k];
        for (const auto& [index, name] : {std::pair{j.more, "/more"}, std::pair{j.less, "/less"}})
            if (index >= n)
                throw invalid_input("adva.macbeth.element_out_of_range", at(where, k) + name,
                                    "a judgement names elements 0 to " + std::to_string(n - 1), std::to_string(index));
        if (j.more == j.less)
            throw invalid_input("adva.macbeth.self_comparison", at(where, k), "an element is not judged against itself",
                                "element " + std::to_string(j.more));
        const int lowest = int(j.lowest), highest = int(j.highest);
        for (const auto& [c, name] : {std::pair{lowest, "/lowest"}, std::pair{highest, "/highest"}})
            if (c < 0 || c > extreme)
                throw invalid_input("adva.macbeth.unknown_category", at(where, k) + name,
                                    "a category is one of C0 (no difference) to C6 (extreme)", std::to_string(c));
        if (lowest > highest)
            throw invalid_input("adva.macbeth.reversed_range", at(where, k),
                                "the lowest category of a range must not exceed the highest",
                                std::string(to_string(j.lowest)) + " to " + std::string(to_string(j.highest)));
        if (lowest == 0 && highest != 0)
            throw invalid_input("adva.macbeth.no_difference_range", at(where, k),
                                "\"no difference\" stands alone, never in a range with other categories",
                                range_text(lowest, highest));
        const std::size_t key = std::min(j.more, j.less) * n + std::max(j.more, j.less);
        if (first[key] != n * n)
            throw invalid_input("adva.macbeth.duplicate_pair", at(where, k), "a pair of elements is judged once",
                                "elements " + std::to_string(j.more) + " and " + std::to_string(j.less) +
                                    ", already judged at " + at(where, first[key]));
        first[key] = k;
        pairs.push_back({j.more, j.less, lowest, highest});
    }
    // Connected judgements: otherwise the gap between two groups of elements is not determined.
    std::vector<std::size_t> parent(n);
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    const auto root = [&](std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    for (const auto& j : pairs) parent[root(j.more)] = root(j.less);
    for (std::size_t x = 1; x < n; ++x)
        if (root(x) != root(0))
            throw invalid_input("adva.macbeth.disconnected", w,
                                "every element must be linked to every other by a chain of judgements",
                                "element " + std::to_string(x) + " is not linked to element 0");
    if (p.neutral.has_value() != p.good.has_value())
        throw invalid_input("adva.macbeth.anchor_missing", p.neutral ? "good" : "neutral",
                            "the neutral and good references are given together or not at all",
                            p.neutral ? "neutral only" : "good only");
    if (p.neutral) {
        for (const auto& [index, name] : {std::pair{*p.neutral, "neutral"}, std::pair{*p.good, "good"}})
            if (index >= n)
                throw invalid_input("adva.macbeth.anchor_out_of_range", name,
                                    "a reference names an element 0 to " + std::to_string(n - 1), std::to_string(index));
        if (*p.neutral == *p.good)
            throw invalid_input("adva.macbeth.same_anchors", "good", "the neutral and good references are different elements",
                                "both " + std::to_string(*p.good));
    }
    return pairs;
}

/// The three constraint sets over scores v, thresholds s_1..s_6 (and z, eps):
///   margin   LP-MACBETH: s_1 = 1/2, s_{k+1} >= s_k + 1, s_i + 1/2 <= v(x) - v(y) <= s_{j+1} - 1/2
///   closure  the strict meaning's closure: 0 <= s_1 <= ... <= s_6, s_i <= v(x) - v(y) <= s_{j+1}
///   margin_eps  the strict meaning with a margin eps to maximise: every strict gap >= eps
enum class flavour { margin, closure, margin_eps };

struct layout {
    int n;
    int s(int k) const { return n + k - 1; }
    int z() const { return n + extreme; }
    int eps() const { return n + extreme + 1; }
    int count() const { return n + extreme + 2; }
};

struct built {
    layout cols;
    std::vector<std::pair<int, int>> rows_of;  // first row and row count of each judgement
};

/// Loads the constraints into `lp` with a zero objective. `bounded`: every score in [0, z] (the
/// scale LP); otherwise scores are free and z is unused.
built build(ClpSimplex& lp, std::size_t n, const std::vector<pair_judgement>& js, flavour f, bool bounded) {
    const layout c{int(n)};
    const double gap = f == flavour::margin ? 0.5 : 0.0;
    std::vector<double> col_lo(std::size_t(c.count()), 0.0), col_hi(std::size_t(c.count()), COIN_DBL_MAX);
    for (int x = 0; x < c.n; ++x) col_lo[std::size_t(x)] = bounded ? 0.0 : -COIN_DBL_MAX;
    if (f == flavour::margin) col_lo[std::size_t(c.s(1))] = col_hi[std::size_t(c.s(1))] = 0.5;
    if (!bounded) col_hi[std::size_t(c.z())] = 0.0;
    col_hi[std::size_t(c.eps())] = f == flavour::margin_eps ? 1.0 : 0.0;
    const std::vector<double> objective(std::size_t(c.count()), 0.0);
    const std::vector<CoinBigIndex> no_start(std::size_t(c.count()) + 1, 0);
    lp.setLogLevel(0);
    lp.loadProblem(c.count(), 0, no_start.data(), nullptr, nullptr, col_lo.data(), col_hi.data(), objective.data(),
                   nullptr, nullptr);

    std::vector<double> row_lo, row_hi, value;
    std::vector<int> index;
    std::vector<CoinBigIndex> start{0};
    const auto row = [&](std::initializer_list<std::pair<int, double>> terms, double lo, double hi) {
        for (const auto& [col, coef] : terms) {
            index.push_back(col);
            value.push_back(coef);
        }
        start.push_back(CoinBigIndex(index.size()));
        row_lo.push_back(lo);
        row_hi.push_back(hi);
    };
    const bool eps = f == flavour::margin_eps;
    const int e = c.eps();
    for (int k = 1; k < extreme; ++k) {
        if (eps) row({{c.s(k + 1), 1.0}, {c.s(k), -1.0}, {e, -1.0}}, 0.0, COIN_DBL_MAX);
        else row({{c.s(k + 1), 1.0}, {c.s(k), -1.0}}, f == flavour::margin ? 1.0 : 0.0, COIN_DBL_MAX);
    }
    if (eps) row({{c.s(1), 1.0}, {e, -1.0}}, 0.0, COIN_DBL_MAX);  // very weak is a positive difference
    built b{c, {}};
    b.rows_of.reserve(js.size());
    for (const auto& j : js) {
        const int first = int(row_lo.size());
        const int x = int(j.more), y = int(j.less);
        if (j.lowest == 0) {
            row({{x, 1.0}, {y, -1.0}}, 0.0, 0.0);
        } else {
            if (eps) row({{x, 1.0}, {y, -1.0}, {c.s(j.lowest), -1.0}, {e, -1.0}}, 0.0, COIN_DBL_MAX);
            else row({{x, 1.0}, {y, -1.0}, {c.s(j.lowest), -1.0}}, gap, COIN_DBL_MAX);
            if (j.highest < extreme) {
                if (eps) row({{x, 1.0}, {y, -1.0}, {c.s(j.highest + 1), -1.0}, {e, 1.0}}, -COIN_DBL_MAX, 0.0);
                else row({{x, 1.0}, {y, -1.0}, {c.s(j.highest + 1), -1.0}}, -COIN_DBL_MAX, -gap);
            }
        }
        b.rows_of.emplace_back(first, int(row_lo.size()) - first);
    }
    if (bounded)
        for (int x = 0; x < c.n; ++x) row({{x, 1.0}, {c.z(), -1.0}}, -COIN_DBL_MAX, 0.0);
    lp.addRows(int(row_lo.size()), row_lo.data(), row_hi.data(), start.data(), index.data(), value.data());
    return b;
}

enum class outcome { optimal, infeasible, unbounded };

outcome solve(ClpSimplex& lp, std::string_view where, bool dual = false) {
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (attempt == 0) {
            if (dual) lp.dual();
            else lp.primal();
        } else {
            // Clp may stop on numerical trouble (status 4) from a warm start: retry from the slack
            // basis with the other simplex, then with the first one.
            lp.allSlackBasis(true);
            if (dual == (attempt == 2)) lp.dual();
            else lp.primal();
        }
        if (lp.isProvenOptimal()) return outcome::optimal;
        if (lp.isProvenPrimalInfeasible()) return outcome::infeasible;
        if (lp.isProvenDualInfeasible()) return outcome::unbounded;
    }
    throw computation_error("adva.macbeth.lp_failed", std::string(where), "a MACBETH LP did not reach an optimum",
                            "Clp status " + std::to_string(lp.status()));
}

/// Room for the solver's own tolerance when an optimum is fixed before the next LP.
double slack(double value) { return 1e-9 * std::max(1.0, std::abs(value)); }

/// Whether the infeasible scale LP `base` becomes feasible once judgement k's rows (`rows`: first
/// row and count) are replaced by those of `j`. Starts from base's final basis: a copy, one
/// judgement's rows swapped, then the dual simplex, which is far cheaper than solving anew.
bool consistent_with(const ClpSimplex& base, std::pair<int, int> rows, const layout& c, const pair_judgement& j,
                     std::string_view where) {
    ClpSimplex lp(base);
    std::vector<int> which(std::size_t(rows.second));
    std::iota(which.begin(), which.end(), rows.first);
    lp.deleteRows(rows.second, which.data());
    const int x = int(j.more), y = int(j.less);
    if (j.lowest == 0) {
        const int cols[2] = {x, y};
        const double coefs[2] = {1.0, -1.0};
        lp.addRow(2, cols, coefs, 0.0, 0.0);
    } else {
        const double coefs[3] = {1.0, -1.0, -1.0};
        const int low[3] = {x, y, c.s(j.lowest)};
        lp.addRow(3, low, coefs, 0.5, COIN_DBL_MAX);
        if (j.highest < extreme) {
            const int high[3] = {x, y, c.s(j.highest + 1)};
            lp.addRow(3, high, coefs, -COIN_DBL_MAX, -0.5);
        }
    }
    return solve(lp, where, true) != outcome::infeasible;
}

/// For each judgement that can matter, each way of changing it (lowest end, highest end, whole;
/// down or up; for "no difference" either way round) and the fewest categories that restore
/// consistency. Only judgements with a row in the Farkas certificate of infeasibility can help:
/// any other change leaves that infeasible subsystem intact.
std::vector<macbeth_suggestion> suggest(const ClpSimplex& base, const std::vector<pair_judgement>& js,
                                        const built& b, const double* ray, std::string_view where) {
    std::vector<macbeth_suggestion> out;
    for (std::size_t k = 0; k < js.size(); ++k) {
        if (ray) {
            bool involved = false;
            for (int r = b.rows_of[k].first; r < b.rows_of[k].first + b.rows_of[k].second; ++r)
                involved = involved || std::abs(ray[r]) > 1e-12;
            if (!involved) continue;
        }
        const pair_judgement& j = js[k];
        const auto try_way = [&](macbeth_change change, int sign, bool swap) {
            for (int d = 1; d <= extreme; ++d) {
                int lo = j.lowest, hi = j.highest;
                if (change != macbeth_change::highest_end) lo += sign * d;
                if (change != macbeth_change::lowest_end) hi += sign * d;
                if (lo < 0 || hi > extreme || lo > hi) return;
                if (lo == 0 && hi != 0) return;  // no difference never joins a range
                if (lo == 0 && change != macbeth_change::whole) return;
                const pair_judgement trial{swap ? j.less : j.more, swap ? j.more : j.less, lo, hi};
                if (consistent_with(base, b.rows_of[k], b.cols, trial, where)) {
                    macbeth_suggestion s;
                    s.judgement = k;
                    s.more = swap ? j.less : j.more;
                    s.less = swap ? j.more : j.less;
                    s.change = change;
                    s.lowest_now = static_cast<macbeth_category>(j.lowest);
                    s.highest_now = static_cast<macbeth_category>(j.highest);
                    s.lowest_suggested = static_cast<macbeth_category>(lo);
                    s.highest_suggested = static_cast<macbeth_category>(hi);
                    s.shift = sign * d;
                    out.push_back(s);
                    return;
                }
            }
        };
        if (j.lowest == 0) {  // no difference: only a whole change, towards either element
            try_way(macbeth_change::whole, +1, false);
            try_way(macbeth_change::whole, +1, true);
            continue;
        }
        for (const auto change : {macbeth_change::lowest_end, macbeth_change::highest_end, macbeth_change::whole})
            for (const int sign : {-1, +1}) try_way(change, sign, false);
    }
    std::stable_sort(out.begin(), out.end(), [](const macbeth_suggestion& a, const macbeth_suggestion& c) {
        return std::tuple(std::abs(a.shift), a.judgement, int(a.change), a.shift, a.more) <
               std::tuple(std::abs(c.shift), c.judgement, int(c.change), c.shift, c.more);
    });
    return out;
}

/// The scale with its intervals in basic units (basic_lower/upper), before anchoring is applied
/// to the intervals by the caller.
struct solved {
    macbeth_scale scale;
    Eigen::VectorXd basic_lower, basic_upper;
};

solved solve_scale(std::size_t n, const std::vector<pair_judgement>& js, std::optional<std::size_t> zero,
                   std::optional<std::size_t> neutral, std::optional<std::size_t> good, std::string_view where) {
    solved out;
    macbeth_scale& r = out.scale;
    ClpSimplex lp;
    const built b = build(lp, n, js, flavour::margin, true);
    const layout c = b.cols;
    if (zero) lp.setColumnUpper(int(*zero), 0.0);
    lp.setObjectiveCoefficient(c.z(), 1.0);
    // Dual simplex: on infeasibility it leaves the Farkas certificate used to prune suggestions.
    if (solve(lp, where, true) == outcome::infeasible) {
        const std::unique_ptr<double[]> ray(lp.infeasibilityRay());
        r.consistent = false;
        r.suggestions = suggest(lp, js, b, ray.get(), where);
        return out;
    }
    r.consistent = true;

    // Tie rule least_total_then_index_order: fix the least greatest score, then the least total,
    // then the least score of each element in turn.
    const double greatest = lp.getColSolution()[c.z()];
    lp.setColumnUpper(c.z(), greatest + slack(greatest));
    lp.setObjectiveCoefficient(c.z(), 0.0);
    for (int x = 0; x < c.n; ++x) lp.setObjectiveCoefficient(x, 1.0);
    if (solve(lp, where) != outcome::optimal)
        throw computation_error("adva.macbeth.lp_failed", std::string(where), "the least-total LP has no optimum");
    const double total = lp.objectiveValue();
    {
        std::vector<int> all(std::size_t(c.n));
        std::iota(all.begin(), all.end(), 0);
        const std::vector<double> ones(std::size_t(c.n), 1.0);
        lp.addRow(c.n, all.data(), ones.data(), -COIN_DBL_MAX, total + slack(total));
    }
    for (int x = 0; x < c.n; ++x) lp.setObjectiveCoefficient(x, 0.0);
    for (int x = 0; x < c.n; ++x) {
        double least = lp.getColSolution()[x];
        if (least > slack(0.0)) {  // at its bound 0 it is already least
            lp.setObjectiveCoefficient(x, 1.0);
            if (solve(lp, where) != outcome::optimal)
                throw computation_error("adva.macbeth.lp_failed", std::string(where), "a tie-rule LP has no optimum");
            least = lp.getColSolution()[x];
            lp.setObjectiveCoefficient(x, 0.0);
        }
        lp.setColumnUpper(x, std::min(lp.getColUpper()[x], std::max(least, 0.0) + slack(least)));
    }
    r.basic = Eigen::Map<const Eigen::VectorXd>(lp.getColSolution(), c.n).cwiseMax(0.0);

    // The least thresholds consistent with the scale (unique: the set is closed under minimum).
    for (int x = 0; x < c.n; ++x) lp.setColumnBounds(x, r.basic[x], r.basic[x]);
    for (int k = 2; k <= extreme; ++k) lp.setObjectiveCoefficient(c.s(k), 1.0);
    if (solve(lp, where) != outcome::optimal)
        throw computation_error("adva.macbeth.lp_failed", std::string(where), "the threshold LP has no optimum");
    r.thresholds = Eigen::Map<const Eigen::VectorXd>(lp.getColSolution() + c.s(1), extreme);

    Eigen::Index bottom = 0, top = 0;
    r.basic.minCoeff(&bottom);
    r.basic.maxCoeff(&top);
    r.bottom = std::size_t(bottom);
    r.top = std::size_t(top);
    const double range = r.basic[top] - r.basic[bottom];
    if (!(range > 1e-9))
        throw invalid_input("adva.macbeth.flat_scale", std::string(where),
                            "the judgements must make some element more attractive than another",
                            "every judgement is \"no difference\"");
    double origin = r.basic[bottom], unit = range;
    if (neutral) {
        r.anchoring = macbeth_anchoring::neutral_good;
        origin = r.basic[Eigen::Index(*neutral)];
        unit = r.basic[Eigen::Index(*good)] - origin;
        if (!(unit > 1e-9 * range))
            throw invalid_input("adva.macbeth.anchor_order", "good",
                                "the good reference must be more attractive than the neutral one in the scale",
                                "basic scores: good " + std::to_string(r.basic[Eigen::Index(*good)]) + ", neutral " +
                                    std::to_string(origin));
    }
    const auto anchored = [&](double v) { return std::isinf(v) ? v : 100.0 * (v - origin) / unit; };
    r.scores = r.basic.unaryExpr(anchored);

    // Intervals: each score free, the others fixed, thresholds free, in the strict meaning's closure.
    ClpSimplex iv;
    build(iv, n, js, flavour::closure, false);
    for (int x = 0; x < c.n; ++x) iv.setColumnBounds(x, r.basic[x], r.basic[x]);
    out.basic_lower.resize(c.n);
    out.basic_upper.resize(c.n);
    for (int x = 0; x < c.n; ++x) {
        iv.setColumnBounds(x, -COIN_DBL_MAX, COIN_DBL_MAX);
        for (const double sense : {1.0, -1.0}) {
            iv.setObjectiveCoefficient(x, sense);
            const outcome o = solve(iv, where);
            if (o == outcome::infeasible)
                throw computation_error("adva.macbeth.lp_failed", std::string(where),
                                        "the interval LP rejects the scale it was built from");
            const double v = o == outcome::unbounded ? sense * -infinity : iv.getColSolution()[x];
            (sense > 0 ? out.basic_lower : out.basic_upper)[x] = v;
        }
        iv.setObjectiveCoefficient(x, 0.0);
        iv.setColumnBounds(x, r.basic[x], r.basic[x]);
    }
    r.lower = out.basic_lower.unaryExpr(anchored);
    r.upper = out.basic_upper.unaryExpr(anchored);
    return out;
}

}  // namespace

macbeth_scale macbeth(const macbeth_problem& problem, std::string_view where) {
    const auto pairs = validate(problem, where);
    return solve_scale(problem.elements, pairs, std::nullopt, problem.neutral, problem.good, where).scale;
}

bool macbeth_fits(const macbeth_problem& problem, const Eigen::VectorXd& scores, std::string_view where) {
    const auto pairs = validate(problem, where);
    if (scores.size() != Eigen::Index(problem.elements) || !scores.allFinite())
        throw invalid_input("adva.macbeth.bad_scores", "scores", "one finite score per element",
                            std::to_string(scores.size()) + " scores for " + std::to_string(problem.elements) +
                                " elements" + (scores.allFinite() ? "" : ", not all finite"));
    // Judgements do not depend on the unit or origin: map onto [0, 1] so that tolerances are relative.
    const double lowest = scores.minCoeff(), range = scores.maxCoeff() - lowest;
    const Eigen::VectorXd v = range > 0 ? Eigen::VectorXd((scores.array() - lowest) / range)
                                        : Eigen::VectorXd::Zero(scores.size());
    ClpSimplex lp;
    const built b = build(lp, problem.elements, pairs, flavour::margin_eps, false);
    for (int x = 0; x < b.cols.n; ++x) lp.setColumnBounds(x, v[x], v[x]);
    lp.setObjectiveCoefficient(b.cols.eps(), -1.0);
    if (solve(lp, where) != outcome::optimal) return false;
    return lp.getColSolution()[b.cols.eps()] > 1e-9;
}

macbeth_weights_result macbeth_weights(std::size_t criteria, const std::vector<macbeth_judgement>& judgements,
                                       std::string_view where) {
    if (criteria >= macbeth_max_elements)
        throw limit_exceeded("adva.macbeth.too_many_elements", std::string(where),
                             "a MACBETH problem has at most " + std::to_string(macbeth_max_elements) +
                                 " elements (the criteria and \"[all lower]\")",
                             std::to_string(criteria) + " criteria");
    const macbeth_problem problem{criteria + 1, judgements, std::nullopt, std::nullopt};
    const auto pairs = validate(problem, where);
    for (std::size_t k = 0; k < pairs.size(); ++k)
        if (pairs[k].more == criteria && pairs[k].lowest > 0)
            throw invalid_input("adva.macbeth.all_lower_above", at(where, k) + "/more",
                                "\"[all lower]\" (element " + std::to_string(criteria) +
                                    ") is never more attractive than a swing",
                                range_text(pairs[k].lowest, pairs[k].highest) + " over element " +
                                    std::to_string(pairs[k].less));
    macbeth_weights_result r;
    solved s = solve_scale(problem.elements, pairs, criteria, std::nullopt, std::nullopt, where);
    r.scale = std::move(s.scale);
    if (!r.scale.consistent) return r;
    const auto m = Eigen::Index(criteria);
    const Eigen::VectorXd swings = r.scale.basic.head(m);
    const double total = swings.sum();
    r.weights = swings / total;
    r.lower.resize(m);
    r.upper.resize(m);
    for (Eigen::Index i = 0; i < m; ++i) {
        const double others = total - swings[i];
        const auto weight = [&](double v) {
            if (std::isinf(v)) return v > 0 ? 1.0 : 0.0;
            v = std::max(v, 0.0);  // a swing is never below "[all lower]"
            return v + others > 0 ? v / (v + others) : 0.0;
        };
        r.lower[i] = weight(s.basic_lower[i]);
        r.upper[i] = weight(s.basic_upper[i]);
    }
    return r;
}

}  // namespace adva
