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
int run_explain(const args& a, std::ostream& out, std::ostream& err);
int run_evaluate(const args& a, std::ostream& out, std::ostream& err);  // decision-matrix mode
int run_weights(const args& a, std::ostream& out, std::ostream& err);   // weighting alone

}  // namespace adva::cli
