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
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "adva/methods/decision_matrix.hpp"
#include "adva/methods/topsis.hpp"  // detail::stats_of, detail::row_block

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

inline vikor_result vikor(const decision_matrix& dm, const Eigen::VectorXd& weights, vikor_parameters p = {}) {
    detail::check_weights(weights, dm.criterion_count());
    detail::require_alternatives(dm, 2, "VIKOR");
    if (!(p.v >= 0 && p.v <= 1))
        throw invalid_input("adva.methods.vikor_v", "/method/v", "v must be in [0, 1]", detail::number_text(p.v));
    const auto& x = dm.values();
    const auto m = x.rows(), n = x.cols();
    vikor_result r;
    r.parameters = p;
    r.weights = weights;
    // Per column: regret = w_j (f* - f)/(f* - f-) = (f - f*) * scale_j with scale_j = w_j/(f- - f*).
    const auto st = detail::stats_of(x);
    Eigen::RowVectorXd best(n), scale(n);
    for (Eigen::Index j = 0; j < n; ++j) {
        const double hi = st.hi[j], lo = st.lo[j];
        const bool cost = dm.objectives()[std::size_t(j)] == objective::cost;
        best[j] = cost ? lo : hi;
        const double worst = cost ? hi : lo;
        scale[j] = hi == lo ? 0.0 : weights[j] / (worst - best[j]);
    }
    // One row-parallel pass over x; each row's sum runs over j in order (thread-count independent).
    r.S.resize(m);
    r.R.resize(m);
    tbb::parallel_for(tbb::blocked_range<Eigen::Index>(0, m, detail::row_block), [&](const tbb::blocked_range<Eigen::Index>& rows) {
        const Eigen::Index i0 = rows.begin(), len = rows.end() - rows.begin();
        Eigen::ArrayXd s = Eigen::ArrayXd::Zero(len), rr = Eigen::ArrayXd::Zero(len), regret(len);
        for (Eigen::Index j = 0; j < n; ++j) {
            regret = (x.col(j).segment(i0, len).array() - best[j]) * scale[j];
            s += regret;
            rr = rr.max(regret);
        }
        r.S.segment(i0, len) = s.matrix();
        r.R.segment(i0, len) = rr.matrix();
    });
    const double s_best = r.S.minCoeff(), s_worst = r.S.maxCoeff();
    const double r_best = r.R.minCoeff(), r_worst = r.R.maxCoeff();
    const Eigen::ArrayXd qs = s_worst > s_best ? ((r.S.array() - s_best) / (s_worst - s_best)).eval() : Eigen::ArrayXd::Zero(m);
    const Eigen::ArrayXd qr = r_worst > r_best ? ((r.R.array() - r_best) / (r_worst - r_best)).eval() : Eigen::ArrayXd::Zero(m);
    r.Q = (p.v * qs + (1 - p.v) * qr).matrix();
    r.ranking = competition_ranking(r.Q, rank_order::lower_is_better);

    std::vector<int> order(static_cast<std::size_t>(m));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return r.Q[a] < r.Q[b]; });
    const int a1 = order[0], a2 = order[1];
    r.dq = 1.0 / double(m - 1);
    r.acceptable_advantage = r.Q[a2] - r.Q[a1] >= r.dq;
    r.acceptable_stability = r.S[a1] == s_best || r.R[a1] == r_best;
    if (r.acceptable_advantage && r.acceptable_stability) {
        r.compromise = {a1};
    } else if (r.acceptable_advantage) {
        r.compromise = {a1, a2};
    } else {
        for (int a : order)
            if (r.Q[a] - r.Q[a1] < r.dq) r.compromise.push_back(a);
    }
    std::sort(r.compromise.begin(), r.compromise.end());
    return r;
}

}  // namespace adva
