#pragma once
// Each `adva <command>` is one function: arguments after the command name, output and error
// streams. Returns the process exit status: 0 success, 2 invalid input or usage, 1 anything else.
#include <iosfwd>
#include <string>
#include <vector>

namespace adva::cli {

using args = std::vector<std::string>;

int run_appraise(const args& a, std::ostream& out, std::ostream& err);
int run_questions(const args& a, std::ostream& out, std::ostream& err);
int run_validate(const args& a, std::ostream& out, std::ostream& err);
int run_init(const args& a, std::ostream& out, std::ostream& err);
int run_answer(const args& a, std::ostream& out, std::ostream& err);   // answers to the question set (cmd_answer.cpp)
int run_elicit(const args& a, std::ostream& out, std::ostream& err);   // an elicitation session for one answer (cmd_elicit.cpp)
int run_explain(const args& a, std::ostream& out, std::ostream& err);
int run_report(const args& a, std::ostream& out, std::ostream& err);   // the decision report (HTML)
int run_lock(const args& a, std::ostream& out, std::ostream& err);     // freeze the framing (digest)
int run_reopen(const args& a, std::ostream& out, std::ostream& err);   // release it, with a reason
int run_score(const args& a, std::ostream& out, std::ostream& err);    // a score change on the record
int run_verify(const args& a, std::ostream& out, std::ostream& err);   // check the decision record
int run_evaluate(const args& a, std::ostream& out, std::ostream& err);  // decision-matrix mode
int run_weights(const args& a, std::ostream& out, std::ostream& err);   // weighting alone
int run_sensitivity(const args& a, std::ostream& out, std::ostream& err);  // robustness (cmd_robustness.cpp)
int run_what_if(const args& a, std::ostream& out, std::ostream& err);
int run_smaa(const args& a, std::ostream& out, std::ostream& err);
int run_compare(const args& a, std::ostream& out, std::ostream& err);
int run_batch(const args& a, std::ostream& out, std::ostream& err);    // scenario batches (cmd_batch.cpp)
int run_criteria(const args& a, std::ostream& out, std::ostream& err);  // scoring (cmd_scoring.cpp)
int run_scoresheet(const args& a, std::ostream& out, std::ostream& err);
int run_import_scores(const args& a, std::ostream& out, std::ostream& err);
int run_economics(const args& a, std::ostream& out, std::ostream& err);  // the economic case (cmd_economics.cpp)
int run_trajectory(const args& a, std::ostream& out, std::ostream& err);  // improvement over time (cmd_trajectory.cpp)

}  // namespace adva::cli
