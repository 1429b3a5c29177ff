#pragma once
// Shared plumbing of the adva commands: the argument parser with clear usage errors (args.hpp), and
// the guard that turns every exception into one error line and an exit status (0 success; 2 invalid
// input, usage or a step not allowed now; 3 the decision record does not verify; 1 anything else),
// so no exception ever leaves a command.
#include <exception>
#include <ostream>
#include <string>

#include "adva/error.hpp"
#include "adva/fwd.hpp"
#include "args.hpp"

namespace adva::cli {

enum class exit_status : int { success = 0, failure = 1, invalid = 2, integrity = 3 };

/// Runs a command body, turning every exception into "adva: error: <what()>" on err and an exit
/// status: invalid_input (including usage errors and limits) and stage_error 2, integrity_error 3,
/// anything else 1.
template <class Body>
int guarded(std::ostream& err, Body&& body) noexcept {
    try {
        try {
            return body();
        } catch (const invalid_input& e) {
            err << "adva: error: " << e.what() << '\n';
            return int(exit_status::invalid);
        } catch (const stage_error& e) {  // a step not allowed now: locking twice, reopening without a reason
            err << "adva: error: " << e.what() << '\n';
            return int(exit_status::invalid);
        } catch (const integrity_error& e) {
            err << "adva: error: " << e.what() << '\n';
            return int(exit_status::integrity);
        } catch (const std::exception& e) {
            err << "adva: error: " << e.what() << '\n';
            return int(exit_status::failure);
        } catch (...) {
            err << "adva: error: unexpected failure\n";
            return int(exit_status::failure);
        }
    } catch (...) {
        // Writing the error itself failed (closed stream): nothing more can be reported.
        return int(exit_status::failure);
    }
}

/// Checks a --group value against the model's stakeholder groups: empty (no group) or one of them,
/// else adva.cli.unknown_group naming the known ones (cmd_model.cpp).
void check_group(const appraisal& model, const std::string& group, const std::string& command);

}  // namespace adva::cli
