// SMAA on elicited weights: include/adva/analysis/elicited_smaa.hpp, docs/elicitation.md.
#include "adva/analysis/elicited_smaa.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/model_weights.hpp"
#include "adva/detail/error_text.hpp"
#include "adva/error.hpp"
#include "adva/known_ids.hpp"
#include "adva/weights/polytope.hpp"

namespace adva {

namespace {

using detail::number_text;

/// Two ends of a ratio or a range closer than this (relative) are one value: the statement is an
/// equality, which keeps the polytope's interior for the walk.
constexpr double same_end = 1e-9;

bool same(double a, double b) { return std::abs(a - b) <= same_end * std::max(1.0, std::max(std::abs(a), std::abs(b))); }

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

/// The rows one parent's answers add, over its children's local weights (index by criterion id).
class parent_polytope {
public:
    explicit parent_polytope(const std::vector<std::string>& children) : p_(Eigen::Index(children.size())) {
        for (std::size_t k = 0; k < children.size(); ++k) index_[children[k]] = Eigen::Index(k);
    }

    bool covers(const std::string& id) const { return index_.count(id) > 0; }
    Eigen::Index operator[](const std::string& id) const { return index_.at(id); }
    weight_polytope& polytope() { return p_; }
    Eigen::Index size() const { return p_.weights(); }

    /// w[more] / w[less] within [lo, hi] (hi may be infinite; an equality when the ends meet).
    void ratio_between(const std::string& more, const std::string& less, double lo, double hi) {
        Eigen::RowVectorXd row = Eigen::RowVectorXd::Zero(size());
        if (std::isfinite(hi) && same(lo, hi)) {
            row[(*this)[more]] = 1.0;
            row[(*this)[less]] = -lo;
            p_.add_equality(row, 0.0, more + " = " + number_text(lo) + " × " + less);
            return;
        }
        row[(*this)[more]] = -1.0;
        row[(*this)[less]] = lo;
        p_.add_inequality(row, 0.0, more + " >= " + number_text(lo) + " × " + less);
        if (!std::isfinite(hi)) return;
        row.setZero();
        row[(*this)[more]] = 1.0;
        row[(*this)[less]] = -hi;
        p_.add_inequality(row, 0.0, more + " <= " + number_text(hi) + " × " + less);
    }

    /// The share of `id` in the weights of `among` within [lo, hi] (an equality when they meet).
    void share_between(const std::string& id, const std::vector<std::string>& among, double lo, double hi) {
        auto row_for = [&](double share) {
            Eigen::RowVectorXd row = Eigen::RowVectorXd::Zero(size());
            for (const auto& other : among) row[(*this)[other]] -= share;
            row[(*this)[id]] += 1.0;
            return row;  // w[id] - share × Σ w[among]
        };
        if (same(lo, hi)) {
            p_.add_equality(row_for(lo), 0.0, id + " = " + number_text(lo) + " of the question's weight");
            return;
        }
        if (lo > 0.0) p_.add_inequality(-row_for(lo), 0.0, id + " >= " + number_text(lo) + " of the question's weight");
        if (hi < 1.0) p_.add_inequality(row_for(hi), 0.0, id + " <= " + number_text(hi) + " of the question's weight");
    }

private:
    weight_polytope p_;
    std::map<std::string, Eigen::Index> index_;
};

/// What one answer says about the local weights of its parent's children (see the top of the header).
void add_answer(parent_polytope& p, const question& q, const answer& a) {
    switch (a.elicited.method) {
        case elicitation_method::swing: {
            // Every ratio against the largest stated swing (100 by convention, but any positive one).
            const auto top = std::max_element(a.swing.begin(), a.swing.end(), [](const auto& x, const auto& y) { return x.second < y.second; });
            if (top == a.swing.end() || !(top->second > 0.0)) return;
            for (const auto& [id, s] : a.swing)
                if (id != top->first && p.covers(id)) p.ratio_between(id, top->first, s / top->second, s / top->second);
            return;
        }
        case elicitation_method::ahp: {
            // Per pair (i, j): the span of every judge's direct ratio r_ij and indirect ones
            // r_ik·r_kj, and the derived priorities' ratio. A consistent panel spans one value.
            const std::size_t n = q.criteria.size();
            std::map<std::string, std::size_t> at;
            for (std::size_t k = 0; k < n; ++k) at[q.criteria[k]] = k;
            std::vector<double> lo(n * n, std::numeric_limits<double>::infinity()), hi(n * n, 0.0);
            Eigen::MatrixXd r = Eigen::MatrixXd::Ones(Eigen::Index(n), Eigen::Index(n));
            for (const auto& judge : a.elicited.ahp.judges) {
                for (const auto& j : judge.judgements) {
                    r(Eigen::Index(at.at(j.more)), Eigen::Index(at.at(j.less))) = j.ratio;
                    r(Eigen::Index(at.at(j.less)), Eigen::Index(at.at(j.more))) = 1.0 / j.ratio;
                }
                for (Eigen::Index i = 0; i < Eigen::Index(n); ++i)
                    for (Eigen::Index j = 0; j < Eigen::Index(n); ++j)
                        for (Eigen::Index k = 0; k < Eigen::Index(n); ++k) {
                            const double ratio = r(i, k) * r(k, j);  // k = i or j: the direct judgement
                            lo[std::size_t(i) * n + std::size_t(j)] = std::min(lo[std::size_t(i) * n + std::size_t(j)], ratio);
                            hi[std::size_t(i) * n + std::size_t(j)] = std::max(hi[std::size_t(i) * n + std::size_t(j)], ratio);
                        }
            }
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = i + 1; j < n; ++j) {
                    const double derived = a.swing.at(q.criteria[i]) / a.swing.at(q.criteria[j]);
                    p.ratio_between(q.criteria[i], q.criteria[j], std::min(lo[i * n + j], derived), std::max(hi[i * n + j], derived));
                }
            return;
        }
        case elicitation_method::macbeth:
            for (const auto& j : a.elicited.macbeth.judgements) {
                if (j.more == macbeth_all_lower || j.less == macbeth_all_lower) continue;
                if (j.highest == macbeth_category::no_difference) p.ratio_between(j.more, j.less, 1.0, 1.0);
                else p.ratio_between(j.more, j.less, 1.0, std::numeric_limits<double>::infinity());
            }
            [[fallthrough]];
        case elicitation_method::paprika:
            for (const auto& [id, range] : a.elicited.outcome.weight_ranges) p.share_between(id, q.criteria, range.first, range.second);
            return;
        case elicitation_method::bisection: return;  // value functions, on anchor questions: no weights
    }
}

std::string method_words(elicitation_method m) {
    switch (m) {
        case elicitation_method::swing: return "swing weights (ratios fixed)";
        case elicitation_method::ahp: return "AHP judgements (each ratio within the span of the judges' direct and indirect ratios)";
        case elicitation_method::macbeth: return "MACBETH judgements (weight ranges and stated order)";
        case elicitation_method::paprika: return "PAPRIKA trade-offs (weight ranges)";
        case elicitation_method::bisection: return "bisection (no weights)";
    }
    return {};
}

}  // namespace

std::string elicited_weights_group(const appraisal& model, const std::string& group) {
    if (!group.empty()) {
        if (!model.group_index(group))
            throw invalid_input("adva.smaa.unknown_group", "--group",
                                "no stakeholder group with this id in the model (" + known_ids_text(group, ids_of(model.groups)) + ")",
                                quoted(group));
        return group;
    }
    if (model.consensus.method == consensus_method::lead_group && model.group_index(model.consensus.lead_group))
        return model.consensus.lead_group;
    std::vector<std::string> answered;
    for (const auto& g : model.groups)
        if (detail::answered_weights(model, g.id)) answered.push_back(g.id);
    if (answered.size() == 1) return answered.front();
    std::string listed;
    for (const auto& id : answered) listed += (listed.empty() ? "" : ", ") + quoted(id);
    throw invalid_input("adva.smaa.group", "--group",
                        "elicited weights are one group's answers: name the group (the consensus has no lead group)",
                        answered.empty() ? std::string("no group answered a weight question") : "groups that answered: " + listed);
}

void use_elicited_weights(model_smaa_result& r, const appraisal& model, const std::string& group) {
    const auto t = detail::index_tree(model);
    const std::vector<int> node_of = detail::weight_tree_nodes(t);
    const weight_set fallback = detail::weights_for_group(model, group, detail::group_pointer(model, group));
    r.weights_name = "elicited";
    r.weights_group = group;
    r.elicited.clear();
    r.problem.weights.known.clear();

    std::vector<std::pair<std::ptrdiff_t, std::vector<std::size_t>>> parents;  // (parent criterion or -1, children)
    if (!t.top_level.empty()) parents.emplace_back(-1, t.top_level);
    for (std::size_t c : t.top_down)
        if (!t.children[c].empty()) parents.emplace_back(std::ptrdiff_t(c), t.children[c]);

    for (const auto& [parent, children] : parents) {
        std::vector<std::string> ids;
        for (std::size_t c : children) ids.push_back(model.criteria[c].id);
        parent_polytope p(ids);
        std::vector<std::string> sources;
        for (const auto& f : model.functions)
            for (const auto& q : f.questions) {
                if (q.kind != question_kind::weight || q.criteria.empty() || !p.covers(q.criteria.front())) continue;
                for (const auto& a : q.answers)
                    if (a.group == group) {
                        add_answer(p, q, a);
                        sources.push_back(method_words(a.elicited.method) + " on question " + quoted(q.id));
                    }
            }
        if (sources.empty()) continue;  // the group said nothing here: uniform

        const std::string parent_id = parent < 0 ? std::string() : model.criteria[std::size_t(parent)].id;
        known_local_weights known;
        known.parent = parent < 0 ? -1 : node_of[std::size_t(parent)];
        for (std::size_t c : children) known.children.push_back(node_of[c]);
        known.polytope = std::make_shared<const weight_polytope>(p.polytope());
        elicited_parent shown;
        shown.parent = parent_id;
        shown.children = ids;
        for (const auto& s : sources) shown.source += (shown.source.empty() ? "" : "; ") + s;
        try {
            const Eigen::VectorXd start = interior_point(*known.polytope);
            known.start.assign(start.data(), start.data() + start.size());
            hit_and_run_options o;
            o.chain_length = smaa_hit_and_run_chain;
            const hit_and_run_sampler walk(*known.polytope, start, o);
            shown.dimension = walk.dimension();
            shown.burn_in = shown.dimension == 0 ? 0 : walk.burn_in();  // a point takes no step
            shown.thinning = walk.thinning();
            shown.chain_length = walk.chain_length();
        } catch (const invalid_input& e) {
            if (e.id() != "adva.polytope.flat" && e.id() != "adva.polytope.empty") throw;
            // The group's own local weights satisfy every rule above by construction (each range
            // and ratio interval holds its derived weights; weight questions do not overlap), so
            // the set is never empty in exact arithmetic: flat or "empty" is rounding at a face
            // the walk cannot enter. Those weights stand for the set.
            known.start.clear();
            for (std::size_t c : children) known.point.push_back(fallback.local[c]);
            shown.source += "; pinned to the group's weights (the allowed set is flat)";
        }
        r.problem.weights.known.push_back(std::move(known));
        r.elicited.push_back(std::move(shown));
    }
}

}  // namespace adva
