#pragma once
// "Why does A beat B?": the gap between two options' totals broken down by leaf criterion. Each
// line is the difference of the two contributions (global weight × value), so the lines add up to
// the total gap (up to rounding); lines are ordered by |gap|, largest first (model order on ties).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string>
#include <vector>

#include "adva/analysis/results.hpp"
#include "adva/error.hpp"
#include "adva/known_ids.hpp"

namespace adva {

inline explanation appraisal_result::explain(const std::string& a, const std::string& b) const {
    auto find = [&](const std::string& id, const char* argument) {
        const auto it = std::find(option_ids.begin(), option_ids.end(), id);
        if (it == option_ids.end())
            throw invalid_input("adva.explain.unknown_option", argument, "explain needs the id of an option in the appraisal (" + known_ids_text(id, option_ids) + ")",
                                "\"" + id + "\"");
        const auto o = std::size_t(it - option_ids.begin());
        for (std::size_t l = 0; l < leaf_indices.size(); ++l)
            if (std::isnan(values(Eigen::Index(o), Eigen::Index(leaf_indices[l]))))
                throw invalid_input("adva.appraise.missing_score",
                                    "/options/" + std::to_string(o) + "/scores/" + criterion_ids[leaf_indices[l]],
                                    "explain needs a score on every leaf criterion for both options", "no score");
        return Eigen::Index(o);
    };
    const Eigen::Index ia = find(a, "A"), ib = find(b, "B");

    explanation e;
    e.a = a;
    e.b = b;
    e.total_a = totals[ia];
    e.total_b = totals[ib];
    e.gap = e.total_a - e.total_b;
    for (std::size_t l = 0; l < leaf_indices.size(); ++l) {
        explanation_line line;
        const std::size_t c = leaf_indices[l];
        line.criterion = criterion_ids[c];
        line.weight = weights.global[c];
        line.value_a = values(ia, Eigen::Index(c));
        line.value_b = values(ib, Eigen::Index(c));
        line.contribution_gap = contributions(ia, Eigen::Index(l)) - contributions(ib, Eigen::Index(l));
        e.lines.push_back(std::move(line));
    }
    std::stable_sort(e.lines.begin(), e.lines.end(), [](const explanation_line& x, const explanation_line& y) {
        return std::abs(x.contribution_gap) > std::abs(y.contribution_gap);
    });
    return e;
}

}  // namespace adva
