#pragma once
// PAPRIKA trade-offs (Hansen & Ombler 2008, J. Multi-Criteria Decision Analysis 15): point values
// and weights of an additive model whose criteria have discrete ordered levels (0 worst, the last
// best), from the decision-maker's answers to questions between two hypothetical alternatives.
//
// Unknowns: the point value p(c, l) of criterion c at level l >= 1 (p(c, 0) = 0), strictly rising
// with l. A question names only the criteria on which its two alternatives differ (the others are
// equal and cancel); A is better on some of them, B on the others (an undominated pair). Answers
// become linear constraints: "A better" Σ_A p − Σ_B p > 0, "B better" < 0, "equal" = 0. The
// constraints are homogeneous, so a strict "> 0" is written ">= 1" (unit gaps) without loss.
//
// A question is asked only while both strict answers are still possible (two LP feasibility tests
// on the answers so far); an answer the others imply is never asked. Questions come in a fixed
// order (docs/elicitation.md#paprika): 2 criteria first, criteria subsets in lexicographic order,
// within a subset the largest trade-off first.
//
// Points by a named rule (minimum_total: the least Σ p with unit gaps), normalised so that the
// criteria's top levels sum to 100; weight of c = its top points / 100. Each weight's range is its
// minimum and maximum over the closure of the cone of consistent point values (Charnes–Cooper:
// Σ top = 1, strict constraints as >= 0). Bulk answers that contradict each other are reported
// with a minimal conflicting subset (deletion filter).
//
// Declarations only: the definitions need COIN-OR Clp and are in adva::lp (src/lp/paprika.cpp).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "adva/model/elicitation.hpp"  // paprika_answer, to_string

namespace adva {

/// Bounds on a PAPRIKA problem; beyond them adva.paprika.too_many_* (limit_exceeded).
inline constexpr std::size_t paprika_max_criteria = 30;
inline constexpr std::size_t paprika_max_levels = 10;
/// The possible questions (all subsets of 2..max_criteria criteria, all undominated level pairs).
inline constexpr std::size_t paprika_max_questions = 1'000'000;
/// Answers given at once to paprika().
inline constexpr std::size_t paprika_max_answers = 10'000;

/// One criterion's level on one alternative of a question.
struct paprika_level {
    std::size_t criterion = 0;
    std::size_t level = 0;  ///< 0 = worst
    friend bool operator==(const paprika_level&, const paprika_level&) = default;
};

/// Two hypothetical alternatives that differ on exactly the criteria listed (the same criteria, in
/// the same order, on both sides; every other criterion is at the same level on both and cancels).
struct paprika_question {
    std::vector<paprika_level> a, b;
    friend bool operator==(const paprika_question&, const paprika_question&) = default;
};

/// How point values are chosen among all those consistent with the answers.
enum class paprika_point_rule : std::uint8_t {
    /// Minimise Σ_c Σ_{l>=1} p(c, l) subject to p(c, l) >= p(c, l−1) + 1, strict answers >= 1,
    /// equal answers = 0 (the vertex Clp's primal simplex returns), then normalise.
    minimum_total,
};

inline constexpr std::string_view to_string(paprika_point_rule r) noexcept {
    switch (r) {
        case paprika_point_rule::minimum_total: return "minimum_total";
    }
    return "invalid";
}
inline std::optional<paprika_point_rule> parse_paprika_point_rule(std::string_view s) noexcept {
    if (s == to_string(paprika_point_rule::minimum_total)) return paprika_point_rule::minimum_total;
    return std::nullopt;
}

struct paprika_parameters {
    /// Largest number of criteria a generated question differs on: 2 (default) or 3. Answers given
    /// to paprika() or paprika_session::answer() may differ on any number from 2 upwards.
    std::size_t max_criteria = 2;
    paprika_point_rule point_rule = paprika_point_rule::minimum_total;
};

/// [min, max] of a normalised weight over the closure of the consistent point values.
struct paprika_weight_range {
    double min = 0, max = 0;
};

struct paprika_result {
    paprika_parameters parameters;
    /// false: the answers contradict each other; `conflict` names them and nothing below is set
    /// except the question counts.
    bool consistent = true;
    /// A minimal conflicting subset: indices into the answers, ascending (empty when consistent).
    std::vector<std::size_t> conflict;
    /// points[c][l] for every level of c (points[c][0] = 0); Σ_c points[c].back() = 100.
    std::vector<std::vector<double>> points;
    Eigen::VectorXd weights;  ///< points[c].back() / 100; sums to 1
    std::vector<paprika_weight_range> weight_ranges;
    /// All questions of 2..max_criteria criteria in the order they are asked.
    std::size_t questions_possible = 0;
    /// Explicit answers.
    std::size_t questions_asked = 0;
    /// Possible questions not answered explicitly whose answer the answers imply. For a session:
    /// those passed over so far (all of them once next_question() has returned nullopt).
    std::size_t questions_implied = 0;
};

/// The interactive flow: next_question(), answer(), repeat until next_question() is empty; then
/// result(). Not safe for concurrent use.
class paprika_session {
public:
    /// levels_per_criterion[c] >= 2 levels each (level 0 worst); 2..30 criteria, <= 10 levels.
    explicit paprika_session(std::vector<std::size_t> levels_per_criterion, paprika_parameters parameters = {});

    /// The first question in the fixed order that is neither answered nor implied by the answers
    /// so far (both strict answers feasible); nullopt when none is left. Asking again without
    /// answering returns the same question. Questions come in canonical form: criteria ascending,
    /// A better on the first one.
    std::optional<paprika_question> next_question();

    /// Records an answer to any trade-off question (not only the one next_question() returned).
    /// An answer that contradicts the earlier ones is refused with adva.paprika.inconsistent_answer,
    /// naming the earlier answers of a minimal conflict; the session is then unchanged.
    void answer(const paprika_question& question, paprika_answer answer);

    /// The answer the answers so far imply for this question, or nullopt when every answer is still
    /// possible.
    std::optional<paprika_answer> implied_answer(const paprika_question& question) const;
    /// Whether the answers so far imply this answer.
    bool implied(const paprika_question& question, paprika_answer answer) const {
        return implied_answer(question) == answer;
    }
    /// Indices of earlier answers that with this one form a minimal conflict (empty: consistent).
    std::vector<std::size_t> conflict(const paprika_question& question, paprika_answer answer) const;

    paprika_result result() const;

    const std::vector<std::size_t>& levels() const noexcept { return levels_; }
    const std::vector<std::pair<paprika_question, paprika_answer>>& answers() const noexcept { return answers_; }
    /// next_question() has passed every possible question.
    bool complete() const noexcept { return cursor_.done; }

private:
    /// Where next_question() is in the fixed order: the criteria subset and its level patterns.
    struct cursor_state {
        std::vector<std::size_t> subset;           // criteria ascending
        std::vector<std::array<std::uint8_t, 6>> patterns;  // per criterion: level on A, level on B
        std::size_t index = 0;
        bool done = false;
    };
    void load_subset();
    void advance();
    paprika_question current_question() const;
    friend paprika_result paprika(const std::vector<std::size_t>&,
                                  const std::vector<std::pair<paprika_question, paprika_answer>>&, paprika_parameters);

    std::vector<std::size_t> levels_;
    paprika_parameters parameters_;
    std::vector<std::pair<paprika_question, paprika_answer>> answers_;
    std::set<std::vector<std::size_t>> answered_;  // canonical keys of answers_: "explicitly answered"
    cursor_state cursor_;
    std::size_t questions_possible_ = 0, questions_implied_ = 0;
    std::vector<std::vector<double>> witnesses_;  // feasible point values under the answers: cheap open tests
};

/// All answers at once (from a file, or revised): validates every question, detects a conflict
/// (result.consistent, result.conflict), else points, weights, ranges and the implied count.
paprika_result paprika(const std::vector<std::size_t>& levels_per_criterion,
                       const std::vector<std::pair<paprika_question, paprika_answer>>& answers,
                       paprika_parameters parameters = {});

}  // namespace adva
