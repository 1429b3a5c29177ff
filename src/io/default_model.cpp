// The embedded children's services model (examples/childrens_services.json, compiled in by CMake)
// and the starter model `adva init` writes.
#include <string_view>

#include "adva/io/model_json.hpp"

namespace adva::detail {
extern const std::string_view default_model_json;
}  // namespace adva::detail

namespace adva::io {

appraisal default_model() { return parse_model(adva::detail::default_model_json); }

appraisal starter_model() {
    appraisal m = default_model();
    // Same question set, criteria, gates and options; nothing answered, scored or costed yet, and
    // the framing open.
    for (auto& f : m.functions)
        for (auto& q : f.questions) q.answers.clear();
    for (auto& o : m.options) {
        o.scores.clear();
        o.costs.clear();
    }
    m.governance = {};
    return m;
}

}  // namespace adva::io
