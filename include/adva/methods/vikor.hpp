#pragma once
// VIKOR (Opricovic 1998; Opricovic & Tzeng 2004, 2007). With f*_j / f-_j the best / worst value of
// criterion j (max / min for benefit, min / max for cost):
//   S_i = sum_j w_j (f*_j - f_ij)/(f*_j - f-_j)     (group utility)
//   R_i = max_j w_j (f*_j - f_ij)/(f*_j - f-_j)     (individual regret)
//   Q_i = v (S_i - S*)/(S- - S*) + (1 - v)(R_i - R*)/(R- - R*),   lower is better.
// Compromise: a1, a2 = first and second by Q (ties by index). C1 acceptable advantage:
// Q(a2) - Q(a1) >= DQ, DQ = 1/(m-1). C2 acceptable stability: a1 is also best (or tied best) by S
// or by R. Compromise set: {a1} if C1 and C2; {a1, a2} if only C2 fails; otherwise every a with
// Q(a) - Q(a1) < DQ.
// Degenerate data: a constant column contributes 0 to S and R (no alternative regrets it); when
// every S (or every R) is equal, its term of Q is 0. At least two alternatives are required.
#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include "adva/methods/column_pass.hpp"
#include "adva/methods/decision_matrix.hpp"

namespace adva {

struct vikor_parameters {
    double v = 0.5;  ///< weight of the strategy of maximum group utility; default 0.5 ("by consensus")
};

struct vikor_result {
    std::string method = "vikor";
    vikor_parameters parameters;
    Eigen::VectorXd weights;
    Eigen::VectorXd S, R, Q;           ///< lower is better
    std::vector<int> ranking;          ///< by Q ascending, 1-based, ties share the better rank
    double dq = 0;                     ///< DQ = 1/(m-1)
    bool acceptable_advantage = false;  ///< C1
    bool acceptable_stability = false;  ///< C2
    std::vector<int> compromise;       ///< 0-based indices, ascending
};

namespace detail {

/// Kernel on validated data (decision_matrix or decision_matrix_view).
/// values_checked: false for a decision_matrix_view, whose finiteness the first pass checks.
inline vikor_result vikor_kernel(const matrix_ref& x, const std::vector<objective>& types, const Eigen::VectorXd& weights,
                                 vikor_parameters p, bool values_checked) {
    check_weights(weights, x.cols);
    if (x.rows < 2)
        throw invalid_input("adva.methods.too_few_alternatives", "/matrix", "VIKOR needs at least 2 alternatives", std::to_string(x.rows));
    if (!(p.v >= 0 && p.v <= 1))
        throw invalid_input("adva.methods.vikor_v", "/method/v", "v must be in [0, 1]", number_text(p.v));
    const Eigen::Index m = x.rows, n = x.cols;
    vikor_result r;
    r.parameters = p;
    r.weights = weights;
    // Per column: regret = w_j (f* - f)/(f* - f-) = (f - f*) * scale_j with scale_j = w_j/(f- - f*).
    auto st = kernel_stats(x, {}, values_checked);
    // Columns far out of the plain range are read as x * prescale (see prescale_columns), so that
    // f- - f* neither overflows (values near ±1e308) nor leaves w_j / (f- - f*) infinite (tiny ones).
    const Eigen::RowVectorXd prescale = prescale_columns(x, st, {});
    Eigen::RowVectorXd best(n), scale(n);
    for (Eigen::Index j = 0; j < n; ++j) {
        const double hi = st.hi[j], lo = st.lo[j];
        const bool cost = types[std::size_t(j)] == objective::cost;
        best[j] = cost ? lo : hi;
        const double worst = cost ? hi : lo;
        scale[j] = hi == lo ? 0.0 : weights[j] / (worst - best[j]);
    }
    // Second pass: each row's S and R accumulate over j in index order.
    r.S.resize(m);
    r.R.resize(m);
    struct utility_regret {
        lane4 s, r;
    };
    const double *best_at = best.data(), *scale_at = scale.data(), *prescale_at = prescale.data();
    double *s_out = r.S.data(), *r_out = r.R.data();
    const auto row_pass = [&]<bool prescaled>() {
        for_chunks(x, [&](Eigen::Index, Eigen::Index first, Eigen::Index last) {
            for_row_groups(
                x, first, last, utility_regret{},
                [=](utility_regret& a, Eigen::Index j, const lane4& v) {
                    lane4 regret;
                    if constexpr (prescaled) regret = (v * prescale_at[j] - best_at[j]) * scale_at[j];
                    else regret = (v - best_at[j]) * scale_at[j];
                    a.s += regret;
                    a.r = a.r < regret ? regret : a.r;
                },
                [=](Eigen::Index i, Eigen::Index count, const utility_regret& a) {
                    for (Eigen::Index t = 0; t < count; ++t) {
                        s_out[i + t] = a.s[t];
                        r_out[i + t] = a.r[t];
                    }
                });
        });
    };
    // The prescaled pass costs a multiplication per value: only for data that needs it.
    if (prescale.size()) row_pass.template operator()<true>();
    else row_pass.template operator()<false>();
    const double s_best = r.S.minCoeff(), s_worst = r.S.maxCoeff();
    const double r_best = r.R.minCoeff(), r_worst = r.R.maxCoeff();
    r.Q.resize(m);
    for (Eigen::Index i = 0; i < m; ++i) {
        const double qs = s_worst > s_best ? (r.S[i] - s_best) / (s_worst - s_best) : 0.0;
        const double qr = r_worst > r_best ? (r.R[i] - r_best) / (r_worst - r_best) : 0.0;
        r.Q[i] = p.v * qs + (1 - p.v) * qr;
    }
    // One sort serves both the ranking and the compromise (Q ascending, ties by index).
    std::vector<std::size_t> order;
    r.ranking = competition_ranks(r.Q, rank_order::lower_is_better, &order);
    const int a1 = int(order[0]), a2 = int(order[1]);
    r.dq = 1.0 / double(m - 1);
    r.acceptable_advantage = r.Q[a2] - r.Q[a1] >= r.dq;
    r.acceptable_stability = r.S[a1] == s_best || r.R[a1] == r_best;
    if (r.acceptable_advantage && r.acceptable_stability) {
        r.compromise = {a1};
    } else if (r.acceptable_advantage) {
        r.compromise = {a1, a2};
    } else {
        for (std::size_t a : order)
            if (r.Q[Eigen::Index(a)] - r.Q[a1] < r.dq) r.compromise.push_back(int(a));
    }
    std::sort(r.compromise.begin(), r.compromise.end());
    return r;
}

}  // namespace detail

inline vikor_result vikor(const decision_matrix& dm, const Eigen::VectorXd& weights, vikor_parameters p = {}) {
    return detail::vikor_kernel(dm.ref(), dm.objectives(), weights, p, /*values_checked=*/true);
}
/// The same on row-major data, without a copy.
inline vikor_result vikor(const decision_matrix_view& dm, const Eigen::VectorXd& weights, vikor_parameters p = {}) {
    return detail::vikor_kernel(dm.ref(), dm.objectives(), weights, p, /*values_checked=*/false);
}

}  // namespace adva
