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
#include "adva/weights/macbeth.hpp"
#include "adva/weights/paprika.hpp"

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

/// The index of `id` among the question's criteria (reported at `where` when it is not one).
std::optional<std::size_t> linked_index(const question& q, const std::string& id, const std::string& where, answer_check& check) {
    const auto it = std::find(q.criteria.begin(), q.criteria.end(), id);
    if (it != q.criteria.end()) return std::size_t(it - q.criteria.begin());
    check.fail("adva.model.weight_question_siblings", where,
               "names a criterion this question does not link (" + known_ids_text(id, q.criteria, 8, "linked") + ")", quoted(id));
    return std::nullopt;
}

/// One judge's reciprocal matrix over the question's criteria (in the question's order), after
/// checking every judgement; nullopt when a rule is broken (reported).
std::optional<Eigen::MatrixXd> judge_matrix(const question& q, const ahp_judge& judge, const std::string& where,
                                            answer_check& check) {
    const auto n = Eigen::Index(q.criteria.size());
    Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n);
    Eigen::MatrixXi judged = Eigen::MatrixXi::Zero(n, n);
    bool ok = true, pairs_known = true;  // a missing pair is reported only when every judgement named a pair
    for (std::size_t k = 0; k < judge.judgements.size(); ++k) {
        const ratio_judgement& r = judge.judgements[k];
        const std::string p = detail::pointer(where + "/judgements", std::ptrdiff_t(k));
        const auto i = linked_index(q, r.more, p + "/more", check);
        const auto j = linked_index(q, r.less, p + "/less", check);
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

/// Swings from weights over the question's criteria: the largest is exactly 100.
std::map<std::string, double> swings_of(const question& q, const Eigen::VectorXd& weights) {
    std::map<std::string, double> swing;
    const double top = weights.maxCoeff();
    for (std::size_t i = 0; i < q.criteria.size(); ++i) swing[q.criteria[i]] = 100.0 * (weights[Eigen::Index(i)] / top);
    return swing;
}

/// Runs an engine whose errors name places below `base`: they are reported there.
template <class F>
auto engine_call(answer_check& check, const std::string& base, F&& f) -> std::optional<decltype(f())> {
    try {
        return f();
    } catch (const limit_exceeded&) {
        throw;
    } catch (const invalid_input& e) {
        check.fail(e.id().c_str(), base + e.where(), e.rule(), e.seen());
        return std::nullopt;
    }
}

/// Reports judgements no MACBETH scale fits, with up to three of the engine's single changes that
/// would repair them; `pair_text(k)` says which elements judgement k compares.
template <class PairText>
void report_inconsistent(answer_check& check, const std::string& where, const macbeth_scale& scale, std::size_t judgements,
                         PairText&& pair_text) {
    const auto range = [](macbeth_category lo, macbeth_category hi) {
        return lo == hi ? std::string(to_string(lo)) : std::string(to_string(lo)) + " to " + std::string(to_string(hi));
    };
    std::string hint;
    for (std::size_t k = 0; k < scale.suggestions.size() && k < 3; ++k) {
        const macbeth_suggestion& s = scale.suggestions[k];
        hint += std::string(k ? "; " : "") + "judgement " + std::to_string(s.judgement) + " (" + pair_text(s.judgement) + "): " +
                range(s.lowest_now, s.highest_now) + " -> " + range(s.lowest_suggested, s.highest_suggested);
    }
    check.fail("adva.elicitation.inconsistent", where,
               "no MACBETH scale fits these judgements" +
                   (hint.empty() ? std::string(" (a cycle of preferences: no single change repairs it)")
                                 : " (a change of one judgement that would: " + hint + ")"),
               std::to_string(judgements) + " judgements");
}

std::optional<derived_answer> derive_macbeth(const question& q, const macbeth_elicitation& e, const std::string& where,
                                             answer_check& check) {
    const std::string mw = where + "/macbeth/judgements";
    const std::size_t n = q.criteria.size(), all_lower = n;
    std::vector<macbeth_judgement> judgements;
    for (std::size_t k = 0; k < e.judgements.size(); ++k) {
        const category_judgement& c = e.judgements[k];
        const std::string p = detail::pointer(mw, std::ptrdiff_t(k));
        if (c.more == macbeth_all_lower) {
            check.fail("adva.elicitation.judgement", p + "/more",
                       "\"[all lower]\" scores 0: it is only ever the less attractive side of a judgement", quoted(c.more));
            continue;
        }
        const auto more = linked_index(q, c.more, p + "/more", check);
        const auto less = c.less == macbeth_all_lower ? std::optional<std::size_t>(all_lower) : linked_index(q, c.less, p + "/less", check);
        if (more && less) judgements.push_back({*more, *less, c.lowest, c.highest});
    }
    if (check.failed) return std::nullopt;
    const auto result = engine_call(check, mw, [&] { return macbeth_weights(n, judgements, ""); });
    if (!result) return std::nullopt;
    if (!result->scale.consistent) {
        report_inconsistent(check, mw, result->scale, e.judgements.size(),
                            [&](std::size_t k) { return e.judgements[k].more + " over " + e.judgements[k].less; });
        return std::nullopt;
    }
    derived_answer out;
    out.swing = swings_of(q, result->weights);
    out.outcome.rule = result->scale.tie_rule_name;
    for (std::size_t i = 0; i < n; ++i)
        out.outcome.weight_ranges[q.criteria[i]] = {result->lower[Eigen::Index(i)], result->upper[Eigen::Index(i)]};
    return out;
}

std::optional<derived_answer> derive_paprika(const question& q, const paprika_elicitation& e, const std::string& where,
                                             answer_check& check) {
    const std::string pw = where + "/paprika";
    const std::size_t n = q.criteria.size();
    std::vector<std::size_t> levels(n, 0);
    for (const auto& [id, labels] : e.levels)
        if (const auto i = linked_index(q, id, pw + "/levels/" + pointer_token(id), check)) levels[*i] = labels.size();
    for (std::size_t i = 0; i < n; ++i)
        if (levels[i] < 2 && !check.failed)
            check.fail("adva.elicitation.levels", pw + "/levels",
                       "PAPRIKA needs each linked criterion's levels, worst first (at least two)", quoted(q.criteria[i]));
    if (check.failed) return std::nullopt;
    std::vector<std::pair<paprika_question, paprika_answer>> answers;
    for (std::size_t k = 0; k < e.answers.size(); ++k) {
        const paprika_choice& c = e.answers[k];
        const std::string p = detail::pointer(pw + "/answers", std::ptrdiff_t(k));
        paprika_question question;
        const auto side = [&](const std::vector<std::pair<std::string, std::size_t>>& given, const char* name, std::vector<paprika_level>& out) {
            for (const auto& [id, level] : given) {
                const std::string at = p + "/" + name + "/" + pointer_token(id);
                const auto i = linked_index(q, id, at, check);
                if (!i) continue;
                if (level >= levels[*i]) {
                    check.fail("adva.elicitation.levels", at, "a level is one of the criterion's levels: 0 (the worst) to " +
                                                                  std::to_string(levels[*i] - 1), std::to_string(level));
                    continue;
                }
                out.push_back({*i, level});
            }
        };
        side(c.a, "a", question.a);
        side(c.b, "b", question.b);
        answers.emplace_back(std::move(question), c.answer);
    }
    if (check.failed) return std::nullopt;
    const auto result = engine_call(check, pw, [&] { return paprika(levels, answers); });
    if (!result) return std::nullopt;
    if (!result->consistent) {
        std::string named;
        for (const std::size_t k : result->conflict) named += (named.empty() ? "" : ", ") + std::to_string(k);
        check.fail("adva.elicitation.inconsistent", pw + "/answers",
                   "these PAPRIKA answers contradict each other: no point values agree with all of them (revise one of answers " +
                       named + ")",
                   std::to_string(result->conflict.size()) + " answers");
        return std::nullopt;
    }
    derived_answer out;
    out.swing = swings_of(q, result->weights);
    out.outcome.rule = std::string(to_string(result->parameters.point_rule));
    out.outcome.questions_possible = result->questions_possible;
    out.outcome.questions_implied = result->questions_implied;
    for (std::size_t i = 0; i < n; ++i) {
        out.outcome.weight_ranges[q.criteria[i]] = {result->weight_ranges[i].min, result->weight_ranges[i].max};
        out.outcome.level_points[q.criteria[i]] = result->points[i];
    }
    return out;
}

/// Each linked criterion's MACBETH value scale on its levels, anchored bottom 0 / top 100 (the
/// least and most attractive levels are the fixed scale's anchors): the breakpoints of its value
/// function, and each breakpoint's interval within 0–100.
std::optional<derived_answer> derive_macbeth_scales(const question& q, const macbeth_elicitation& e, const std::string& where,
                                                    answer_check& check) {
    const std::string mw = where + "/macbeth";
    if (!e.judgements.empty())
        check.fail("adva.elicitation.method", mw + "/judgements",
                   "an anchor question's MACBETH answer judges each criterion's levels (\"scales\"); judgements between "
                   "swings answer a weight question",
                   std::to_string(e.judgements.size()) + " judgements");
    if (e.scales.empty())
        check.fail("adva.elicitation.levels", mw + "/scales",
                   "a MACBETH answer to an anchor question gives at least one criterion's levels and judgements", "{}");
    derived_answer out;
    out.outcome.rule = std::string(to_string(macbeth_tie_rule::least_total_then_index_order));
    for (const auto& entry : e.scales) {  // not a structured binding: the lambdas below capture the scale
        const std::string& id = entry.first;
        const macbeth_value_scale& scale = entry.second;
        const std::string sw = mw + "/scales/" + pointer_token(id);
        if (!linked_index(q, id, sw, check)) continue;
        const std::size_t n = scale.levels.size();
        if (n < 2 || n > macbeth_max_elements) {
            check.fail("adva.elicitation.levels", sw + "/levels",
                       "a MACBETH value scale judges from 2 to " + std::to_string(macbeth_max_elements) + " levels",
                       std::to_string(n) + " levels");
            continue;
        }
        bool ok = true;
        for (std::size_t k = 0; k < n && ok; ++k) {
            const double level = scale.levels[k];
            ok = std::isfinite(level) && std::find(scale.levels.begin(), scale.levels.begin() + std::ptrdiff_t(k), level) ==
                                             scale.levels.begin() + std::ptrdiff_t(k);
            if (!ok)
                check.fail("adva.elicitation.levels", detail::pointer(sw + "/levels", std::ptrdiff_t(k)),
                           "a MACBETH value scale's levels are finite measured levels, each listed once", number_text(level));
        }
        if (!ok) continue;
        macbeth_problem problem{.elements = n, .judgements = {}, .neutral = std::nullopt, .good = std::nullopt};
        const auto index_of = [&](double level, const std::string& at) -> std::optional<std::size_t> {
            const auto it = std::find(scale.levels.begin(), scale.levels.end(), level);
            if (it != scale.levels.end()) return std::size_t(it - scale.levels.begin());
            check.fail("adva.elicitation.levels", at, "a judgement compares two of the levels the scale lists", number_text(level));
            return std::nullopt;
        };
        for (std::size_t k = 0; k < scale.judgements.size(); ++k) {
            const level_judgement& j = scale.judgements[k];
            const std::string p = detail::pointer(sw + "/judgements", std::ptrdiff_t(k));
            const auto more = index_of(j.more, p + "/more");
            const auto less = index_of(j.less, p + "/less");
            if (more && less) problem.judgements.push_back({*more, *less, j.lowest, j.highest});
            else ok = false;
        }
        if (!ok) continue;
        const auto result = engine_call(check, sw + "/judgements", [&] { return macbeth(problem, ""); });
        if (!result) continue;
        if (!result->consistent) {
            report_inconsistent(check, sw + "/judgements", *result, scale.judgements.size(), [&](std::size_t k) {
                return number_text(scale.judgements[k].more) + " over " + number_text(scale.judgements[k].less);
            });
            continue;
        }
        std::vector<std::size_t> order(n);
        for (std::size_t k = 0; k < n; ++k) order[k] = k;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scale.levels[a] < scale.levels[b]; });
        const auto on_scale = [](double v) { return std::clamp(v, 0.0, 100.0); };  // anchors 0 and 100 exactly, no -0
        auto& points = out.outcome.value_functions[id];
        auto& ranges = out.outcome.value_ranges[id];
        for (const std::size_t k : order) {
            const auto i = Eigen::Index(k);
            points.emplace_back(scale.levels[k], on_scale(result->scores[i]) + 0.0);
            ranges.emplace_back(on_scale(result->lower[i]) + 0.0, on_scale(result->upper[i]) + 0.0);
        }
    }
    if (check.failed) return std::nullopt;
    return out;
}

/// Most midpoints one bisection may state (six rounds of halving give 63).
constexpr std::size_t max_bisection_midpoints = 63;

/// Each curve's breakpoints from its worst level (0), best level (100) and midpoints, each of
/// which must halve the value between two breakpoints already known and lie between their levels.
std::optional<derived_answer> derive_bisection(const question& q, const bisection_elicitation& e, const std::string& where,
                                               answer_check& check) {
    const std::string bw = where + "/bisection";
    if (e.curves.empty()) {
        check.fail("adva.elicitation.bisection", bw, "a bisection answer gives at least one criterion's midpoints", "{}");
        return std::nullopt;
    }
    derived_answer out;
    for (const auto& [id, curve] : e.curves) {
        const std::string cw = bw + "/" + pointer_token(id);
        if (!linked_index(q, id, cw, check)) continue;
        if (!std::isfinite(curve.worst) || !std::isfinite(curve.best) || curve.worst == curve.best) {
            check.fail("adva.elicitation.bisection", cw, "the worst and best levels are finite and different",
                       "worst " + number_text(curve.worst) + ", best " + number_text(curve.best));
            continue;
        }
        if (curve.midpoints.size() > max_bisection_midpoints) {
            check.fail("adva.elicitation.bisection", cw + "/midpoints",
                       "a bisection states at most " + std::to_string(max_bisection_midpoints) + " midpoints (six rounds of halving)",
                       std::to_string(curve.midpoints.size()));
            continue;
        }
        std::map<double, double> level_of = {{0.0, curve.worst}, {100.0, curve.best}};  // value -> level
        bool ok = true;
        for (std::size_t k = 0; k < curve.midpoints.size() && ok; ++k) {
            const bisection_midpoint& m = curve.midpoints[k];
            const std::string mw = detail::pointer(cw + "/midpoints", std::ptrdiff_t(k));
            const auto above = level_of.upper_bound(m.value);
            const bool inside = std::isfinite(m.value) && m.value > 0.0 && m.value < 100.0 && above != level_of.end();
            const auto below = inside ? std::prev(above) : level_of.end();
            if (!inside || below->first == m.value || m.value != 0.5 * (below->first + above->first)) {
                check.fail("adva.elicitation.bisection", mw + "/value",
                           "each midpoint halves the value between two values already known (0 and 100, then those stated "
                           "before it): 50, then 25 and 75, then 12.5, 37.5, ...",
                           number_text(m.value));
                ok = false;
                break;
            }
            const double lo = below->second, hi = above->second;
            if (!std::isfinite(m.level) || !((m.level - lo) * (hi - lo) > 0.0 && (hi - m.level) * (hi - lo) > 0.0)) {
                check.fail("adva.elicitation.bisection", mw + "/level",
                           "the level valued " + number_text(m.value) + " lies strictly between the levels valued " +
                               number_text(below->first) + " (" + number_text(lo) + ") and " + number_text(above->first) + " (" +
                               number_text(hi) + ")",
                           number_text(m.level));
                ok = false;
                break;
            }
            level_of[m.value] = m.level;
        }
        if (!ok) continue;
        std::vector<std::pair<double, double>> points;
        for (const auto& [value, level] : level_of) points.emplace_back(level, value);
        std::sort(points.begin(), points.end());
        out.outcome.value_functions[id] = std::move(points);
    }
    if (check.failed) return std::nullopt;
    return out;
}

/// Whether a recorded outcome is the derived one: the same words and counts, numbers within the
/// tolerance (points and swings on their 0–100 scale, ratios and weights absolutely).
bool same_outcome(const elicitation_outcome& recorded, const elicitation_outcome& derived) {
    const auto close = [](double x, double y, double scale) { return std::abs(x - y) <= scale * elicitation_record_tolerance; };
    if (recorded.consistent != derived.consistent || recorded.rule != derived.rule ||
        recorded.questions_possible != derived.questions_possible || recorded.questions_implied != derived.questions_implied ||
        recorded.consistency_ratio.has_value() != derived.consistency_ratio.has_value() ||
        recorded.judge_consistency_ratios.size() != derived.judge_consistency_ratios.size() ||
        recorded.weight_ranges.size() != derived.weight_ranges.size() || recorded.level_points.size() != derived.level_points.size())
        return false;
    // Breakpoints: the same levels exactly (they are the stated ones), values within the tolerance.
    const auto same_points = [&](const std::map<std::string, std::vector<std::pair<double, double>>>& a,
                                 const std::map<std::string, std::vector<std::pair<double, double>>>& b, bool first_exact) {
        if (a.size() != b.size()) return false;
        for (const auto& [id, points] : a) {
            const auto it = b.find(id);
            if (it == b.end() || it->second.size() != points.size()) return false;
            for (std::size_t k = 0; k < points.size(); ++k)
                if (!(first_exact ? points[k].first == it->second[k].first : close(points[k].first, it->second[k].first, 100)) ||
                    !close(points[k].second, it->second[k].second, 100))
                    return false;
        }
        return true;
    };
    if (!same_points(recorded.value_functions, derived.value_functions, true) ||
        !same_points(recorded.value_ranges, derived.value_ranges, false))
        return false;
    if (recorded.consistency_ratio && !close(*recorded.consistency_ratio, *derived.consistency_ratio, 1)) return false;
    for (std::size_t k = 0; k < recorded.judge_consistency_ratios.size(); ++k)
        if (!close(recorded.judge_consistency_ratios[k], derived.judge_consistency_ratios[k], 1)) return false;
    for (const auto& [id, range] : recorded.weight_ranges) {
        const auto it = derived.weight_ranges.find(id);
        if (it == derived.weight_ranges.end() || !close(range.first, it->second.first, 1) || !close(range.second, it->second.second, 1))
            return false;
    }
    for (const auto& [id, points] : recorded.level_points) {
        const auto it = derived.level_points.find(id);
        if (it == derived.level_points.end() || it->second.size() != points.size()) return false;
        for (std::size_t k = 0; k < points.size(); ++k)
            if (!close(points[k], it->second[k], 100)) return false;
    }
    return true;
}

/// Refuses a recorded figure the judgements do not give (a tampered or hand-edited record).
void check_record(const answer& a, const derived_answer& d, const std::string& where, answer_check& check) {
    for (const auto& [id, recorded] : a.swing) {
        const auto it = d.swing.find(id);
        if (it == d.swing.end() || !(std::abs(recorded - it->second) <= 100.0 * elicitation_record_tolerance))
            check.fail("adva.elicitation.mismatch", where + "/swing/" + pointer_token(id),
                       "a recorded swing must be the one the answer's judgements give (to derive it anew from changed judgements, "
                       "remove the recorded swing and elicited record; derived: " +
                           (it == d.swing.end() ? std::string("none") : number_text(it->second)) + ")",
                       number_text(recorded));
    }
    if (!a.swing.empty())
        for (const auto& [id, derived] : d.swing)
            if (!a.swing.count(id))
                check.fail("adva.elicitation.mismatch", where + "/swing",
                           "a recorded answer gives a swing to every criterion its judgements weigh (derived: " + number_text(derived) + ")",
                           "no swing for " + quoted(id));
    const elicitation_outcome& recorded = a.elicited.outcome;
    if (recorded == elicitation_outcome{} || same_outcome(recorded, d.outcome)) return;  // nothing recorded yet, or the same
    check.fail("adva.elicitation.mismatch", where + "/elicited",
               "what an elicitation records must be what the answer's judgements give (derived: consistent " +
                   std::string(d.outcome.consistent ? "true" : "false") +
                   (d.outcome.consistency_ratio ? ", consistency ratio " + number_text(*d.outcome.consistency_ratio) : std::string()) + ")",
               "a different record");
}

/// An answer's value function (bisection, MACBETH) becomes its criterion's: a leaf on a fixed
/// scale whose typed function is the default ("direct", filled in) or already these breakpoints
/// (kept); a typed function of another kind or other breakpoints is refused. Which way is better
/// is the breakpoints' (worst to best), as for every piecewise-linear function.
void apply_value_function(appraisal& model, const std::string& id, const std::vector<std::pair<double, double>>& points,
                          const std::string& method, const std::string& where, error_sink& sink) {
    const auto c = std::find_if(model.criteria.begin(), model.criteria.end(), [&](const criterion& x) { return x.id == id; });
    if (c == model.criteria.end()) return;  // the question's own links are checked by validate()
    criterion& crit = *c;
    const std::string cw = "/criteria/" + std::to_string(c - model.criteria.begin());
    const auto fail = [&](const std::string& at, const std::string& rule, const std::string& seen) {
        sink.report(invalid_input("adva.elicitation.value_function", at, rule, seen));
    };
    if (crit.scale != scale_type::fixed) {
        fail(cw + "/scale", "a " + method + " answer (" + where + ") values a fixed scale's levels", "\"relative\"");
        return;
    }
    value_function& v = crit.value;
    if (v.kind == value_function_kind::piecewise_linear && v.points == points) return;
    if (v.kind != value_function_kind::direct) {
        fail(cw + "/value_function",
             "the criterion's value function is the one its " + method + " answer gives (" + where +
                 "): remove the typed function, or type exactly the answer's breakpoints",
             v.kind == value_function_kind::piecewise_linear ? "piecewise_linear with other breakpoints" : "a typed function of another kind");
        return;
    }
    v.kind = value_function_kind::piecewise_linear;
    v.points = points;
}

}  // namespace

void derive_elicited_answer(const question& q, answer& a, const std::string& where, error_sink& sink) {
    answer_check check{sink};
    const elicitation& e = a.elicited;
    // Judgements of one method on an answer of another would be silently ignored: refused.
    const std::pair<elicitation_method, bool> given[] = {{elicitation_method::ahp, e.ahp != ahp_elicitation{}},
                                                         {elicitation_method::macbeth, e.macbeth != macbeth_elicitation{}},
                                                         {elicitation_method::paprika, e.paprika != paprika_elicitation{}},
                                                         {elicitation_method::bisection, e.bisection != bisection_elicitation{}}};
    for (const auto& [method, present] : given)
        if (present && method != e.method)
            check.fail("adva.elicitation.method", where + "/" + std::string(to_string(method)),
                       std::string(to_string(method)) + " judgements belong to an answer whose method is \"" +
                           std::string(to_string(method)) + "\"",
                       "method \"" + std::string(to_string(e.method)) + "\"");
    if (e.method == elicitation_method::swing) {
        if (e.outcome != elicitation_outcome{})
            check.fail("adva.elicitation.method", where + "/elicited", "only an elicited answer records what its elicitation found",
                       "method \"swing\"");
        return;
    }
    if (check.failed) return;
    // MACBETH answers both kinds: a weight question by swings, an anchor question by levels.
    const bool anchor_method = e.method == elicitation_method::bisection || e.method == elicitation_method::macbeth;
    const bool weight_method = e.method != elicitation_method::bisection;
    if (!(q.kind == question_kind::anchor ? anchor_method : q.kind == question_kind::weight && weight_method)) {
        check.fail("adva.elicitation.method", where + "/method",
                   weight_method ? "AHP, MACBETH and PAPRIKA answer weight questions (MACBETH also anchor questions, on levels)"
                                 : "bisection answers an anchor question (it gives a criterion's value function)",
                   "question " + quoted(q.id));
        return;
    }
    if (q.kind == question_kind::weight && !e.macbeth.scales.empty())
        check.fail("adva.elicitation.method", where + "/macbeth/scales",
                   "MACBETH scales on a criterion's levels answer an anchor question; a weight question's answer judges swings",
                   "question " + quoted(q.id));
    if (check.failed) return;
    std::optional<derived_answer> derived;
    switch (e.method) {
        case elicitation_method::ahp: derived = derive_ahp(q, e.ahp, where, check); break;
        case elicitation_method::macbeth:
            derived = q.kind == question_kind::anchor ? derive_macbeth_scales(q, e.macbeth, where, check)
                                                      : derive_macbeth(q, e.macbeth, where, check);
            break;
        case elicitation_method::paprika: derived = derive_paprika(q, e.paprika, where, check); break;
        case elicitation_method::bisection: derived = derive_bisection(q, e.bisection, where, check); break;
        case elicitation_method::swing: break;
    }
    if (!derived) return;
    check_record(a, *derived, where, check);
    if (check.failed) return;
    // A record that agrees is kept as written, to the last bit: the framing digest taken at lock
    // must not move because another build's solver rounds differently within the tolerance.
    if (a.swing.empty()) a.swing = derived->swing;
    if (a.elicited.outcome == elicitation_outcome{}) a.elicited.outcome = derived->outcome;
}

void derive_elicited_weights(appraisal& model, error_sink& sink) {
    std::map<std::string, std::string> valued;  // criterion id -> the answer that gives its value function
    for (std::size_t f = 0; f < model.functions.size(); ++f)
        for (std::size_t k = 0; k < model.functions[f].questions.size(); ++k) {
            question& q = model.functions[f].questions[k];
            const std::string qw = "/functions/" + std::to_string(f) + "/questions/" + std::to_string(k) + "/answers";
            for (std::size_t a = 0; a < q.answers.size(); ++a) {
                const std::string where = detail::pointer(qw, std::ptrdiff_t(a));
                derive_elicited_answer(q, q.answers[a], where, sink);
                const elicitation& e = q.answers[a].elicited;
                const std::string method(to_string(e.method));
                const std::string judged = where + (e.method == elicitation_method::macbeth ? "/macbeth/scales/" : "/bisection/");
                for (const auto& [id, points] : e.outcome.value_functions)
                    if (const auto [it, fresh] = valued.try_emplace(id, where); !fresh)
                        sink.report(invalid_input("adva.elicitation.value_function", judged + pointer_token(id),
                                                  "a criterion's value function comes from one answer (" + it->second +
                                                      " gives it already)",
                                                  quoted(id)));
                    else
                        apply_value_function(model, id, points, method, where, sink);
            }
        }
}

}  // namespace adva
