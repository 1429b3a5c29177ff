#pragma once
// Stakeholder comparison (rankings per group, the consensus, where the winner differs, Kendall's
// tau-b between every pair of weight sets) and method comparison (the short list ranked by each
// aggregation method of adva/methods on the leaf value matrix). docs/robustness.md.
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/model_weights.hpp"
#include "adva/analysis/results.hpp"
#include "adva/analysis/sensitivity.hpp"
#include "adva/error.hpp"
#include "adva/methods/method_registry.hpp"
#include "adva/methods/methods.hpp"
#include "adva/model/appraisal.hpp"

namespace adva {

struct group_ranking {
    std::string group;                    ///< group id, or "consensus"
    std::vector<ranked_option> ranking;   ///< its short list, best first
    std::vector<std::string> winners;     ///< rank 1 (several when tied)
    bool winner_differs = false;          ///< its winners differ from the consensus winners
};

/// Kendall's tau-b between the totals of two weight sets over the options short-listed under both.
/// Ties (totals within the tie tolerance) count in neither concordant nor discordant pairs;
/// tau_b = (n_c − n_d) / √((n_0 − n_1)(n_0 − n_2)); NaN when one side ties every option.
struct kendall_entry {
    std::string a, b;
    double tau_b = 0.0;
    std::size_t options = 0;
};

struct stakeholder_comparison {
    group_ranking consensus;
    std::vector<group_ranking> groups;     ///< every group that answered weight questions, model order
    std::vector<std::string> groups_with_different_winner;
    std::vector<kendall_entry> kendall;    ///< every pair of {groups…, consensus}
};

/// Kendall's tau-b of two score vectors (higher is better); |x − y| ≤ tolerance is a tie.
inline double kendall_tau_b(const std::vector<double>& x, const std::vector<double>& y, double tolerance = 1e-9) {
    const std::size_t n = x.size();
    double concordant = 0, discordant = 0, ties_x = 0, ties_y = 0, pairs = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            ++pairs;
            const double dx = x[i] - x[j], dy = y[i] - y[j];
            const bool tx = std::abs(dx) <= tolerance, ty = std::abs(dy) <= tolerance;
            if (tx) ++ties_x;
            if (ty) ++ties_y;
            if (tx || ty) continue;
            ((dx > 0) == (dy > 0) ? concordant : discordant) += 1;
        }
    const double denominator = std::sqrt((pairs - ties_x) * (pairs - ties_y));
    return denominator > 0 ? (concordant - discordant) / denominator : std::numeric_limits<double>::quiet_NaN();
}

namespace detail {

inline group_ranking make_group_ranking(const std::string& name, const appraisal_result& r) {
    group_ranking g;
    g.group = name;
    g.ranking = r.ranking;
    for (const auto& x : r.ranking)
        if (x.rank == 1) g.winners.push_back(x.option);
    std::sort(g.winners.begin(), g.winners.end());
    return g;
}

}  // namespace detail

/// Rankings under every answering group's weights and the consensus. The short list is each weight
/// set's own (gates on interior criteria depend on weights); tau-b uses the options on both.
inline stakeholder_comparison compare_stakeholders(const appraisal& model, const appraise_options& options = {}) {
    stakeholder_comparison s;
    appraise_options base = options;
    base.group.clear();
    std::vector<appraisal_result> results;
    std::vector<std::string> names;
    for (const auto& w : group_weights(model)) {
        appraise_options o = base;
        o.group = w.name;
        results.push_back(appraise(model, o));
        names.push_back(w.name);
    }
    results.push_back(appraise(model, base));
    names.push_back("consensus");

    s.consensus = detail::make_group_ranking("consensus", results.back());
    for (std::size_t g = 0; g + 1 < results.size(); ++g) {
        auto gr = detail::make_group_ranking(names[g], results[g]);
        gr.winner_differs = gr.winners != s.consensus.winners;
        if (gr.winner_differs) s.groups_with_different_winner.push_back(gr.group);
        s.groups.push_back(std::move(gr));
    }
    for (std::size_t a = 0; a < results.size(); ++a)
        for (std::size_t b = a + 1; b < results.size(); ++b) {
            std::vector<double> x, y;
            for (std::size_t o = 0; o < model.options.size(); ++o)
                if (results[a].screening[o].shortlisted && results[b].screening[o].shortlisted) {
                    x.push_back(results[a].totals[Eigen::Index(o)]);
                    y.push_back(results[b].totals[Eigen::Index(o)]);
                }
            s.kendall.push_back({names[a], names[b], kendall_tau_b(x, y, options.tie_tolerance), x.size()});
        }
    return s;
}

/// The aggregation methods compared (each on the short list's leaf values, 0–100, benefit, with the
/// global leaf weights).
enum class comparison_method { additive, weighted_product, topsis_vector, topsis_minmax, vikor, promethee2_usual };

inline constexpr std::string_view to_string(comparison_method m) noexcept {
    switch (m) {
        case comparison_method::additive: return "additive";
        case comparison_method::weighted_product: return "weighted_product";
        case comparison_method::topsis_vector: return "topsis_vector";
        case comparison_method::topsis_minmax: return "topsis_minmax";
        case comparison_method::vikor: return "vikor_v0.5";
        case comparison_method::promethee2_usual: return "promethee2_usual";
    }
    return "additive";
}

struct method_outcome {
    comparison_method method = comparison_method::additive;
    bool applicable = true;
    std::string reason;                   ///< why not applicable (the method's error), else empty
    std::vector<double> scores;           ///< per option of the comparison (see score_meaning)
    std::string score_meaning;            ///< e.g. "total value (0-100), higher is better"
    std::vector<int> ranks;               ///< 1-based, ties share the better rank
    std::vector<std::string> winners;     ///< rank 1
    bool same_winner_as_additive = true;
};

struct method_comparison {
    std::string weights_name;
    std::vector<std::string> options;     ///< the short list, model order
    std::vector<std::string> criteria;    ///< leaves, model order
    std::vector<double> weights;          ///< global leaf weights
    std::vector<method_outcome> methods;
    bool winner_agrees = true;            ///< every applicable method has the additive winners
};

/// Ranks the short list of `r` by every comparison_method. A method that cannot run on these
/// values (e.g. the weighted product with a value of 0) is reported as not applicable with its reason.
inline method_comparison compare_methods(const appraisal& model, const appraisal_result& r) {
    method_comparison c;
    c.weights_name = r.weights_name;
    std::vector<std::size_t> rows;
    for (std::size_t o = 0; o < r.option_ids.size(); ++o)
        if (r.screening[o].shortlisted) {
            rows.push_back(o);
            c.options.push_back(r.option_ids[o]);
        }
    Eigen::MatrixXd x(Eigen::Index(rows.size()), Eigen::Index(r.leaf_indices.size()));
    Eigen::VectorXd w(Eigen::Index(r.leaf_indices.size()));
    for (std::size_t l = 0; l < r.leaf_indices.size(); ++l) {
        c.criteria.push_back(model.criteria[r.leaf_indices[l]].id);
        w[Eigen::Index(l)] = r.weights.global[r.leaf_indices[l]];
        c.weights.push_back(w[Eigen::Index(l)]);
        for (std::size_t k = 0; k < rows.size(); ++k)
            x(Eigen::Index(k), Eigen::Index(l)) = r.values(Eigen::Index(rows[k]), Eigen::Index(r.leaf_indices[l]));
    }
    if (rows.empty()) return c;
    w /= w.sum();  // the tree's global leaf weights sum to 1; remove rounding before the methods' check
    const decision_matrix dm(x, std::vector<objective>(std::size_t(x.cols()), objective::benefit), c.options, c.criteria);

    // Each comparison runs through the method registry: its "scores" and "ranking" outputs.
    auto outcome = [&](comparison_method m) {
        method_outcome out;
        out.method = m;
        std::string_view name, norm;
        switch (m) {
            case comparison_method::additive:
                name = "wsm", norm = "none", out.score_meaning = "total value (0-100), higher is better";
                break;
            case comparison_method::weighted_product:
                name = "wpm", out.score_meaning = "weighted product of values, higher is better";
                break;
            case comparison_method::topsis_vector:
            case comparison_method::topsis_minmax:
                name = "topsis", norm = m == comparison_method::topsis_vector ? "vector" : "minmax";
                out.score_meaning = "closeness to the ideal (0-1), higher is better";
                break;
            case comparison_method::vikor:
                name = "vikor", out.score_meaning = "Q (0-1), lower is better";  // v: the registry's default, 0.5
                break;
            case comparison_method::promethee2_usual:
                name = "promethee2", out.score_meaning = "net flow (-1..1), higher is better";
                break;
        }
        try {
            const method_descriptor& d = find_method(name);
            method_parameters p = default_parameters(d);
            if (!norm.empty()) p.values[*d.parameter_index("normalisation")].name = norm;
            if (auto i = d.parameter_index("preference")) p.values[*i].preferences.assign(std::size_t(x.cols()), preference{});
            const method_output o = run_method(d, method_input(dm), w, p);
            const auto& scores = std::get<Eigen::VectorXd>(o.at("scores"));
            out.scores.assign(scores.data(), scores.data() + scores.size());
            out.ranks = std::get<std::vector<int>>(o.at("ranking"));
            for (std::size_t k = 0; k < out.ranks.size(); ++k)
                if (out.ranks[k] == 1) out.winners.push_back(c.options[k]);
        } catch (const invalid_input& e) {
            out.applicable = false;
            out.reason = e.what();
        }
        return out;
    };
    for (auto m : {comparison_method::additive, comparison_method::weighted_product, comparison_method::topsis_vector,
                   comparison_method::topsis_minmax, comparison_method::vikor, comparison_method::promethee2_usual})
        c.methods.push_back(outcome(m));
    for (auto& m : c.methods) {
        m.same_winner_as_additive = !m.applicable || m.winners == c.methods.front().winners;
        if (!m.same_winner_as_additive) c.winner_agrees = false;
    }
    return c;
}

}  // namespace adva
