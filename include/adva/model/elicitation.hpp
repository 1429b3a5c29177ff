#pragma once
// How an answer to a weight question was elicited. A swing answer types its numbers; an AHP,
// MACBETH or PAPRIKA answer gives judgements from which the swings are derived when the model is
// read (adva/weights/elicitation.hpp). The derived swings and the consistency found are written
// with the answer, so they are locked with the framing; reading the model again derives them anew
// and refuses a recorded figure that its judgements do not give (docs/elicitation.md).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace adva {

enum class elicitation_method {
    swing,    ///< swing weights typed in (0–100, the most important swing scores 100)
    ahp,      ///< AHP pairwise ratio judgements between the question's criteria
    macbeth,  ///< MACBETH judgements of difference between the criteria's swings and "[all lower]", or levels
    paprika,  ///< PAPRIKA choices between hypothetical alternatives on the criteria's levels
    /// anchor questions: bisection (midpoint splitting) gives each named criterion's value function
    /// (MACBETH, too, answers anchor questions: judgements between a criterion's levels)
    bisection,
};

/// The name of a method as models, outputs and commands spell it.
inline constexpr std::string_view to_string(elicitation_method m) noexcept {
    switch (m) {
        case elicitation_method::swing: return "swing";
        case elicitation_method::ahp: return "ahp";
        case elicitation_method::macbeth: return "macbeth";
        case elicitation_method::paprika: return "paprika";
        case elicitation_method::bisection: return "bisection";
    }
    return "swing";
}

/// How AHP turns a reciprocal matrix into priorities.
enum class ahp_priority { eigenvector, geometric_mean, column_mean };

/// Random-index tables of the AHP consistency ratio (n = 3..15; RI(1) = RI(2) = 0).
enum class random_index_table {
    saaty,          ///< Saaty 1980 (3: 0.58, 4: 0.90, ... 10: 1.49, 11-15 extended); default
    saaty_2005,     ///< Saaty 2005, Theory and Applications of the ANP, p. 31 (3: 0.52, 4: 0.89, ...)
    alonso_lamata,  ///< Alonso & Lamata 2006, IJUFKBS 14(4) (3: 0.5245, 4: 0.8815, ...)
    donegan_dodd,   ///< Donegan & Dodd 1991, Math. Comput. Modelling 15(10) (3: 0.4914, 4: 0.8286, ...)
};

/// How a panel's judgements become one set of priorities (Forman & Peniwati 1998).
enum class ahp_aggregation {
    judgements,  ///< AIJ: the element-wise geometric mean of the judges' matrices, then priorities
    priorities,  ///< AIP: each judge's priorities, then their normalised geometric mean
};

inline constexpr std::string_view to_string(ahp_priority p) noexcept {
    switch (p) {
        case ahp_priority::eigenvector: return "eigenvector";
        case ahp_priority::geometric_mean: return "geometric_mean";
        case ahp_priority::column_mean: return "column_mean";
    }
    return "eigenvector";
}
inline constexpr std::string_view to_string(random_index_table t) noexcept {
    switch (t) {
        case random_index_table::saaty: return "saaty";
        case random_index_table::saaty_2005: return "saaty_2005";
        case random_index_table::alonso_lamata: return "alonso_lamata";
        case random_index_table::donegan_dodd: return "donegan_dodd";
    }
    return "saaty";
}
inline std::optional<ahp_priority> parse_ahp_priority(std::string_view s) noexcept {
    for (auto p : {ahp_priority::eigenvector, ahp_priority::geometric_mean, ahp_priority::column_mean})
        if (to_string(p) == s) return p;
    return std::nullopt;
}
inline std::optional<random_index_table> parse_random_index_table(std::string_view s) noexcept {
    for (auto t : {random_index_table::saaty, random_index_table::saaty_2005, random_index_table::alonso_lamata,
                   random_index_table::donegan_dodd})
        if (to_string(t) == s) return t;
    return std::nullopt;
}

/// The seven MACBETH categories of difference in attractiveness, C0..C6.
enum class macbeth_category : std::uint8_t { no_difference, very_weak, weak, moderate, strong, very_strong, extreme };

inline constexpr std::string_view to_string(macbeth_category c) noexcept {
    switch (c) {
        case macbeth_category::no_difference: return "no_difference";
        case macbeth_category::very_weak: return "very_weak";
        case macbeth_category::weak: return "weak";
        case macbeth_category::moderate: return "moderate";
        case macbeth_category::strong: return "strong";
        case macbeth_category::very_strong: return "very_strong";
        case macbeth_category::extreme: return "extreme";
    }
    return "no_difference";
}

/// "very_weak" or "very weak" (either spelling); nullopt for anything else.
inline std::optional<macbeth_category> parse_macbeth_category(std::string_view s) noexcept {
    for (int k = 0; k <= 6; ++k) {
        const auto c = static_cast<macbeth_category>(k);
        const std::string_view name = to_string(c);
        if (s.size() != name.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < s.size() && same; ++i)
            same = s[i] == name[i] || (name[i] == '_' && s[i] == ' ');
        if (same) return c;
    }
    return std::nullopt;
}

/// A PAPRIKA answer: which of the two hypothetical alternatives is better, or neither.
enum class paprika_answer : std::uint8_t { a_better, b_better, equal };

inline constexpr std::string_view to_string(paprika_answer a) noexcept {
    switch (a) {
        case paprika_answer::a_better: return "a_better";
        case paprika_answer::b_better: return "b_better";
        case paprika_answer::equal: return "equal";
    }
    return "invalid";
}

/// One judgement: `more` is `ratio` times as important as `less` (both criteria the question links).
struct ratio_judgement {
    std::string more, less;
    double ratio = 1.0;  ///< ≥ 1; Saaty's verbal scale runs 1 (equal) to 9 (extreme)

    friend bool operator==(const ratio_judgement&, const ratio_judgement&) = default;
};

/// One judge's judgements: every pair of the question's criteria once, in either order.
struct ahp_judge {
    std::string by;
    std::vector<ratio_judgement> judgements;

    friend bool operator==(const ahp_judge&, const ahp_judge&) = default;
};

struct ahp_elicitation {
    ahp_priority priority = ahp_priority::eigenvector;
    random_index_table random_index = random_index_table::saaty;
    ahp_aggregation aggregation = ahp_aggregation::judgements;
    /// The consistency ratio at or below which a judge's matrix counts as acceptable (Saaty's 0.1).
    double acceptable_consistency_ratio = 0.1;
    std::vector<ahp_judge> judges;

    friend bool operator==(const ahp_elicitation&, const ahp_elicitation&) = default;
};

/// MACBETH's reference in weighting: every criterion at its lower reference. Its score is 0, so
/// each swing's judgement against it says how attractive that swing is.
inline constexpr std::string_view macbeth_all_lower = "[all lower]";

/// One MACBETH judgement: the swing of `more` is more attractive than that of `less` (a criterion
/// id, or "[all lower]") by one category, or by a range of consecutive ones when the judge hesitates.
struct category_judgement {
    std::string more, less;
    macbeth_category lowest = macbeth_category::no_difference, highest = macbeth_category::no_difference;

    friend bool operator==(const category_judgement&, const category_judgement&) = default;
};

/// One MACBETH judgement between two of a criterion's performance levels, each named by its
/// measured level: `more` is more attractive than `less` by a category or a range of them.
struct level_judgement {
    double more = 0.0, less = 0.0;
    macbeth_category lowest = macbeth_category::no_difference, highest = macbeth_category::no_difference;

    friend bool operator==(const level_judgement&, const level_judgement&) = default;
};

/// MACBETH on one criterion's performance levels (an anchor question): the levels judged and the
/// judgements between them. The least attractive level is valued 0 and the most attractive 100,
/// the anchors of the criterion's fixed scale; the scale through the levels is its value function.
struct macbeth_value_scale {
    std::vector<double> levels;               ///< measured levels, distinct, at least two
    std::vector<level_judgement> judgements;  ///< may be incomplete, but must connect every level

    friend bool operator==(const macbeth_value_scale&, const macbeth_value_scale&) = default;
};

/// Weight questions judge the criteria's swings (`judgements`); anchor questions judge each linked
/// criterion's performance levels (`scales`). An answer gives one or the other.
struct macbeth_elicitation {
    std::vector<category_judgement> judgements;  ///< may be incomplete, but must connect every swing
    std::map<std::string, macbeth_value_scale> scales;  ///< criterion id -> its levels' judgements

    friend bool operator==(const macbeth_elicitation&, const macbeth_elicitation&) = default;
};

/// One answered PAPRIKA question: two hypothetical alternatives that differ on the criteria listed
/// (criterion id -> level index, 0 the worst), the same criteria on both sides.
struct paprika_choice {
    std::vector<std::pair<std::string, std::size_t>> a, b;
    paprika_answer answer = paprika_answer::equal;

    friend bool operator==(const paprika_choice&, const paprika_choice&) = default;
};

struct paprika_elicitation {
    /// Each linked criterion's levels, worst first (at least two): what the alternatives are made of.
    std::map<std::string, std::vector<std::string>> levels;
    std::vector<paprika_choice> answers;

    friend bool operator==(const paprika_elicitation&, const paprika_elicitation&) = default;
};

/// One bisection step: `level` is the criterion's level halfway in value between two levels
/// already valued (the worst 0 and the best 100 to begin with), so its value `value` is their mean:
/// 50, then 25 and 75, then 12.5, 37.5, ... Steps are listed in the order they were asked.
struct bisection_midpoint {
    double value = 50.0;
    double level = 0.0;

    friend bool operator==(const bisection_midpoint&, const bisection_midpoint&) = default;
};

/// One criterion's bisection: its worst level (value 0), its best (value 100) and the midpoints.
struct bisection_curve {
    double worst = 0.0, best = 100.0;
    std::vector<bisection_midpoint> midpoints;

    friend bool operator==(const bisection_curve&, const bisection_curve&) = default;
};

struct bisection_elicitation {
    std::map<std::string, bisection_curve> curves;  ///< criterion id -> its bisection (criteria the question links)

    friend bool operator==(const bisection_elicitation&, const bisection_elicitation&) = default;
};

/// What an elicitation gave besides the swings: derived, written with the answer for the record.
struct elicitation_outcome {
    /// AHP: each judge's consistency ratio (in the judges' order) and the panel's (of the aggregated
    /// matrix under AIJ; the largest judge's under AIP).
    std::vector<double> judge_consistency_ratios;
    std::optional<double> consistency_ratio;
    bool consistent = true;  ///< AHP: every judge's ratio is acceptable
    /// MACBETH and PAPRIKA: each weight's range (normalised weights, summing to 1 within the
    /// question) consistent with the answers.
    std::map<std::string, std::pair<double, double>> weight_ranges;
    /// PAPRIKA: each criterion's level points (top levels sum to 100) and the question counts.
    std::map<std::string, std::vector<double>> level_points;
    std::optional<std::size_t> questions_possible, questions_implied;
    /// Bisection and MACBETH value scales: each criterion's value function, breakpoints (level,
    /// value) by increasing level.
    std::map<std::string, std::vector<std::pair<double, double>>> value_functions;
    /// MACBETH value scales: for each breakpoint of `value_functions` (in its order), the range
    /// within which its value can move, the others fixed, and still fit the judgements (within 0–100).
    std::map<std::string, std::vector<std::pair<double, double>>> value_ranges;
    /// The rule that chose the numbers among those consistent with the answers (MACBETH's tie rule,
    /// PAPRIKA's point rule).
    std::string rule;

    friend bool operator==(const elicitation_outcome&, const elicitation_outcome&) = default;
};

struct elicitation {
    elicitation_method method = elicitation_method::swing;
    ahp_elicitation ahp;          ///< method ahp
    macbeth_elicitation macbeth;  ///< method macbeth
    paprika_elicitation paprika;  ///< method paprika
    bisection_elicitation bisection;  ///< method bisection
    elicitation_outcome outcome;  ///< derived (never typed): empty for swing answers

    friend bool operator==(const elicitation&, const elicitation&) = default;
};

/// The criteria whose value functions an answer gives: a bisection's curves, MACBETH's scales.
inline std::vector<std::string> valued_criteria(const elicitation& e) {
    std::vector<std::string> ids;
    for (const auto& [id, curve] : e.bisection.curves) ids.push_back(id);
    for (const auto& [id, scale] : e.macbeth.scales) ids.push_back(id);
    return ids;
}

}  // namespace adva
