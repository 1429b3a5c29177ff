// The embedded children's services model (examples/childrens_services.json, compiled in by CMake)
// and the starter model `adva init` writes.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "adva/analysis/trajectory.hpp"
#include "adva/io/model_json.hpp"

namespace adva::detail {
std::string_view default_model_json();  // generated/default_model_text.cpp
}  // namespace adva::detail

namespace adva::io {

appraisal default_model() { return parse_model(adva::detail::default_model_json()); }

namespace {

template <class T>
T& by_id(std::vector<T>& items, std::string_view id) {
    const auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
    if (it == items.end()) throw std::logic_error("the default model has no '" + std::string(id) + "'");
    return *it;
}

question& question_by_id(appraisal& m, std::string_view id) {
    for (auto& f : m.functions)
        for (auto& q : f.questions)
            if (q.id == id) return q;
    throw std::logic_error("the default model has no question '" + std::string(id) + "'");
}

// The default framing reworded for a council that reviews its options of its own accord.
void without_direction(appraisal& m) {
    m.context.trigger =
        "The council is reviewing, on its own initiative, how its children's social care is delivered; "
        "there is no statutory direction.";
    std::erase_if(m.groups, [](const stakeholder_group& g) { return g.id == "commissioner"; });
    by_id(m.attributes, "operational_independence").description = "Day-to-day operation is at arm's length from the council.";
    criterion& fit = by_id(m.criteria, "SF");
    fit.description = "Fit with the improvement plan and the council's duties.";
    fit.anchor_low = "Does nothing for the problems the improvement plan names";
    fit.anchor_high = "Addresses every problem the improvement plan names";
    by_id(m.criteria, "SF_improvement").description = "Practice improves quickly enough to protect children now and satisfy Ofsted.";

    question& independence = question_by_id(m, "Q7");
    independence.answers = {{.group = "officers",
                             .by = "adva init --trigger voluntary",
                             .text = "No: there is no statutory direction.",
                             .rationale = "Only a direction imposes operational independence; the council may still "
                                          "weigh independence through the criteria.",
                             .applies = false}};
    question& routes = question_by_id(m, "Q18");
    routes.text = "Which procurement routes are lawful and available within the council's timetable?";
    routes.guidance = "Public Contracts Regulations 2015 reg. 12 (Teckal) / Procurement Act 2023 Sch. 2 (vertical "
                      "arrangements), or public-public cooperation.";
    by_id(m.gates, "G3").description = "Options below 30 on achievability cannot be delivered within the council's timetable.";
    gate& lawful = by_id(m.gates, "G4");
    lawful.description = "Direct award must be lawful (Teckal / vertical arrangement or public-public cooperation) within the timetable.";
    std::erase_if(lawful.values, [](const attribute_value& v) {
        return v == attribute_value(std::string("secretary_of_state_direction"));
    });
    option& trust = by_id(m.options, "O6");
    trust.name = "Independent trust";
    trust.description = "An independent not-for-profit trust set up by the council and contracted by it; how the contract "
                        "is awarded is for the council to establish.";
    trust.attributes.erase("procurement_route");
}

}  // namespace

appraisal starter_model(appraisal_trigger trigger) {
    appraisal m = default_model();
    // The default question set, criteria tree, gates and options as a blank framing: nothing of the
    // illustrative council is kept (title, trigger, flag), no answers, no direct weights (weights
    // come from the groups' answers), no scores, costs or benefits, the Green Book's economic
    // conventions without the council's own optimism-bias rows or budget, the record empty.
    m.illustrative = false;
    m.context.title.clear();
    m.context.organisation.clear();
    m.context.trigger.clear();
    for (auto& f : m.functions)
        for (auto& q : f.questions) q.answers.clear();
    for (auto& c : m.criteria) c.weight.reset();
    for (auto& o : m.options) {
        o.scores.clear();
        o.costs.clear();
        o.benefits.clear();
        o.evidence.clear();
    }
    m.economics = {};
    m.governance = {};
    if (trigger == appraisal_trigger::voluntary) without_direction(m);
    else
        m.context.trigger = "A statutory direction (Education Act 1996 s497A) requires the council to consider an "
                            "alternative delivery arrangement and to report on the options.";
    derive_trajectory_scores(m);  // computed, never given: as when any model is read
    return m;
}

}  // namespace adva::io
