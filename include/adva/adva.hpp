#pragma once
// adva umbrella header: the model and the additive appraisal with its analyses (weights from the
// question set, values, screening, ranking, dominance, value for money, explanations).
// Header-only (target adva::adva) apart from validate(), lock()/reopen(), framing_digest() and
// check_governance(), compiled into adva::core, and the potential-optimality LP of dominance(),
// compiled into adva::lp: link adva::core and adva::lp to call appraise(). Including this header
// pulls in neither the LP solver nor the JSON library.
//
// Left out on purpose (include them yourself when you need them):
//   adva/io/model_json.hpp        the JSON model format (pulls in nlohmann/json; defined in adva::io)
//   adva/methods/methods.hpp      aggregation methods on a bare decision matrix (WSM, WPM, TOPSIS,
//                                 VIKOR, PROMETHEE), independent of the model
//   adva/weights/weights.hpp      weighting methods on a bare matrix or pairwise comparisons
//                                 (direct, surrogate, AHP, entropy, CRITIC)
//   adva/analysis/smaa.hpp        SMAA-2 robustness analysis (parallel, TBB), separate from appraise()
//   adva/fwd.hpp                  forward declarations only
#include "adva/error.hpp"

#include "adva/model/appraisal.hpp"
#include "adva/model/context.hpp"
#include "adva/model/criteria.hpp"
#include "adva/model/gates.hpp"
#include "adva/model/governance.hpp"
#include "adva/model/options.hpp"
#include "adva/model/questions.hpp"

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/dominance.hpp"
#include "adva/analysis/explain.hpp"
#include "adva/analysis/model_weights.hpp"
#include "adva/analysis/results.hpp"
#include "adva/analysis/screening.hpp"
#include "adva/analysis/value_for_money.hpp"
#include "adva/analysis/values.hpp"
