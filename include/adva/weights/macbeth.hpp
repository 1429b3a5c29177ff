#pragma once
// MACBETH (Bana e Costa & Vansnick): value scales and weights from qualitative judgements of
// differences in attractiveness, solved as linear programmes (definitions in src/lp/macbeth.cpp,
// target adva::lp; docs/elicitation.md#macbeth has every convention with worked figures).
//
// A judgement on (more, less) is a category, or a range of consecutive categories, of
// difference: no difference (C0), very weak (C1) ... extreme (C6). The basic scale is the
// LP-MACBETH programme: thresholds s_1 = 1/2, s_{k+1} >= s_k + 1; "categories i..j" means
// s_i + 1/2 <= v(more) - v(less) <= s_{j+1} - 1/2 (no upper bound when j = extreme); "no
// difference" means v(more) = v(less); every score lies between 0 and the greatest score, which
// the programme minimises. Consistency is feasibility. Ties of the optimum are broken by a named,
// deterministic rule (macbeth_tie_rule). Score intervals use the judgements' strict meaning
// (differences strictly inside the category's open interval for some increasing thresholds),
// which does not depend on the unit, so they are open intervals of the anchored scale.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

#include "adva/model/elicitation.hpp"  // macbeth_category, to_string, parse_macbeth_category

namespace adva {

/// One judgement: `more` is at least as attractive as `less` (element indices), by a category or
/// a range of consecutive categories lowest..highest. "No difference" stands alone.
struct macbeth_judgement {
    std::size_t more = 0, less = 0;
    macbeth_category lowest = macbeth_category::no_difference;
    macbeth_category highest = macbeth_category::no_difference;
};

/// The elements (options, performance levels, or swings) and the judgements on pairs of them; the
/// matrix may be incomplete but must connect every element. `neutral` and `good` (both or
/// neither) anchor the scale at 0 and 100; without them the lowest score is 0 and the highest 100.
struct macbeth_problem {
    std::size_t elements = 0;
    std::vector<macbeth_judgement> judgements;
    std::optional<std::size_t> neutral, good;
};

/// Safety bound on the number of elements (adva.macbeth.too_many_elements beyond it): a complete
/// matrix of 100 elements has 4 950 judgements, and the scale solves about 3n LPs over them.
inline constexpr std::size_t macbeth_max_elements = 100;

/// How a scale is chosen when LP-MACBETH has several optimal scales: adva's own rule, named so that
/// it is explicit (M-MACBETH may pick another of the optimal scales):
///   least_total_then_index_order: among the scales with the least greatest score, those with the
///   least sum of scores; then the least score of element 0, then of element 1, ... (a
///   lexicographic sequence of LPs, so the result is unique and does not depend on the solver).
enum class macbeth_tie_rule : std::uint8_t { least_total_then_index_order };

inline constexpr std::string_view to_string(macbeth_tie_rule r) noexcept {
    switch (r) {
        case macbeth_tie_rule::least_total_then_index_order: return "least_total_then_index_order";
    }
    return "least_total_then_index_order";
}

/// Which references make 0 and 100 of the anchored scale.
enum class macbeth_anchoring : std::uint8_t { bottom_top, neutral_good };

inline constexpr std::string_view to_string(macbeth_anchoring a) noexcept {
    return a == macbeth_anchoring::neutral_good ? "neutral_good" : "bottom_top";
}

/// What a suggestion changes: the lowest end of the judgement's range, its highest end, or the
/// whole judgement (both ends by the same number of categories).
enum class macbeth_change : std::uint8_t { lowest_end, highest_end, whole };

inline constexpr std::string_view to_string(macbeth_change c) noexcept {
    switch (c) {
        case macbeth_change::lowest_end: return "lowest_end";
        case macbeth_change::highest_end: return "highest_end";
        case macbeth_change::whole: return "whole";
    }
    return "whole";
}

/// One change of one judgement that makes the judgements consistent. `more`/`less` are the pair
/// as suggested (swapped from the judgement only when a "no difference" becomes a difference the
/// other way round); `shift` is the signed number of categories moved (+ = more attractive gap).
struct macbeth_suggestion {
    std::size_t judgement = 0;
    std::size_t more = 0, less = 0;
    macbeth_change change = macbeth_change::whole;
    macbeth_category lowest_now{}, highest_now{}, lowest_suggested{}, highest_suggested{};
    int shift = 0;
};

struct macbeth_scale {
    bool consistent = false;
    /// Basic scale (LP-MACBETH units: least score 0); empty when inconsistent.
    Eigen::VectorXd basic;
    /// Anchored scale: a linear rescale of `basic` (neutral 0 / good 100, or bottom 0 / top 100).
    Eigen::VectorXd scores;
    /// Open interval of each anchored score with every other score (and the anchoring) fixed,
    /// within which the scale stays consistent with the judgements; +-infinity when unbounded.
    Eigen::VectorXd lower, upper;
    /// Least thresholds s_1..s_6 consistent with `basic` (s_1 = 1/2).
    Eigen::VectorXd thresholds;
    macbeth_tie_rule tie_rule = macbeth_tie_rule::least_total_then_index_order;
    std::string tie_rule_name{to_string(macbeth_tie_rule::least_total_then_index_order)};
    macbeth_anchoring anchoring = macbeth_anchoring::bottom_top;
    /// First elements (by index) with the least and the greatest basic score.
    std::size_t bottom = 0, top = 0;
    /// When inconsistent: single-judgement changes that restore consistency, smallest first.
    std::vector<macbeth_suggestion> suggestions;
};

/// The MACBETH scale of the problem. Throws invalid_input (limit_exceeded past
/// macbeth_max_elements) for bad input, naming `where` + "/k" for the k-th judgement;
/// computation_error adva.macbeth.lp_failed if the LP solver fails otherwise than by infeasibility.
macbeth_scale macbeth(const macbeth_problem& problem, std::string_view where = "/judgements");

/// Whether `scores` (one per element, any unit and origin) agree with the judgements in their
/// strict meaning: for some thresholds 0 < s_1 < ... < s_6, each difference lies strictly inside
/// its categories' interval (and is 0 for "no difference"). Anchors are not checked.
bool macbeth_fits(const macbeth_problem& problem, const Eigen::VectorXd& scores,
                  std::string_view where = "/judgements");

struct macbeth_weights_result {
    /// The scale of the swings and "[all lower]" (element `criteria`, fixed at 0).
    macbeth_scale scale;
    /// Swing scores normalised to sum 1; empty when inconsistent.
    Eigen::VectorXd weights;
    /// Each weight's range as its swing score moves within its interval, the other scores fixed:
    /// w_i = v_i / (v_i + sum of the other swings), increasing in v_i (an unbounded score gives 1).
    Eigen::VectorXd lower, upper;
};

/// MACBETH weights: elements 0..criteria-1 are the swings of the criteria, element `criteria` is
/// "[all lower]" (every criterion at its lower reference), which scores 0 and may only be the
/// less attractive element of a judgement.
macbeth_weights_result macbeth_weights(std::size_t criteria, const std::vector<macbeth_judgement>& judgements,
                                       std::string_view where = "/judgements");

}  // namespace adva
