#pragma once
// Shared declarations of the adva._core extension: one register_<area>() per area (module.cpp
// calls them in order) and small conversion helpers used by several areas.
#include <string>
#include <string_view>

#include <nanobind/nanobind.h>
#include <nlohmann/json.hpp>

#include "adva/analysis/results.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/model/governance.hpp"

namespace adva::python {

namespace nb = nanobind;

void register_model(nb::module_& m);
void register_appraisal(nb::module_& m);
void register_methods(nb::module_& m);
void register_robustness(nb::module_& m);
void register_elicitation(nb::module_& m);
void register_batch(nb::module_& m);
void register_trajectory(nb::module_& m);

/// The model (as appraised), the options used and the result, kept together: reports and the
/// robustness analyses need all three. Bound as adva._core.AppraisalResult.
struct appraisal_outcome {
    appraisal model;
    appraise_options options;
    appraisal_result result;
};

/// A governance status as the dict of Model.governance and AppraisalResult.governance (every field
/// of adva::governance_status, findings as {kind, where, message, severity}, and the status text).
nb::dict governance_dict(const governance_status& status);

/// Releases the GIL for its lifetime when `on` (large inputs), else does nothing. A plain
/// PyThreadState pointer rather than std::optional<gil_scoped_release>, whose destructor GCC 12
/// flags as maybe-uninitialised at -O3.
class gil_release_if {
public:
    explicit gil_release_if(bool on) : state_(on ? PyEval_SaveThread() : nullptr) {}
    ~gil_release_if() {
        if (state_ != nullptr) PyEval_RestoreThread(state_);
    }
    gil_release_if(const gil_release_if&) = delete;
    gil_release_if& operator=(const gil_release_if&) = delete;

private:
    PyThreadState* state_;
};

/// JSON text from Python (the pure-Python layer writes it with adva._args.json_text) ->
/// nlohmann::json through the strict, bounded reader of model files: one place validates JSON.
/// `where` (the document's own pointer, e.g. "/weighting") prefixes the pointers of its errors.
nlohmann::json parse_json_argument(std::string_view text, const std::string& where);

}  // namespace adva::python
