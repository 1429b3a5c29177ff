#pragma once
// Function before form: the problems the new arrangement must solve (functions), each with the
// questions whose answers yield weights, gates, anchors or recorded context.
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "adva/model/elicitation.hpp"

namespace adva {

enum class question_kind {
    weight,   ///< answers give swing weights (0–100) to the linked sibling criteria
    gate,     ///< answers create or justify a must-have (linked gates)
    anchor,   ///< answers define what 0 and 100 mean on the linked criteria (a bisection or MACBETH answer: the value function between them)
    context,  ///< recorded only
};

struct answer {
    std::string group;       ///< stakeholder group id
    std::string by;          ///< who gave the answer (person or panel)
    std::string text;        ///< the answer in words
    std::string rationale;   ///< why
    /// weight questions: criterion id -> swing weight (the most important swing scores 100); typed
    /// for a swing answer, derived from the judgements for the other methods.
    std::map<std::string, double> swing;
    /// weight questions: how the swings were elicited, and what the elicitation found.
    elicitation elicited;
    /// gate questions: false when the answer is that the linked gates do not apply to this
    /// appraisal (no statutory direction, say); the rationale is recorded as the reason. Every
    /// answer that says must agree (validate()).
    std::optional<bool> applies;

    friend bool operator==(const answer&, const answer&) = default;
};

/// How an answer's swings came about, in words for reports ("" for typed swings), e.g. "elicited
/// by AHP: 2 judges, consistency ratio 0.03 (acceptable)".
inline std::string elicitation_text(const answer& a) {
    const elicitation_outcome& o = a.elicited.outcome;
    const auto two_places = [](double x) {
        char text[32];
        std::snprintf(text, sizeof text, "%.2f", x);
        return std::string(text);
    };
    switch (a.elicited.method) {
        case elicitation_method::swing: return {};
        case elicitation_method::ahp: {
            const std::size_t judges = a.elicited.ahp.judges.size();
            return "elicited by AHP: " + std::to_string(judges) + (judges == 1 ? " judge" : " judges") +
                   (o.consistency_ratio ? ", consistency ratio " + two_places(*o.consistency_ratio) : std::string()) +
                   (o.consistent ? " (acceptable)" : " (above the acceptable " +
                                                         two_places(a.elicited.ahp.acceptable_consistency_ratio) + ")");
        }
        case elicitation_method::macbeth: {
            if (a.elicited.macbeth.scales.empty())
                return "elicited by MACBETH: " + std::to_string(a.elicited.macbeth.judgements.size()) +
                       " judgements of difference, consistent";
            std::string names;
            std::size_t judgements = 0;
            for (const auto& [id, scale] : a.elicited.macbeth.scales) {
                names += (names.empty() ? "" : ", ") + id;
                judgements += scale.judgements.size();
            }
            return "elicited by MACBETH: the value scale of " + names + " (" + std::to_string(judgements) +
                   " judgements of difference between levels, consistent)";
        }
        case elicitation_method::paprika:
            return "elicited by PAPRIKA: " + std::to_string(a.elicited.paprika.answers.size()) + " trade-offs answered" +
                   (o.questions_possible && o.questions_implied
                        ? ", " + std::to_string(*o.questions_implied) + " of " + std::to_string(*o.questions_possible) +
                              " possible questions implied"
                        : std::string());
        case elicitation_method::bisection: {
            std::string names;
            std::size_t midpoints = 0;
            for (const auto& [id, curve] : a.elicited.bisection.curves) {
                names += (names.empty() ? "" : ", ") + id;
                midpoints += curve.midpoints.size();
            }
            return "elicited by bisection: the value function of " + names + " (" + std::to_string(midpoints) +
                   (midpoints == 1 ? " midpoint)" : " midpoints)");
        }
    }
    return {};
}

struct question {
    std::string id;
    std::string text;
    question_kind kind = question_kind::context;
    std::string guidance;                ///< what a good answer looks like
    std::vector<std::string> criteria;   ///< criteria this question informs
    std::vector<std::string> gates;      ///< gates this question creates or justifies
    std::vector<answer> answers;

    friend bool operator==(const question&, const question&) = default;
};

/// A problem the vehicle must solve (what it must *do*), before any form is considered.
struct service_function {
    std::string id;
    std::string name;
    std::string description;
    std::vector<question> questions;

    friend bool operator==(const service_function&, const service_function&) = default;
};

struct stakeholder_group {
    std::string id;
    std::string name;
    std::string description;
    double influence = 1.0;   ///< relative weight of this group in the consensus (> 0)
    /// Why the group has this influence, and who decided: the report shows it as a recorded
    /// choice, or says that no choice was recorded (every group then counts the same by default).
    std::string influence_reason;

    friend bool operator==(const stakeholder_group&, const stakeholder_group&) = default;
};

/// How the groups' weights are combined into the consensus weight set. Groups are combined on
/// local (within-parent, normalised) weights, then renormalised within each parent.
enum class consensus_method {
    arithmetic_mean,   ///< influence-weighted arithmetic mean of local weights
    geometric_mean,    ///< influence-weighted geometric mean of local weights (Aczél–Saaty)
    lead_group,        ///< the weights of one named group
};

struct consensus_rule {
    consensus_method method = consensus_method::arithmetic_mean;
    std::string lead_group;   ///< lead_group only

    friend bool operator==(const consensus_rule&, const consensus_rule&) = default;
};

}  // namespace adva
