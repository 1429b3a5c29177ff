// The embedded children's services model: valid, complete as the issue asks, locked with a
// verified digest, identical to examples/childrens_services.json; and the starter model.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "adva/analysis/appraise.hpp"
#include "adva/io/model_json.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/model/governance.hpp"

namespace {

std::size_t question_count(const adva::appraisal& m) {
    std::size_t n = 0;
    for (const auto& f : m.functions) n += f.questions.size();
    return n;
}

/// The top-level ancestor of a criterion.
const adva::criterion& root_of(const adva::appraisal& m, std::size_t c) {
    while (!m.criteria[c].parent.empty()) c = *m.criterion_index(m.criteria[c].parent);
    return m.criteria[c];
}

}  // namespace

TEST_CASE("the default model is valid, illustrative and locked with a verified digest", "[default]") {
    const adva::appraisal m = adva::io::default_model();
    REQUIRE_NOTHROW(adva::validate(m));
    CHECK(m.illustrative);
    CHECK(m.context.title.find("ILLUSTRATIVE") != std::string::npos);
    CHECK(m.context.horizon_years == 10);
    CHECK(m.context.discount_rate == Approx(0.035));
    CHECK(m.context.currency == "GBP");

    const adva::governance_status g = adva::check_governance(m);
    CHECK(g.locked);
    CHECK(g.digest_matches);
    CHECK(g.state() == "locked");
    CHECK(g.weights_revised_after_scoring == 0);
    CHECK(m.governance.framing_digest == adva::framing_digest(m));
}

TEST_CASE("the default model has the question set of a children's services appraisal", "[default]") {
    const adva::appraisal m = adva::io::default_model();
    CHECK(m.functions.size() == 9);  // eight problems to solve, and the balance between the CSFs
    const std::size_t n = question_count(m);
    CHECK(n >= 16);
    CHECK(n <= 22);

    std::set<adva::question_kind> kinds;
    std::set<std::string> weight_groups;
    for (const auto& f : m.functions)
        for (const auto& q : f.questions) {
            kinds.insert(q.kind);
            CHECK((!q.criteria.empty() || !q.gates.empty()));
            CHECK_FALSE(q.answers.empty());
            for (const auto& a : q.answers) {
                CHECK_FALSE(a.text.empty());
                CHECK_FALSE(a.rationale.empty());
                CHECK_FALSE(a.by.empty());
                if (q.kind == adva::question_kind::weight) {
                    CHECK_FALSE(a.swing.empty());
                    weight_groups.insert(a.group);
                }
            }
        }
    CHECK(kinds.size() == 4);
    CHECK(weight_groups.size() >= 3);
    // The groups must be able to disagree: their weight sets differ.
    const auto sets = adva::group_weights(m);
    REQUIRE(sets.size() >= 3);
    CHECK(sets[0].global != sets[1].global);
}

TEST_CASE("the default value tree has at least 12 leaves under the five critical success factors", "[default]") {
    const adva::appraisal m = adva::io::default_model();
    std::set<std::string> top_csfs;
    for (const auto i : m.children_of("")) top_csfs.insert(m.criteria[i].critical_success_factor);
    CHECK(top_csfs == std::set<std::string>{"strategic_fit", "value_for_money", "supplier_capacity", "affordability",
                                            "achievability"});
    CHECK(m.children_of("").size() == 5);

    std::size_t leaves = 0;
    std::set<adva::value_function_kind> functions;
    for (std::size_t c = 0; c < m.criteria.size(); ++c) {
        if (!m.is_leaf(c)) continue;
        ++leaves;
        const auto& x = m.criteria[c];
        functions.insert(x.value.kind);
        CHECK(x.scale == adva::scale_type::fixed);
        CHECK_FALSE(x.anchor_low.empty());
        CHECK_FALSE(x.anchor_high.empty());
        CHECK(x.critical_success_factor == root_of(m, c).critical_success_factor);
        CHECK_FALSE(x.function.empty());
    }
    CHECK(leaves >= 12);
    CHECK(functions.count(adva::value_function_kind::linear) == 1);
    CHECK(functions.count(adva::value_function_kind::piecewise_linear) == 1);
    CHECK(functions.count(adva::value_function_kind::exponential) == 1);
}

TEST_CASE("the default model has attribute, threshold and one-of gates", "[default]") {
    const adva::appraisal m = adva::io::default_model();
    CHECK(m.gates.size() >= 3);
    bool attribute = false, threshold = false, one_of = false;
    for (const auto& g : m.gates) {
        attribute = attribute || g.kind == adva::gate_kind::attribute;
        threshold = threshold || g.kind == adva::gate_kind::threshold;
        one_of = one_of || g.op == adva::comparison::one_of;
    }
    CHECK(attribute);
    CHECK(threshold);
    CHECK(one_of);
}

TEST_CASE("the default model has the eight vehicle types once each, benchmarks flagged, scores and costs", "[default]") {
    const adva::appraisal m = adva::io::default_model();
    REQUIRE(m.options.size() == 8);
    std::map<std::string, int> vehicles;
    for (const auto& o : m.options) ++vehicles[o.vehicle];
    for (const auto& v : adva::builtin_vehicle_types()) CHECK(vehicles[v.id] == 1);

    std::size_t leaves = 0;
    for (std::size_t c = 0; c < m.criteria.size(); ++c)
        if (m.is_leaf(c)) ++leaves;
    bool uncertain = false;
    for (const auto& o : m.options) {
        INFO("option " << o.id);
        CHECK(o.business_as_usual == (o.vehicle == "in_house"));
        CHECK(o.do_minimum == (o.vehicle == "in_house_improvement"));
        CHECK(o.scores.size() == leaves);
        for (const auto& [leaf, s] : o.scores) {
            INFO("score " << leaf);
            CHECK_FALSE(s.rationale.empty());
            uncertain = uncertain || s.kind != adva::uncertainty::point;
        }
        CHECK_FALSE(o.evidence.empty());
        REQUIRE_FALSE(o.costs.empty());
        CHECK(std::any_of(o.costs.begin(), o.costs.end(), [](const adva::cost_line& c) { return c.kind == adva::cost_kind::recurring; }));
    }
    CHECK(uncertain);
}

TEST_CASE("screening the default model discounts with reasons and keeps the benchmarks flagged", "[default]") {
    const adva::appraisal m = adva::io::default_model();
    const adva::appraisal_result r = adva::appraise(m);
    std::size_t discounted = 0;
    for (const auto& s : r.screening) {
        const auto& o = m.options[*m.option_index(s.option)];
        if (o.is_benchmark()) {
            // In-house options cannot meet the direction's operational independence: kept, flagged.
            CHECK(s.benchmark);
            CHECK(s.shortlisted);
            CHECK(s.flagged);
        }
        if (!s.shortlisted) {
            ++discounted;
            CHECK_FALSE(s.reason.empty());
        }
    }
    CHECK(discounted >= 1);
    CHECK(r.ranking.size() + discounted == m.options.size());
}

TEST_CASE("examples/childrens_services.json is the embedded model", "[default]") {
    const adva::appraisal file = adva::io::load_model(std::string(ADVA_SOURCE_DIR) + "/examples/childrens_services.json");
    CHECK(adva::io::model_to_json(file) == adva::io::model_to_json(adva::io::default_model()));
}

TEST_CASE("the starter model has the default questions and options, no answers and no scores", "[default]") {
    const adva::appraisal d = adva::io::default_model();
    const adva::appraisal s = adva::io::starter_model();
    REQUIRE_NOTHROW(adva::validate(s));
    REQUIRE(s.functions.size() == d.functions.size());
    for (std::size_t f = 0; f < s.functions.size(); ++f) {
        REQUIRE(s.functions[f].questions.size() == d.functions[f].questions.size());
        for (std::size_t q = 0; q < s.functions[f].questions.size(); ++q) {
            CHECK(s.functions[f].questions[q].id == d.functions[f].questions[q].id);
            CHECK(s.functions[f].questions[q].text == d.functions[f].questions[q].text);
            CHECK(s.functions[f].questions[q].answers.empty());
        }
    }
    REQUIRE(s.options.size() == d.options.size());
    for (std::size_t o = 0; o < s.options.size(); ++o) {
        CHECK(s.options[o].id == d.options[o].id);
        CHECK(s.options[o].vehicle == d.options[o].vehicle);
        for (const auto& [criterion, given] : s.options[o].scores)  // only the scores reading derives
            CHECK_FALSE(s.criteria[*s.criterion_index(criterion)].trajectory_measure.empty());
    }
    CHECK(s.criteria.size() == d.criteria.size());
    CHECK(s.gates.size() == d.gates.size());
    CHECK_FALSE(s.has_scores());
    CHECK_FALSE(s.governance.locked);
    CHECK_FALSE(s.has_scores());
}
