#pragma once
// The one error family of adva. Every error carries a stable id (for programs and tests), the place
// it concerns (a JSON pointer such as /options/3/scores/C7, or an API argument name), the rule that
// was broken and the value seen. what() reads:
//   [adva.model.unknown_id] /options/3/scores/C7: score refers to an unknown criterion (seen: "C7")
// An error read from a file also carries the line and column of the offending value, and what()
// starts with them as compilers and editors expect:
//   my_model.json:412:17: [adva.model.unknown_id] /options/3/scores/C7: score refers to ...

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace adva {

/// Where in a source text an error lies: the file ("<stdin>" for standard input; empty for text
/// that came from no file), and the line and column (from 1; a column counts bytes, as the JSON
/// syntax errors do). line == 0: not known. what() shows it when the file is named.
struct source_position {
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;
};

class error : public std::runtime_error {
public:
    error(std::string id, std::string where, std::string rule, std::string seen = {}, source_position at = {})
        : std::runtime_error(format(id, where, rule, seen, at)),
          id_(std::move(id)), where_(std::move(where)), rule_(std::move(rule)), seen_(std::move(seen)),
          at_(std::move(at)) {}

    /// Stable identifier such as "adva.model.unknown_id"; never changes between releases.
    const std::string& id() const noexcept { return id_; }
    /// JSON pointer (or argument name) of the offending place; empty when the whole input is concerned.
    const std::string& where() const noexcept { return where_; }
    /// The rule that was broken, in words.
    const std::string& rule() const noexcept { return rule_; }
    /// The value seen, rendered as text (JSON for JSON input); empty when not applicable.
    const std::string& seen() const noexcept { return seen_; }
    /// The line and column in the file read, when the error was found in one (line 0 otherwise).
    const source_position& position() const noexcept { return at_; }

    static std::string format(const std::string& id, const std::string& where, const std::string& rule,
                              const std::string& seen, const source_position& at = {}) {
        std::string s;
        if (at.line > 0 && !at.file.empty())
            s += at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
        s += "[" + id + "] ";
        if (!where.empty()) s += where + ": ";
        s += rule;
        if (!seen.empty()) s += " (seen: " + seen + ")";
        return s;
    }

private:
    std::string id_, where_, rule_, seen_;
    source_position at_;
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
