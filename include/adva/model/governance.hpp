#pragma once
// The function-before-form guard. Framing (context, groups, functions and questions with their
// answers, criteria, attributes, gates) is locked before options are scored: lock() records the
// SHA-256 digest of the canonical framing. Changing the framing afterwards needs reopen() with a
// reason, which is an audit entry; results report the lock state, whether the framing still
// matches its digest and how many times weights were revised after scoring.
//
// Definitions live in adva::core (with the canonical JSON writer and libcrypto).
#include <string>
#include <vector>

namespace adva {

struct appraisal;

struct audit_entry {
    std::string action;        ///< "lock" or "reopen"
    std::string at;            ///< UTC timestamp, ISO 8601
    std::string by;
    std::string reason;        ///< required for reopen
    std::string digest;        ///< lock: the digest recorded; reopen: the digest being released
    bool after_scoring = false;  ///< reopen: options already had scores

    friend bool operator==(const audit_entry&, const audit_entry&) = default;
};

struct governance {
    bool locked = false;
    std::string framing_digest;     ///< SHA-256 (hex) recorded by the last lock
    std::vector<audit_entry> audit;

    friend bool operator==(const governance&, const governance&) = default;
};

/// The lock state as every result reports it.
struct governance_status {
    bool locked = false;
    bool digest_matches = false;           ///< locked and the framing equals its recorded digest
    std::string recorded_digest;
    std::string current_digest;
    int weights_revised_after_scoring = 0; ///< reopenings while options had scores
    bool scored_before_lock = false;       ///< options carry scores but the framing is not locked
    std::vector<std::string> warnings;     ///< e.g. relative scales with locked weights
    /// "locked", "unlocked" or "modified after lock".
    std::string state() const {
        if (!locked) return "unlocked";
        return digest_matches ? "locked" : "modified after lock";
    }
};

/// SHA-256 (lowercase hex) of the canonical JSON of the framing.
std::string framing_digest(const appraisal& model);
/// Validates the model, records the framing digest and a "lock" audit entry.
/// Throws stage_error if already locked; invalid_input if the model is invalid.
void lock(appraisal& model, const std::string& by = {}, const std::string& at = {});
/// Releases the lock for a framing change; reason must be non-empty. Throws stage_error otherwise.
void reopen(appraisal& model, const std::string& reason, const std::string& by = {}, const std::string& at = {});
governance_status check_governance(const appraisal& model);

}  // namespace adva
