#pragma once
// What the commands that change a model through the decision record share (cmd_record.cpp): where
// the updated model goes, who and when an entry is made, and writing it once everything is checked.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "adva/io/output.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/model/governance.hpp"
#include "args.hpp"

namespace adva::cli {

/// MODEL itself (updating it is the command's job, no --force needed), --out FILE (another
/// existing file only with --force) or standard output for "-"; never --from (checked now).
std::optional<io::output_target> model_output(const parsed_args& p);

/// Who (--by), when (--at) and the signing key (--sign) of a record entry.
record_request request_from(const parsed_args& p);

/// Records the answers (an elicited answer's swings derived first) in `model`, validates it and
/// writes it (model_output(p)), saying what was recorded and what is still to answer.
void record_answers(const parsed_args& p, appraisal model, std::vector<question_answer>& answers, std::ostream& out);

/// Writes the updated model (all arguments were checked before) and says where.
void write_model(const std::optional<io::output_target>& target, const appraisal& model, std::ostream& out,
                 const std::string& summary);

}  // namespace adva::cli
