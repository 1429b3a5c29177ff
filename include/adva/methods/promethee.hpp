#pragma once
// PROMETHEE I and II (Brans & Vincke 1985; Brans & Mareschal 2005).
// For criterion j and alternatives a, b let d = x_aj - x_bj (benefit) or x_bj - x_aj (cost) and
// P_j(d) the preference function (0 for d <= 0):
//   usual     P = 1 if d > 0
//   u_shape   P = 1 if d > q
//   v_shape   P = d/p if 0 < d <= p, 1 if d > p
//   level     P = 0 if d <= q, 1/2 if q < d <= p, 1 if d > p
//   linear    P = 0 if d <= q, (d-q)/(p-q) if q < d <= p, 1 if d > p
//   gaussian  P = 1 - exp(-d^2 / (2 s^2)) for d > 0
// phi+(a) = sum_j w_j sum_b P_j(a,b) / (m-1), phi-(a) = sum_j w_j sum_b P_j(b,a) / (m-1),
// phi = phi+ - phi-. PROMETHEE II ranks by phi; PROMETHEE I is the partial order of (phi+, phi-).
//
// Complexity: the five piecewise-linear functions are evaluated in O(m log m) per criterion: sort
// the column once, then each alternative's "leaving" and "entering" sums over the alternatives
// inside each linear piece come from two-pointer sweeps over the sorted values and prefix sums
// (kept in long double so the differences of large sums stay accurate). The Gaussian has no such
// structure: it is the exact O(m^2) sum, vectorised with Eigen and parallel over alternatives.
// Criteria are processed in parallel (TBB); each criterion writes its own column and the weighted
// reduction runs in a fixed order, so results do not depend on the thread count.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "adva/methods/decision_matrix.hpp"

namespace adva {

enum class preference_function { usual, u_shape, v_shape, level, linear, gaussian };

inline constexpr std::string_view to_string(preference_function f) noexcept {
    switch (f) {
        case preference_function::usual: return "usual";
        case preference_function::u_shape: return "u_shape";
        case preference_function::v_shape: return "v_shape";
        case preference_function::level: return "level";
        case preference_function::linear: return "linear";
        case preference_function::gaussian: return "gaussian";
    }
    return "usual";
}
inline std::optional<preference_function> parse_preference_function(std::string_view s) noexcept {
    for (auto f : {preference_function::usual, preference_function::u_shape, preference_function::v_shape,
                   preference_function::level, preference_function::linear, preference_function::gaussian})
        if (to_string(f) == s) return f;
    return std::nullopt;
}

/// Which thresholds a preference function needs: q (indifference), p (preference), s (Gaussian).
inline constexpr bool needs_q(preference_function f) noexcept {
    return f == preference_function::u_shape || f == preference_function::level || f == preference_function::linear;
}
inline constexpr bool needs_p(preference_function f) noexcept {
    return f == preference_function::v_shape || f == preference_function::level || f == preference_function::linear;
}
inline constexpr bool needs_s(preference_function f) noexcept { return f == preference_function::gaussian; }

/// One criterion's preference function. Thresholds a function does not use are ignored (keep 0).
/// No thresholds have defaults: they are in the units of the criterion and must be chosen.
struct preference {
    preference_function function = preference_function::usual;
    double q = 0;  ///< indifference threshold, >= 0
    double p = 0;  ///< preference threshold; > 0 for v_shape, > q for level and linear
    double s = 0;  ///< Gaussian inflection point, > 0
};

struct promethee_result {
    std::string method;  ///< "promethee1" or "promethee2"
    std::vector<preference> preferences;
    Eigen::VectorXd weights;
    Eigen::VectorXd phi_plus, phi_minus, phi;  ///< leaving, entering and net flows
    /// promethee2: by phi (higher is better). promethee1: 1 + the number of alternatives that
    /// outrank this one in the partial order (so rank 1 = not outranked by any alternative).
    std::vector<int> ranking;
};

/// PROMETHEE I relation of a to b.
enum class promethee_relation { outranks, outranked_by, indifferent, incomparable };

/// a outranks b if phi+(a) >= phi+(b) and phi-(a) <= phi-(b) with one inequality strict;
/// indifferent if both flows are equal; incomparable if the flows disagree.
inline promethee_relation promethee1_relation(const promethee_result& r, Eigen::Index a, Eigen::Index b) {
    const double pa = r.phi_plus[a], pb = r.phi_plus[b], ma = r.phi_minus[a], mb = r.phi_minus[b];
    if (pa == pb && ma == mb) return promethee_relation::indifferent;
    if (pa >= pb && ma <= mb) return promethee_relation::outranks;
    if (pb >= pa && mb <= ma) return promethee_relation::outranked_by;
    return promethee_relation::incomparable;
}

namespace detail {

inline void check_preferences(const std::vector<preference>& prefs, Eigen::Index n, std::string_view where = "/method/preference") {
    if (static_cast<Eigen::Index>(prefs.size()) != n)
        throw invalid_input("adva.methods.size_mismatch", std::string(where), "one preference function per criterion is required",
                            std::to_string(prefs.size()) + " for " + std::to_string(n) + " criteria");
    for (std::size_t j = 0; j < prefs.size(); ++j) {
        const auto& pr = prefs[j];
        const std::string at = pointer(where, Eigen::Index(j));
        auto bad = [&](const char* key, const char* rule, double seen) {
            return invalid_input("adva.methods.promethee_threshold", at + "/" + key, rule, number_text(seen));
        };
        if (needs_q(pr.function) && !(std::isfinite(pr.q) && pr.q >= 0)) throw bad("q", "q must be a finite number >= 0", pr.q);
        if (pr.function == preference_function::v_shape && !(std::isfinite(pr.p) && pr.p > 0))
            throw bad("p", "p must be a finite number > 0", pr.p);
        if ((pr.function == preference_function::level || pr.function == preference_function::linear) &&
            !(std::isfinite(pr.p) && pr.p > pr.q))
            throw bad("p", "p must be a finite number greater than q", pr.p);
        if (needs_s(pr.function) && !(std::isfinite(pr.s) && pr.s > 0)) throw bad("s", "s must be a finite number > 0", pr.s);
    }
}

/// Unweighted leaving (out) and entering (in) sums of one criterion, for values already oriented
/// so that larger is better. `out[i]` = sum_b P(x_i - x_b), `in[i]` = sum_b P(x_b - x_i).
inline void promethee_criterion(const Eigen::VectorXd& x, const preference& pr, double* out, double* in) {
    // v: the values in ascending order; at[k]: the alternative whose value is v[k]. The radix sort
    // of the rankings (for_rank_order) is several times faster than a comparison sort here; the
    // order among equal values does not matter (they get equal flows).
    const auto M = static_cast<std::size_t>(x.size());
    std::vector<double> v(M);
    std::vector<Eigen::Index> at(M);
    for_rank_order(x, rank_order::lower_is_better, [&](std::size_t k, std::size_t i, bool) {
        v[k] = x[Eigen::Index(i)];
        at[k] = Eigen::Index(i);
    });

    if (pr.function == preference_function::gaussian) {
        const double c = 1.0 / (2.0 * pr.s * pr.s);
        const Eigen::Map<const Eigen::ArrayXd> vs(v.data(), Eigen::Index(M));
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, M, 256), [&](const tbb::blocked_range<std::size_t>& range) {
            for (std::size_t k = range.begin(); k != range.end(); ++k) {
                const double xk = v[k];
                // Strictly smaller values are [0, lo), strictly larger ones [hi, m).
                const auto lo = std::size_t(std::lower_bound(v.begin(), v.end(), xk) - v.begin());
                const auto hi = std::size_t(std::upper_bound(v.begin(), v.end(), xk) - v.begin());
                const double below = lo ? (-(vs.head(Eigen::Index(lo)) - xk).square() * c).exp().sum() : 0.0;
                const double above = hi < M ? (-(vs.tail(Eigen::Index(M - hi)) - xk).square() * c).exp().sum() : 0.0;
                const Eigen::Index i = at[k];
                out[i] = double(lo) - below;
                in[i] = double(M - hi) - above;
            }
        });
        return;
    }

    // Piecewise linear: P(d) = 0 for d <= q, ramp over (q, p], 1 for d > p. usual is q = p = 0,
    // u_shape p = q, v_shape q = 0; level has a flat 1/2 instead of the ramp.
    double q = 0, p = 0;
    switch (pr.function) {
        case preference_function::usual: break;
        case preference_function::u_shape: q = p = pr.q; break;
        case preference_function::v_shape: p = pr.p; break;
        default: q = pr.q; p = pr.p; break;
    }
    const bool ramp = p > q && pr.function != preference_function::level;
    const bool half = pr.function == preference_function::level;
    std::vector<long double> prefix;
    if (ramp) {
        prefix.resize(M + 1);
        prefix[0] = 0;
        for (std::size_t k = 0; k < M; ++k) prefix[k + 1] = prefix[k] + v[k];
    }
    const long double width = static_cast<long double>(p) - q;
    // Leaving: b with v_b < x - p count 1; x - p <= v_b < x - q lie on the ramp. Both bounds rise
    // with x, so two forward pointers suffice.
    std::size_t lp = 0, lq = 0;
    // Entering: b with v_b > x + p count 1; x + q < v_b <= x + p lie on the ramp.
    std::size_t uq = 0, up = 0;
    for (std::size_t k = 0; k < M; ++k) {
        const double xk = v[k];
        const double xp = xk - p, xq = xk - q, yq = xk + q, yp = xk + p;
        while (lp < M && v[lp] < xp) ++lp;
        while (lq < M && v[lq] < xq) ++lq;
        while (uq < M && v[uq] <= yq) ++uq;
        while (up < M && v[up] <= yp) ++up;
        double o = double(lp), e = double(M - up);
        if (ramp) {
            const long double n_out = static_cast<long double>(lq - lp), n_in = static_cast<long double>(up - uq);
            o += double((n_out * (static_cast<long double>(xk) - q) - (prefix[lq] - prefix[lp])) / width);
            e += double(((prefix[up] - prefix[uq]) - n_in * (static_cast<long double>(xk) + q)) / width);
        } else if (half) {
            o += 0.5 * double(lq - lp);
            e += 0.5 * double(up - uq);
        }
        const Eigen::Index i = at[k];
        out[i] = o;
        in[i] = e;
    }
}

/// Reference O(m^2 n) evaluation straight from the definition (tests and small inputs).
inline double preference_value(const preference& pr, double d) {
    if (!(d > 0)) return 0.0;
    switch (pr.function) {
        case preference_function::usual: return 1.0;
        case preference_function::u_shape: return d > pr.q ? 1.0 : 0.0;
        case preference_function::v_shape: return d > pr.p ? 1.0 : d / pr.p;
        case preference_function::level: return d > pr.p ? 1.0 : d > pr.q ? 0.5 : 0.0;
        case preference_function::linear: return d > pr.p ? 1.0 : d > pr.q ? (d - pr.q) / (pr.p - pr.q) : 0.0;
        case preference_function::gaussian: return 1.0 - std::exp(-d * d / (2.0 * pr.s * pr.s));
    }
    return 0.0;
}

inline void promethee_flows(const decision_matrix& dm, const Eigen::VectorXd& w, const std::vector<preference>& prefs,
                            promethee_result& r) {
    const auto& x = dm.values();
    const Eigen::Index m = x.rows(), n = x.cols();
    Eigen::MatrixXd out(m, n), in(m, n);
    tbb::parallel_for(Eigen::Index(0), n, [&](Eigen::Index j) {
        if (w[j] == 0) {  // contributes nothing; skip the sort
            out.col(j).setZero();
            in.col(j).setZero();
            return;
        }
        Eigen::VectorXd col = x.col(j);
        if (dm.objectives()[std::size_t(j)] == objective::cost) col = -col;  // exact; larger is better
        promethee_criterion(col, prefs[std::size_t(j)], out.col(j).data(), in.col(j).data());
    });
    const double scale = 1.0 / double(m - 1);
    r.phi_plus = out * w * scale;
    r.phi_minus = in * w * scale;
    r.phi = r.phi_plus - r.phi_minus;
}

}  // namespace detail

/// PROMETHEE II: net flows and the complete ranking by phi. At least two alternatives.
inline promethee_result promethee2(const decision_matrix& dm, const Eigen::VectorXd& weights, const std::vector<preference>& prefs) {
    detail::check_weights(weights, dm.criterion_count());
    detail::check_preferences(prefs, dm.criterion_count());
    detail::require_alternatives(dm, 2, "PROMETHEE");
    promethee_result r;
    r.method = "promethee2";
    r.preferences = prefs;
    r.weights = weights;
    detail::promethee_flows(dm, weights, prefs, r);
    r.ranking = competition_ranking(r.phi, rank_order::higher_is_better);
    return r;
}

/// PROMETHEE I: the flows and the partial order (query it with promethee1_relation). ranking[a] =
/// 1 + the number of alternatives that outrank a; O(m^2) after the flows.
inline promethee_result promethee1(const decision_matrix& dm, const Eigen::VectorXd& weights, const std::vector<preference>& prefs) {
    promethee_result r = promethee2(dm, weights, prefs);
    r.method = "promethee1";
    const Eigen::Index m = dm.alternative_count();
    for (Eigen::Index a = 0; a < m; ++a) {
        int outrankers = 0;
        for (Eigen::Index b = 0; b < m; ++b)
            if (promethee1_relation(r, b, a) == promethee_relation::outranks) ++outrankers;
        r.ranking[std::size_t(a)] = 1 + outrankers;
    }
    return r;
}

}  // namespace adva
