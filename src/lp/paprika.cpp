// PAPRIKA trade-offs (include/adva/weights/paprika.hpp): the question order, the implication and
// conflict tests, and the point and weight-range LPs, on COIN-OR Clp.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <Eigen/Dense>

#include "adva/error.hpp"
#include "adva/weights/paprika.hpp"

namespace adva {

namespace {

using answer_list = std::vector<std::pair<paprika_question, paprika_answer>>;

/// A linear row over the point values p(c, l), l >= 1: lower <= Σ values·p <= upper.
struct lp_row {
    std::vector<int> columns;
    std::vector<double> values;
    double lower = 0, upper = 0;
};

/// Column of p(c, l) for l >= 1: criteria one after another.
struct layout {
    std::vector<int> offset;  // offset[c] = column of p(c, 1)
    int columns = 0;
    explicit layout(const std::vector<std::size_t>& levels) {
        for (const std::size_t l : levels) {
            offset.push_back(columns);
            columns += int(l) - 1;
        }
    }
    int column(std::size_t criterion, std::size_t level) const { return offset[criterion] + int(level) - 1; }
    int top(const std::vector<std::size_t>& levels, std::size_t criterion) const {
        return column(criterion, levels[criterion] - 1);
    }
};

std::string pointer(const std::string& base, const char* side, std::size_t i, const char* field = nullptr) {
    std::string s = base + "/" + side + "/" + std::to_string(i);
    if (field) s += std::string("/") + field;
    return s;
}

void check_levels(const std::vector<std::size_t>& levels, const paprika_parameters& parameters) {
    if (levels.size() > paprika_max_criteria)
        throw limit_exceeded("adva.paprika.too_many_criteria", "/levels",
                             "PAPRIKA takes at most " + std::to_string(paprika_max_criteria) + " criteria",
                             std::to_string(levels.size()));
    if (levels.size() < 2)
        throw invalid_input("adva.paprika.too_few_criteria", "/levels", "trade-offs need at least 2 criteria",
                            std::to_string(levels.size()));
    for (std::size_t c = 0; c < levels.size(); ++c) {
        if (levels[c] > paprika_max_levels)
            throw limit_exceeded("adva.paprika.too_many_levels", "/levels/" + std::to_string(c),
                                 "a criterion has at most " + std::to_string(paprika_max_levels) + " levels",
                                 std::to_string(levels[c]));
        if (levels[c] < 2)
            throw invalid_input("adva.paprika.too_few_levels", "/levels/" + std::to_string(c),
                                "a criterion needs at least 2 levels", std::to_string(levels[c]));
    }
    if (parameters.max_criteria < 2 || parameters.max_criteria > 3)
        throw invalid_input("adva.paprika.max_criteria", "/max_criteria",
                            "questions differ on at most 2 or at most 3 criteria", std::to_string(parameters.max_criteria));
    if (parameters.point_rule != paprika_point_rule::minimum_total)
        throw invalid_input("adva.paprika.point_rule", "/point_rule", "the point rule must be minimum_total",
                            std::to_string(int(parameters.point_rule)));
}

/// Number of possible questions: Σ_k (2^(k−1) − 1) e_k, e_k the elementary symmetric polynomial of
/// the criteria's level pairs C(L_c, 2) (A's pattern fixed on the first criterion of a subset).
std::size_t count_questions(const std::vector<std::size_t>& levels, std::size_t max_criteria) {
    const std::size_t k_max = std::min(max_criteria, levels.size());
    std::vector<double> e(k_max + 1, 0.0);  // double: 30 criteria with 3 always fit exactly below 2^53
    e[0] = 1;
    for (const std::size_t l : levels) {
        const double pairs = double(l * (l - 1) / 2);
        for (std::size_t k = k_max; k >= 1; --k) e[k] += e[k - 1] * pairs;
    }
    double total = 0;
    for (std::size_t k = 2; k <= k_max; ++k) total += double((std::size_t(1) << (k - 1)) - 1) * e[k];
    return std::size_t(total);
}

void check_answer(paprika_answer a, const std::string& where) {
    if (std::uint8_t(a) > std::uint8_t(paprika_answer::equal))
        throw invalid_input("adva.paprika.answer", where, "an answer is a_better, b_better or equal",
                            std::to_string(int(a)));
}

void check_question(const paprika_question& q, const std::vector<std::size_t>& levels, const std::string& base) {
    if (q.a.size() != q.b.size() || q.a.size() < 2)
        throw invalid_input("adva.paprika.question_criteria", base,
                            "both alternatives must list the same criteria, at least 2",
                            "a: " + std::to_string(q.a.size()) + " criteria, b: " + std::to_string(q.b.size()));
    for (const auto* side : {&q.a, &q.b})
        for (std::size_t i = 0; i < side->size(); ++i) {
            const char* name = side == &q.a ? "a" : "b";
            const paprika_level& x = (*side)[i];
            if (x.criterion >= levels.size())
                throw invalid_input("adva.paprika.criterion_out_of_range", pointer(base, name, i, "criterion"),
                                    "there are " + std::to_string(levels.size()) + " criteria, numbered from 0",
                                    std::to_string(x.criterion));
            if (x.level >= levels[x.criterion])
                throw invalid_input("adva.paprika.level_out_of_range", pointer(base, name, i, "level"),
                                    "criterion " + std::to_string(x.criterion) + " has levels 0 to " +
                                        std::to_string(levels[x.criterion] - 1),
                                    std::to_string(x.level));
        }
    std::vector<paprika_level> a = q.a, b = q.b;
    const auto by_criterion = [](const paprika_level& x, const paprika_level& y) { return x.criterion < y.criterion; };
    std::sort(a.begin(), a.end(), by_criterion);
    std::sort(b.begin(), b.end(), by_criterion);
    bool a_better = false, b_better = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].criterion != b[i].criterion || (i > 0 && a[i].criterion == a[i - 1].criterion))
            throw invalid_input("adva.paprika.question_criteria", base,
                                "both alternatives must list the same criteria, each once",
                                "criterion " + std::to_string(a[i].criterion));
        if (a[i].level == b[i].level)
            throw invalid_input("adva.paprika.question_criteria", base,
                                "a criterion listed must be at different levels on the two alternatives",
                                "criterion " + std::to_string(a[i].criterion) + " at level " + std::to_string(a[i].level));
        (a[i].level > b[i].level ? a_better : b_better) = true;
    }
    if (!a_better || !b_better)
        throw invalid_input("adva.paprika.not_a_trade_off", base,
                            "each alternative must be better on at least one listed criterion (a dominated pair has an "
                            "obvious answer)",
                            std::string(a_better ? "a" : "b") + " is better on every listed criterion");
}

/// The canonical key of a valid question: (criterion, level on A, level on B) by criterion, with A
/// better on the first criterion; a question and its mirror image share it.
std::vector<std::size_t> canonical_key(const paprika_question& q) {
    std::vector<paprika_level> a = q.a, b = q.b;
    const auto by_criterion = [](const paprika_level& x, const paprika_level& y) { return x.criterion < y.criterion; };
    std::sort(a.begin(), a.end(), by_criterion);
    std::sort(b.begin(), b.end(), by_criterion);
    if (a[0].level < b[0].level) std::swap(a, b);
    std::vector<std::size_t> key;
    for (std::size_t i = 0; i < a.size(); ++i) key.insert(key.end(), {a[i].criterion, a[i].level, b[i].level});
    return key;
}

/// Σ_A p − Σ_B p as a row (bounds left to the caller); level 0 is worth 0.
lp_row difference(const paprika_question& q, const layout& at) {
    lp_row r;
    for (const auto& x : q.a)
        if (x.level > 0) {
            r.columns.push_back(at.column(x.criterion, x.level));
            r.values.push_back(1.0);
        }
    for (const auto& x : q.b)
        if (x.level > 0) {
            r.columns.push_back(at.column(x.criterion, x.level));
            r.values.push_back(-1.0);
        }
    return r;
}

double evaluate(const lp_row& r, const std::vector<double>& x) {
    double s = 0;
    for (std::size_t i = 0; i < r.columns.size(); ++i) s += r.values[i] * x[std::size_t(r.columns[i])];
    return s;
}

/// The row of an answer: strict answers >= gap (1: unit gaps; 0: the closure), equal = 0.
lp_row answer_row(const paprika_question& q, paprika_answer a, const layout& at, double gap) {
    lp_row r = difference(q, at);
    switch (a) {
        case paprika_answer::a_better: r.lower = gap, r.upper = COIN_DBL_MAX; break;
        case paprika_answer::b_better: r.lower = -COIN_DBL_MAX, r.upper = -gap; break;
        case paprika_answer::equal: r.lower = 0, r.upper = 0; break;
    }
    return r;
}

std::vector<lp_row> answer_rows(const answer_list& answers, const layout& at, double gap) {
    std::vector<lp_row> rows;
    rows.reserve(answers.size());
    for (const auto& [q, a] : answers) rows.push_back(answer_row(q, a, at, gap));
    return rows;
}

/// The cone of point values: p(c, l) − p(c, l−1) >= gap (p(c, 0) = 0) and the given rows. Solves
/// copies of one loaded model with extra rows and an objective; nullopt when infeasible.
class cone {
public:
    cone(const std::vector<std::size_t>& levels, const layout& at, const std::vector<lp_row>& rows, double gap) {
        CoinPackedMatrix matrix(false, 0, 0);
        matrix.setDimensions(0, at.columns);
        std::vector<double> row_lo, row_hi;
        const auto add = [&](const lp_row& r) {
            matrix.appendRow(int(r.columns.size()), r.columns.data(), r.values.data());
            row_lo.push_back(r.lower);
            row_hi.push_back(r.upper);
        };
        std::vector<double> col_lo(std::size_t(at.columns), 0.0), col_hi(std::size_t(at.columns), COIN_DBL_MAX);
        lp_row all;  // Σ p >= 0: always true; keeps the model from having no row (Clp's edge case)
        all.upper = COIN_DBL_MAX;
        for (std::size_t c = 0; c < levels.size(); ++c) {
            col_lo[std::size_t(at.column(c, 1))] = gap;
            for (std::size_t l = 2; l < levels[c]; ++l)
                add(lp_row{{at.column(c, l), at.column(c, l - 1)}, {1.0, -1.0}, gap, COIN_DBL_MAX});
        }
        for (int j = 0; j < at.columns; ++j) {
            all.columns.push_back(j);
            all.values.push_back(1.0);
        }
        add(all);
        for (const auto& r : rows) add(r);
        const std::vector<double> objective(std::size_t(at.columns), 0.0);
        base_.setLogLevel(0);
        base_.loadProblem(matrix, col_lo.data(), col_hi.data(), objective.data(), row_lo.data(), row_hi.data());
    }

    std::optional<std::vector<double>> solve(const std::vector<lp_row>& extra, const std::vector<double>& objective,
                                             bool maximise = false) const {
        ClpSimplex lp(base_);
        lp.setLogLevel(0);
        for (const auto& r : extra) lp.addRow(int(r.columns.size()), r.columns.data(), r.values.data(), r.lower, r.upper);
        for (int j = 0; j < lp.numberColumns(); ++j) lp.setObjectiveCoefficient(j, objective[std::size_t(j)]);
        lp.setOptimizationDirection(maximise ? -1 : 1);
        lp.primal();
        if (lp.isProvenPrimalInfeasible()) return std::nullopt;
        if (!lp.isProvenOptimal())
            throw computation_error("adva.paprika.lp_failed", "/paprika", "a PAPRIKA LP did not reach an optimum",
                                    "Clp status " + std::to_string(lp.status()));
        const double* x = lp.getColSolution();
        return std::vector<double>(x, x + lp.numberColumns());
    }

private:
    ClpSimplex base_;
};

std::vector<double> ones(const layout& at) { return std::vector<double>(std::size_t(at.columns), 1.0); }

/// Whether each strict answer is feasible under the answers (unit-gap cone `k`); a witness with a
/// difference of the right sign settles a direction without an LP, and each LP solution found
/// becomes a witness.
std::pair<bool, bool> strict_feasibility(const cone& k, const layout& at, const paprika_question& q,
                                         std::vector<std::vector<double>>* witnesses) {
    lp_row d = difference(q, at);
    bool positive = false, negative = false;
    if (witnesses)
        for (const auto& w : *witnesses) {
            // A witness x with difference δ > 0 scales to k·x, k = max(1, 1/δ), still in the cone.
            const double delta = evaluate(d, w);
            positive = positive || delta > 1e-6;
            negative = negative || delta < -1e-6;
        }
    const auto test = [&](bool sign_positive) {
        lp_row r = d;
        r.lower = sign_positive ? 1.0 : -COIN_DBL_MAX;
        r.upper = sign_positive ? COIN_DBL_MAX : -1.0;
        auto x = k.solve({r}, ones(at));
        if (x && witnesses && witnesses->size() < 64) witnesses->push_back(*x);
        return x.has_value();
    };
    if (!positive) positive = test(true);
    if (!negative) negative = test(false);
    return {positive, negative};
}

std::optional<paprika_answer> implied_from(bool positive, bool negative) {
    if (positive && negative) return std::nullopt;
    if (positive) return paprika_answer::a_better;
    if (negative) return paprika_answer::b_better;
    return paprika_answer::equal;  // the open cone maps onto {0}: the difference is always 0
}

bool feasible(const std::vector<std::size_t>& levels, const layout& at, const std::vector<lp_row>& rows) {
    return cone(levels, at, rows, 1.0).solve({}, ones(at)).has_value();
}

/// Deletion filter: scan the rows in order, dropping each one whose removal leaves the rest
/// infeasible; what remains is irreducible. Rows from `first_fixed` on are never dropped.
std::vector<std::size_t> minimal_conflict(const std::vector<std::size_t>& levels, const layout& at,
                                          const std::vector<lp_row>& rows, std::size_t first_fixed) {
    std::vector<bool> kept(rows.size(), true);
    for (std::size_t i = 0; i < first_fixed; ++i) {
        kept[i] = false;
        std::vector<lp_row> rest;
        for (std::size_t j = 0; j < rows.size(); ++j)
            if (kept[j]) rest.push_back(rows[j]);
        if (feasible(levels, at, rest)) kept[i] = true;
    }
    std::vector<std::size_t> conflict;
    for (std::size_t i = 0; i < first_fixed; ++i)
        if (kept[i]) conflict.push_back(i);
    return conflict;
}

/// Points, weights and weight ranges of consistent answers.
void solve_points(const std::vector<std::size_t>& levels, const answer_list& answers, paprika_result& r) {
    const layout at(levels);
    const std::size_t n = levels.size();
    const auto x = cone(levels, at, answer_rows(answers, at, 1.0), 1.0).solve({}, ones(at));
    if (!x)
        throw computation_error("adva.paprika.lp_failed", "/paprika", "the minimum-total LP of consistent answers is infeasible",
                                std::to_string(answers.size()) + " answers");
    double total = 0;
    for (std::size_t c = 0; c < n; ++c) total += (*x)[std::size_t(at.top(levels, c))];
    r.points.assign(n, {});
    r.weights.resize(Eigen::Index(n));
    for (std::size_t c = 0; c < n; ++c) {
        r.points[c].push_back(0.0);
        for (std::size_t l = 1; l < levels[c]; ++l) r.points[c].push_back(100.0 * (*x)[std::size_t(at.column(c, l))] / total);
        r.weights[Eigen::Index(c)] = (*x)[std::size_t(at.top(levels, c))] / total;
    }
    // Charnes–Cooper: the weight p_top(c) / Σ p_top over the cone equals y_top(c) with y = p / Σ p_top,
    // Σ y_top = 1; the closure (>= 0 for strict constraints) turns sup/inf into max/min.
    const cone closed(levels, at, answer_rows(answers, at, 0.0), 0.0);
    lp_row simplex;
    simplex.lower = simplex.upper = 1.0;
    for (std::size_t c = 0; c < n; ++c) {
        simplex.columns.push_back(at.top(levels, c));
        simplex.values.push_back(1.0);
    }
    r.weight_ranges.assign(n, {});
    for (std::size_t c = 0; c < n; ++c) {
        std::vector<double> objective(std::size_t(at.columns), 0.0);
        objective[std::size_t(at.top(levels, c))] = 1.0;
        const auto low = closed.solve({simplex}, objective, false), high = closed.solve({simplex}, objective, true);
        if (!low || !high)
            throw computation_error("adva.paprika.lp_failed", "/paprika", "a weight-range LP of consistent answers is infeasible",
                                    "criterion " + std::to_string(c));
        r.weight_ranges[c] = {std::clamp((*low)[std::size_t(at.top(levels, c))], 0.0, 1.0),
                              std::clamp((*high)[std::size_t(at.top(levels, c))], 0.0, 1.0)};
    }
}

std::string index_list(const std::vector<std::size_t>& indices) {
    std::string s = "[";
    for (std::size_t i = 0; i < indices.size(); ++i) s += (i ? ", " : "") + std::to_string(indices[i]);
    return s + "]";
}

}  // namespace

paprika_session::paprika_session(std::vector<std::size_t> levels_per_criterion, paprika_parameters parameters)
    : levels_(std::move(levels_per_criterion)), parameters_(parameters) {
    check_levels(levels_, parameters_);
    questions_possible_ = count_questions(levels_, parameters_.max_criteria);
    if (questions_possible_ > paprika_max_questions)
        throw limit_exceeded("adva.paprika.too_many_questions", "/levels",
                             "PAPRIKA considers at most " + std::to_string(paprika_max_questions) +
                                 " possible questions (fewer criteria, levels or max_criteria)",
                             std::to_string(questions_possible_));
    cursor_.subset = {0, 1};
    load_subset();
}

// The patterns of one criteria subset, largest trade-off first: by the sum of the level gaps
// (descending), then by which criteria favour B (criterion j of the subset worth 2^(j−1); A always
// favoured on the first), then criterion by criterion the larger gap, then the higher better level.
void paprika_session::load_subset() {
    struct entry {
        int span = 0;
        unsigned mask = 0;
        std::array<int, 6> order{};  // per criterion: −gap, −better level
        std::array<std::uint8_t, 6> levels{};  // level on A [0..3), on B [3..6)
    };
    const std::size_t k = cursor_.subset.size();
    std::vector<entry> entries;
    for (unsigned mask = 1; mask < (1u << (k - 1)); ++mask) {
        // Odometer over (better, worse) level pairs of each criterion.
        std::vector<std::pair<std::size_t, std::size_t>> pair(k, {1, 0});
        for (;;) {
            entry e;
            e.mask = mask;
            for (std::size_t i = 0; i < k; ++i) {
                const auto [hi, lo] = pair[i];
                const bool b_side = i > 0 && ((mask >> (i - 1)) & 1u);
                e.span += int(hi - lo);
                e.order[2 * i] = -int(hi - lo);
                e.order[2 * i + 1] = -int(hi);
                e.levels[i] = std::uint8_t(b_side ? lo : hi);
                e.levels[3 + i] = std::uint8_t(b_side ? hi : lo);
            }
            entries.push_back(e);
            std::size_t i = 0;
            for (; i < k; ++i) {
                auto& [hi, lo] = pair[i];
                if (++lo < hi) break;
                lo = 0;
                if (++hi < levels_[cursor_.subset[i]]) break;
                hi = 1;
            }
            if (i == k) break;
        }
    }
    std::sort(entries.begin(), entries.end(), [](const entry& x, const entry& y) {
        if (x.span != y.span) return x.span > y.span;
        if (x.mask != y.mask) return x.mask < y.mask;
        return x.order < y.order;
    });
    cursor_.patterns.clear();
    for (const auto& e : entries) cursor_.patterns.push_back(e.levels);
    cursor_.index = 0;
}

void paprika_session::advance() {
    if (cursor_.done) return;
    if (++cursor_.index < cursor_.patterns.size()) return;
    auto& s = cursor_.subset;
    const std::size_t n = levels_.size(), k = s.size();
    // Next k-subset in lexicographic order; then the first subset one criterion larger.
    std::size_t i = k;
    while (i > 0 && s[i - 1] == n - k + i - 1) --i;
    if (i > 0) {
        ++s[i - 1];
        for (std::size_t j = i; j < k; ++j) s[j] = s[j - 1] + 1;
    } else if (k < std::min(parameters_.max_criteria, n)) {
        s.resize(k + 1);
        for (std::size_t j = 0; j <= k; ++j) s[j] = j;
    } else {
        cursor_.done = true;
        cursor_.patterns.clear();
        return;
    }
    load_subset();
}

paprika_question paprika_session::current_question() const {
    const auto& p = cursor_.patterns[cursor_.index];
    paprika_question q;
    for (std::size_t i = 0; i < cursor_.subset.size(); ++i) {
        q.a.push_back({cursor_.subset[i], p[i]});
        q.b.push_back({cursor_.subset[i], p[3 + i]});
    }
    return q;
}

std::optional<paprika_question> paprika_session::next_question() {
    const layout at(levels_);
    std::optional<cone> k;  // built on the first question that needs an LP
    while (!cursor_.done) {
        const paprika_question q = current_question();
        if (answered_.count(canonical_key(q))) {
            advance();
            continue;
        }
        if (!k) k.emplace(levels_, at, answer_rows(answers_, at, 1.0), 1.0);
        const auto [positive, negative] = strict_feasibility(*k, at, q, &witnesses_);
        if (positive && negative) return q;
        ++questions_implied_;
        advance();
    }
    return std::nullopt;
}

std::optional<paprika_answer> paprika_session::implied_answer(const paprika_question& question) const {
    check_question(question, levels_, "/question");
    const layout at(levels_);
    const cone k(levels_, at, answer_rows(answers_, at, 1.0), 1.0);
    const auto [positive, negative] = strict_feasibility(k, at, question, nullptr);
    return implied_from(positive, negative);
}

std::vector<std::size_t> paprika_session::conflict(const paprika_question& question, paprika_answer answer) const {
    check_question(question, levels_, "/question");
    check_answer(answer, "/answer");
    const layout at(levels_);
    std::vector<lp_row> rows = answer_rows(answers_, at, 1.0);
    rows.push_back(answer_row(question, answer, at, 1.0));
    if (feasible(levels_, at, rows)) return {};
    // The earlier answers are consistent, so the new one is in every conflict: never dropped.
    return minimal_conflict(levels_, at, rows, answers_.size());
}

void paprika_session::answer(const paprika_question& question, paprika_answer answer) {
    const auto clash = conflict(question, answer);  // validates both
    if (!clash.empty())
        throw invalid_input("adva.paprika.inconsistent_answer", "/answer",
                            "the answer contradicts earlier answers (a minimal conflict: these and this one)",
                            std::string(to_string(answer)) + " against earlier answers " + index_list(clash));
    auto key = canonical_key(question);
    bool in_order = false;
    if (!cursor_.done) in_order = canonical_key(current_question()) == key;
    answers_.emplace_back(question, answer);
    answered_.insert(std::move(key));
    witnesses_.clear();  // they need not satisfy the new answer
    if (in_order) advance();
}

paprika_result paprika_session::result() const {
    paprika_result r;
    r.parameters = parameters_;
    r.questions_possible = questions_possible_;
    r.questions_asked = answers_.size();
    r.questions_implied = questions_implied_;
    solve_points(levels_, answers_, r);
    return r;
}

paprika_result paprika(const std::vector<std::size_t>& levels_per_criterion, const answer_list& answers,
                       paprika_parameters parameters) {
    paprika_session s(levels_per_criterion, parameters);  // checks the levels, parameters and bounds
    if (answers.size() > paprika_max_answers)
        throw limit_exceeded("adva.paprika.too_many_answers", "/answers",
                             "at most " + std::to_string(paprika_max_answers) + " answers are taken at once",
                             std::to_string(answers.size()));
    for (std::size_t i = 0; i < answers.size(); ++i) {
        check_question(answers[i].first, s.levels_, "/answers/" + std::to_string(i));
        check_answer(answers[i].second, "/answers/" + std::to_string(i) + "/answer");
    }
    paprika_result r;
    r.parameters = parameters;
    r.questions_possible = s.questions_possible_;
    r.questions_asked = answers.size();
    const layout at(s.levels_);
    const std::vector<lp_row> rows = answer_rows(answers, at, 1.0);
    if (!feasible(s.levels_, at, rows)) {
        r.consistent = false;
        r.conflict = minimal_conflict(s.levels_, at, rows, rows.size());
        return r;
    }
    s.answers_ = answers;
    for (const auto& qa : answers) s.answered_.insert(canonical_key(qa.first));
    // Every possible question, in order: not answered and not open means implied.
    const cone k(s.levels_, at, rows, 1.0);
    while (!s.cursor_.done) {
        const paprika_question q = s.current_question();
        if (!s.answered_.count(canonical_key(q))) {
            const auto [positive, negative] = strict_feasibility(k, at, q, &s.witnesses_);
            if (!(positive && negative)) ++r.questions_implied;
        }
        s.advance();
    }
    solve_points(s.levels_, answers, r);
    return r;
}

}  // namespace adva
