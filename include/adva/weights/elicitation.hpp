#pragma once
// Swing weights from elicited answers (docs/elicitation.md). An answer to a weight question whose
// method is not "swing" carries judgements; these functions check them, derive the swings (the most
// important criterion 100, as a typed swing answer has it) and what the elicitation found (the AHP
// consistency ratios), and refuse a recorded figure that the judgements do not give. Reading a model
// calls derive_elicited_weights(); a program that builds answers in C++ calls it before validate().
// Needs adva::lp.
#include <string>

#include "adva/error_sink.hpp"
#include "adva/model/appraisal.hpp"

namespace adva {

/// The most judges one AHP answer may have, and the most criteria one AHP question may link (the
/// random-index tables end at 15).
inline constexpr std::size_t max_ahp_judges = 1000;
inline constexpr std::size_t max_ahp_criteria = 15;

/// A recorded swing (or consistency ratio) agrees with the derived one when they differ by at most
/// this, relative to the largest swing (100) or absolutely for a ratio.
inline constexpr double elicitation_record_tolerance = 1e-9;

/// Checks and derives one answer `a` to question `q`; `where` is the answer's pointer. A swing
/// answer is left as it is (it may carry no judgements). A recorded swing or elicitation record that
/// agrees with the derived one is kept as written, to the last bit (so the framing digest taken at
/// lock does not move with another build's rounding); what is not recorded is filled in. Rules broken
/// go to `sink`, and the answer is then left unchanged.
void derive_elicited_answer(const question& q, answer& a, const std::string& where, error_sink& sink);

/// derive_elicited_answer() on every answer of the model.
void derive_elicited_weights(appraisal& model, error_sink& sink);

}  // namespace adva
