#pragma once
// Small models for the analysis tests, built in C++ (no JSON), with numbers easy to follow by hand.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adva/model/appraisal.hpp"

namespace adva::testing {

inline criterion make_criterion(std::string id, std::string parent, std::optional<double> weight,
                                direction d = direction::higher_is_better) {
    criterion c;
    c.id = std::move(id);
    c.name = "Criterion " + c.id;
    c.parent = std::move(parent);
    c.weight = weight;
    c.preference = d;
    c.anchor_low = "worst plausible";
    c.anchor_high = "best plausible";
    return c;
}

inline option make_option(std::string id, std::map<std::string, double> scores, std::string vehicle = "in_house_improvement") {
    option o;
    o.id = std::move(id);
    o.name = "Option " + o.id;
    o.vehicle = std::move(vehicle);
    for (const auto& [leaf, v] : scores) {
        score s;
        s.value = v;
        o.scores[leaf] = s;
    }
    return o;
}

/// A threshold gate on the 0–100 value of `criterion`.
inline gate make_threshold_gate(std::string id, std::string criterion, comparison op, double threshold) {
    gate g;
    g.id = std::move(id);
    g.name = "Gate " + g.id;
    g.kind = gate_kind::threshold;
    g.criterion = std::move(criterion);
    g.op = op;
    g.threshold = threshold;
    return g;
}

/// The two-level tree used throughout (direct weights; global in brackets):
///   A (60) -> A1 (3) [0.45], A2 (1) [0.15]
///   B (40) -> B1 (1) [0.20], B2 (1, lower is better) [0.20]
/// Options (direct 0–100 scores; B2 value = 100 − score):
///   O1 (business as usual): A1 80, A2 40, B1 50, B2 30  -> A 70, B 60, total 66
///   O2:                     A1 60, A2 100, B1 90, B2 10 -> A 70, B 90, total 78
///   O3:                     A1 100, A2 20, B1 40, B2 60 -> A 80, B 40, total 64
inline appraisal two_level_model() {
    appraisal m;
    m.context.title = "Test appraisal";
    m.context.organisation = "Test council";
    m.context.service = "Children's social care";
    m.criteria = {
        make_criterion("A", "", 60.0),
        make_criterion("A1", "A", 3.0),
        make_criterion("A2", "A", 1.0),
        make_criterion("B", "", 40.0),
        make_criterion("B1", "B", 1.0),
        make_criterion("B2", "B", 1.0, direction::lower_is_better),
    };
    m.options = {
        make_option("O1", {{"A1", 80}, {"A2", 40}, {"B1", 50}, {"B2", 30}}, "in_house"),
        make_option("O2", {{"A1", 60}, {"A2", 100}, {"B1", 90}, {"B2", 10}}),
        make_option("O3", {{"A1", 100}, {"A2", 20}, {"B1", 40}, {"B2", 60}}, "strategic_partnership"),
    };
    m.options[0].business_as_usual = true;
    return m;
}

/// Adds a weight question on the top level (A, B) answered by the given groups:
/// {group id, influence, swing A, swing B}.
struct group_answer {
    std::string group;
    double influence;
    double swing_a, swing_b;
};

inline void add_top_level_answers(appraisal& m, const std::vector<group_answer>& answers) {
    service_function f;
    f.id = "F1";
    f.name = "Keep children safe";
    question q;
    q.id = "Q1";
    q.text = "How much more does the swing on A matter than the swing on B?";
    q.kind = question_kind::weight;
    q.criteria = {"A", "B"};
    for (const auto& a : answers) {
        stakeholder_group g;
        g.id = a.group;
        g.name = "Group " + a.group;
        g.influence = a.influence;
        m.groups.push_back(g);
        answer ans;
        ans.group = a.group;
        ans.by = "Workshop";
        ans.text = "Swing weights";
        ans.swing = {{"A", a.swing_a}, {"B", a.swing_b}};
        q.answers.push_back(ans);
    }
    f.questions.push_back(q);
    m.functions.push_back(f);
}

}  // namespace adva::testing
