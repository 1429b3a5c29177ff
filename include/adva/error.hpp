#pragma once
// The one error family of adva. Every error carries a stable id (for programs and tests), the place
// it concerns (a JSON pointer such as /options/3/scores/C7, or an API argument name), the rule that
// was broken and the value seen. what() reads:
//   [adva.model.unknown_id] /options/3/scores/C7: score refers to an unknown criterion (seen: "C7")

#include <stdexcept>
#include <string>
#include <utility>

namespace adva {

class error : public std::runtime_error {
public:
    error(std::string id, std::string where, std::string rule, std::string seen = {})
        : std::runtime_error(format(id, where, rule, seen)),
          id_(std::move(id)), where_(std::move(where)), rule_(std::move(rule)), seen_(std::move(seen)) {}

    /// Stable identifier such as "adva.model.unknown_id"; never changes between releases.
    const std::string& id() const noexcept { return id_; }
    /// JSON pointer (or argument name) of the offending place; empty when the whole input is concerned.
    const std::string& where() const noexcept { return where_; }
    /// The rule that was broken, in words.
    const std::string& rule() const noexcept { return rule_; }
    /// The value seen, rendered as text (JSON for JSON input); empty when not applicable.
    const std::string& seen() const noexcept { return seen_; }

    static std::string format(const std::string& id, const std::string& where, const std::string& rule,
                              const std::string& seen) {
        std::string s = "[" + id + "] ";
        if (!where.empty()) s += where + ": ";
        s += rule;
        if (!seen.empty()) s += " (seen: " + seen + ")";
        return s;
    }

private:
    std::string id_, where_, rule_, seen_;
};

/// Bad input from the user: a model, a matrix, an option or an argument that breaks a rule.
/// The CLI exits with status 2 for these; Python receives a ValueError subclass.
class invalid_input : public error {
public:
    using error::error;
};

/// Input that is well formed but exceeds a safety bound (size, nesting depth, counts).
class limit_exceeded : public invalid_input {
public:
    using invalid_input::invalid_input;
};

/// An operation not allowed in the appraisal's current stage (e.g. locking twice, reopening
/// without a reason).
class stage_error : public error {
public:
    using error::error;
};

/// The decision record does not verify: the framing changed after lock, the audit chain is broken,
/// a published digest or signature does not match (adva/model/governance.hpp). The CLI exits with
/// status 3 for these; Python receives adva.IntegrityError.
class integrity_error : public error {
public:
    using error::error;
};

/// A computation could not be carried out (e.g. a solver failure); not the user's input.
class computation_error : public error {
public:
    using error::error;
};

}  // namespace adva
