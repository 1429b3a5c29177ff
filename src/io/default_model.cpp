// The embedded children's services model (examples/childrens_services.json, compiled in by CMake)
// and the starter model `adva init` writes.
#include <string_view>

#include "adva/io/model_json.hpp"

namespace adva::detail {
std::string_view default_model_json();  // generated/default_model_text.cpp
}  // namespace adva::detail

namespace adva::io {

appraisal default_model() { return parse_model(adva::detail::default_model_json()); }

appraisal starter_model() {
    appraisal m = default_model();
    // The default question set, criteria tree, gates and options as a blank framing: nothing of the
    // illustrative council is kept (title, trigger, flag), no answers, no direct weights (weights
    // come from the groups' answers), no scores or costs, the record empty.
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
        o.evidence.clear();
    }
    m.governance = {};
    return m;
}

}  // namespace adva::io
