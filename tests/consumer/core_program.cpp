// adva::core alone: validation and the decision record (lock, framing digest, governance status).
// Links no LP solver (run.sh checks the link command).
#include <adva/error.hpp>
#include <adva/model/appraisal.hpp>
#include <adva/model/governance.hpp>

#include <iostream>

int main() {
    adva::appraisal model;
    model.criteria = {{.id = "quality", .weight = 100}, {.id = "cost", .weight = 60}};
    model.functions = {{.id = "F1", .questions = {{.id = "Q1", .kind = adva::question_kind::weight, .criteria = {"quality", "cost"}}}}};
    adva::validate(model);
    adva::lock(model, {.by = "Programme board", .at = "2026-01-01T00:00:00Z", .direct_weights = true});
    const adva::governance_status status = adva::check_governance(model);
    std::cout << "core: " << status.state() << ", digest " << status.recorded_digest.substr(0, 12) << "\n";
    try {
        model.criteria.front().weight = -1;
        adva::validate(model);
        return 1;
    } catch (const adva::invalid_input& e) {
        std::cout << "core: " << e.what() << "\n";
    }
    return status.state() == "locked" && status.recorded_digest.size() == 64 ? 0 : 1;
}
