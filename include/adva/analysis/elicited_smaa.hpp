#pragma once
// SMAA on the weights a stakeholder group actually gave (docs/elicitation.md, "SMAA on elicited
// weights"). Under each parent of the value tree, the group's answers to weight questions on its
// children bound the local weights to a polytope, read by one rule per method:
//   swing    the stated swings fix the ratios of the weights they name (equalities)
//   ahp      each pair's ratio w_i/w_j lies within the span, over the judges, of the direct
//            judgement r_ij and the indirect ones r_ik·r_kj through every third criterion k, and of
//            the derived priorities' ratio (so the derived weights are always inside; a consistent
//            panel spans one value per pair, which fixes the weights)
//   macbeth  each weight within its range (the LP-MACBETH range recorded with the answer) and the
//            order the judgements state (a tie as an equality)
//   paprika  each weight within its range (recorded with the answer)
// Ranges are of the weights normalised over the question's criteria, so a question on some of the
// siblings bounds their shares. The polytope is sampled uniformly by hit-and-run from its Chebyshev
// centre, within SMAA's own Philox streams: results are the same bits on any thread count.
// A parent on which the group said nothing keeps uniform local weights. Needs adva::lp.
#include <string>
#include <vector>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/model_smaa.hpp"
#include "adva/error.hpp"
#include "adva/model/appraisal.hpp"

namespace adva {

/// The weights of a model's SMAA by name: "uniform" (false: uniform within each parent) or
/// "elicited" (true); invalid_input adva.smaa.weights at `where` for any other name.
inline bool elicited_weights_named(const std::string& name, const std::string& where) {
    if (name != "uniform" && name != "elicited")
        throw invalid_input("adva.smaa.weights", where, "the weights are uniform or elicited", "\"" + name + "\"");
    return name == "elicited";
}

/// The group whose answers bound the weights: `group` when given (it must be declared); else the
/// consensus rule's lead group, else the one group that answered weight questions. Throws
/// invalid_input adva.smaa.unknown_group or adva.smaa.group (several groups answered: name one).
std::string elicited_weights_group(const appraisal& model, const std::string& group);

/// The polytopes of `group`'s answers (see the top of this file) as SMAA's known parents of the
/// weight tree model_smaa_problem() built for r, with their description (r.elicited). The group's
/// own weights lie in every polytope; one that rounding leaves flat is held at them (and says so).
void use_elicited_weights(model_smaa_result& r, const appraisal& model, const std::string& group);

/// SMAA-2 of the short list with `group`'s elicited weights (elicited_weights_group() picks the
/// group when it is ""). Needs adva::core (appraise) as well.
inline model_smaa_result model_smaa_elicited(const appraisal& model, const std::string& group, const smaa_options& options = {},
                                             const appraise_options& appraisal_options = {}) {
    const std::string who = elicited_weights_group(model, group);
    auto out = model_smaa_problem(model, appraise(model, appraisal_options), appraisal_options.relative_scale_basis);
    use_elicited_weights(out, model, who);
    run_model_smaa(out, options);
    return out;
}

}  // namespace adva
