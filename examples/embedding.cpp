// Embedding adva in C++: build a small appraisal in code, lock its framing, score the options on
// the record, appraise and explain. Compiled and run by `make test`, and shown verbatim in the README.
#include <adva/adva.hpp>

#include <iostream>

int main() {
    adva::appraisal model;
    model.context.title = "Children's services: in-house or trust?";
    model.context.service = "Children's social care";

    // Framing first: two criteria on fixed 0–100 scales, a must-have, the options on the long list,
    // and the programme board's answer that sets the weights.
    model.groups = {{.id = "board", .name = "Programme board"}};
    model.criteria = {
        {.id = "quality", .name = "Quality of practice", .anchor_low = "inadequate", .anchor_high = "outstanding"},
        {.id = "cost", .name = "Affordability", .anchor_low = "unaffordable", .anchor_high = "within budget"},
    };
    model.attributes = {{.id = "statutory_accountability", .name = "DCS keeps statutory accountability",
                         .type = adva::attribute_type::boolean}};
    model.gates = {{.id = "accountable", .name = "Statutory accountability retained",
                    .attribute = "statutory_accountability", .values = {true}}};
    model.functions = {{.id = "F1", .name = "Keep children safe",
                        .questions = {{.id = "Q1", .text = "How much more does quality matter than cost?",
                                       .kind = adva::question_kind::weight, .criteria = {"quality", "cost"},
                                       .answers = {{.group = "board", .swing = {{"quality", 100}, {"cost", 60}}}}},
                                      {.id = "Q2", .text = "Who must stay accountable?",
                                       .kind = adva::question_kind::gate, .gates = {"accountable"}}}}};
    model.options = {
        {.id = "in_house", .name = "In-house", .vehicle = "in_house",
         .attributes = {{"statutory_accountability", true}}, .business_as_usual = true},
        {.id = "trust", .name = "Independent trust", .vehicle = "independent_trust",
         .attributes = {{"statutory_accountability", true}}},
    };
    adva::lock(model, "Programme board");

    // Then the scores, on the record (old -> new, who, when, why) against the locked framing.
    adva::record_scores(model,
                        {{"in_house", "quality", {.value = 40}}, {"in_house", "cost", {.value = 80}},
                         {"trust", "quality", {.value = 75}}, {"trust", "cost", {.value = 45}}},
                        "Scoring workshop", {.by = "Programme board"});

    const adva::appraisal_result result = adva::appraise(model);
    for (const auto& r : result.ranking)
        std::cout << r.rank << ". " << r.option << "  " << r.total << "\n";
    const adva::explanation why = result.explain("trust", "in_house");
    std::cout << "trust - in_house = " << why.gap << " points; largest: " << why.lines.front().criterion << "\n";
    std::cout << "framing: " << result.governance.state() << "\n";
    return result.ranking.front().option == "trust" ? 0 : 1;
}
