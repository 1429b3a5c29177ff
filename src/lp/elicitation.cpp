// Swing weights from elicited answers: include/adva/weights/elicitation.hpp, docs/elicitation.md.
#include "adva/weights/elicitation.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "adva/detail/error_text.hpp"
#include "adva/error.hpp"
#include "adva/known_ids.hpp"
#include "adva/weights/ahp.hpp"

namespace adva {

namespace {

using detail::number_text;
using detail::pointer_token;

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

/// Largest ratio judgement: Saaty's verbal scale ends at 9; ratios far beyond it say the criteria
/// do not belong to one question, and 10⁶ keeps every product of a panel's logs finite.
constexpr double max_ahp_ratio = 1e6;

/// Reports `rule` at `where` and remembers that this answer failed.
struct answer_check {
    error_sink& sink;
    bool failed = false;

    void fail(const char* id, const std::string& where, const std::string& rule, const std::string& seen) {
        failed = true;
        sink.report(invalid_input(id, where, rule, seen));
    }
};

/// One judge's reciprocal matrix over the question's criteria (in the question's order), after
/// checking every judgement; nullopt when a rule is broken (reported).
std::optional<Eigen::MatrixXd> judge_matrix(const question& q, const ahp_judge& judge, const std::string& where,
                                            answer_check& check) {
    const auto n = Eigen::Index(q.criteria.size());
    Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n);
    Eigen::MatrixXi judged = Eigen::MatrixXi::Zero(n, n);
    const auto index_of = [&](const std::string& id, const std::string& p) -> std::optional<Eigen::Index> {
        const auto it = std::find(q.criteria.begin(), q.criteria.end(), id);
        if (it != q.criteria.end()) return Eigen::Index(it - q.criteria.begin());
        check.fail("adva.model.weight_question_siblings", p,
                   "a judgement names a criterion this question does not link (" + known_ids_text(id, q.criteria, 8, "linked") + ")",
                   quoted(id));
        return std::nullopt;
    };
    bool ok = true, pairs_known = true;  // a missing pair is reported only when every judgement named a pair
    for (std::size_t k = 0; k < judge.judgements.size(); ++k) {
        const ratio_judgement& r = judge.judgements[k];
        const std::string p = detail::pointer(where + "/judgements", std::ptrdiff_t(k));
        const auto i = index_of(r.more, p + "/more");
        const auto j = index_of(r.less, p + "/less");
        if (!i || !j) {
            ok = pairs_known = false;
            continue;
        }
        if (*i == *j) {
            check.fail("adva.elicitation.judgement", p, "a judgement compares two different criteria", quoted(r.more));
            ok = pairs_known = false;
            continue;
        }
        if (judged(*i, *j)) {
            check.fail("adva.elicitation.judgement", p, "each pair of criteria is judged once (in either order)",
                       quoted(r.more) + " and " + quoted(r.less));
            ok = pairs_known = false;
            continue;
        }
        judged(*i, *j) = judged(*j, *i) = 1;
        if (!(std::isfinite(r.ratio) && r.ratio >= 1.0 && r.ratio <= max_ahp_ratio)) {
            check.fail("adva.elicitation.ratio", p + "/ratio",
                       "a ratio judgement is from 1 (equally important) to " + number_text(max_ahp_ratio) +
                           ": \"more\" names the more important criterion",
                       number_text(r.ratio));
            ok = false;
            continue;
        }
        a(*i, *j) = r.ratio;
        a(*j, *i) = 1.0 / r.ratio;
    }
    if (!pairs_known) return std::nullopt;
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = i + 1; j < n; ++j)
            if (!judged(i, j)) {
                check.fail("adva.elicitation.judgement", where + "/judgements",
                           "AHP needs every pair of the question's criteria judged (" + std::to_string(n * (n - 1) / 2) +
                               " judgements); this pair is missing",
                           quoted(q.criteria[std::size_t(i)]) + " and " + quoted(q.criteria[std::size_t(j)]));
                return std::nullopt;
            }
    if (!ok) return std::nullopt;
    return a;
}

struct derived_answer {
    std::map<std::string, double> swing;
    elicitation_outcome outcome;
};

std::optional<derived_answer> derive_ahp(const question& q, const ahp_elicitation& e, const std::string& where,
                                         answer_check& check) {
    const std::string aw = where + "/ahp";
    if (e.judges.empty()) {
        check.fail("adva.elicitation.judges", aw + "/judges", "an AHP answer has at least one judge", "[]");
        return std::nullopt;
    }
    if (e.judges.size() > max_ahp_judges)
        throw limit_exceeded("adva.elicitation.too_many_judges", aw + "/judges",
                             "an AHP answer has at most " + std::to_string(max_ahp_judges) + " judges",
                             std::to_string(e.judges.size()));
    if (q.criteria.size() > max_ahp_criteria) {
        check.fail("adva.elicitation.size", where + "/method",
                   "AHP weighs at most " + std::to_string(max_ahp_criteria) + " criteria in one question (the random-index tables end there)",
                   std::to_string(q.criteria.size()) + " criteria");
        return std::nullopt;
    }
    if (!(std::isfinite(e.acceptable_consistency_ratio) && e.acceptable_consistency_ratio > 0.0))
        check.fail("adva.elicitation.threshold", aw + "/acceptable_consistency_ratio",
                   "the acceptable consistency ratio is a number above 0 (Saaty's is 0.1)", number_text(e.acceptable_consistency_ratio));
    std::vector<Eigen::MatrixXd> matrices;
    for (std::size_t k = 0; k < e.judges.size(); ++k)
        if (auto m = judge_matrix(q, e.judges[k], detail::pointer(aw + "/judges", std::ptrdiff_t(k)), check))
            matrices.push_back(std::move(*m));
    if (check.failed || q.criteria.empty()) return std::nullopt;

    const ahp_parameters parameters{e.priority, e.random_index};
    derived_answer out;
    std::vector<Eigen::VectorXd> priorities;
    double largest_ratio = 0.0;
    for (const auto& m : matrices) {
        const ahp_result r = ahp(m, parameters, aw);
        out.outcome.judge_consistency_ratios.push_back(r.cr);
        largest_ratio = std::max(largest_ratio, r.cr);
        priorities.push_back(r.weights);
    }
    Eigen::VectorXd panel;
    if (matrices.size() == 1) {  // one judge: the panel is that judge (no rounding through exp and log)
        panel = priorities.front();
        out.outcome.consistency_ratio = largest_ratio;
    } else if (e.aggregation == ahp_aggregation::judgements) {
        const ahp_result r = ahp(aggregate_judgements(matrices), parameters, aw);
        panel = r.weights;
        out.outcome.consistency_ratio = r.cr;
    } else {
        panel = aggregate_priorities(priorities);
        out.outcome.consistency_ratio = largest_ratio;
    }
    out.outcome.consistent = largest_ratio <= e.acceptable_consistency_ratio;
    const double top = panel.maxCoeff();
    // The ratio first: the most important criterion's swing is then exactly 100.
    for (std::size_t i = 0; i < q.criteria.size(); ++i) out.swing[q.criteria[i]] = 100.0 * (panel[Eigen::Index(i)] / top);
    return out;
}

/// Refuses a recorded figure the judgements do not give (a tampered or hand-edited record).
void check_record(const answer& a, const derived_answer& d, const std::string& where, answer_check& check) {
    for (const auto& [id, recorded] : a.swing) {
        const auto it = d.swing.find(id);
        if (it == d.swing.end() || !(std::abs(recorded - it->second) <= 100.0 * elicitation_record_tolerance))
            check.fail("adva.elicitation.mismatch", where + "/swing/" + pointer_token(id),
                       "a recorded swing must be the one the answer's judgements give (derived: " +
                           (it == d.swing.end() ? std::string("none") : number_text(it->second)) + ")",
                       number_text(recorded));
    }
    const elicitation_outcome& recorded = a.elicited.outcome;
    if (recorded == elicitation_outcome{}) return;  // nothing recorded yet
    const auto same = [](double x, double y) { return std::abs(x - y) <= elicitation_record_tolerance; };
    bool agrees = recorded.consistent == d.outcome.consistent &&
                  recorded.judge_consistency_ratios.size() == d.outcome.judge_consistency_ratios.size() &&
                  recorded.consistency_ratio.has_value() == d.outcome.consistency_ratio.has_value() &&
                  (!recorded.consistency_ratio || same(*recorded.consistency_ratio, *d.outcome.consistency_ratio));
    for (std::size_t k = 0; agrees && k < recorded.judge_consistency_ratios.size(); ++k)
        agrees = same(recorded.judge_consistency_ratios[k], d.outcome.judge_consistency_ratios[k]);
    if (!agrees)
        check.fail("adva.elicitation.mismatch", where + "/consistency",
                   "the recorded consistency must be the one the answer's judgements give (derived ratio " +
                       number_text(d.outcome.consistency_ratio.value_or(0.0)) + ")",
                   recorded.consistency_ratio ? number_text(*recorded.consistency_ratio) : std::string("none"));
}

}  // namespace

void derive_elicited_answer(const question& q, answer& a, const std::string& where, error_sink& sink) {
    answer_check check{sink};
    const elicitation& e = a.elicited;
    if (e.method == elicitation_method::swing) {
        if (!e.ahp.judges.empty())
            check.fail("adva.elicitation.method", where + "/ahp", "AHP judgements belong to an answer whose method is \"ahp\"",
                       "method \"swing\"");
        if (e.outcome != elicitation_outcome{})
            check.fail("adva.elicitation.method", where + "/consistency", "only an elicited answer records a consistency",
                       "method \"swing\"");
        return;
    }
    if (q.kind != question_kind::weight) {
        check.fail("adva.elicitation.method", where + "/method", "only answers to weight questions are elicited",
                   "question " + quoted(q.id));
        return;
    }
    const std::optional<derived_answer> derived = derive_ahp(q, e.ahp, where, check);
    if (!derived) return;
    check_record(a, *derived, where, check);
    if (check.failed) return;
    a.swing = derived->swing;
    a.elicited.outcome = derived->outcome;
}

void derive_elicited_weights(appraisal& model, error_sink& sink) {
    for (std::size_t f = 0; f < model.functions.size(); ++f)
        for (std::size_t k = 0; k < model.functions[f].questions.size(); ++k) {
            question& q = model.functions[f].questions[k];
            const std::string qw = "/functions/" + std::to_string(f) + "/questions/" + std::to_string(k) + "/answers";
            for (std::size_t a = 0; a < q.answers.size(); ++a)
                derive_elicited_answer(q, q.answers[a], detail::pointer(qw, std::ptrdiff_t(a)), sink);
        }
}

}  // namespace adva
